// Package synth generates synthetic organizations for benchmarks: a tree of
// OUs and accounts, chat applications policies attached across it, and the
// Slack workspaces and Teams tenants those policies name. The same Spec
// always yields the same organization.
package synth

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
)

// Spec sizes an organization.
type Spec struct {
	Accounts        int
	OUs             int
	MaxDepth        int
	ChatbotPolicies int
	// SCPs is how many service control policies to generate besides
	// FullAWSAccess. With none, service control policies stay disabled.
	SCPs int
	Seed uint64
}

// Default is the size the project's figures are measured at. It has no
// SCPs, as when those figures were first taken; chatgov-bench asks for them.
func Default() Spec {
	return Spec{Accounts: 100_000, OUs: 2_000, MaxDepth: org.MaxOUDepth, ChatbotPolicies: 1_000, Seed: 1}
}

// Policy is a generated policy document.
type Policy struct {
	ID      string
	Name    string
	Type    policy.Type
	Content string
}

// Org is a generated organization.
type Org struct {
	Tree     *org.Tree
	Policies []Policy
	// Attachments maps a node ID to the IDs of its policies, in attach order.
	Attachments map[string][]string
	// SlackTeams and Tenants are the identifier pools the policies draw from.
	SlackTeams []string
	Tenants    []string
	Teams      []string
	// BaselineSlackTeams are the workspaces the root's baseline policy
	// allows.
	BaselineSlackTeams []string
	// SCPs are the generated service control policies (FullAWSAccess,
	// which every node holds, is not among them), and SCPAttachments maps a
	// node ID to the IDs of its SCPs other than FullAWSAccess.
	SCPs           []Policy
	SCPAttachments map[string][]string
}

// Generate builds the organization described by spec.
func Generate(spec Spec) (*Org, error) {
	if spec.MaxDepth < 1 || spec.MaxDepth > org.MaxOUDepth {
		return nil, fmt.Errorf("MaxDepth must be 1 to %d", org.MaxOUDepth)
	}
	rng := rand.New(rand.NewPCG(spec.Seed, spec.Seed^0x5eed))
	tree, err := org.New("r-synth", "Root")
	if err != nil {
		return nil, err
	}
	o := &Org{Tree: tree, Attachments: map[string][]string{}}
	for i := 0; i < 400; i++ {
		o.SlackTeams = append(o.SlackTeams, fmt.Sprintf("T%08X", i))
	}
	for i := 0; i < 40; i++ {
		o.Tenants = append(o.Tenants, fmt.Sprintf("%08x-1111-4111-8111-%012x", i, i))
	}
	for i := 0; i < 200; i++ {
		o.Teams = append(o.Teams, fmt.Sprintf("%08x-2222-4222-8222-%012x", i, i))
	}

	containers := []*org.Node{tree.Root()}
	for i := 0; i < spec.OUs; i++ {
		var parent *org.Node
		for {
			parent = containers[rng.IntN(len(containers))]
			if parent.Depth < spec.MaxDepth {
				break
			}
		}
		n, err := tree.AddOU(parent.ID, fmt.Sprintf("ou-synth-%08x", i), fmt.Sprintf("ou-%d", i))
		if err != nil {
			return nil, err
		}
		containers = append(containers, n)
	}
	var accounts []*org.Node
	for i := 0; i < spec.Accounts; i++ {
		parent := containers[rng.IntN(len(containers))]
		n, err := tree.AddAccount(parent.ID, fmt.Sprintf("%012d", 100_000_000_000+i), fmt.Sprintf("account-%d", i))
		if err != nil {
			return nil, err
		}
		accounts = append(accounts, n)
	}

	for i := 0; i < spec.ChatbotPolicies; i++ {
		doc := o.chatbotDoc(rng, i)
		content, err := json.Marshal(doc)
		if err != nil {
			return nil, err
		}
		o.Policies = append(o.Policies, Policy{ID: fmt.Sprintf("p-synth%06d", i), Name: fmt.Sprintf("chatbot-%d", i),
			Type: policy.ChatbotPolicy, Content: string(content)})
	}
	// The first policy is the organization's baseline at the root; the
	// others attach to one or two OUs or accounts each.
	info, _ := policy.Lookup(policy.ChatbotPolicy)
	attach := func(nodeID, policyID string) {
		if len(o.Attachments[nodeID]) < info.MaxPerNode {
			o.Attachments[nodeID] = append(o.Attachments[nodeID], policyID)
		}
	}
	for i, p := range o.Policies {
		if i == 0 {
			attach(tree.Root().ID, p.ID)
			continue
		}
		for k := 0; k < 1+rng.IntN(2); k++ {
			if rng.IntN(2) == 0 && len(containers) > 1 {
				attach(containers[1+rng.IntN(len(containers)-1)].ID, p.ID)
			} else if len(accounts) > 1 {
				// accounts[0] is the management account, which policies do not restrict.
				attach(accounts[1+rng.IntN(len(accounts)-1)].ID, p.ID)
			}
		}
	}
	if err := o.generateSCPs(spec, containers, accounts); err != nil {
		return nil, err
	}
	return o, nil
}

