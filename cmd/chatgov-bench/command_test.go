package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/bench"
)

// parseBench parses the bench's flags and resolves them.
func parseBench(t *testing.T, args ...string) (bench.Options, bool, error) {
	t.Helper()
	f := &benchFlags{o: bench.Default()}
	c := &cobra.Command{}
	f.register(c)
	if err := c.ParseFlags(args); err != nil {
		t.Fatalf("parsing %v: %v", args, err)
	}
	return f.resolve(c)
}

func TestBenchFlags(t *testing.T) {
	t.Parallel()
	o, asJSON, err := parseBench(t)
	if err != nil || asJSON {
		t.Fatalf("defaults: %v json=%v", err, asJSON)
	}
	if d := bench.Default(); o.Accounts != d.Accounts || o.Configs != d.Configs || o.Duration != d.Duration || !slices.Equal(o.Concurrency, []int{1, 16, 64}) {
		t.Errorf("defaults %+v", o)
	}
	if o.OpenStore == nil || o.StartServer == nil {
		t.Error("the store and server are not wired")
	}
	if o.ChatgovBinary != "" {
		t.Errorf("chatgov binary %q without --chatgov-binary; it is found when the run starts", o.ChatgovBinary)
	}

	// --small sets what is not given; what is given wins, in any order.
	o, asJSON, err = parseBench(t, "--accounts", "500", "--small", "-o", "json", "--concurrency", "2,8", "--only", "describe,attach", "--check-ratio", "0.3",
		"--chatgov-binary", "/opt/chatgov")
	if err != nil || !asJSON {
		t.Fatalf("small: %v json=%v", err, asJSON)
	}
	s := bench.Small()
	if o.Accounts != 500 || o.OUs != s.OUs || o.ChatbotPolicies != s.ChatbotPolicies || o.SCPs != s.SCPs || o.Configs != s.Configs ||
		o.Duration != s.Duration || !slices.Equal(o.Concurrency, []int{2, 8}) || !slices.Equal(o.Only, []string{"describe", "attach"}) || o.MinRatio != 0.3 ||
		o.ChatgovBinary != "/opt/chatgov" {
		t.Errorf("small with overrides: %+v", o)
	}
	o, _, err = parseBench(t, "--small", "--duration", "500ms", "--scps", "0")
	if err != nil || o.Duration != 500*time.Millisecond || o.SCPs != 0 || o.Accounts != s.Accounts {
		t.Errorf("small with duration and scps: %+v %v", o, err)
	}
	for _, tc := range []struct {
		args     []string
		url      string
		replicas int
	}{
		{[]string{"--store", "postgres", "--postgres-url", "postgres://u@h/db"}, "postgres://u@h/db", 1},
		{[]string{"--store", "postgres://u@h/db?sslmode=disable"}, "postgres://u@h/db?sslmode=disable", 1},
		{[]string{"--store", "postgresql://u@h/db", "--replicas", "3"}, "postgresql://u@h/db", 3},
	} {
		f := &benchFlags{o: bench.Default()}
		c := &cobra.Command{}
		f.register(c)
		if err := c.ParseFlags(tc.args); err != nil {
			t.Fatal(err)
		}
		o, _, err := f.resolve(c)
		if err != nil || o.Store != bench.StorePostgres || f.postgresURL != tc.url || o.Replicas != tc.replicas {
			t.Errorf("%v: store %q at %q, %d replicas, %v", tc.args, o.Store, f.postgresURL, o.Replicas, err)
		}
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", "yaml"}, "--output must be table or json"},
		{[]string{"--only", "nope"}, `unknown measurement "nope"`},
		{[]string{"--depth", "9"}, "--depth must be 1 to 5"},
		{[]string{"--store", "mysql"}, "--store must be sqlite, postgres (with --postgres-url) or a postgres:// URL"},
		{[]string{"--replicas", "2"}, "--replicas 2 needs PostgreSQL"},
		{[]string{"--replicas", "0"}, "--replicas must be 1 to 16"},
		{[]string{"--store", "postgres"}, "--store postgres needs --postgres-url"},
		{[]string{"--store", "postgres://a/db", "--postgres-url", "postgres://b/db"}, "give the PostgreSQL URL once"},
		{[]string{"--store", "postgres://a/db", "--replicas", "17"}, "--replicas must be 1 to 16, not 17"},
		{[]string{"--only", "attach", "--check-ratio", "0.5"}, "--check-ratio needs the describe measurement"},
	} {
		_, _, err := parseBench(t, tc.args...)
		var ee *exitError
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &ee) || ee.code != exitUsage {
			t.Errorf("%v: %v, want a usage error containing %q", tc.args, err, tc.want)
		}
	}
}

