package chatbot_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/chatgov/chatgov/internal/orgfile"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
	"github.com/chatgov/chatgov/internal/scenario"
)

// TestVisibilityMatters checks, for every Slack decision of the corpus,
// that VisibilityMatters is true exactly when the decision or its reason
// depends on the channel's visibility, so that callers that skip the
// directory lookup when it is false decide, and explain, the same.
func TestVisibilityMatters(t *testing.T) {
	all, err := scenario.All()
	if err != nil {
		t.Fatal(err)
	}
	checked, mattered := 0, 0
	for _, sc := range all {
		if len(sc.Decisions) == 0 {
			continue
		}
		o, err := sc.Org()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range sc.Decisions {
			req, err := chatbot.ParseRequest([]byte(c.Config))
			if err != nil {
				t.Fatalf("%s/%s: %v", sc.Name, c.Name, err)
			}
			if req.Config.Platform != chatbot.Slack {
				continue
			}
			st, err := o.Effective(policy.ChatbotPolicy, c.Account)
			if errors.Is(err, orgfile.ErrNotEnabled) {
				st = nil
			} else if err != nil {
				t.Fatal(err)
			}
			view := chatbot.Compile(st)
			outcomes := map[string]bool{}
			for _, v := range []chatbot.Visibility{chatbot.Unknown, chatbot.Public, chatbot.Private} {
				cfg := req.Config
				cfg.ChannelVisibility = v
				d := chatbot.Decide(view, cfg)
				outcomes[fmt.Sprint(d.Allowed, d.StateReason())] = true
			}
			got, want := view.VisibilityMatters(req.Config.SlackTeamID), len(outcomes) > 1
			if got != want {
				t.Errorf("%s/%s: VisibilityMatters = %v, want %v", sc.Name, c.Name, got, want)
			}
			checked++
			if got {
				mattered++
			}
		}
	}
	if checked == 0 || mattered == 0 || mattered == checked {
		t.Fatalf("the corpus exercised %d Slack decisions, %d where visibility matters: both kinds are needed", checked, mattered)
	}
}
