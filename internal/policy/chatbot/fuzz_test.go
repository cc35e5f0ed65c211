package chatbot_test

import (
	"os"
	"testing"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
	"github.com/chatgov/chatgov/internal/scenario"
)

// FuzzDecide checks that any valid chat applications policy compiles and
// decides any configuration without panicking, deterministically, and that
// every denial names its rule and has a message.
func FuzzDecide(f *testing.F) {
	cases, err := scenario.Documents()
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range cases {
		if c.Type == policy.ChatbotPolicy && c.Valid {
			data, err := os.ReadFile(c.Path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(string(data), uint8(0), "W1", "11111111-1111-4111-8111-111111111111", "AAAAAAAA-aaaa-4aaa-8aaa-aaaaaaaaaaaa", uint8(1), true)
			f.Add(string(data), uint8(0), "t0bbbbbbb", "22222222-2222-4222-8222-222222222222", "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", uint8(2), false)
			f.Add(string(data), uint8(1), "T0AAAAAAA", "*", "*", uint8(0), false)
		}
	}
	f.Fuzz(func(t *testing.T, doc string, platform uint8, slackTeam, tenant, team string, vis uint8, userRole bool) {
		d, err := policy.Parse(policy.ChatbotPolicy, doc)
		if err != nil {
			return
		}
		st := policy.Empty(policy.ChatbotPolicy).Apply(policy.Target{ID: "r-abcd", Type: org.Root},
			[]*policy.Policy{{ID: "p-fuzz00000", Name: "fuzz", Doc: d}})
		cfg := chatbot.Config{
			Platform:                  []chatbot.Platform{chatbot.Slack, chatbot.MicrosoftTeams, chatbot.Chime, "future"}[platform%4],
			SlackTeamID:               slackTeam,
			ChannelVisibility:         []chatbot.Visibility{chatbot.Unknown, chatbot.Public, chatbot.Private}[vis%3],
			TenantID:                  tenant,
			TeamID:                    team,
			UserAuthorizationRequired: userRole,
		}
		e := chatbot.Compile(st)
		first := chatbot.Decide(e, cfg)
		second := chatbot.Decide(chatbot.Compile(st), cfg)
		if first.Allowed != second.Allowed || len(first.Reasons) != len(second.Reasons) {
			t.Fatal("decisions are not deterministic")
		}
		for _, r := range first.Reasons {
			if r.Rule == "" || r.Message() == "" {
				t.Fatalf("reason without rule or message: %+v", r)
			}
			if !r.Allowed && r.Path == "" {
				t.Fatalf("a denial names no policy path: %+v", r)
			}
		}
		if !first.Allowed && first.DenialMessage() == "" {
			t.Fatal("a denial has no message")
		}
	})
}
