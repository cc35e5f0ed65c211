package storetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chatgov/chatgov/internal/store"
)

// Compliance is a compliance history: causes, and events in the order they
// are added. store.State holds none of it but the last IDs.
type Compliance struct {
	Causes []store.ComplianceCause
	Events []store.ComplianceEvent
}

// Another account, and configurations the compliance history names; the
// history outlives configurations, so these need not exist.
const (
	otherID = "333333333333"
	cfgA1   = "arn:aws:chatbot::111111111111:chat-configuration/slack-channel/a1"
	cfgA2   = "arn:aws:chatbot::111111111111:chat-configuration/microsoft-teams-channel/a2"
	cfgB1   = "arn:aws:chatbot::222222222222:chat-configuration/slack-channel/b1"
	cfgC1   = "arn:aws:chatbot::333333333333:chat-configuration/chime-webhook/c1"
)

// complianceFixture returns a history whose IDs are neither contiguous nor
// added in order, whose causes' IDs do not follow their events', and whose
// times do not follow the IDs (event 110 is older than 104), so that order,
// joins and time filters each have something to get wrong.
//
//	event cause time        configuration account
//	101   10    at(100)     cfgA1         mgmtID
//	102   10    at(100)     cfgB1         devID
//	103   10    at(100)     cfgC1         otherID
//	104   20    at(200)     cfgA2         mgmtID
//	107   20    at(200)     cfgB1         devID
//	110   5     at(150)     cfgA1         mgmtID
//	111   5     at(300)     cfgC1         otherID
//	112   5     at(300)+1µs cfgA1         mgmtID
func complianceFixture() Compliance {
	ev := func(id, cause int64, tm time.Time, cfg, account, platform, from, to, reason string) store.ComplianceEvent {
		return store.ComplianceEvent{ID: id, CauseID: cause, Time: tm, ConfigurationARN: cfg, AccountID: account,
			Platform: platform, OldState: from, NewState: to, Reason: reason}
	}
	const slack, teams, chime = store.PlatformSlack, store.PlatformTeams, store.PlatformChime
	return Compliance{
		Causes: []store.ComplianceCause{
			{ID: 10, Time: at(100), Operation: "AttachPolicy", CallerARN: "arn:aws:iam::111111111111:root", Detail: "attached p-chat12345678 to r-ab12"},
			{ID: 20, Time: at(200), Operation: "put-slack-channel", CallerARN: "arn:aws:sts::111111111111:assumed-role/Admin/ops", Detail: "made C0456EFGH private"},
			{ID: 5, Time: at(150), Operation: "MoveAccount", CallerARN: "arn:aws:iam::111111111111:root", Detail: "moved 111111111111 to ou-ab12-11111111; \"quoted\"\nline two"},
		},
		Events: []store.ComplianceEvent{
			ev(110, 5, at(150), cfgA1, mgmtID, slack, "ENABLED", "DISABLED", "moved under a policy that denies Slack"),
			ev(101, 10, at(100), cfgA1, mgmtID, slack, "ENABLED", "DISABLED", "Slack is not allowed by p-chat12345678"),
			ev(112, 5, at(300).Add(time.Microsecond), cfgA1, mgmtID, slack, "DISABLED", "ENABLED", ""),
			ev(104, 20, at(200), cfgA2, mgmtID, teams, "ENABLED", "DISABLED", "private channels are not allowed"),
			ev(103, 10, at(100), cfgC1, otherID, chime, "ENABLED", "DISABLED", "Chime is not allowed"),
			ev(102, 10, at(100), cfgB1, devID, slack, "ENABLED", "DISABLED", "Slack is not allowed by p-chat12345678"),
			ev(111, 5, at(300), cfgC1, otherID, chime, "DISABLED", "ENABLED", ""),
			ev(107, 20, at(200), cfgB1, devID, slack, "DISABLED", "ENABLED", ""),
		},
	}
}

