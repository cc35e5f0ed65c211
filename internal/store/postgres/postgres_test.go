package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/postgres/pgtest"
	"github.com/chatgov/chatgov/internal/store/storetest"
)

// server is a reachable test server on which every test gets a schema of
// its own: a new one, or one an earlier test left, emptied (see
// schemaPool).
type server struct {
	url    string
	admin  *pgxpool.Pool
	prefix string

	mu      sync.Mutex
	schemas map[string]string // test name → schema
	created int               // schemas created so far
	// reuse is set when every test of the server uses its stores only
	// through the store contract, so that their schemas can be pooled.
	reuse bool
	pool  schemaPool
}

// connect returns the test server (pgtest.ServerURL's). When it cannot be
// reached the test is skipped, except under CI=true, where skipping would
// hide the driver's tests and so the test fails.
func connect(tb testing.TB) *server {
	tb.Helper()
	u := pgtest.ServerURL(tb)
	admin, err := pgxpool.New(tb.Context(), u)
	if err != nil {
		tb.Fatalf("PostgreSQL at %s: %v", u, err)
	}
	tb.Cleanup(admin.Close)
	b := make([]byte, 4)
	rand.Read(b)
	s := &server{url: u, admin: admin, prefix: "chatgov_test_" + hex.EncodeToString(b), schemas: map[string]string{}}
	// Registered after admin.Close, so it runs before it.
	tb.Cleanup(func() { s.dropFree(tb) })
	return s
}

// open opens a store on tb's schema, creating the schema on the first call
// for tb and opening the same one again on later calls. Its commits do not
// wait for their WAL to reach the disk (synchronous_commit=off): no test
// can tell, and each Update would wait for a flush.
func (s *server) open(tb testing.TB) *DB {
	tb.Helper()
	return s.openSchema(tb, true)
}

// openDurable is open with the server's own synchronous_commit, for the
// benchmarks.
func (s *server) openDurable(b *testing.B) *DB {
	b.Helper()
	return s.openSchema(b, false)
}

func (s *server) openSchema(tb testing.TB, unsynced bool) *DB {
	tb.Helper()
	s.mu.Lock()
	schema, ok := s.schemas[tb.Name()]
	fresh := false
	if !ok {
		if schema = s.pool.take(); schema == "" {
			schema, fresh = fmt.Sprintf("%s_%d", s.prefix, s.created), true
			s.created++
		}
		s.schemas[tb.Name()] = schema
	}
	s.mu.Unlock()
	if fresh {
		if _, err := s.admin.Exec(tb.Context(), "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
			tb.Fatal(err)
		}
	}
	if !ok {
		// Registered before the store's Close, so it runs after it.
		tb.Cleanup(func() { s.release(tb, schema) })
	}
	db, err := Open(tb.Context(), s.urlFor(tb, schema, unsynced))
	if err != nil {
		tb.Fatal(err)
	}
	if fresh && s.reuse {
		if err := s.pool.learn(tb.Context(), s.admin, schema); err != nil {
			db.Close()
			tb.Fatal(err)
		}
	}
	return db
}

// urlFor returns the server's URL with schema as the whole search_path,
// and, when unsynced, synchronous_commit=off: pgx sends both as run-time
// parameters of every connection.
func (s *server) urlFor(tb testing.TB, schema string, unsynced bool) string {
	tb.Helper()
	params := []string{"search_path", schema}
	if unsynced {
		params = append(params, "synchronous_commit", "off")
	}
	u, err := pgtest.WithParams(s.url, params...)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

func TestStore(t *testing.T) {
	s := connect(t)
	s.reuse = true
	storetest.Run(t, func(t *testing.T) store.Store { return s.open(t) })
}

// TestSchemaIsolation checks that the tables land in the test's schema, not
// in public, so that tests cannot see each other.
func TestSchemaIsolation(t *testing.T) {
	t.Parallel()
	s := connect(t)
	db := s.open(t)
	defer db.Close()
	var schema string
	err := s.admin.QueryRow(t.Context(), `SELECT table_schema FROM information_schema.tables
		WHERE table_name = 'accounts' AND table_schema = $1`, s.schemas[t.Name()]).Scan(&schema)
	if err != nil {
		t.Fatalf("accounts table in %s: %v", s.schemas[t.Name()], err)
	}
}

// TestQueuedWriteFailure checks that a Put the server rejects after it was
// queued still fails its Update, and commits nothing.
func TestQueuedWriteFailure(t *testing.T) {
	t.Parallel()
	s := connect(t)
	db := s.open(t)
	defer db.Close()
	var putErr error
	err := db.Update(t.Context(), func(ctx context.Context, tx store.Tx) error {
		if err := tx.PutSetting(ctx, "good", "x"); err != nil {
			return err
		}
		// PostgreSQL text cannot hold NUL.
		putErr = tx.PutSetting(ctx, "bad", "a\x00b")
		return nil
	})
	if err == nil {
		t.Fatalf("Update succeeded (PutSetting returned %v); want the rejected write's error", putErr)
	}
	if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
		t.Errorf("Update error %v looks like a store sentinel", err)
	}
	st, err := db.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Revision != 0 || len(st.Settings) != 0 {
		t.Errorf("after the failed Update: revision %d, settings %v; want 0 and none", st.Revision, st.Settings)
	}
}

