package archtest

import (
	"slices"
	"strings"
	"testing"
)

// The layers of the module, bottom up (docs/architecture.md draws them).
const (
	engine       = "engine"        // pure functions over in-memory values: the standard library and other engines
	leaf         = "leaf library"  // small libraries of the standard library alone (configuration, memory hints)
	storeLayer   = "store"         // the store contract, its drivers and what they share
	application  = "application"   // gov and its snapshot engine: every use case, over the store contract
	wireContract = "wire contract" // request and response shapes, data only: the standard library alone
	wireClient   = "wire client"   // a client of chatgov's own operations over the wire contract
	adapter      = "adapter"       // a protocol over gov: never the store
	inputFormat  = "input format"  // files read into a store state (the org file)
	commandLine  = "command line"  // the binaries' wiring: the only place that chooses a store driver
	benchmark    = "benchmark"     // chatgov-bench's machinery, a client of the server's public API
	testSupport  = "test support"  // what tests of several packages share
	tool         = "tool"          // a generator run by hand, outside the build
	operations   = "operations"    // the server's instrumentation over the store contract, which the command line wires
)

// anyOther, in a placement's external list, allows any package of another
// module except the database drivers (those only the store's drivers and
// the command line import).
const anyOther = "*"

// driverModules are the database drivers' modules.
var driverModules = []string{"modernc.org/sqlite/...", "github.com/jackc/pgx/v5/..."}

// storeDrivers are the store's implementations: the command line chooses
// one and hands it to gov.
var storeDrivers = []string{"internal/store/sqlite", "internal/store/postgres", "internal/store/memstore"}

// pgtest is the test support that gives a test a PostgreSQL schema: the
// one package outside the store's drivers and the command line that may
// import a database driver, because only tests import it.
const pgtest = "internal/store/postgres/pgtest"

// A placement puts a package of the module, or a tree of them, in a layer
// and says what it may import.
type placement struct {
	// pattern is a package ("internal/gov") or a tree ("internal/gateway/...",
	// the package and every package under it). A package takes the most
	// specific placement that matches it: itself, else the deepest tree.
	pattern string
	layer   string
	// may lists the module's packages it may import: packages, trees, and
	// "layer:NAME" for every package placed in that layer.
	may []string
	// external lists the packages of other modules it may import: paths,
	// trees, or anyOther.
	external []string
}

