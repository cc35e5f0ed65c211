package policy

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/chatgov/chatgov/internal/jsondoc"
)

// Problem codes reported when a document breaks the management-policy
// grammar or its type's schema. Parser problems (jsondoc.CodeSyntax, ...)
// are reported as they are.
const (
	CodeSizeLimit                      = jsondoc.CodeSizeLimit
	CodeUnknownKey                     = jsondoc.CodeUnknownKey
	CodeUnknownOperator   jsondoc.Code = "UNKNOWN_OPERATOR"
	CodeWrongType                      = jsondoc.CodeWrongType
	CodeOperatorMisplaced jsondoc.Code = "OPERATOR_NOT_VALID_HERE"
	CodeMixedKeys         jsondoc.Code = "MIXED_OPERATOR_AND_KEYS"
	CodeInvalidValue                   = jsondoc.CodeInvalidValue
	CodeMissing                        = jsondoc.CodeMissing
	CodeUnsupportedType   jsondoc.Code = "UNSUPPORTED_POLICY_TYPE"
)

// Scalar is one JSON scalar value of a policy: a string, number or boolean.
type Scalar struct {
	Kind jsondoc.Kind
	// Text is a string's contents, a number's literal, or "true"/"false".
	Text string
}

// Str returns a string scalar.
func Str(s string) Scalar { return Scalar{Kind: jsondoc.String, Text: s} }

// AppendJSON appends the scalar's JSON encoding to b.
func (s Scalar) AppendJSON(b []byte) []byte {
	if s.Kind == jsondoc.String {
		return appendJSONString(b, s.Text)
	}
	return append(b, s.Text...)
}

// Document is a parsed, valid policy document of one type.
type Document struct {
	Type Type
	Root *Node
	// Size is the document's length in characters.
	Size int
}

// Node is one object of a document: either a block holding nested nodes, or
// a setting carrying value operators. Either kind may carry a child-control
// restriction. Keys are case-insensitive, so a node's Key, Keys and Path
// are lower-cased, as the effective policy publishes them.
type Node struct {
	Key string
	// Keys is the path of keys from the document root to this node.
	Keys []string
	// Path is the node's JSON path in the effective policy, for messages.
	Path   string
	Line   int
	Column int
	// Children are the nested nodes, sorted by key.
	Children []*Node
	// Ops are the node's value operators in the order they apply: @@assign,
	// then @@append, then @@remove; each at most once.
	Ops []OpValue
	// ChildOps is the child-control restriction declared here, when HasChildOps.
	ChildOps    OpSet
	HasChildOps bool
	// Schema is the node's schema, or nil for types without one.
	Schema *Schema
	// subtree records which kinds of operation occur at or below the node,
	// so that each merge phase only descends where it has work.
	subtree uint8
}

// OpValue is one value operator of a setting with its value.
type OpValue struct {
	Op Operator
	// List is true when the value is an array.
	List bool
	// Values is the value: one item for a single value. An item repeated
	// in the document is kept once (lists are sets).
	Values []Scalar
}

// Op returns the node's operator op with its value, or nil when the node
// does not use op.
func (n *Node) Op(op Operator) *OpValue {
	for i := range n.Ops {
		if n.Ops[i].Op == op {
			return &n.Ops[i]
		}
	}
	return nil
}

const (
	hasAssign uint8 = 1 << iota
	hasAppend
	hasRemove
	hasChildCtl
)

func opBit(o Operator) uint8 {
	switch o {
	case Assign:
		return hasAssign
	case Append:
		return hasAppend
	}
	return hasRemove
}

// Parse reads and validates a management-policy document of type t. Keys,
// operator names and child-control values are read without regard to case.
// On failure it returns a *jsondoc.Error that lists every problem found,
// each with the JSON path as the document spells it.
func Parse(t Type, content string) (*Document, error) {
	info, ok := Lookup(t)
	if !ok {
		return nil, &jsondoc.Error{Problems: []jsondoc.Problem{{Path: jsondoc.Root, Code: CodeUnsupportedType,
			Message: fmt.Sprintf("unknown policy type %q", t)}}}
	}
	if !info.Management {
		return nil, &jsondoc.Error{Problems: []jsondoc.Problem{{Path: jsondoc.Root, Code: CodeUnsupportedType,
			Message: fmt.Sprintf("%s documents use the IAM policy language, not the management-policy language", t)}}}
	}
	b := &builder{}
	size := utf8.RuneCountInString(content)
	if size > info.MaxSize {
		b.problem(jsondoc.Root, 0, 0, CodeSizeLimit, fmt.Sprintf(
			"the document is %d characters long; %s documents may have at most %d", size, t, info.MaxSize))
	}
	v, probs := jsondoc.Parse([]byte(content))
	b.problems = append(b.problems, probs...)
	if v == nil {
		return nil, &jsondoc.Error{Problems: b.problems}
	}
	root := b.node(v, jsondoc.Root, jsondoc.Root, nil, "", info.Schema, true)
	if len(b.problems) > 0 {
		// Report in document order; problems of the whole document (no
		// position) come first.
		sort.SliceStable(b.problems, func(i, j int) bool {
			pi, pj := b.problems[i], b.problems[j]
			return pi.Line < pj.Line || pi.Line == pj.Line && pi.Column < pj.Column
		})
		return nil, &jsondoc.Error{Problems: b.problems}
	}
	return &Document{Type: t, Root: root, Size: size}, nil
}

