package policy_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/scenario"
	"github.com/chatgov/chatgov/internal/synth"
)

func BenchmarkParseChatbot(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(scenario.Testdata(), "documents", "valid", "full-syntax.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := policy.Parse(policy.ChatbotPolicy, string(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMergePath merges a path five levels deep with five chat
// applications policies on each level, and renders the result.
func BenchmarkMergePath(b *testing.B) {
	o, err := synth.Generate(synth.Spec{Accounts: 1, OUs: 1, MaxDepth: 1, ChatbotPolicies: 25, Seed: 7})
	if err != nil {
		b.Fatal(err)
	}
	parsed, err := o.Parsed()
	if err != nil {
		b.Fatal(err)
	}
	var levels [][]*policy.Policy
	for l := 0; l < 5; l++ {
		var ps []*policy.Policy
		for k := 0; k < 5; k++ {
			ps = append(ps, parsed[o.Policies[l*5+k].ID])
		}
		levels = append(levels, ps)
	}
	targets := []policy.Target{{ID: "r-abcd", Type: org.Root}, {ID: "ou-abcd-11111111", Type: org.OU},
		{ID: "ou-abcd-22222222", Type: org.OU}, {ID: "ou-abcd-33333333", Type: org.OU}, {ID: "111111111111", Type: org.Account}}
	b.ReportAllocs()
	for b.Loop() {
		st := policy.Empty(policy.ChatbotPolicy)
		for i, ps := range levels {
			st = st.Apply(targets[i], ps)
		}
		if len(st.JSON()) == 0 {
			b.Fatal("empty rendering")
		}
	}
}

var (
	bigOrgOnce sync.Once
	bigOrg     *synth.Org
	bigParsed  map[string]*policy.Policy
	bigErr     error
)

func loadBigOrg(b *testing.B) (*synth.Org, map[string]*policy.Policy) {
	b.Helper()
	bigOrgOnce.Do(func() {
		bigOrg, bigErr = synth.Generate(synth.Default())
		if bigErr == nil {
			bigParsed, bigErr = bigOrg.Parsed()
		}
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigOrg, bigParsed
}

// BenchmarkEffectiveOrganization computes the effective chat applications
// policy of every node of a 100,000-account, 2,000-OU organization with
// 1,000 policies, and renders every account's JSON, from parsed policies.
func BenchmarkEffectiveOrganization(b *testing.B) {
	o, parsed := loadBigOrg(b)
	attached := o.Attached(parsed)
	accounts := 0
	o.Tree.Walk(func(n *org.Node) bool {
		if n.Type == org.Account {
			accounts++
		}
		return true
	})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		states := policy.ForTree(policy.ChatbotPolicy, o.Tree, attached)
		rendered := 0
		o.Tree.Walk(func(n *org.Node) bool {
			if n.Type == org.Account {
				rendered += len(states[n.ID].JSON())
			}
			return true
		})
		if rendered == 0 {
			b.Fatal("nothing rendered")
		}
	}
	b.ReportMetric(float64(accounts), "accounts")
}

// BenchmarkParseOrganizationPolicies parses the 1,000 policies of the
// synthetic organization: the one-off cost before effective policies.
func BenchmarkParseOrganizationPolicies(b *testing.B) {
	o, _ := loadBigOrg(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := o.Parsed(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(o.Policies)), "policies")
}

func ExampleState_Apply() {
	root, _ := policy.Parse(policy.ChatbotPolicy, `{"chatbot": {"platforms": {"slack": {
		"client": {"@@assign": "enabled"},
		"workspaces": {"@@operators_allowed_for_child_policies": ["@@remove"], "@@assign": ["T0AAAA", "T0BBBB"]}}}}}`)
	ou, _ := policy.Parse(policy.ChatbotPolicy, `{"chatbot": {"platforms": {"slack": {"workspaces": {"@@append": ["T0CCCC"]}}}}}`)
	acct, _ := policy.Parse(policy.ChatbotPolicy, `{"chatbot": {"platforms": {"slack": {"workspaces": {"@@remove": ["T0BBBB"]}}}}}`)

	st := policy.Empty(policy.ChatbotPolicy).
		Apply(policy.Target{ID: "r-abcd", Type: org.Root}, []*policy.Policy{{ID: "p-rootslack1", Name: "slack", Doc: root}}).
		Apply(policy.Target{ID: "ou-abcd-11111111", Type: org.OU}, []*policy.Policy{{ID: "p-ouappend1", Name: "append", Doc: ou}}).
		Apply(policy.Target{ID: "111111111111", Type: org.Account}, []*policy.Policy{{ID: "p-acctremv1", Name: "remove", Doc: acct}})

	fmt.Println(string(st.JSON()))
	for _, v := range st.Explain().Values {
		fmt.Printf("%s = %s by %s on %s (%s)\n", v.Path, v.Value.Text, v.Source.PolicyID, v.Source.Target.ID, v.Source.Operator)
	}
	for _, e := range st.ValidationErrors() {
		fmt.Println(e.Code, e.Path, e.Change.PolicyID)
	}
	// Output:
	// {"chatbot":{"platforms":{"slack":{"client":"enabled","workspaces":["T0AAAA"]}}}}
	// $.chatbot.platforms.slack.client = enabled by p-rootslack1 on r-abcd (@@assign)
	// $.chatbot.platforms.slack.workspaces[0] = T0AAAA by p-rootslack1 on r-abcd (@@assign)
	// OPERATOR_NOT_ALLOWED $.chatbot.platforms.slack.workspaces p-ouappend1
}