// placements is the allow-list: every package of the module is placed
// here, and imports only what its placement allows. A package that does
// not exist yet may be placed (others are writing it); it costs nothing.
var placements = []placement{
	// Engines: the standard library and each other, nothing else.
	{pattern: "internal/jsondoc", layer: engine, may: []string{"layer:" + engine}},
	{pattern: "internal/org", layer: engine, may: []string{"layer:" + engine}},
	{pattern: "internal/policy", layer: engine, may: []string{"layer:" + engine}},
	{pattern: "internal/policy/chatbot", layer: engine, may: []string{"layer:" + engine}},
	{pattern: "internal/iam", layer: engine, may: []string{"layer:" + engine}},
	{pattern: "internal/iam/managed", layer: engine, may: []string{"layer:" + engine}},
	{pattern: "internal/chatcmd", layer: engine, may: []string{"layer:" + engine}},
	{pattern: "internal/chatauthz", layer: engine, may: []string{"layer:" + engine}},
	// CloudFormation's template engine: templates are YAML.
	{pattern: "internal/cfn", layer: engine, may: []string{"layer:" + engine}, external: []string{"go.yaml.in/yaml/v3"}},

	{pattern: "internal/config", layer: leaf},
	{pattern: "internal/memhint", layer: leaf},

	{pattern: "internal/store", layer: storeLayer},
	{pattern: "internal/store/migrate", layer: storeLayer},
	{pattern: "internal/store/sqlcodec", layer: storeLayer, may: []string{"internal/store"}},
	{pattern: "internal/store/memstore", layer: storeLayer, may: []string{"internal/store"}},
	{pattern: "internal/store/sqlite", layer: storeLayer,
		may:      []string{"internal/store", "internal/store/sqlcodec", "internal/store/migrate", "internal/memhint"},
		external: []string{"modernc.org/sqlite/..."}},
	{pattern: "internal/store/postgres", layer: storeLayer,
		may:      []string{"internal/store", "internal/store/sqlcodec", "internal/store/migrate", "internal/memhint"},
		external: []string{"github.com/jackc/pgx/v5/..."}},

	// gov is the one application layer; its snapshot engine (the model,
	// tables, editors, caches) works for it and does not know it.
	{pattern: "internal/gov", layer: application, may: []string{"layer:" + engine, "internal/store", "internal/gov/snapshot"}},
	{pattern: "internal/gov/snapshot", layer: application, may: []string{"layer:" + engine, "internal/store"}},

	// Wire contracts: awsapi's subpackages (orgswire, stswire, and the
	// contracts of the services to come) and chatgov's restJson1 contract.
	{pattern: "internal/awsapi/...", layer: wireContract},
	{pattern: "internal/chatgovapi", layer: wireContract},

	{pattern: "internal/client", layer: wireClient, may: []string{"layer:" + wireContract}, external: []string{anyOther}},

	// Adapters speak a protocol and call gov; none imports the store.
	// awsapi serves every AWS protocol on the port, CloudFormation's
	// included, whose stacks run in internal/cfn's runner.
	{pattern: "internal/awsapi", layer: adapter,
		may:      []string{"layer:" + engine, "layer:" + wireContract, "internal/gov", "internal/config", "internal/cfn/..."},
		external: []string{anyOther}},
	{pattern: "internal/console", layer: adapter,
		may:      []string{"layer:" + engine, "layer:" + wireContract, "internal/gov", "internal/config"},
		external: []string{anyOther}},
	{pattern: "internal/gateway/...", layer: adapter,
		may:      []string{"layer:" + engine, "layer:" + wireContract, "internal/gov", "internal/config", "internal/gateway/..."},
		external: []string{anyOther}},
	{pattern: "internal/cfn/...", layer: adapter,
		may:      []string{"layer:" + engine, "layer:" + wireContract, "internal/gov", "internal/config", "internal/cfn/..."},
		external: []string{anyOther}},

	// Metrics time the store's updates (a decorator of the contract) and
	// serve Prometheus's format; the command line wires them.
	{pattern: "internal/metrics", layer: operations, may: []string{"internal/store"},
		external: []string{"github.com/prometheus/client_golang/..."}},

	// The org file describes a store state, which the offline command
	// line opens gov over.
	{pattern: "internal/orgfile", layer: inputFormat, may: []string{"layer:" + engine, "internal/store"}, external: []string{anyOther}},

	{pattern: "internal/cli", layer: commandLine,
		may: []string{"layer:" + engine, "layer:" + leaf, "layer:" + wireContract, "layer:" + wireClient, "layer:" + adapter,
			"layer:" + inputFormat, "internal/gov", "internal/store", "internal/metrics", "internal/store/sqlite", "internal/store/postgres", "internal/store/memstore"},
		external: []string{anyOther, "modernc.org/sqlite/...", "github.com/jackc/pgx/v5/..."}},
	{pattern: "cmd/chatgov", layer: commandLine, may: []string{"internal/cli"}, external: []string{anyOther}},
	{pattern: "cmd/chatgov-bench", layer: commandLine, may: []string{"internal/cli", "internal/bench", "internal/config"},
		external: []string{anyOther, "modernc.org/sqlite/...", "github.com/jackc/pgx/v5/..."}},

	// The bench writes its organization to a store before the server
	// starts, then measures through the public API only.
	{pattern: "internal/bench", layer: benchmark,
		may:      []string{"layer:" + engine, "layer:" + wireContract, "internal/client", "internal/config", "internal/store", "internal/synth"},
		external: []string{anyOther}},

	{pattern: "internal/scenario", layer: testSupport, may: []string{"layer:" + engine, "internal/orgfile"}, external: []string{anyOther}},
	{pattern: "internal/synth", layer: testSupport, may: []string{"layer:" + engine, "internal/store"}, external: []string{anyOther}},
	{pattern: "internal/store/storetest", layer: testSupport, may: []string{"internal/store"}, external: []string{anyOther}},
	// A PostgreSQL schema of a test's own: it connects to the test server,
	// and only tests import it (no placement's may lists it).
	{pattern: pgtest, layer: testSupport, external: []string{"github.com/jackc/pgx/v5/..."}},
	{pattern: "internal/archtest", layer: testSupport},

	{pattern: "internal/chatcmd/internal/gencatalog", layer: tool},
}

