package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestWithParams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, base string
		params     []string
		want       string // "" when an error is expected
	}{
		{"search path added", "postgres://root@h:5432/test?sslmode=disable", []string{"search_path", "s1"},
			"postgres://root@h:5432/test?search_path=s1&sslmode=disable"},
		{"value replaced", "postgres://root@h/test?search_path=old", []string{"search_path", "new"},
			"postgres://root@h/test?search_path=new"},
		{"two parameters", "postgres://root@h/test", []string{"search_path", "s", "synchronous_commit", "off"},
			"postgres://root@h/test?search_path=s&synchronous_commit=off"},
		{"none", "postgres://root@h/test?sslmode=disable", nil, "postgres://root@h/test?sslmode=disable"},
		{"odd parameters", "postgres://root@h/test", []string{"search_path"}, ""},
		{"not a URL", "postgres://root@h:port/test", []string{"search_path", "s"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := WithParams(tt.base, tt.params...)
			if tt.want == "" {
				if err == nil {
					t.Errorf("WithParams = %q; want an error", got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("WithParams = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// recorder is a testing.TB that records how a helper ended the test: its
// Skipf and Fatalf stop the goroutine as the testing package's do.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// run calls f with r in a goroutine of its own, so that Goexit ends only it.
func (r *recorder) run(f func(testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
}

// TestUnreachableServer checks that a server nothing answers at skips the
// test, except under CI=true, where it fails it; and that SchemaAt, given
// the URL outright, fails.
func TestUnreachableServer(t *testing.T) {
	// Port 1 on the loopback: the connection is refused at once.
	const nowhere = "postgres://root@127.0.0.1:1/test?sslmode=disable&connect_timeout=2"
	tests := []struct {
		name, ci string
		call     func(testing.TB)
		skip     bool
	}{
		{"ServerURL, locally", "", func(tb testing.TB) { ServerURL(tb) }, true},
		{"ServerURL, under CI", "true", func(tb testing.TB) { ServerURL(tb) }, false},
		{"Schema, locally", "", func(tb testing.TB) { Schema(tb) }, true},
		{"Schema, under CI", "true", func(tb testing.TB) { Schema(tb) }, false},
		{"SchemaAt, locally", "", func(tb testing.TB) { SchemaAt(tb, nowhere) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvURL, nowhere)
			t.Setenv("CI", tt.ci)
			var r recorder
			r.run(tt.call)
			if tt.skip && (r.skipped == "" || r.failed != "") {
				t.Errorf("skipped %q, failed %q; want a skip", r.skipped, r.failed)
			}
			if !tt.skip && (r.failed == "" || r.skipped != "") {
				t.Errorf("skipped %q, failed %q; want a failure", r.skipped, r.failed)
			}
		})
	}
}

// TestSchema checks that two tests get two schemas, that a connection to
// the URL creates its tables in the test's schema, and that the schema is
// gone once the test has ended.
func TestSchema(t *testing.T) {
	base := ServerURL(t)
	var schemas []string
	for _, name := range []string{"first", "second"} {
		t.Run(name, func(t *testing.T) {
			u := Schema(t)
			parsed, err := url.Parse(u)
			if err != nil {
				t.Fatal(err)
			}
			schema := parsed.Query().Get("search_path")
			if !strings.HasPrefix(schema, "chatgov_test_") {
				t.Fatalf("search_path %q; want a chatgov_test_ schema", schema)
			}
			schemas = append(schemas, schema)
			conn, err := pgx.Connect(t.Context(), u)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(context.Background())
			if _, err := conn.Exec(t.Context(), "CREATE TABLE t (x int)"); err != nil {
				t.Fatal(err)
			}
			var in string
			if err := conn.QueryRow(t.Context(), "SELECT table_schema FROM information_schema.tables WHERE table_name = 't' AND table_schema = $1", schema).Scan(&in); err != nil {
				t.Fatalf("table t in %s: %v", schema, err)
			}
		})
	}
	if len(schemas) != 2 || schemas[0] == schemas[1] {
		t.Fatalf("schemas %v; want two different ones", schemas)
	}
	conn, err := pgx.Connect(t.Context(), base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for _, s := range schemas {
		var n int
		if err := conn.QueryRow(t.Context(), "SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1", s).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("schema %s is still there after its test ended", s)
		}
	}
}
