package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

var (
	errFn      = errors.New("storetest: fn failed on purpose")
	errPanicFn = errors.New("storetest: fn panicked on purpose")
)

// outcome is how an Update's fn ends.
type outcome int

const (
	commit outcome = iota
	fail           // fn returns errFn
	panics         // fn panics with errPanicFn
)

func (o outcome) String() string { return [...]string{"Commit", "Error", "Panic"}[o] }

// runUpdate runs an Update whose fn writes with write and then ends as o
// says. It checks that Update returns errFn itself when fn fails, and that a
// panic reaches the caller with its own value.
func runUpdate(t *testing.T, s store.Updater, o outcome, write func(context.Context, store.Tx) error) {
	t.Helper()
	defer func() {
		r := recover()
		if o == panics && r != errPanicFn {
			t.Errorf("Update: recovered %v, want the panic of fn (%v)", r, errPanicFn)
		}
		if o != panics && r != nil {
			panic(r)
		}
	}()
	err := s.Update(t.Context(), func(ctx context.Context, tx store.Tx) error {
		if err := write(ctx, tx); err != nil {
			t.Errorf("write: %v", err)
		}
		switch o {
		case fail:
			return errFn
		case panics:
			panic(errPanicFn)
		}
		return nil
	})
	switch {
	case o == panics:
		t.Errorf("Update returned %v; want it to panic", err)
	case o == fail && err != errFn:
		t.Errorf("Update returned %v; want fn's error itself", err)
	case o == commit && err != nil:
		t.Errorf("Update: %v", err)
	}
}

func noWrites(context.Context, store.Tx) error { return nil }

// testRevision checks that each committed Update, even an empty one, adds
// one to the revision, and that a failed one does not.
func testRevision(t *testing.T, s suite) {
	st := s.store(t)
	steps := []struct {
		o    outcome
		want int64
	}{
		{commit, 1}, {commit, 2}, {fail, 2}, {panics, 2}, {commit, 3}, {panics, 3}, {fail, 3}, {commit, 4},
	}
	for i, step := range steps {
		runUpdate(t, st, step.o, noWrites)
		if got := load(t, st).Revision; got != step.want {
			t.Fatalf("after step %d (%v): revision %d, want %d", i, step.o, got, step.want)
		}
	}
}

// testRollback checks that nothing an Update wrote is kept when fn fails or
// panics, whatever kind of write it was, and that the store works after.
func testRollback(t *testing.T, s suite) {
	writes := []struct {
		name  string
		write func(context.Context, store.Tx) error
	}{
		{"Put", func(ctx context.Context, tx store.Tx) error {
			g := fixture()
			g.Settings = map[string]string{"management_account_id": "999999999999", "new": "x"}
			g.Organization.ID = "o-zzzzzzzzzz"
			for i := range g.OUs {
				g.OUs[i].Name += " renamed"
			}
			g.Accounts = append(g.Accounts, store.Account{ID: "333333333333", ParentID: rootID, Name: "new", Email: "n@example.com", Status: "ACTIVE", JoinedMethod: "CREATED"})
			g.Policies = append(g.Policies, store.Policy{ID: "p-new", Name: "new", Type: "CHATBOT_POLICY", Content: "{}"})
			g.Attachments = []store.Attachment{{PolicyID: "p-new", TargetID: rootID, Seq: 4}}
			g.Tags[0].Value = "changed"
			g.Credentials[1].ExpiresAt = time.Time{}
			g.ChatConfigurations[0].Name = "renamed"
			g.ChatConfigurations[1].Tags = map[string]string{"new": "tag"}
			g.ChatConfigurations = append(g.ChatConfigurations, store.ChatConfiguration{ARN: slackCfg + "-new", AccountID: devID, Platform: store.PlatformSlack})
			g.SlackChannels = append(g.SlackChannels, store.SlackChannel{TeamID: slackTeam, ChannelID: "C0000NEW"})
			g.SlackChannels[0].Visibility = "private"
			g.TeamsTeams[0].TeamName = "renamed"
			g.Preferences[0].TrainingDataCollectionEnabled = true
			g.UserIdentities[0].IamRoleARN = "arn:aws:iam::222222222222:role/changed"
			g.UserIdentities = append(g.UserIdentities, store.UserIdentity{ConfigurationARN: slackCfg + "-new", ChatUserID: "U0003"})
			g.RolePermissions[0].InlinePolicies = g.RolePermissions[0].InlinePolicies[1:]
			g.RolePermissions[1].ManagedPolicyARNs = nil
			g.RolePermissions = append(g.RolePermissions, store.RolePermissions{RoleARN: roleOps + "-new", AccountID: devID, ManagedPolicyARNs: []string{readOnly}})
			g.ManagedPolicies[0].Document = `{"changed":true}`
			g.ManagedPolicies = append(g.ManagedPolicies, store.ManagedPolicy{ARN: denyPolicy + "-new", AccountID: devID, Name: "new"})
			return errors.Join(putState(ctx, tx, g), addCompliance(ctx, tx, complianceFixture()))
		}},
		{"Delete", func(ctx context.Context, tx store.Tx) error {
			n, err := tx.DeleteExpiredCredentials(ctx, at(1000))
			if n != 1 {
				err = errors.Join(err, fmt.Errorf("DeleteExpiredCredentials removed %d, want 1", n))
			}
			return errors.Join(err,
				tx.DeletePolicyType(ctx, "CHATBOT_POLICY"), tx.DeleteOU(ctx, ouTeam), tx.DeleteAccount(ctx, devID),
				tx.Detach(ctx, scpID, rootID), tx.Detach(ctx, scpID, devID), tx.DeletePolicy(ctx, scpID),
				tx.DeleteTag(ctx, chatID, "env"), tx.DeleteTags(ctx, devID), tx.DeleteDelegatedAdmin(ctx, devID, chatbotSP),
				tx.DeleteServiceAccess(ctx, ssoSP), tx.DeleteCredential(ctx, longKey),
				tx.DeleteUserIdentity(ctx, teamsCfg, "29:1aBcD"), tx.DeleteChatConfiguration(ctx, slackCfg),
				tx.DeleteSlackChannel(ctx, slackTeam, slackChan), tx.DeleteTeamsTeam(ctx, teamsTeam),
				tx.DeleteRolePermissions(ctx, roleAlerts), tx.DeleteManagedPolicy(ctx, logsPolicy))
		}},
		{"DeleteOrganization", func(ctx context.Context, tx store.Tx) error { return tx.DeleteOrganization(ctx) }},
	}
	for _, w := range writes {
		for _, o := range []outcome{fail, panics} {
			t.Run(w.name+"/"+o.String(), func(t *testing.T) {
				t.Parallel()
				st := s.store(t)
				seed(t, st, fixture())
				runUpdate(t, st, o, w.write)
				checkState(t, load(t, st), fixture(), 1)
				checkCompliance(t, st, Compliance{})
				// The store is still usable: no lock held, no transaction
				// left open on its connection.
				update(t, st, func(ctx context.Context, tx store.Tx) error { return tx.PutSetting(ctx, "later", "ok") })
				want := fixture()
				want.Settings["later"] = "ok"
				checkState(t, load(t, st), want, 2)
			})
		}
	}
}

