package awsapi_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/client"
)

// commandVerdict is simulate-chat-command's answer.
type commandVerdict struct{ api.SimulateChatCommandOutput }

// gates returns "name=OUTCOME" for each gate of the first request.
func (v commandVerdict) gates() string {
	if len(v.Requests) == 0 {
		return ""
	}
	var parts []string
	for _, g := range v.Requests[0].Gates {
		parts = append(parts, g.Name+"="+g.Outcome)
	}
	return strings.Join(parts, " ")
}

func (v commandVerdict) reason(gate string) string {
	for _, g := range v.Requests[0].Gates {
		if g.Name == gate {
			return g.Reason
		}
	}
	return ""
}

func simulate(t *testing.T, c *client.Client, arn, command, user string) commandVerdict {
	t.Helper()
	out, err := c.SimulateChatCommand(context.Background(), api.SimulateChatCommandInput{ChatConfigurationArn: arn, Command: command, ChatUserID: user})
	if err != nil {
		t.Fatalf("simulate %q: %v", command, err)
	}
	return commandVerdict{out}
}

func wantClientErr(t *testing.T, err error, code, contains string) {
	t.Helper()
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Code != code || !strings.Contains(ce.Message, contains) {
		t.Errorf("got %v, want %s containing %q", err, code, contains)
	}
}

