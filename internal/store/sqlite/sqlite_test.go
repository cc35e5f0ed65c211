package sqlite

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/storetest"
)

// opener returns storetest's open function: one file per test under dir,
// named after the test so that a second call opens the same file.
func opener(dir string) func(t *testing.T) store.Store {
	return func(t *testing.T) store.Store {
		t.Helper()
		return openAt(t, dir)
	}
}

// openAt opens the database of tb under dir, named after tb so that a
// second call opens the same file. A new database starts as a copy of
// migrated. The writer runs with synchronous=OFF: no test here can tell a
// commit on disk from one in the page cache (TestPragmas checks Open's own
// settings, and the benchmarks use openDurable).
func openAt(tb testing.TB, dir string) *DB {
	tb.Helper()
	path := filepath.Join(dir, fmt.Sprintf("%x.db", sha256.Sum256([]byte(tb.Name()))))
	if err := copyMigrated(path); err != nil {
		tb.Fatal(err)
	}
	db, err := open(tb.Context(), path, "OFF")
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

// openDurable opens a new database under b's temporary directory as Open
// does, for the benchmarks.
func openDurable(b *testing.B) *DB {
	b.Helper()
	db, err := Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// migratedDir holds migrated's database, which TestMain removes.
var migratedDir string

// migrated returns the path of an empty database with every migration
// applied, made once per test binary, which copyMigrated copies: migrating
// each test's database anew took a sixth of the package's time under
// -race, most of it SQLite parsing the migrations.
var migrated = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "chatgov-sqlite-test-")
	if err != nil {
		return "", err
	}
	migratedDir = dir
	path := filepath.Join(dir, "migrated.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		return "", err
	}
	// The last connection to close checkpoints the WAL into the file and
	// removes it, so the file is the whole database.
	if err := db.Close(); err != nil {
		return "", err
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("the migrated database left a WAL behind (%v)", err)
	}
	return path, nil
})

