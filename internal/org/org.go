// Package org models an AWS organization's tree: one root, organizational
// units nested up to five deep, and accounts, with the identifiers and
// invariants AWS Organizations enforces.
//
// The package is pure (standard library only, no I/O). A Tree is a mutable
// value owned by one goroutine at a time; callers that share trees across
// goroutines publish a Clone and never mutate it again.
package org

import (
	"errors"
	"fmt"
	"regexp"
)

// NodeType is the kind of node in the tree. Its values are the AWS
// TargetType enum, so they can be written to the wire as they are.
type NodeType string

// The node types.
const (
	Root    NodeType = "ROOT"
	OU      NodeType = "ORGANIZATIONAL_UNIT"
	Account NodeType = "ACCOUNT"
)

// MaxOUDepth is how many levels of OUs AWS allows under the root.
const MaxOUDepth = 5

// Errors returned by Tree methods. They are wrapped with the offending IDs;
// test with errors.Is.
var (
	// ErrNotFound: the node does not exist.
	ErrNotFound = errors.New("node not found")
	// ErrInvalidID: the ID does not have the format of its node type.
	ErrInvalidID = errors.New("invalid ID")
	// ErrDuplicateID: a node with that ID already exists.
	ErrDuplicateID = errors.New("duplicate ID")
	// ErrDuplicateName: an OU with that name already exists under the parent.
	ErrDuplicateName = errors.New("duplicate OU name under the parent")
	// ErrInvalidParent: the parent is an account, or the move is to the node itself.
	ErrInvalidParent = errors.New("invalid parent")
	// ErrDepth: the OU would be nested deeper than MaxOUDepth.
	ErrDepth = errors.New("OU depth limit exceeded")
	// ErrNotEmpty: the OU still has children.
	ErrNotEmpty = errors.New("OU is not empty")
	// ErrRoot: the operation cannot apply to the root.
	ErrRoot = errors.New("operation not allowed on the root")
)

var (
	rootIDRe    = regexp.MustCompile(`^r-[0-9a-z]{4,32}$`)
	ouIDRe      = regexp.MustCompile(`^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`)
	accountIDRe = regexp.MustCompile(`^\d{12}$`)
)

// ValidID reports whether id has the format AWS uses for nodes of type t.
func ValidID(t NodeType, id string) bool {
	switch t {
	case Root:
		return rootIDRe.MatchString(id)
	case OU:
		return ouIDRe.MatchString(id)
	case Account:
		return accountIDRe.MatchString(id)
	}
	return false
}

// TypeOf returns the node type an ID's format denotes.
func TypeOf(id string) (NodeType, bool) {
	for _, t := range []NodeType{Account, OU, Root} {
		if ValidID(t, id) {
			return t, true
		}
	}
	return "", false
}

// Node is one root, OU or account. Nodes returned by a Tree are its own;
// callers must not modify them.
type Node struct {
	ID       string
	Type     NodeType
	Name     string
	ParentID string // empty for the root
	// Depth is 0 for the root, 1 for its children, and so on.
	Depth    int
	children []*Node
}

// Children returns the node's children in the order they were added. The
// slice is the tree's own; do not modify it.
func (n *Node) Children() []*Node { return n.children }

// Tree is an organization's tree.
type Tree struct {
	root  *Node
	nodes map[string]*Node
}

// New returns a tree holding only a root with the given ID and name.
func New(rootID, rootName string) (*Tree, error) {
	if !ValidID(Root, rootID) {
		return nil, fmt.Errorf("%w: root ID %q must match r-[0-9a-z]{4,32}", ErrInvalidID, rootID)
	}
	r := &Node{ID: rootID, Type: Root, Name: rootName}
	return &Tree{root: r, nodes: map[string]*Node{rootID: r}}, nil
}

// Root returns the root node.
func (t *Tree) Root() *Node { return t.root }

// Len returns the number of nodes, the root included.
func (t *Tree) Len() int { return len(t.nodes) }

// Node returns the node with the given ID.
func (t *Tree) Node(id string) (*Node, bool) {
	n, ok := t.nodes[id]
	return n, ok
}

