package policy_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/orgfile"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/scenario"
)

// TestScenarios runs the corpus's effective-policy expectations against the
// engine, and compares every account's full explanation with the golden file.
func TestScenarios(t *testing.T) {
	t.Parallel()
	all, err := scenario.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range all {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			o, err := sc.Org()
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range sc.Effective {
				st, err := o.Effective(c.Type, c.Account)
				if errors.Is(err, orgfile.ErrNotEnabled) {
					st = policy.Empty(c.Type)
				} else if err != nil {
					t.Fatal(err)
				}
				got := ""
				if st.Exists() {
					got = string(st.JSON())
				}
				if got != c.Policy {
					t.Errorf("%s %s:\n got: %s\nwant: %s", c.Account, c.Type, got, c.Policy)
				}
				var codes []string
				for _, e := range st.ValidationErrors() {
					codes = append(codes, e.Code)
				}
				if diff := cmp.Diff(c.Errors, codes); diff != "" {
					t.Errorf("%s %s validation errors (-want +got):\n%s\n%v", c.Account, c.Type, diff, st.ValidationErrors())
				}
			}
			if err := scenario.Golden(sc.EffectiveGolden, explainAll(t, o)); err != nil {
				t.Error(err)
			}
		})
	}
}

// explainAll renders every account's effective policies with provenance.
func explainAll(t *testing.T, o *orgfile.Org) []byte {
	t.Helper()
	type entry struct {
		Account     string              `json:"Account"`
		Type        policy.Type         `json:"Type"`
		Policy      json.RawMessage     `json:"Policy"`
		Explanation *policy.Explanation `json:"Explanation,omitempty"`
	}
	var out []entry
	for _, typ := range o.EnabledTypes() {
		states := policy.ForTree(typ, o.Tree, o.Attached(typ))
		o.Tree.Walk(func(n *org.Node) bool {
			if n.Type != org.Account {
				return true
			}
			st := states[n.ID]
			e := entry{Account: n.ID, Type: typ, Policy: json.RawMessage("null")}
			if st.Exists() {
				ex := st.Explain()
				e.Policy, e.Explanation = st.JSON(), &ex
			}
			out = append(out, e)
			return true
		})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}
