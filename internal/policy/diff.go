package policy

import (
	"github.com/chatgov/chatgov/internal/jsondoc"
)

// ChangeKind says how a value of an effective policy changed.
type ChangeKind string

// The kinds of change.
const (
	Added    ChangeKind = "added"
	Removed  ChangeKind = "removed"
	Replaced ChangeKind = "replaced"
)

// Change is one difference between two effective policies.
type Change struct {
	Kind ChangeKind `json:"Kind"`
	// Path is the JSON path of the setting; for a list item added or
	// removed, the path of the list.
	Path string `json:"Path"`
	// Before and After are JSON values; Before is empty for an addition,
	// After for a removal.
	Before string `json:"Before,omitempty"`
	After  string `json:"After,omitempty"`
}

// Diff compares two states' effective policies and returns the changes in
// document order: settings added, removed or replaced, and the items added
// to or removed from each list. Lists are compared as sets, since merging
// treats them as sets. A state that does not exist counts as no policy.
func Diff(before, after *State) []Change {
	var out []Change
	var b, a *enode
	if before != nil && before.Exists() {
		b = before.root
	}
	if after != nil && after.Exists() {
		a = after.root
	}
	return diffNode(b, a, jsondoc.Root, out)
}

func diffNode(b, a *enode, path string, out []Change) []Change {
	if b == a {
		return out // shared structure: nothing changed below
	}
	bv, av := b != nil && b.kind != noValue, a != nil && a.kind != noValue
	switch {
	case bv && av && b.kind == listValue && a.kind == listValue:
		for _, e := range b.elems {
			if indexOf(a.elems, e.Value) < 0 {
				out = append(out, Change{Kind: Removed, Path: path, Before: string(e.Value.AppendJSON(nil))})
			}
		}
		for _, e := range a.elems {
			if indexOf(b.elems, e.Value) < 0 {
				out = append(out, Change{Kind: Added, Path: path, After: string(e.Value.AppendJSON(nil))})
			}
		}
		return out
	case bv && av:
		bj, aj := renderValue(b), renderValue(a)
		if bj != aj {
			out = append(out, Change{Kind: Replaced, Path: path, Before: bj, After: aj})
		}
		return out
	case bv:
		out = append(out, Change{Kind: Removed, Path: path, Before: renderValue(b)})
		b = nil
	case av:
		out = append(out, Change{Kind: Added, Path: path, After: renderValue(a)})
		a = nil
	}
	var bk, ak []*enode
	if b != nil {
		bk = b.kids
	}
	if a != nil {
		ak = a.kids
	}
	i, j := 0, 0
	for i < len(bk) || j < len(ak) {
		switch {
		case j >= len(ak) || i < len(bk) && bk[i].key < ak[j].key:
			out = diffSubtree(bk[i], jsondoc.Key(path, bk[i].key), Removed, out)
			i++
		case i >= len(bk) || ak[j].key < bk[i].key:
			out = diffSubtree(ak[j], jsondoc.Key(path, ak[j].key), Added, out)
			j++
		default:
			out = diffNode(bk[i], ak[j], jsondoc.Key(path, ak[j].key), out)
			i, j = i+1, j+1
		}
	}
	return out
}

// diffSubtree reports every value under n as added or removed.
func diffSubtree(n *enode, path string, kind ChangeKind, out []Change) []Change {
	if n.kind != noValue {
		c := Change{Kind: kind, Path: path}
		if kind == Added {
			c.After = renderValue(n)
		} else {
			c.Before = renderValue(n)
		}
		return append(out, c)
	}
	for _, k := range n.kids {
		out = diffSubtree(k, jsondoc.Key(path, k.key), kind, out)
	}
	return out
}

func renderValue(n *enode) string {
	b, _ := render(nil, n)
	return string(b)
}
