package commands

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/chatgov/chatgov/internal/chatcmd"
)

// Run is a command the gates allowed, for an Executor to carry out.
type Run struct {
	AccountID        string
	ConfigurationARN string
	// RoleARN is the role the command runs with: the member's user role
	// or the channel role.
	RoleARN    string
	ChatUserID string
	// Command is the command as decided.
	Command chatcmd.Command
}

// Executor carries out allowed commands; the server chooses one.
type Executor interface {
	// Execute returns what to answer in the channel. Its error says what
	// kept the run from finishing: a role that could not be assumed, a CLI
	// that did not start, the time limit; output may still hold what was
	// printed until then.
	Execute(ctx context.Context, r Run) (output string, err error)
}

// DecideOnly runs nothing: it answers with the request the command would
// make. It is the default executor.
type DecideOnly struct{}

// Execute describes the request; it never fails.
func (DecideOnly) Execute(_ context.Context, r Run) (string, error) {
	return fmt.Sprintf("chatgov decides only (--command-executor decide-only); it would run:\n```%s```\nwith role %s in account %s: %s %s (IAM action %s on %s).",
		r.Command.String(), r.RoleARN, r.AccountID, r.Command.Service, r.Command.Operation, r.Command.Action, strings.Join(r.Command.Resources, ", ")), nil
}

// RoleAssumer gives temporary credentials of a role (STS AssumeRole).
type RoleAssumer interface {
	// AssumeRole returns the role's credentials for a session of 15
	// minutes, or why STS refused them.
	AssumeRole(ctx context.Context, roleARN, session string) (aws.Credentials, error)
}

// AWSCLI runs allowed commands with the AWS CLI, with temporary
// credentials of the command's role from STS AssumeRole.
type AWSCLI struct {
	// STS assumes the roles.
	STS RoleAssumer
	// Endpoint is where the CLI sends its requests (--endpoint-url); empty
	// for AWS's own endpoints.
	Endpoint string
	// Binary is the CLI to run; "aws" when empty.
	Binary string
	// Timeout bounds a run, the assumption of the role included;
	// DefaultTimeout when zero.
	Timeout time.Duration
	// MaxOutput is how many bytes of output a reply shows at most;
	// DefaultMaxOutput when zero.
	MaxOutput int
}

// Limits of AWSCLI.
const (
	// DefaultTimeout is AWS Chatbot's limit on a command.
	DefaultTimeout = 15 * time.Second
	// DefaultMaxOutput keeps a reply readable in a channel (Slack cuts
	// messages at 40,000 characters, Teams at about 28 KB).
	DefaultMaxOutput = 3500
)

// ErrTimeout is returned when a run passes its time limit.
var ErrTimeout = errors.New("the command did not finish in time")

// Execute assumes the role and runs the command. It returns ErrTimeout
// (wrapped) when the run passes the limit, an error naming the role when
// STS refuses it, and an error with the CLI's output when it exits with
// a failure.
func (x *AWSCLI) Execute(ctx context.Context, r Run) (string, error) {
	limit := cmpOr(x.Timeout, DefaultTimeout)
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	session := "chatgov-" + sessionPart(r.ChatUserID)
	creds, err := x.STS.AssumeRole(ctx, r.RoleARN, session)
	if err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("%w (%s) while assuming %s", ErrTimeout, limit, r.RoleARN)
		}
		return "", fmt.Errorf("assuming %s: %w", r.RoleARN, err)
	}
	bin := x.Binary
	if bin == "" {
		bin = "aws"
	}
	cmd := exec.CommandContext(ctx, bin, cliArgs(r.Command, x.Endpoint)...)
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.TempDir(),
	}
	cmd.Env = append(cmd.Env, cliEnv(creds, r.Command.Region)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	text := truncate(out.String(), cmpOr(x.MaxOutput, DefaultMaxOutput))
	switch {
	case ctx.Err() != nil:
		return text, fmt.Errorf("%w: stopped after %s, AWS Chatbot's limit", ErrTimeout, limit)
	case err != nil:
		return text, fmt.Errorf("the AWS CLI failed: %w", err)
	}
	return text, nil
}

// cliEnv is the environment that gives the AWS CLI creds and region, and
// nothing of the server's own configuration.
func cliEnv(creds aws.Credentials, region string) []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + creds.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + creds.SecretAccessKey,
		"AWS_SESSION_TOKEN=" + creds.SessionToken,
		"AWS_DEFAULT_REGION=" + region,
		"AWS_CONFIG_FILE=" + os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE=" + os.DevNull,
		"AWS_PAGER=",
	}
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// sessionPart makes a chat user ID fit a role session name.
func sessionPart(user string) string {
	b := []byte(user)
	b = slices.DeleteFunc(b, func(c byte) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("+=,.@_-", c) >= 0)
	})
	if len(b) == 0 {
		return "member"
	}
	return string(b[:min(len(b), 56)])
}

// cliArgs is the command as the AWS CLI's arguments: the service and
// operation, the positional arguments, each option as --name=value (so
// that a value cannot read as an option) or --name v1 v2 for lists, then
// the region and endpoint. Global options the member typed were dropped
// by the parser, so the endpoint and credentials are chatgov's.
func cliArgs(c chatcmd.Command, endpoint string) []string {
	args := []string{c.Service, c.CLIOperation}
	args = append(args, c.Args...)
	names := make([]string, 0, len(c.Params))
	for n := range c.Params {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		switch vs := c.Params[n]; len(vs) {
		case 0:
			args = append(args, "--"+n)
		case 1:
			args = append(args, "--"+n+"="+vs[0])
		default:
			args = append(args, "--"+n)
			args = append(args, vs...)
		}
	}
	args = append(args, "--region", c.Region, "--output", "json")
	if endpoint != "" {
		args = append(args, "--endpoint-url", endpoint)
	}
	return args
}

// truncate keeps at most max bytes of s, cut at a line end when one is
// near, and says how much it left out.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if nl := strings.LastIndexByte(s[:cut], '\n'); nl > max/2 {
		cut = nl + 1
	}
	return s[:cut] + fmt.Sprintf("\n… (output truncated: %d of %d bytes shown)", cut, len(s))
}
