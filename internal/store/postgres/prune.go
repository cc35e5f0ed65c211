package postgres

import (
	"context"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

// PruneCompliance deletes old compliance events and the causes they leave
// without events; see store.ComplianceWriter. It reads at most p.Limit
// events through the primary key, deletes them as one range of it, and
// checks their causes through the cause_id index: its cost follows
// p.Limit, whatever the size of the history.
func (t *tx) PruneCompliance(ctx context.Context, p store.CompliancePrune) (out store.PrunedCompliance, err error) {
	defer wrap(&err, "postgres.PruneCompliance")
	if err := sqlcodec.CheckPrune(p); err != nil {
		return out, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(); err != nil {
		return out, err
	}
	if err := t.flush(ctx, nil); err != nil {
		return out, err
	}
	// PostgreSQL aborts the transaction on any error: every later call
	// must report this one.
	defer func() {
		if err != nil && t.err == nil {
			t.err = err
		}
	}()
	last, causes, err := t.prunableEvents(ctx, p)
	if err != nil || last == 0 {
		return out, err
	}
	tag, err := t.tx.Exec(ctx, `DELETE FROM compliance_events WHERE id <= $1`, last)
	if err != nil {
		return out, err
	}
	out.Events = int(tag.RowsAffected())
	tag, err = t.tx.Exec(ctx, `DELETE FROM compliance_causes c WHERE c.id = ANY($1::bigint[])
		AND c.id < (SELECT MAX(id) FROM compliance_causes)
		AND NOT EXISTS (SELECT 1 FROM compliance_events e WHERE e.cause_id = c.id)`, causes)
	if err != nil {
		return out, err
	}
	out.Causes = int(tag.RowsAffected())
	return out, nil
}

// prunableEvents returns the highest ID of the run of events p deletes (0
// when none) and their causes. t.mu is held.
func (t *tx) prunableEvents(ctx context.Context, p store.CompliancePrune) (last int64, causes []int64, err error) {
	var maxID int64
	if err := t.tx.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM compliance_events`).Scan(&maxID); err != nil {
		return 0, nil, err
	}
	rows, err := t.tx.Query(ctx, `SELECT id, cause_id, time FROM compliance_events ORDER BY id LIMIT $1`, p.Limit)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	return sqlcodec.PrunableEvents(rows, p, maxID, fromMicros)
}
