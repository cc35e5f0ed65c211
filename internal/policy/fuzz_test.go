package policy_test

import (
	"os"
	"testing"

	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/scenario"
)

var fuzzTypes = []policy.Type{policy.ChatbotPolicy, policy.TagPolicy, policy.BackupPolicy}

// FuzzParseMerge checks that parsing never panics and is deterministic, and
// that whatever validates can be merged: at several levels, with another
// document, without panicking, into a rendering that is valid JSON, the same
// every time, and unchanged when a document is applied again.
func FuzzParseMerge(f *testing.F) {
	cases, err := scenario.Documents()
	if err != nil {
		f.Fatal(err)
	}
	for i, c := range cases {
		data, err := os.ReadFile(c.Path)
		if err != nil {
			f.Fatal(err)
		}
		other, _ := os.ReadFile(cases[(i+1)%len(cases)].Path)
		for ti, typ := range fuzzTypes {
			if typ == c.Type {
				f.Add(uint8(ti), string(data), string(other))
			}
		}
	}
	f.Add(uint8(1), `{"t":{"@@operators_allowed_for_child_policies":["@@append"],"l":{"@@assign":["a"]}}}`, `{"t":{"l":{"@@append":["b"]},"m":{"@@assign":"x"}}}`)
	f.Add(uint8(1), `{"t":{"l":{"@@assign":"s"}}}`, `{"t":{"l":{"x":{"@@assign":1}}}}`)
	// Section 0 shapes: case-insensitive keys and operators, several
	// operators on one setting, scalar operators at the top level,
	// combined child-control values, repeated values, container restrictions.
	f.Add(uint8(1), `{"Tags":{"CC":{"@@Operators_Allowed_For_Child_Policies":["@@None"],"Tag_Value":{"@@ASSIGN":["a","a"],"@@Append":["b"],"@@remove":["a"]}}},"@@assign":null}`,
		`{"tags":{"cc":{"tag_value":{"@@remove":["b"],"@@append":["c"]},"new":{"@@assign":1}}}}`)
	f.Add(uint8(2), `{"p":{"@@operators_allowed_for_child_policies":["@@all","@@assign"],"k":{"@@assign":["x"]}},"@@append":1}`,
		`{"P":{"K":{"@@assign":["y"],"@@append":["z"]}},"p":{}}`)
	f.Add(uint8(0), `{"Chatbot":{"Platforms":{"Slack":{"Workspaces":{"@@assign":["T0A","t0a","*","*"]},"Overrides":{"T0A":{"supported_role_settings":{"@@assign":["user_role"]}}}}}}}`,
		`{"chatbot":{"platforms":{"slack":{"workspaces":{"@@remove":["t0A"]}},"microsoft_teams":{"tenants":{"*":{"@@assign":["*"]}}}}}}`)
	f.Fuzz(func(t *testing.T, ti uint8, a, b string) {
		typ := fuzzTypes[int(ti)%len(fuzzTypes)]
		da, errA := policy.Parse(typ, a)
		da2, errA2 := policy.Parse(typ, a)
		if (errA == nil) != (errA2 == nil) || (errA != nil && errA.Error() != errA2.Error()) {
			t.Fatalf("Parse is not deterministic: %v / %v", errA, errA2)
		}
		if errA != nil {
			return
		}
		_ = da2
		pa := &policy.Policy{ID: "p-aaaaaaaaaa", Name: "a", Doc: da}
		ps := []*policy.Policy{pa}
		if db, err := policy.Parse(typ, b); err == nil {
			ps = append(ps, &policy.Policy{ID: "p-bbbbbbbbbb", Name: "b", Doc: db})
		}
		for _, order := range [][]*policy.Policy{ps, reverse(ps)} {
			st := levels(typ, order, order[:1], order)
			out := st.JSON()
			if v, probs := jsondoc.Parse(out); v == nil || len(probs) > 0 || v.Kind != jsondoc.Object {
				t.Fatalf("rendering is not a JSON object: %s (%v)", out, probs)
			}
			if again := levels(typ, order, order[:1], order).JSON(); string(again) != string(out) {
				t.Fatalf("merge is not deterministic:\n%s\n%s", out, again)
			}
			_ = st.Explain()
		}
		once := levels(typ, []*policy.Policy{pa})
		twice := levels(typ, []*policy.Policy{pa}, []*policy.Policy{pa})
		if string(once.JSON()) != string(twice.JSON()) {
			t.Fatalf("merge is not idempotent:\n%s\n%s", once.JSON(), twice.JSON())
		}
	})
}

func reverse(ps []*policy.Policy) []*policy.Policy {
	out := make([]*policy.Policy, len(ps))
	for i, p := range ps {
		out[len(ps)-1-i] = p
	}
	return out
}
