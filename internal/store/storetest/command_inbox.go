package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/store"
)

// testCommandInbox pins the chat command inbox: a key is accepted once
// (done or not, after a restart too), a claim hides what it took until its
// lease ends or it is released, done commands are never claimed, and
// pruning takes the oldest done ones in bounded batches.
func testCommandInbox(t *testing.T, s suite) {
	st := s.store(t)
	ctx := t.Context()
	t0 := time.Date(2026, 5, 1, 10, 0, 0, 123456000, time.UTC)
	cmd := func(key string, due time.Time) store.InboxCommand {
		return store.InboxCommand{Key: key, Kind: "slack-event", Payload: `{"text":"` + key + `"}`, NextAttemptAt: due, CreatedAt: t0}
	}
	for _, c := range []store.InboxCommand{cmd("b", t0), cmd("a", t0), cmd("later", t0.Add(time.Hour))} {
		if err := st.AcceptCommand(ctx, c); err != nil {
			t.Fatalf("AcceptCommand %s: %v", c.Key, err)
		}
	}
	if err := st.AcceptCommand(ctx, cmd("a", t0)); !errors.Is(err, store.ErrConflict) {
		t.Errorf("AcceptCommand of a stored key: %v, want ErrConflict", err)
	}
	lease := t0.Add(time.Minute)
	got, err := st.ClaimCommands(ctx, t0, lease, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.InboxCommand{cmd("a", lease), cmd("b", lease)}
	for i := range want {
		want[i].Stage, want[i].Attempts = store.InboxAccepted, 1
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ClaimCommands (-want +got):\n%s", diff)
	}
	if again, err := st.ClaimCommands(ctx, t0.Add(time.Second), lease, 10); err != nil || len(again) != 0 {
		t.Errorf("a claim within the lease: %+v %v, want none", again, err)
	}
	if err := st.AdvanceCommand(ctx, "a", store.InboxReplying, "the answer", t0); err != nil {
		t.Fatal(err)
	}
	if err := st.AdvanceCommand(ctx, "b", store.InboxDone, "done", t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := st.AdvanceCommand(ctx, "nope", store.InboxDone, "", t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("AdvanceCommand of an unknown key: %v, want ErrNotFound", err)
	}
	if err := st.ReleaseCommand(ctx, "b", t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ReleaseCommand of a done command: %v, want ErrNotFound", err)
	}
	if err := st.ReleaseCommand(ctx, "a", t0.Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}

	// After a restart: a released command is claimed again with its
	// progress; a done one is not, and its key is still taken.
	st.Close()
	st = s.store(t)
	if err := st.AcceptCommand(ctx, cmd("b", t0)); !errors.Is(err, store.ErrConflict) {
		t.Errorf("AcceptCommand of a done key after a restart: %v, want ErrConflict", err)
	}
	got, err = st.ClaimCommands(ctx, t0.Add(2*time.Second), t0.Add(time.Minute), 10)
	if err != nil || len(got) != 1 || got[0].Key != "a" || got[0].Attempts != 2 || got[0].Stage != store.InboxReplying || got[0].Reply != "the answer" {
		t.Errorf("claim after release and restart: %+v %v", got, err)
	}
	if got, _ := st.ClaimCommands(ctx, t0.Add(2*time.Hour), t0.Add(3*time.Hour), 0); len(got) != 0 {
		t.Errorf("a claim of at most 0: %+v", got)
	}

	// Pruning: done before the cut only, oldest first, at most limit.
	for i, k := range []string{"a", "later"} {
		if err := st.AdvanceCommand(ctx, k, store.InboxDone, "", t0.Add(time.Duration(i+2)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := st.PruneCommands(ctx, t0.Add(3*time.Second), 1); err != nil || n != 1 {
		t.Errorf("PruneCommands limit 1: %d %v, want 1", n, err)
	}
	if err := st.AcceptCommand(ctx, cmd("b", t0)); err != nil {
		t.Errorf("AcceptCommand of a pruned key: %v", err)
	}
	if n, err := st.PruneCommands(ctx, t0.Add(3*time.Second), 10); err != nil || n != 1 {
		t.Errorf("PruneCommands: %d %v, want 1 (a)", n, err)
	}
	if err := st.AcceptCommand(ctx, cmd("later", t0)); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a key done after the cut was pruned: %v", err)
	}
}
