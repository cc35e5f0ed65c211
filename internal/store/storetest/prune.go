package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/chatgov/chatgov/internal/store"
)

// prune runs PruneCompliance in an Update of its own and returns what it
// deleted.
func prune(t *testing.T, s store.Updater, p store.CompliancePrune) store.PrunedCompliance {
	t.Helper()
	var out store.PrunedCompliance
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		var err error
		out, err = tx.PruneCompliance(ctx, p)
		return err
	})
	return out
}

// keep returns c with only the events of the given IDs and the causes
// named.
func (c Compliance) keep(events []int64, causes []int64) Compliance {
	var out Compliance
	for _, e := range c.Events {
		for _, id := range events {
			if e.ID == id {
				out.Events = append(out.Events, e)
			}
		}
	}
	for _, k := range c.Causes {
		for _, id := range causes {
			if k.ID == id {
				out.Causes = append(out.Causes, k)
			}
		}
	}
	return out
}

// testCompliancePrune checks retention on the fixture (events in ID order:
// 101-103 of cause 10 at 100, 104 and 107 of cause 20 at 200, 110 of
// cause 5 at 150, 111 and 112 of cause 5 at 300): the run from the lowest
// ID stops at the first event that may not go, the limit bounds a call,
// causes go once no event references them, and the newest event and the
// highest cause ID stay, so the last IDs never go down.
func testCompliancePrune(t *testing.T, s suite) {
	st := s.store(t)
	c := complianceFixture()
	seedAll(t, st, fixture(), c)
	// The events a cause's deletion would orphan are checked too: the
	// cause of a remaining event must still join.
	steps := []struct {
		name       string
		p          store.CompliancePrune
		want       store.PrunedCompliance
		events     []int64
		causesLeft []int64
	}{
		{"nothing selected", store.CompliancePrune{Limit: 100}, store.PrunedCompliance{},
			[]int64{101, 102, 103, 104, 107, 110, 111, 112}, []int64{5, 10, 20}},
		{"by age, with its cause", store.CompliancePrune{Before: at(200), Limit: 100}, store.PrunedCompliance{Events: 3, Causes: 1},
			[]int64{104, 107, 110, 111, 112}, []int64{5, 20}},
		// 110 is old, but 104 before it is not: the run stops at 104.
		{"the run stops at a newer event", store.CompliancePrune{Before: at(200), Limit: 100}, store.PrunedCompliance{},
			[]int64{104, 107, 110, 111, 112}, []int64{5, 20}},
		// 107 still references cause 20.
		{"by ID, bounded by the limit", store.CompliancePrune{UpToID: 107, Limit: 1}, store.PrunedCompliance{Events: 1},
			[]int64{107, 110, 111, 112}, []int64{5, 20}},
		// Everything may go by ID, but the newest event stays, and so do
		// its cause (5) and the highest cause ID (20), though nothing
		// references it any more.
		{"never the newest", store.CompliancePrune{UpToID: 1 << 40, Before: at(1000), Limit: 100}, store.PrunedCompliance{Events: 3},
			[]int64{112}, []int64{5, 20}},
		{"only the newest left", store.CompliancePrune{UpToID: 1 << 40, Limit: 100}, store.PrunedCompliance{},
			[]int64{112}, []int64{5, 20}},
	}
	for _, step := range steps {
		if got := prune(t, st, step.p); got != step.want {
			t.Errorf("%s: pruned %+v, want %+v", step.name, got, step.want)
		}
		checkCompliance(t, st, c.keep(step.events, step.causesLeft))
	}
	got := load(t, st)
	if got.LastComplianceCauseID != 20 || got.LastComplianceEventID != 112 {
		t.Errorf("last IDs after pruning %d and %d, want 20 and 112", got.LastComplianceCauseID, got.LastComplianceEventID)
	}
	// The history goes on from there.
	next := Compliance{
		Causes: []store.ComplianceCause{{ID: 21, Time: at(400), Operation: "DetachPolicy", CallerARN: "arn:aws:iam::111111111111:root", Detail: "d"}},
		Events: []store.ComplianceEvent{{ID: 113, CauseID: 21, Time: at(400), ConfigurationARN: cfgA1, AccountID: mgmtID,
			Platform: store.PlatformSlack, OldState: "ENABLED", NewState: "DISABLED", Reason: "r"}},
	}
	update(t, st, func(ctx context.Context, tx store.Tx) error { return addCompliance(ctx, tx, next) })
	if got := prune(t, st, store.CompliancePrune{UpToID: 112, Limit: 10}); got != (store.PrunedCompliance{Events: 1, Causes: 1}) {
		t.Errorf("after more events: pruned %+v, want event 112 and cause 5", got)
	}
	checkCompliance(t, st, next)
}

// testCompliancePruneRollback checks that a prune whose Update fails
// deletes nothing, and that a limit below one is an error.
func testCompliancePruneRollback(t *testing.T, s suite) {
	st := s.store(t)
	c := complianceFixture()
	seedAll(t, st, fixture(), c)
	boom := errors.New("boom")
	err := st.Update(t.Context(), func(ctx context.Context, tx store.Tx) error {
		if n, err := tx.PruneCompliance(ctx, store.CompliancePrune{UpToID: 111, Limit: 100}); err != nil || n.Events != 7 {
			t.Errorf("pruned %+v, %v", n, err)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update: %v", err)
	}
	checkCompliance(t, st, c)
	err = st.Update(t.Context(), func(ctx context.Context, tx store.Tx) error {
		_, err := tx.PruneCompliance(ctx, store.CompliancePrune{UpToID: 111})
		return err
	})
	if err == nil {
		t.Error("a prune without a limit succeeded")
	}
	checkCompliance(t, st, c)
	// An empty history has nothing to prune.
	empty := s.store(t)
	if got := prune(t, empty, store.CompliancePrune{UpToID: 10, Limit: 10}); got != (store.PrunedCompliance{}) {
		t.Errorf("empty: %+v", got)
	}
}
