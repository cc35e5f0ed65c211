package awsapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/store/postgres/pgtest"
)

// apiCode returns the error code of an SDK error.
func apiCode(t *testing.T, err error) string {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an API error", err)
	}
	return ae.ErrorCode()
}

func TestSignatureVerification(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	ts.org()

	tests := []struct {
		name string
		cfg  aws.Config
		code string
	}{
		{"wrong secret", ts.awsConfig(rootKey, "not-the-secret-at-all-000000", ""), "InvalidSignatureException"},
		{"unknown key", ts.awsConfig("AKIAUNKNOWNKEY000001", rootSecret, ""), "UnrecognizedClientException"},
		{"token on a long-term key", ts.awsConfig(rootKey, rootSecret, "some-token"), "UnrecognizedClientException"},
	}
	for _, tt := range tests {
		_, err := ts.orgs(tt.cfg).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
		if code := apiCode(t, err); code != tt.code {
			t.Errorf("%s: code %s, want %s", tt.name, code, tt.code)
		}
	}
	// Any region works: one endpoint serves them all.
	for _, region := range []string{"us-east-1", "eu-west-3", "ap-southeast-2"} {
		cfg := ts.mgmt()
		cfg.Region = region
		if _, err := ts.orgs(cfg).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{}); err != nil {
			t.Errorf("region %s: %v", region, err)
		}
	}
}

// signedRequest builds an Organizations request signed by the SDK's signer
// at the given time, for the given service.
func signedRequest(t *testing.T, url, key, secret, service string, at time.Time, target, body string) *http.Request {
	t.Helper()
	return signedRequestToken(t, url, key, secret, "", service, at, target, body)
}

func signedRequestToken(t *testing.T, url, key, secret, token, service string, at time.Time, target, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128."+target)
	sign(t, req, body, key, secret, token, service, at)
	return req
}

// signedQuery builds an STS (awsQuery) request.
func signedQuery(t *testing.T, url, key, secret, token string, at time.Time, form string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	sign(t, req, form, key, secret, token, "sts", at)
	return req
}

func sign(t *testing.T, req *http.Request, body, key, secret, token, service string, at time.Time) {
	t.Helper()
	sum := sha256.Sum256([]byte(body))
	err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret, SessionToken: token},
		req, hex.EncodeToString(sum[:]), service, "us-east-1", at)
	if err != nil {
		t.Fatal(err)
	}
}

type errorBody struct {
	Type    string `json:"__type"`
	Message string `json:"Message"`
}

func do(t *testing.T, req *http.Request) (int, errorBody, http.Header) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var e errorBody
	_ = json.Unmarshal(b, &e)
	return resp.StatusCode, e, resp.Header
}

