package awsapi_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/chatgov/chatgov/internal/client"
)

// commandVerdict is simulate-chat-command's answer.
type commandVerdict struct {
	Decision string
	Command  struct {
		Service, Operation, Action, Region string
		Resources                          []string
	}
	Requests []struct {
		Action, Resource, Decision string
		Gates                      []struct {
			Name, Outcome, Reason string
			Statements            []struct {
				PolicyId, PolicyName, Sid, Effect, Description string
				StatementIndex                                 int
			}
			Levels []struct{ NodeId, NodeType, NodeName, Decision, Reason string }
		}
	}
}

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
	var v commandVerdict
	in := map[string]any{"ChatConfigurationArn": arn, "Command": command}
	if user != "" {
		in["ChatUserId"] = user
	}
	if err := c.Call(context.Background(), "simulate-chat-command", in, &v); err != nil {
		t.Fatalf("simulate %q: %v", command, err)
	}
	return v
}

func wantClientErr(t *testing.T, err error, code, contains string) {
	t.Helper()
	ce, ok := err.(*client.Error)
	if !ok || ce.Code != code || !strings.Contains(ce.Message, contains) {
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
	if len(scpGate.Levels) != 3 || scpGate.Levels[0].NodeId != f.root || scpGate.Levels[1].NodeId != f.ou || scpGate.Levels[1].Decision != "DENIED" ||
		scpGate.Levels[2].NodeId != f.acct || scpGate.Levels[2].Decision != "ALLOWED" {
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
	var pol struct{ Policy struct{ PolicyArn string } }
	try(0, member.Call(ctx, "put-managed-policy", map[string]any{"PolicyName": "describe-only", "Path": "/chatops/",
		"PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}`}, &pol)).must(t)
	if pol.Policy.PolicyArn != "arn:aws:iam::"+f.acct+":policy/chatops/describe-only" {
		t.Errorf("policy ARN %q", pol.Policy.PolicyArn)
	}
	try(0, member.Call(ctx, "put-role-permissions", map[string]any{"RoleArn": role, "ManagedPolicyArns": []string{pol.Policy.PolicyArn},
		"InlinePolicies": []map[string]string{{"PolicyName": "logs", "PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`}}}, nil)).must(t)
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
	try(0, member.Call(ctx, "put-user-identity", map[string]any{"ChatConfigurationArn": f.slack, "ChatUserId": "U0ALICE", "IamRoleArn": alice}, nil)).must(t)
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
	err = ts.chatgov(ts.assume(other)).Call(ctx, "simulate-chat-command", map[string]any{"ChatConfigurationArn": f.slack, "Command": "@aws ec2 describe-instances"}, nil)
	wantClientErr(t, err, "AccessDeniedException", "own account's configurations only")
	err = member.Call(ctx, "simulate-chat-command", map[string]any{"ChatConfigurationArn": strings.Replace(f.slack, "/ops", "/nope", 1), "Command": "@aws ec2 describe-instances"}, nil)
	wantClientErr(t, err, "ResourceNotFoundException", "there is no configuration")
	err = member.Call(ctx, "simulate-chat-command", map[string]any{"ChatConfigurationArn": f.slack, "Command": "@aws ec2 describe-instancs"}, nil)
	wantClientErr(t, err, "InvalidParameterException", "describe-instances")
	err = member.Call(ctx, "simulate-chat-command", map[string]any{"ChatConfigurationArn": f.slack}, nil)
	wantClientErr(t, err, "InvalidParameterException", "Command is required")

	// Registrations: checked, owned, listed, and kept across a restart.
	err = member.Call(ctx, "put-role-permissions", map[string]any{"RoleArn": role, "ManagedPolicyArns": []string{"arn:aws:iam::aws:policy/NoSuchPolicy"}}, nil)
	wantClientErr(t, err, "ResourceNotFoundException", "does not know the managed policy arn:aws:iam::aws:policy/NoSuchPolicy")
	err = member.Call(ctx, "put-role-permissions", map[string]any{"RoleArn": role, "InlinePolicies": []map[string]string{{"PolicyName": "bad",
		"PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2","Resource":"*"}]}`}}}, nil)
	wantClientErr(t, err, "InvalidParameterException", `inline policy "bad" is not a valid IAM policy (1 problem): $.Statement[0].Action`)
	err = ts.chatgov(ts.assume(other)).Call(ctx, "put-role-permissions", map[string]any{"RoleArn": role}, nil)
	wantClientErr(t, err, "AccessDeniedException", "only that account and the organization's management account")
	ts.restart()
	member = ts.chatgov(ts.assume(f.acct))
	var regs struct {
		RolePermissions []struct {
			RoleArn           string
			ManagedPolicyArns []string
			InlinePolicies    []struct{ PolicyName, PolicyDocument string }
		}
		ManagedPolicies []struct{ PolicyArn, PolicyDocument string }
	}
	try(0, member.Call(ctx, "list-iam-registrations", map[string]any{}, &regs)).must(t)
	if len(regs.RolePermissions) != 1 || regs.RolePermissions[0].RoleArn != role || len(regs.RolePermissions[0].InlinePolicies) != 1 ||
		len(regs.ManagedPolicies) != 1 || !strings.Contains(regs.ManagedPolicies[0].PolicyDocument, "ec2:Describe*") {
		t.Errorf("registrations after a restart: %+v", regs)
	}
	if v = simulate(t, member, f.slack, "@aws cloudwatch describe-alarms", ""); !strings.Contains(v.gates(), "role-permissions=DENIED") {
		t.Errorf("after a restart: %+v", v)
	}
	try(0, member.Call(ctx, "delete-role-permissions", map[string]any{"RoleArn": role}, nil)).must(t)
	err = member.Call(ctx, "get-role-permissions", map[string]any{"RoleArn": role}, nil)
	wantClientErr(t, err, "ResourceNotFoundException", "no permissions are registered")
	try(0, member.Call(ctx, "delete-managed-policy", map[string]any{"PolicyArn": pol.Policy.PolicyArn}, nil)).must(t)
}
