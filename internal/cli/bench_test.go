package cli

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/bench"
)

// parseBench parses bench's flags and resolves them.
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

	// --small sets what is not given; what is given wins, in any order.
	o, asJSON, err = parseBench(t, "--accounts", "500", "--small", "-o", "json", "--concurrency", "2,8", "--only", "describe,attach", "--check-ratio", "0.3")
	if err != nil || !asJSON {
		t.Fatalf("small: %v json=%v", err, asJSON)
	}
	s := bench.Small()
	if o.Accounts != 500 || o.OUs != s.OUs || o.ChatbotPolicies != s.ChatbotPolicies || o.SCPs != s.SCPs || o.Configs != s.Configs ||
		o.Duration != s.Duration || !slices.Equal(o.Concurrency, []int{2, 8}) || !slices.Equal(o.Only, []string{"describe", "attach"}) || o.MinRatio != 0.3 {
		t.Errorf("small with overrides: %+v", o)
	}
	o, _, err = parseBench(t, "--small", "--duration", "500ms", "--scps", "0")
	if err != nil || o.Duration != 500*time.Millisecond || o.SCPs != 0 || o.Accounts != s.Accounts {
		t.Errorf("small with duration and scps: %+v %v", o, err)
	}
	if o, _, err := parseBench(t, "--store", "postgres", "--postgres-url", "postgres://u@h/db"); err != nil || o.Store != bench.StorePostgres {
		t.Errorf("postgres: %+v %v", o, err)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", "yaml"}, "--output must be table or json"},
		{[]string{"--only", "nope"}, `unknown measurement "nope"`},
		{[]string{"--depth", "9"}, "--depth must be 1 to 5"},
		{[]string{"--store", "mysql"}, "--store must be sqlite or postgres"},
		{[]string{"--only", "attach", "--check-ratio", "0.5"}, "--check-ratio needs the describe measurement"},
	} {
		_, _, err := parseBench(t, tc.args...)
		var ee *exitError
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &ee) || ee.code != ExitUsage {
			t.Errorf("%v: %v, want a usage error containing %q", tc.args, err, tc.want)
		}
	}
}

// TestBenchUsageErrors runs the command: bad flags exit 2 before any work.
func TestBenchUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"bench", "--output", "xml"},
		{"bench", "--store", "postgres"},
		{"bench", "--concurrency", "0"},
		{"bench", "--accounts", "many"},
	} {
		var out, errOut strings.Builder
		code := Run(context.Background(), args, Streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
		if code != ExitUsage || out.Len() != 0 || !strings.HasPrefix(errOut.String(), "chatgov: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out.String(), errOut.String())
		}
	}
}
