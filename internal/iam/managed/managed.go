// Package managed holds the documents of the AWS managed policies that chat
// channel guardrails and roles name by ARN, such as
// arn:aws:iam::aws:policy/ReadOnlyAccess, so that chatgov evaluates a chat
// command against what AWS actually grants rather than against a guess.
//
// AWS publishes these documents and changes them often (ReadOnlyAccess gains
// actions every few weeks), so each one is pinned: policies/<Name>.json is
// the default version recorded in catalog.json together with its version id,
// the date AWS created that version when known, and the public mirror it was
// copied from. A document whose "form" is "verbatim" keeps AWS's element
// order and value shapes; "normalized" means the only mirror available had
// sorted the keys and turned single strings into one-element lists, which
// does not change what the policy allows. Refreshing a policy means replacing
// its file and its catalog entry together.
//
// Documents are parsed on first use, each at most once, with
// [iam.ParseManaged] as identity policies: AWS managed policies may exceed
// the size limit IAM applies to customers' documents. A parsed policy is
// immutable and shared by all callers.
//
// The package is pure: it reads only the files embedded in the binary.
package managed

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/chatgov/chatgov/internal/iam"
)

//go:embed catalog.json policies/*.json
var files embed.FS

// entry is one policy of catalog.json.
type entry struct {
	Name    string `json:"name"`
	ARN     string `json:"arn"`
	Version string `json:"version"`
	// Created is when AWS created this version, when a source says so.
	Created string `json:"created,omitempty"`
	// Form is "verbatim" or "normalized"; see the package documentation.
	Form string `json:"form"`
	// Source is where the document was copied from; Checked lists the other
	// sources that confirm its version id or content.
	Source  string `json:"source"`
	Checked string `json:"checked,omitempty"`

	policy func() *iam.Policy
}

// catalogFile is the layout of catalog.json.
type catalogFile struct {
	// Retrieved is the day the documents were copied.
	Retrieved string  `json:"retrieved"`
	Policies  []entry `json:"policies"`
}

// index finds entries by name and by ARN.
type index struct {
	byKey map[string]*entry // name and ARN
	names []string          // sorted
}

// catalog decodes catalog.json once, on first use, so that a program that
// never evaluates a guardrail pays nothing for the package.
var catalog = sync.OnceValue(func() *index {
	c, err := decodeCatalog()
	if err != nil {
		// The catalog is compiled into the binary and checked by the tests;
		// reaching this is a build defect, not a runtime condition.
		panic(err)
	}
	ix := &index{byKey: make(map[string]*entry, 2*len(c.Policies))}
	for i := range c.Policies {
		e := &c.Policies[i]
		e.policy = sync.OnceValue(func() *iam.Policy {
			p, err := parse(e.Name)
			if err != nil {
				panic(err) // as above: the tests parse every embedded document
			}
			return p
		})
		ix.byKey[e.Name] = e
		ix.byKey[e.ARN] = e
		ix.names = append(ix.names, e.Name)
	}
	slices.Sort(ix.names)
	return ix
})

// decodeCatalog reads catalog.json strictly, so that a misspelt field in a
// hand-edited entry fails the tests instead of being dropped.
func decodeCatalog() (*catalogFile, error) {
	data, err := files.ReadFile("catalog.json")
	if err != nil {
		return nil, fmt.Errorf("managed: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c catalogFile
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("managed: catalog.json: %w", err)
	}
	return &c, nil
}

// parse reads and compiles the embedded document of the named policy.
func parse(name string) (*iam.Policy, error) {
	content, err := files.ReadFile("policies/" + name + ".json")
	if err != nil {
		return nil, fmt.Errorf("managed: %w", err)
	}
	p, err := iam.ParseManaged(string(content), iam.Identity)
	if err != nil {
		return nil, fmt.Errorf("managed: policies/%s.json: %w", name, err)
	}
	return p, nil
}

// Lookup returns the parsed AWS managed policy with this ARN (for example
// arn:aws:iam::aws:policy/ReadOnlyAccess) or name (ReadOnlyAccess), and
// whether chatgov knows it. Names and ARNs match exactly, as IAM compares
// ARNs; a policy chatgov does not hold, or one in another partition, whose
// content may differ, is reported as unknown rather than approximated.
func Lookup(arnOrName string) (*iam.Policy, bool) {
	e, ok := catalog().byKey[arnOrName]
	if !ok {
		return nil, false
	}
	return e.policy(), true
}

// Names returns the names of the policies chatgov holds, sorted.
func Names() []string {
	return slices.Clone(catalog().names)
}

// Version returns the id of the AWS default version chatgov holds for the
// named policy (a name or an ARN), such as "v186", so that a decision can say
// which version of the policy it was made against. It returns "" for a policy
// chatgov does not hold.
func Version(name string) string {
	e, ok := catalog().byKey[name]
	if !ok {
		return ""
	}
	return e.Version
}