// TestBenchUsageErrors runs the command: bad flags exit 2 before any work.
func TestBenchUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--output", "xml"},
		{"--store", "postgres"},
		{"--concurrency", "0"},
		{"--accounts", "many"},
		{"extra"},
		{"--only", "describe", "--chatgov-binary", filepath.Join(t.TempDir(), "no-such-chatgov")},
	} {
		var out, errOut strings.Builder
		code := run(context.Background(), args, streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
		if code != exitUsage || out.Len() != 0 || !strings.HasPrefix(errOut.String(), "chatgov-bench: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out.String(), errOut.String())
		}
	}
}

// TestHelpHidesTheLoadCommand checks that --help describes the bench
// and keeps its load process out of sight.
func TestHelpHidesTheLoadCommand(t *testing.T) {
	t.Parallel()
	var out, errOut strings.Builder
	if code := run(context.Background(), []string{"--help"}, streams{In: strings.NewReader(""), Out: &out, Err: &errOut}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	help := out.String()
	for _, want := range []string{"chatgov-bench [flags]", "--small", "--check-ratio", "--chatgov-binary"} {
		if !strings.Contains(help, want) {
			t.Errorf("--help lacks %q:\n%s", want, help)
		}
	}
	if strings.Contains(help, "Available Commands") || strings.Contains(help, "\n  "+bench.LoadCommand+" ") {
		t.Errorf("--help shows the hidden load command:\n%s", help)
	}
}

// TestChatgovBinaryBesideThisExecutable checks that an installed chatgov
// next to chatgov-bench is the one the cold start runs, without a build.
func TestChatgovBinaryBesideThisExecutable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	self := filepath.Join(dir, "chatgov-bench")
	beside := filepath.Join(dir, "chatgov")
	for _, p := range []string{self, beside} {
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var log strings.Builder
	got, cleanup, err := chatgovBinary(context.Background(), self, &log)
	if err != nil {
		t.Fatal(err)
	}
	cleanup()
	if got != beside || log.Len() != 0 {
		t.Errorf("found %q (log %q), want %q without a build", got, log.String(), beside)
	}
	if _, err := os.Stat(beside); err != nil {
		t.Errorf("the cleanup of a binary found beside removed it: %v", err)
	}
}

// TestChatgovBinaryIsBuiltWhenNoneIsBeside builds chatgov from this module,
// as a run under go run does, and checks that the result is chatgov (its
// serve command) and that the cleanup removes it.
func TestChatgovBinaryIsBuiltWhenNoneIsBeside(t *testing.T) {
	if testing.Short() {
		t.Skip("builds chatgov")
	}
	t.Parallel()
	var log strings.Builder
	got, cleanup, err := chatgovBinary(context.Background(), filepath.Join(t.TempDir(), "chatgov-bench"), &log)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "building chatgov for the cold start") {
		t.Errorf("the build was not reported: %q", log.String())
	}
	out, err := execOutput(got, "serve", "--help")
	if err != nil || !strings.Contains(out, "Run chatgov's server") {
		t.Errorf("%s serve --help: %v\n%s", got, err, out)
	}
	cleanup()
	if _, err := os.Stat(got); !os.IsNotExist(err) {
		t.Errorf("the built binary is still there after cleanup: %v", err)
	}
}
