package orgfile

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/policy"
)

func TestParseDerivesIDsAndReadsContent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.json"), []byte(`{"chatbot": {"default": {"client": {"@@assign": "disabled"}}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	src := `
root:
  policies: [from-file, inline-yaml]
  ous:
    - name: A
      ous:
        - name: B
          accounts: [{id: "111111111111", name: x, policies: [p-explicit00]}]
policies:
  - {name: from-file, file: p.json}
  - name: inline-yaml
    content:
      chatbot:
        platforms:
          slack:
            workspaces: {"@@assign": ["W1", "*"]}
  - {name: as-string, id: p-explicit00, content: '{"chatbot": {}}'}
`
	o, err := Parse([]byte(src), dir)
	if err != nil {
		t.Fatal(err)
	}
	if o.Tree.Root().ID != DefaultRootID {
		t.Errorf("root ID %s", o.Tree.Root().ID)
	}
	path, err := o.Tree.Path("111111111111")
	if err != nil || len(path) != 4 {
		t.Fatalf("path %v %v", path, err)
	}
	if !strings.HasPrefix(path[1].ID, "ou-root-") || path[1].ID == path[2].ID {
		t.Errorf("derived OU IDs %s %s", path[1].ID, path[2].ID)
	}
	again, _ := Parse([]byte(src), dir)
	if p2, _ := again.Tree.Path("111111111111"); p2[2].ID != path[2].ID {
		t.Error("derived IDs are not stable")
	}
	inline, ok := o.Policy("inline-yaml")
	if !ok || inline.Content != `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@assign":["W1","*"]}}}}}` {
		t.Errorf("inline YAML content: %+v", inline)
	}
	if p, ok := o.Policy("p-explicit00"); !ok || p.Name != "as-string" {
		t.Error("lookup by ID")
	}
	if !o.Enabled(policy.ChatbotPolicy) || o.Enabled(policy.TagPolicy) {
		t.Errorf("enabled types %v", o.EnabledTypes())
	}
	st, err := o.Effective(policy.ChatbotPolicy, "111111111111")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(st.JSON()); got != `{"chatbot":{"default":{"client":"disabled"},"platforms":{"slack":{"workspaces":["W1","*"]}}}}` {
		t.Errorf("effective %s", got)
	}
	if _, err := o.Effective(policy.TagPolicy, "111111111111"); !errors.Is(err, ErrNotEnabled) {
		t.Errorf("tag policy: %v", err)
	}
	if n, err := o.Resolve("B"); err != nil || n.ID != path[2].ID {
		t.Errorf("resolve by name: %v %v", n, err)
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	t.Parallel()
	six := `[c1, c2, c3, c4, c5, c6]`
	var pols []string
	for i := 1; i <= 6; i++ {
		pols = append(pols, `  - {name: c`+string(rune('0'+i))+`, content: '{"chatbot": {}}'}`)
	}
	src := `
enabledPolicyTypes: [CHATBOT_POLICY]
root:
  policies: ` + six + `
  ous:
    - name: A
      policies: [missing, c1, c1, tags]
    - name: A
    - name: ""
  accounts:
    - {id: "12", name: short}
policies:
` + strings.Join(pols, "\n") + `
  - {name: c1, content: '{"chatbot": {}}'}
  - {name: bad, content: '{"chatbot": {"x": {}}}'}
  - {name: both, content: '{}', file: x.json}
  - {name: neither}
  - {name: tags, type: TAG_POLICY, content: '{}'}
  - {name: weird, type: NOT_A_TYPE, content: '{}'}
`
	_, err := Parse([]byte(src), t.TempDir())
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v", err)
	}
	all := strings.Join(fe.Problems, "\n")
	for _, want := range []string{
		`"c1" already names policy "c1"`,
		`policies[7] "bad": 1:14: $.chatbot.x: unknown key "x"`,
		`"both": give content or file, not both`,
		`"neither": a policy needs content or file`,
		`unknown policy type "NOT_A_TYPE"`,
		`root: 6 CHATBOT_POLICY policies attached; a node may have at most 5`,
		`root.ous[0]: unknown policy "missing"`,
		`root.ous[0]: policy "c1" is attached twice`,
		`duplicate OU name under the parent`,
		`root.ous[2]: an OU needs a name`,
		`root.accounts[0]: invalid ID`,
		`policy "tags" is a TAG_POLICY, which enabledPolicyTypes does not enable`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
}

