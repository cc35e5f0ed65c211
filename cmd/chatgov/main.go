// Command chatgov governs chat applications access to AWS accounts: an
// AWS-compatible server for Organizations chat applications policies, and
// an offline policy-as-code command line.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/chatgov/chatgov/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}