func TestRawRequests(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *config.Config) { c.MaxBodyBytes = 4096 })
	ts.org()
	url := ts.srv.URL()
	now := ts.clock.now()

	// Unsigned.
	req, _ := http.NewRequest(http.MethodPost, url+"/", strings.NewReader("{}"))
	req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128.DescribeOrganization")
	if status, e, _ := do(t, req); status != 403 || e.Type != "MissingAuthenticationTokenException" {
		t.Errorf("unsigned: %d %+v", status, e)
	}
	// Signed correctly, for comparison.
	if status, e, h := do(t, signedRequest(t, url, rootKey, rootSecret, "organizations", now, "DescribeOrganization", "{}")); status != 200 || h.Get("X-Amzn-RequestId") == "" {
		t.Errorf("signed: %d %+v", status, e)
	}
	// Outside the 15-minute window.
	if status, e, _ := do(t, signedRequest(t, url, rootKey, rootSecret, "organizations", now.Add(-20*time.Minute), "DescribeOrganization", "{}")); status != 403 ||
		e.Type != "InvalidSignatureException" || !strings.Contains(e.Message, "Signature expired") {
		t.Errorf("skewed: %d %+v", status, e)
	}
	// Scoped to another service.
	if status, e, _ := do(t, signedRequest(t, url, rootKey, rootSecret, "chatbot", now, "DescribeOrganization", "{}")); status != 403 ||
		e.Type != "InvalidSignatureException" || !strings.Contains(e.Message, "organizations") {
		t.Errorf("other service: %d %+v", status, e)
	}
	// A body changed after signing.
	req = signedRequest(t, url, rootKey, rootSecret, "organizations", now, "ListRoots", "{}")
	req.Body = io.NopCloser(strings.NewReader(`{"MaxResults":5}`))
	req.ContentLength = int64(len(`{"MaxResults":5}`))
	if status, e, _ := do(t, req); status != 403 || e.Type != "InvalidSignatureException" {
		t.Errorf("tampered: %d %+v", status, e)
	}
	// A body swapped under a stated payload hash.
	req, _ = http.NewRequest(http.MethodPost, url+"/", strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128.ListRoots")
	sum := sha256.Sum256([]byte("{}"))
	req.Header.Set("X-Amz-Content-Sha256", hex.EncodeToString(sum[:]))
	sign(t, req, "{}", rootKey, rootSecret, "", "organizations", now)
	req.Body = io.NopCloser(strings.NewReader(`{"MaxResults":5}`))
	req.ContentLength = int64(len(`{"MaxResults":5}`))
	if status, e, _ := do(t, req); status != 403 || e.Type != "InvalidSignatureException" || !strings.Contains(e.Message, "X-Amz-Content-Sha256") {
		t.Errorf("swapped body under a stated hash: %d %+v", status, e)
	}
	// Malformed JSON and wrong member types.
	if status, e, _ := do(t, signedRequest(t, url, rootKey, rootSecret, "organizations", now, "ListRoots", "{not json")); status != 400 || e.Type != "SerializationException" {
		t.Errorf("malformed: %d %+v", status, e)
	}
	if status, e, _ := do(t, signedRequest(t, url, rootKey, rootSecret, "organizations", now, "ListRoots", `{"MaxResults":"many"}`)); status != 400 ||
		e.Type != "SerializationException" || !strings.Contains(e.Message, "MaxResults") {
		t.Errorf("wrong type: %d %+v", status, e)
	}
	// An unknown operation.
	if status, e, _ := do(t, signedRequest(t, url, rootKey, rootSecret, "organizations", now, "InviteOrganizationToTransferResponsibility", "{}")); status != 400 || e.Type != "UnknownOperationException" {
		t.Errorf("unknown op: %d %+v", status, e)
	}
	// A body over the limit.
	big := `{"Name":"` + strings.Repeat("x", 5000) + `"}`
	if status, e, _ := do(t, signedRequest(t, url, rootKey, rootSecret, "organizations", now, "CreatePolicy", big)); status != 413 || e.Type != "RequestEntityTooLargeException" {
		t.Errorf("too big: %d %+v", status, e)
	}
	// Health, and no emulator reset without the flag.
	resp, err := http.Get(url + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("healthz: %v %v", resp, err)
	}
	resp, err = http.Post(url+"/moto-api/reset", "application/json", bytes.NewReader(nil))
	if err != nil || resp.StatusCode == 200 {
		t.Errorf("reset without --emulator: %v %v", resp.Status, err)
	}
}

