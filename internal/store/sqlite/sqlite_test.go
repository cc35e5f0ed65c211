package sqlite

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"strings"
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

func openAt(tb testing.TB, dir string) *DB {
	tb.Helper()
	path := filepath.Join(dir, fmt.Sprintf("%x.db", sha256.Sum256([]byte(tb.Name()))))
	db, err := Open(tb.Context(), path)
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, opener(t.TempDir()))
}

// TestPragmas checks the settings that durability and integrity depend on,
// on the connection that writes.
func TestPragmas(t *testing.T) {
	t.Parallel()
	db := openAt(t, t.TempDir())
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

// BenchmarkBulkLoad writes 100,000 accounts in one Update per iteration.
func BenchmarkBulkLoad(b *testing.B) {
	db := openAt(b, b.TempDir())
	defer db.Close()
	storetest.BenchBulkLoad(b, db, 100_000)
}

// BenchmarkLoad loads a store of 100,000 accounts.
func BenchmarkLoad(b *testing.B) {
	db := openAt(b, b.TempDir())
	defer db.Close()
	storetest.BenchLoad(b, db, 100_000)
}
