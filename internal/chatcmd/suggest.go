package chatcmd

import (
	"slices"
	"strings"
)

// maxSuggestions keeps a "did you mean" short enough to read in a chat
// message.
const maxSuggestions = 5

// suggest returns the candidates closest to typed: the same name written
// without hyphens (DescribeInstances for describe-instances), then names
// within a small edit distance, then names that start with what was typed.
// Hyphens and letter case are ignored when comparing, because people type
// API names and CLI names interchangeably.
func suggest(typed string, candidates []string) []string {
	want := squash(typed)
	// No service or operation name is this long; comparing a long paste
	// against every name would only cost time.
	if want == "" || len(want) > 80 {
		return nil
	}
	limit := 2 + len(want)/6
	type scored struct {
		name string
		dist int
	}
	var found []scored
	for _, c := range candidates {
		have := squash(c)
		d := distance(want, have, limit)
		switch {
		case d <= limit:
			found = append(found, scored{c, d})
		case len(want) >= 3 && strings.HasPrefix(have, want):
			found = append(found, scored{c, limit + 1 + len(have) - len(want)})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return strings.Compare(a.name, b.name)
	})
	var out []string
	for _, f := range found[:min(len(found), maxSuggestions)] {
		out = append(out, f.name)
	}
	return out
}

func squash(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "-", ""))
}

// distance is the Levenshtein distance between a and b (bytes), or any
// value above limit once it is certain to exceed it.
func distance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