// TestParseProblemsSayWhere checks that shape problems carry line,
// column, path and a "did you mean", in the file's words, never Go
// types; and that a policy whose file is missing is reported once.
func TestParseProblemsSayWhere(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	goType := regexp.MustCompile(`orgfile\.|policy\.Type|\[\]string|nodeSpec|acctSpec|policySpec|unmarshal|!!`)
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"unknown top-level key", "root: {}\naccounts: []\n", []string{`2:1: unknown field "accounts" in an org file; expected one of: enabledPolicyTypes, policies, root`}},
		{"misspelt key", "root:\n  ous:\n    - name: a\n      polices: [x]\n", []string{`4:7: root.ous[0]: unknown field "polices" in an OU; did you mean "policies"?`}},
		{"key in another case", "enabled_policy_types: [CHATBOT_POLICY]\nroot: {}\n", []string{`1:1: unknown field "enabled_policy_types" in an org file; did you mean "enabledPolicyTypes"?`}},
		{"account key", "root:\n  accounts:\n    - {id: \"111111111111\", name: a, emial: x}\n", []string{`3:37: root.accounts[0]: unknown field "emial" in an account; did you mean "email"?`}},
		{"a string for a list", "root:\n  policies: baseline\n", []string{`2:13: root.policies: expected a list of names, such as [a, b], not a string ("baseline")`}},
		{"a list for a mapping", "root: [a]\n", []string{`1:7: root: expected the root (a mapping of its fields), not a list`}},
		{"a mapping for a string", "root:\n  name: {a: b}\n", []string{`2:9: root.name: expected a string, not a mapping`}},
		{"not a boolean", "root:\n  detachFullAWSAccess: yes please\n", []string{`2:24: root.detachFullAWSAccess: expected true or false, not a string ("yes please")`}},
		{"policies not a list", "root: {}\npolicies: {name: a}\n", []string{`2:11: policies: expected a list of policies, not a mapping`}},
		{"duplicate key", "root: {}\nroot: {}\n", []string{`2:1: root: "root" appears twice in an org file (first at line 1)`}},
		{"syntax", "root: [\n", []string{`not valid YAML or JSON`}},
		{"unknown policy type", "root: {policies: [a]}\npolicies:\n  - {name: a, type: CHATBOT_POLCY, content: {}}\n", []string{`unknown policy type "CHATBOT_POLCY"; did you mean "CHATBOT_POLICY"?`}},
		{"unknown policy reference", "root: {policies: [baselin]}\npolicies:\n  - {name: baseline, content: {chatbot: {}}}\n", []string{`root: unknown policy "baselin"; did you mean "baseline"?`}},
		{"missing policy file, once", "root:\n  policies: [gone]\n  ous: [{name: a, policies: [gone]}]\npolicies:\n  - {name: gone, file: gone.json}\n",
			[]string{`org file: policies[0] "gone": file gone.json: no such file (relative paths are from the org file's directory)`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tc.file), dir)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if goType.MatchString(msg) {
				t.Errorf("error names Go types:\n%s", msg)
			}
			if tc.name == "missing policy file, once" && msg != tc.want[0] {
				t.Errorf("want exactly one problem, got:\n%s", msg)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("root:\n  ous:\n    - name: a\n      polices: [x]\n"))
	f.Add([]byte("root: {policies: [a]}\npolicies:\n  - {name: a, content: {chatbot: {}}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Parse(data, t.TempDir())
	})
}
