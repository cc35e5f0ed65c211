package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/chatgov/chatgov/internal/memhint"
	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

// Load returns everything stored; see store.Store. It reads in one
// REPEATABLE READ transaction, so the revision and the rows always belong
// to the same committed Update.
func (db *DB) Load(ctx context.Context) (_ *store.State, err error) {
	defer wrap(&err, "postgres.Load")
	pgTx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, err
	}
	defer pgTx.Rollback(context.WithoutCancel(ctx))
	return sqlcodec.Load[pgtype.Int8](ctx, loadTx{pgTx})
}

// loadTx is Load's transaction, as sqlcodec.Load reads it.
type loadTx struct{ tx pgx.Tx }

func (l loadTx) Each(ctx context.Context, query string, dest []any, row func() error) error {
	rows, err := l.tx.Query(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	return sqlcodec.Each(rows, dest, row)
}

func (loadTx) Time(v pgtype.Int8) time.Time { return fromMicros(v) }

// ChatConfigurations reads the configurations into a slice sized up front,
// each scanned in place: a million configurations are some 400 MB of
// records, which append would copy over and over as it grew them.
func (l loadTx) ChatConfigurations(ctx context.Context, _ int64) ([]store.ChatConfiguration, error) {
	var n int
	if err := l.tx.QueryRow(ctx, `SELECT COUNT(*) FROM chat_configurations`).Scan(&n); err != nil {
		return nil, err
	}
	out := make([]store.ChatConfiguration, 0, n)
	memhint.Prefault(out)
	rows, err := l.tx.Query(ctx, `SELECT `+strings.Join(sqlcodec.ChatConfigurationColumns, ", ")+` FROM chat_configurations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		f    sqlcodec.ChatConfigurationRow[pgtype.Int8]
		dest = make([]any, 0, len(sqlcodec.ChatConfigurationColumns))
	)
	for rows.Next() {
		out = append(out, store.ChatConfiguration{})
		c := &out[len(out)-1]
		if err := rows.Scan(f.Dest(dest[:0], c)...); err != nil {
			return nil, err
		}
		if err := f.Decode(c, fromMicros); err != nil {
			return nil, fmt.Errorf("configuration %q: %w", c.ARN, err)
		}
	}
	return out, rows.Err()
}
