package gov

import (
	"os"
	"strconv"
)

// benchConfigCount is the number of configurations of the scale
// benchmarks; CHATGOV_BENCH_CONFIGS makes it smaller for quick runs.
func benchConfigCount() int {
	if n, err := strconv.Atoi(os.Getenv("CHATGOV_BENCH_CONFIGS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// BenchConfigCount exports benchConfigCount to the external benchmarks.
var BenchConfigCount = benchConfigCount