// records returns c's events with their causes, in ID order: what
// ComplianceEvents returns for a query that matches everything.
func (c Compliance) records() []store.ComplianceRecord {
	causes := map[int64]store.ComplianceCause{}
	for _, k := range c.Causes {
		causes[k.ID] = k
	}
	out := make([]store.ComplianceRecord, len(c.Events))
	for i, e := range c.Events {
		out[i] = store.ComplianceRecord{ComplianceEvent: e, Cause: causes[e.CauseID]}
	}
	slices.SortFunc(out, func(a, b store.ComplianceRecord) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// lastIDs returns the highest cause and event IDs of c, 0 when none.
func (c Compliance) lastIDs() (cause, event int64) {
	for _, k := range c.Causes {
		cause = max(cause, k.ID)
	}
	for _, e := range c.Events {
		event = max(event, e.ID)
	}
	return cause, event
}

// withLastIDs sets st's last compliance IDs to c's, as Load returns them,
// and returns st.
func withLastIDs(st *store.State, c Compliance) *store.State {
	st.LastComplianceCauseID, st.LastComplianceEventID = c.lastIDs()
	return st
}

// addCompliance adds c's causes one by one, then its events in two calls,
// so that the second call adds to what the first left.
func addCompliance(ctx context.Context, w store.ComplianceWriter, c Compliance) error {
	for _, k := range c.Causes {
		if err := w.AddComplianceCause(ctx, k); err != nil {
			return err
		}
	}
	half := len(c.Events) / 2
	if err := w.AddComplianceEvents(ctx, c.Events[:half]); err != nil {
		return err
	}
	return w.AddComplianceEvents(ctx, c.Events[half:])
}

// seedAll writes st and adds c in one Update.
func seedAll(t *testing.T, s store.Updater, st *store.State, c Compliance) {
	t.Helper()
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := putState(ctx, tx, st); err != nil {
			return err
		}
		return addCompliance(ctx, tx, c)
	})
}

// events runs ComplianceEvents, which must succeed.
func events(t *testing.T, s store.ComplianceReader, q store.ComplianceQuery) []store.ComplianceRecord {
	t.Helper()
	got, err := s.ComplianceEvents(t.Context(), q)
	if err != nil {
		t.Fatalf("ComplianceEvents(%+v): %v", q, err)
	}
	return got
}

