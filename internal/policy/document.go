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
	CodeDuplicateValue    jsondoc.Code = "DUPLICATE_VALUE"
	CodeLimitExceeded     jsondoc.Code = "LIMIT_EXCEEDED"
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
// a setting carrying a value operator. Either kind may carry a child-control
// restriction.
type Node struct {
	Key string
	// Keys is the path of keys from the document root to this node.
	Keys []string
	// Path is the node's JSON path, for messages.
	Path   string
	Line   int
	Column int
	// Children are the nested nodes, sorted by key.
	Children []*Node
	// Op is the node's value operator, or 0 when it sets no value.
	Op Operator
	// List is true when the operator's value is an array.
	List bool
	// Values is the operator's value: one item for a scalar @@assign.
	Values []Scalar
	// ChildOps is the child-control restriction declared here, when HasChildOps.
	ChildOps    OpSet
	HasChildOps bool
	// Schema is the node's schema, or nil for types without one.
	Schema *Schema
	// subtree records which kinds of operation occur at or below the node,
	// so that each merge phase only descends where it has work.
	subtree uint8
}

const (
	hasAssign uint8 = 1 << iota
	hasEdit
	hasChildCtl
)

// Parse reads and validates a management-policy document of type t. On
// failure it returns a *jsondoc.Error that lists every problem found.
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
	root := b.node(v, jsondoc.Root, nil, "", info.Schema)
	if root != nil && root.Op != 0 && info.Schema == nil {
		b.at(v, jsondoc.Root, CodeOperatorMisplaced, "the document root holds settings; a value operator cannot stand at the top level")
	}
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
}

func (b *builder) problem(path string, line, col int, code jsondoc.Code, msg string) {
	b.problems = append(b.problems, jsondoc.Problem{Path: path, Line: line, Column: col, Code: code, Message: msg})
}

func (b *builder) at(v *jsondoc.Value, path string, code jsondoc.Code, msg string) {
	b.problem(path, v.Pos.Line, v.Pos.Column, code, msg)
}

