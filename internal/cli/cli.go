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
	// Terminal reports whether Out is a terminal (pretty JSON, colour);
	// nil detects it on an *os.File. Tests set it.
	Terminal func() bool
}

// outIsTerminal reports whether Out is a terminal: a character device.
func (s Streams) outIsTerminal() bool {
	if s.Terminal != nil {
		return s.Terminal()
	}
	f, ok := s.Out.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// colour reports whether the output may be coloured: Out is a terminal,
// NO_COLOR is unset or empty (no-color.org) and TERM is not "dumb".
func (s Streams) colour() bool {
	return s.outIsTerminal() && s.getenv("NO_COLOR") == "" && s.getenv("TERM") != "dumb"
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
	root.AddCommand(newPolicyCmd(s), newServeCmd(s), newCredentialsCmd(s), newDirectoryCmd(s), newComplianceCmd(s), newSimulateCmd(s), newIAMCmd(s), newStackCmd(s),
		newNotificationsCmd(s), newIdentityCmd(s))
	root.AddCommand(newVersionCmd(s), newDemoCmd(s))
	root.Version = readBuildInfo().String()
	root.SetVersionTemplate("{{.Version}}\n")
	refuseUnknownSubcommands(root)
	return root
}

// refuseUnknownSubcommands makes a group of commands (chatgov policy,
// chatgov identity, ...) refuse an unknown subcommand with a usage error,
// where cobra would print the group's help and exit 0. Without arguments
// a group still prints its help.
func refuseUnknownSubcommands(c *cobra.Command) {
	for _, sub := range c.Commands() {
		refuseUnknownSubcommands(sub)
	}
	if c.Parent() == nil || !c.HasSubCommands() || c.Runnable() {
		return
	}
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return c.Help()
		}
		return usageErr("unknown command %q for %q (see %s --help)", args[0], c.CommandPath(), c.CommandPath())
	}
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
