// Command chatgov-bench measures a chatgov server on a synthetic
// organization, side by side with a bare HTTP handler (internal/bench), and
// reports the figures of BENCHMARKS.md. It is a binary of its own so that
// chatgov, the server, carries none of the benchmark's machinery nor the
// AWS SDK service clients it drives the server with.
//
// `chatgov-bench load`, hidden, is the process the bench starts for the
// clients of each measurement.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}
