// Package archtest holds the tests that keep the project's architecture.
// Every package of the module is placed in a layer by an allow-list
// (layers_test.go) that says which of the module's packages, and which
// other modules, it may import; a package placed nowhere fails. Beside it
// stand the rules the allow-list exists for (engines pure, adapters over
// gov and never the store, drivers wired by the command line alone, wire
// contracts of the standard library, the bench out of the server), and a
// limit of 600 lines per non-test Go file. It has no code of its own.
package archtest