// checkCompliance reports how the whole history in s differs from want's.
// Times compare with time.Time.Equal.
func checkCompliance(t *testing.T, s store.ComplianceReader, want Compliance) {
	t.Helper()
	if diff := gocmp.Diff(want.records(), events(t, s, store.ComplianceQuery{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("compliance history (-want +got):\n%s", diff)
	}
}

func ids(rs []store.ComplianceRecord) []int64 {
	out := make([]int64, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// testComplianceQuery checks every filter of ComplianceQuery alone and
// combined, that results are whole records (each event with its own
// cause) in ID order, and that no query changes anything.
func testComplianceQuery(t *testing.T, s suite) {
	st := s.store(t)
	c := complianceFixture()
	seedAll(t, st, &store.State{}, c)
	byID := map[int64]store.ComplianceRecord{}
	for _, r := range c.records() {
		byID[r.ID] = r
	}
	const unknown = "999999999999"
	all := []int64{101, 102, 103, 104, 107, 110, 111, 112}
	tests := []struct {
		name string
		q    store.ComplianceQuery
		want []int64
	}{
		{"Zero", store.ComplianceQuery{}, all},
		{"Account", store.ComplianceQuery{AccountIDs: []string{mgmtID}}, []int64{101, 104, 110, 112}},
		{"Accounts", store.ComplianceQuery{AccountIDs: []string{otherID, devID}}, []int64{102, 103, 107, 111}},
		{"AccountsWithUnknown", store.ComplianceQuery{AccountIDs: []string{unknown, otherID}}, []int64{103, 111}},
		{"AccountRepeated", store.ComplianceQuery{AccountIDs: []string{devID, devID, devID}}, []int64{102, 107}},
		{"AccountUnknown", store.ComplianceQuery{AccountIDs: []string{unknown}}, nil},
		{"AccountPrefix", store.ComplianceQuery{AccountIDs: []string{mgmtID[:11]}}, nil},
		// nil is the zero value and selects all; an empty list is a
		// filter that nothing passes.
		{"AccountsNil", store.ComplianceQuery{AccountIDs: nil}, all},
		{"AccountsEmpty", store.ComplianceQuery{AccountIDs: []string{}}, nil},
		{"AccountsEmptyAndConfiguration", store.ComplianceQuery{AccountIDs: []string{}, ConfigurationARN: cfgA1}, nil},
		{"AccountsEmptyNoLimit", store.ComplianceQuery{AccountIDs: []string{}, Limit: -1}, nil},
		{"Configuration", store.ComplianceQuery{ConfigurationARN: cfgA1}, []int64{101, 110, 112}},
		{"OtherConfiguration", store.ComplianceQuery{ConfigurationARN: cfgB1}, []int64{102, 107}},
		{"ConfigurationUnknown", store.ComplianceQuery{ConfigurationARN: slackCfg}, nil},
		{"ConfigurationPrefix", store.ComplianceQuery{ConfigurationARN: cfgA1[:len(cfgA1)-1]}, nil},
		{"Since", store.ComplianceQuery{Since: at(150)}, []int64{104, 107, 110, 111, 112}},
		{"SinceOtherZone", store.ComplianceQuery{Since: at(150).In(time.FixedZone("UTC-7", -7*3600))}, []int64{104, 107, 110, 111, 112}},
		{"SinceJustAfter", store.ComplianceQuery{Since: at(150).Add(time.Microsecond)}, []int64{104, 107, 111, 112}},
		// Stored times are whole microseconds: 110 is at(150), before
		// at(150)+500ns.
		{"SinceSubMicrosecond", store.ComplianceQuery{Since: at(150).Add(500 * time.Nanosecond)}, []int64{104, 107, 111, 112}},
		{"Until", store.ComplianceQuery{Until: at(200)}, []int64{101, 102, 103, 110}},
		{"UntilJustAfter", store.ComplianceQuery{Until: at(200).Add(time.Microsecond)}, []int64{101, 102, 103, 104, 107, 110}},
		{"UntilSubMicrosecond", store.ComplianceQuery{Until: at(150).Add(500 * time.Nanosecond)}, []int64{101, 102, 103, 110}},
		{"SinceUntil", store.ComplianceQuery{Since: at(150), Until: at(300)}, []int64{104, 107, 110}},
		{"SinceIsUntil", store.ComplianceQuery{Since: at(200), Until: at(200)}, nil},
		{"AfterID", store.ComplianceQuery{AfterID: 104}, []int64{107, 110, 111, 112}},
		{"AfterAbsentID", store.ComplianceQuery{AfterID: 105}, []int64{107, 110, 111, 112}},
		{"AfterLastID", store.ComplianceQuery{AfterID: 112}, nil},
		{"Limit", store.ComplianceQuery{Limit: 3}, []int64{101, 102, 103}},
		{"LimitOne", store.ComplianceQuery{Limit: 1}, []int64{101}},
		{"LimitAboveCount", store.ComplianceQuery{Limit: 100}, all},
		// Limit 0 or negative sets no limit.
		{"LimitNegative", store.ComplianceQuery{Limit: -1}, all},
		{"LimitMostNegative", store.ComplianceQuery{Limit: math.MinInt}, all},
		{"AfterIDLimitNegative", store.ComplianceQuery{AfterID: 104, Limit: -3}, []int64{107, 110, 111, 112}},
		{"AfterIDLimit", store.ComplianceQuery{AfterID: 103, Limit: 2}, []int64{104, 107}},
		// An account and one of its configurations: how chatgov asks for a
		// configuration's history.
		{"AccountAndItsConfiguration", store.ComplianceQuery{AccountIDs: []string{mgmtID}, ConfigurationARN: cfgA1}, []int64{101, 110, 112}},
		{"AccountAndItsConfigurationPage", store.ComplianceQuery{AccountIDs: []string{mgmtID}, ConfigurationARN: cfgA1, AfterID: 101, Limit: 1}, []int64{110}},
		{"AccountAndConfiguration", store.ComplianceQuery{AccountIDs: []string{devID}, ConfigurationARN: cfgA1}, nil},
		{"AccountsAndConfiguration", store.ComplianceQuery{AccountIDs: []string{mgmtID, devID}, ConfigurationARN: cfgB1}, []int64{102, 107}},
		{"AccountSince", store.ComplianceQuery{AccountIDs: []string{mgmtID}, Since: at(150)}, []int64{104, 110, 112}},
		{"AccountUntil", store.ComplianceQuery{AccountIDs: []string{mgmtID}, Until: at(300).Add(time.Microsecond)}, []int64{101, 104, 110}},
		{"ConfigurationSinceUntil", store.ComplianceQuery{ConfigurationARN: cfgA1, Since: at(100), Until: at(300)}, []int64{101, 110}},
		{"ConfigurationAfterIDLimit", store.ComplianceQuery{ConfigurationARN: cfgA1, AfterID: 101, Limit: 1}, []int64{110}},
		// Each filter below removes an event that the others let through.
		{"AllButLimit", store.ComplianceQuery{AccountIDs: []string{mgmtID, otherID}, Since: at(200), Until: at(300).Add(time.Microsecond), AfterID: 104}, []int64{111}},
		{"AllButUntil", store.ComplianceQuery{AccountIDs: []string{mgmtID, otherID}, Since: at(200), AfterID: 104, Limit: 1}, []int64{111}},
		{"Everything", store.ComplianceQuery{AccountIDs: []string{mgmtID, otherID}, ConfigurationARN: cfgC1, Since: at(100), Until: at(300).Add(time.Microsecond), AfterID: 101, Limit: 1}, []int64{103}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := events(t, st, tt.q)
			want := make([]store.ComplianceRecord, len(tt.want))
			for i, id := range tt.want {
				want[i] = byID[id]
			}
			if diff := gocmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ComplianceEvents(%+v) = IDs %v; (-want +got):\n%s", tt.q, ids(got), diff)
			}
			if got == nil {
				t.Error("ComplianceEvents returned nil, want an empty slice")
			}
		})
	}
	t.Run("Unchanged", func(t *testing.T) {
		// In parallel with the queries: they write nothing.
		t.Parallel()
		checkState(t, load(t, st), withLastIDs(&store.State{}, c), 1)
	})
}

// testCompliancePaging checks that paging with AfterID and Limit visits
// every matching event once, in order, in full pages but the last.
func testCompliancePaging(t *testing.T, s suite) {
	st := s.store(t)
	c := complianceFixture()
	seedAll(t, st, &store.State{}, c)
	tests := []struct {
		accounts []string
		want     []int64
	}{
		{nil, []int64{101, 102, 103, 104, 107, 110, 111, 112}},
		{[]string{mgmtID}, []int64{101, 104, 110, 112}},
	}
	for _, tt := range tests {
		for _, limit := range []int{1, 2, 3, 4, 7, 8, 9} {
			t.Run(fmt.Sprintf("%v/Limit%d", tt.accounts, limit), func(t *testing.T) {
				t.Parallel()
				var got []int64
				q := store.ComplianceQuery{AccountIDs: tt.accounts, Limit: limit}
				for page := 0; ; page++ {
					if page > len(tt.want) {
						t.Fatalf("more than %d pages: %v", len(tt.want), got)
					}
					rs := events(t, st, q)
					if len(rs) > limit {
						t.Fatalf("page %d: %d events, want at most %d", page, len(rs), limit)
					}
					got = append(got, ids(rs)...)
					if len(rs) < limit {
						break
					}
					q.AfterID = rs[len(rs)-1].ID
				}
				if diff := gocmp.Diff(tt.want, got); diff != "" {
					t.Errorf("paged IDs (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// testComplianceManyAccounts checks the account filter with sets from one
// ID to thousands, against a history of 12,345 events added in one call.
func testComplianceManyAccounts(t *testing.T, s suite) {
	const nAccounts, nEvents = 3000, 12345
	st := s.store(t)
	accounts := Accounts(0, nAccounts)
	// Four configurations per account, visited out of account order.
	configs := ChatConfigurations(0, nEvents, 4)
	mixed := make([]store.ChatConfiguration, nEvents)
	for i := range mixed {
		mixed[i] = configs[i*7919%nEvents]
	}
	evs := ComplianceEvents(1, 1, mixed)
	cause := store.ComplianceCause{ID: 1, Time: at(1), Operation: "AttachPolicy", CallerARN: "arn:aws:iam::111111111111:root"}
	update(t, st, func(ctx context.Context, tx store.Tx) error {
		if err := tx.AddComplianceCause(ctx, cause); err != nil {
			return err
		}
		return tx.AddComplianceEvents(ctx, evs)
	})
	if got := events(t, st, store.ComplianceQuery{}); len(got) != nEvents {
		t.Fatalf("%d events stored, want %d", len(got), nEvents)
	}
	for _, n := range []int{1, 2, 10, 31, 32, 33, 64, 100, 999, 1000, 1001, 2500} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			// Every other account, and one unknown ID in ten.
			var q store.ComplianceQuery
			in := map[string]bool{}
			for i := range n {
				id := accounts[(2*i)%nAccounts].ID
				if i%10 == 9 {
					id = fmt.Sprintf("9%011d", i)
				}
				q.AccountIDs = append(q.AccountIDs, id)
				in[id] = true
			}
			var want []int64
			for _, e := range evs {
				if in[e.AccountID] {
					want = append(want, e.ID)
				}
			}
			if diff := gocmp.Diff(want, ids(events(t, st, q)), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("IDs for %d accounts (-want +got):\n%s", n, diff)
			}
			// One of the accounts' configurations, as chatgov asks for
			// a configuration's history: the account with its ARN.
			cfg := evs[slices.IndexFunc(evs, func(e store.ComplianceEvent) bool { return in[e.AccountID] })].ConfigurationARN
			var wantCfg []int64
			for _, e := range evs {
				if e.ConfigurationARN == cfg {
					wantCfg = append(wantCfg, e.ID)
				}
			}
			qc := store.ComplianceQuery{AccountIDs: q.AccountIDs, ConfigurationARN: cfg}
			if diff := gocmp.Diff(wantCfg, ids(events(t, st, qc))); diff != "" {
				t.Errorf("IDs for %d accounts and %s (-want +got):\n%s", n, cfg, diff)
			}
			// And a page from the middle.
			if len(want) > 3 {
				q.AfterID, q.Limit = want[len(want)/2], 3
				end := min(len(want), len(want)/2+1+3)
				if diff := gocmp.Diff(want[len(want)/2+1:end], ids(events(t, st, q))); diff != "" {
					t.Errorf("page after %d (-want +got):\n%s", q.AfterID, diff)
				}
			}
		})
	}
}

// testComplianceCommittedOnly checks that ComplianceEvents sees committed
// events only, and answers while an Update is running rather than waiting
// for it (or deadlocking, when called from inside it).
func testComplianceCommittedOnly(t *testing.T, s suite) {
	st := s.store(t)
	c := complianceFixture()
	seedAll(t, st, &store.State{}, c)
	more := Compliance{
		Causes: []store.ComplianceCause{{ID: 30, Time: at(400), Operation: "DetachPolicy", CallerARN: "arn:aws:iam::111111111111:root", Detail: "d"}},
		Events: []store.ComplianceEvent{
			{ID: 200, CauseID: 30, Time: at(400), ConfigurationARN: cfgA1, AccountID: mgmtID, Platform: store.PlatformSlack, OldState: "DISABLED", NewState: "ENABLED"},
		},
	}
	update(t, st, func(ctx context.Context, tx store.Tx) error {
		if err := addCompliance(ctx, tx, more); err != nil {
			return err
		}
		type result struct {
			rs  []store.ComplianceRecord
			err error
		}
		// Buffered: a call stuck behind the Update may end after the
		// test, and must not report to it then.
		done := make(chan result, 1)
		go func() {
			rs, err := st.ComplianceEvents(ctx, store.ComplianceQuery{})
			done <- result{rs, err}
		}()
		select {
		case r := <-done:
			if r.err != nil {
				t.Errorf("ComplianceEvents during an Update: %v", r.err)
			} else if diff := gocmp.Diff(c.records(), r.rs, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ComplianceEvents during an Update (-want +got):\n%s", diff)
			}
		case <-time.After(10 * time.Second):
			return errors.New("ComplianceEvents waited 10 s for the running Update")
		}
		return nil
	})
	c.Causes = append(c.Causes, more.Causes...)
	c.Events = append(c.Events, more.Events...)
	checkCompliance(t, st, c)
}

// testComplianceLastIDs checks that Load reports the highest IDs, not the
// last added or the count.
func testComplianceLastIDs(t *testing.T, s suite) {
	st := s.store(t)
	cause := func(id int64) store.ComplianceCause {
		return store.ComplianceCause{ID: id, Time: at(int(id)), Operation: "op", CallerARN: "arn:aws:iam::111111111111:root"}
	}
	event := func(id, cause int64) store.ComplianceEvent {
		return store.ComplianceEvent{ID: id, CauseID: cause, Time: at(int(id)), ConfigurationARN: cfgA1, AccountID: mgmtID,
			Platform: store.PlatformSlack, OldState: "ENABLED", NewState: "DISABLED", Reason: "r"}
	}
	steps := []struct {
		causes             []store.ComplianceCause
		events             []store.ComplianceEvent
		wantCause, wantEvt int64
	}{
		{[]store.ComplianceCause{cause(7), cause(3)}, nil, 7, 0},
		{nil, []store.ComplianceEvent{event(50, 3), event(20, 7)}, 7, 50},
		{[]store.ComplianceCause{cause(1)}, []store.ComplianceEvent{event(30, 1)}, 7, 50},
		{[]store.ComplianceCause{cause(1000)}, []store.ComplianceEvent{event(51, 1000)}, 1000, 51},
	}
	for i, step := range steps {
		update(t, st, func(ctx context.Context, tx store.Tx) error {
			return addCompliance(ctx, tx, Compliance{Causes: step.causes, Events: step.events})
		})
		got := load(t, st)
		if got.LastComplianceCauseID != step.wantCause || got.LastComplianceEventID != step.wantEvt {
			t.Errorf("after step %d: last IDs %d and %d, want %d and %d", i, got.LastComplianceCauseID, got.LastComplianceEventID, step.wantCause, step.wantEvt)
		}
	}
}
