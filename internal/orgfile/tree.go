package orgfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/chatgov/chatgov/internal/jsondoc"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
)

// DefaultRootID is the root's ID when the file gives none.
const DefaultRootID = "r-root"

func (l *loader) tree(root nodeSpec) {
	id := root.ID
	if id == "" {
		id = DefaultRootID
	}
	name := root.Name
	if name == "" {
		name = "Root"
	}
	t, err := org.New(id, name)
	if err != nil {
		l.problem("root: %v", err)
		return
	}
	l.o.Tree = t
	l.attach("root", id, root.Policies)
	l.detach("root", id, root.DetachFullAWSAccess)
	l.children("root", t.Root(), nil, root)
}

func (l *loader) children(where string, parent *org.Node, names []string, spec nodeSpec) {
	rootSuffix := strings.TrimPrefix(l.o.Tree.Root().ID, "r-")
	for i, ou := range spec.OUs {
		w := fmt.Sprintf("%s.ous[%d]", where, i)
		if ou.Name == "" {
			l.problem("%s: an OU needs a name", w)
			continue
		}
		path := append(names[:len(names):len(names)], ou.Name)
		id := ou.ID
		if id == "" {
			id = "ou-" + rootSuffix + "-" + hash("ou/"+strings.Join(path, "/"), 16)
		}
		n, err := l.o.Tree.AddOU(parent.ID, id, ou.Name)
		if err != nil {
			l.problem("%s %q: %v", w, ou.Name, err)
			continue
		}
		l.attach(w, n.ID, ou.Policies)
		l.detach(w, n.ID, ou.DetachFullAWSAccess)
		l.children(w, n, path, ou)
	}
	for i, a := range spec.Accounts {
		w := fmt.Sprintf("%s.accounts[%d]", where, i)
		n, err := l.o.Tree.AddAccount(parent.ID, a.ID, a.Name)
		if err != nil {
			l.problem("%s: %v", w, err)
			continue
		}
		if a.Email != "" {
			l.o.emails[a.ID] = a.Email
		}
		l.attach(w, n.ID, a.Policies)
		l.detach(w, n.ID, a.DetachFullAWSAccess)
	}
}

func (l *loader) attach(where, nodeID string, refs []string) {
	perType := map[policy.Type]int{}
	for _, ref := range refs {
		p, ok := l.o.byRef[ref]
		if !ok && (ref == FullAWSAccessName || ref == FullAWSAccessID) {
			l.problem("%s: %s is attached to every node while SERVICE_CONTROL_POLICY is enabled; do not list it (detachFullAWSAccess: true detaches it)", where, ref)
			continue
		}
		if !ok && l.broken[ref] {
			continue // its own problem is reported once, where it is defined
		}
		if !ok {
			msg := fmt.Sprintf("%s: unknown policy %q", where, ref)
			names := make([]string, 0, len(l.o.Policies))
			for _, p := range l.o.Policies {
				names = append(names, p.Name)
			}
			if hint := jsondoc.Suggest(ref, names); hint != "" {
				msg += fmt.Sprintf("; did you mean %q?", hint)
			}
			l.problem("%s", msg)
			continue
		}
		dup := false
		for _, q := range l.o.attached[nodeID] {
			dup = dup || q == p
		}
		if dup {
			l.problem("%s: policy %q is attached twice", where, ref)
			continue
		}
		l.o.attached[nodeID] = append(l.o.attached[nodeID], p)
		perType[p.Type]++
	}
	for t, n := range perType {
		if info, _ := policy.Lookup(t); n > info.MaxPerNode {
			l.problem("%s: %d %s policies attached; a node may have at most %d", where, n, t, info.MaxPerNode)
		}
	}
}

func (l *loader) enable(types *[]policy.Type) {
	l.o.enabled = map[policy.Type]bool{}
	if types == nil {
		for _, ps := range l.o.attached {
			for _, p := range ps {
				l.o.enabled[p.Type] = true
			}
		}
		return
	}
	for _, t := range *types {
		if _, ok := policy.Lookup(t); !ok {
			l.problem("enabledPolicyTypes: unknown policy type %q%s", t, typeHint(string(t)))
		}
		l.o.enabled[t] = true
	}
	if l.o.Tree == nil {
		return
	}
	l.o.Tree.Walk(func(n *org.Node) bool {
		for _, p := range l.o.attached[n.ID] {
			if !l.o.enabled[p.Type] {
				l.problem("%s (%s): policy %q is a %s, which enabledPolicyTypes does not enable", n.ID, n.Name, p.Name, p.Type)
			}
		}
		return true
	})
}

