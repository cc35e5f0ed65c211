package memhint

import "testing"

type record struct {
	name string
	tags map[string]string
	n    int
}

// TestPrefaultLeavesZeroValues checks that a prefaulted array still holds
// zero values, that the collector keeps working over it, and that arrays
// of every size, empty included, are accepted.
func TestPrefaultLeavesZeroValues(t *testing.T) {
	for _, n := range []int{0, 1, 100, 10_000} {
		s := make([]record, 0, n)
		Prefault(s)
		s = s[:n]
		for i := range s {
			if s[i].name != "" || s[i].tags != nil || s[i].n != 0 {
				t.Fatalf("n=%d: element %d is %+v after Prefault", n, i, s[i])
			}
		}
		for i := range s {
			s[i] = record{name: "x", tags: map[string]string{"k": "v"}, n: i}
		}
		if n > 0 && (s[n-1].tags["k"] != "v" || s[n-1].n != n-1) {
			t.Errorf("n=%d: the last element is %+v", n, s[n-1])
		}
	}
	Prefault([]byte(nil)) // nothing to touch
	Prefault(make([]struct{}, 0, 10))
}
