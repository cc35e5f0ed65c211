// Package migrate applies a store driver's numbered SQL migrations. It knows
// no SQL dialect beyond a few portable statements and imports no driver: each
// driver embeds its own files and hands Apply a way to run a transaction, so
// the SQLite and PostgreSQL drivers share one runner without importing each
// other.
//
// Migrations are files named NNNN_description.sql, numbered from 1 without
// gaps. Each one runs in its own transaction together with the row that
// records it in schema_migrations, so a migration is either applied and
// recorded or neither.
package migrate

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
)

// Migration is one numbered schema change.
type Migration struct {
	Version int64
	// Name is the file's name, for error messages.
	Name string
	SQL  string
}

// Tx is the part of a database transaction that Apply uses.
type Tx interface {
	// Exec runs SQL that takes no arguments and may hold several
	// statements separated by semicolons.
	Exec(ctx context.Context, sql string) error
	// QueryInt64 runs a query that returns one row of one integer.
	QueryInt64(ctx context.Context, sql string) (int64, error)
}

// InTx runs fn in one transaction that excludes every other migrator and
// writer of the same database (a lock the driver takes before calling fn).
// It commits when fn returns nil and rolls back otherwise.
type InTx func(ctx context.Context, fn func(tx Tx) error) error

var fileName = regexp.MustCompile(`^([0-9]+)_[a-z0-9_]+\.sql$`)

// Parse reads the migrations in the root of fsys, ordered by version. Every
// .sql file must be named NNNN_description.sql, and versions must run from 1
// without gaps: a missing or doubled number is a mistake to catch at build
// time, not a schema to guess at.
func Parse(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		m := fileName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migrate: %s: want a name like 0001_description.sql", e.Name())
		}
		v, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("migrate: %s: %w", e.Name(), err)
		}
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("migrate: %w", err)
		}
		ms = append(ms, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return cmp.Compare(a.Version, b.Version) })
	for i, m := range ms {
		if m.Version != int64(i+1) {
			return nil, fmt.Errorf("migrate: %s: version %d, want %d (versions run from 1 without gaps or repeats)", m.Name, m.Version, i+1)
		}
	}
	return ms, nil
}

// createTable is portable between SQLite and PostgreSQL. It runs under the
// driver's lock because PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe
// against a concurrent creator.
const createTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    BIGINT NOT NULL PRIMARY KEY,
	applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
)`

// Apply applies, in order, the migrations in fsys that the database has not
// recorded yet, each in its own transaction. It refuses a database that has
// recorded a version this binary does not know, since running an older
// binary against a newer schema could corrupt it.
func Apply(ctx context.Context, fsys fs.FS, inTx InTx) error {
	ms, err := Parse(fsys)
	if err != nil {
		return err
	}
	latest := int64(len(ms))
	err = inTx(ctx, func(tx Tx) error {
		if err := tx.Exec(ctx, createTable); err != nil {
			return err
		}
		newest, err := tx.QueryInt64(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`)
		if err != nil {
			return err
		}
		if newest > latest {
			return fmt.Errorf("database schema is at version %d, newer than this binary's %d", newest, latest)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range ms {
		err := inTx(ctx, func(tx Tx) error {
			// Checked again under the lock: another process may have
			// applied it since.
			n, err := tx.QueryInt64(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM schema_migrations WHERE version = %d`, m.Version))
			if err != nil || n > 0 {
				return err
			}
			if err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			return tx.Exec(ctx, fmt.Sprintf(`INSERT INTO schema_migrations (version) VALUES (%d)`, m.Version))
		})
		if err != nil {
			return fmt.Errorf("migrate: %s: %w", m.Name, err)
		}
	}
	return nil
}
