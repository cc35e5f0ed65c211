// Package postgres is chatgov's store on PostgreSQL, through pgx, for
// deployments that want a database server or several chatgov processes.
//
// Every Update is one transaction that first takes a transaction-scoped
// advisory lock, so Updates from any number of processes run one at a time,
// and then increments the revision in the same transaction. The lock is keyed
// by the schema, so that separate chatgov deployments sharing a database in
// separate schemas do not wait for each other.
//
// Puts are queued and sent as multi-row upserts, a few thousand rows per
// statement, rather than one round trip each: a bulk load of 100,000
// accounts is some twenty statements. The price is that a Put whose row the
// server rejects reports the failure from a later call of the same Update,
// at the latest from Update itself; the transaction then never commits.
// Puts cannot fail on constraints (they are upserts on rows that reference
// nothing), so in practice this only concerns lost connections and values
// PostgreSQL cannot store, such as a NUL byte in a string.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/migrate"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

//go:embed migrations/*.sql
var migrations embed.FS

var _ store.Store = (*DB)(nil)

// DB is a store in a PostgreSQL database, in the first schema of the
// connection's search_path. It is safe for concurrent use.
type DB struct {
	// Notifications are the SNS topics and the outbox (notifications.go).
	sqlcodec.Notifications
	// CommandInbox is the inbox of chat commands, on the same
	// transactions as Notifications.
	sqlcodec.CommandInbox
	// SlackThreads are the gateway's Slack threads, on the same
	// transactions as Notifications.
	sqlcodec.SlackThreads
	pool *pgxpool.Pool
	// mu queues this process's Updates in Go, so that they do not each
	// hold a pooled connection while they wait for the advisory lock.
	mu sync.Mutex
}

// lockClass is the first half of the advisory lock's key, chosen to keep
// clear of other applications' locks in the same database ("chat" in ASCII);
// the second half is a hash of the schema's name.
const lockClass = 0x63686174

// lockSQL takes the lock that serializes Updates and migrations.
const lockSQL = `SELECT pg_advisory_xact_lock($1, hashtext(COALESCE(current_schema(), '')))`

// Open connects to the database at url (a postgres:// URL or a key=value
// connection string, as pgx accepts) and applies any migrations it lacks.
func Open(ctx context.Context, url string) (_ *DB, err error) {
	// The URL may hold a password: name the operation, not the URL.
	defer wrap(&err, "postgres.Open")
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	db := &DB{pool: pool}
	db.Notifications = db.notifications()
	db.CommandInbox = db.commandInbox()
	db.SlackThreads = sqlcodec.SlackThreads{Run: db.notifyTx, Rebind: sqlcodec.RebindDollar}
	sub, err := fs.Sub(migrations, "migrations")
	if err == nil {
		err = migrate.Apply(ctx, sub, db.migrationTx)
	}
	if err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the connections. It is safe to call more than once.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Update runs fn in one transaction; see store.Store.
func (db *DB) Update(ctx context.Context, fn func(ctx context.Context, tx store.Tx) error) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	// READ COMMITTED, not REPEATABLE READ: the lock is taken by the first
	// statement, and a snapshot taken before the lock was granted would
	// miss the Update that held it.
	pgTx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return fmt.Errorf("postgres.Update: begin: %w", err)
	}
	t := &tx{tx: pgTx}
	committed := false
	// Runs on every way out, a panic in fn included, before the panic goes
	// on up. The rollback must happen even if ctx is already canceled.
	defer func() {
		t.end()
		if !committed {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			_ = pgTx.Rollback(rctx)
		}
	}()
	// The lock and then the revision, in one round trip: the second
	// statement's snapshot is taken once the first has the lock.
	b := &pgx.Batch{}
	b.Queue(lockSQL, lockClass)
	b.Queue(`SELECT value FROM revision WHERE id = 1`)
	res := pgTx.SendBatch(ctx, b)
	_, err = res.Exec()
	if err == nil {
		err = res.QueryRow().Scan(&t.revision)
	}
	if cerr := res.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("postgres.Update: lock: %w", err)
	}
	if err := fn(ctx, t); err != nil {
		return err
	}
	if err := t.finish(ctx); err != nil {
		return fmt.Errorf("postgres.Update: %w", err)
	}
	if !t.logged {
		if _, err := pgTx.Exec(ctx, `UPDATE revision SET value = value + 1 WHERE id = 1`); err != nil {
			return fmt.Errorf("postgres.Update: revision: %w", err)
		}
	}
	if err := pgTx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres.Update: commit: %w", err)
	}
	committed = true
	return nil
}

// migrationTx runs a migration under the Updates' lock, which also keeps two
// processes opening a new database from migrating it at the same time.
func (db *DB) migrationTx(ctx context.Context, fn func(migrate.Tx) error) error {
	return pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(pgTx pgx.Tx) error {
		if _, err := pgTx.Exec(ctx, lockSQL, lockClass); err != nil {
			return err
		}
		return fn(migrationTx{pgTx})
	})
}

type migrationTx struct{ tx pgx.Tx }

// Exec runs sql without arguments, which pgx sends with the simple query
// protocol, so a migration file may hold several statements.
func (m migrationTx) Exec(ctx context.Context, sql string) error {
	_, err := m.tx.Exec(ctx, sql)
	return err
}

func (m migrationTx) QueryInt64(ctx context.Context, sql string) (n int64, err error) {
	err = m.tx.QueryRow(ctx, sql).Scan(&n)
	return n, err
}

// translate turns PostgreSQL's constraint errors into the store's sentinels,
// keeping the original for errors.As.
func translate(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505", "23503": // unique_violation, foreign_key_violation
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
func fromMicros(v pgtype.Int8) time.Time { return sqlcodec.Time(v.Int64, v.Valid) }
