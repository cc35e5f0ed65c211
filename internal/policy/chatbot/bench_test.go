package chatbot_test

import (
	"fmt"
	"strings"
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
	// Amazon Chime is disabled: it has no client setting of its own and chatbot.default.client is "disabled" ($.chatbot.default.client, set by policy p-slackonly1 (slack-only) on r-abcd)
}

func TestLongListsAreAbridged(t *testing.T) {
	t.Parallel()
	var ids []string
	for i := 0; i < 25; i++ {
		ids = append(ids, fmt.Sprintf(`"T%04d"`, i))
	}
	doc, err := policy.Parse(policy.ChatbotPolicy, `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@assign":[`+strings.Join(ids, ",")+`]}}}}}`)
	if err != nil {
		t.Fatal(err)
	}
	st := policy.Empty(policy.ChatbotPolicy).Apply(policy.Target{ID: "r-abcd", Type: org.Root}, []*policy.Policy{{ID: "p-12345678", Doc: doc}})
	d := chatbot.Decide(chatbot.Compile(st), chatbot.Config{Platform: chatbot.Slack, SlackTeamID: "W9"})
	msg := d.Denials()[0].Message()
	if !strings.HasSuffix(msg, "allowed: T0000, T0001, T0002, T0003, T0004, T0005, T0006, T0007, T0008, T0009 and 15 more") {
		t.Errorf("message %q", msg)
	}
	if len(d.Denials()[0].Values) != 25 {
		t.Error("the reason lost values")
	}
}

// TestStateReasonNamesPolicies checks that a StateReason names the
// policies behind a denying setting, at most three and the count of the
// others.
func TestStateReasonNamesPolicies(t *testing.T) {
	t.Parallel()
	st := policy.Empty(policy.ChatbotPolicy)
	for i, n := range []int{1, 2, 5} {
		var ps []*policy.Policy
		for k := 0; k < n; k++ {
			doc, err := policy.Parse(policy.ChatbotPolicy, fmt.Sprintf(`{"chatbot":{"platforms":{"slack":{"workspaces":{"@@append":["T%d%d"]}}}}}`, i, k))
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, &policy.Policy{ID: fmt.Sprintf("p-%d%d", i, k), Name: fmt.Sprintf("ws-%d%d", i, k), Doc: doc})
		}
		target := policy.Target{ID: fmt.Sprintf("ou-%d", i), Type: org.OU}
		if i == 0 {
			target = policy.Target{ID: "r-abcd", Type: org.Root}
		}
		st = st.Apply(target, ps)
	}
	got := chatbot.Decide(chatbot.Compile(st), chatbot.Config{Platform: chatbot.Slack, SlackTeamID: "W9"}).StateReason()
	want := `($.chatbot.platforms.slack.workspaces, set by policies p-00 (ws-00) on r-abcd, p-10 (ws-10) on ou-1, p-11 (ws-11) on ou-1 and 5 more)`
	if !strings.HasSuffix(got, want) {
		t.Errorf("StateReason %q\nwant suffix %q", got, want)
	}
}
