// Package sqlite is chatgov's default store: one SQLite file, through the
// pure-Go modernc.org/sqlite driver so that chatgov stays one static binary
// without cgo.
//
// The file is in WAL mode with synchronous=FULL, so a write is on disk when
// Update returns, and Load reads a consistent snapshot while an Update runs.
// All Updates go through one connection, in turn; several processes may
// share a file, since each Update takes SQLite's write lock before it runs
// (BEGIN IMMEDIATE) and waits for it up to a busy timeout.
//
// Chat configurations are queued and sent a hundred to a statement (see
// tx.PutChatConfiguration), and compliance events go a hundred to a
// statement too: at a million rows, the cost of each statement is most of
// the cost of the write.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/migrate"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

//go:embed migrations/*.sql
var migrations embed.FS

var _ store.Store = (*DB)(nil)

// DB is a store in one SQLite file. It is safe for concurrent use.
type DB struct {
	// Notifications are the SNS topics and the outbox (notifications.go).
	sqlcodec.Notifications
	// CommandInbox is the inbox of chat commands, on the same
	// transactions as Notifications.
	sqlcodec.CommandInbox
	// SlackThreads are the gateway's Slack threads, on the same
	// transactions as Notifications.
	sqlcodec.SlackThreads
	// w is the single writer connection; mu serializes Updates on it so
	// that they queue in Go rather than inside SQLite's busy handler.
	mu sync.Mutex
	w  *sql.DB
	// r serves Load and ComplianceEvents on connections of its own, so
	// that they are not queued behind a long Update and see only
	// committed data.
	r *sql.DB

	closeOnce sync.Once
	closeErr  error
}

// busyTimeout is how long a statement waits for another process's lock
// before it fails with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// Open opens the SQLite database at path, creating it if needed, and applies
// any migrations it lacks.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, "FULL")
}

// open is Open with the writer's synchronous setting: FULL, or OFF for the
// tests that do not test durability, which then spare the disk an fsync
// per commit.
func open(ctx context.Context, path, synchronous string) (_ *DB, err error) {
	defer wrap(&err, "sqlite.Open(%q)", path)
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	// A file: URI, so that a path holding '?' or '#' cannot be mistaken for
	// parameters.
	u := url.URL{Scheme: "file", Path: abs}
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyTimeout.Milliseconds()))
	q.Set("_journal_mode", "WAL")
	// FULL, not WAL's usual NORMAL: NORMAL may lose the last commits on
	// power loss, and an Update must be durable once acknowledged.
	q.Set("_synchronous", synchronous)
	q.Set("_foreign_keys", "1")
	// Take the write lock at BEGIN, not at the first write, so that
	// concurrent writers from other processes queue instead of failing
	// with SQLITE_BUSY halfway through a transaction.
	q.Set("_txlock", "immediate")
	// Bulk loads write hundreds of thousands of rows in one transaction: a
	// larger page cache keeps the B-trees in memory, and the size limit
	// shrinks the WAL back after the checkpoint that follows.
	q.Add("_pragma", "cache_size(-65536)")
	q.Add("_pragma", "journal_size_limit(67108864)")
	// Multi-row statements keep a statement journal, so that a failing row
	// undoes only its statement; in memory it costs no file writes. It is
	// as large as the pages one statement changes, at most a few megabytes.
	q.Add("_pragma", "temp_store(MEMORY)")
	u.RawQuery = q.Encode()
	w, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	db := &DB{w: w}
	db.Notifications = db.notifications()
	db.CommandInbox = db.commandInbox()
	db.SlackThreads = sqlcodec.SlackThreads{Run: db.notifyTx}
	if err := migrate.Apply(ctx, mustSub(migrations, "migrations"), db.migrationTx); err != nil {
		w.Close()
		return nil, err
	}

	q = url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyTimeout.Milliseconds()))
	q.Set("_query_only", "1")
	u.RawQuery = q.Encode()
	r, err := sql.Open("sqlite", u.String())
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(1)
	db.r = r
	return db, nil
}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // dir is a constant that go:embed has checked
	}
	return sub
}

// Close closes the database. It is safe to call more than once.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		db.mu.Lock()
		defer db.mu.Unlock()
		db.closeErr = errors.Join(db.w.Close(), db.r.Close())
	})
	return db.closeErr
}

// Update runs fn in one transaction; see store.Store.
func (db *DB) Update(ctx context.Context, fn func(ctx context.Context, tx store.Tx) error) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite.Update: begin: %w", err)
	}
	t := &tx{tx: sqlTx, stmts: map[string]*sql.Stmt{}}
	committed := false
	// Runs on every way out, a panic in fn included, before the panic goes
	// on up: the connection must not be left inside a transaction, and a
	// Tx that fn kept must not write into a later one.
	defer func() {
		t.end()
		if !committed {
			_ = sqlTx.Rollback()
		}
	}()
	if err := fn(ctx, t); err != nil {
		return err
	}
	// Closed before the commit, not after, in case fn left a goroutine
	// writing through it.
	t.mu.Lock()
	err = t.usable()
	if err == nil {
		err = t.flushConfigurations(ctx)
	}
	t.done = true
	t.mu.Unlock()
	if err != nil {
		return fmt.Errorf("sqlite.Update: %w", err)
	}
	revision := `UPDATE revision SET value = value + 1 WHERE id = 1`
	var args []any
	if t.revision > 0 {
		revision, args = `UPDATE revision SET value = ? WHERE id = 1`, []any{t.revision}
	}
	if _, err := sqlTx.ExecContext(ctx, revision, args...); err != nil {
		return fmt.Errorf("sqlite.Update: revision: %w", err)
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("sqlite.Update: commit: %w", err)
	}
	committed = true
	return nil
}

// migrationTx runs a migration on the writer connection; BEGIN IMMEDIATE is
// the lock that keeps another process's Open from migrating at the same time.
func (db *DB) migrationTx(ctx context.Context, fn func(migrate.Tx) error) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(migrationTx{sqlTx}); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	return sqlTx.Commit()
}

type migrationTx struct{ tx *sql.Tx }

func (m migrationTx) Exec(ctx context.Context, sql string) error {
	_, err := m.tx.ExecContext(ctx, sql)
	return err
}

func (m migrationTx) QueryInt64(ctx context.Context, sql string) (n int64, err error) {
	err = m.tx.QueryRowContext(ctx, sql).Scan(&n)
	return n, err
}

// translate turns SQLite's constraint errors into the store's sentinels,
// keeping the original for errors.As.
func translate(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: %w", store.ErrConflict, err)
		}
	}
	return err
}

// wrap prefixes a non-nil *errp with the operation that failed, in the
// manner of pkgsite's derrors.Wrap.
func wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}

// fromMicros decodes a time column; see sqlcodec.Time.
func fromMicros(v sql.NullInt64) time.Time { return sqlcodec.Time(v.Int64, v.Valid) }
