package jsondoc

import "strings"

// Suggest returns the known key closest to an unknown one, for a "did you
// mean" hint: the same key in another letter case or without separators
// (enabled_policy_types for enabledPolicyTypes), else the nearest within
// a few edits (one for up to three letters, else one per four letters and
// at least two), else "".
func Suggest(unknown string, known []string) string {
	fold := func(s string) string {
		return strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(s))
	}
	u := fold(unknown)
	if u == "" || len(u) > 64 {
		return ""
	}
	limit := 1
	if len(u) > 3 {
		limit = max(2, len(u)/4)
	}
	best, bestDist := "", limit+1
	for _, k := range known {
		if fold(k) == u {
			return k
		}
		if d := editDistance(u, fold(k)); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		diag := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			next := min(row[j]+1, row[j-1]+1, diag+cost)
			diag, row[j] = row[j], next
		}
	}
	return row[len(b)]
}
