package gov

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store/sqlite"
)

// The worlds of the role × operation matrix: a server in a known state,
// with a caller of every role. A world is built once in a SQLite file;
// each test that changes it opens a copy of the file.

// matrixRole is what a caller of the matrix is.
type matrixRole uint8

const (
	// roleNoOrg: the server's management account while it has no
	// organization (the only account with credentials then).
	roleNoOrg matrixRole = iota
	// roleStandalone: a standalone account (the invitation's recipient).
	roleStandalone
	// roleMember: a member account (the approval's recipient in the
	// billing world).
	roleMember
	// roleChatbotAdmin: the chatbot delegated administrator.
	roleChatbotAdmin
	// roleServiceAdmin: the delegated administrator of another service.
	roleServiceAdmin
	// roleManagement: the management account.
	roleManagement
	// roleDelegated: a member the resource policy allows organizations:*.
	roleDelegated
	// roleDenied: a member the resource policy allows organizations:*
	// and denies it too (the Deny wins).
	roleDenied
	numRoles
)

// nobody is no role: the recipient of a handshake no caller receives.
const nobody = numRoles

var roleNames = [numRoles]string{"no-organization", "standalone", "member", "chatbot-admin", "service-admin",
	"management", "delegated-member", "denied-member"}

func (r matrixRole) String() string { return roleNames[r] }

// worldKind is the state a world holds.
type worldKind uint8

const (
	// worldAll: an organization with all features, CHATBOT_POLICY and
	// TAG_POLICY enabled, a policy of each attached to the root, an OU,
	// the resource policy, and an open invitation to the standalone
	// account.
	worldAll worldKind = iota
	// worldBilling: an organization with consolidated billing only whose
	// member was invited, and a pending request to enable all features:
	// the member's approval is open.
	worldBilling
	// worldNone: no organization; the management account bootstrapped.
	worldNone
	numWorlds
)

const (
	matrixManagement = "111111111111"
	// matrixNobody is an account ID no world knows.
	matrixNobody = "999999999999"
)

// matrixNow is every world's clock: it does not move, so that created
// accounts stay too young to leave.
var matrixNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// world is a service in a known state, with the IDs the cases use.
type world struct {
	dir                           string // the store's directory (a template's, or a copy's)
	svc                           *Service
	callers                       [numRoles]Caller
	root, ou                      string
	chatbotPolicy, tagPolicy      string
	resourcePolicy                string
	invitation, approval, request string
}

func rootCaller(account string) Caller {
	return Caller{AccountID: account, ARN: "arn:aws:iam::" + account + ":root"}
}

// account returns the account of a role.
func (w *world) account(r matrixRole) string { return w.callers[r].AccountID }

// other returns an account that is not the caller's: the member's for the
// management account, the management account's for everyone else.
func (w *world) other(c Caller) string {
	if c.AccountID == matrixManagement {
		return w.account(roleMember)
	}
	return matrixManagement
}

