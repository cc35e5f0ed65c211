package chatbot_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/orgfile"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
	"github.com/chatgov/chatgov/internal/scenario"
)

// decisionRecord is what the golden files hold for one decision.
type decisionRecord struct {
	Name    string         `json:"Name"`
	Account string         `json:"Account"`
	Allowed bool           `json:"Allowed"`
	Reasons []reasonRecord `json:"Reasons"`
}

type reasonRecord struct {
	Rule    chatbot.Rule     `json:"Rule"`
	Allowed bool             `json:"Allowed"`
	Path    string           `json:"Path,omitempty"`
	Message string           `json:"Message"`
	Sources []*policy.Source `json:"Sources,omitempty"`
}

// TestScenarioDecisions runs the corpus's decisions against the engine and
// compares every reason, with its provenance, with the golden file.
func TestScenarioDecisions(t *testing.T) {
	t.Parallel()
	all, err := scenario.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range all {
		if len(sc.Decisions) == 0 {
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			o, err := sc.Org()
			if err != nil {
				t.Fatal(err)
			}
			var records []decisionRecord
			for _, c := range sc.Decisions {
				req, err := chatbot.ParseRequest([]byte(c.Config))
				if err != nil {
					t.Fatalf("%s: %v", c.Name, err)
				}
				st, err := o.Effective(policy.ChatbotPolicy, c.Account)
				if errors.Is(err, orgfile.ErrNotEnabled) {
					st = nil
				} else if err != nil {
					t.Fatal(err)
				}
				d := chatbot.Decide(chatbot.Compile(st), req.Config)
				var denied []string
				rec := decisionRecord{Name: c.Name, Account: c.Account, Allowed: d.Allowed}
				for _, r := range d.Reasons {
					if !r.Allowed {
						denied = append(denied, string(r.Rule))
					}
					rec.Reasons = append(rec.Reasons, reasonRecord{r.Rule, r.Allowed, r.Path, r.Message(), r.Sources})
				}
				records = append(records, rec)
				if d.Allowed != c.Allowed {
					t.Errorf("%s: allowed = %v, want %v (%s)", c.Name, d.Allowed, c.Allowed, d.StateReason())
				}
				if diff := cmp.Diff(c.Denied, denied); diff != "" {
					t.Errorf("%s: denying rules (-want +got):\n%s", c.Name, diff)
				}
			}
			b, err := json.MarshalIndent(records, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if err := scenario.Golden(sc.DecisionsGolden, append(b, '\n')); err != nil {
				t.Error(err)
			}
		})
	}
}
