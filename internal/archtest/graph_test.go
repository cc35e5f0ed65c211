package archtest

import (
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
)

const module = "github.com/chatgov/chatgov/"

// A listed package is one package of the build graph as go list sees it
// (non-test files only).
type listed struct {
	standard bool
	imports  []string // what it imports itself
	deps     []string // everything it depends on, transitively
}

var (
	graphOnce sync.Once
	graph     map[string]listed // by import path: the module's packages and all they depend on
	graphErr  string
)

// load lists the module's packages and their dependencies once per test
// binary: one go list, which every test of the package reads.
func load(t *testing.T) map[string]listed {
	t.Helper()
	graphOnce.Do(func() {
		out, err := exec.Command("go", "list", "-deps",
			"-f", "{{.ImportPath}}\t{{.Standard}}\t{{join .Imports \" \"}}\t{{join .Deps \" \"}}",
			module+"...").CombinedOutput()
		if err != nil {
			graphErr = "go list: " + err.Error() + "\n" + string(out)
			return
		}
		graph = map[string]listed{}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			f := strings.Split(line, "\t")
			if len(f) != 4 {
				graphErr = "go list printed an unexpected line: " + line
				return
			}
			graph[f[0]] = listed{standard: f[1] == "true", imports: strings.Fields(f[2]), deps: strings.Fields(f[3])}
		}
	})
	if graphErr != "" {
		t.Fatal(graphErr)
	}
	return graph
}

// modulePackages lists the module's packages, relative to the module
// ("internal/gov"), sorted.
func modulePackages(t *testing.T) []string {
	t.Helper()
	var out []string
	for p := range load(t) {
		if rel, ok := strings.CutPrefix(p, module); ok {
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out
}

// deps lists the non-test dependencies of a package of the module (pkg
// relative to the module), the package itself included: standard library
// packages are reported as "std".
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	g := load(t)
	p, ok := g[module+pkg]
	if !ok {
		t.Fatalf("%s is not a package of the module", pkg)
	}
	out := []string{module + pkg}
	for _, d := range p.deps {
		if g[d].standard {
			out = append(out, "std")
		} else {
			out = append(out, d)
		}
	}
	return out
}

// imports lists the packages pkg (relative to the module) imports itself,
// in its non-test files.
func imports(t *testing.T, pkg string) []string {
	t.Helper()
	p, ok := load(t)[module+pkg]
	if !ok {
		t.Fatalf("%s is not a package of the module", pkg)
	}
	return p.imports
}

// isStandard reports whether the import path names a standard library
// package.
func isStandard(t *testing.T, path string) bool {
	t.Helper()
	return load(t)[path].standard
}
