package chatbot_test

import (
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
)

// TestSlackIDsCompareWithoutCase: the effective policy publishes override
// keys lower-cased, so Slack workspace IDs compare without regard to case,
// in overrides and in the workspaces list alike, whatever the case of the
// configuration's ID.
func TestSlackIDsCompareWithoutCase(t *testing.T) {
	t.Parallel()
	parse := func(doc string) *policy.Policy {
		d, err := policy.Parse(policy.ChatbotPolicy, doc)
		if err != nil {
			t.Fatal(err)
		}
		return &policy.Policy{ID: "p-" + strings.Repeat("0", 10), Name: "p", Doc: d}
	}
	root := parse(`{"chatbot": {"platforms": {"slack": {"workspaces": {"@@assign": ["T0AAA", "t0bbb", "T0DDD"]},
		"overrides": {"T0AAA": {"supported_channel_types": {"@@assign": ["private"]}}}}}}}`)
	acct := parse(`{"chatbot": {"platforms": {"slack": {"workspaces": {"@@remove": ["t0ddd"]}}}}}`)
	st := policy.Empty(policy.ChatbotPolicy).Apply(policy.Target{ID: "r-abcd", Type: org.Root}, []*policy.Policy{root}).
		Apply(policy.Target{ID: "111111111111", Type: org.Account}, []*policy.Policy{acct})
	e := chatbot.Compile(st)
	tests := []struct {
		team       string
		visibility chatbot.Visibility
		denied     []chatbot.Rule
		message    string
	}{
		{team: "T0AAA", visibility: chatbot.Private},
		{team: "T0AAA", visibility: chatbot.Public, denied: []chatbot.Rule{chatbot.RuleChannelType}},
		{team: "t0aaa", visibility: chatbot.Public, denied: []chatbot.Rule{chatbot.RuleChannelType}},
		{team: "T0BBB", visibility: chatbot.Public},
		{team: "T0CCC", visibility: chatbot.Private, denied: []chatbot.Rule{chatbot.RuleWorkspace}},
		{team: "T0DDD", visibility: chatbot.Private, denied: []chatbot.Rule{chatbot.RuleWorkspace}, message: "removed it with @@remove"},
	}
	for _, tt := range tests {
		d := chatbot.Decide(e, chatbot.Config{Platform: chatbot.Slack, SlackTeamID: tt.team, ChannelVisibility: tt.visibility})
		var denied []chatbot.Rule
		for _, r := range d.Denials() {
			denied = append(denied, r.Rule)
		}
		if len(denied) != len(tt.denied) || len(denied) > 0 && denied[0] != tt.denied[0] {
			t.Errorf("%s %s: denied by %v, want %v (%s)", tt.team, tt.visibility, denied, tt.denied, d.StateReason())
		}
		if tt.message != "" && !strings.Contains(d.StateReason(), tt.message) {
			t.Errorf("%s: %q does not say %q", tt.team, d.StateReason(), tt.message)
		}
	}
	if !e.VisibilityMatters("t0aaa") || !e.VisibilityMatters("T0AAA") || e.VisibilityMatters("T0BBB") {
		t.Error("VisibilityMatters does not find the override without regard to case")
	}
}