// TestFailedCopy checks that AddComplianceEvents failing halfway through its
// COPY for a reason no check foresaw (text PostgreSQL cannot hold) fails
// its Update, rather than commit or pass for a conflict the transaction
// could go on after.
func TestFailedCopy(t *testing.T) {
	t.Parallel()
	s := connect(t)
	db := s.open(t)
	defer db.Close()
	events := storetest.ComplianceEvents(1, 1, storetest.ChatConfigurations(0, 300, 10))
	events[150].Reason = "a\x00b"
	var addErr, laterErr error
	err := db.Update(t.Context(), func(ctx context.Context, tx store.Tx) error {
		if err := tx.AddComplianceCause(ctx, store.ComplianceCause{ID: 1, Operation: "op"}); err != nil {
			return err
		}
		addErr = tx.AddComplianceEvents(ctx, events)
		laterErr = tx.PutSetting(ctx, "after", "x")
		return nil
	})
	if addErr == nil || err == nil {
		t.Fatalf("AddComplianceEvents: %v; Update: %v; want both to fail", addErr, err)
	}
	for _, err := range []error{addErr, laterErr, err} {
		if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
			t.Errorf("error %v is a store sentinel, as if the transaction could go on", err)
		}
	}
	st, err := db.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Revision != 0 || len(st.Settings) != 0 || st.LastComplianceCauseID != 0 || st.LastComplianceEventID != 0 {
		t.Errorf("after the failed Update: revision %d, settings %v, last IDs %d and %d; want nothing",
			st.Revision, st.Settings, st.LastComplianceCauseID, st.LastComplianceEventID)
	}
}

// TestNewerSchema checks that Open refuses a database migrated by a newer
// chatgov rather than writing to a schema it does not know.
func TestNewerSchema(t *testing.T) {
	t.Parallel()
	s := connect(t)
	db := s.open(t)
	db.Close()
	schema := pgx.Identifier{s.schemas[t.Name()]}.Sanitize()
	if _, err := s.admin.Exec(t.Context(), "INSERT INTO "+schema+".schema_migrations (version) VALUES (9999)"); err != nil {
		t.Fatal(err)
	}
	if db, err := Open(t.Context(), s.urlFor(t, s.schemas[t.Name()], true)); err == nil || !strings.Contains(err.Error(), "9999") {
		if err == nil {
			db.Close()
		}
		t.Fatalf("Open of a newer schema: error %v, want one naming version 9999", err)
	}
}

// TestComplianceEventsSchema pins what 0004 removed from the compliance
// history: the configuration_arn index and the foreign key to the causes,
// which together cost over half of writing a million events. The driver checks
// causes itself (storetest's AddComplianceEvents/MissingCause).
func TestComplianceEventsSchema(t *testing.T) {
	t.Parallel()
	s := connect(t)
	db := s.open(t)
	defer db.Close()
	var indexes, keys []string
	err := db.pool.QueryRow(t.Context(), `SELECT
		COALESCE((SELECT array_agg(indexname::text ORDER BY indexname) FROM pg_indexes
			WHERE schemaname = current_schema() AND tablename = 'compliance_events'), '{}'),
		COALESCE((SELECT array_agg(conname::text ORDER BY conname) FROM pg_constraint
			WHERE conrelid = 'compliance_events'::regclass AND contype = 'f'), '{}')`).Scan(&indexes, &keys)
	if err != nil {
		t.Fatal(err)
	}
	// 0005 adds cause_id's, which pruning needs (see the migration).
	if want := []string{"compliance_events_account_id", "compliance_events_cause_id", "compliance_events_pkey"}; !slices.Equal(indexes, want) {
		t.Errorf("indexes of compliance_events = %q, want %q", indexes, want)
	}
	if len(keys) != 0 {
		t.Errorf("foreign keys of compliance_events = %q, want none", keys)
	}
}

// BenchmarkBulkLoad writes 100,000 accounts in one Update per iteration.
func BenchmarkBulkLoad(b *testing.B) {
	db := connect(b).openDurable(b)
	defer db.Close()
	storetest.BenchBulkLoad(b, db, 100_000)
}

// BenchmarkLoad loads a store of 100,000 accounts.
func BenchmarkLoad(b *testing.B) {
	db := connect(b).openDurable(b)
	defer db.Close()
	storetest.BenchLoad(b, db, 100_000)
}

// BenchmarkAddComplianceEvents records 1,000,000 events in one Update per
// iteration: one policy attached at the root of a 100,000-account
// organization with ten configurations each.
func BenchmarkAddComplianceEvents(b *testing.B) {
	db := connect(b).openDurable(b)
	defer db.Close()
	storetest.BenchAddComplianceEvents(b, db, 1_000_000)
}

// BenchmarkPutChatConfigurations writes 1,000,000 configurations in one
// Update per iteration.
func BenchmarkPutChatConfigurations(b *testing.B) {
	db := connect(b).openDurable(b)
	defer db.Close()
	storetest.BenchPutChatConfigurations(b, db, 1_000_000)
}

// BenchmarkLoadChatConfigurations loads a store of 1,000,000
// configurations of 100,000 accounts.
func BenchmarkLoadChatConfigurations(b *testing.B) {
	db := connect(b).openDurable(b)
	defer db.Close()
	storetest.BenchLoadChatConfigurations(b, db, 1_000_000)
}

// BenchmarkComplianceEvents reads a page of 100 events of 50 accounts from
// a history of 1,000,000.
func BenchmarkComplianceEvents(b *testing.B) {
	db := connect(b).openDurable(b)
	defer db.Close()
	storetest.BenchComplianceEvents(b, db, 1_000_000)
}

// BenchmarkPruneCompliance deletes one batch of gov.DefaultPruneBatch
// (5,000) compliance events, and their causes, per Update.
func BenchmarkPruneCompliance(b *testing.B) {
	db := connect(b).openDurable(b)
	defer db.Close()
	storetest.BenchPruneCompliance(b, db, 5000)
}
