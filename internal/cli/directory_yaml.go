package cli

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/chatgov/chatgov/internal/jsondoc"
)

// Reading a directory file. The file is parsed into a yaml.Node tree
// (JSON is YAML too), and the tree is checked here, node by node: every
// problem is reported with its line, column and path, in words of the
// file's own fields, whatever the Go types that hold the result.

// fileProblem is a problem of a directory file, at a position.
type fileProblem struct {
	Line, Column int
	Path         string // slackChannels[2].visibility
	Message      string
}

func (p fileProblem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d:", p.Line)
	if p.Column > 0 {
		fmt.Fprintf(&b, "%d:", p.Column)
	}
	b.WriteString(" ")
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// entryKind is a list of a directory file: its key, how problems name it
// and its entries, its entries' fields, and how an entry is added.
type entryKind struct {
	key   string
	list  string // "a list of Slack channels"
	entry string // "a Slack channel (a mapping of its fields)"
	rules []fieldRule
	// identity names an entry for duplicates ("" while its IDs are not
	// known); add appends it to the file.
	identity func(values map[string]string) string
	add      func(f *directoryFile, values map[string]string)
}

var entryKinds = []entryKind{
	{key: "slackChannels", list: "a list of Slack channels", entry: "a Slack channel (a mapping of its fields)", rules: slackRules,
		identity: func(v map[string]string) string {
			if v["teamId"] == "" || v["channelId"] == "" {
				return ""
			}
			return "slack " + v["teamId"] + "/" + v["channelId"]
		},
		add: func(f *directoryFile, v map[string]string) {
			f.SlackChannels = append(f.SlackChannels, slackEntry{TeamID: v["teamId"], TeamName: v["teamName"], ChannelID: v["channelId"],
				ChannelName: v["channelName"], Visibility: v["visibility"]})
		}},
	{key: "teamsTeams", list: "a list of Microsoft Teams teams", entry: "a Microsoft Teams team (a mapping of its fields)", rules: teamsRules,
		identity: func(v map[string]string) string {
			if v["teamId"] == "" {
				return ""
			}
			return "teams " + strings.ToLower(v["teamId"])
		},
		add: func(f *directoryFile, v map[string]string) {
			f.TeamsTeams = append(f.TeamsTeams, teamsEntry{TenantID: v["tenantId"], TeamID: v["teamId"], TeamName: v["teamName"]})
		}},
}

// parseDirectoryFile reads a directory file and returns every problem of
// it: syntax, unknown, duplicate and missing fields, values of the wrong
// kind, invalid values and duplicate entries. The file it returns is
// meaningful only without problems.
func parseDirectoryFile(data []byte) (directoryFile, []fileProblem) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return directoryFile{}, []fileProblem{syntaxProblem(err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return directoryFile{}, []fileProblem{{Line: 1, Message: "the file is empty; give slackChannels and/or teamsTeams"}}
	}
	r := &fileReader{seen: map[string]string{}}
	f := r.file(doc.Content[0])
	sort.SliceStable(r.probs, func(i, j int) bool {
		a, b := r.probs[i], r.probs[j]
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return f, r.probs
}

var yamlLineRe = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// syntaxProblem is a file the YAML parser refused, at the line it names.
func syntaxProblem(err error) fileProblem {
	msg := err.Error()
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return fileProblem{Line: n, Message: "not valid YAML or JSON: " + m[2]}
	}
	return fileProblem{Line: 1, Message: "not valid YAML or JSON: " + strings.TrimPrefix(msg, "yaml: ")}
}

// fileReader walks a directory file's tree.
type fileReader struct {
	probs []fileProblem
	// seen names the first entry of each identity, for duplicates.
	seen map[string]string
}

func (r *fileReader) problem(n *yaml.Node, path, format string, args ...any) {
	r.probs = append(r.probs, fileProblem{Line: n.Line, Column: n.Column, Path: path, Message: fmt.Sprintf(format, args...)})
}

// file reads the top of the file: a mapping of lists of entries.
func (r *fileReader) file(top *yaml.Node) directoryFile {
	var f directoryFile
	if isNull(top) {
		r.problem(top, "", "no entries; give slackChannels and/or teamsTeams")
		return f
	}
	if top.Kind != yaml.MappingNode {
		r.problem(top, "", "expected a mapping with slackChannels and teamsTeams, not %s", phrase(top))
		return f
	}
	known := make([]string, len(entryKinds))
	for i, k := range entryKinds {
		known[i] = k.key
	}
	fields := r.fields(top, "", known, strings.Join(known, ", "))
	for _, k := range entryKinds {
		if list, ok := fields[k.key]; ok {
			r.list(&f, k, list)
		}
	}
	if len(r.probs) == 0 && len(f.SlackChannels)+len(f.TeamsTeams) == 0 {
		r.problem(top, "", "no entries; give slackChannels and/or teamsTeams")
	}
	return f
}

// list reads a list of entries of one kind. Problems of a node an alias
// names are reported where the alias is.
func (r *fileReader) list(f *directoryFile, k entryKind, at *yaml.Node) {
	n := resolve(at)
	switch {
	case isNull(n):
		return
	case n.Kind != yaml.SequenceNode:
		r.problem(at, k.key, "expected %s, not %s", k.list, phrase(n))
		return
	}
	for i, item := range n.Content {
		r.entry(f, k, item, fmt.Sprintf("%s[%d]", k.key, i))
	}
}

// entry reads one entry: its fields present and valid, and not a
// duplicate of an earlier one.
func (r *fileReader) entry(f *directoryFile, k entryKind, at *yaml.Node, path string) {
	n := resolve(at)
	if n.Kind != yaml.MappingNode {
		r.problem(at, path, "expected %s, not %s", k.entry, phrase(n))
		return
	}
	known := []string{updatedAtField}
	for _, rule := range k.rules {
		known = append(known, rule.name)
	}
	fields := r.fields(n, path, known, ruleNames(k.rules))
	values := map[string]string{}
	var missing []string
	for _, rule := range k.rules {
		v, ok := fields[rule.name]
		switch {
		case !ok:
			missing = append(missing, rule.name)
		case v.Kind != yaml.ScalarNode:
			r.problem(v, path+"."+rule.name, "expected a string, not %s", phrase(v))
		case isNull(v) || v.Value == "":
			r.problem(v, path+"."+rule.name, "must not be empty")
		default:
			values[rule.name] = v.Value
			if msg := rule.check(v.Value); msg != "" {
				r.problem(v, path+"."+rule.name, "%s", msg)
			}
		}
	}
	if v, ok := fields[updatedAtField]; ok && v.Kind != yaml.ScalarNode {
		r.problem(v, path+"."+updatedAtField, "expected a string, not %s", phrase(v))
	}
	if len(missing) > 0 {
		r.problem(at, path, "missing %s %s", plural(len(missing), "field", "fields"), strings.Join(missing, ", "))
	}
	k.add(f, values)
	id := k.identity(values)
	if id == "" {
		return
	}
	if first, dup := r.seen[id]; dup {
		r.problem(at, path, "duplicate of %s", first)
		return
	}
	r.seen[id] = fmt.Sprintf("%s (line %d)", path, at.Line)
}

// fields returns the values of a mapping's known fields (aliases
// resolved), and reports its unknown and duplicate fields. expected lists
// the known fields for people.
func (r *fileReader) fields(m *yaml.Node, path string, known []string, expected string) map[string]*yaml.Node {
	isKnown := map[string]bool{}
	for _, k := range known {
		isKnown[k] = true
	}
	out := map[string]*yaml.Node{}
	firstLine := map[string]int{}
	for _, p := range r.pairs(m, path, 0) {
		name := p.key.Value
		// The PascalCase of `-o json` (SlackChannels, TeamId) reads as
		// the file's own camelCase.
		if lower := lowerFirst(name); !isKnown[name] && isKnown[lower] {
			name = lower
		}
		if line, dup := firstLine[name]; dup {
			if !p.merged {
				r.problem(p.key, path, "field %q appears twice (first at line %d)", name, line)
			}
			continue
		}
		firstLine[name] = p.key.Line
		if !isKnown[name] {
			if hint := jsondoc.Suggest(name, known); hint != "" {
				r.problem(p.key, path, "unknown field %q; did you mean %q?", name, hint)
			} else {
				r.problem(p.key, path, "unknown field %q; expected one of: %s", name, expected)
			}
			continue
		}
		out[name] = resolve(p.value)
	}
	return out
}

// pair is a key and its value in a mapping; merged when it comes from a
// merge key (<<), whose fields the mapping's own override.
type pair struct {
	key, value *yaml.Node
	merged     bool
}

// maxMergeDepth bounds merges of merges.
const maxMergeDepth = 8

// pairs returns a mapping's own pairs, then those of the mappings it
// merges (<<: *anchor, or a list of them).
func (r *fileReader) pairs(m *yaml.Node, path string, depth int) []pair {
	var own, merged []pair
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() != "!!merge" {
			own = append(own, pair{key: k, value: v})
			continue
		}
		v = resolve(v)
		sources := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			sources = v.Content
		}
		for _, src := range sources {
			src = resolve(src)
			if src.Kind != yaml.MappingNode || depth >= maxMergeDepth {
				r.problem(src, path, "expected a mapping to merge, not %s", phrase(src))
				continue
			}
			for _, p := range r.pairs(src, path, depth+1) {
				merged = append(merged, pair{key: p.key, value: p.value, merged: true})
			}
		}
	}
	return append(own, merged...)
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for range maxMergeDepth {
		if n.Kind != yaml.AliasNode || n.Alias == nil {
			break
		}
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// scalarPhrases name the kinds of scalars.
var scalarPhrases = map[string]string{"!!str": "a string", "!!int": "a number", "!!float": "a number", "!!bool": "a boolean",
	"!!null": "null", "!!timestamp": "a time", "!!binary": "binary data"}

// phrase names a node's kind for people, with a scalar's value.
func phrase(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
	default:
		return "an alias"
	}
	tag := n.ShortTag()
	if tag == "!!null" {
		return "null"
	}
	p := scalarPhrases[tag]
	if p == "" {
		p = "a value tagged " + tag
	}
	return fmt.Sprintf("%s (%q)", p, n.Value)
}

// lowerFirst lowers a key's first letter: TeamId is teamId.
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