type builder struct {
	problems []jsondoc.Problem
	// lkeys is scratch space for the lower-cased keys of one object.
	lkeys []string
}

func (b *builder) problem(path string, line, col int, code jsondoc.Code, msg string) {
	b.problems = append(b.problems, jsondoc.Problem{Path: path, Line: line, Column: col, Code: code, Message: msg})
}

func (b *builder) at(v *jsondoc.Value, path string, code jsondoc.Code, msg string) {
	b.problem(path, v.Pos.Line, v.Pos.Column, code, msg)
}

// member is one member of an object with its key lower-cased and its path
// as the document spells it.
type member struct {
	jsondoc.Member
	lkey  string
	dpath string
}

func (b *builder) memberProblem(m member, code jsondoc.Code, msg string) {
	b.problem(m.dpath, m.KeyPos.Line, m.KeyPos.Column, code, msg)
}

// node builds the document node for object v. dpath is its JSON path as the
// document spells it (for problems), cpath as the effective policy does
// (lower-cased keys); top marks the document's top level. It returns nil
// when v is not an object (the problem is recorded).
func (b *builder) node(v *jsondoc.Value, dpath, cpath string, keys []string, key string, s *Schema, top bool) *Node {
	if v.Kind != jsondoc.Object {
		b.at(v, dpath, CodeWrongType, wantObject(key, s, v.Kind.Phrase()))
		return nil
	}
	n := &Node{Key: key, Keys: keys, Path: cpath, Line: v.Pos.Line, Column: v.Pos.Column, Schema: s}
	var valueOps, plain []member
	members := b.members(v, dpath)
	for _, m := range members {
		switch m.lkey {
		case KeyAssign, KeyAppend, KeyRemove:
			valueOps = append(valueOps, m)
		case KeyChildOps:
			n.ChildOps, n.HasChildOps = b.childOps(m.Value, m.dpath)
		default:
			if strings.HasPrefix(m.lkey, operatorMark) {
				b.memberProblem(m, CodeUnknownOperator, fmt.Sprintf(
					"unknown operator %q; the operators are @@assign, @@append, @@remove and %s", m.Key, KeyChildOps))
				continue
			}
			plain = append(plain, m)
		}
	}
	if top {
		b.topOperators(valueOps)
		valueOps = nil
	}
	if len(valueOps) > 0 && len(plain) > 0 {
		for _, m := range plain {
			b.memberProblem(m, CodeMixedKeys, fmt.Sprintf(
				"key %q cannot stand beside the operator %s: an object either sets a value with operators or holds nested settings",
				m.Key, valueOps[0].Key))
		}
		plain = nil
	}
	if s != nil {
		b.checkShape(v, dpath, key, s, valueOps, plain)
	}
	b.values(n, valueOps, s)
	for _, m := range plain {
		var cs *Schema
		if s != nil {
			switch s.Kind {
			case Block:
				if cs = s.Fields[m.lkey]; cs == nil {
					continue // reported by checkShape
				}
			case Map:
				if s.KeyFormat.check(m.Key, false) != "" {
					continue // reported by checkShape
				}
				cs = s.Elem
			default:
				continue // reported by checkShape
			}
		}
		ckeys := append(keys[:len(keys):len(keys)], m.lkey)
		ccpath := m.dpath // the same path when the document spells its keys in lower case
		if m.lkey != m.Key || cpath != dpath {
			ccpath = jsondoc.Key(cpath, m.lkey)
		}
		if c := b.node(m.Value, m.dpath, ccpath, ckeys, m.lkey, cs, false); c != nil {
			n.Children = append(n.Children, c)
		}
	}
	sort.Slice(n.Children, func(i, j int) bool { return n.Children[i].Key < n.Children[j].Key })
	if s != nil {
	required:
		for _, name := range s.Required {
			for _, m := range members {
				if m.lkey == name {
					continue required
				}
			}
			b.at(v, dpath, CodeMissing, fmt.Sprintf("%q must have the key %q", displayKey(key), name))
		}
	}
	for _, o := range n.Ops {
		n.subtree |= opBit(o.Op)
	}
	if n.HasChildOps {
		n.subtree |= hasChildCtl
	}
	for _, c := range n.Children {
		n.subtree |= c.subtree
	}
	return n
}

