package chatauthz_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/chatauthz"
	"github.com/chatgov/chatgov/internal/iam"
)

const (
	slackARN = "arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops"
	roleARN  = "arn:aws:iam::111122223333:role/chatbot-ops"
)

func mustParse(t testing.TB, name, content string) iam.Named {
	t.Helper()
	p, err := iam.Parse(content, iam.SCP)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return iam.Named{ID: "p-" + name, Name: name, Policy: p}
}

func mustIdentity(t testing.TB, name, content string) iam.Named {
	t.Helper()
	p, err := iam.Parse(content, iam.Identity)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return iam.Named{ID: name, Name: name, Policy: p}
}

const fullAccess = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// chatOnlyLambdaAndSSM is the seed blog's SCP: from a chat channel, only
// lambda:InvokeFunction and ssm:StartAutomationExecution may run.
func chatOnlyLambdaAndSSM(t testing.TB) iam.Named {
	t.Helper()
	b, err := os.ReadFile("../../testdata/documents/valid/scp-blog-chat-guardrail.json")
	if err != nil {
		t.Fatal(err)
	}
	return mustParse(t, "chat-guardrail", string(b))
}

// base is an enabled channel-role configuration under AdministratorAccess,
// in an account below root → OU, with FullAWSAccess everywhere and the
// seed's SCP on the OU.
func base(t testing.TB, action, resource string, fromChat bool) *chatauthz.Input {
	t.Helper()
	ctx := iam.Context{}
	if fromChat {
		ctx.Set("aws:ChatbotSourceArn", slackARN)
	}
	full := mustParse(t, "FullAWSAccess", fullAccess)
	return &chatauthz.Input{
		Request:          iam.Request{Action: action, Resource: resource, Context: ctx},
		ConfigurationARN: slackARN, Enabled: true,
		RoleSetting: chatauthz.ChannelRole, RoleARN: roleARN,
		Guardrails:       []iam.Named{mustIdentity(t, "AdministratorAccess", fullAccess)},
		DefaultGuardrail: true,
		SCPsEnabled:      true,
		SCPs: []iam.Level{
			{Node: iam.Node{ID: "r-abcd", Type: iam.NodeRoot}, Policies: []iam.Named{full}},
			{Node: iam.Node{ID: "ou-abcd-11111111", Type: iam.NodeOrganizationalUnit, Name: "Workloads"}, Policies: []iam.Named{full, chatOnlyLambdaAndSSM(t)}},
			{Node: iam.Node{ID: "111122223333", Type: iam.NodeAccount}, Policies: []iam.Named{full}},
		},
	}
}

func outcomes(d chatauthz.Decision) string {
	var parts []string
	for _, g := range d.Gates {
		parts = append(parts, string(g.Name)+"="+string(g.Outcome))
	}
	return strings.Join(parts, " ")
}

