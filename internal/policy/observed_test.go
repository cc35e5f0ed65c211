package policy_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/policy"
)

// The tests of this file pin the rules of the reference's section 0: AWS's
// behaviour recorded from the real service.

func TestKeysAreCaseInsensitive(t *testing.T) {
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
			name:   "keys merge across policies and are published lower-cased",
			parent: `{"Tags": {"CostCenter": {"Tag_Key": {"@@Assign": "CostCenter"}, "Tag_Value": {"@@ASSIGN": ["Dev"]}}}}`,
			child:  `{"tags": {"COSTCENTER": {"tag_value": {"@@append": ["Ops"]}}}}`,
			want:   `{"tags":{"costcenter":{"tag_key":"CostCenter","tag_value":["Dev","Ops"]}}}`,
		},
		{
			name:   "child-control values are case-insensitive",
			parent: `{"t": {"k": {"@@Operators_Allowed_For_Child_Policies": ["@@None"], "@@assign": ["a"]}}}`,
			child:  `{"T": {"K": {"@@Append": ["b"]}}}`,
			want:   `{"t":{"k":["a"]}}`,
			errors: []string{"OPERATOR_NOT_ALLOWED $.t.k"},
		},
		{
			name:   "values keep their case and compare exactly",
			parent: `{"t": {"k": {"@@assign": ["Dev"]}}}`,
			child:  `{"t": {"k": {"@@append": ["dev"], "@@remove": ["DEV"]}}}`,
			want:   `{"t":{"k":["Dev","dev"]}}`,
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

func TestSlackWorkspacesCompareWithoutCase(t *testing.T) {
	t.Parallel()
	cb := policy.ChatbotPolicy
	ws := func(op, ids string) string {
		return `{"chatbot": {"platforms": {"slack": {"workspaces": {"` + op + `": [` + ids + `]}}}}}`
	}
	st := levels(cb,
		[]*policy.Policy{mustPolicy(t, cb, "p-root00000", ws("@@assign", `"T0AAA", "t0aaa", "T0BBB", "T0CCC"`))},
		[]*policy.Policy{mustPolicy(t, cb, "p-append000", ws("@@append", `"t0bbb", "T0DDD"`)),
			mustPolicy(t, cb, "p-remove000", ws("@@remove", `"t0ccc"`))})
	want := `{"chatbot":{"platforms":{"slack":{"workspaces":["T0AAA","T0BBB","T0DDD"]}}}}`
	if got := string(st.JSON()); got != want {
		t.Errorf("effective = %s, want %s", got, want)
	}
	if rm := st.Lookup("chatbot", "platforms", "slack", "workspaces").Removed(); len(rm) != 1 || rm[0].Value.Text != "T0CCC" {
		t.Errorf("removed = %+v", rm)
	}
}

func TestOperatorsOfOneSetting(t *testing.T) {
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
			name:   "assign, then append, then remove, whatever the document order",
			parent: `{"t": {"k": {"@@assign": ["p"]}}}`,
			child:  `{"t": {"k": {"@@remove": ["a", "c"], "@@append": ["b", "c", "b"], "@@assign": ["a", "a"]}}}`,
			want:   `{"t":{"k":["b"]}}`,
		},
		{
			name:   "append and remove without assign edit the inherited list",
			parent: `{"t": {"k": {"@@assign": ["p", "q"]}}}`,
			child:  `{"t": {"k": {"@@append": ["r"], "@@remove": ["p", "r"]}}}`,
			want:   `{"t":{"k":["q"]}}`,
		},
		{
			name:   "a disallowed assign leaves the allowed edits",
			parent: `{"t": {"k": {"@@operators_allowed_for_child_policies": ["@@append", "@@remove"], "@@assign": ["p"]}}}`,
			child:  `{"t": {"k": {"@@assign": ["x"], "@@append": ["y"], "@@remove": ["p"]}}}`,
			want:   `{"t":{"k":["y"]}}`,
			errors: []string{"OPERATOR_NOT_ALLOWED $.t.k"},
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

// TestPeersAppendBeforeRemove: at one node every @@append applies before
// any @@remove, whatever the attach order.
func TestPeersAppendBeforeRemove(t *testing.T) {
	t.Parallel()
	tag := policy.TagPolicy
	base := mustPolicy(t, tag, "p-base00000", `{"t": {"k": {"@@assign": ["a"]}}}`)
	add := mustPolicy(t, tag, "p-add000000", `{"t": {"k": {"@@append": ["b", "c"]}}}`)
	drop := mustPolicy(t, tag, "p-drop00000", `{"t": {"k": {"@@remove": ["b"]}}}`)
	for _, order := range [][]*policy.Policy{{add, drop}, {drop, add}} {
		st := levels(tag, []*policy.Policy{base}, order)
		if got, want := string(st.JSON()), `{"t":{"k":["a","c"]}}`; got != want {
			t.Errorf("order %s, %s: effective = %s, want %s", order[0].ID, order[1].ID, got, want)
		}
	}
	// With nothing inherited, a peer's remove still sees the peers' appends.
	st := levels(tag, []*policy.Policy{drop, add})
	if got, want := string(st.JSON()), `{"t":{"k":["c"]}}`; got != want {
		t.Errorf("at the root: effective = %s, want %s", got, want)
	}
}

func TestTopLevelScalarOperatorsHaveNoEffect(t *testing.T) {
	t.Parallel()
	cb := policy.ChatbotPolicy
	plain := mustPolicy(t, cb, "p-plain0000", `{"chatbot": {"default": {"client": {"@@assign": "disabled"}}}}`)
	for _, extra := range []string{`null`, `1`, `"x"`, `true`} {
		p := mustPolicy(t, cb, "p-extra0000", `{"chatbot": {"default": {"client": {"@@assign": "disabled"}}}, "@@assign": `+extra+`, "@@Remove": `+extra+`}`)
		if got, want := string(levels(cb, []*policy.Policy{p}).JSON()), string(levels(cb, []*policy.Policy{plain}).JSON()); got != want {
			t.Errorf("%s: effective = %s, want %s", extra, got, want)
		}
	}
}

// TestChildControlCombinations: a child-control list allows the union of
// what its entries name, "@@all" every operator and "@@none" none.
func TestChildControlCombinations(t *testing.T) {
	t.Parallel()
	tag := policy.TagPolicy
	tests := []struct {
		control string
		want    string // after a child's @@assign ["z"] and @@append ["y"]
	}{
		{`["@@all", "@@assign"]`, `{"t":{"k":["z","y"]}}`},
		{`["@@ALL", "@@none"]`, `{"t":{"k":["z","y"]}}`},
		{`["@@none", "@@append"]`, `{"t":{"k":["x","y"]}}`},
		{`["@@append", "@@Append"]`, `{"t":{"k":["x","y"]}}`},
		{`["@@none", "@@NONE"]`, `{"t":{"k":["x"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.control, func(t *testing.T) {
			t.Parallel()
			parent := mustPolicy(t, tag, "p-parent000", `{"t": {"k": {"@@operators_allowed_for_child_policies": `+tt.control+`, "@@assign": ["x"]}}}`)
			child := mustPolicy(t, tag, "p-child0000", `{"t": {"k": {"@@assign": ["z"], "@@append": ["y"]}}}`)
			st := levels(tag, []*policy.Policy{parent}, []*policy.Policy{child})
			if got := string(st.JSON()); got != tt.want {
				t.Errorf("effective = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestContainerRestrictionAndPeers: a setting that a peer adds at the
// restricted level's child is new, so the container's restriction governs
// every peer's change to it.
func TestContainerRestrictionAndPeers(t *testing.T) {
	t.Parallel()
	tag := policy.TagPolicy
	lock := mustPolicy(t, tag, "p-lock00000", `{"t": {"@@operators_allowed_for_child_policies": ["@@append"], "k": {"@@assign": ["a"]}}}`)
	add := mustPolicy(t, tag, "p-add000000", `{"t": {"n": {"@@assign": ["x"]}}}`)
	more := mustPolicy(t, tag, "p-more00000", `{"t": {"n": {"@@append": ["y"]}, "k": {"@@remove": ["a"]}}}`)
	st := levels(tag, []*policy.Policy{lock}, []*policy.Policy{add, more})
	if got, want := string(st.JSON()), `{"t":{"k":[],"n":["y"]}}`; got != want {
		t.Errorf("effective = %s, want %s", got, want)
	}
	if diff := cmp.Diff([]string{"OPERATOR_NOT_ALLOWED $.t.n"}, codes(st)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// TestNoPolicyRendersEmpty: the engine's rendering of "nothing in effect",
// which DescribeEffectivePolicy answers for an account whose type is
// enabled when no policy applies.
func TestNoPolicyRendersEmpty(t *testing.T) {
	t.Parallel()
	for _, typ := range []policy.Type{policy.ChatbotPolicy, policy.TagPolicy} {
		st := policy.Empty(typ)
		if st.Exists() || string(st.JSON()) != "{}" {
			t.Errorf("%s: Exists = %v, JSON = %s", typ, st.Exists(), st.JSON())
		}
	}
	onlyControl := mustPolicy(t, policy.TagPolicy, "p-ctl000000", `{"t": {"@@operators_allowed_for_child_policies": ["@@none"]}}`)
	if st := levels(policy.TagPolicy, []*policy.Policy{onlyControl}); !st.Exists() || string(st.JSON()) != "{}" {
		t.Errorf("restrictions only: Exists = %v, JSON = %s", st.Exists(), st.JSON())
	}
}