// copyMigrated makes path a copy of migrated, unless path exists.
func copyMigrated(path string) error {
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	src, err := migrated()
	if err != nil {
		return fmt.Errorf("migrating the template database: %w", err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if migratedDir != "" {
		os.RemoveAll(migratedDir)
	}
	os.Exit(code)
}

func TestStore(t *testing.T) {
	storetest.Run(t, opener(t.TempDir()))
}

// TestPragmas checks the settings that durability and integrity depend on,
// on the connection that writes.
func TestPragmas(t *testing.T) {
	t.Parallel()
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "chatgov.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for pragma, want := range map[string]string{
		"journal_mode": "wal",
		"synchronous":  "2", // FULL
		"foreign_keys": "1",
		"busy_timeout": fmt.Sprint(busyTimeout.Milliseconds()),
	} {
		var got string
		if err := db.w.QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
}

// TestPathWithSpecialCharacters checks that a path is a path, not a URI
// with parameters.
func TestPathWithSpecialCharacters(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "a b?c=d#e%20.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var file string
	if err := db.w.QueryRowContext(t.Context(), "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil {
		t.Fatal(err)
	}
	if file != path {
		t.Errorf("database file = %q, want %q", file, path)
	}
}

// TestNewerSchema checks that Open refuses a database migrated by a newer
// chatgov rather than writing to a schema it does not know.
func TestNewerSchema(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := openAt(t, dir)
	if _, err := db.w.ExecContext(t.Context(), `INSERT INTO schema_migrations (version) VALUES (9999)`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("%x.db", sha256.Sum256([]byte(t.Name()))))
	if db, err := Open(t.Context(), path); err == nil || !strings.Contains(err.Error(), "9999") {
		if err == nil {
			db.Close()
		}
		t.Fatalf("Open of a newer schema: error %v, want one naming version 9999", err)
	}
}

// TestComplianceEventsIndexes pins the indexes of the compliance history to
// the one that 0004 kept: each index costs every event written, and the
// service always filters by account.
func TestComplianceEventsIndexes(t *testing.T) {
	t.Parallel()
	db := openAt(t, t.TempDir())
	defer db.Close()
	rows, err := db.r.QueryContext(t.Context(), `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'compliance_events' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		got = append(got, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// 0005 adds cause_id's, which pruning needs (see the migration).
	if want := []string{"compliance_events_account_id", "compliance_events_cause_id"}; !slices.Equal(got, want) {
		t.Errorf("indexes of compliance_events = %q, want %q", got, want)
	}
}

// BenchmarkBulkLoad writes 100,000 accounts in one Update per iteration.
func BenchmarkBulkLoad(b *testing.B) {
	db := openDurable(b)
	defer db.Close()
	storetest.BenchBulkLoad(b, db, 100_000)
}

// BenchmarkLoad loads a store of 100,000 accounts.
func BenchmarkLoad(b *testing.B) {
	db := openDurable(b)
	defer db.Close()
	storetest.BenchLoad(b, db, 100_000)
}

// BenchmarkAddComplianceEvents records 1,000,000 events in one Update per
// iteration: one policy attached at the root of a 100,000-account
// organization with ten configurations each.
func BenchmarkAddComplianceEvents(b *testing.B) {
	db := openDurable(b)
	defer db.Close()
	storetest.BenchAddComplianceEvents(b, db, 1_000_000)
}

// BenchmarkPutChatConfigurations writes 1,000,000 configurations in one
// Update per iteration.
func BenchmarkPutChatConfigurations(b *testing.B) {
	db := openDurable(b)
	defer db.Close()
	storetest.BenchPutChatConfigurations(b, db, 1_000_000)
}

// BenchmarkLoadChatConfigurations loads a store of 1,000,000
// configurations of 100,000 accounts.
func BenchmarkLoadChatConfigurations(b *testing.B) {
	db := openDurable(b)
	defer db.Close()
	storetest.BenchLoadChatConfigurations(b, db, 1_000_000)
}

// BenchmarkComplianceEvents reads a page of 100 events of 50 accounts from
// a history of 1,000,000.
func BenchmarkComplianceEvents(b *testing.B) {
	db := openDurable(b)
	defer db.Close()
	storetest.BenchComplianceEvents(b, db, 1_000_000)
}

// TestFailedBulkWrite checks that a bulk write that fails halfway, for a
// reason no check foresaw, fails its Update rather than commit the rows
// written before the failure: events are written in statements of a
// hundred, configurations queued and sent a hundred at a time. A trigger
// stands for the unforeseen failure.
func TestFailedBulkWrite(t *testing.T) {
	t.Parallel()
	configs := storetest.ChatConfigurations(0, 250, 10)
	events := storetest.ComplianceEvents(1, 1, configs)
	tests := []struct {
		name    string
		trigger string
		write   func(context.Context, store.Tx) error
	}{
		{"AddComplianceEvents", `CREATE TRIGGER fail BEFORE INSERT ON compliance_events WHEN NEW.id = 150 BEGIN SELECT RAISE(ABORT, 'injected'); END`,
			func(ctx context.Context, tx store.Tx) error { return tx.AddComplianceEvents(ctx, events) }},
		{"PutChatConfiguration/Full", `CREATE TRIGGER fail BEFORE INSERT ON chat_configurations WHEN NEW.name = 'channel-150' BEGIN SELECT RAISE(ABORT, 'injected'); END`,
			func(ctx context.Context, tx store.Tx) error {
				for _, c := range configs {
					if err := tx.PutChatConfiguration(ctx, c); err != nil {
						return err
					}
				}
				return nil
			}},
		// Sent by the commit.
		{"PutChatConfiguration/Rest", `CREATE TRIGGER fail BEFORE INSERT ON chat_configurations WHEN NEW.name = 'channel-240' BEGIN SELECT RAISE(ABORT, 'injected'); END`,
			func(ctx context.Context, tx store.Tx) error {
				for _, c := range configs {
					if err := tx.PutChatConfiguration(ctx, c); err != nil {
						return err
					}
				}
				return nil
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := openAt(t, t.TempDir())
			defer db.Close()
			if _, err := db.w.ExecContext(t.Context(), tt.trigger); err != nil {
				t.Fatal(err)
			}
			var writeErr, laterErr error
			err := db.Update(t.Context(), func(ctx context.Context, tx store.Tx) error {
				if err := tx.AddComplianceCause(ctx, store.ComplianceCause{ID: 1, Operation: "op"}); err != nil {
					return err
				}
				writeErr = tt.write(ctx, tx)
				laterErr = tx.PutSetting(ctx, "after", "x")
				return nil
			})
			if err == nil {
				t.Fatalf("Update committed (write: %v, later write: %v); want it to fail", writeErr, laterErr)
			}
			for _, err := range []error{writeErr, laterErr, err} {
				if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
					t.Errorf("error %v is a store sentinel, as if the transaction could go on", err)
				}
			}
			if !strings.Contains(err.Error(), "injected") {
				t.Errorf("Update error %q does not carry the cause", err)
			}
			st, err := db.Load(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if st.Revision != 0 || len(st.ChatConfigurations) != 0 || len(st.Settings) != 0 || st.LastComplianceCauseID != 0 {
				t.Errorf("after the failed Update: revision %d, %d configurations, settings %v, last cause %d; want nothing",
					st.Revision, len(st.ChatConfigurations), st.Settings, st.LastComplianceCauseID)
			}
		})
	}
}

// BenchmarkPruneCompliance deletes one batch of gov.DefaultPruneBatch
// (5,000) compliance events, and their causes, per Update.
func BenchmarkPruneCompliance(b *testing.B) {
	db := openDurable(b)
	defer db.Close()
	storetest.BenchPruneCompliance(b, db, 5000)
}
