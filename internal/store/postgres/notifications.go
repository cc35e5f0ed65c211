package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

// notifications returns the store's SNS topics and outbox
// (store.Notifications). Each call is a transaction of its own, outside
// the Updates' lock: a claim locks the rows it takes (FOR UPDATE SKIP
// LOCKED), so that several chatgov processes on one database claim
// different deliveries.
func (db *DB) notifications() sqlcodec.Notifications {
	return sqlcodec.Notifications{Run: db.notifyTx, Rebind: sqlcodec.RebindDollar, ClaimLock: " FOR UPDATE OF d SKIP LOCKED"}
}

func (db *DB) notifyTx(ctx context.Context, fn func(tx sqlcodec.NotifyTx) error) (err error) {
	defer wrap(&err, "postgres.Notifications")
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		return fn(notifyTx{tx})
	})
}

type notifyTx struct{ tx pgx.Tx }

func (t notifyTx) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, query, args...)
	if err != nil {
		return 0, translate(err)
	}
	return tag.RowsAffected(), nil
}

func (t notifyTx) Each(ctx context.Context, query string, args []any, dest []any, row func() error) error {
	rows, err := t.tx.Query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%w", err)
	}
	defer rows.Close()
	return sqlcodec.Each(rows, dest, row)
}

// commandInbox returns the store's inbox of chat commands
// (store.CommandInbox): transactions of their own, as the outbox's, the
// claim locking the rows it takes.
func (db *DB) commandInbox() sqlcodec.CommandInbox {
	return sqlcodec.CommandInbox{Run: db.notifyTx, Rebind: sqlcodec.RebindDollar, ClaimLock: " FOR UPDATE SKIP LOCKED"}
}