// TestSimulateChatCommand drives the seed's SCP (from chat, everything but
// lambda:InvokeFunction and ssm:StartAutomationExecution is denied)
// through the server, with guardrails, registered role permissions, user
// roles and the callers' permissions.
func TestSimulateChatCommand(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	ts, ctx := f.ts, context.Background()
	oc := ts.mgmtOrgs()
	seed, err := os.ReadFile("../../testdata/documents/valid/scp-blog-chat-guardrail.json")
	if err != nil {
		t.Fatal(err)
	}
	scp := ts.createPolicy(oc, "chat-guardrail", types.PolicyTypeServiceControlPolicy, string(seed))
	ts.attach(oc, scp, f.ou)
	member := ts.chatgov(ts.assume(f.acct))
	role := "arn:aws:iam::" + f.acct + ":role/chatbot-ops"
	try(f.cb.UpdateSlackChannelConfiguration(ctx, &chatbot.UpdateSlackChannelConfigurationInput{ChatConfigurationArn: aws.String(f.slack),
		SlackChannelId: aws.String("C0PRIVATE"), IamRoleArn: aws.String(role)})).must(t)

	// The seed's three cases.
	v := simulate(t, member, f.slack, "@aws rds delete-db-cluster --db-cluster-identifier prod --region us-east-1", "")
	if v.Decision != "DENIED" || v.Command.Action != "rds:DeleteDBCluster" || v.Requests[0].Resource != "arn:aws:rds:us-east-1:"+f.acct+":cluster:prod" ||
		v.gates() != "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=DENIED" {
		t.Errorf("rds from chat: %+v", v)
	}
	if r := v.reason("service-control-policies"); !strings.Contains(r, "denies rds:DeleteDBCluster: policy "+scp+" (chat-guardrail) statement 0") {
		t.Errorf("SCP reason %q", r)
	}
	scpGate := v.Requests[0].Gates[5]
	if len(scpGate.Levels) != 3 || scpGate.Levels[0].NodeID != f.root || scpGate.Levels[1].NodeID != f.ou || scpGate.Levels[1].Decision != "DENIED" ||
		scpGate.Levels[2].NodeID != f.acct || scpGate.Levels[2].Decision != "ALLOWED" {
		t.Errorf("SCP levels %+v", scpGate.Levels)
	}
	v = simulate(t, member, f.slack, "@aws lambda invoke --function-name deploy out.json", "")
	if v.Decision != "ALLOWED" || v.Command.Action != "lambda:InvokeFunction" || v.Requests[0].Resource != "arn:aws:lambda:us-east-1:"+f.acct+":function:deploy" {
		t.Errorf("lambda from chat: %+v", v)
	}
	v = simulate(t, member, f.slack, "@aws iam list-roles", "")
	if v.Decision != "DENIED" || !strings.Contains(v.gates(), "chatbot-blocked=DENIED") {
		t.Errorf("iam from chat: %+v", v)
	}

	// A guardrail: ReadOnlyAccess does not allow terminating instances;
	// the SCP is detached so that only the guardrail decides.
	try(oc.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String(scp), TargetId: aws.String(f.ou)})).must(t)
	try(f.cb.UpdateSlackChannelConfiguration(ctx, &chatbot.UpdateSlackChannelConfigurationInput{ChatConfigurationArn: aws.String(f.slack),
		SlackChannelId: aws.String("C0PRIVATE"), GuardrailPolicyArns: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}})).must(t)
	v = simulate(t, member, f.slack, "@aws ec2 terminate-instances --instance-ids i-0123456789abcdef0", "")
	if v.Decision != "DENIED" || !strings.Contains(v.gates(), "guardrails=DENIED") ||
		!strings.Contains(v.reason("guardrails"), "none of the guardrails allows ec2:TerminateInstances") {
		t.Errorf("terminate under ReadOnlyAccess: %+v", v)
	}
	if v = simulate(t, member, f.slack, "@aws ec2 describe-instances", ""); v.Decision != "ALLOWED" {
		t.Errorf("describe under ReadOnlyAccess: %+v", v)
	}

	// Registered role permissions: a customer managed policy and an inline one.
	pol := try(member.PutManagedPolicy(ctx, api.PutManagedPolicyInput{PolicyName: "describe-only", Path: "/chatops/",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}`})).must(t)
	if pol.Policy.PolicyArn != "arn:aws:iam::"+f.acct+":policy/chatops/describe-only" {
		t.Errorf("policy ARN %q", pol.Policy.PolicyArn)
	}
	try(member.PutRolePermissions(ctx, api.PutRolePermissionsInput{RoleArn: role, ManagedPolicyArns: []string{pol.Policy.PolicyArn},
		InlinePolicies: []api.InlinePolicy{{PolicyName: "logs", PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`}}})).must(t)
	v = simulate(t, member, f.slack, "@aws logs describe-log-groups", "")
	if v.Decision != "ALLOWED" || !strings.Contains(v.gates(), "role-permissions=ALLOWED") ||
		!strings.Contains(v.reason("role-permissions"), "policy "+role+"#logs (logs) statement 0") {
		t.Errorf("logs with the role's inline policy: %+v", v)
	}
	v = simulate(t, member, f.slack, "@aws cloudwatch describe-alarms", "")
	if v.Decision != "DENIED" || !strings.Contains(v.gates(), "guardrails=ALLOWED role-permissions=DENIED") {
		t.Errorf("cloudwatch without the role's permission: %+v", v)
	}

	// A member's own user role, mapped for the configuration.
	alice := "arn:aws:iam::" + f.acct + ":role/alice"
	try(member.PutUserIdentity(ctx, api.PutUserIdentityInput{ChatConfigurationArn: f.slack, ChatUserID: "U0ALICE", IamRoleArn: alice})).must(t)
	v = simulate(t, member, f.slack, "@aws cloudwatch describe-alarms", "U0ALICE")
	if v.Decision != "ALLOWED" || !strings.Contains(v.reason("role-setting"), "user role "+alice) ||
		!strings.Contains(v.reason("role-permissions"), alice+" are not registered") {
		t.Errorf("with alice's user role: %+v", v)
	}

	// Who may ask, and bad requests.
	if v = simulate(t, ts.chatgov(ts.mgmt()), f.slack, "@aws ec2 describe-instances", ""); v.Decision != "ALLOWED" {
		t.Errorf("the management account's simulation: %+v", v)
	}
	other := ts.account("other")
	_, err = ts.chatgov(ts.assume(other)).SimulateChatCommand(ctx, api.SimulateChatCommandInput{ChatConfigurationArn: f.slack, Command: "@aws ec2 describe-instances"})
	wantClientErr(t, err, "AccessDeniedException", "own account's configurations only")
	_, err = member.SimulateChatCommand(ctx, api.SimulateChatCommandInput{ChatConfigurationArn: strings.Replace(f.slack, "/ops", "/nope", 1), Command: "@aws ec2 describe-instances"})
	wantClientErr(t, err, "ResourceNotFoundException", "there is no configuration")
	_, err = member.SimulateChatCommand(ctx, api.SimulateChatCommandInput{ChatConfigurationArn: f.slack, Command: "@aws ec2 describe-instancs"})
	wantClientErr(t, err, "InvalidParameterException", "describe-instances")
	_, err = member.SimulateChatCommand(ctx, api.SimulateChatCommandInput{ChatConfigurationArn: f.slack})
	wantClientErr(t, err, "InvalidParameterException", "Command is required")

	// Registrations: checked, owned, listed, and kept across a restart.
	_, err = member.PutRolePermissions(ctx, api.PutRolePermissionsInput{RoleArn: role, ManagedPolicyArns: []string{"arn:aws:iam::aws:policy/NoSuchPolicy"}})
	wantClientErr(t, err, "ResourceNotFoundException", "does not know the managed policy arn:aws:iam::aws:policy/NoSuchPolicy")
	_, err = member.PutRolePermissions(ctx, api.PutRolePermissionsInput{RoleArn: role, InlinePolicies: []api.InlinePolicy{{PolicyName: "bad",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2","Resource":"*"}]}`}}})
	wantClientErr(t, err, "InvalidParameterException", `inline policy "bad" is not a valid IAM policy (1 problem): $.Statement[0].Action`)
	_, err = ts.chatgov(ts.assume(other)).PutRolePermissions(ctx, api.PutRolePermissionsInput{RoleArn: role})
	wantClientErr(t, err, "AccessDeniedException", "only that account and the organization's management account")
	ts.restart()
	member = ts.chatgov(ts.assume(f.acct))
	regs := try(member.ListIAMRegistrations(ctx, api.ListIAMRegistrationsInput{})).must(t)
	if len(regs.RolePermissions) != 1 || regs.RolePermissions[0].RoleArn != role || len(regs.RolePermissions[0].InlinePolicies) != 1 ||
		len(regs.ManagedPolicies) != 1 || !strings.Contains(regs.ManagedPolicies[0].PolicyDocument, "ec2:Describe*") {
		t.Errorf("registrations after a restart: %+v", regs)
	}
	if v = simulate(t, member, f.slack, "@aws cloudwatch describe-alarms", ""); !strings.Contains(v.gates(), "role-permissions=DENIED") {
		t.Errorf("after a restart: %+v", v)
	}
	try(member.DeleteRolePermissions(ctx, api.DeleteRolePermissionsInput{RoleArn: role})).must(t)
	_, err = member.GetRolePermissions(ctx, api.GetRolePermissionsInput{RoleArn: role})
	wantClientErr(t, err, "ResourceNotFoundException", "no permissions are registered")
	try(member.DeleteManagedPolicy(ctx, api.DeleteManagedPolicyInput{PolicyArn: pol.Policy.PolicyArn})).must(t)
}
