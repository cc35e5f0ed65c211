// Package orgfile reads org files: YAML or JSON descriptions of an
// organization (its tree of OUs and accounts, its policies, and which
// policies attach to which node in which order) for the offline CLI and for
// the scenario corpus the tests share, and turns them into the state a
// store holds.
//
// An org file looks like this (every ID but account IDs may be omitted and
// is then derived from names, so that the same file always yields the same IDs):
//
//	enabledPolicyTypes: [CHATBOT_POLICY]   # optional; default: the types of the policies attached
//	root:
//	  id: r-abcd
//	  policies: [baseline]                 # attach order
//	  ous:
//	    - name: Engineering
//	      policies: [eng-slack]
//	      accounts:
//	        - {id: "111111111111", name: dev}
//	policies:
//	  - name: baseline
//	    type: CHATBOT_POLICY               # the default
//	    file: policies/baseline.json       # relative to the org file; or
//	    content: {chatbot: {...}}          # inline, as a mapping or a JSON string
//
// # FullAWSAccess
//
// Enabling service control policies on AWS attaches the AWS managed SCP
// FullAWSAccess (p-FullAWSAccess) to the root and to every OU and account
// (D12), and a real organization keeps it wherever nobody detached it. An
// org file says the same by default: while SERVICE_CONTROL_POLICY is
// enabled, every node has FullAWSAccess attached before the policies it
// lists, so a file needs to name only the SCPs it adds. A node that does
// not have it says so:
//
//	ous:
//	  - name: Sandbox
//	    detachFullAWSAccess: true          # on the root, an OU or an account
//	    policies: [allow-s3-only]          # a node keeps at least one SCP, as on AWS
//
// FullAWSAccess is never listed in policies; its name and ID are reserved.
//
// # The file as a store holds it
//
// The offline commands ask the server's use cases about an org file:
// [Org.State] returns the organization as a store holds it, with the
// file's IDs, and the service loads it over a store in memory. An org
// file has no management account: the state gives the organization one
// outside the file ([Org.ManagementAccount], named "management", at the
// root), which SCPs never restrict, unless the command names one of the
// file's accounts.
package orgfile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
)

// file is the shape of an org file.
type file struct {
	EnabledPolicyTypes *[]policy.Type `yaml:"enabledPolicyTypes"`
	Root               nodeSpec       `yaml:"root"`
	Policies           []policySpec   `yaml:"policies"`
}

type nodeSpec struct {
	ID       string     `yaml:"id"`
	Name     string     `yaml:"name"`
	Policies []string   `yaml:"policies"`
	OUs      []nodeSpec `yaml:"ous"`
	Accounts []acctSpec `yaml:"accounts"`
	// DetachFullAWSAccess says the node does not have FullAWSAccess
	// attached (see the package documentation).
	DetachFullAWSAccess bool `yaml:"detachFullAWSAccess"`
}

type acctSpec struct {
	ID                  string   `yaml:"id"`
	Name                string   `yaml:"name"`
	Email               string   `yaml:"email"`
	Policies            []string `yaml:"policies"`
	DetachFullAWSAccess bool     `yaml:"detachFullAWSAccess"`
}

type policySpec struct {
	ID          string      `yaml:"id"`
	Name        string      `yaml:"name"`
	Description string      `yaml:"description"`
	Type        policy.Type `yaml:"type"`
	Content     yaml.Node   `yaml:"content"`
	File        string      `yaml:"file"`
}

// Policy is a policy of the org file.
type Policy struct {
	// Policy holds the parsed document of a management policy type.
	policy.Policy
	// IAM holds the parsed document of an SCP or RCP.
	IAM         *iam.Policy
	Type        policy.Type
	Description string
	// Content is the document text, exactly as it would be sent to AWS.
	Content string
}

// Org is a loaded org file.
type Org struct {
	// Path is the file the org was read from, if any.
	Path     string
	Tree     *org.Tree
	Policies []*Policy
	byRef    map[string]*Policy
	attached map[string][]*Policy
	enabled  map[policy.Type]bool
	emails   map[string]string
	// fullDetached holds the nodes without FullAWSAccess.
	fullDetached map[string]bool
}

// Error lists every problem of an org file.
type Error struct {
	File     string
	Problems []string
}

