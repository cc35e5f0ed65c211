package chatauthz_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/chatauthz"
	"github.com/chatgov/chatgov/internal/chatcmd"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/iam/managed"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
)

func view(t *testing.T, content string) *chatbot.Effective {
	t.Helper()
	doc, err := policy.Parse(policy.ChatbotPolicy, content)
	if err != nil {
		t.Fatal(err)
	}
	st := policy.Empty(policy.ChatbotPolicy).Apply(policy.Target{ID: "r-abcd", Type: org.Root}, []*policy.Policy{{ID: "p-roles123", Name: "roles", Doc: doc}})
	return chatbot.Compile(st)
}

func situation(t *testing.T) *chatauthz.Situation {
	t.Helper()
	return &chatauthz.Situation{
		ConfigurationARN: slackARN, Enabled: true, ChannelRoleARN: roleARN,
		Config:        chatbot.Config{Platform: chatbot.Slack, SlackTeamID: "T0AAAAAAA", SlackChannelID: "C0OPS"},
		Policy:        managed.Lookup,
		RolePolicies:  func(string) ([]iam.Named, bool) { return nil, false },
		GuardrailARNs: nil,
	}
}

func command(t *testing.T, text string) chatcmd.Command {
	t.Helper()
	c, err := chatcmd.Parse(text, chatcmd.Env{AccountID: "111122223333", DefaultRegion: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestInputsFromSituation(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	userRole := "arn:aws:iam::111122223333:role/alice"
	tests := []struct {
		name   string
		edit   func(s *chatauthz.Situation)
		cmd    string
		gates  string
		reason string // a substring of some gate's reason
	}{
		{name: "channel role under the default guardrail", cmd: "@aws ec2 describe-instances",
			gates:  "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reason: "the configuration names no guardrail, so AdministratorAccess applies"},
		{name: "user roles required and none mapped", cmd: "@aws ec2 describe-instances",
			edit:   func(s *chatauthz.Situation) { s.Config.UserAuthorizationRequired, s.ChatUserID = true, "U0ALICE" },
			gates:  "configuration=ALLOWED role-setting=DENIED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reason: "chat user U0ALICE has none mapped"},
		{name: "a mapped user role the policy forbids", cmd: "@aws ec2 describe-instances",
			edit: func(s *chatauthz.Situation) {
				s.UserRoleARN = userRole
				s.View = view(t, `{"chatbot":{"platforms":{"slack":{"default":{"supported_role_settings":{"@@assign":["channel_role"]}}}}}}`)
			},
			gates:  "configuration=ALLOWED role-setting=DENIED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reason: "the user_role setting"},
		{name: "the channel role the policy forbids", cmd: "@aws ec2 describe-instances",
			edit: func(s *chatauthz.Situation) {
				s.View = view(t, `{"chatbot":{"platforms":{"slack":{"default":{"supported_role_settings":{"@@assign":["user_role"]}}}}}}`)
			},
			gates:  "configuration=ALLOWED role-setting=DENIED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reason: "the channel_role setting"},
		{name: "a registered user role whose policies do not allow it, under a read-only guardrail", cmd: "@aws ec2 terminate-instances --instance-ids i-0123456789abcdef0",
			edit: func(s *chatauthz.Situation) {
				s.UserRoleARN = userRole
				s.GuardrailARNs = []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}
				s.RolePolicies = func(arn string) ([]iam.Named, bool) {
					if arn != userRole {
						return nil, false
					}
					p, _ := managed.Lookup("AmazonEC2ReadOnlyAccess")
					return []iam.Named{{ID: "AmazonEC2ReadOnlyAccess", Policy: p}}, true
				}
			},
			gates: "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=DENIED role-permissions=DENIED service-control-policies=ALLOWED"},
		{name: "blocked by AWS Chatbot", cmd: "@aws iam list-roles",
			gates: "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=DENIED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED"},
		{name: "an unknown customer guardrail", cmd: "@aws lambda invoke --function-name deploy out.json",
			edit: func(s *chatauthz.Situation) {
				s.GuardrailARNs = []string{"arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::111122223333:policy/lambda-invoke"}
			},
			gates:  "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=NOT_EVALUATED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reason: "arn:aws:iam::111122223333:policy/lambda-invoke"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := situation(t)
			if tc.edit != nil {
				tc.edit(s)
			}
			inputs := chatauthz.Inputs(s, command(t, tc.cmd), now)
			if len(inputs) != 1 {
				t.Fatalf("%d requests", len(inputs))
			}
			v := chatauthz.DecideAll(inputs)
			d := v.Requests[0].Decision
			if got := outcomes(d); got != tc.gates {
				t.Errorf("gates:\n got %s\nwant %s", got, tc.gates)
			}
			if v.Allowed != d.Allowed || chatauthz.Allow(inputs[0]) != d.Allowed {
				t.Errorf("verdicts disagree: %v %v", v.Allowed, d.Allowed)
			}
			if tc.reason != "" {
				found := false
				for _, g := range d.Gates {
					found = found || strings.Contains(g.Reason, tc.reason)
				}
				if !found {
					t.Errorf("no gate says %q: %+v", tc.reason, d.Gates)
				}
			}
			ctx := inputs[0].Request.Context
			if v, _ := ctx.Get("aws:ChatbotSourceArn"); len(v) != 1 || v[0] != slackARN {
				t.Errorf("aws:ChatbotSourceArn = %v", v)
			}
		})
	}
}
