package gov

import (
	"fmt"

	"github.com/chatgov/chatgov/internal/org"
)

// treeOp is one edit of the organization's tree, recorded so that another
// replica makes the same edits in the same order (the order of an OU's
// children is the order they were added).
type treeOp struct {
	Op     string `json:"op"` // addOU, addAccount, rename, move, remove
	ID     string `json:"id"`
	Parent string `json:"parent,omitempty"`
	Name   string `json:"name,omitempty"`
}

// treeEditor edits the next model's tree and records each edit that
// succeeds; see change.tree.
type treeEditor struct{ c *change }

// tree returns the editor of the next model's tree, which is copied from
// the current one on first use.
func (c *change) tree() treeEditor { return treeEditor{c} }

func (e treeEditor) record(op treeOp, err error) error {
	if err == nil {
		e.c.treeOps = append(e.c.treeOps, op)
	}
	return err
}

// AddOU adds an OU; see org.Tree.AddOU.
func (e treeEditor) AddOU(parentID, id, name string) (*org.Node, error) {
	n, err := e.c.treeEdit().AddOU(parentID, id, name)
	return n, e.record(treeOp{Op: "addOU", ID: id, Parent: parentID, Name: name}, err)
}

// AddAccount adds an account; see org.Tree.AddAccount.
func (e treeEditor) AddAccount(parentID, id, name string) (*org.Node, error) {
	n, err := e.c.treeEdit().AddAccount(parentID, id, name)
	return n, e.record(treeOp{Op: "addAccount", ID: id, Parent: parentID, Name: name}, err)
}

// RenameOU renames an OU; see org.Tree.RenameOU.
func (e treeEditor) RenameOU(id, name string) error {
	return e.record(treeOp{Op: "rename", ID: id, Name: name}, e.c.treeEdit().RenameOU(id, name))
}

// MoveAccount moves an account; see org.Tree.MoveAccount.
func (e treeEditor) MoveAccount(id, parentID string) error {
	return e.record(treeOp{Op: "move", ID: id, Parent: parentID}, e.c.treeEdit().MoveAccount(id, parentID))
}

// Remove removes a node; see org.Tree.Remove.
func (e treeEditor) Remove(id string) error {
	return e.record(treeOp{Op: "remove", ID: id}, e.c.treeEdit().Remove(id))
}

// replay makes op on t.
func (op treeOp) replay(t *org.Tree) error {
	var err error
	switch op.Op {
	case "addOU":
		_, err = t.AddOU(op.Parent, op.ID, op.Name)
	case "addAccount":
		_, err = t.AddAccount(op.Parent, op.ID, op.Name)
	case "rename":
		err = t.RenameOU(op.ID, op.Name)
	case "move":
		err = t.MoveAccount(op.ID, op.Parent)
	case "remove":
		err = t.Remove(op.ID)
	default:
		err = fmt.Errorf("unknown tree edit %q", op.Op)
	}
	if err != nil {
		return fmt.Errorf("replaying %s of %s: %w", op.Op, op.ID, err)
	}
	return nil
}

// treeNodes lists a whole tree, parents before children and children in
// their order, for a change that replaced the tree rather than edit it.
func treeNodes(t *org.Tree) []treeOp {
	var out []treeOp
	t.Walk(func(n *org.Node) bool {
		switch n.Type {
		case org.Root:
			out = append(out, treeOp{Op: "root", ID: n.ID, Name: n.Name})
		case org.OU:
			out = append(out, treeOp{Op: "addOU", ID: n.ID, Parent: n.ParentID, Name: n.Name})
		default:
			out = append(out, treeOp{Op: "addAccount", ID: n.ID, Parent: n.ParentID, Name: n.Name})
		}
		return true
	})
	return out
}

// treeFromNodes builds the tree treeNodes listed.
func treeFromNodes(nodes []treeOp) (*org.Tree, error) {
	if len(nodes) == 0 || nodes[0].Op != "root" {
		return nil, fmt.Errorf("a replaced tree must start with its root")
	}
	t, err := org.New(nodes[0].ID, nodes[0].Name)
	if err != nil {
		return nil, err
	}
	for _, op := range nodes[1:] {
		if err := op.replay(t); err != nil {
			return nil, err
		}
	}
	return t, nil
}