// node builds the document node for object v at path. It returns nil when v
// is not an object (the problem is recorded).
func (b *builder) node(v *jsondoc.Value, path string, keys []string, key string, s *Schema) *Node {
	if v.Kind != jsondoc.Object {
		b.at(v, path, CodeWrongType, wantObject(key, s, v.Kind.Phrase()))
		return nil
	}
	n := &Node{Key: key, Keys: keys, Path: path, Line: v.Pos.Line, Column: v.Pos.Column, Schema: s}
	var valueOps []jsondoc.Member
	var plain []jsondoc.Member
	for _, m := range v.Members {
		mpath := jsondoc.Key(path, m.Key)
		switch m.Key {
		case KeyAssign, KeyAppend, KeyRemove:
			valueOps = append(valueOps, m)
		case KeyChildOps:
			n.ChildOps, n.HasChildOps = b.childOps(m.Value, mpath)
		default:
			if strings.HasPrefix(m.Key, operatorMark) {
				b.problem(mpath, m.KeyPos.Line, m.KeyPos.Column, CodeUnknownOperator, fmt.Sprintf(
					"unknown operator %q; the operators are @@assign, @@append, @@remove and %s", m.Key, KeyChildOps))
				continue
			}
			plain = append(plain, m)
		}
	}
	if len(valueOps) > 0 && len(plain) > 0 {
		for _, m := range plain {
			b.problem(jsondoc.Key(path, m.Key), m.KeyPos.Line, m.KeyPos.Column, CodeMixedKeys, fmt.Sprintf(
				"key %q cannot stand beside the operator %s: an object either sets a value with operators or holds nested settings",
				m.Key, valueOps[0].Key))
		}
		plain = nil
	}
	if len(valueOps) > 1 {
		names := make([]string, len(valueOps))
		for i, m := range valueOps {
			names[i] = m.Key
		}
		m := valueOps[1]
		b.problem(jsondoc.Key(path, m.Key), m.KeyPos.Line, m.KeyPos.Column, CodeMixedKeys, fmt.Sprintf(
			"a setting takes one value operator, but this one has %s; use separate policies to combine them",
			strings.Join(names, " and ")))
		valueOps = valueOps[:1]
	}
	if s != nil {
		b.checkShape(n, v, path, key, s, valueOps, plain)
	}
	if len(valueOps) == 1 {
		b.value(n, valueOps[0], path, s)
	}
	for _, m := range plain {
		var cs *Schema
		ckey := m.Key
		cpath := jsondoc.Key(path, ckey)
		if s != nil {
			switch s.Kind {
			case Block:
				cs = s.Fields[ckey]
				if cs == nil {
					continue // reported by checkShape
				}
			case Map:
				if !s.KeyPattern.MatchString(ckey) {
					continue // reported by checkShape
				}
				if s.FoldKeys {
					ckey = strings.ToLower(ckey)
				}
				cs = s.Elem
			default:
				continue // reported by checkShape
			}
		}
		ckeys := append(keys[:len(keys):len(keys)], ckey)
		if c := b.node(m.Value, cpath, ckeys, ckey, cs); c != nil {
			n.Children = append(n.Children, c)
		}
	}
	sort.Slice(n.Children, func(i, j int) bool { return n.Children[i].Key < n.Children[j].Key })
	for i := 1; i < len(n.Children); i++ {
		if n.Children[i].Key == n.Children[i-1].Key {
			c := n.Children[i]
			b.problem(c.Path, c.Line, c.Column, jsondoc.CodeDuplicateKey, fmt.Sprintf(
				"%s and %s name the same ID: these IDs compare without regard to case", n.Children[i-1].Path, c.Path))
		}
	}
	if s != nil {
		for _, name := range s.Required {
			if v.Get(name) == nil {
				b.at(v, path, CodeMissing, fmt.Sprintf("%q must have the key %q", displayKey(key), name))
			}
		}
	}
	if n.Op == Assign {
		n.subtree |= hasAssign
	} else if n.Op != 0 {
		n.subtree |= hasEdit
	}
	if n.HasChildOps {
		n.subtree |= hasChildCtl
	}
	for _, c := range n.Children {
		n.subtree |= c.subtree
	}
	return n
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
func (b *builder) checkShape(n *Node, v *jsondoc.Value, path, key string, s *Schema, valueOps, plain []jsondoc.Member) {
	switch s.Kind {
	case Block, Map:
		for _, m := range valueOps {
			b.problem(jsondoc.Key(path, m.Key), m.KeyPos.Line, m.KeyPos.Column, CodeOperatorMisplaced, fmt.Sprintf(
				"%s cannot be used on %q: it holds settings, not a value", m.Key, displayKey(key)))
		}
	case ScalarSetting, ListSetting:
		for _, m := range plain {
			b.problem(jsondoc.Key(path, m.Key), m.KeyPos.Line, m.KeyPos.Column, CodeUnknownKey, fmt.Sprintf(
				"unknown key %q: %q is a setting and takes only operators", m.Key, key))
		}
	}
	switch s.Kind {
	case Block:
		for _, m := range plain {
			if _, ok := s.Fields[m.Key]; !ok {
				b.problem(jsondoc.Key(path, m.Key), m.KeyPos.Line, m.KeyPos.Column, CodeUnknownKey, fmt.Sprintf(
					"unknown key %q in %q; expected one of: %s", m.Key, displayKey(key), s.fieldNames()))
			}
		}
	case Map:
		for _, m := range plain {
			if !s.KeyPattern.MatchString(m.Key) {
				b.problem(jsondoc.Key(path, m.Key), m.KeyPos.Line, m.KeyPos.Column, CodeInvalidValue, fmt.Sprintf(
					"%q is not %s", m.Key, s.KeyHint))
			}
		}
		if s.MaxKeys > 0 && len(plain) > s.MaxKeys {
			b.at(v, path, CodeLimitExceeded, fmt.Sprintf("%q has %d entries; at most %d are allowed",
				key, len(plain), s.MaxKeys))
		}
	case ScalarSetting:
		if len(valueOps) == 1 && valueOps[0].Key != KeyAssign {
			m := valueOps[0]
			b.problem(jsondoc.Key(path, m.Key), m.KeyPos.Line, m.KeyPos.Column, CodeOperatorMisplaced, fmt.Sprintf(
				"%s cannot be used on %q: it holds a single value, so only @@assign applies", m.Key, key))
		}
	}
}

func displayKey(key string) string {
	if key == "" {
		return "the document root"
	}
	return key
}

// value records the node's value operator after checking its value.
func (b *builder) value(n *Node, m jsondoc.Member, path string, s *Schema) {
	mpath := jsondoc.Key(path, m.Key)
	switch m.Key {
	case KeyAssign:
		n.Op = Assign
	case KeyAppend:
		n.Op = Append
	default:
		n.Op = Remove
	}
	v := m.Value
	if s != nil && (s.Kind == Block || s.Kind == Map) {
		return // reported by checkShape
	}
	if s != nil && s.Kind == ScalarSetting {
		if n.Op != Assign {
			return // reported by checkShape
		}
		if v.Kind != jsondoc.String {
			b.at(v, mpath, CodeWrongType, fmt.Sprintf("%q takes one string, one of %s; got %s",
				n.Key, quoteAll(s.Enum), v.Kind.Phrase()))
			return
		}
		if sc, ok := b.item(v, mpath, n.Key, s); ok {
			n.Values = []Scalar{sc}
		}
		return
	}
	if v.Kind == jsondoc.Array {
		n.List = true
		seen := make(map[Scalar]struct{}, len(v.Elems))
		for i, e := range v.Elems {
			epath := jsondoc.Index(mpath, i)
			sc, ok := b.item(e, epath, n.Key, s)
			if !ok {
				continue
			}
			if _, dup := seen[sc]; dup {
				b.at(e, epath, CodeDuplicateValue, fmt.Sprintf("%s appears more than once in the list", sc.AppendJSON(nil)))
				continue
			}
			seen[sc] = struct{}{}
			n.Values = append(n.Values, sc)
		}
		if s != nil && s.MaxItems > 0 && len(v.Elems) > s.MaxItems {
			b.at(v, mpath, CodeLimitExceeded, fmt.Sprintf("%q lists %d values; at most %d are allowed",
				n.Key, len(v.Elems), s.MaxItems))
		}
		if len(v.Elems) == 0 && n.Op != Assign {
			b.at(v, mpath, CodeInvalidValue, fmt.Sprintf("%s with an empty list has no effect", m.Key))
		}
		return
	}
	switch {
	case s != nil && s.Kind == ListSetting:
		b.at(v, mpath, CodeWrongType, fmt.Sprintf("%q is a list setting; %s takes an array, not %s", n.Key, m.Key, v.Kind.Phrase()))
	case n.Op != Assign:
		b.at(v, mpath, CodeWrongType, fmt.Sprintf("%s takes an array of values, not %s; only @@assign sets a single value", m.Key, v.Kind.Phrase()))
	default:
		if sc, ok := b.item(v, mpath, n.Key, nil); ok {
			n.Values = []Scalar{sc}
		}
	}
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
	case s.ValuePattern != nil && !s.ValuePattern.MatchString(v.Str):
		hint := s.ValueHint
		if s.Wildcard {
			hint += ` or "*"`
		}
		b.at(v, path, CodeInvalidValue, fmt.Sprintf("%q is not %s", v.Str, hint))
		return Scalar{}, false
	}
	if s.FoldValues {
		sc.Text = strings.ToLower(sc.Text)
	}
	return sc, true
}

