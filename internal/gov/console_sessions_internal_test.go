package gov

import "testing"

// FuzzConsoleSignOuts reads arbitrary records: never a panic, and what is
// read writes back to a record that reads the same.
func FuzzConsoleSignOuts(f *testing.F) {
	for _, seed := range []string{
		"", "1 0 0", "1 5 10 abcdefghijklmnop.1.2", "1 5 10 abcdefghijklmnop.1.2 qrstuvwxyz012345.3.4",
		"2 0 0", "1 x 0", "1 0 0 a.b.c", "1 0 0 abcdefghijklmnop.1", "1 -9223372036854775808 9223372036854775807",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v string) {
		rec := parseConsoleSignOuts(v)
		again := parseConsoleSignOuts(rec.String())
		if again.String() != rec.String() {
			t.Fatalf("%q reads as %q, then %q", v, rec.String(), again.String())
		}
		rec.sweep(1)
		rec.add(consoleSignOut{id: "abcdefghijklmnop", issued: 2, expires: 3})
		if !rec.ended("abcdefghijklmnop", 2) {
			t.Fatalf("%q: an added session is not ended", v)
		}
	})
}
