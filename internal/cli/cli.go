// Package cli is chatgov's command line: the offline policy-as-code
// commands that work on files, and the commands that run or talk to a
// server. Run is the whole program; main only supplies the process's
// context, arguments and streams.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes shared by every command.
const (
	ExitOK = 0
	// ExitFailed: the command ran and its answer is negative (an invalid
	// document, a denied configuration).
	ExitFailed = 1
	// ExitUsage: the command could not run (bad flags, unreadable or
	// invalid inputs).
	ExitUsage = 2
)

// exitError ends a command with a code; its message, if any, goes to stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, args ...any) error {
	return &exitError{code: ExitUsage, msg: fmt.Sprintf(format, args...)}
}

// failed ends a command with ExitFailed after it has printed its answer.
var failed = &exitError{code: ExitFailed}

// Streams are the command's standard streams and its environment.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// Env reads an environment variable (CHATGOV_SERVER, AWS_ACCESS_KEY_ID,
	// ...); os.Getenv when nil. Tests set it instead of the process's
	// environment.
	Env func(string) string
}

// getenv reads an environment variable through s.Env.
func (s Streams) getenv(key string) string {
	if s.Env == nil {
		return os.Getenv(key)
	}
	return s.Env(key)
}

// Run runs the command line args and returns the process's exit code.
func Run(ctx context.Context, args []string, s Streams) int {
	root := newRoot(s)
	root.SetArgs(args)
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(s.Err, "chatgov:", ee.msg)
		}
		return ee.code
	}
	// Errors from cobra itself (unknown commands, bad flags) are usage errors.
	fmt.Fprintln(s.Err, "chatgov:", err)
	return ExitUsage
}

func newRoot(s Streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "chatgov",
		Short: "Govern chat applications access to AWS accounts",
		Long: `chatgov computes and enforces AWS Organizations chat applications (chatbot) policies:
effective policies with their provenance, decisions on chat channel configurations, and
what-if analyses, offline on org files; and an AWS-compatible server for AWS Organizations
and STS.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr("%v (see %s --help)", err, c.CommandPath())
	})
	root.AddCommand(newPolicyCmd(s), newServeCmd(s), newCredentialsCmd(s), newDirectoryCmd(s), newComplianceCmd(s), newSimulateCmd(s), newIAMCmd(s), newStackCmd(s))
	root.AddCommand(newVersionCmd(s), newDemoCmd(s))
	root.Version = readBuildInfo().String()
	root.SetVersionTemplate("{{.Version}}\n")
	return root
}

// outputFlag is the --output flag every reporting command takes.
type outputFlag struct{ value string }

func (o *outputFlag) register(c *cobra.Command) {
	c.Flags().StringVarP(&o.value, "output", "o", "text", "output format: text or json")
}

func (o *outputFlag) json() (bool, error) {
	switch o.value {
	case "text":
		return false, nil
	case "json":
		return true, nil
	}
	return false, usageErr("--output must be text or json, not %q", o.value)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
