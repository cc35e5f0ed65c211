// Package scenario loads the scenario corpus under testdata/scenarios: org
// files with the effective policies and chat channel decisions they must
// produce. Tests at every level (the engines, the CLI, the server) run the
// same corpus, so that the levels cannot drift apart.
//
// A scenario is a directory holding org.yaml (an org file), expect.yaml
// (the expectations) and golden files (the full explanations, rewritten by
// the tests' -update flag: go test ./internal/policy/... -update).
package scenario

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"

	"go.yaml.in/yaml/v3"

	"github.com/chatgov/chatgov/internal/orgfile"
	"github.com/chatgov/chatgov/internal/policy"
)

// Scenario is one directory of the corpus.
type Scenario struct {
	Name    string
	Dir     string
	OrgPath string
	// EffectiveGolden and DecisionsGolden are the golden files of the
	// policy and chatbot engines.
	EffectiveGolden string
	DecisionsGolden string
	Description     string
	Effective       []EffectiveCase
	Decisions       []DecisionCase
}

// EffectiveCase expects an account's effective policy of one type.
type EffectiveCase struct {
	Account string
	Type    policy.Type
	// Policy is the exact rendering, or "" when no effective policy exists.
	Policy string
	// Errors are the codes of the validation errors, in order.
	Errors []string
}

// DecisionCase expects the decision on one channel configuration.
type DecisionCase struct {
	Name    string
	Account string
	// Config is the configuration as JSON (a Chatbot create request body
	// plus ChannelVisibility).
	Config  string
	Allowed bool
	// Denied are the rules that denied it, in order.
	Denied []string
}

type expectFile struct {
	Description string `yaml:"description"`
	Effective   []struct {
		Account string      `yaml:"account"`
		Type    policy.Type `yaml:"type"`
		Policy  *string     `yaml:"policy"`
		None    bool        `yaml:"none"`
		Errors  []string    `yaml:"errors"`
	} `yaml:"effective"`
	Decisions []struct {
		Name    string    `yaml:"name"`
		Account string    `yaml:"account"`
		Config  yaml.Node `yaml:"config"`
		Allowed *bool     `yaml:"allowed"`
		Denied  []string  `yaml:"denied"`
	} `yaml:"decisions"`
}

// Testdata returns the repository's testdata directory.
func Testdata() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata")
}

// All loads every scenario, sorted by name.
func All() ([]Scenario, error) {
	dirs, err := filepath.Glob(filepath.Join(Testdata(), "scenarios", "*", "expect.yaml"))
	if err != nil {
		return nil, err
	}
	if len(dirs) == 0 {
		return nil, errors.New("no scenarios found under " + Testdata())
	}
	sort.Strings(dirs)
	var out []Scenario
	for _, e := range dirs {
		s, err := Load(filepath.Dir(e))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Load reads the scenario in dir.
func Load(dir string) (Scenario, error) {
	s := Scenario{Name: filepath.Base(dir), Dir: dir, OrgPath: filepath.Join(dir, "org.yaml"),
		EffectiveGolden: filepath.Join(dir, "effective.golden.json"),
		DecisionsGolden: filepath.Join(dir, "decisions.golden.json")}
	data, err := os.ReadFile(filepath.Join(dir, "expect.yaml"))
	if err != nil {
		return s, err
	}
	var f expectFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return s, fmt.Errorf("%s/expect.yaml: %w", dir, err)
	}
	s.Description = f.Description
	for i, e := range f.Effective {
		if (e.Policy == nil) != e.None {
			return s, fmt.Errorf("%s/expect.yaml: effective[%d]: give either policy or none: true", dir, i)
		}
		c := EffectiveCase{Account: e.Account, Type: e.Type, Errors: e.Errors}
		if c.Type == "" {
			c.Type = policy.ChatbotPolicy
		}
		if e.Policy != nil {
			c.Policy = *e.Policy
		}
		s.Effective = append(s.Effective, c)
	}
	for i, d := range f.Decisions {
		if d.Allowed == nil {
			return s, fmt.Errorf("%s/expect.yaml: decisions[%d]: allowed is required", dir, i)
		}
		cfg, err := orgfile.JSONFromYAML(&d.Config)
		if err != nil {
			return s, fmt.Errorf("%s/expect.yaml: decisions[%d]: config: %w", dir, i, err)
		}
		name := d.Name
		if name == "" {
			name = fmt.Sprintf("decision-%d", i)
		}
		s.Decisions = append(s.Decisions, DecisionCase{Name: name, Account: d.Account, Config: cfg,
			Allowed: *d.Allowed, Denied: d.Denied})
	}
	return s, nil
}

// Org loads the scenario's org file.
func (s Scenario) Org() (*orgfile.Org, error) { return orgfile.Load(s.OrgPath) }

var update = flag.Bool("update", false, "rewrite golden files instead of comparing with them")

// Golden compares got with the golden file at path, or rewrites the file
// when the test binary runs with -update. It returns an error describing
// the first difference.
func Golden(path string, got []byte) error {
	if *update {
		return os.WriteFile(path, got, 0o644)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%w (run the test with -update to create it)", err)
	}
	if bytes.Equal(want, got) {
		return nil
	}
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return fmt.Errorf("%s differs at line %d:\n  want: %s\n  got:  %s\n(review, then run with -update to accept)", path, i+1, w, g)
		}
	}
	return fmt.Errorf("%s differs", path)
}
