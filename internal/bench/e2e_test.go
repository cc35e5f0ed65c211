package bench_test

import (
	"context"
	"encoding/json"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"

	"github.com/chatgov/chatgov/internal/cli"
)

// childEnv makes this test binary act as the chatgov binary, so that the
// cold start can run it as `serve` without a build.
const childEnv = "CHATGOV_BENCH_TEST_AS_CHATGOV"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Run(ctx, os.Args[1:], cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestBenchEndToEnd runs `chatgov bench` at a tiny size with every
// measurement and checks the JSON report's shape and that every figure is
// positive.
func TestBenchEndToEnd(t *testing.T) {
	t.Setenv(childEnv, "1") // inherited by the cold start's child only: TestMain has looked already
	var out, errOut strings.Builder
	code := cli.Run(context.Background(), []string{"bench", "--accounts", "300", "--ous", "20", "--chatbot-policies", "20",
		"--scps", "20", "--configs", "1000", "--duration", "200ms", "--concurrency", "1,8", "--check-ratio", "0.001",
		"--chatgov-binary", os.Args[0], "-o", "json"}, cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
	if code != cli.ExitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil {
		t.Fatalf("the report is not JSON: %v\n%s", err, out.String())
	}
	for _, key := range []string{"machine", "store", "organization", "duration_seconds", "warmup_seconds", "concurrency",
		"server_start_seconds", "cold_start", "effective_policies", "load", "paced", "attach_policy", "targets", "check"} {
		if _, ok := rep[key]; !ok {
			t.Errorf("the report has no %q", key)
		}
	}
	machine, _ := rep["machine"].(map[string]any)
	for _, key := range []string{"cpu", "go", "os"} {
		if s, _ := machine[key].(string); s == "" {
			t.Errorf("machine.%s is empty", key)
		}
	}
	if store, _ := rep["store"].(string); !strings.HasPrefix(store, "sqlite ") {
		t.Errorf("store %q", store)
	}
	load, _ := rep["load"].([]any)
	ops := map[string]int{}
	for _, l := range load {
		op, _ := l.(map[string]any)["operation"].(string)
		ops[op]++
	}
	for _, op := range []string{"DescribeEffectivePolicy", "CreateSlackChannelConfiguration", "simulate-chat-command"} {
		if ops[op] != 2 {
			t.Errorf("%d load points of %s, want one per concurrency level (2)", ops[op], op)
		}
	}
	if check, _ := rep["check"].(map[string]any); check["passed"] != true {
		t.Errorf("check %v", check)
	}
	if targets, _ := rep["targets"].([]any); len(targets) != 7 {
		t.Errorf("%d targets, want 7", len(targets))
	}
	// Every figure is positive; counts of failures and retries, and the collector's
	// work in a run too short to need a collection, are the exceptions.
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				walk(path+"."+k, e)
			}
		case []any:
			for _, e := range v {
				walk(path+"[]", e)
			}
		case float64:
			if v < 0 {
				t.Errorf("%s = %v is negative", path, v)
			}
			if v <= 0 && !strings.HasSuffix(path, ".errors") && !strings.HasSuffix(path, ".retried") && !strings.Contains(path, ".server_gc") {
				t.Errorf("%s = %v, want a positive figure", path, v)
			}
		}
	}
	walk("", rep)
	if !strings.Contains(errOut.String(), "loading the store") {
		t.Errorf("no progress on stderr:\n%s", errOut.String())
	}
}
