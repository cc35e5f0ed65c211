package archtest

import (
	"strings"
	"testing"
)

// placedIn lists the packages of the module placed in layer that exist
// today.
func placedIn(t *testing.T, layer string) []string {
	t.Helper()
	var out []string
	for _, pkg := range modulePackages(t) {
		if p, ok := placementOf(pkg); ok && p.layer == layer {
			out = append(out, pkg)
		}
	}
	return out
}

// TestEnginesArePure checks the engines' whole dependency graph, not only
// their imports: the standard library and other engines (and, for the
// template engine, the YAML parser its placement names).
func TestEnginesArePure(t *testing.T) {
	t.Parallel()
	engines := placedIn(t, engine)
	if len(engines) < 8 {
		t.Fatalf("the engine layer holds %v; the rule would see nothing", engines)
	}
	for _, pkg := range engines {
		t.Run(pkg, func(t *testing.T) {
			t.Parallel()
			own, _ := placementOf(pkg)
			for _, d := range deps(t, pkg) {
				if d == "std" || d == module+pkg {
					continue
				}
				rel, inModule := strings.CutPrefix(d, module)
				if inModule {
					if p, ok := placementOf(rel); ok && p.layer == engine {
						continue
					}
				} else if mayImportExternal(own, d) {
					continue
				}
				t.Errorf("%s depends on %s; engines may import only the standard library and other engines", pkg, d)
			}
		})
	}
}

// drivers are imported only by the command line, which wires them.
var drivers = []string{
	"modernc.org/sqlite",
	"github.com/jackc/pgx",
	module + "internal/store/sqlite",
	module + "internal/store/postgres",
}

func TestDriversStayInTheCommandLine(t *testing.T) {
	t.Parallel()
	for _, rel := range modulePackages(t) {
		if rel == "internal/cli" || strings.HasPrefix(rel, "cmd/") || strings.HasPrefix(rel, "internal/store/") {
			continue
		}
		for _, d := range deps(t, rel) {
			for _, drv := range drivers {
				if strings.HasPrefix(d, drv) {
					t.Errorf("%s depends on the driver %s; only the command line may wire drivers", rel, d)
				}
			}
		}
	}
}

// TestAdaptersSpeakGov checks the rules of the adapters: the wire
// protocols reach the store only through gov (its types, not the store's
// records), and the wire contract and its client stand on their own, so
// that any Go program may speak to a server with them.
func TestAdaptersSpeakGov(t *testing.T) {
	t.Parallel()
	type rule struct {
		pkg        string
		transitive bool // the rule holds for every dependency, not only direct imports
		forbidden  []string
	}
	tests := []rule{
		{"internal/chatgovapi", true, []string{module + "internal/store", module + "internal/gov"}},
		{"internal/client", true, []string{module + "internal/store", module + "internal/gov"}},
	}
	// Every adapter (awsapi, and the console, the chat gateway and the
	// CloudFormation runner once they exist) imports gov, not the store.
	adapters := placedIn(t, adapter)
	if !strings.Contains(" "+strings.Join(adapters, " ")+" ", " internal/awsapi ") {
		t.Fatalf("the adapter layer holds %v, not internal/awsapi; the rule would not see it", adapters)
	}
	for _, a := range adapters {
		tests = append(tests, rule{a, false, []string{module + "internal/store"}})
	}
	for _, tt := range tests {
		t.Run(tt.pkg, func(t *testing.T) {
			t.Parallel()
			var got []string
			if tt.transitive {
				got = deps(t, tt.pkg)
			} else {
				got = imports(t, tt.pkg)
			}
			for _, d := range got {
				for _, f := range tt.forbidden {
					if d == f || strings.HasPrefix(d, f+"/") {
						t.Errorf("%s depends on %s", tt.pkg, d)
					}
				}
			}
		})
	}
}

// benchOnly are what chatgov-bench needs and the server does not: the
// benchmark machinery, the synthetic organizations it measures, and the
// AWS SDK service clients it drives the server with. The server may use
// the SDK's SigV4 signer and ARN parser, not its clients.
var benchOnly = []string{
	module + "internal/bench",
	module + "internal/synth",
	"github.com/aws/aws-sdk-go-v2/service",
}

// benchOnlyIn lists the packages of deps that only the bench may link.
func benchOnlyIn(deps []string) []string {
	var found []string
	for _, d := range deps {
		for _, p := range benchOnly {
			if d == p || strings.HasPrefix(d, p+"/") {
				found = append(found, d)
			}
		}
	}
	return found
}

func TestServerBinaryLeavesTheBenchOut(t *testing.T) {
	t.Parallel()
	for _, d := range benchOnlyIn(deps(t, "cmd/chatgov")) {
		t.Errorf("chatgov links %s; the benchmark and the SDK's service clients belong to cmd/chatgov-bench", d)
	}
	// The rule sees what it forbids: the bench's binary links all three.
	found := strings.Join(benchOnlyIn(deps(t, "cmd/chatgov-bench")), " ")
	for _, want := range []string{module + "internal/bench", module + "internal/synth", "github.com/aws/aws-sdk-go-v2/service/organizations"} {
		if !strings.Contains(found, want) {
			t.Errorf("chatgov-bench does not link %s (it links %s); the rule would not see it either", want, found)
		}
	}
}

// TestBenchMeasuresThroughThePublicAPI keeps the bench a client: it may
// write the generated organization to a store before the server starts,
// and otherwise reaches the server only over HTTP, so it links neither the
// application service nor the server's adapters; cmd/chatgov-bench wires
// the server in.
func TestBenchMeasuresThroughThePublicAPI(t *testing.T) {
	t.Parallel()
	server := []string{module + "internal/gov", module + "internal/awsapi", module + "internal/cli"}
	for _, d := range deps(t, "internal/bench") {
		for _, s := range server {
			if d == s || strings.HasPrefix(d, s+"/") {
				t.Errorf("internal/bench depends on %s; it measures the server through its public API", d)
			}
		}
	}
}
