package archtest

import (
	"strings"
	"testing"
)

// contracts are the wire contracts, shared by the server and any client
// or adapter: data only, they import nothing but the standard library
// (no service, no store, no SDK).
var contracts = []string{
	"internal/awsapi/orgswire",
	"internal/awsapi/stswire",
}

func TestContractsImportOnlyTheStandardLibrary(t *testing.T) {
	t.Parallel()
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
