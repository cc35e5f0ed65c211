package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/store"
)

// testSlackThreads pins the gateway's Slack threads: a key's first thread
// wins (against a later start, and among starts racing each other, which
// all answer the winner), threads outlive a restart, and pruning takes the
// oldest started before the cut in bounded batches.
func testSlackThreads(t *testing.T, s suite) {
	st := s.store(t)
	ctx := t.Context()
	t0 := time.Date(2026, 5, 1, 10, 0, 0, 123456789, time.UTC)
	thread := func(key, ts string, at time.Time) store.SlackThread {
		return store.SlackThread{Key: key, TS: ts, StartedAt: at}
	}
	if _, err := st.SlackThread(ctx, "T1/C1/deploy-42"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SlackThread of an unknown key: %v, want ErrNotFound", err)
	}
	first := thread("T1/C1/deploy-42", "1700000000.000001", t0)
	stored := first
	stored.StartedAt = t0.Truncate(time.Microsecond)
	tests := []struct {
		name  string
		start store.SlackThread
		want  store.SlackThread
	}{
		{"the first start stores its thread", first, stored},
		{"a later start answers the first", thread(first.Key, "1700000000.000002", t0.Add(time.Second)), stored},
		{"another key is another thread", thread("T1/C2/deploy-42", "1700000000.000003", t0),
			thread("T1/C2/deploy-42", "1700000000.000003", t0.Truncate(time.Microsecond))},
	}
	for _, tt := range tests {
		got, err := st.StartSlackThread(ctx, tt.start)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: StartSlackThread (-want +got):\n%s", tt.name, diff)
		}
		if got, err := st.SlackThread(ctx, tt.start.Key); err != nil || !cmp.Equal(got, tt.want) {
			t.Errorf("%s: SlackThread: %+v %v, want %+v", tt.name, got, err, tt.want)
		}
	}

	// Starts racing for one key all answer the one that won, and it is
	// one of theirs.
	const racers = 8
	answers := make([]store.SlackThread, racers)
	var wg sync.WaitGroup
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			answers[i], err = st.StartSlackThread(ctx, thread("T1/C1/race", fmt.Sprintf("1700000001.%06d", i), t0))
			if err != nil {
				t.Errorf("racer %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	won, err := st.SlackThread(ctx, "T1/C1/race")
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range answers {
		if a != won {
			t.Errorf("racer %d was answered %+v; the stored thread is %+v", i, a, won)
		}
	}

	// After a restart, the threads are still there.
	st.Close()
	st = s.store(t)
	if got, err := st.SlackThread(ctx, first.Key); err != nil || !cmp.Equal(got, stored) {
		t.Errorf("SlackThread after a restart: %+v %v, want %+v", got, err, stored)
	}

	// Pruning: started before the cut only, oldest first, at most limit.
	for i, k := range []string{"old-a", "old-b", "old-c"} {
		if _, err := st.StartSlackThread(ctx, thread(k, "1700000002.000001", t0.Add(-time.Duration(3-i)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	cut := t0.Add(-time.Minute)
	for _, step := range []struct {
		limit, want int
		gone, kept  []string
	}{
		{0, 0, nil, []string{"old-a"}},
		{1, 1, []string{"old-a"}, []string{"old-b", "old-c"}},
		{10, 2, []string{"old-b", "old-c"}, nil},
		{10, 0, nil, nil},
	} {
		n, err := st.PruneSlackThreads(ctx, cut, step.limit)
		if err != nil || n != step.want {
			t.Errorf("PruneSlackThreads(limit %d): %d %v, want %d", step.limit, n, err, step.want)
		}
		for _, k := range step.gone {
			if _, err := st.SlackThread(ctx, k); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s after pruning at most %d: %v, want ErrNotFound", k, step.limit, err)
			}
		}
		for _, k := range step.kept {
			if _, err := st.SlackThread(ctx, k); err != nil {
				t.Errorf("%s after pruning at most %d: %v, want it kept", k, step.limit, err)
			}
		}
	}
	for _, k := range []string{first.Key, "T1/C2/deploy-42", "T1/C1/race"} {
		if _, err := st.SlackThread(ctx, k); err != nil {
			t.Errorf("%s, started after the cut, after pruning: %v", k, err)
		}
	}
}