// matches reports whether path is pattern's package or, for a tree
// "dir/...", dir or a package under it.
func matches(pattern, path string) bool {
	if dir, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == dir || strings.HasPrefix(path, dir+"/")
	}
	return path == pattern
}

// specificity orders the patterns matching one package: the package
// itself first, then the deepest tree.
func specificity(pattern string) int {
	if dir, ok := strings.CutSuffix(pattern, "/..."); ok {
		return 2 * len(dir)
	}
	return 2*len(pattern) + 1
}

// placementOf returns the placement of pkg (relative to the module), or
// false when it has none.
func placementOf(pkg string) (placement, bool) {
	var best placement
	found := false
	for _, p := range placements {
		if matches(p.pattern, pkg) && (!found || specificity(p.pattern) > specificity(best.pattern)) {
			best, found = p, true
		}
	}
	return best, found
}

// mayImport reports whether a package placed at from may import the
// module's package to (relative to the module).
func mayImport(from placement, to string) bool {
	for _, m := range from.may {
		if name, ok := strings.CutPrefix(m, "layer:"); ok {
			if p, placed := placementOf(to); placed && p.layer == name {
				return true
			}
		} else if matches(m, to) {
			return true
		}
	}
	return false
}

// mayImportExternal reports whether a package placed at from may import
// the package of another module path.
func mayImportExternal(from placement, path string) bool {
	for _, e := range from.external {
		if e == anyOther && !isDriver(path) || e != anyOther && matches(e, path) {
			return true
		}
	}
	return false
}

func isDriver(path string) bool {
	return slices.ContainsFunc(driverModules, func(d string) bool { return matches(d, path) })
}

// describe says what a placement allows, for messages.
func describe(p placement) string {
	allowed := []string{"the standard library"}
	for _, m := range p.may {
		if name, ok := strings.CutPrefix(m, "layer:"); ok {
			m = "the " + name + " layer"
		}
		allowed = append(allowed, m)
	}
	for _, e := range p.external {
		if e == anyOther {
			allowed = append(allowed, "other modules (not the database drivers)")
		} else {
			allowed = append(allowed, e)
		}
	}
	return strings.Join(allowed, ", ")
}

func TestEveryPackageIsPlaced(t *testing.T) {
	t.Parallel()
	for _, pkg := range modulePackages(t) {
		if _, ok := placementOf(pkg); !ok {
			t.Errorf("%s is in no layer: place it in internal/archtest/layers_test.go (placements) with the module packages it may import,"+
				" and list it in docs/architecture.md. An engine imports only the standard library and engines;"+
				" an adapter speaks a protocol over internal/gov and never imports internal/store;"+
				" a wire contract is data of the standard library alone; only the command line wires store drivers", pkg)
		}
	}
}

func TestImportsFollowTheLayers(t *testing.T) {
	t.Parallel()
	for _, pkg := range modulePackages(t) {
		from, ok := placementOf(pkg)
		if !ok {
			continue // TestEveryPackageIsPlaced reports it
		}
		for _, imp := range imports(t, pkg) {
			if isStandard(t, imp) {
				continue
			}
			if to, ok := strings.CutPrefix(imp, module); ok {
				if !mayImport(from, to) {
					where := "no layer"
					if p, placed := placementOf(to); placed {
						where = "the " + p.layer + " layer"
					}
					t.Errorf("%s (%s) imports %s (%s); it may import only %s", pkg, from.layer, to, where, describe(from))
				}
				continue
			}
			if !mayImportExternal(from, imp) {
				t.Errorf("%s (%s) imports %s, of another module; it may import only %s", pkg, from.layer, imp, describe(from))
			}
		}
	}
}

