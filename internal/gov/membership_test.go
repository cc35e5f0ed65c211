package gov_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlite"
)

const mgmtID = "111111111111"

var mgmt = gov.Caller{AccountID: mgmtID, ARN: "arn:aws:iam::" + mgmtID + ":root"}

// clock is a service clock tests move.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// fixture is a service over a SQLite store, bootstrapped with the
// management account.
type fixture struct {
	t     *testing.T
	st    store.Store
	svc   *gov.Service
	clock *clock
	emu   bool
}

func newFixture(t *testing.T, emulator bool) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "chatgov.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, st: st, clock: &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}, emu: emulator}
	f.reload()
	if _, err := f.svc.Bootstrap(ctx, gov.BootstrapInput{ManagementAccountID: mgmtID}); err != nil {
		t.Fatal(err)
	}
	return f
}

// reload starts a new service on the store, as a restart does.
func (f *fixture) reload() {
	f.t.Helper()
	svc, err := gov.New(context.Background(), f.st, gov.Options{Now: f.clock.now, Emulator: f.emu})
	if err != nil {
		f.t.Fatal(err)
	}
	f.svc = svc
}

func (f *fixture) org(featureSet string) {
	f.t.Helper()
	if _, err := f.svc.CreateOrganization(context.Background(), mgmt, featureSet); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) account(name string) string {
	f.t.Helper()
	ctx := context.Background()
	st, err := f.svc.CreateAccount(ctx, mgmt, gov.CreateAccountInput{Email: name + "@example.com", AccountName: name})
	if err != nil {
		f.t.Fatal(err)
	}
	done, err := f.svc.DescribeCreateAccountStatus(mgmt, st.ID)
	if err != nil || done.AccountID == "" {
		f.t.Fatalf("CreateAccount %s: %+v %v", name, done, err)
	}
	return done.AccountID
}

// wantGovErr checks err's kind, resource and reason.
func wantGovErr(t *testing.T, err error, kind gov.Kind, resource, reason string) {
	t.Helper()
	var e *gov.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v, want a gov.Error of kind %d", err, kind)
	}
	if e.Kind != kind || e.Resource != resource || e.Reason != reason {
		t.Errorf("error %+v, want kind %d, resource %q, reason %q", e, kind, resource, reason)
	}
}

