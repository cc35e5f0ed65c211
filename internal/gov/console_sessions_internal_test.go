package gov

import "testing"

// FuzzConsoleSignOuts reads arbitrary records: never a panic, what is
// read writes back to a record that reads the same, and the quick reading
// of every request (endedIn) agrees with the parsed record's.
func FuzzConsoleSignOuts(f *testing.F) {
	for _, seed := range []string{
		"", "1 0 0", "1 5 10 abcdefghijklmnop.1.2", "1 5 10 abcdefghijklmnop.1.2 qrstuvwxyz012345.3.4",
		"2 0 0", "1 x 0", "1 0 0 a.b.c", "1 0 0 abcdefghijklmnop.1", "1 -9223372036854775808 9223372036854775807",
	} {
		f.Add(seed, "abcdefghijklmnop", int64(3))
	}
	f.Add("1 5 10 abcdefghijklmnop.1.2", "abcdefghijklmnop", int64(7))
	f.Fuzz(func(t *testing.T, v, id string, issued int64) {
		rec := parseConsoleSignOuts(v)
		if w := rec.String(); endedIn(w, id, issued) != rec.ended(id, issued) {
			t.Fatalf("record %q, session %q issued %d: endedIn %v, ended %v", w, id, issued, endedIn(w, id, issued), rec.ended(id, issued))
		}
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
