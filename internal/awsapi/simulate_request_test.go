package awsapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/client"
)

// requestVerdict is simulate-request's answer.
type requestVerdict struct{ api.SimulateRequestOutput }

func (v requestVerdict) gates(i int) string {
	var parts []string
	for _, g := range v.Requests[i].Gates {
		parts = append(parts, g.Name+"="+g.Outcome)
	}
	return strings.Join(parts, " ")
}

func simulateRequest(t *testing.T, c *client.Client, in api.SimulateRequestInput) requestVerdict {
	t.Helper()
	out, err := c.SimulateRequest(context.Background(), in)
	if err != nil {
		t.Fatalf("simulate-request %+v: %v", in, err)
	}
	return requestVerdict{out}
}

// regionSCP denies everything outside eu-west-1, a global condition key
// that AWS's own simulator would skip the SCP for.
const regionSCP = `{"Version":"2012-10-17","Statement":[{"Sid":"EuOnly","Effect":"Deny","NotAction":"iam:*","Resource":"*",
  "Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}`

// TestSimulateRequest drives simulate-request through the server: the SCP
// chain with global condition keys, identity policies and guardrails, who
// may ask about which account, and bad requests.
func TestSimulateRequest(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	oc := ts.mgmtOrgs()
	root := ts.org()
	ou := ts.ou(root, "Workloads")
	acct, other, admin := ts.account("workload"), ts.account("other"), ts.account("admin")
	ts.move(acct, root, ou)
	scp := ts.createPolicy(oc, "eu-only", types.PolicyTypeServiceControlPolicy, regionSCP)
	ts.attach(oc, scp, ou)
	member := ts.chatgov(ts.assume(acct))
	bucket := "arn:aws:s3:::reports/q3.csv"

	// The SCP chain, with the global key evaluated.
	v := simulateRequest(t, member, api.SimulateRequestInput{Action: "s3:PutObject", Resources: []string{bucket},
		Context: map[string][]string{"aws:RequestedRegion": {"us-east-1"}}})
	if v.Decision != "DENIED" || v.Request.AccountID != acct || v.Request.PrincipalAccount != acct ||
		v.gates(0) != "service-control-policies=DENIED identity-policies=NOT_EVALUATED guardrails=NOT_EVALUATED" {
		t.Fatalf("outside eu-west-1: %+v", v)
	}
	g := v.Requests[0].Gates[0]
	if len(g.Levels) != 3 || g.Levels[1].NodeID != ou || g.Levels[1].Decision != "DENIED" ||
		!strings.Contains(g.Reason, "denies s3:PutObject: policy "+scp+" (eu-only) statement 0 (Sid EuOnly)") {
		t.Errorf("SCP gate %+v", g)
	}
	if got := v.Request.Context["aws:PrincipalAccount"]; len(got) != 1 || got[0] != acct {
		t.Errorf("context %v: aws:PrincipalAccount not filled", v.Request.Context)
	}
	v = simulateRequest(t, member, api.SimulateRequestInput{Action: "s3:PutObject", Resources: []string{bucket},
		Context: map[string][]string{"aws:RequestedRegion": {"eu-west-1"}}})
	if v.Decision != "ALLOWED" || v.Requests[0].Gates[0].Outcome != "ALLOWED" {
		t.Errorf("in eu-west-1: %+v", v)
	}

	// Identity policies and guardrails, with a variable-scoped Allow: the
	// team's own repository, never one whose name ends with the team's.
	teamPolicy := `{"Version":"2012-10-17","Statement":[{"Sid":"OwnRepository","Effect":"Allow","Action":"ecr:*",
	  "Resource":"arn:aws:ecr:eu-west-1:` + acct + `:repository/${aws:PrincipalTag/team}"}]}`
	in := api.SimulateRequestInput{Action: "ecr:PutImage", PrincipalArn: "arn:aws:sts::" + acct + ":assumed-role/ci/build",
		Resources:        []string{"arn:aws:ecr:eu-west-1:" + acct + ":repository/ops", "arn:aws:ecr:eu-west-1:" + acct + ":repository/devops"},
		Context:          map[string][]string{"aws:RequestedRegion": {"eu-west-1"}, "aws:PrincipalTag/team": {"ops"}},
		IdentityPolicies: []api.RequestPolicy{{PolicyName: "team-repos", PolicyDocument: teamPolicy}},
		Guardrails:       []api.RequestPolicy{{PolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess"}}}
	v = simulateRequest(t, member, in)
	if v.Decision != "DENIED" || len(v.Requests) != 2 || v.Requests[0].Decision != "ALLOWED" || v.Requests[1].Decision != "DENIED" ||
		v.gates(1) != "service-control-policies=ALLOWED identity-policies=DENIED guardrails=ALLOWED" {
		t.Fatalf("team repositories: %+v", v)
	}
	if st := v.Requests[0].Gates[1].Statements; len(st) != 1 || st[0].PolicyName != "team-repos" || st[0].Sid != "OwnRepository" {
		t.Errorf("identity statements %+v", st)
	}
	if got := v.Request.Context["aws:PrincipalArn"]; len(got) != 1 || got[0] != "arn:aws:sts::"+acct+":assumed-role/ci/build" {
		t.Errorf("aws:PrincipalArn %v", got)
	}
	in.Guardrails = []api.RequestPolicy{{PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"}}
	if v = simulateRequest(t, member, in); v.gates(0) != "service-control-policies=ALLOWED identity-policies=ALLOWED guardrails=DENIED" {
		t.Errorf("under ReadOnlyAccess: %+v", v)
	}

	// Who may ask about which account.
	_, err := member.SimulateRequest(ctx, api.SimulateRequestInput{AccountID: other, Action: "s3:GetObject"})
	wantClientErr(t, err, "AccessDeniedException", "may simulate requests in its own account only, not in account "+other)
	mc := ts.chatgov(ts.mgmt())
	if v = simulateRequest(t, mc, api.SimulateRequestInput{AccountID: acct, Action: "s3:GetObject"}); v.Decision != "DENIED" || v.Request.AccountID != acct {
		t.Errorf("the management account about the member: %+v", v)
	}
	if v = simulateRequest(t, mc, api.SimulateRequestInput{Action: "s3:GetObject"}); v.Decision != "ALLOWED" ||
		!strings.Contains(v.Requests[0].Gates[0].Reason, "SCPs do not apply to the management account") {
		t.Errorf("the management account about itself: %+v", v)
	}
	_, err = mc.SimulateRequest(ctx, api.SimulateRequestInput{AccountID: "999999999999", Action: "s3:GetObject"})
	wantClientErr(t, err, "ResourceNotFoundException", "account 999999999999 is not in organization")
	try(oc.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("chatbot.amazonaws.com")})).must(t)
	try(oc.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(admin),
		ServicePrincipal: aws.String("chatbot.amazonaws.com")})).must(t)
	if v = simulateRequest(t, ts.chatgov(ts.assume(admin)), api.SimulateRequestInput{AccountID: acct, Action: "s3:GetObject",
		Context: map[string][]string{"aws:RequestedRegion": {"eu-west-1"}}}); v.Decision != "ALLOWED" {
		t.Errorf("the delegated administrator about the member: %+v", v)
	}

	// Bad requests.
	for _, tt := range []struct {
		in       api.SimulateRequestInput
		contains string
	}{
		{api.SimulateRequestInput{Action: "s3:*"}, `Action "s3:*" is not an IAM action`},
		{api.SimulateRequestInput{Action: "s3:GetObject", Resources: []string{"bucket"}}, `Resources[0] "bucket" is not "*" or an ARN`},
		{api.SimulateRequestInput{Action: "s3:GetObject", PrincipalArn: "arn:aws:iam::" + other + ":role/x", PrincipalAccount: acct}, "is not the account of PrincipalArn"},
		{api.SimulateRequestInput{Action: "s3:GetObject", Context: map[string][]string{"a:b": {"1"}, "A:B": {"2"}}}, "are one key"},
		{api.SimulateRequestInput{Action: "s3:GetObject", IdentityPolicies: []api.RequestPolicy{{PolicyName: "bad",
			PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3","Resource":"*"}]}`}}},
			"IdentityPolicies[0] (bad) is not a valid IAM policy (1 problem): 1:65: $.Statement[0].Action"},
		{api.SimulateRequestInput{Action: "s3:GetObject", Guardrails: []api.RequestPolicy{{PolicyArn: "arn:aws:iam::aws:policy/NoSuch"}}},
			"is not an AWS managed policy chatgov holds"},
	} {
		_, err := member.SimulateRequest(ctx, tt.in)
		wantClientErr(t, err, "InvalidParameterException", tt.contains)
	}
	// A raw request: the typed client cannot send a member the operation does not know.
	err = member.Call(ctx, api.OpSimulateRequest, map[string]any{"Action": "s3:GetObject", "Principal": "x"}, nil)
	wantCode(t, err, api.CodeSerialization)
}
