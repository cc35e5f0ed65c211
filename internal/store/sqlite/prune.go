package sqlite

import (
	"context"
	"fmt"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

// PruneCompliance deletes old compliance events and the causes they leave
// without events; see store.ComplianceWriter. It reads at most p.Limit
// events, in ID order (the table's own order), deletes them as one range
// of rowids, and checks each of their causes through the cause_id index:
// its cost follows p.Limit, whatever the size of the history.
func (t *tx) PruneCompliance(ctx context.Context, p store.CompliancePrune) (out store.PrunedCompliance, err error) {
	defer wrap(&err, "sqlite.PruneCompliance")
	if err := sqlcodec.CheckPrune(p); err != nil {
		return out, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	last, causes, err := t.prunableEvents(ctx, p)
	if err != nil || last == 0 {
		return out, err
	}
	// From here on a failure leaves part of the prune done: the
	// transaction must not commit.
	defer func() {
		if err != nil {
			t.failed = fmt.Errorf("pruning compliance events: %w", err)
		}
	}()
	del, err := t.stmt(ctx, `DELETE FROM compliance_events WHERE id <= ?`)
	if err != nil {
		return out, err
	}
	res, err := del.ExecContext(ctx, last)
	if err != nil {
		return out, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return out, err
	}
	out.Events = int(n)
	delCause, err := t.stmt(ctx, `DELETE FROM compliance_causes WHERE id = ?1 AND id < (SELECT MAX(id) FROM compliance_causes)
		AND NOT EXISTS (SELECT 1 FROM compliance_events WHERE cause_id = ?1)`)
	if err != nil {
		return out, err
	}
	for _, c := range causes {
		res, err := delCause.ExecContext(ctx, c)
		if err != nil {
			return out, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return out, err
		}
		out.Causes += int(n)
	}
	return out, nil
}

// prunableEvents returns the highest ID of the run of events p deletes (0
// when none) and their causes, sorted. t.mu is held.
func (t *tx) prunableEvents(ctx context.Context, p store.CompliancePrune) (last int64, causes []int64, err error) {
	maxStmt, err := t.stmt(ctx, `SELECT COALESCE(MAX(id), 0) FROM compliance_events`)
	if err != nil {
		return 0, nil, err
	}
	var maxID int64
	if err := maxStmt.QueryRowContext(ctx).Scan(&maxID); err != nil {
		return 0, nil, err
	}
	first, err := t.stmt(ctx, `SELECT id, cause_id, time FROM compliance_events ORDER BY id LIMIT ?`)
	if err != nil {
		return 0, nil, err
	}
	rows, err := first.QueryContext(ctx, p.Limit)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	return sqlcodec.PrunableEvents(rows, p, maxID, fromMicros)
}