func TestSTSAndSessions(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	ts.org()
	member := ts.account("member")

	id := try(ts.sts(ts.mgmt()).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})).must(t)
	if *id.Account != mgmtAccount || *id.Arn != "arn:aws:iam::"+mgmtAccount+":root" {
		t.Errorf("management identity %+v", id)
	}
	out := try(ts.sts(ts.mgmt()).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("ops"),
		DurationSeconds: aws.Int32(900)})).must(t)
	cr := out.Credentials
	if !strings.HasPrefix(*cr.AccessKeyId, "ASIA") || *cr.SessionToken == "" || cr.Expiration == nil ||
		*out.AssumedRoleUser.Arn != "arn:aws:sts::"+member+":assumed-role/OrganizationAccountAccessRole/ops" {
		t.Errorf("assumed %+v %+v", cr, out.AssumedRoleUser)
	}
	memberCfg := ts.awsConfig(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken)
	mid := try(ts.sts(memberCfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})).must(t)
	if *mid.Account != member || *mid.Arn != *out.AssumedRoleUser.Arn || !strings.HasSuffix(*mid.UserId, ":ops") {
		t.Errorf("member identity %+v", mid)
	}
	// The session token is required with its key.
	_, err := ts.sts(ts.awsConfig(*cr.AccessKeyId, *cr.SecretAccessKey, "")).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if code := apiCode(t, err); code != "InvalidClientTokenId" {
		t.Errorf("missing token: %s", code)
	}
	// Only the management account may assume the role; roles that were not created are refused.
	_, err = ts.sts(memberCfg).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole"),
		RoleSessionName: aws.String("again")})
	if code := apiCode(t, err); code != "AccessDenied" {
		t.Errorf("member assuming: %s", code)
	}
	_, err = ts.sts(ts.mgmt()).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + member + ":role/Admin"), RoleSessionName: aws.String("xx")})
	if code := apiCode(t, err); code != "AccessDenied" {
		t.Errorf("unknown role: %s", code)
	}
	_, err = ts.sts(ts.mgmt()).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole"),
		RoleSessionName: aws.String("xx"), DurationSeconds: aws.Int32(60)})
	if code := apiCode(t, err); code != "ValidationError" {
		t.Errorf("short duration: %s", code)
	}
	// Sessions expire. The SDK signs with the real clock, so these requests
	// are signed at the server's (moved) time.
	ts.clock.advance(901 * time.Second)
	at := ts.clock.now()
	req := signedRequestToken(t, ts.srv.URL(), *cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken, "organizations", at, "DescribeOrganization", "{}")
	if status, e, _ := do(t, req); status != 403 || e.Type != "ExpiredTokenException" {
		t.Errorf("expired session on Organizations: %d %+v", status, e)
	}
	req = signedQuery(t, ts.srv.URL(), *cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken, at, "Action=GetCallerIdentity&Version=2011-06-15")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || !strings.Contains(string(body), "<Code>ExpiredToken</Code>") {
		t.Errorf("expired session on STS: %d %s", resp.StatusCode, body)
	}

	// Issuing a session sweeps the expired ones from the store; the
	// expired session still reads as expired, also after a restart,
	// because its token says so.
	req = signedQuery(t, ts.srv.URL(), rootKey, rootSecret, "", at, "Action=AssumeRole&Version=2011-06-15&RoleSessionName=later&RoleArn="+
		"arn%3Aaws%3Aiam%3A%3A"+member+"%3Arole%2FOrganizationAccountAccessRole")
	if status, _, _ := do(t, req); status != 200 {
		t.Fatalf("a new session: %d", status)
	}
	for _, phase := range []string{"after the sweep", "after a restart"} {
		at = ts.clock.now()
		req = signedRequestToken(t, ts.srv.URL(), *cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken, "organizations", at, "DescribeOrganization", "{}")
		if status, e, _ := do(t, req); status != 403 || e.Type != "ExpiredTokenException" {
			t.Errorf("%s, expired session on Organizations: %d %+v", phase, status, e)
		}
		req = signedQuery(t, ts.srv.URL(), *cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken, at, "Action=GetCallerIdentity&Version=2011-06-15")
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 403 || !strings.Contains(string(body), "<Code>ExpiredToken</Code>") {
			t.Errorf("%s, expired session on STS: %d %s", phase, resp.StatusCode, body)
		}
		ts.restart()
	}
	// A token is bound to its key and cannot be altered: with another key,
	// or changed, it is merely invalid.
	at = ts.clock.now()
	tampered := []byte(*cr.SessionToken)
	tampered[20] ^= 1
	for name, key := range map[string][2]string{
		"another key with the token": {"ASIAUNKNOWNKEY000001", *cr.SessionToken},
		"an altered token":           {*cr.AccessKeyId, string(tampered)},
		"no token":                   {*cr.AccessKeyId, ""},
	} {
		req = signedRequestToken(t, ts.srv.URL(), key[0], *cr.SecretAccessKey, key[1], "organizations", at, "DescribeOrganization", "{}")
		if status, e, _ := do(t, req); status != 403 || e.Type != "UnrecognizedClientException" {
			t.Errorf("%s: %d %+v", name, status, e)
		}
	}
}