func (e *Error) Error() string {
	name := e.File
	if name == "" {
		name = "org file"
	}
	if len(e.Problems) == 1 {
		return name + ": " + e.Problems[0]
	}
	return fmt.Sprintf("%s: %d problems:\n  %s", name, len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// Load reads an org file.
func Load(path string) (*Org, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	o, err := Parse(data, filepath.Dir(path))
	if err != nil {
		var fe *Error
		if errors.As(err, &fe) {
			fe.File = path
		}
		return nil, err
	}
	o.Path = path
	return o, nil
}

// Parse reads an org file's contents. Policy files are read relative to dir.
func Parse(data []byte, dir string) (*Org, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &Error{Problems: []string{syntaxProblem(err)}}
	}
	if probs := checkShape(&doc); len(probs) > 0 {
		return nil, &Error{Problems: probs}
	}
	var f file
	if doc.Kind != 0 {
		if err := doc.Decode(&f); err != nil {
			// checkShape accepts only what decodes; this is a safety net,
			// in words without the Go types.
			return nil, &Error{Problems: []string{"cannot read the org file: " + goTypes.ReplaceAllString(err.Error(), "")}}
		}
	}
	l := &loader{dir: dir, nodeAt: map[string]string{}, broken: map[string]bool{}, o: &Org{
		byRef:        map[string]*Policy{},
		attached:     map[string][]*Policy{},
		emails:       map[string]string{},
		fullDetached: map[string]bool{},
	}}
	l.policies(f.Policies)
	l.tree(f.Root)
	l.enable(f.EnabledPolicyTypes)
	l.fullAWSAccess()
	if len(l.problems) > 0 {
		return nil, &Error{Problems: l.problems}
	}
	return l.o, nil
}

type loader struct {
	dir      string
	o        *Org
	problems []string
	// nodeAt maps node IDs to where the file describes them, for problems
	// found once the whole file is read.
	nodeAt map[string]string
	// broken holds the names and IDs of the policies whose own problems
	// were reported (a missing file, an invalid document), so that the
	// nodes attaching them do not report them again as unknown.
	broken map[string]bool
}

func (l *loader) problem(format string, args ...any) {
	l.problems = append(l.problems, fmt.Sprintf(format, args...))
}

// goTypes matches the Go types in the YAML decoder's messages.
var goTypes = regexp.MustCompile(` (?:into|in type) [\w.*\[\]]+`)

func (l *loader) policies(specs []policySpec) {
	for i, sp := range specs {
		// Whatever goes wrong below is this policy's own problem.
		markBroken := func() { l.broken[sp.Name], l.broken[sp.ID] = sp.Name != "", sp.ID != "" }
		where := fmt.Sprintf("policies[%d]", i)
		if sp.Name == "" {
			l.problem("%s: a policy needs a name", where)
			continue
		}
		where = fmt.Sprintf("policies[%d] %q", i, sp.Name)
		if sp.Type == "" {
			sp.Type = policy.ChatbotPolicy
		}
		if _, ok := policy.Lookup(sp.Type); !ok {
			l.problem("%s: unknown policy type %q%s", where, sp.Type, typeHint(string(sp.Type)))
			markBroken()
			continue
		}
		id := sp.ID
		if id == "" {
			id = derivedPolicyID(sp.Name)
		} else if !ValidPolicyID(id) {
			l.problem("%s: policy ID %q must match p-[0-9a-zA-Z_]{8,128}", where, id)
			markBroken()
			continue
		}
		if id == FullAWSAccessID || sp.Type == policy.ServiceControlPolicy && sp.Name == FullAWSAccessName {
			l.problem("%s: %s (%s) is the AWS managed SCP, attached to every node while SERVICE_CONTROL_POLICY is enabled; give the policy another name and ID",
				where, FullAWSAccessName, FullAWSAccessID)
			continue
		}
		content, ok := l.content(where, sp)
		if !ok {
			markBroken()
			continue
		}
		p := &Policy{Policy: policy.Policy{ID: id, Name: sp.Name}, Type: sp.Type, Description: sp.Description, Content: content}
		var err error
		switch sp.Type {
		case policy.ServiceControlPolicy:
			p.IAM, err = iam.Parse(content, iam.SCP)
		case policy.ResourceControlPolicy:
			p.IAM, err = iam.Parse(content, iam.RCP)
		default:
			p.Doc, err = policy.Parse(sp.Type, content)
		}
		if err != nil {
			l.documentProblems(where, err)
			markBroken()
			continue
		}
		for _, ref := range []string{id, sp.Name} {
			if other, dup := l.o.byRef[ref]; dup {
				l.problem("%s: %q already names policy %q", where, ref, other.Name)
			}
		}
		l.o.byRef[id], l.o.byRef[sp.Name] = p, p
		l.o.Policies = append(l.o.Policies, p)
	}
	counts := map[policy.Type]int{}
	for _, p := range l.o.Policies {
		counts[p.Type]++
	}
	for t, n := range counts {
		if info, _ := policy.Lookup(t); n > info.MaxPerOrg {
			l.problem("the file has %d %s policies; an organization may have at most %d", n, t, info.MaxPerOrg)
		}
	}
}

func (l *loader) documentProblems(where string, err error) {
	var je *jsondoc.Error
	if !errors.As(err, &je) {
		l.problem("%s: %v", where, err)
		return
	}
	for _, p := range je.Problems {
		l.problem("%s: %s", where, p)
	}
}

// content returns the policy's document text from content or file.
func (l *loader) content(where string, sp policySpec) (string, bool) {
	hasInline := sp.Content.Kind != 0
	switch {
	case hasInline && sp.File != "":
		l.problem("%s: give content or file, not both", where)
		return "", false
	case sp.File != "":
		path := sp.File
		if !filepath.IsAbs(path) {
			path = filepath.Join(l.dir, path)
		}
		data, err := os.ReadFile(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
			l.problem("%s: file %s: no such file (relative paths are from the org file's directory)", where, sp.File)
			return "", false
		case err != nil:
			l.problem("%s: file %s: %v", where, sp.File, errors.Unwrap(err))
			return "", false
		}
		return string(data), true
	case !hasInline:
		l.problem("%s: a policy needs content or file", where)
		return "", false
	case sp.Content.Kind == yaml.ScalarNode && sp.Content.Tag == "!!str":
		return sp.Content.Value, true
	}
	var b strings.Builder
	if err := writeJSON(&b, &sp.Content); err != nil {
		l.problem("%s: content: %v", where, err)
		return "", false
	}
	return b.String(), true
}

// ValidPolicyID reports whether id has the format of a policy ID.
func ValidPolicyID(id string) bool {
	if !strings.HasPrefix(id, "p-") || len(id) < 10 || len(id) > 130 {
		return false
	}
	for _, c := range id[2:] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
			return false
		}
	}
	return true
}

func hash(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:n]
}

func derivedPolicyID(name string) string { return "p-" + hash("policy/"+name, 12) }

// typeHint is a "did you mean" for an unknown policy type.
func typeHint(t string) string {
	var names []string
	for _, info := range policy.Types() {
		names = append(names, string(info.Type))
	}
	if hint := jsondoc.Suggest(t, names); hint != "" {
		return fmt.Sprintf("; did you mean %q?", hint)
	}
	return ""
}
