// Package pgtest gives tests a PostgreSQL schema of their own on the test
// server: the server named by CHATGOV_TEST_POSTGRES_URL (else a
// development machine's, DefaultURL), a fresh schema created for the test
// and dropped when it ends, and a URL whose search_path is that schema, as
// chatgov's --store takes it.
//
// A test that asks for the server is skipped when it cannot be reached,
// except under CI=true, where skipping would hide it and so the test
// fails. Only tests import this package (internal/archtest's allow-list
// lets no package's own files import it).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL is the environment variable that names the test server.
const EnvURL = "CHATGOV_TEST_POSTGRES_URL"

// DefaultURL is the test server when EnvURL is unset: a development
// machine's PostgreSQL with trust authentication and a database "test".
const DefaultURL = "postgres://root@127.0.0.1:5432/test?sslmode=disable"

// connectTimeout bounds each connection to the test server, so that an
// address nothing answers at skips (or fails) the test instead of hanging.
const connectTimeout = 5 * time.Second

// ServerURL returns the test server's URL, EnvURL's value or DefaultURL,
// after checking that a connection to it opens. When none does, the test is
// skipped, or, under CI=true, fails.
func ServerURL(tb testing.TB) string {
	tb.Helper()
	conn, base := reach(tb)
	conn.Close(context.Background())
	return base
}

// Schema creates a schema of the test's own on the test server and returns
// the server's URL with that schema as its search_path; the schema, with all
// that the test created in it, is dropped when the test ends. The test is
// skipped or fails as with ServerURL when the server cannot be reached.
func Schema(tb testing.TB) string {
	tb.Helper()
	conn, base := reach(tb)
	return create(tb, conn, base)
}

// SchemaAt is Schema on the server at base (a postgres:// URL a test has
// from ServerURL, perhaps through the code under test). Not reaching it
// fails the test.
func SchemaAt(tb testing.TB, base string) string {
	tb.Helper()
	conn, err := connect(base)
	if err != nil {
		tb.Fatalf("connecting to PostgreSQL for a test schema: %v", err)
	}
	return create(tb, conn, base)
}

// WithParams returns base with each pair of params (name, value, name,
// value, ...) set in its query, replacing a value it had: pgx sends the
// names it does not know itself (search_path, synchronous_commit) as run-time
// parameters of every connection. It returns an error when base is not a
// URL or params has an odd length.
func WithParams(base string, params ...string) (string, error) {
	if len(params)%2 != 0 {
		return "", fmt.Errorf("pgtest: parameters come in name, value pairs; got %d strings", len(params))
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("pgtest: %s must be a postgres:// URL: %w", EnvURL, err)
	}
	q := u.Query()
	for i := 0; i < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// reach connects to the test server and returns the connection and the
// server's URL. When no connection opens, the test is skipped, or, under
// CI=true, fails.
func reach(tb testing.TB) (*pgx.Conn, string) {
	tb.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		base = DefaultURL
	}
	conn, err := connect(base)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("PostgreSQL at %s (or %s) is required under CI=true: %v", EnvURL, DefaultURL, err)
		}
		tb.Skipf("PostgreSQL is not reachable, skipping (set %s): %v", EnvURL, err)
	}
	return conn, base
}

func connect(base string) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	return pgx.Connect(ctx, base)
}

// create makes a uniquely named schema over conn, which it keeps to drop
// the schema at cleanup, and returns base with the schema as search_path.
func create(tb testing.TB, conn *pgx.Conn, base string) string {
	tb.Helper()
	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "chatgov_test_" + hex.EncodeToString(b[:])
	u, err := WithParams(base, "search_path", schema)
	if err != nil {
		conn.Close(context.Background())
		tb.Fatal(err)
	}
	ident := pgx.Identifier{schema}.Sanitize()
	if _, err := conn.Exec(context.Background(), "CREATE SCHEMA "+ident); err != nil {
		conn.Close(context.Background())
		tb.Fatalf("creating schema %s: %v", schema, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+ident+" CASCADE"); err != nil {
			tb.Errorf("dropping schema %s: %v", schema, err)
		}
		conn.Close(ctx)
	})
	return u
}