func TestCloseAccountQuota(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	ids := make([]string, 252)
	for i := range ids {
		ids[i] = f.account("acct" + string(rune('a'+i/26%26)) + string(rune('a'+i%26)) + string(rune('0'+i/676)))
	}
	// 251 members: the quota is 250 closures in 30 days.
	for _, id := range ids[:250] {
		if err := f.svc.CloseAccount(ctx, mgmt, id); err != nil {
			t.Fatalf("closing %s: %v", id, err)
		}
		f.clock.advance(time.Minute)
	}
	err := f.svc.CloseAccount(ctx, mgmt, ids[250])
	wantGovErr(t, err, gov.Constraint, "", gov.ReasonCloseAccountQuota)
	// Removing closed accounts does not free the quota: they were closed.
	f.clock.advance(4 * 24 * time.Hour)
	if err := f.svc.RemoveAccountFromOrganization(ctx, mgmt, ids[0]); err != nil {
		t.Fatal(err)
	}
	wantGovErr(t, f.svc.CloseAccount(ctx, mgmt, ids[250]), gov.Constraint, "", gov.ReasonCloseAccountQuota)
	// Thirty days after the first closures, room again.
	f.clock.advance(26*24*time.Hour - 4*time.Hour)
	if err := f.svc.CloseAccount(ctx, mgmt, ids[250]); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestInviteValidation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	member := f.account("member")
	long := strings.Repeat("n", gov.MaxNotesLength+1)
	tests := []struct {
		name     string
		in       gov.InviteInput
		kind     gov.Kind
		resource string
		reason   string
	}{
		{"NoTarget", gov.InviteInput{}, gov.Invalid, "", gov.ReasonInputRequired},
		{"NoType", gov.InviteInput{Target: &gov.HandshakeParty{ID: "222222222222"}}, gov.Invalid, "", gov.ReasonInputRequired},
		{"NoID", gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyAccount}}, gov.Invalid, "", gov.ReasonInputRequired},
		{"Organization", gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyOrganization, ID: "o-abcdefghij"}}, gov.Invalid, "", gov.ReasonInvalidPartyType},
		{"LongID", gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyEmail, ID: strings.Repeat("a", 60) + "@example.com"}}, gov.Invalid, "", gov.ReasonMaxLength},
		{"Notes", gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyAccount, ID: "222222222222"}, Notes: long}, gov.Invalid, "", gov.ReasonMaxLength},
		{"DuplicateTag", gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyAccount, ID: "222222222222"},
			Tags: []gov.Tag{{Key: "a", Value: "1"}, {Key: "a", Value: "2"}}}, gov.Invalid, "", gov.ReasonDuplicateTagKey},
		{"Member", gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyAccount, ID: member}}, gov.Constraint, gov.ResHandshake, gov.ReasonAlreadyInOrganization},
		{"MemberEmail", gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyEmail, ID: "MEMBER@EXAMPLE.COM"}}, gov.Constraint, gov.ResHandshake, gov.ReasonAlreadyInOrganization},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := f.svc.InviteAccountToOrganization(context.Background(), mgmt, tt.in)
			wantGovErr(t, err, tt.kind, tt.resource, tt.reason)
		})
	}
	// Without an organization: AWSOrganizationsNotInUse, to anyone.
	g := newFixture(t, false)
	_, err := g.svc.InviteAccountToOrganization(context.Background(), mgmt, gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyAccount, ID: "222222222222"}})
	wantGovErr(t, err, gov.NotFound, gov.ResOrganization, "")
	if p, err := g.svc.ListHandshakesForAccount(mgmt, gov.HandshakeFilter{}, "", 0); err != nil || len(p.Items) != 0 {
		t.Errorf("ListHandshakesForAccount without an organization: %+v %v", p, err)
	}
}

// TestEmulatorAcceptance checks that in emulator mode an account chatgov
// has no record of (any access key) accepts an invitation to its ID.
func TestEmulatorAcceptance(t *testing.T) {
	t.Parallel()
	f := newFixture(t, true)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	anyone := f.svc.EmulatorCaller("AKIAUNKNOWNKEY000001")
	h, err := f.svc.InviteAccountToOrganization(ctx, mgmt, gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyAccount, ID: anyone.AccountID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AcceptHandshake(ctx, anyone, h.ID); err != nil {
		t.Fatal(err)
	}
	a, err := f.svc.DescribeAccount(mgmt, anyone.AccountID)
	if err != nil || a.JoinedMethod != gov.JoinedInvited || a.Email != "account+"+anyone.AccountID+"@example.com" {
		t.Errorf("joined %+v %v", a, err)
	}
}

// TestHandshakeRetention checks that handshakes over for 30 days are
// deleted from the store by the next handshake write, and that a restart
// keeps the rest.
func TestHandshakeRetention(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	invite := func(id string) gov.Handshake {
		t.Helper()
		h, err := f.svc.InviteAccountToOrganization(ctx, mgmt, gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyAccount, ID: id}})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	old := invite("222222222222")
	if _, err := f.svc.CancelHandshake(ctx, mgmt, old.ID); err != nil {
		t.Fatal(err)
	}
	f.clock.advance(30*24*time.Hour + time.Second)
	_, err := f.svc.DescribeHandshake(mgmt, old.ID)
	wantGovErr(t, err, gov.NotFound, gov.ResHandshake, "")
	loaded, err := f.st.Load(ctx)
	if err != nil || len(loaded.Handshakes) != 1 {
		t.Fatalf("before the next write, the store holds %d handshakes (%v)", len(loaded.Handshakes), err)
	}
	kept := invite("333333333333")
	if loaded, _ = f.st.Load(ctx); len(loaded.Handshakes) != 1 || loaded.Handshakes[0].ID != kept.ID {
		t.Errorf("after the next write, the store holds %+v", loaded.Handshakes)
	}
	f.reload()
	h, err := f.svc.DescribeHandshake(mgmt, kept.ID)
	if err != nil || h.State != gov.HandshakeOpen || !h.RequestedAt.Equal(kept.RequestedAt) {
		t.Errorf("after a restart: %+v %v", h, err)
	}
}

