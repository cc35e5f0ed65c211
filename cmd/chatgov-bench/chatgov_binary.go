package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// chatgovPackage is the chatgov command, built for the cold start when no
// binary is at hand.
const chatgovPackage = "github.com/chatgov/chatgov/cmd/chatgov"

// chatgovBinary finds the chatgov binary the cold start runs when none is
// named: chatgov beside self, this executable (both installed by go
// install ./cmd/...), or else one built with go build from the module in
// the working directory into a temporary directory, which cleanup removes.
// go run ./cmd/chatgov-bench runs a binary alone in a directory of the go
// command's, so the build is what makes it work in a checkout. It fails
// when there is none beside and the build fails (outside the module, or
// without the go command), saying both.
func chatgovBinary(ctx context.Context, self string, log io.Writer) (path string, cleanup func(), err error) {
	beside := filepath.Join(filepath.Dir(self), "chatgov")
	if p, err := exec.LookPath(beside); err == nil {
		return p, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "chatgov-bench-bin-")
	if err != nil {
		return "", nil, err
	}
	out := filepath.Join(dir, "chatgov")
	fmt.Fprintf(log, "building chatgov for the cold start: go build -o %s %s\n", out, chatgovPackage)
	var msg bytes.Buffer
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, chatgovPackage)
	cmd.Stdout, cmd.Stderr = &msg, &msg
	if err := cmd.Run(); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("there is none at %s, and go build %s failed (%v): %s; run in the chatgov module, or give --chatgov-binary",
			beside, chatgovPackage, err, strings.TrimSpace(msg.String()))
	}
	return out, func() { os.RemoveAll(dir) }, nil
}
