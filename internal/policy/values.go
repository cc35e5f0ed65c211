package policy

import (
	"fmt"
	"strings"

	"github.com/chatgov/chatgov/internal/jsondoc"
)

// values records a setting's value operators, after checking their values.
// One setting may combine @@assign, @@append and @@remove (AWS accepts it);
// they apply in that order whatever the document's order.
func (b *builder) values(n *Node, ops []member, s *Schema) {
	if len(ops) == 0 {
		return
	}
	if s != nil && (s.Kind == Block || s.Kind == Map) {
		return // reported by checkShape
	}
	for _, op := range []Operator{Assign, Append, Remove} {
		for _, m := range ops {
			if m.lkey == op.String() {
				if ov, ok := b.value(op, m, n.Key, s); ok {
					n.Ops = append(n.Ops, ov)
				}
			}
		}
	}
	// Schemaless: @@append and @@remove change lists, so they cannot follow
	// an @@assign of a single value in the same setting.
	if a := n.Op(Assign); s == nil && a != nil && !a.List && len(n.Ops) > 1 {
		for _, m := range ops {
			if m.lkey != KeyAssign {
				b.memberProblem(m, CodeOperatorMisplaced, fmt.Sprintf(
					"%s changes a list, but this setting's @@assign sets a single value", m.Key))
			}
		}
		n.Ops = n.Ops[:1]
	}
}

// value checks one operator's value.
func (b *builder) value(op Operator, m member, key string, s *Schema) (OpValue, bool) {
	ov := OpValue{Op: op}
	v, mpath := m.Value, m.dpath
	if s != nil && s.Kind == ScalarSetting {
		if op != Assign {
			return ov, false // reported by checkShape
		}
		if v.Kind != jsondoc.String {
			b.at(v, mpath, CodeWrongType, fmt.Sprintf("%q takes one string, one of %s; got %s",
				key, quoteAll(s.Enum), v.Kind.Phrase()))
			return ov, false
		}
		sc, ok := b.item(v, mpath, key, s)
		ov.Values = []Scalar{sc}
		return ov, ok
	}
	if v.Kind == jsondoc.Array {
		ov.List = true
		fold := s != nil && s.CaseInsensitive
		var seen map[Scalar]struct{}
		for i, e := range v.Elems {
			sc, ok := b.item(e, jsondoc.Index(mpath, i), key, s)
			if !ok {
				continue
			}
			// Repeated values are accepted and kept once: lists are sets.
			if seen == nil && len(ov.Values) < scanLimit {
				if containsValue(ov.Values, sc, fold) {
					continue
				}
			} else {
				if seen == nil {
					seen = make(map[Scalar]struct{}, len(v.Elems))
					for _, x := range ov.Values {
						seen[setKey(x, fold)] = struct{}{}
					}
				}
				k := setKey(sc, fold)
				if _, dup := seen[k]; dup {
					continue
				}
				seen[k] = struct{}{}
			}
			ov.Values = append(ov.Values, sc)
		}
		if len(v.Elems) == 0 && op != Assign {
			b.at(v, mpath, CodeInvalidValue, fmt.Sprintf("%s with an empty list has no effect", m.Key))
			return ov, false
		}
		return ov, true // an item's problem is recorded, and fails the document
	}
	switch {
	case s != nil && s.Kind == ListSetting:
		b.at(v, mpath, CodeWrongType, fmt.Sprintf("%q is a list setting; %s takes an array, not %s", key, m.Key, v.Kind.Phrase()))
	case op != Assign:
		b.at(v, mpath, CodeWrongType, fmt.Sprintf("%s takes an array of values, not %s; only @@assign sets a single value", m.Key, v.Kind.Phrase()))
	default:
		sc, ok := b.item(v, mpath, key, nil)
		ov.Values = []Scalar{sc}
		return ov, ok
	}
	return ov, false
}

// setKey is a value's identity in a list: folded to upper case where the
// list compares without regard to case.
func setKey(v Scalar, fold bool) Scalar {
	if fold {
		v.Text = strings.ToUpper(v.Text)
	}
	return v
}

func containsValue(vals []Scalar, v Scalar, fold bool) bool {
	for _, x := range vals {
		if sameValue(x, v, fold) {
			return true
		}
	}
	return false
}

func sameValue(a, b Scalar, fold bool) bool {
	return a == b || fold && a.Kind == b.Kind && strings.EqualFold(a.Text, b.Text)
}

// item checks one scalar value (a single value or a list item).
func (b *builder) item(v *jsondoc.Value, path, key string, s *Schema) (Scalar, bool) {
	switch v.Kind {
	case jsondoc.String, jsondoc.Number, jsondoc.Bool:
	default:
		b.at(v, path, CodeWrongType, fmt.Sprintf("values must be strings, numbers or booleans, not %s", v.Kind.Phrase()))
		return Scalar{}, false
	}
	sc := Scalar{Kind: v.Kind, Text: v.Str}
	if v.Kind == jsondoc.Bool {
		sc.Text = "false"
		if v.Bool {
			sc.Text = "true"
		}
	}
	if s == nil {
		return sc, true
	}
	if v.Kind != jsondoc.String {
		b.at(v, path, CodeWrongType, fmt.Sprintf("values of %q must be strings, not %s", key, v.Kind.Phrase()))
		return Scalar{}, false
	}
	switch {
	case len(s.Enum) > 0:
		for _, e := range s.Enum {
			if v.Str == e {
				return sc, true
			}
		}
		b.at(v, path, CodeInvalidValue, fmt.Sprintf("%q is not a valid value for %q; expected one of %s",
			v.Str, key, quoteAll(s.Enum)))
		return Scalar{}, false
	case s.Wildcard && v.Str == Wildcard:
		return sc, true
	case s.ValueFormat != nil:
		if msg := s.ValueFormat.check(v.Str, s.Wildcard); msg != "" {
			b.at(v, path, CodeInvalidValue, msg)
			return Scalar{}, false
		}
	}
	return sc, true
}

// childOps reads a child-control list. Operator names are case-insensitive
// and may repeat. The list allows the union of what its entries name:
// "@@all" every operator, "@@none" none, so ["@@all", "@@assign"] allows
// every operator and ["@@none", "@@append"] allows @@append.
func (b *builder) childOps(v *jsondoc.Value, path string) (OpSet, bool) {
	bad := func(msg string) (OpSet, bool) {
		b.at(v, path, CodeInvalidValue, msg)
		return 0, false
	}
	if v.Kind != jsondoc.Array || len(v.Elems) == 0 {
		return bad(fmt.Sprintf(`%s takes a non-empty array: ["@@all"], ["@@none"], or some of "@@assign", "@@append", "@@remove"`, KeyChildOps))
	}
	var set OpSet
	for _, e := range v.Elems {
		if e.Kind != jsondoc.String {
			return bad(fmt.Sprintf("%s lists operator names as strings, not %s", KeyChildOps, e.Kind.Phrase()))
		}
		switch strings.ToLower(e.Str) {
		case KeyAssign:
			set |= OpSet(Assign)
		case KeyAppend:
			set |= OpSet(Append)
		case KeyRemove:
			set |= OpSet(Remove)
		case KeyAllOps:
			set |= AllOps
		case KeyNoOps:
		default:
			return bad(fmt.Sprintf("%q is not an operator %s accepts; use @@all, @@none, @@assign, @@append or @@remove", e.Str, KeyChildOps))
		}
	}
	return set, true
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
