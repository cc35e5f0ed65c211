package awsapi_test

// The exact bytes of the AWS Organizations and STS answers: one session
// through every operation and a sample of its errors, on a server whose
// clock and randomness are fixed, compared with testdata/wire/*.golden.
// `go test ./internal/awsapi -run TestWireGolden -update` rewrites them;
// review the diff: a change there is a change on the wire.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/chatgov/chatgov/internal/awsapi"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/scenario"
	"github.com/chatgov/chatgov/internal/store/sqlite"
)

// wireEpoch is where the golden server's clock starts. It moves only
// when the session moves it, so that every timestamp is the same at every
// run; requests are signed with the real time and the allowed skew is
// wide.
var wireEpoch = time.Date(2030, 1, 2, 3, 4, 5, 678e6, time.UTC)

// wireClock is a clock that stands still unless moved.
type wireClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *wireClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

func (c *wireClock) advance(d time.Duration) {
	c.mu.Lock()
	c.at = c.at.Add(d)
	c.mu.Unlock()
}

// wireRecorder keeps the Organizations and STS answers the handler writes.
type wireRecorder struct {
	next http.Handler
	mu   sync.Mutex
	out  bytes.Buffer
}

var reRequestID = regexp.MustCompile(`<RequestId>[0-9a-f-]{36}</RequestId>`)

func (rec *wireRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	var op string
	switch {
	case strings.HasPrefix(r.Header.Get("X-Amz-Target"), "AWSOrganizationsV20161128."):
		op = strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AWSOrganizationsV20161128.")
	case strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
		op = "sts:" + regexp.MustCompile(`Action=(\w+)`).FindStringSubmatch(string(body) + "Action=?")[1]
	default:
		rec.next.ServeHTTP(w, r)
		return
	}
	rw := httptest.NewRecorder()
	rec.next.ServeHTTP(rw, r)
	for k, v := range rw.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rw.Code)
	w.Write(rw.Body.Bytes())
	answer := reRequestID.ReplaceAll(rw.Body.Bytes(), []byte("<RequestId>REQUEST-ID</RequestId>"))
	rec.mu.Lock()
	fmt.Fprintf(&rec.out, "=== %s %d %s\n%s\n", op, rw.Code, rw.Header().Get("Content-Type"), answer)
	rec.mu.Unlock()
}

// wireServer is a server whose answers are the same bytes at every run.
type wireServer struct {
	t     *testing.T
	url   string
	rec   *wireRecorder
	clock *wireClock
}

func startWireServer(t *testing.T) *wireServer {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "chatgov.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := &wireClock{at: wireEpoch}
	now := clock.now
	svc, err := gov.New(ctx, st, gov.Options{Now: now, Rand: rand.NewChaCha8([32]byte{'c', 'h', 'a', 't', 'g', 'o', 'v'})})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Bootstrap(ctx, gov.BootstrapInput{ManagementAccountID: mgmtAccount, ManagementEmail: "management@example.com",
		AccessKeyID: rootKey, SecretAccessKey: rootSecret}); err != nil {
		t.Fatal(err)
	}
	rec := &wireRecorder{next: awsapi.New(svc, awsapi.Options{Now: now, ClockSkew: 100 * 365 * 24 * time.Hour})}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return &wireServer{t: t, url: srv.URL, rec: rec, clock: clock}
}

func (ws *wireServer) config(key, secret, token string) aws.Config {
	return (&testServer{}).awsConfig(key, secret, token)
}

func (ws *wireServer) orgs(cfg aws.Config) *organizations.Client {
	return organizations.NewFromConfig(cfg, func(o *organizations.Options) { o.BaseEndpoint = aws.String(ws.url) })
}

func (ws *wireServer) sts(cfg aws.Config) *sts.Client {
	return sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(ws.url) })
}