// Parent returns the parent of the node, or nil for the root.
func (t *Tree) Parent(id string) (*Node, error) {
	n, ok := t.nodes[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if n.ParentID == "" {
		return nil, nil
	}
	return t.nodes[n.ParentID], nil
}

// Path returns the nodes from the root down to and including id.
func (t *Tree) Path(id string) ([]*Node, error) {
	n, ok := t.nodes[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	path := make([]*Node, n.Depth+1)
	for i := n.Depth; i >= 0; i-- {
		path[i] = n
		n = t.nodes[n.ParentID]
	}
	return path, nil
}

// AddOU adds an OU under parentID. The parent must be the root or an OU,
// the new OU must not exceed MaxOUDepth, and its name must be unique among
// the parent's OUs.
func (t *Tree) AddOU(parentID, id, name string) (*Node, error) {
	if !ValidID(OU, id) {
		return nil, fmt.Errorf("%w: OU ID %q must match ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}", ErrInvalidID, id)
	}
	parent, err := t.container(parentID)
	if err != nil {
		return nil, err
	}
	if parent.Depth+1 > MaxOUDepth {
		return nil, fmt.Errorf("%w: %s would be at depth %d, the limit is %d", ErrDepth, id, parent.Depth+1, MaxOUDepth)
	}
	if other := t.ouNamed(parent, name); other != nil {
		return nil, fmt.Errorf("%w: %q already names %s under %s", ErrDuplicateName, name, other.ID, parent.ID)
	}
	if _, dup := t.nodes[id]; dup {
		return nil, fmt.Errorf("%w: %s", ErrDuplicateID, id)
	}
	return t.add(parent, &Node{ID: id, Type: OU, Name: name}), nil
}

// AddAccount adds an account under parentID (the root or an OU).
func (t *Tree) AddAccount(parentID, id, name string) (*Node, error) {
	if !ValidID(Account, id) {
		return nil, fmt.Errorf("%w: account ID %q must be 12 digits", ErrInvalidID, id)
	}
	if _, dup := t.nodes[id]; dup {
		return nil, fmt.Errorf("%w: %s", ErrDuplicateID, id)
	}
	parent, err := t.container(parentID)
	if err != nil {
		return nil, err
	}
	return t.add(parent, &Node{ID: id, Type: Account, Name: name}), nil
}

// container returns the node that is to receive a child: the root or an OU.
func (t *Tree) container(parentID string) (*Node, error) {
	parent, ok := t.nodes[parentID]
	if !ok {
		return nil, fmt.Errorf("%w: parent %s", ErrNotFound, parentID)
	}
	if parent.Type == Account {
		return nil, fmt.Errorf("%w: %s is an account and cannot have children", ErrInvalidParent, parentID)
	}
	return parent, nil
}

func (t *Tree) ouNamed(parent *Node, name string) *Node {
	for _, n := range parent.children {
		if n.Type == OU && n.Name == name {
			return n
		}
	}
	return nil
}

func (t *Tree) add(parent, n *Node) *Node {
	n.ParentID = parent.ID
	n.Depth = parent.Depth + 1
	parent.children = append(parent.children, n)
	t.nodes[n.ID] = n
	return n
}

// RenameOU changes an OU's name, keeping names unique under its parent.
func (t *Tree) RenameOU(id, name string) error {
	n, ok := t.nodes[id]
	if !ok || n.Type != OU {
		return fmt.Errorf("%w: OU %s", ErrNotFound, id)
	}
	if other := t.ouNamed(t.nodes[n.ParentID], name); other != nil && other != n {
		return fmt.Errorf("%w: %q already names %s", ErrDuplicateName, name, other.ID)
	}
	n.Name = name
	return nil
}

// MoveAccount moves an account under a new parent (the root or an OU).
func (t *Tree) MoveAccount(id, newParentID string) error {
	n, ok := t.nodes[id]
	if !ok || n.Type != Account {
		return fmt.Errorf("%w: account %s", ErrNotFound, id)
	}
	parent, ok := t.nodes[newParentID]
	if !ok {
		return fmt.Errorf("%w: parent %s", ErrNotFound, newParentID)
	}
	if parent.Type == Account {
		return fmt.Errorf("%w: %s is an account", ErrInvalidParent, newParentID)
	}
	if parent.ID == n.ParentID {
		return nil
	}
	old := t.nodes[n.ParentID]
	old.children = removeChild(old.children, n)
	n.ParentID = parent.ID
	n.Depth = parent.Depth + 1
	parent.children = append(parent.children, n)
	return nil
}

// Remove removes an account, or an OU that has no children.
func (t *Tree) Remove(id string) error {
	n, ok := t.nodes[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if n.Type == Root {
		return fmt.Errorf("%w: %s", ErrRoot, id)
	}
	if len(n.children) > 0 {
		return fmt.Errorf("%w: %s has %d children", ErrNotEmpty, id, len(n.children))
	}
	parent := t.nodes[n.ParentID]
	parent.children = removeChild(parent.children, n)
	delete(t.nodes, id)
	return nil
}

func removeChild(children []*Node, n *Node) []*Node {
	for i, c := range children {
		if c == n {
			// Keep order; copy so that no other slice sees the change.
			out := make([]*Node, 0, len(children)-1)
			out = append(out, children[:i]...)
			return append(out, children[i+1:]...)
		}
	}
	return children
}

// Walk visits every node depth-first, parents before children, children in
// the order they were added. It stops early when fn returns false.
func (t *Tree) Walk(fn func(n *Node) bool) {
	stack := []*Node{t.root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !fn(n) {
			return
		}
		for i := len(n.children) - 1; i >= 0; i-- {
			stack = append(stack, n.children[i])
		}
	}
}

// Subtree returns the IDs of id and every node below it, parents first.
func (t *Tree) Subtree(id string) ([]string, error) {
	n, ok := t.nodes[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	var out []string
	stack := []*Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		out = append(out, n.ID)
		for i := len(n.children) - 1; i >= 0; i-- {
			stack = append(stack, n.children[i])
		}
	}
	return out, nil
}

// Clone returns a deep copy that shares nothing mutable with t.
func (t *Tree) Clone() *Tree {
	c := &Tree{nodes: make(map[string]*Node, len(t.nodes))}
	copies := make([]Node, 0, len(t.nodes))
	for id, n := range t.nodes {
		copies = append(copies, *n)
		c.nodes[id] = &copies[len(copies)-1]
	}
	for _, n := range c.nodes {
		kids := make([]*Node, len(n.children))
		for i, k := range n.children {
			kids[i] = c.nodes[k.ID]
		}
		n.children = kids
	}
	c.root = c.nodes[t.root.ID]
	return c
}
