package policy

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
	"unsafe"

	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/org"
)

// JSON returns the effective policy as AWS renders it (D10): operators
// stripped, keys lower-cased and sorted, compact, byte-for-byte the same for
// the same inputs. Blocks left without any value are omitted; a list emptied
// by @@remove stays as [] (D3). A state with nothing in effect, Empty's
// included, renders as {}: what DescribeEffectivePolicy answers for an
// account whose type is enabled when no policy applies. The returned slice
// must not be modified.
func (s *State) JSON() []byte {
	s.renderOnce.Do(func() {
		b, ok := render(make([]byte, 0, 256), s.root)
		if !ok {
			b = append(b[:0], "{}"...)
		}
		s.rendered = b
	})
	return s.rendered
}

// JSONString is JSON as a string that shares its bytes (made once, and
// never changed), so that answering with a state's document copies
// nothing.
func (s *State) JSONString() string {
	b := s.JSON()
	return unsafe.String(unsafe.SliceData(b), len(b))
}

func render(b []byte, n *enode) ([]byte, bool) {
	switch n.kind {
	case scalarValue:
		return n.elems[0].Value.AppendJSON(b), true
	case listValue:
		b = append(b, '[')
		for i, e := range n.elems {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.Value.AppendJSON(b)
		}
		return append(b, ']'), true
	}
	start := len(b)
	b = append(b, '{')
	wrote := false
	for _, k := range n.kids {
		mark := len(b)
		if wrote {
			b = append(b, ',')
		}
		b = appendJSONString(b, k.key)
		b = append(b, ':')
		var ok bool
		if b, ok = render(b, k); !ok {
			b = b[:mark]
			continue
		}
		wrote = true
	}
	if !wrote {
		return b[:start], false
	}
	return append(b, '}'), true
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Unlike encoding/json it does
// not escape <, > and &: the output is data, not HTML.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Setting is a read-only view of one node of an effective policy. The zero
// Setting stands for an absent node.
type Setting struct {
	n *enode
}

// Lookup returns the node at the given keys of the effective policy.
func (s *State) Lookup(keys ...string) Setting {
	n := s.root
	for _, k := range keys {
		if n = n.find(k); n == nil {
			return Setting{}
		}
	}
	return Setting{n}
}

// Child returns the node under key.
func (st Setting) Child(key string) Setting {
	if st.n == nil {
		return Setting{}
	}
	return Setting{st.n.find(key)}
}

// Exists reports whether the node holds a value or any nested value.
func (st Setting) Exists() bool { return st.n != nil && hasContent(st.n) }

// IsScalar reports whether the node holds a single value.
func (st Setting) IsScalar() bool { return st.n != nil && st.n.kind == scalarValue }

// IsList reports whether the node holds a list (possibly empty).
func (st Setting) IsList() bool { return st.n != nil && st.n.kind == listValue }

// Scalar returns the single value and its source.
func (st Setting) Scalar() (Elem, bool) {
	if !st.IsScalar() {
		return Elem{}, false
	}
	return st.n.elems[0], true
}

// Elems returns a list's values with their sources. The slice is the
// state's own; do not modify it.
func (st Setting) Elems() []Elem {
	if !st.IsList() {
		return nil
	}
	return st.n.elems
}

// Removed returns the values @@remove took out of the list since it was
// last assigned, each with the source of the removal.
func (st Setting) Removed() []Elem {
	if st.n == nil {
		return nil
	}
	return st.n.removed
}

// Assigned returns the @@assign that last set the value, or nil.
func (st Setting) Assigned() *Source {
	if st.n == nil {
		return nil
	}
	return st.n.src
}

// Keys returns the keys of the nested nodes that hold content, sorted.
func (st Setting) Keys() []string {
	if st.n == nil {
		return nil
	}
	keys := make([]string, 0, len(st.n.kids))
	for _, k := range st.n.kids {
		if hasContent(k) {
			keys = append(keys, k.key)
		}
	}
	return keys
}

// Explanation is the provenance of an effective policy: where every value
// came from, what was removed, which restrictions bind children, and what
// was ignored.
type Explanation struct {
	Values       []ValueSource     `json:"Values"`
	Removed      []ValueSource     `json:"Removed,omitempty"`
	Restrictions []Restriction     `json:"Restrictions,omitempty"`
	Errors       []ValidationError `json:"Errors,omitempty"`
}

// ValueSource is one value of the effective policy, at its JSON path.
type ValueSource struct {
	Path   string  `json:"Path"`
	Value  Scalar  `json:"Value"`
	Source *Source `json:"Source"`
}

// Restriction is the child-control restriction in force at a path.
type Restriction struct {
	Path    string    `json:"Path"`
	Allowed OpSet     `json:"Allowed"`
	Sources []*Source `json:"Sources"`
}

// Explain returns the provenance of the effective policy, in document order
// (keys sorted).
func (s *State) Explain() Explanation {
	ex := Explanation{Values: []ValueSource{}}
	explain(s.root, jsondoc.Root, &ex)
	ex.Errors = s.ValidationErrors()
	return ex
}

func explain(n *enode, path string, ex *Explanation) {
	if n.restrSet {
		ex.Restrictions = append(ex.Restrictions, Restriction{Path: path, Allowed: n.restr, Sources: n.restrSrcs})
	}
	switch n.kind {
	case scalarValue:
		ex.Values = append(ex.Values, ValueSource{Path: path, Value: n.elems[0].Value, Source: n.elems[0].Source})
	case listValue:
		for i, e := range n.elems {
			ex.Values = append(ex.Values, ValueSource{Path: jsondoc.Index(path, i), Value: e.Value, Source: e.Source})
		}
		for _, e := range n.removed {
			ex.Removed = append(ex.Removed, ValueSource{Path: path, Value: e.Value, Source: e.Source})
		}
	}
	for _, k := range n.kids {
		explain(k, jsondoc.Key(path, k.key), ex)
	}
}

// MarshalJSON writes the scalar as its JSON value.
func (s Scalar) MarshalJSON() ([]byte, error) { return s.AppendJSON(nil), nil }

// MarshalJSON writes the set as the language writes it.
func (s OpSet) MarshalJSON() ([]byte, error) { return json.Marshal(s.Strings()) }

// sourceJSON is the wire form of a Source.
type sourceJSON struct {
	PolicyID   string `json:"PolicyId"`
	PolicyName string `json:"PolicyName"`
	TargetID   string `json:"TargetId"`
	TargetType string `json:"TargetType"`
	TargetName string `json:"TargetName,omitempty"`
	Operator   string `json:"Operator"`
}

// MarshalJSON writes the source with flat, named fields.
func (s *Source) MarshalJSON() ([]byte, error) {
	return json.Marshal(sourceJSON{s.PolicyID, s.PolicyName, s.Target.ID, string(s.Target.Type), s.Target.Name, s.Operator.name()})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (s *Source) UnmarshalJSON(b []byte) error {
	var w sourceJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var op Operator
	for _, o := range []Operator{Assign, Append, Remove, ChildControl} {
		if o.name() == w.Operator {
			op = o
		}
	}
	if op == 0 {
		return fmt.Errorf("unknown operator %q", w.Operator)
	}
	*s = Source{PolicyID: w.PolicyID, PolicyName: w.PolicyName, Operator: op,
		Target: Target{ID: w.TargetID, Type: org.NodeType(w.TargetType), Name: w.TargetName}}
	return nil
}

// MarshalJSON writes the error with its contributing policy IDs.
func (e ValidationError) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Code                 string    `json:"Code"`
		Path                 string    `json:"Path"`
		Message              string    `json:"Message"`
		Change               *Source   `json:"Change,omitempty"`
		Contributing         []*Source `json:"Contributing,omitempty"`
		ContributingPolicies []string  `json:"ContributingPolicies"`
	}{e.Code, e.Path, e.Message, e.Change, e.Contributing, e.ContributingPolicies()})
}
