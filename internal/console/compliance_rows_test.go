package console

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/gov"
)

func TestMostDisabled(t *testing.T) {
	t.Parallel()
	node := func(id string, configs, disabled int) gov.NodeCount {
		return gov.NodeCount{ID: id, StateCount: gov.StateCount{Configurations: configs, Enabled: configs - disabled, Disabled: disabled}}
	}
	tests := []struct {
		name  string
		nodes []gov.NodeCount
		n     int
		want  []string
		total int
	}{
		{"none", nil, 3, nil, 0},
		{"fewer than n keep every node, most disabled first", []gov.NodeCount{node("a", 5, 1), node("b", 5, 4)}, 3, []string{"b", "a"}, 2},
		{"cut to n", []gov.NodeCount{node("a", 9, 1), node("b", 9, 7), node("c", 9, 3), node("d", 9, 5)}, 2, []string{"b", "d"}, 4},
		{"ties: more configurations, then by ID", []gov.NodeCount{node("z", 3, 2), node("y", 8, 2), node("x", 3, 2)}, 3, []string{"y", "x", "z"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			before := append([]gov.NodeCount(nil), tt.nodes...)
			got := mostDisabled(tt.nodes, tt.n)
			var ids []string
			for _, r := range got.Rows {
				ids = append(ids, r.ID)
			}
			if diff := cmp.Diff(tt.want, ids); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if got.Total != tt.total {
				t.Errorf("Total = %d, want %d", got.Total, tt.total)
			}
			if diff := cmp.Diff(before, tt.nodes); diff != "" {
				t.Errorf("the summary was reordered in place:\n%s", diff)
			}
		})
	}
}
