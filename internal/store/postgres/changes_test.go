package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// TestChangeLog checks the log's contract: changes follow the revision one
// by one, are read back in order from any revision, and a gap (an Update
// that logged nothing) or a revision out of turn is reported.
func TestChangeLog(t *testing.T) {
	t.Parallel()
	db := connect(t).open(t)
	defer db.Close()
	ctx := t.Context()
	appendAt := func(revs ...int64) error {
		return db.Update(ctx, func(ctx context.Context, tx store.Tx) error {
			var cs []store.Change
			for _, r := range revs {
				cs = append(cs, store.Change{Revision: r, Data: []byte{byte(r)}})
			}
			return tx.AppendChanges(ctx, cs)
		})
	}
	if err := appendAt(1, 2); err != nil {
		t.Fatal(err)
	}
	if err := appendAt(3); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		after       int64
		limit       int
		want        []int64
		noChangeLog bool
	}{
		{"all", 0, 0, []int64{1, 2, 3}, false},
		{"from the middle", 1, 0, []int64{2, 3}, false},
		{"limited", 0, 2, []int64{1, 2}, false},
		{"caught up", 3, 0, nil, false},
	}
	for _, tt := range tests {
		got, err := db.ChangesAfter(ctx, tt.after, tt.limit)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var revs []int64
		for _, c := range got {
			revs = append(revs, c.Revision)
			if len(c.Data) != 1 || int64(c.Data[0]) != c.Revision || c.Time.IsZero() {
				t.Errorf("%s: change %+v", tt.name, c)
			}
		}
		if len(revs) != len(tt.want) || len(revs) > 0 && revs[0] != tt.want[0] || len(revs) > 0 && revs[len(revs)-1] != tt.want[len(tt.want)-1] {
			t.Errorf("%s: revisions %v, want %v", tt.name, revs, tt.want)
		}
	}
	// Out of turn: refused, nothing committed.
	if err := appendAt(5); err == nil {
		t.Fatal("a change out of turn was logged")
	}
	// An Update that logs nothing leaves a gap the log reports.
	if err := db.Update(ctx, func(ctx context.Context, tx store.Tx) error { return tx.PutSetting(ctx, "k", "v") }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ChangesAfter(ctx, 3, 0); !errors.Is(err, store.ErrNoChangeLog) {
		t.Errorf("after a gap: %v, want ErrNoChangeLog", err)
	}
	if err := db.Update(ctx, func(ctx context.Context, tx store.Tx) error {
		rev, err := tx.Revision(ctx)
		if err == nil && rev != 4 {
			t.Errorf("revision %d inside an Update, want 4", rev)
		}
		if _, err := tx.ChangesAfter(ctx, 0); err != nil {
			t.Errorf("the log inside an Update: %v", err)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// TestWatch checks that a watcher hears of a commit by another connection,
// and that it listens again after its connection is cut, saying so.
func TestWatch(t *testing.T) {
	t.Parallel()
	srv := connect(t)
	db := srv.open(t)
	defer db.Close()
	other := srv.open(t)
	defer other.Close()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	ticks := db.Watch(ctx)
	wait := func(what string) {
		t.Helper()
		select {
		case <-ticks:
		case <-time.After(10 * time.Second):
			t.Fatalf("no tick %s", what)
		}
	}
	wait("once listening")
	if err := other.Update(ctx, func(ctx context.Context, tx store.Tx) error {
		return tx.AppendChanges(ctx, []store.Change{{Revision: 1, Data: []byte("x")}})
	}); err != nil {
		t.Fatal(err)
	}
	wait("after a commit")
	// Cut every listening connection of this database: the watcher's
	// (others reconnect as well).
	if _, err := srv.admin.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN `+changeChannel+`' AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	wait("after the connection was cut")
	cancel()
	for range ticks {
	}
}
