// Package jsondoc parses JSON documents strictly, keeping the position of every
// value, so that validators built on it can say what is wrong and where.
//
// It exists because encoding/json accepts duplicate object keys silently and
// reports syntax errors as byte offsets without a JSON path. Policy documents
// must reject duplicates (the second value would silently win) and must name
// the path of every problem. Comments and trailing commas, the two mistakes
// people make most when hand-editing JSON, are reported and then skipped so
// that one parse reports every problem, not only the first.
//
// The package is pure: no I/O, standard library only.
package jsondoc

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind is the JSON type of a Value.
type Kind uint8

// The JSON kinds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "unknown"
}

// Phrase names the kind with its article, for messages: "an array".
func (k Kind) Phrase() string {
	switch k {
	case Array, Object:
		return "an " + k.String()
	case Null:
		return "null"
	}
	return "a " + k.String()
}

// Pos is a position in the source text. Line and Column count from 1;
// Column counts bytes.
type Pos struct {
	Offset int
	Line   int
	Column int
}

// Value is one parsed JSON value with its position.
type Value struct {
	Kind Kind
	// Str holds a string's decoded contents, or a number's literal text.
	Str string
	// Bool holds a boolean's value.
	Bool bool
	// Members holds an object's members in document order.
	Members []Member
	// Elems holds an array's elements.
	Elems []*Value
	Pos   Pos
}

// Member is one key and value of an object.
type Member struct {
	Key    string
	KeyPos Pos
	Value  *Value
}

// Get returns the value of the member named key, or nil.
func (v *Value) Get(key string) *Value {
	for i := range v.Members {
		if v.Members[i].Key == key {
			return v.Members[i].Value
		}
	}
	return nil
}

// Code classifies a problem. Validators built on this package add their own.
type Code string

// Problem codes reported by the parser.
const (
	CodeSyntax        Code = "SYNTAX"
	CodeDuplicateKey  Code = "DUPLICATE_KEY"
	CodeComment       Code = "COMMENT"
	CodeTrailingComma Code = "TRAILING_COMMA"
	CodeInvalidUTF8   Code = "INVALID_UTF8"
	CodeTooDeep       Code = "TOO_DEEP"
)

// Codes shared by the validators built on this package, so that the same
// kind of problem has the same code whatever the document's language.
const (
	CodeUnknownKey   Code = "UNKNOWN_KEY"
	CodeWrongType    Code = "WRONG_TYPE"
	CodeMissing      Code = "MISSING"
	CodeInvalidValue Code = "INVALID_VALUE"
	CodeSizeLimit    Code = "SIZE_LIMIT_EXCEEDED"
)

// Problem is one thing wrong with a document: where (a JSON path and a
// position), what kind of problem, and a sentence for people.
type Problem struct {
	Path    string `json:"Path"`
	Line    int    `json:"Line,omitempty"`
	Column  int    `json:"Column,omitempty"`
	Code    Code   `json:"Code"`
	Message string `json:"Message"`
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%d:%d: %s: %s", p.Line, p.Column, p.Path, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.Path, p.Message)
}

// Error carries every problem found in a document. It is returned by
// validators as an error; use errors.As to get the list.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	switch len(e.Problems) {
	case 0:
		return "invalid document"
	case 1:
		return e.Problems[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems: ", len(e.Problems))
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// MaxDepth is the deepest nesting of arrays and objects Parse accepts.
// Policy documents nest a handful of levels; the bound keeps hostile input
// from costing more than its size.
const MaxDepth = 100

// Root is the JSON path of a document's top-level value.
const Root = "$"

// Key returns the path of member key under path. Keys that are not plain
// identifiers are written in bracket form so that the path reads back
// unambiguously: $.a.b, $.a["x.y"].
func Key(path, key string) string {
	if isPlainKey(key) {
		return path + "." + key
	}
	return path + "[" + strconv.Quote(key) + "]"
}

// Index returns the path of element i under path.
func Index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

func isPlainKey(key string) bool {
	if key == "" {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '_' || c == '-' || c == '@' || c == '*':
		default:
			return false
		}
	}
	return true
}