// TestTheAllowListKeepsTheRules checks the table itself, so that loosening
// a rule takes an edit here too: engines import engines and no other
// module (the template engine, YAML); wire contracts import nothing;
// adapters never import the store; the store drivers and the database
// drivers are imported only by the command line (and the database driver
// by pgtest, which only tests import); the snapshot engine does not import
// gov.
func TestTheAllowListKeepsTheRules(t *testing.T) {
	t.Parallel()
	allowsAny := func(p placement, pkgs ...string) []string {
		var found []string
		for _, pkg := range pkgs {
			if mayImport(p, pkg) {
				found = append(found, pkg)
			}
		}
		return found
	}
	store := []string{"internal/store", "internal/store/sqlcodec", "internal/store/migrate"}
	store = append(store, storeDrivers...)
	for _, p := range placements {
		switch p.layer {
		case engine:
			for _, m := range p.may {
				if m != "layer:"+engine {
					t.Errorf("engine %s may import %s; engines import only the standard library and engines", p.pattern, m)
				}
			}
			if len(p.external) > 0 && !(p.pattern == "internal/cfn" && slices.Equal(p.external, []string{"go.yaml.in/yaml/v3"})) {
				t.Errorf("engine %s may import %v; engines import no other module (the template engine reads YAML)", p.pattern, p.external)
			}
		case wireContract:
			if len(p.may)+len(p.external) > 0 {
				t.Errorf("wire contract %s may import %v %v; a contract imports only the standard library", p.pattern, p.may, p.external)
			}
		case adapter:
			if found := allowsAny(p, store...); len(found) > 0 {
				t.Errorf("adapter %s may import %v; adapters go through gov, never the store", p.pattern, found)
			}
		}
		if p.layer != commandLine {
			if found := allowsAny(p, storeDrivers...); len(found) > 0 {
				t.Errorf("%s (%s) may import %v; only the command line wires store drivers", p.pattern, p.layer, found)
			}
			for _, e := range p.external {
				if isDriver(strings.TrimSuffix(e, "/...")) && p.layer != storeLayer && p.pattern != pgtest {
					t.Errorf("%s (%s) may import %s; only the store's drivers and the command line import database drivers", p.pattern, p.layer, e)
				}
			}
		}
	}
	for _, p := range placements {
		if p.pattern != pgtest && mayImport(p, pgtest) {
			t.Errorf("%s (%s) may import %s; only tests import it, since it connects to a database", p.pattern, p.layer, pgtest)
		}
	}
	if snap, ok := placementOf("internal/gov/snapshot"); !ok || snap.pattern != "internal/gov/snapshot" || mayImport(snap, "internal/gov") {
		t.Errorf("internal/gov/snapshot must be placed and must not import internal/gov (gov uses it, not the other way)")
	}
}

// TestPlacementOf checks the matching the allow-list relies on.
func TestPlacementOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pkg, pattern, layer string
	}{
		{"internal/awsapi", "internal/awsapi", adapter},
		{"internal/awsapi/orgswire", "internal/awsapi/...", wireContract},
		{"internal/gov", "internal/gov", application},
		{"internal/gov/snapshot", "internal/gov/snapshot", application},
		{"internal/gateway", "internal/gateway/...", adapter},
		{"internal/gateway/slack", "internal/gateway/...", adapter},
		{"internal/cfn", "internal/cfn", engine},
		{"internal/cfn/stacks", "internal/cfn/...", adapter},
		{"internal/store/storetest", "internal/store/storetest", testSupport},
		{"internal/store/postgres/pgtest", pgtest, testSupport},
		{"internal/governance", "", ""},
		{"internal/gov/other", "", ""},
		{"internal/storefront", "", ""},
	}
	for _, tt := range tests {
		p, ok := placementOf(tt.pkg)
		if ok != (tt.pattern != "") || p.pattern != tt.pattern || p.layer != tt.layer {
			t.Errorf("placementOf(%s) = %q (%s), %v; want %q (%s)", tt.pkg, p.pattern, p.layer, ok, tt.pattern, tt.layer)
		}
	}
	if !mayImport(placement{may: []string{"layer:" + wireContract}}, "internal/awsapi/stswire") {
		t.Error("a layer in may does not allow its packages")
	}
	if mayImport(placement{may: []string{"layer:" + wireContract}}, "internal/awsapi") {
		t.Error("a layer in may allows a package of another layer")
	}
	if mayImportExternal(placement{external: []string{anyOther}}, "github.com/jackc/pgx/v5/pgxpool") {
		t.Error("anyOther allows a database driver")
	}
}