// standalone creates a standalone account through chatgov's own operation
// (a raw signed request, so that this test does not depend on the shape of
// chatgov's client) and returns its ID and root credentials.
func (ws *wireServer) standalone(name string) (string, aws.Config) {
	ws.t.Helper()
	body := `{"AccountName":"` + name + `","Email":"` + name + `@example.com"}`
	req, err := http.NewRequest(http.MethodPost, ws.url+"/chatgov/create-standalone-account", strings.NewReader(body))
	if err != nil {
		ws.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	sign(ws.t, req, body, rootKey, rootSecret, "", "chatbot", time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ws.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Account   struct{ Id string }
		AccessKey struct{ AccessKeyId, SecretAccessKey string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		ws.t.Fatalf("create-standalone-account %s: %d %v", name, resp.StatusCode, err)
	}
	return out.Account.Id, ws.config(out.AccessKey.AccessKeyId, out.AccessKey.SecretAccessKey, "")
}

// raw sends a signed request the SDK would not send.
func (ws *wireServer) raw(req *http.Request) {
	ws.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ws.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// TestWireGolden runs the session and compares every answer's bytes.
func TestWireGolden(t *testing.T) {
	t.Parallel()
	ws := startWireServer(t)
	wireSession(t, ws)
	billing := startWireServer(t)
	wireBillingSession(t, billing)
	got := append(ws.rec.out.Bytes(), billing.rec.out.Bytes()...)
	if err := os.MkdirAll(filepath.Join("testdata", "wire"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := scenario.Golden(filepath.Join("testdata", "wire", "organizations-sts.golden"), got); err != nil {
		t.Error(err)
	}
}

// wireSession calls every Organizations operation chatgov serves, and STS,
// with answers that fill every member at least once (lists with a next
// token, a failed account creation, an effective policy with validation
// errors, nested handshake resources), and a sample of errors.
func wireSession(t *testing.T, ws *wireServer) {
	ctx := context.Background()
	mgmt := ws.config(rootKey, rootSecret, "")
	mc := ws.orgs(mgmt)
	ok := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	fails := func(_ any, err error) {
		t.Helper()
		if err == nil {
			t.Fatal("no error")
		}
	}
	s := aws.String
	n := aws.Int32

	fails(mc.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{}))
	ok(mc.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetAll}))
	ok(mc.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{}))
	roots := try(mc.ListRoots(ctx, &organizations.ListRootsInput{MaxResults: n(1)})).must(t)
	root := *roots.Roots[0].Id
	ok(mc.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: s(root), PolicyType: types.PolicyTypeChatbotPolicy}))
	ok(mc.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: s(root), PolicyType: types.PolicyTypeTagPolicy}))
	ok(mc.DisablePolicyType(ctx, &organizations.DisablePolicyTypeInput{RootId: s(root), PolicyType: types.PolicyTypeTagPolicy}))
	fails(mc.DisablePolicyType(ctx, &organizations.DisablePolicyTypeInput{RootId: s(root), PolicyType: types.PolicyTypeTagPolicy}))

	// The tree.
	eng := *try(mc.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: s(root), Name: s("eng"),
		Tags: []types.Tag{{Key: s("team"), Value: s("platform")}}})).must(t).OrganizationalUnit.Id
	ops := *try(mc.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: s(root), Name: s("ops")})).must(t).OrganizationalUnit.Id
	dev := *try(mc.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: s(eng), Name: s("dev")})).must(t).OrganizationalUnit.Id
	fails(mc.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: s(root), Name: s("eng")}))
	ok(mc.DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: s(dev)}))
	ok(mc.UpdateOrganizationalUnit(ctx, &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: s(ops), Name: s("operations")}))
	page := try(mc.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: s(root), MaxResults: n(1)})).must(t)
	ok(mc.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: s(root), NextToken: page.NextToken}))
	fails(mc.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: s("ou-zzzz-zzzzzzzz")}))

	// Accounts.
	car := try(mc.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: s("dev"), Email: s("dev@example.com"),
		Tags: []types.Tag{{Key: s("env"), Value: s("dev")}}})).must(t).CreateAccountStatus
	acct := *try(mc.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: car.Id})).must(t).CreateAccountStatus.AccountId
	failed := try(mc.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: s("again"), Email: s("dev@example.com")})).must(t).CreateAccountStatus
	ok(mc.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: failed.Id}))
	ok(mc.ListCreateAccountStatus(ctx, &organizations.ListCreateAccountStatusInput{}))
	ok(mc.ListCreateAccountStatus(ctx, &organizations.ListCreateAccountStatusInput{States: []types.CreateAccountState{types.CreateAccountStateFailed}}))
	admin := *try(mc.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: s("admin"), Email: s("admin@example.com")})).must(t).CreateAccountStatus.Id
	admin = *try(mc.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: s(admin)})).must(t).CreateAccountStatus.AccountId
	ok(mc.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: s(acct)}))
	fails(mc.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: s("999999999999")}))
	accounts := try(mc.ListAccounts(ctx, &organizations.ListAccountsInput{MaxResults: n(2)})).must(t)
	ok(mc.ListAccounts(ctx, &organizations.ListAccountsInput{NextToken: accounts.NextToken}))
	fails(mc.ListAccounts(ctx, &organizations.ListAccountsInput{MaxResults: n(0)}))
	fails(mc.ListAccounts(ctx, &organizations.ListAccountsInput{MaxResults: n(21)}))
	ok(mc.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: s(acct), SourceParentId: s(root), DestinationParentId: s(dev)}))
	ok(mc.ListAccountsForParent(ctx, &organizations.ListAccountsForParentInput{ParentId: s(dev)}))
	ok(mc.ListChildren(ctx, &organizations.ListChildrenInput{ParentId: s(root), ChildType: types.ChildTypeOrganizationalUnit}))
	ok(mc.ListChildren(ctx, &organizations.ListChildrenInput{ParentId: s(root), ChildType: types.ChildTypeAccount}))
	ok(mc.ListParents(ctx, &organizations.ListParentsInput{ChildId: s(acct)}))

	// Delegation.
	ok(mc.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: s("chatbot.amazonaws.com")}))
	ok(mc.ListAWSServiceAccessForOrganization(ctx, &organizations.ListAWSServiceAccessForOrganizationInput{}))
	ok(mc.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: s(admin), ServicePrincipal: s("chatbot.amazonaws.com")}))
	fails(mc.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: s(admin), ServicePrincipal: s("chatbot.amazonaws.com")}))
	ok(mc.ListDelegatedAdministrators(ctx, &organizations.ListDelegatedAdministratorsInput{}))
	ok(mc.ListDelegatedServicesForAccount(ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: s(admin)}))
	ok(mc.DeregisterDelegatedAdministrator(ctx, &organizations.DeregisterDelegatedAdministratorInput{AccountId: s(admin), ServicePrincipal: s("chatbot.amazonaws.com")}))
	ok(mc.DisableAWSServiceAccess(ctx, &organizations.DisableAWSServiceAccessInput{ServicePrincipal: s("chatbot.amazonaws.com")}))

	// Tags.
	ok(mc.TagResource(ctx, &organizations.TagResourceInput{ResourceId: s(acct), Tags: []types.Tag{{Key: s("owner"), Value: s("alice")}, {Key: s("tier"), Value: s("")}}}))
	ok(mc.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: s(acct)}))
	ok(mc.UntagResource(ctx, &organizations.UntagResourceInput{ResourceId: s(acct), TagKeys: []string{"owner", "env"}}))
	ok(mc.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: s(acct)}))
	ok(mc.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: s(ops)}))

	// Policies, and an effective policy with a validation error.
	lock := try(mc.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: s("lock"), Description: s("workspaces W1 and W2 only"), Type: types.PolicyTypeChatbotPolicy,
		Content: s(`{"chatbot":{"platforms":{"slack":{"workspaces":{"@@operators_allowed_for_child_policies":["@@remove"],"@@assign":["W1","W2"]}}}}}`),
		Tags:    []types.Tag{{Key: s("kind"), Value: s("guardrail")}}})).must(t).Policy.PolicySummary.Id
	add := try(mc.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: s("add"), Description: s("adds W3"), Type: types.PolicyTypeChatbotPolicy,
		Content: s(`{"chatbot":{"platforms":{"slack":{"workspaces":{"@@append":["W3"]}}}}}`)})).must(t).Policy.PolicySummary.Id
	fails(mc.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: s("broken"), Description: s("x"), Type: types.PolicyTypeChatbotPolicy,
		Content: s(`{"chatbot":{"platforms":{"slak":{}}}}`)}))
	ok(mc.UpdatePolicy(ctx, &organizations.UpdatePolicyInput{PolicyId: add, Description: s("appends W3 <&>")}))
	ok(mc.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: lock}))
	ok(mc.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: s("p-FullAWSAccess")}))
	ok(mc.ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: types.PolicyTypeChatbotPolicy, MaxResults: n(1)}))
	ok(mc.ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: types.PolicyTypeServiceControlPolicy}))
	ok(mc.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: lock, TargetId: s(root)}))
	ok(mc.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: add, TargetId: s(dev)}))
	fails(mc.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: add, TargetId: s(dev)}))
	ok(mc.ListPoliciesForTarget(ctx, &organizations.ListPoliciesForTargetInput{TargetId: s(dev), Filter: types.PolicyTypeChatbotPolicy}))
	ok(mc.ListTargetsForPolicy(ctx, &organizations.ListTargetsForPolicyInput{PolicyId: lock}))
	ok(mc.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: s(acct)}))
	ok(mc.ListAccountsWithInvalidEffectivePolicy(ctx, &organizations.ListAccountsWithInvalidEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy}))
	ok(mc.ListEffectivePolicyValidationErrors(ctx, &organizations.ListEffectivePolicyValidationErrorsInput{AccountId: s(acct), PolicyType: types.EffectivePolicyTypeChatbotPolicy}))
	ok(mc.ListEffectivePolicyValidationErrors(ctx, &organizations.ListEffectivePolicyValidationErrorsInput{AccountId: s(admin), PolicyType: types.EffectivePolicyTypeChatbotPolicy}))
	ok(mc.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: add, TargetId: s(dev)}))
	fails(mc.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: add, TargetId: s(dev)}))
	ok(mc.DeletePolicy(ctx, &organizations.DeletePolicyInput{PolicyId: add}))
	fails(mc.DeletePolicy(ctx, &organizations.DeletePolicyInput{PolicyId: lock}))

	// The resource policy.
	fails(mc.DescribeResourcePolicy(ctx, &organizations.DescribeResourcePolicyInput{}))
	ok(mc.PutResourcePolicy(ctx, &organizations.PutResourcePolicyInput{Content: s(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::` + admin + `:root"},"Action":"organizations:DescribeOrganization","Resource":"*"}]}`),
		Tags: []types.Tag{{Key: s("purpose"), Value: s("read")}}}))
	ok(mc.DescribeResourcePolicy(ctx, &organizations.DescribeResourcePolicyInput{}))
	ok(mc.DeleteResourcePolicy(ctx, &organizations.DeleteResourcePolicyInput{}))

	// STS.
	sc := ws.sts(mgmt)
	ok(sc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	assumed := try(sc.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: s("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"),
		RoleSessionName: s("ops"), DurationSeconds: n(900)})).must(t).Credentials
	member := ws.config(*assumed.AccessKeyId, *assumed.SecretAccessKey, *assumed.SessionToken)
	ok(ws.sts(member).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	fails(sc.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: s("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"), RoleSessionName: s("x")}))
	fails(sc.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: s("arn:aws:iam::" + acct + ":role/Admin"), RoleSessionName: s("xx")}))
	fails(ws.sts(member).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: s("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"), RoleSessionName: s("xx")}))
	fails(mc.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: s("x"), Description: s("x"), Type: types.PolicyTypeChatbotPolicy, Content: s("{}")}))
	fails(ws.orgs(member).CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: s("x"), Description: s("x"), Type: types.PolicyTypeChatbotPolicy, Content: s("{}")}))

	// Membership: invitations answered three ways, listed, and leaving.
	soloID, soloCfg := ws.standalone("solo")
	solo := ws.orgs(soloCfg)
	inv := try(mc.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Type: types.HandshakePartyTypeAccount, Id: s(soloID)},
		Notes: s("welcome"), Tags: []types.Tag{{Key: s("joined"), Value: s("invited")}}})).must(t).Handshake
	ok(mc.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: inv.Id}))
	ok(solo.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{}))
	ok(solo.DeclineHandshake(ctx, &organizations.DeclineHandshakeInput{HandshakeId: inv.Id}))
	fails(solo.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: inv.Id}))
	inv = try(mc.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Type: types.HandshakePartyTypeEmail, Id: s("solo@example.com")}})).must(t).Handshake
	ok(mc.CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: inv.Id}))
	inv = try(mc.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Type: types.HandshakePartyTypeAccount, Id: s(soloID)}})).must(t).Handshake
	fails(mc.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Type: types.HandshakePartyTypeAccount, Id: s(soloID)}}))
	ok(solo.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: inv.Id}))
	ok(mc.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{MaxResults: n(2)}))
	ok(mc.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{Filter: &types.HandshakeFilter{ActionType: types.ActionTypeInviteAccountToOrganization}}))
	fails(mc.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{Filter: &types.HandshakeFilter{ActionType: types.ActionTypeInviteAccountToOrganization, ParentHandshakeId: inv.Id}}))
	fails(mc.EnableAllFeatures(ctx, &organizations.EnableAllFeaturesInput{}))
	ws.clock.advance(5 * 24 * time.Hour) // a created account may leave after four days
	ok(solo.LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{}))
	fails(mc.LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{}))
	ok(mc.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: s(admin)}))
	ok(mc.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: s(acct)}))
	fails(mc.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: s(acct)}))
	ok(mc.ListAccounts(ctx, &organizations.ListAccountsInput{}))

	// Requests the SDK would not send.
	at := time.Now()
	for _, body := range []string{`{"MaxResults":"many"}`, `{not json`, `{"MaxResults":1.5}`, `{"NextToken":7}`, ``} {
		ws.raw(signedRequest(t, ws.url, rootKey, rootSecret, "organizations", at, "ListRoots", body))
	}
	ws.raw(signedRequest(t, ws.url, rootKey, rootSecret, "organizations", at, "CreateOrganizationalUnit", `{"ParentId":"`+root+`","Name":"x","Tags":{"a":"b"}}`))
	ws.raw(signedRequest(t, ws.url, rootKey, rootSecret, "organizations", at, "InviteAccountToOrganization", `{"Target":"123456789012"}`))
	ws.raw(signedRequest(t, ws.url, rootKey, rootSecret, "organizations", at, "UpdatePolicy", `{"PolicyId":"`+*lock+`","Name":null,"description":"case"}`))
	ws.raw(signedRequest(t, ws.url, rootKey, rootSecret, "organizations", at, "ListHandshakesForOrganization", `{"Filter":{"ActionType":["INVITE"]}}`))
	ws.raw(signedRequest(t, ws.url, rootKey, rootSecret, "organizations", at, "InviteOrganizationToTransferResponsibility", `{}`))
	ws.raw(signedQuery(t, ws.url, rootKey, rootSecret, "", at, "Action=AssumeRole&Version=2011-06-15&RoleSessionName=ops&DurationSeconds=soon&RoleArn="+
		"arn%3Aaws%3Aiam%3A%3A"+acct+"%3Arole%2FOrganizationAccountAccessRole"))
	ws.raw(signedQuery(t, ws.url, rootKey, rootSecret, "", at, "Action=GetSessionToken&Version=2011-06-15"))
	ws.raw(signedQuery(t, ws.url, rootKey, rootSecret, "", at, "Action=AssumeRole&Version=2011-06-15&RoleSessionName=%zz"))

	fails(mc.DeleteOrganization(ctx, &organizations.DeleteOrganizationInput{}))
	ok(mc.DeleteOrganizationalUnit(ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: s(ops)}))
	fails(mc.DeleteOrganizationalUnit(ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: s(eng)}))
}

// wireBillingSession enables all features in an organization with
// consolidated billing only, and deletes the organization.
func wireBillingSession(t *testing.T, ws *wireServer) {
	ctx := context.Background()
	mc := ws.orgs(ws.config(rootKey, rootSecret, ""))
	ok := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ok(mc.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetConsolidatedBilling}))
	ok(mc.EnableAllFeatures(ctx, &organizations.EnableAllFeaturesInput{}))
	ok(mc.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{Filter: &types.HandshakeFilter{ActionType: types.ActionTypeEnableAllFeatures}}))
	ok(mc.DeleteOrganization(ctx, &organizations.DeleteOrganizationInput{}))
}
