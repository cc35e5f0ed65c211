package chatbot_test

import (
	"fmt"
	"testing"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
	"github.com/chatgov/chatgov/internal/scenario"
)

func cp4(tb testing.TB) *chatbot.Effective {
	tb.Helper()
	sc, err := scenario.Load(scenario.Testdata() + "/scenarios/cp-4-seed-example-4")
	if err != nil {
		tb.Fatal(err)
	}
	o, err := sc.Org()
	if err != nil {
		tb.Fatal(err)
	}
	st, err := o.Effective(policy.ChatbotPolicy, "111111111111")
	if err != nil {
		tb.Fatal(err)
	}
	return chatbot.Compile(st)
}

// BenchmarkDecide decides one channel configuration against the seed's
// example 4, the richest of the published policies.
func BenchmarkDecide(b *testing.B) {
	e := cp4(b)
	configs := map[string]chatbot.Config{
		"slack-allowed": {Platform: chatbot.Slack, SlackTeamID: "W2", ChannelVisibility: chatbot.Public},
		"slack-denied":  {Platform: chatbot.Slack, SlackTeamID: "W1", ChannelVisibility: chatbot.Public},
		"teams-allowed": {Platform: chatbot.MicrosoftTeams, TenantID: "11111111-1111-4111-8111-111111111111",
			TeamID: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"},
	}
	for name, cfg := range configs {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				chatbot.Decide(e, cfg)
			}
		})
	}
}

func BenchmarkCompile(b *testing.B) {
	st := cp4(b).State()
	b.ReportAllocs()
	for b.Loop() {
		chatbot.Compile(st)
	}
}

func ExampleDecide() {
	doc, _ := policy.Parse(policy.ChatbotPolicy, `{"chatbot": {
		"platforms": {"slack": {"client": {"@@assign": "enabled"}, "workspaces": {"@@assign": ["T0AAAA"]},
			"default": {"supported_channel_types": {"@@assign": ["private"]}}}},
		"default": {"client": {"@@assign": "disabled"}}}}`)
	st := policy.Empty(policy.ChatbotPolicy).Apply(policy.Target{ID: "r-abcd", Type: org.Root},
		[]*policy.Policy{{ID: "p-slackonly1", Name: "slack-only", Doc: doc}})
	e := chatbot.Compile(st)

	d := chatbot.Decide(e, chatbot.Config{Platform: chatbot.Slack, SlackTeamID: "T0AAAA", ChannelVisibility: chatbot.Public})
	fmt.Println(d.Allowed)
	for _, r := range d.Denials() {
		fmt.Println(r.Rule, r.Path, r.Sources[0].PolicyID)
	}
	fmt.Println(chatbot.Decide(e, chatbot.Config{Platform: chatbot.Chime}).StateReason())
	// Output:
	// false
	// slack-channel-type $.chatbot.platforms.slack.default.supported_channel_types p-slackonly1
	// Amazon Chime is disabled: it has no client setting of its own and chatbot.default.client is "disabled" ($.chatbot.default.client)
}