func (b *builder) childOps(v *jsondoc.Value, path string) (OpSet, bool) {
	bad := func(msg string) (OpSet, bool) {
		b.at(v, path, CodeInvalidValue, msg)
		return 0, false
	}
	if v.Kind != jsondoc.Array || len(v.Elems) == 0 {
		return bad(fmt.Sprintf(`%s takes a non-empty array: ["@@all"], ["@@none"], or some of "@@assign", "@@append", "@@remove"`, KeyChildOps))
	}
	var set OpSet
	var all, none bool
	for _, e := range v.Elems {
		if e.Kind != jsondoc.String {
			return bad(fmt.Sprintf("%s lists operator names as strings, not %s", KeyChildOps, e.Kind.Phrase()))
		}
		var op OpSet
		switch e.Str {
		case KeyAssign:
			op = OpSet(Assign)
		case KeyAppend:
			op = OpSet(Append)
		case KeyRemove:
			op = OpSet(Remove)
		case KeyAllOps:
			all = true
			continue
		case KeyNoOps:
			none = true
			continue
		default:
			return bad(fmt.Sprintf("%q is not an operator %s accepts; use @@all, @@none, @@assign, @@append or @@remove", e.Str, KeyChildOps))
		}
		if set&op != 0 {
			return bad(fmt.Sprintf("%s lists %s twice", KeyChildOps, e.Str))
		}
		set |= op
	}
	switch {
	case (all || none) && len(v.Elems) > 1:
		return bad(fmt.Sprintf("@@all and @@none stand alone in %s", KeyChildOps))
	case all:
		return AllOps, true
	case none:
		return 0, true
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
