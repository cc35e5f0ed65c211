package gov

import "testing"

func TestClosureQuota(t *testing.T) {
	t.Parallel()
	tests := []struct{ members, want int }{
		{0, 250}, {10, 250}, {1249, 250}, {1250, 250}, {1255, 251}, {4999, 999}, {5000, 1000}, {100000, 1000},
	}
	for _, tt := range tests {
		if got := closureQuota(tt.members); got != tt.want {
			t.Errorf("closureQuota(%d) = %d, want %d", tt.members, got, tt.want)
		}
	}
}