// members returns v's members with their keys lower-cased. A key that
// repeats an earlier one without regard to case is a DUPLICATE_KEY and is
// left out. (jsondoc has already reported and dropped exact repeats.)
func (b *builder) members(v *jsondoc.Value, dpath string) []member {
	out := make([]member, 0, len(v.Members))
	var seen map[string]string
	lkeys := b.lkeys[:0]
	for _, m := range v.Members {
		lk := strings.ToLower(m.Key)
		mm := member{Member: m, lkey: lk, dpath: jsondoc.Key(dpath, m.Key)}
		first, dup := "", false
		if seen != nil {
			first, dup = seen[lk]
		} else {
			for i, k := range lkeys {
				if k == lk {
					first, dup = out[i].Key, true
					break
				}
			}
		}
		if dup {
			b.memberProblem(mm, jsondoc.CodeDuplicateKey, fmt.Sprintf(
				"duplicate key %q: it is the same key as %q, since keys compare without regard to case", m.Key, first))
			continue
		}
		out = append(out, mm)
		lkeys = append(lkeys, lk)
		if seen == nil && len(lkeys) > scanLimit {
			seen = make(map[string]string, len(v.Members))
			for i, k := range lkeys {
				seen[k] = out[i].Key
			}
		} else if seen != nil {
			seen[lk] = m.Key
		}
	}
	b.lkeys = lkeys[:0]
	return out
}

// topOperators checks value operators at a document's top level, beside the
// type's top key: AWS accepts a single value there (null included) and
// ignores it, and rejects an object or an array.
func (b *builder) topOperators(ops []member) {
	for _, m := range ops {
		if k := m.Value.Kind; k == jsondoc.Object || k == jsondoc.Array {
			b.at(m.Value, m.dpath, CodeOperatorMisplaced, fmt.Sprintf(
				"%s at the top level of a document has no effect and takes only a single value, not %s; settings go under the type's top key",
				m.Key, k.Phrase()))
		}
	}
}

func wantObject(key string, s *Schema, got string) string {
	if s != nil && (s.Kind == ScalarSetting || s.Kind == ListSetting) {
		example := `{"@@assign": ["..."]}`
		if s.Kind == ScalarSetting && len(s.Enum) > 0 {
			example = fmt.Sprintf(`{"@@assign": %q}`, s.Enum[0])
		}
		return fmt.Sprintf("%q must be an object with an operator, such as %s, not %s", key, example, got)
	}
	if key == "" {
		return fmt.Sprintf("a policy document must be a JSON object, not %s", got)
	}
	return fmt.Sprintf("%q must be an object (a value is set with an operator, such as {\"@@assign\": ...}), not %s", key, got)
}

// checkShape checks an object's members against its schema node.
func (b *builder) checkShape(v *jsondoc.Value, dpath, key string, s *Schema, valueOps, plain []member) {
	switch s.Kind {
	case Block, Map:
		for _, m := range valueOps {
			b.memberProblem(m, CodeOperatorMisplaced, fmt.Sprintf(
				"%s cannot be used on %q: it holds settings, not a value", m.Key, displayKey(key)))
		}
	case ScalarSetting, ListSetting:
		for _, m := range plain {
			b.memberProblem(m, CodeUnknownKey, fmt.Sprintf(
				"unknown key %q: %q is a setting and takes only operators", m.Key, key))
		}
	}
	switch s.Kind {
	case Block:
		for _, m := range plain {
			if _, ok := s.Fields[m.lkey]; !ok {
				b.memberProblem(m, CodeUnknownKey, fmt.Sprintf(
					"unknown key %q in %q; expected one of: %s", m.Key, displayKey(key), s.fieldNames()))
			}
		}
	case Map:
		for _, m := range plain {
			if msg := s.KeyFormat.check(m.Key, false); msg != "" {
				b.memberProblem(m, CodeInvalidValue, msg)
			}
		}
	case ScalarSetting:
		for _, m := range valueOps {
			if m.lkey != KeyAssign {
				b.memberProblem(m, CodeOperatorMisplaced, fmt.Sprintf(
					"%s cannot be used on %q: it holds a single value, so only @@assign applies", m.Key, key))
			}
		}
	}
}

func displayKey(key string) string {
	if key == "" {
		return "the document root"
	}
	return key
}
