package orgfile

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/chatgov/chatgov/internal/jsondoc"
)

// Checking an org file's shape before decoding it: every mapping's keys
// known, every value of the kind its field takes. A problem says where,
// as LINE:COLUMN: PATH: message, in the file's own words (a list of
// names, a mapping), never the Go types that hold the result; an unknown
// key gets the nearest known one as a "did you mean".

// shapeKind is what a field takes.
type shapeKind int

const (
	shapeString shapeKind = iota
	shapeBool
	shapeStrings // a list of strings
	shapeAny     // a policy's inline content: a mapping or a string
	shapeMapping // a mapping of fields
	shapeList    // a list of mappings of fields
)

// shape is a field's kind and, for mappings and lists of them, their fields.
type shape struct {
	kind   shapeKind
	fields map[string]*shape
	what   string // "an OU", "an account", for messages
}

var (
	policyShape = &shape{kind: shapeList, what: "a policy", fields: map[string]*shape{
		"id": {kind: shapeString}, "name": {kind: shapeString}, "description": {kind: shapeString},
		"type": {kind: shapeString}, "file": {kind: shapeString}, "content": {kind: shapeAny}}}
	accountShape = &shape{kind: shapeList, what: "an account", fields: map[string]*shape{
		"id": {kind: shapeString}, "name": {kind: shapeString}, "email": {kind: shapeString},
		"policies": {kind: shapeStrings}, "detachFullAWSAccess": {kind: shapeBool}}}
	ouShape   = &shape{kind: shapeList, what: "an OU"}
	rootShape = &shape{kind: shapeMapping, what: "the root"}
	fileShape = &shape{kind: shapeMapping, what: "an org file", fields: map[string]*shape{
		"enabledPolicyTypes": {kind: shapeStrings}, "root": rootShape, "policies": policyShape}}
)

func init() {
	node := func() map[string]*shape {
		return map[string]*shape{"id": {kind: shapeString}, "name": {kind: shapeString}, "policies": {kind: shapeStrings},
			"ous": ouShape, "accounts": accountShape, "detachFullAWSAccess": {kind: shapeBool}}
	}
	ouShape.fields, rootShape.fields = node(), node()
}

// shapeChecker collects the problems of a tree.
type shapeChecker struct{ problems []string }

func (c *shapeChecker) problem(n *yaml.Node, path, format string, args ...any) {
	where := fmt.Sprintf("%d:%d: ", n.Line, n.Column)
	if path != "" {
		where += path + ": "
	}
	c.problems = append(c.problems, where+fmt.Sprintf(format, args...))
}

// checkShape returns the problems of an org file's tree (a document node).
func checkShape(doc *yaml.Node) []string {
	c := &shapeChecker{}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		c.value(doc.Content[0], "", fileShape)
	}
	return c.problems
}

func (c *shapeChecker) value(n *yaml.Node, path string, s *shape) {
	n = deref(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return // as if absent
	}
	switch s.kind {
	case shapeString:
		if n.Kind != yaml.ScalarNode {
			c.problem(n, path, "expected a string, not %s", kindPhrase(n))
		}
	case shapeBool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			c.problem(n, path, "expected true or false, not %s", kindPhrase(n))
		}
	case shapeStrings:
		if n.Kind != yaml.SequenceNode {
			c.problem(n, path, "expected a list of names, such as [a, b], not %s", kindPhrase(n))
			return
		}
		for i, e := range n.Content {
			if e = deref(e); e.Kind != yaml.ScalarNode {
				c.problem(e, fmt.Sprintf("%s[%d]", path, i), "expected a name, not %s", kindPhrase(e))
			}
		}
	case shapeAny:
		if n.Kind == yaml.SequenceNode {
			c.problem(n, path, "expected a policy document (a mapping, or its JSON as a string), not a list")
		}
	case shapeMapping:
		c.mapping(n, path, s)
	case shapeList:
		if n.Kind != yaml.SequenceNode {
			c.problem(n, path, "expected a list of %s, not %s", plural(s.what), kindPhrase(n))
			return
		}
		for i, e := range n.Content {
			c.mapping(e, fmt.Sprintf("%s[%d]", path, i), s)
		}
	}
}

func (c *shapeChecker) mapping(n *yaml.Node, path string, s *shape) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		c.problem(n, path, "expected %s (a mapping of its fields), not %s", s.what, kindPhrase(n))
		return
	}
	known := make([]string, 0, len(s.fields))
	for k := range s.fields {
		known = append(known, k)
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.ShortTag() == "!!merge" {
			continue // yaml.v3 merges; the merged fields are checked where they are written
		}
		name := k.Value
		at := joinPath(path, name)
		if line, dup := seen[name]; dup {
			c.problem(k, at, "%q appears twice in %s (first at line %d)", name, s.what, line)
			continue
		}
		seen[name] = k.Line
		fs, ok := s.fields[name]
		if !ok {
			msg := fmt.Sprintf("unknown field %q in %s", name, s.what)
			if hint := jsondoc.Suggest(name, known); hint != "" {
				msg += fmt.Sprintf("; did you mean %q?", hint)
			} else {
				msg += "; expected one of: " + strings.Join(sortedKeys(s.fields), ", ")
			}
			c.problem(k, path, "%s", msg)
			continue
		}
		c.value(v, at, fs)
	}
}

// deref follows aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; i < 8 && n.Kind == yaml.AliasNode && n.Alias != nil; i++ {
		n = n.Alias
	}
	return n
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func plural(what string) string {
	switch what {
	case "a policy":
		return "policies"
	case "an account":
		return "accounts"
	case "an OU":
		return "OUs"
	}
	return what
}

func sortedKeys(m map[string]*shape) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// kindPhrase names a node's kind for people.
func kindPhrase(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		what := map[string]string{"!!str": "a string", "!!int": "a number", "!!float": "a number", "!!bool": "a boolean", "!!null": "null"}[n.ShortTag()]
		if what == "" {
			what = "a value"
		}
		return fmt.Sprintf("%s (%s)", what, strconv.Quote(n.Value))
	}
	return "an alias"
}

// yamlLine is the "line N: " of the YAML parser's messages.
var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): `)

// syntaxProblem is the YAML parser's message as a problem: "LINE: message",
// without the parser's prefix.
func syntaxProblem(err error) string {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return m[1] + ": not valid YAML or JSON: " + msg[len(m[0]):]
	}
	return "not valid YAML or JSON: " + strings.TrimPrefix(msg, "yaml: ")
}