func TestCallerAuthorization(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	mc := ts.mgmtOrgs()
	root := ts.org()
	ts.enable(root, types.PolicyTypeChatbotPolicy)
	ts.enable(root, types.PolicyTypeTagPolicy)
	admin := ts.account("chat-admin")
	member := ts.account("member")
	other := ts.account("other")
	base := ts.createPolicy(mc, "base", types.PolicyTypeChatbotPolicy, `{"chatbot":{"default":{"client":{"@@assign":"enabled"}}}}`)
	ts.attach(mc, base, root)

	memberC := ts.orgs(ts.assume(member))
	// A member may describe the organization and its own effective policies, nothing more.
	try(memberC.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})).must(t)
	own := try(memberC.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy})).must(t)
	if *own.EffectivePolicy.TargetId != member {
		t.Errorf("own effective policy of %s", *own.EffectivePolicy.TargetId)
	}
	forbidden := map[string]func() error{
		"DescribeEffectivePolicy of another account": func() error {
			_, err := memberC.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(other)})
			return err
		},
		"ListAccounts": func() error { _, err := memberC.ListAccounts(ctx, &organizations.ListAccountsInput{}); return err },
		"CreatePolicy": func() error {
			_, err := memberC.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("m"), Description: aws.String(""), Type: types.PolicyTypeChatbotPolicy, Content: aws.String(`{"chatbot":{}}`)})
			return err
		},
		"DetachPolicy": func() error {
			_, err := memberC.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String(base), TargetId: aws.String(root)})
			return err
		},
		"CreateAccount": func() error {
			_, err := memberC.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("x"), Email: aws.String("x@example.com")})
			return err
		},
	}
	for name, call := range forbidden {
		t.Run(name, func(t *testing.T) { wantErr[*types.AccessDeniedException](t, call()) })
	}

	// Registering a delegated administrator needs trusted access first.
	_, err := mc.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(admin), ServicePrincipal: aws.String("chatbot.amazonaws.com")})
	if cv := wantErr[*types.ConstraintViolationException](t, err); cv.Reason != types.ConstraintViolationExceptionReasonServiceAccessNotEnabled {
		t.Errorf("reason %s", cv.Reason)
	}
	try(mc.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("chatbot.amazonaws.com")})).must(t)
	try(mc.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(admin), ServicePrincipal: aws.String("chatbot.amazonaws.com")})).must(t)
	_, err = mc.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(admin), ServicePrincipal: aws.String("chatbot.amazonaws.com")})
	wantErr[*types.AccountAlreadyRegisteredException](t, err)
	_, err = mc.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(mgmtAccount), ServicePrincipal: aws.String("chatbot.amazonaws.com")})
	wantErr[*types.ConstraintViolationException](t, err)
	admins := try(mc.ListDelegatedAdministrators(ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String("chatbot.amazonaws.com")})).must(t)
	if len(admins.DelegatedAdministrators) != 1 || *admins.DelegatedAdministrators[0].Id != admin || admins.DelegatedAdministrators[0].DelegationEnabledDate == nil {
		t.Errorf("admins %+v", admins.DelegatedAdministrators)
	}

	// The chatbot delegated administrator manages chat applications policies (D13)...
	adminC := ts.orgs(ts.assume(admin))
	pid := ts.createPolicy(adminC, "from-admin", types.PolicyTypeChatbotPolicy, `{"chatbot":{"platforms":{"chime":{"client":{"@@assign":"disabled"}}}}}`)
	ts.attach(adminC, pid, member)
	try(adminC.ListAccounts(ctx, &organizations.ListAccountsInput{})).must(t)
	eff := try(adminC.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(member)})).must(t)
	if !strings.Contains(*eff.EffectivePolicy.PolicyContent, `"chime":{"client":"disabled"}`) {
		t.Errorf("effective %s", *eff.EffectivePolicy.PolicyContent)
	}
	// ...and nothing else of the organization.
	_, err = adminC.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("t"), Description: aws.String(""), Type: types.PolicyTypeTagPolicy, Content: aws.String(`{"tags":{}}`)})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = adminC.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("x")})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = adminC.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeBackupPolicy})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = adminC.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("s"), Description: aws.String(""),
		Type: types.PolicyTypeServiceControlPolicy, Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`)})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = adminC.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(member)})
	wantErr[*types.AccessDeniedException](t, err)
	// It reads the organization's policies of every type, as a delegated
	// administrator has read-only access to the organization's data.
	scps := try(adminC.ListPoliciesForTarget(ctx, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(member), Filter: types.PolicyTypeServiceControlPolicy})).must(t)
	if len(scps.Policies) != 1 || *scps.Policies[0].Id != "p-FullAWSAccess" {
		t.Errorf("SCPs read by the delegated administrator: %+v", scps.Policies)
	}
	try(adminC.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String("p-FullAWSAccess")})).must(t)

	// Deregistered, it is a plain member again.
	try(mc.DeregisterDelegatedAdministrator(ctx, &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(admin), ServicePrincipal: aws.String("chatbot.amazonaws.com")})).must(t)
	_, err = adminC.ListAccounts(ctx, &organizations.ListAccountsInput{})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = mc.ListDelegatedServicesForAccount(ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(admin)})
	wantErr[*types.AccountNotRegisteredException](t, err)
}

func TestEmulatorMode(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *config.Config) { c.Emulator = true })
	ctx := context.Background()
	anyone := ts.awsConfig("AKIAANYTHINGATALL001", "whatever", "")
	id := try(ts.sts(anyone).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})).must(t)
	if *id.Account != "123456789012" {
		t.Errorf("emulator account %s", *id.Account)
	}
	try(ts.orgs(anyone).CreateOrganization(ctx, &organizations.CreateOrganizationInput{})).must(t)
	// A known key keeps its account, whatever the secret.
	known := try(ts.sts(ts.awsConfig(rootKey, "wrong", "")).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})).must(t)
	if *known.Account != mgmtAccount {
		t.Errorf("known key account %s", *known.Account)
	}
	// Chat data of the account: a configuration, a directory entry, preferences.
	cb := ts.chatbot(anyone)
	if _, err := ts.chatgov(anyone).PutSlackChannel(ctx, api.PutSlackChannelInput{SlackTeamID: "T0AAAAAAA", SlackTeamName: "Ops",
		SlackChannelID: "C0PRIVATE", SlackChannelName: "ops", ChannelVisibility: "private"}); err != nil {
		t.Fatal(err)
	}
	try(cb.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String("ops"),
		SlackTeamId: aws.String("T0AAAAAAA"), SlackChannelId: aws.String("C0PRIVATE"), IamRoleArn: aws.String(opsRole)})).must(t)
	try(cb.UpdateAccountPreferences(ctx, &chatbot.UpdateAccountPreferencesInput{UserAuthorizationRequired: aws.Bool(true)})).must(t)
	stacks := ts.cloudformation(anyone)
	try(stacks.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("s"), TemplateBody: aws.String(
		`{"Resources":{"R":{"Type":"AWS::Organizations::ResourcePolicy","Properties":{"Content":"{}"}}}}`)})).must(t)

	resp, err := http.Post(ts.srv.URL()+"/moto-api/reset", "application/json", nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("reset: %v %v", resp, err)
	}
	// Everything is gone, and stays gone after a restart.
	for _, phase := range []string{"after the reset", "after a restart"} {
		_, err = ts.orgs(anyone).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
		wantErr[*types.AWSOrganizationsNotInUseException](t, err)
		cfgs := try(cb.DescribeSlackChannelConfigurations(ctx, &chatbot.DescribeSlackChannelConfigurationsInput{})).must(t)
		if len(cfgs.SlackChannelConfigurations) != 0 {
			t.Errorf("%s: %d configurations", phase, len(cfgs.SlackChannelConfigurations))
		}
		ws := try(cb.DescribeSlackWorkspaces(ctx, &chatbot.DescribeSlackWorkspacesInput{})).must(t)
		if len(ws.SlackWorkspaces) != 0 {
			t.Errorf("%s: %d workspaces", phase, len(ws.SlackWorkspaces))
		}
		if list := try(stacks.ListStacks(ctx, &cloudformation.ListStacksInput{})).must(t); len(list.StackSummaries) != 0 {
			t.Errorf("%s: %d stacks", phase, len(list.StackSummaries))
		}
		prefs := try(cb.GetAccountPreferences(ctx, &chatbot.GetAccountPreferencesInput{})).must(t)
		if aws.ToBool(prefs.AccountPreferences.UserAuthorizationRequired) {
			t.Errorf("%s: preferences %+v", phase, prefs.AccountPreferences)
		}
		ts.restart()
	}
}

// TestStateSurvivesRestart checks, on each store, that every acknowledged
// write is there after a restart.
func TestStateSurvivesRestart(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		survivesRestart(t, startServer(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		url := pgtest.Schema(t)
		survivesRestart(t, startServer(t, func(c *config.Config) { c.Store = url }))
	})
}

func survivesRestart(t *testing.T, ts *testServer) {
	ctx := context.Background()
	c := ts.mgmtOrgs()
	root := ts.org()
	ts.enable(root, types.PolicyTypeChatbotPolicy)
	ou := ts.ou(root, "Workloads")
	acct := ts.account("workload")
	ts.move(acct, root, ou)
	pid := ts.createPolicy(c, "p", types.PolicyTypeChatbotPolicy, `{"chatbot":{"default":{"client":{"@@assign":"disabled"}}}}`)
	ts.attach(c, pid, ou)
	memberCfg := ts.assume(acct)
	stackID := try(ts.cloudformation(ts.mgmt()).CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("s"),
		TemplateBody: aws.String(figure4(t))})).must(t).StackId
	before := try(c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(acct)})).must(t)

	ts.restart()
	c = ts.mgmtOrgs()
	after := try(c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(acct)})).must(t)
	if *after.EffectivePolicy.PolicyContent != *before.EffectivePolicy.PolicyContent {
		t.Errorf("effective policy changed across a restart:\n%s\n%s", *before.EffectivePolicy.PolicyContent, *after.EffectivePolicy.PolicyContent)
	}
	parents := try(c.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(acct)})).must(t)
	if *parents.Parents[0].Id != ou {
		t.Errorf("parent after restart %s", *parents.Parents[0].Id)
	}
	// So does the stack, with its events.
	stacks := try(ts.cloudformation(ts.mgmt()).DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: stackID})).must(t).Stacks
	if len(stacks) != 1 || stacks[0].StackStatus != cfntypes.StackStatusCreateComplete {
		t.Errorf("stack after restart %+v", stacks)
	}
	// The member's session survives too.
	own := try(ts.orgs(memberCfg).DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy})).must(t)
	if *own.EffectivePolicy.TargetId != acct {
		t.Errorf("member after restart %+v", own.EffectivePolicy)
	}
}