// Enabled reports whether the policy type is enabled in the organization.
func (o *Org) Enabled(t policy.Type) bool { return o.enabled[t] }

// EnabledTypes returns the enabled policy types, sorted.
func (o *Org) EnabledTypes() []policy.Type {
	var out []policy.Type
	for t, on := range o.enabled {
		if on {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Policy returns the policy with the given ID or name.
func (o *Org) Policy(ref string) (*Policy, bool) {
	p, ok := o.byRef[ref]
	return p, ok
}

// AttachedTo returns the policies of every type attached to a node, in attach order.
func (o *Org) AttachedTo(nodeID string) []*Policy { return o.attached[nodeID] }

// Email returns the account's email address from the file, if any.
func (o *Org) Email(accountID string) string { return o.emails[accountID] }

// Attached returns the attachments of one type, in the form the policy engine takes.
func (o *Org) Attached(t policy.Type) policy.Attached {
	return func(nodeID string) []*policy.Policy {
		var out []*policy.Policy
		for _, p := range o.attached[nodeID] {
			if p.Type == t {
				out = append(out, &p.Policy)
			}
		}
		return out
	}
}

// ErrNotEnabled is returned for effective policies of a type the
// organization has not enabled.
var ErrNotEnabled = errors.New("policy type not enabled")

// Effective returns the effective state of type t at a node. A state that
// does not Exist means no policy of the type applies.
func (o *Org) Effective(t policy.Type, nodeID string) (*policy.State, error) {
	if info, ok := policy.Lookup(t); !ok || !info.Management {
		return nil, fmt.Errorf("%s has no effective policy: it is not a management policy type", t)
	}
	path, err := o.Tree.Path(nodeID)
	if err != nil {
		return nil, err
	}
	if !o.enabled[t] {
		return nil, fmt.Errorf("%w: %s", ErrNotEnabled, t)
	}
	return policy.AtPath(t, path, o.Attached(t)), nil
}

// Resolve finds a node by ID, or by name when the name is unique ("Root"
// names the root).
func (o *Org) Resolve(ref string) (*org.Node, error) {
	if n, ok := o.Tree.Node(ref); ok {
		return n, nil
	}
	var found []*org.Node
	o.Tree.Walk(func(n *org.Node) bool {
		if n.Name == ref {
			found = append(found, n)
		}
		return true
	})
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, fmt.Errorf("no root, OU or account has the ID or name %q", ref)
	}
	ids := make([]string, len(found))
	for i, n := range found {
		ids[i] = n.ID
	}
	return nil, fmt.Errorf("the name %q is ambiguous: %s; use an ID", ref, strings.Join(ids, ", "))
}

// JSONFromYAML converts a YAML node to compact JSON, keeping the order of
// mapping keys.
func JSONFromYAML(n *yaml.Node) (string, error) {
	var b strings.Builder
	if err := writeJSON(&b, n); err != nil {
		return "", err
	}
	return b.String(), nil
}

// writeJSON writes a YAML node as JSON, keeping the order of mapping keys.
func writeJSON(b *strings.Builder, n *yaml.Node) error {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return errors.New("empty document")
		}
		return writeJSON(b, n.Content[0])
	case yaml.AliasNode:
		return writeJSON(b, n.Alias)
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: mapping keys must be strings", k.Line)
			}
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k.Value)
			b.WriteByte(':')
			if err := writeJSON(b, n.Content[i+1]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJSON(b, c); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str":
			writeJSONString(b, n.Value)
		case "!!bool", "!!null":
			b.WriteString(n.Value)
		case "!!int", "!!float":
			if _, err := strconv.ParseFloat(n.Value, 64); err != nil {
				return fmt.Errorf("line %d: %q is not a JSON number", n.Line, n.Value)
			}
			b.WriteString(n.Value)
		default:
			return fmt.Errorf("line %d: unsupported YAML value %q (%s)", n.Line, n.Value, n.Tag)
		}
	}
	return nil
}

func writeJSONString(b *strings.Builder, s string) {
	q, _ := json.Marshal(s) // a string always marshals
	b.Write(q)
}