type obj = map[string]any

func assign(v any) obj { return obj{policy.KeyAssign: v} }

// chatbotDoc returns one of a few shapes of policy, like the ones an
// organization writes: a baseline, allow-lists, edits to them, overrides.
func (o *Org) chatbotDoc(rng *rand.Rand, i int) obj {
	pick := func(pool []string, n int) []string {
		seen := map[string]bool{}
		var out []string
		for len(out) < n {
			v := pool[rng.IntN(len(pool))]
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
		return out
	}
	roles := [][]string{{"user_role"}, {"channel_role"}, {"user_role", "channel_role"}}
	types := [][]string{{"private"}, {"public"}, {"public", "private"}}
	if i == 0 {
		o.BaselineSlackTeams = pick(o.SlackTeams, 200)
		return obj{"chatbot": obj{
			"default": obj{"client": assign("disabled")},
			"platforms": obj{
				"slack": obj{"client": assign("enabled"), "workspaces": assign(o.BaselineSlackTeams),
					"default": obj{"supported_role_settings": assign([]string{"user_role", "channel_role"})}},
				"microsoft_teams": obj{"client": assign("enabled"), "tenants": obj{
					o.Tenants[0]: assign([]string{"*"}), o.Tenants[1]: assign(pick(o.Teams, 10))}},
			},
		}}
	}
	switch rng.IntN(6) {
	case 0:
		return obj{"chatbot": obj{"platforms": obj{"slack": obj{
			"workspaces": assign(pick(o.SlackTeams, 1+rng.IntN(20))),
			"default": obj{"supported_channel_types": assign(types[rng.IntN(3)]),
				"supported_role_settings": assign(roles[rng.IntN(3)])}}}}}
	case 1:
		return obj{"chatbot": obj{"platforms": obj{"slack": obj{
			"workspaces": obj{policy.KeyAppend: pick(o.SlackTeams, 1+rng.IntN(5))}}}}}
	case 2:
		return obj{"chatbot": obj{"platforms": obj{"slack": obj{
			"workspaces": obj{policy.KeyRemove: pick(o.SlackTeams, 1+rng.IntN(5))}}}}}
	case 3:
		tenants := obj{}
		for _, t := range pick(o.Tenants, 1+rng.IntN(4)) {
			tenants[t] = assign(pick(o.Teams, 1+rng.IntN(8)))
		}
		return obj{"chatbot": obj{"platforms": obj{"microsoft_teams": obj{"tenants": tenants,
			"default": obj{"supported_role_settings": assign(roles[rng.IntN(3)])}}}}}
	case 4:
		ov := obj{}
		for _, t := range pick(o.SlackTeams, 1+rng.IntN(4)) {
			ov[t] = obj{"supported_channel_types": assign(types[rng.IntN(3)])}
		}
		return obj{"chatbot": obj{"platforms": obj{"slack": obj{"overrides": ov}}}}
	}
	return obj{"chatbot": obj{"platforms": obj{
		"chime": obj{"client": assign([]string{"enabled", "disabled"}[rng.IntN(2)])},
		"slack": obj{"default": obj{policy.KeyChildOps: []string{policy.KeyAppend, policy.KeyRemove},
			"supported_role_settings": assign(roles[rng.IntN(3)])}},
	}}}
}

// Parsed returns the generated policies parsed, by ID.
func (o *Org) Parsed() (map[string]*policy.Policy, error) {
	out := make(map[string]*policy.Policy, len(o.Policies))
	for _, p := range o.Policies {
		doc, err := policy.Parse(p.Type, p.Content)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.ID, err)
		}
		out[p.ID] = &policy.Policy{ID: p.ID, Name: p.Name, Doc: doc}
	}
	return out, nil
}

// Attached returns the attachments in the form the policy engine takes.
func (o *Org) Attached(parsed map[string]*policy.Policy) policy.Attached {
	return func(nodeID string) []*policy.Policy {
		ids := o.Attachments[nodeID]
		if len(ids) == 0 {
			return nil
		}
		out := make([]*policy.Policy, len(ids))
		for i, id := range ids {
			out[i] = parsed[id]
		}
		return out
	}
}
