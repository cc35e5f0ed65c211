package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// TestLoadReadsLargeTablesInHalves loads enough configurations for two
// connections to read them, with gaps in the rowids and values holding the
// record separator in both halves, and checks that every configuration
// comes back once, whole.
func TestLoadReadsLargeTablesInHalves(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openAt(t, t.TempDir())
	defer db.Close()
	const n = 3 * parallelLoadMin
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	config := func(i int) store.ChatConfiguration {
		c := store.ChatConfiguration{ARN: fmt.Sprintf("arn:aws:chatbot::100000000001:chat-configuration/slack-channel/c%06d", i),
			AccountID: "100000000001", Platform: store.PlatformSlack, Name: fmt.Sprintf("c%06d", i),
			IamRoleARN: "arn:aws:iam::100000000001:role/chat", SnsTopicARNs: []string{}, GuardrailPolicyARNs: []string{},
			SlackTeamID: "T01", SlackChannelID: fmt.Sprintf("C%06d", i), Tags: map[string]string{"i": fmt.Sprint(i)},
			CreatedAt: at.Add(time.Duration(i) * time.Second), UpdatedAt: at}
		if i%5000 == 7 { // in both halves: read again column by column
			c.SlackChannelName = "odd\x1ename"
			c.Tags["sep\x1e"] = "\x1e"
		}
		return c
	}
	if err := db.Update(ctx, func(ctx context.Context, tx store.Tx) error {
		for i := range n {
			if err := tx.PutChatConfiguration(ctx, config(i)); err != nil {
				return err
			}
		}
		// A run of rowids left empty in the lower half.
		for i := 100; i < 2100; i++ {
			if err := tx.DeleteChatConfiguration(ctx, config(i).ARN); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	st, err := db.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(st.ChatConfigurations), n-2000; got != want {
		t.Fatalf("loaded %d configurations, want %d", got, want)
	}
	seen := map[string]bool{}
	for _, c := range st.ChatConfigurations {
		var i int
		if _, err := fmt.Sscanf(c.Name, "c%06d", &i); err != nil {
			t.Fatalf("loaded %+v", c)
		}
		if seen[c.ARN] {
			t.Errorf("%s loaded twice", c.ARN)
		}
		seen[c.ARN] = true
		want := config(i)
		if c.ARN != want.ARN || c.SlackChannelID != want.SlackChannelID || c.SlackChannelName != want.SlackChannelName ||
			len(c.Tags) != len(want.Tags) || c.Tags["i"] != want.Tags["i"] || !c.CreatedAt.Equal(want.CreatedAt) {
			t.Errorf("loaded %+v, want %+v", c, want)
		}
	}
	for i := 100; i < 2100; i++ {
		if seen[config(i).ARN] {
			t.Fatalf("deleted configuration %d loaded", i)
		}
	}
}

// TestSnapshotTxRefusesALaterState checks that the second connection of a
// load is used only when it sees the revision the load began with.
func TestSnapshotTxRefusesALaterState(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openAt(t, t.TempDir())
	defer db.Close()
	var rev int64
	if err := db.r.QueryRowContext(ctx, `SELECT value FROM revision WHERE id = 1`).Scan(&rev); err != nil {
		t.Fatal(err)
	}
	tx, err := db.snapshotTx(ctx, rev)
	if err != nil || tx == nil {
		t.Fatalf("snapshot of the current revision: %v, %v", tx, err)
	}
	tx.Rollback()
	if err := db.Update(ctx, func(ctx context.Context, tx store.Tx) error { return tx.PutSetting(ctx, "k", "v") }); err != nil {
		t.Fatal(err)
	}
	if tx, err := db.snapshotTx(ctx, rev); err != nil || tx != nil {
		t.Errorf("snapshot of revision %d after a write: %v, %v; want none", rev, tx, err)
	}
}
