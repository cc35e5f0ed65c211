package policy_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
)

var (
	rootT = policy.Target{ID: "r-abcd", Type: org.Root, Name: "Root"}
	ouT   = policy.Target{ID: "ou-abcd-11111111", Type: org.OU, Name: "Eng"}
	acctT = policy.Target{ID: "111111111111", Type: org.Account, Name: "dev"}
)

func mustPolicy(t testing.TB, typ policy.Type, id, content string) *policy.Policy {
	t.Helper()
	doc, err := policy.Parse(typ, content)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return &policy.Policy{ID: id, Name: id + "-name", Doc: doc}
}

func codes(st *policy.State) []string {
	var out []string
	for _, e := range st.ValidationErrors() {
		out = append(out, e.Code+" "+e.Path)
	}
	return out
}

// levels applies one list of policies per level: root, OU, account.
func levels(typ policy.Type, per ...[]*policy.Policy) *policy.State {
	st := policy.Empty(typ)
	for i, ps := range per {
		st = st.Apply([]policy.Target{rootT, ouT, acctT}[i], ps)
	}
	return st
}

func TestMergeSchemalessConflicts(t *testing.T) {
	t.Parallel()
	tag := policy.TagPolicy
	tests := []struct {
		name   string
		parent string
		child  string
		want   string
		errors []string
	}{
		{
			name:   "append to a single value",
			parent: `{"a": {"k": {"@@assign": "x"}}}`,
			child:  `{"a": {"k": {"@@append": ["y"]}}}`,
			want:   `{"a":{"k":"x"}}`,
			errors: []string{"TYPE_CONFLICT $.a.k"},
		},
		{
			name:   "value where settings are inherited",
			parent: `{"a": {"k": {"n": {"@@assign": "x"}}}}`,
			child:  `{"a": {"k": {"@@assign": "y"}}}`,
			want:   `{"a":{"k":{"n":"x"}}}`,
			errors: []string{"TYPE_CONFLICT $.a.k"},
		},
		{
			name:   "settings nested under an inherited value",
			parent: `{"a": {"k": {"@@assign": ["x"]}}}`,
			child:  `{"a": {"k": {"n": {"@@assign": "y"}, "m": {"@@append": ["z"]}}}}`,
			want:   `{"a":{"k":["x"]}}`,
			errors: []string{"TYPE_CONFLICT $.a.k.n", "TYPE_CONFLICT $.a.k.m"},
		},
		{
			name:   "assign replaces a list with a single value",
			parent: `{"a": {"k": {"@@assign": ["x", "y"]}}}`,
			child:  `{"a": {"k": {"@@assign": 5}}}`,
			want:   `{"a":{"k":5}}`,
		},
		{
			name:   "remove with nothing inherited does nothing",
			parent: `{"a": {"other": {"@@assign": true}}}`,
			child:  `{"a": {"k": {"@@remove": ["x"]}}}`,
			want:   `{"a":{"other":true}}`,
		},
		{
			name:   "a restriction on the document root governs the settings children add",
			parent: `{"@@operators_allowed_for_child_policies": ["@@append"], "a": {"k": {"@@assign": ["x"]}}}`,
			child:  `{"a": {"k": {"@@append": ["y"]}, "j": {"@@assign": "z"}}}`,
			want:   `{"a":{"k":["x","y"]}}`,
			errors: []string{"OPERATOR_NOT_ALLOWED $.a.j"},
		},
		{
			name:   "a restriction on a block governs settings added under it, not inherited ones",
			parent: `{"a": {"@@operators_allowed_for_child_policies": ["@@none"], "k": {"@@assign": ["x"]}}}`,
			child:  `{"a": {"new": {"@@assign": "z"}, "k": {"@@remove": ["x"]}}}`,
			want:   `{"a":{"k":[]}}`,
			errors: []string{"OPERATOR_NOT_ALLOWED $.a.new"},
		},
		{
			name:   "a restriction on a block governs assigning the block itself",
			parent: `{"a": {"@@operators_allowed_for_child_policies": ["@@none"]}, "b": {"@@assign": 1}}`,
			child:  `{"a": {"@@assign": "x"}}`,
			want:   `{"b":1}`,
			errors: []string{"OPERATOR_NOT_ALLOWED $.a"},
		},
		{
			name:   "an inherited setting keeps its own restriction under a permissive block",
			parent: `{"a": {"@@operators_allowed_for_child_policies": ["@@all"], "k": {"@@operators_allowed_for_child_policies": ["@@append"], "@@assign": ["x"]}}}`,
			child:  `{"a": {"k": {"@@assign": ["y"], "@@append": ["z"]}}}`,
			want:   `{"a":{"k":["x","z"]}}`,
			errors: []string{"OPERATOR_NOT_ALLOWED $.a.k"},
		},
		{
			name:   "restrictions of nested blocks accumulate for added settings",
			parent: `{"a": {"@@operators_allowed_for_child_policies": ["@@assign", "@@append"], "b": {"@@operators_allowed_for_child_policies": ["@@append", "@@remove"]}}}`,
			child:  `{"a": {"b": {"k": {"@@assign": ["x"]}, "l": {"@@append": ["y"]}}}}`,
			want:   `{"a":{"b":{"l":["y"]}}}`,
			errors: []string{"OPERATOR_NOT_ALLOWED $.a.b.k"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := levels(tag, []*policy.Policy{mustPolicy(t, tag, "p-parent000", tt.parent)},
				[]*policy.Policy{mustPolicy(t, tag, "p-child0000", tt.child)})
			if got := string(st.JSON()); got != tt.want {
				t.Errorf("effective = %s, want %s", got, tt.want)
			}
			if diff := cmp.Diff(tt.errors, codes(st)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNoCountQuotas: the chat policy's "limit 255" and "limit 36" are the
// lengths of one ID, so lists and maps grown across levels are kept whole
// and reported as nothing.
func TestNoCountQuotas(t *testing.T) {
	t.Parallel()
	ids := func(from, n int, format string) string {
		var parts []string
		for i := from; i < from+n; i++ {
			parts = append(parts, fmt.Sprintf(format, i, i))
		}
		return strings.Join(parts, ",")
	}
	ws := func(from, n int) string { return ids(from, n, `"T%05d%.0d"`) }
	tenants := func(from, n int) string {
		return ids(from, n, `"%08x-0000-4000-8000-%012x": {"@@assign": ["*"]}`)
	}
	cb := policy.ChatbotPolicy
	root := mustPolicy(t, cb, "p-root00000", `{"chatbot": {"platforms": {"slack": {"workspaces": {"@@assign": [`+ws(0, 200)+`]}},
		"microsoft_teams": {"tenants": {`+tenants(0, 20)+`}}}}}`)
	ou := mustPolicy(t, cb, "p-ou0000000", `{"chatbot": {"platforms": {"slack": {"workspaces": {"@@append": [`+ws(200, 100)+`]}},
		"microsoft_teams": {"tenants": {`+tenants(20, 20)+`}}}}}`)
	st := levels(cb, []*policy.Policy{root}, []*policy.Policy{ou})
	if errs := codes(st); len(errs) != 0 {
		t.Errorf("errors: %v", errs)
	}
	if n := len(st.Lookup("chatbot", "platforms", "slack", "workspaces").Elems()); n != 300 {
		t.Errorf("%d workspaces, want 300", n)
	}
	if n := len(st.Lookup("chatbot", "platforms", "microsoft_teams", "tenants").Keys()); n != 40 {
		t.Errorf("%d tenants, want 40", n)
	}
}

func TestStatesAreShared(t *testing.T) {
	t.Parallel()
	cb := policy.ChatbotPolicy
	tree, err := org.New("r-abcd", "Root")
	if err != nil {
		t.Fatal(err)
	}
	mustAdd := func(_ *org.Node, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	mustAdd(tree.AddOU("r-abcd", "ou-abcd-11111111", "Eng"))
	mustAdd(tree.AddAccount("ou-abcd-11111111", "111111111111", "a"))
	mustAdd(tree.AddAccount("ou-abcd-11111111", "222222222222", "b"))
	p := mustPolicy(t, cb, "p-root00000", `{"chatbot": {"default": {"client": {"@@assign": "disabled"}}}}`)
	q := mustPolicy(t, cb, "p-acct00000", `{"chatbot": {"platforms": {"chime": {"client": {"@@assign": "enabled"}}}}}`)
	attached := map[string][]*policy.Policy{"r-abcd": {p}, "222222222222": {q}}
	states := policy.ForTree(cb, tree, func(id string) []*policy.Policy { return attached[id] })
	if states["111111111111"] != states["r-abcd"] || states["ou-abcd-11111111"] != states["r-abcd"] {
		t.Error("nodes without policies do not share their parent's state")
	}
	if states["222222222222"] == states["r-abcd"] {
		t.Error("a node with a policy shares its parent's state")
	}
	if got := string(states["r-abcd"].JSON()); got != `{"chatbot":{"default":{"client":"disabled"}}}` {
		t.Errorf("the root's state changed after a child applied a policy: %s", got)
	}
	if got := string(states["222222222222"].JSON()); got != `{"chatbot":{"default":{"client":"disabled"},"platforms":{"chime":{"client":"enabled"}}}}` {
		t.Errorf("account b: %s", got)
	}
}

func TestPeersDoNotRestrictEachOther(t *testing.T) {
	t.Parallel()
	tag := policy.TagPolicy
	lock := mustPolicy(t, tag, "p-lock00000", `{"tags": {"k": {"@@operators_allowed_for_child_policies": ["@@none"], "@@assign": ["a"]}}}`)
	peer := mustPolicy(t, tag, "p-peer00000", `{"tags": {"k": {"@@append": ["b"]}}}`)
	st := levels(tag, []*policy.Policy{lock, peer})
	if got := string(st.JSON()); got != `{"tags":{"k":["a","b"]}}` {
		t.Errorf("peer's append: %s", got)
	}
	if errs := codes(st); len(errs) != 0 {
		t.Errorf("errors: %v", errs)
	}
}

func TestTypeMismatchIsReported(t *testing.T) {
	t.Parallel()
	tagDoc := mustPolicy(t, policy.TagPolicy, "p-tag000000", `{"tags": {"k": {"@@assign": "v"}}}`)
	st := policy.Empty(policy.ChatbotPolicy).Apply(rootT, []*policy.Policy{tagDoc, {ID: "p-nodoc0000"}})
	if diff := cmp.Diff([]string{"POLICY_TYPE_MISMATCH $", "POLICY_TYPE_MISMATCH $"}, codes(st)); diff != "" {
		t.Error(diff)
	}
	if got := string(st.JSON()); got != "{}" {
		t.Errorf("effective = %s", got)
	}
}

func TestRender(t *testing.T) {
	t.Parallel()
	tag := policy.TagPolicy
	p := mustPolicy(t, tag, "p-render000", `{"z": {"v": {"@@assign": "q\"<&>\u00e9\n\u0001"}}, "a": {"n": {"@@assign": [1.50, true, -2e3]}},
		"empty": {"k": {"@@operators_allowed_for_child_policies": ["@@none"]}}}`)
	st := levels(tag, []*policy.Policy{p})
	want := `{"a":{"n":[1.50,true,-2e3]},"z":{"v":"q\"<&>é\n\u0001"}}`
	if got := string(st.JSON()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var v any
	if err := json.Unmarshal(st.JSON(), &v); err != nil {
		t.Errorf("rendering is not JSON: %v", err)
	}
	if got := string(policy.Empty(tag).JSON()); got != "{}" {
		t.Errorf("empty state renders %s", got)
	}
	if policy.Empty(tag).Exists() {
		t.Error("the empty state exists")
	}
}

func TestMergeIsIdempotent(t *testing.T) {
	t.Parallel()
	tag := policy.TagPolicy
	p := mustPolicy(t, tag, "p-idem00000", `{"t": {"a": {"@@assign": ["x", "y"]}, "b": {"@@append": ["z"]}, "c": {"@@remove": ["x"]}, "d": {"@@assign": "s"}}}`)
	once := levels(tag, []*policy.Policy{p})
	twice := levels(tag, []*policy.Policy{p}, []*policy.Policy{p}, []*policy.Policy{p})
	if string(once.JSON()) != string(twice.JSON()) {
		t.Errorf("once %s, three times %s", once.JSON(), twice.JSON())
	}
}

func TestExplainRemoved(t *testing.T) {
	t.Parallel()
	tag := policy.TagPolicy
	st := levels(tag,
		[]*policy.Policy{mustPolicy(t, tag, "p-base00000", `{"t": {"l": {"@@assign": ["a", "b", "c"]}}}`)},
		[]*policy.Policy{mustPolicy(t, tag, "p-drop00000", `{"t": {"l": {"@@remove": ["b"]}}}`)})
	ex := st.Explain()
	if len(ex.Removed) != 1 || ex.Removed[0].Value.Text != "b" || ex.Removed[0].Source.PolicyID != "p-drop00000" ||
		ex.Removed[0].Source.Target.ID != ouT.ID || ex.Removed[0].Source.Operator != policy.Remove {
		t.Errorf("removed = %+v", ex.Removed)
	}
	if len(ex.Values) != 2 || ex.Values[1].Path != "$.t.l[1]" || ex.Values[1].Value.Text != "c" {
		t.Errorf("values = %+v", ex.Values)
	}
}

func TestDiff(t *testing.T) {
	t.Parallel()
	tag := policy.TagPolicy
	before := levels(tag, []*policy.Policy{mustPolicy(t, tag, "p-before000",
		`{"t": {"l": {"@@assign": ["a", "b"]}, "s": {"@@assign": "x"}, "gone": {"k": {"@@assign": 1}}}}`)})
	after := levels(tag, []*policy.Policy{mustPolicy(t, tag, "p-after0000",
		`{"t": {"l": {"@@assign": ["b", "c"]}, "s": {"@@assign": "y"}, "new": {"@@assign": [true]}}}`)})
	want := []policy.Change{
		{Kind: policy.Removed, Path: "$.t.gone.k", Before: "1"},
		{Kind: policy.Removed, Path: "$.t.l", Before: `"a"`},
		{Kind: policy.Added, Path: "$.t.l", After: `"c"`},
		{Kind: policy.Added, Path: "$.t.new", After: `[true]`},
		{Kind: policy.Replaced, Path: "$.t.s", Before: `"x"`, After: `"y"`},
	}
	if diff := cmp.Diff(want, policy.Diff(before, after)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := policy.Diff(before, before); len(got) != 0 {
		t.Errorf("a state differs from itself: %v", got)
	}
	if got := policy.Diff(nil, before); len(got) != 3 || got[0].Kind != policy.Added {
		t.Errorf("from no policy: %v", got)
	}
}

func TestParseRefusesIAMTypes(t *testing.T) {
	t.Parallel()
	for _, typ := range []policy.Type{policy.ServiceControlPolicy, policy.ResourceControlPolicy, "NOT_A_TYPE"} {
		_, err := policy.Parse(typ, `{"Version": "2012-10-17", "Statement": []}`)
		if err == nil || !strings.Contains(err.Error(), "UNSUPPORTED_POLICY_TYPE") && !strings.Contains(err.Error(), string(typ)) {
			t.Errorf("%s: %v", typ, err)
		}
	}
}

func TestSourceJSONRoundTrip(t *testing.T) {
	t.Parallel()
	for _, op := range []policy.Operator{policy.Assign, policy.Append, policy.Remove, policy.ChildControl} {
		in := &policy.Source{PolicyID: "p-12345678", PolicyName: "n", Target: ouT, Operator: op}
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var out policy.Source
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(*in, out); diff != "" {
			t.Errorf("%s: %s", b, diff)
		}
	}
	var s policy.Source
	if err := json.Unmarshal([]byte(`{"operator": "@@nope"}`), &s); err == nil {
		t.Error("an unknown operator was accepted")
	}
}

func TestLongListEdits(t *testing.T) {
	t.Parallel()
	tag := policy.TagPolicy
	vals := func(from, to int) (string, []string) {
		var q, plain []string
		for i := from; i < to; i++ {
			q = append(q, fmt.Sprintf(`"v%02d"`, i))
			plain = append(plain, fmt.Sprintf("v%02d", i))
		}
		return strings.Join(q, ","), plain
	}
	all, _ := vals(0, 40)
	drop, _ := vals(10, 30)
	add, _ := vals(35, 60)
	st := levels(tag,
		[]*policy.Policy{mustPolicy(t, tag, "p-base00000", `{"t": {"l": {"@@assign": [`+all+`]}}}`)},
		[]*policy.Policy{mustPolicy(t, tag, "p-drop00000", `{"t": {"l": {"@@remove": [`+drop+`]}}}`),
			mustPolicy(t, tag, "p-add000000", `{"t": {"l": {"@@append": [`+add+`]}}}`)})
	_, head := vals(0, 10)
	_, mid := vals(30, 60)
	want := append(head, mid...)
	var got []string
	for _, e := range st.Lookup("t", "l").Elems() {
		got = append(got, e.Value.Text)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if n := len(st.Lookup("t", "l").Removed()); n != 20 {
		t.Errorf("%d removals recorded, want 20", n)
	}
}
