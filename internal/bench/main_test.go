package bench

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"
)

// childEnv makes this test binary, started as `BINARY load`, act as
// chatgov-bench's load process, so that the loader's tests drive a real one
// without a build.
const childEnv = "CHATGOV_BENCH_TEST_AS_LOADER"

// childEnvLine is childEnv set, for a child's environment.
const childEnvLine = childEnv + "=1"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" && len(os.Args) > 1 && os.Args[1] == LoadCommand {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := ServeLoad(ctx, os.Stdin, os.Stdout)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, "chatgov-bench:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	// The runs of Run's tests start this binary as their load processes.
	os.Setenv(childEnv, "1")
	os.Exit(m.Run())
}
