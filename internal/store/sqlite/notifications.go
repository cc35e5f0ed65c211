package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

// notifications returns the store's SNS topics and outbox
// (store.Notifications). Each call is a transaction on the writer
// connection, queued with the Updates: SQLite has one writer, and a claim
// must not interleave with another.
func (db *DB) notifications() sqlcodec.Notifications {
	return sqlcodec.Notifications{Run: db.notifyTx}
}

func (db *DB) notifyTx(ctx context.Context, fn func(tx sqlcodec.NotifyTx) error) (err error) {
	defer wrap(&err, "sqlite.Notifications")
	db.mu.Lock()
	defer db.mu.Unlock()
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(notifyTx{sqlTx}); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	return sqlTx.Commit()
}

type notifyTx struct{ tx *sql.Tx }

func (t notifyTx) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := t.tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, translate(err)
	}
	return res.RowsAffected()
}

func (t notifyTx) Each(ctx context.Context, query string, args []any, dest []any, row func() error) error {
	rows, err := t.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return sqlcodec.Each(rows, dest, row)
}

// commandInbox returns the store's inbox of chat commands
// (store.CommandInbox), on the same writer transactions as the outbox.
func (db *DB) commandInbox() sqlcodec.CommandInbox {
	return sqlcodec.CommandInbox{Run: db.notifyTx}
}