func TestDecide(t *testing.T) {
	t.Parallel()
	readOnly := mustIdentity(t, "ReadOnlyish", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","rds:Describe*"],"Resource":"*"}]}`)
	denyTerminate := mustIdentity(t, "NoTerminate", `{"Version":"2012-10-17","Statement":[{"Sid":"NoTerminate","Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	cluster := "arn:aws:rds:us-east-1:111122223333:cluster:prod"
	tests := []struct {
		name    string
		in      func(t *testing.T) *chatauthz.Input
		allowed bool
		gates   string
		reason  map[chatauthz.GateName]string // substrings of the gates' reasons
	}{
		{
			name:    "seed SCP denies rds:DeleteDBCluster from a chat channel",
			in:      func(t *testing.T) *chatauthz.Input { return base(t, "rds:DeleteDBCluster", cluster, true) },
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=DENIED",
			reason:  map[chatauthz.GateName]string{chatauthz.GateSCPs: "OU ou-abcd-11111111 (Workloads) denies rds:DeleteDBCluster: policy p-chat-guardrail (chat-guardrail) statement 0"},
			allowed: false,
		},
		{
			name:    "seed SCP allows lambda:InvokeFunction from a chat channel",
			in:      func(t *testing.T) *chatauthz.Input { return base(t, "lambda:InvokeFunction", "*", true) },
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			allowed: true,
		},
		{
			name:    "the same rds call with no chat source is allowed",
			in:      func(t *testing.T) *chatauthz.Input { return base(t, "rds:DeleteDBCluster", cluster, false) },
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			allowed: true,
		},
		{
			name: "a disabled configuration denies, and every other gate is still reported",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "lambda:InvokeFunction", "*", true)
				in.Enabled, in.StateReason = false, "Slack is disabled by the policy's client setting"
				return in
			},
			gates:  "configuration=DENIED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reason: map[chatauthz.GateName]string{chatauthz.GateConfiguration: "is DISABLED: Slack is disabled"},
		},
		{
			name: "a user role is required and none is mapped",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "lambda:InvokeFunction", "*", true)
				in.RoleError = "the configuration requires user roles, and chat user U1 has none mapped"
				return in
			},
			gates: "configuration=ALLOWED role-setting=DENIED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
		},
		{
			name: "the policy does not allow the role setting",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "lambda:InvokeFunction", "*", true)
				in.RoleSettingDenial = "the channel_role setting is not allowed; allowed: user_role"
				return in
			},
			gates: "configuration=ALLOWED role-setting=DENIED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
		},
		{
			name: "an action AWS Chatbot never runs",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "iam:ListRoles", "*", false)
				in.Blocked = "AWS Chatbot never runs IAM operations from chat"
				return in
			},
			gates: "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=DENIED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
		},
		{
			name: "guardrail allows describe, not terminate (read-only guardrail over an admin role)",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "ec2:TerminateInstances", "*", false)
				in.Guardrails, in.DefaultGuardrail = []iam.Named{readOnly}, false
				in.RolePolicies, in.RoleRegistered = []iam.Named{mustIdentity(t, "AdministratorAccess", fullAccess)}, true
				return in
			},
			gates:  "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=DENIED role-permissions=ALLOWED service-control-policies=ALLOWED",
			reason: map[chatauthz.GateName]string{chatauthz.GateGuardrails: "none of the guardrails allows ec2:TerminateInstances on *"},
		},
		{
			name: "guardrail allows describe",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "ec2:DescribeInstances", "*", false)
				in.Guardrails, in.DefaultGuardrail = []iam.Named{readOnly}, false
				return in
			},
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			allowed: true,
		},
		{
			name: "an explicit deny in one guardrail wins over another's allow",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "ec2:TerminateInstances", "*", false)
				in.Guardrails = []iam.Named{mustIdentity(t, "AdministratorAccess", fullAccess), denyTerminate}
				return in
			},
			gates:  "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=DENIED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reason: map[chatauthz.GateName]string{chatauthz.GateGuardrails: "(Sid NoTerminate): Deny"},
		},
		{
			name: "unknown guardrails leave the gate not evaluated when no known one allows",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "ec2:TerminateInstances", "*", false)
				in.Guardrails, in.DefaultGuardrail = []iam.Named{readOnly}, false
				in.UnknownGuardrails = []string{"arn:aws:iam::111122223333:policy/custom"}
				return in
			},
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=NOT_EVALUATED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reason:  map[chatauthz.GateName]string{chatauthz.GateGuardrails: "does not know the guardrail policy arn:aws:iam::111122223333:policy/custom"},
			allowed: true,
		},
		{
			name: "unknown guardrails cannot overrule a known one's deny",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "ec2:TerminateInstances", "*", false)
				in.Guardrails = []iam.Named{denyTerminate}
				in.UnknownGuardrails = []string{"arn:aws:iam::111122223333:policy/custom"}
				return in
			},
			gates: "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=DENIED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
		},
		{
			name: "the role's own policies do not allow it",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "ec2:TerminateInstances", "*", false)
				in.RolePolicies, in.RoleRegistered = []iam.Named{readOnly}, true
				return in
			},
			gates:  "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=DENIED service-control-policies=ALLOWED",
			reason: map[chatauthz.GateName]string{chatauthz.GateRolePermissions: "none of the role's policies allows ec2:TerminateInstances"},
		},
		{
			name: "a level with no allow denies",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "ec2:DescribeInstances", "*", false)
				in.SCPs[1].Policies = []iam.Named{mustParse(t, "s3-only", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)}
				return in
			},
			gates:  "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=DENIED",
			reason: map[chatauthz.GateName]string{chatauthz.GateSCPs: "no SCP attached to OU ou-abcd-11111111 (Workloads) allows ec2:DescribeInstances"},
		},
		{
			name: "the management account is exempt from SCPs",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "rds:DeleteDBCluster", cluster, true)
				in.ManagementAccount = true
				return in
			},
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reason:  map[chatauthz.GateName]string{chatauthz.GateSCPs: "SCPs do not apply to the management account"},
			allowed: true,
		},
		{
			name: "SCPs not enabled",
			in: func(t *testing.T) *chatauthz.Input {
				in := base(t, "rds:DeleteDBCluster", cluster, true)
				in.SCPsEnabled, in.SCPs = false, nil
				return in
			},
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			allowed: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := tc.in(t)
			d := chatauthz.Decide(in)
			if d.Allowed != tc.allowed {
				t.Errorf("allowed = %v, want %v", d.Allowed, tc.allowed)
			}
			if got := chatauthz.Allow(in); got != d.Allowed {
				t.Errorf("Allow = %v, Decide = %v", got, d.Allowed)
			}
			if got := outcomes(d); got != tc.gates {
				t.Errorf("gates:\n got %s\nwant %s", got, tc.gates)
			}
			for _, g := range d.Gates {
				if want, ok := tc.reason[g.Name]; ok && !strings.Contains(g.Reason, want) {
					t.Errorf("%s reason %q lacks %q", g.Name, g.Reason, want)
				}
				if g.Reason == "" {
					t.Errorf("%s has no reason", g.Name)
				}
			}
		})
	}
}

// BenchmarkDecision decides one chat command against a five-level SCP
// chain with ten SCPs per level, each with conditions, and three
// guardrails.
func BenchmarkDecision(b *testing.B) {
	in := benchInput(b)
	b.Run("allow", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !chatauthz.Allow(in) {
				b.Fatal("denied")
			}
		}
	})
	b.Run("explained", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !chatauthz.Decide(in).Allowed {
				b.Fatal("denied")
			}
		}
	})
}

func benchInput(b *testing.B) *chatauthz.Input {
	var levels []iam.Level
	types := []iam.NodeType{iam.NodeRoot, iam.NodeOrganizationalUnit, iam.NodeOrganizationalUnit, iam.NodeOrganizationalUnit, iam.NodeAccount}
	for l, typ := range types {
		lv := iam.Level{Node: iam.Node{ID: fmt.Sprintf("node-%d", l), Type: typ}}
		for k := 0; k < 10; k++ {
			var doc string
			switch k % 3 {
			case 0:
				doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
			case 1:
				doc = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"NoChat%d","Effect":"Deny","NotAction":["ssm:StartAutomationExecution","lambda:InvokeFunction","ec2:Describe*"],"Resource":"*","Condition":{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:chat-configuration/*"}}}]}`, k)
			default:
				doc = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"Region%d","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]},"StringNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/break-glass-*"}}}]}`, k)
			}
			lv.Policies = append(lv.Policies, mustParse(b, fmt.Sprintf("scp-%d-%d", l, k), doc))
		}
		levels = append(levels, lv)
	}
	ctx := iam.Context{}
	ctx.Set("aws:ChatbotSourceArn", slackARN)
	ctx.Set("aws:RequestedRegion", "us-east-1")
	ctx.Set("aws:PrincipalArn", roleARN)
	ctx.Set("aws:PrincipalAccount", "111122223333")
	return &chatauthz.Input{
		Request:          iam.Request{Action: "lambda:InvokeFunction", Resource: "arn:aws:lambda:us-east-1:111122223333:function:deploy", Context: ctx},
		ConfigurationARN: slackARN, Enabled: true, RoleSetting: chatauthz.ChannelRole, RoleARN: roleARN,
		Guardrails: []iam.Named{
			mustIdentity(b, "g1", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:Invoke*","ec2:Describe*","cloudwatch:Get*"],"Resource":"*"}]}`),
			mustIdentity(b, "g2", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"lambda:DeleteFunction","Resource":"*"}]}`),
			mustIdentity(b, "g3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}]}`),
		},
		SCPsEnabled: true, SCPs: levels,
	}
}
