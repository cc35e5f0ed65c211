package policy

import (
	"github.com/chatgov/chatgov/internal/org"
)

// Attached returns the policies of one type attached directly to a node, in
// attach order.
type Attached func(nodeID string) []*Policy

// TargetOf returns the Target of an org node.
func TargetOf(n *org.Node) Target {
	return Target{ID: n.ID, Type: n.Type, Name: n.Name}
}

// AtPath merges the levels of path (root first) and returns the state of
// its last node.
func AtPath(t Type, path []*org.Node, attached Attached) *State {
	s := Empty(t)
	for _, n := range path {
		s = s.Apply(TargetOf(n), attached(n.ID))
	}
	return s
}

// ForTree computes the effective state of every node of the tree in one
// pass from the root down. Each node's state is its parent's with the
// node's own policies applied, so the work is proportional to the policies
// attached, not to the number of accounts: nodes without policies of their
// own share their parent's state.
func ForTree(t Type, tree *org.Tree, attached Attached) map[string]*State {
	states := make(map[string]*State, tree.Len())
	var visit func(n *org.Node, parent *State)
	visit = func(n *org.Node, parent *State) {
		st := parent
		if ps := attached(n.ID); len(ps) > 0 {
			st = parent.Apply(TargetOf(n), ps)
		}
		states[n.ID] = st
		for _, c := range n.Children() {
			visit(c, st)
		}
	}
	visit(tree.Root(), Empty(t))
	return states
}
