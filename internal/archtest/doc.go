// Package archtest holds the tests that keep the project's architecture:
// which packages may import which. It has no code of its own.
package archtest
