package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/chatgov/chatgov/internal/bench"
	"github.com/chatgov/chatgov/internal/cli"
	"github.com/chatgov/chatgov/internal/store/postgres/pgtest"
)

// childEnv makes this test binary, started by a test, act as chatgov when
// run as `BINARY serve ...` (the cold start) and as chatgov-bench otherwise
// (its load processes), without a build.
const childEnv = "CHATGOV_BENCH_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		var code int
		if len(os.Args) > 1 && os.Args[1] == "serve" {
			code = cli.Run(ctx, os.Args[1:], cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
		} else {
			code = run(ctx, os.Args[1:], streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
		}
		stop()
		os.Exit(code)
	}
	// Every child a test starts from this binary is one of those: set here
	// rather than by t.Setenv, which would keep TestBenchEndToEnd, the
	// longest test, from running beside the others.
	os.Setenv(childEnv, "1")
	os.Exit(m.Run())
}

// execOutput runs a program and returns what it wrote.
func execOutput(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).CombinedOutput()
	return string(out), err
}

// TestBenchEndToEnd runs chatgov-bench at a tiny size with every
// measurement, on SQLite and on PostgreSQL (named by its URL, as --store
// takes it), and checks that both reports have the same shape and that
// every figure is positive.
func TestBenchEndToEnd(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		store func(t *testing.T) string
	}{
		{"sqlite", func(*testing.T) string { return "sqlite" }},
		{"postgres", func(t *testing.T) string { return pgtest.ServerURL(t) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			endToEnd(t, tc.store(t))
		})
	}
}

// schemaLeft says whether the schema named by the search_path of the
// store description desc (postgres URL) is still in the PostgreSQL at base.
func schemaLeft(t *testing.T, base, desc string) bool {
	t.Helper()
	_, raw, _ := strings.Cut(desc, " ")
	u, err := url.Parse(raw)
	if err != nil || u.Query().Get("search_path") == "" {
		t.Fatalf("the store %q names no schema: %v", desc, err)
	}
	conn, err := pgx.Connect(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1",
		u.Query().Get("search_path")).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

func endToEnd(t *testing.T, store string) {
	var out, errOut strings.Builder
	code := run(context.Background(), []string{"--accounts", "300", "--ous", "20", "--chatbot-policies", "20",
		"--scps", "20", "--configs", "1000", "--duration", "200ms", "--concurrency", "1,8", "--check-ratio", "0.001",
		"--chatgov-binary", os.Args[0], "-o", "json", "--store", store}, streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
	if code != exitOK {
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
	kind, _, _ := strings.Cut(store, ":")
	if kind == "postgresql" {
		kind = "postgres"
	}
	if desc, _ := rep["store"].(string); !strings.HasPrefix(desc, kind+" ") {
		t.Errorf("store %q, want %s", desc, kind)
	} else if kind == "postgres" && schemaLeft(t, store, desc) {
		t.Errorf("the run's schema (%s) was not dropped", desc)
	}
	if n, _ := rep["replicas"].(float64); n != 1 {
		t.Errorf("replicas %v, want 1", rep["replicas"])
	}
	if cs, _ := rep["cold_start"].(map[string]any); !strings.HasPrefix(cs["command"].(string), os.Args[0]+" serve ") {
		t.Errorf("the cold start ran %v, want the chatgov binary given", cs["command"])
	}
	if eff, _ := rep["effective_policies"].(map[string]any); eff["accounts"] != 300.0 || eff["operation"] != bench.OpListInvalid {
		t.Errorf("effective policies %v, want %s over the 300 accounts", eff, bench.OpListInvalid)
	}
	load, _ := rep["load"].([]any)
	ops := map[string]int{}
	for _, l := range load {
		op, _ := l.(map[string]any)["operation"].(string)
		ops[op]++
	}
	for _, op := range []string{bench.OpDescribe, bench.OpCreate, bench.OpSimulate} {
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