// openService opens a service over the SQLite store in dir.
func openService(t testing.TB, dir string) *Service {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "chatgov.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc, err := New(ctx, st, Options{Now: func() time.Time { return matrixNow }})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// buildWorld builds a world of kind k in a directory of its own and
// closes its store; open gives services over copies of it.
func buildWorld(t testing.TB, k worldKind) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{dir: t.TempDir()}
	st, err := sqlite.Open(ctx, filepath.Join(w.dir, "chatgov.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc, err := New(ctx, st, Options{Now: func() time.Time { return matrixNow }})
	if err != nil {
		t.Fatal(err)
	}
	buildWorldOn(t, w, k, svc)
	return w
}

// buildWorldOn builds a world of kind k through svc.
func buildWorldOn(t testing.TB, w *world, k worldKind, svc *Service) {
	t.Helper()
	ctx := context.Background()
	var err error
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("building world %d: %s: %v", k, what, err)
		}
	}
	_, err = svc.Bootstrap(ctx, BootstrapInput{ManagementAccountID: matrixManagement})
	must("bootstrap", err)
	mgmt := rootCaller(matrixManagement)
	for r := range w.callers {
		w.callers[r] = rootCaller(matrixNobody)
	}
	w.callers[roleNoOrg], w.callers[roleManagement] = mgmt, mgmt
	// IDs of the right forms, for the world without an organization.
	w.root, w.ou, w.resourcePolicy = "r-zz00", "ou-zz00-zzzzzzzz", "rp-zzzzzzzz"
	w.chatbotPolicy, w.tagPolicy = "p-zzzzzzzz", "p-yyyyyyyy"
	w.invitation, w.approval, w.request = "h-0000000000", "h-1111111111", "h-2222222222"
	if k == worldNone {
		return
	}
	featureSet := FeatureSetAll
	if k == worldBilling {
		featureSet = FeatureSetBilling
	}
	_, err = svc.CreateOrganization(ctx, mgmt, featureSet)
	must("organization", err)
	roots, err := svc.ListRoots(mgmt, "", 0)
	must("root", err)
	w.root = roots.Items[0].ID
	standalone := func(name string) string {
		a, _, err := svc.CreateStandaloneAccount(ctx, mgmt, StandaloneAccountInput{Name: name, Email: name + "@example.com"})
		must("standalone account", err)
		return a.ID
	}
	created := func(name string) string {
		st, err := svc.CreateAccount(ctx, mgmt, CreateAccountInput{Email: name + "@example.com", AccountName: name})
		must("account", err)
		done, err := svc.DescribeCreateAccountStatus(mgmt, st.ID)
		must("account status", err)
		return done.AccountID
	}
	if k == worldBilling {
		invited := standalone("invited")
		h, err := svc.InviteAccountToOrganization(ctx, mgmt, InviteInput{Target: &HandshakeParty{Type: PartyAccount, ID: invited}})
		must("invitation", err)
		_, err = svc.AcceptHandshake(ctx, rootCaller(invited), h.ID)
		must("acceptance", err)
		w.callers[roleMember] = rootCaller(invited)
	} else {
		w.callers[roleMember] = rootCaller(created("member"))
	}
	w.callers[roleStandalone] = rootCaller(standalone("solo"))
	for _, admin := range []struct {
		r         matrixRole
		principal string
	}{{roleChatbotAdmin, ChatbotServicePrincipal}, {roleServiceAdmin, "config.amazonaws.com"}} {
		id := created(admin.r.String())
		must("trusted access", svc.EnableAWSServiceAccess(ctx, mgmt, admin.principal))
		must("delegated administrator", svc.RegisterDelegatedAdministrator(ctx, mgmt, id, admin.principal))
		w.callers[admin.r] = rootCaller(id)
	}
	w.callers[roleDelegated] = rootCaller(created("delegated"))
	w.callers[roleDenied] = rootCaller(created("denied"))
	rp, err := svc.PutResourcePolicy(ctx, mgmt, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Principal":{"AWS":["%[1]s","%[2]s"]},"Action":"organizations:*","Resource":"*"},
		{"Effect":"Deny","Principal":{"AWS":"%[2]s"},"Action":"organizations:*","Resource":"*"}]}`,
		w.callers[roleDelegated].ARN, w.callers[roleDenied].ARN), nil)
	must("resource policy", err)
	w.resourcePolicy = rp.ID
	ou, err := svc.CreateOrganizationalUnit(ctx, mgmt, w.root, "team", nil)
	must("OU", err)
	w.ou = ou.ID
	if k == worldBilling {
		req, err := svc.EnableAllFeatures(ctx, mgmt)
		must("enable all features", err)
		w.request = req.ID
		approvals, err := svc.ListHandshakesForOrganization(mgmt, HandshakeFilter{ParentHandshakeID: req.ID}, "", 0)
		if err == nil && len(approvals.Items) != 1 {
			err = fmt.Errorf("%d approvals", len(approvals.Items))
		}
		must("approval", err)
		w.approval = approvals.Items[0].ID
		return
	}
	for _, t := range []policy.Type{policy.ChatbotPolicy, policy.TagPolicy} {
		_, err := svc.EnablePolicyType(ctx, mgmt, w.root, t)
		must("policy type", err)
	}
	chat, err := svc.CreatePolicy(ctx, mgmt, CreatePolicyInput{Name: "chat", Type: policy.ChatbotPolicy,
		Content: `{"chatbot":{"default":{"client":{"@@assign":"enabled"}}}}`})
	must("chatbot policy", err)
	tag, err := svc.CreatePolicy(ctx, mgmt, CreatePolicyInput{Name: "tags", Type: policy.TagPolicy,
		Content: `{"tags":{"team":{"tag_key":{"@@assign":"Team"}}}}`})
	must("tag policy", err)
	w.chatbotPolicy, w.tagPolicy = chat.ID, tag.ID
	for _, p := range []string{chat.ID, tag.ID} {
		must("attachment", svc.AttachPolicy(ctx, mgmt, p, w.root))
	}
	inv, err := svc.InviteAccountToOrganization(ctx, mgmt, InviteInput{Target: &HandshakeParty{Type: PartyAccount, ID: w.account(roleStandalone)}})
	must("invitation", err)
	w.invitation = inv.ID
}

// open returns the world over a copy of its store, for a test of its own.
func (w *world) open(t testing.TB) *world {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(w.dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c := *w
	c.dir, c.svc = dir, openService(t, dir)
	return &c
}