// testTxAfterUpdate checks that a Tx kept past its Update cannot write: a
// write that silently vanished, or landed in a later Update, would be worse
// than an error.
func testTxAfterUpdate(t *testing.T, s suite) {
	for _, o := range []outcome{commit, fail} {
		t.Run(o.String(), func(t *testing.T) {
			t.Parallel()
			st := s.store(t)
			var kept store.Tx
			runUpdate(t, st, o, func(_ context.Context, tx store.Tx) error { kept = tx; return nil })
			if err := kept.PutSetting(t.Context(), "late", "x"); err == nil {
				t.Error("PutSetting on a finished Update's Tx succeeded")
			}
			if err := kept.DeleteTags(t.Context(), devID); err == nil {
				t.Error("DeleteTags on a finished Update's Tx succeeded")
			}
			if err := kept.PutChatConfiguration(t.Context(), store.ChatConfiguration{ARN: slackCfg}); err == nil {
				t.Error("PutChatConfiguration on a finished Update's Tx succeeded")
			}
			if err := kept.PutRolePermissions(t.Context(), store.RolePermissions{RoleARN: roleOps}); err == nil {
				t.Error("PutRolePermissions on a finished Update's Tx succeeded")
			}
			if err := kept.PutManagedPolicy(t.Context(), store.ManagedPolicy{ARN: denyPolicy}); err == nil {
				t.Error("PutManagedPolicy on a finished Update's Tx succeeded")
			}
			if err := kept.AddComplianceCause(t.Context(), store.ComplianceCause{ID: 1}); err == nil {
				t.Error("AddComplianceCause on a finished Update's Tx succeeded")
			}
			if err := kept.AddComplianceEvents(t.Context(), []store.ComplianceEvent{{ID: 1, CauseID: 1}}); err == nil {
				t.Error("AddComplianceEvents on a finished Update's Tx succeeded")
			}
			update(t, st, noWrites)
			want := int64(2)
			if o == fail {
				want = 1
			}
			checkState(t, load(t, st), &store.State{}, want)
		})
	}
}

type ctxKey struct{}

// testUpdateContext checks that fn runs with the caller's context, so that
// its values (a request's identity, a trace) reach the writes.
func testUpdateContext(t *testing.T, s suite) {
	st := s.store(t)
	ctx := context.WithValue(t.Context(), ctxKey{}, "caller")
	err := st.Update(ctx, func(ctx context.Context, tx store.Tx) error {
		if got := ctx.Value(ctxKey{}); got != "caller" {
			t.Errorf("fn's context carries %v, want the caller's value", got)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// testConcurrentUpdates runs Updates from several goroutines on two stores
// opened on the same database, as two chatgov processes would, and checks
// that no two fns ever overlap and that every Update counts.
func testConcurrentUpdates(t *testing.T, s suite) {
	stores := []store.Store{s.store(t), s.store(t)}
	const goroutines, updates = 3, 8
	var inFlight, overlaps atomic.Int32
	var wg sync.WaitGroup
	for i := range goroutines * len(stores) {
		wg.Go(func() {
			st := stores[i%len(stores)]
			for j := range updates {
				err := st.Update(t.Context(), func(ctx context.Context, tx store.Tx) error {
					if inFlight.Add(1) != 1 {
						overlaps.Add(1)
					}
					defer inFlight.Add(-1)
					// Long enough for another Update to start if nothing
					// stopped it.
					time.Sleep(time.Millisecond)
					return tx.PutSetting(ctx, fmt.Sprintf("g%d-u%d", i, j), "done")
				})
				if err != nil {
					t.Errorf("Update: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := overlaps.Load(); n > 0 {
		t.Errorf("%d Updates ran while another was running", n)
	}
	got := load(t, stores[0])
	want := &store.State{Settings: map[string]string{}}
	for i := range goroutines * len(stores) {
		for j := range updates {
			want.Settings[fmt.Sprintf("g%d-u%d", i, j)] = "done"
		}
	}
	checkState(t, got, want, int64(goroutines*len(stores)*updates))
}
