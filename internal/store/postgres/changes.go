package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/chatgov/chatgov/internal/store"
)

// changeChannel is the channel of the NOTIFY an Update that logs changes
// sends, with the schema's name as payload, so that the processes of
// other deployments in the same database can ignore it.
const changeChannel = "chatgov_changes"

// keepChanges is how many of the latest changes the log keeps; older ones
// are pruned as new ones are appended (every pruneEvery revisions).
const (
	keepChanges = 100_000
	pruneEvery  = 1_000
)

func (t *tx) Revision(ctx context.Context) (rev int64, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(); err != nil {
		return 0, err
	}
	if t.revision > 0 {
		return t.revision, nil
	}
	if err := t.tx.QueryRow(ctx, `SELECT value FROM revision WHERE id = 1`).Scan(&rev); err != nil {
		t.err = err
		return 0, fmt.Errorf("postgres.Revision: %w", err)
	}
	// Nothing else writes the revision while this Update holds the lock.
	t.revision = rev
	return rev, nil
}

func (t *tx) ChangesAfter(ctx context.Context, after int64) ([]store.Change, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(); err != nil {
		return nil, err
	}
	out, err := changesAfter(ctx, t.tx, after, 0)
	if err != nil && !errors.Is(err, store.ErrNoChangeLog) {
		t.err = err
	}
	return out, err
}

func (t *tx) AppendChanges(ctx context.Context, changes []store.Change) (err error) {
	defer wrap(&err, "postgres.AppendChanges")
	if len(changes) == 0 {
		return nil
	}
	rev, err := t.Revision(ctx)
	if err != nil {
		return err
	}
	next, err := store.NextRevision(rev, changes)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.flush(ctx, nil); err != nil {
		return err
	}
	revs, data := make([]int64, len(changes)), make([][]byte, len(changes))
	for i, c := range changes {
		revs[i], data[i] = c.Revision, c.Data
	}
	// One round trip: the log's rows, the revision and the notification
	// (sent by PostgreSQL when the transaction commits).
	if _, err := t.tx.Exec(ctx, `WITH logged AS (
			INSERT INTO change_log (revision, data, committed_at)
			SELECT r, d, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint FROM unnest($1::bigint[], $2::bytea[]) AS u(r, d)),
		advanced AS (UPDATE revision SET value = $3 WHERE id = 1)
		SELECT pg_notify($4, COALESCE(current_schema(), ''))`, revs, data, next, changeChannel); err != nil {
		t.err = err
		return err
	}
	if next/pruneEvery != rev/pruneEvery && next > keepChanges {
		if _, err := t.tx.Exec(ctx, `DELETE FROM change_log WHERE revision <= $1`, next-keepChanges); err != nil {
			t.err = err
			return err
		}
	}
	t.revision, t.logged = next, true
	return nil
}

// querier is a transaction or a pool.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// changesAfter reads at most limit changes after after (all when limit
// <= 0) and checks that the log reaches back to after+1.
func changesAfter(ctx context.Context, q querier, after int64, limit int) ([]store.Change, error) {
	// One statement, so that the head and the rows belong to one snapshot.
	sql := `SELECT r.value, c.revision, c.data, c.committed_at FROM revision r LEFT JOIN LATERAL (
		SELECT revision, data, committed_at FROM change_log WHERE revision > $1 ORDER BY revision LIMIT $2) c ON true
		WHERE r.id = 1 ORDER BY c.revision`
	if limit <= 0 {
		limit = math.MaxInt32
	}
	rows, err := q.Query(ctx, sql, after, limit)
	if err != nil {
		return nil, err
	}
	var out []store.Change
	var head int64
	for rows.Next() {
		var rev, at pgtype.Int8
		var data []byte
		if err := rows.Scan(&head, &rev, &data, &at); err != nil {
			rows.Close()
			return nil, err
		}
		if rev.Valid {
			out = append(out, store.Change{Revision: rev.Int64, Data: data, Time: time.UnixMicro(at.Int64).UTC()})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) > 0 && out[0].Revision != after+1 || len(out) == 0 && head > after {
		return nil, fmt.Errorf("%w: the store is at revision %d and its log does not continue from %d", store.ErrNoChangeLog, head, after)
	}
	return out, nil
}

// ChangesAfter reads the change log outside any Update; see
// store.ChangeFeed. Its errors are the database's and ErrNoChangeLog.
func (db *DB) ChangesAfter(ctx context.Context, after int64, limit int) ([]store.Change, error) {
	return changesAfter(ctx, db.pool, after, limit)
}

var _ store.ChangeFeed = (*DB)(nil)
