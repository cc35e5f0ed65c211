package archtest

import (
	"strings"
	"testing"
)

func TestContractsImportOnlyTheStandardLibrary(t *testing.T) {
	t.Parallel()
	// The wire contracts are data only, shared by the server and any client
	// or adapter: they import nothing but the standard library (no service,
	// no store, no SDK).
	contracts := placedIn(t, wireContract)
	if len(contracts) < 3 {
		t.Fatalf("the wire contract layer holds %v; the rule would see nothing", contracts)
	}
	for _, pkg := range contracts {
		t.Run(pkg, func(t *testing.T) {
			t.Parallel()
			for _, d := range deps(t, pkg) {
				if d != "std" && d != module+pkg {
					t.Errorf("%s imports %s; a wire contract may import only the standard library", pkg, strings.TrimPrefix(d, module))
				}
			}
		})
	}
}
