package org

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustTree(t *testing.T) *Tree {
	t.Helper()
	tr, err := New("r-abcd", "Root")
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestValidID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		t    NodeType
		id   string
		want bool
	}{
		{Root, "r-abcd", true},
		{Root, "r-abc", false},
		{Root, "r-ABCD", false},
		{OU, "ou-abcd-12345678", true},
		{OU, "ou-abcd-1234567", false},
		{OU, "ou-abcd-ABCDEFGH", false},
		{Account, "111111111111", true},
		{Account, "11111111111", false},
		{Account, "11111111111a", false},
	}
	for _, tt := range tests {
		if got := ValidID(tt.t, tt.id); got != tt.want {
			t.Errorf("ValidID(%s, %q) = %v, want %v", tt.t, tt.id, got, tt.want)
		}
	}
	if typ, ok := TypeOf("ou-abcd-12345678"); !ok || typ != OU {
		t.Errorf("TypeOf OU = %v %v", typ, ok)
	}
	if _, ok := TypeOf("p-12345678"); ok {
		t.Error("TypeOf accepted a policy ID")
	}
}

func TestTreeInvariants(t *testing.T) {
	t.Parallel()
	tr := mustTree(t)
	parent := "r-abcd"
	for d := 1; d <= MaxOUDepth; d++ {
		id := fmt.Sprintf("ou-abcd-0000000%d", d)
		if _, err := tr.AddOU(parent, id, fmt.Sprintf("level%d", d)); err != nil {
			t.Fatalf("depth %d: %v", d, err)
		}
		parent = id
	}
	if _, err := tr.AddOU(parent, "ou-abcd-00000009", "too-deep"); !errors.Is(err, ErrDepth) {
		t.Errorf("sixth level: err = %v, want ErrDepth", err)
	}
	if _, err := tr.AddAccount(parent, "111111111111", "deep account"); err != nil {
		t.Errorf("account under the deepest OU: %v", err)
	}
	if _, err := tr.AddOU("r-abcd", "ou-abcd-aaaaaaaa", "level1"); !errors.Is(err, ErrDuplicateName) {
		t.Errorf("duplicate name: %v", err)
	}
	if _, err := tr.AddOU("ou-abcd-00000001", "ou-abcd-aaaaaaaa", "level1"); err != nil {
		t.Errorf("same name under another parent: %v", err)
	}
	if _, err := tr.AddAccount("r-abcd", "111111111111", "again"); !errors.Is(err, ErrDuplicateID) {
		t.Errorf("duplicate account: %v", err)
	}
	if _, err := tr.AddAccount("111111111111", "222222222222", "x"); !errors.Is(err, ErrInvalidParent) {
		t.Errorf("account under account: %v", err)
	}
	if _, err := tr.AddAccount("ou-abcd-99999999", "222222222222", "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing parent: %v", err)
	}
	if _, err := tr.AddAccount("r-abcd", "2222", "x"); !errors.Is(err, ErrInvalidID) {
		t.Errorf("bad account ID: %v", err)
	}
	if err := tr.Remove("ou-abcd-00000005"); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("remove non-empty OU: %v", err)
	}
	if err := tr.Remove("r-abcd"); !errors.Is(err, ErrRoot) {
		t.Errorf("remove root: %v", err)
	}
}

func TestPathMoveRemoveClone(t *testing.T) {
	t.Parallel()
	tr := mustTree(t)
	mustOK := func(_ *Node, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	mustOK(tr.AddOU("r-abcd", "ou-abcd-11111111", "Eng"))
	mustOK(tr.AddOU("ou-abcd-11111111", "ou-abcd-22222222", "Prod"))
	mustOK(tr.AddAccount("ou-abcd-22222222", "111111111111", "prod-1"))
	mustOK(tr.AddAccount("r-abcd", "222222222222", "mgmt"))

	ids := func(ns []*Node) []string {
		var out []string
		for _, n := range ns {
			out = append(out, n.ID)
		}
		return out
	}
	path, err := tr.Path("111111111111")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"r-abcd", "ou-abcd-11111111", "ou-abcd-22222222", "111111111111"}, ids(path)); diff != "" {
		t.Error(diff)
	}

	snap := tr.Clone()
	if err := tr.MoveAccount("111111111111", "ou-abcd-11111111"); err != nil {
		t.Fatal(err)
	}
	path, _ = tr.Path("111111111111")
	if diff := cmp.Diff([]string{"r-abcd", "ou-abcd-11111111", "111111111111"}, ids(path)); diff != "" {
		t.Error(diff)
	}
	if p, _ := snap.Path("111111111111"); len(p) != 4 {
		t.Errorf("the clone changed with the original: %v", ids(p))
	}
	if got := snap.nodes["ou-abcd-22222222"].Children(); len(got) != 1 || got[0] != snap.nodes["111111111111"] {
		t.Errorf("clone's children changed: %v", got)
	}
	if err := tr.Remove("ou-abcd-22222222"); err != nil {
		t.Fatal(err)
	}
	var walked []string
	tr.Walk(func(n *Node) bool { walked = append(walked, n.ID); return true })
	if diff := cmp.Diff([]string{"r-abcd", "ou-abcd-11111111", "111111111111", "222222222222"}, walked); diff != "" {
		t.Errorf("walk order: %s", diff)
	}
	sub, _ := tr.Subtree("ou-abcd-11111111")
	if diff := cmp.Diff([]string{"ou-abcd-11111111", "111111111111"}, sub); diff != "" {
		t.Error(diff)
	}
	if err := tr.RenameOU("ou-abcd-11111111", "Engineering"); err != nil {
		t.Fatal(err)
	}
	if n, _ := tr.Node("ou-abcd-11111111"); n.Name != "Engineering" {
		t.Error("rename lost")
	}
}