// TestStandaloneAccountsOutliveTheOrganization checks that standalone
// accounts survive DeleteOrganization with their keys, and cannot create
// an organization of their own.
func TestStandaloneAccountsOutliveTheOrganization(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	a, key, err := f.svc.CreateStandaloneAccount(ctx, mgmt, gov.StandaloneAccountInput{Name: "solo", Email: "solo@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	solo := gov.Caller{AccountID: a.ID, ARN: key.ARN, AccessKeyID: key.AccessKeyID}
	if err := f.svc.DeleteOrganization(ctx, mgmt); err != nil {
		t.Fatal(err)
	}
	f.reload()
	if _, err := f.svc.CreateOrganization(ctx, solo, ""); err == nil || gov.ErrorOf(err).Kind != gov.AccessDenied {
		t.Errorf("CreateOrganization by a standalone account: %v", err)
	}
	if cr, ok := f.svc.Credential(key.AccessKeyID); !ok || cr.AccountID != a.ID {
		t.Errorf("the standalone account's key after DeleteOrganization: %+v %v", cr, ok)
	}
	got, err := f.svc.ListStandaloneAccounts(mgmt)
	if err != nil || len(got) != 1 || got[0].ID != a.ID {
		t.Errorf("standalone accounts %+v %v", got, err)
	}
	// The management account creates the organization again; the
	// standalone account can be invited to it.
	f.org(gov.FeatureSetAll)
	h, err := f.svc.InviteAccountToOrganization(ctx, mgmt, gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyEmail, ID: "solo@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AcceptHandshake(ctx, solo, h.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.ListStandaloneAccounts(mgmt); len(got) != 0 {
		t.Errorf("standalone accounts after joining: %+v", got)
	}
}

// TestDeclinedApprovalOutlivesRetention checks that a member's declined
// approval keeps holding back the request to enable all features after
// the 30 days a handshake that is over stays listed.
func TestDeclinedApprovalOutlivesRetention(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetBilling)
	ctx := context.Background()
	join := func(name string) gov.Caller {
		t.Helper()
		a, key, err := f.svc.CreateStandaloneAccount(ctx, mgmt, gov.StandaloneAccountInput{Name: name, Email: name + "@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		c := gov.Caller{AccountID: a.ID, ARN: key.ARN}
		h, err := f.svc.InviteAccountToOrganization(ctx, mgmt, gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyAccount, ID: a.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AcceptHandshake(ctx, c, h.ID); err != nil {
			t.Fatal(err)
		}
		return c
	}
	a, b := join("anika"), join("bill")
	created := f.account("created")
	parent, err := f.svc.EnableAllFeatures(ctx, mgmt)
	if err != nil {
		t.Fatal(err)
	}
	approval := func(c gov.Caller) string {
		t.Helper()
		p, err := f.svc.ListHandshakesForAccount(c, gov.HandshakeFilter{ParentHandshakeID: parent.ID}, "", 0)
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("approvals of %s: %+v %v", c.AccountID, p, err)
		}
		return p.Items[0].ID
	}
	aApproval, bApproval := approval(a), approval(b)
	if _, err := f.svc.DeclineHandshake(ctx, a, aApproval); err != nil {
		t.Fatal(err)
	}
	f.clock.advance(31 * 24 * time.Hour)
	if _, err := f.svc.AcceptHandshake(ctx, b, bApproval); err != nil {
		t.Fatal(err)
	}
	// Another account going settles the request again.
	if err := f.svc.RemoveAccountFromOrganization(ctx, mgmt, created); err != nil {
		t.Fatal(err)
	}
	h, err := f.svc.DescribeHandshake(mgmt, parent.ID)
	if err != nil || h.State != gov.HandshakeRequested {
		t.Errorf("request after a decline 31 days ago: %+v %v", h, err)
	}
	_, err = f.svc.AcceptHandshake(ctx, mgmt, parent.ID)
	wantGovErr(t, err, gov.Constraint, gov.ResHandshakeTransition, "")
}
