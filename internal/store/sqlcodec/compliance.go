package sqlcodec

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// ComplianceEventColumns are the columns of compliance_events, in the order
// of ComplianceEventValues.
var ComplianceEventColumns = []string{"id", "cause_id", "time", "configuration_arn", "account_id", "platform", "old_state", "new_state", "reason"}

// ComplianceEventValues appends e's column values to dst, in the order of
// ComplianceEventColumns.
func ComplianceEventValues(dst []any, e *store.ComplianceEvent) []any {
	return append(dst, e.ID, e.CauseID, Micros(e.Time), e.ConfigurationARN, e.AccountID, e.Platform, e.OldState, e.NewState, e.Reason)
}

// ComplianceDialect is what differs between the drivers' compliance
// queries.
type ComplianceDialect struct {
	// Param returns the placeholder of the n-th argument, counting from 1
	// ("?" or "$n").
	Param func(n int) string
	// AccountIn returns the condition that e.account_id is one of ids
	// (never empty). It passes each value it needs as an argument through
	// arg, which returns the argument's placeholder.
	AccountIn func(ids []string, arg func(v any) string) string
}

// ComplianceQuery returns the SELECT of the events q selects, in ID order,
// each with its cause, and its arguments; none is true when q cannot match
// anything (an empty, non-nil AccountIDs). Its rows scan with
// ComplianceRow.
func ComplianceQuery(q store.ComplianceQuery, d ComplianceDialect) (query string, args []any, none bool) {
	arg := func(v any) string {
		args = append(args, v)
		return d.Param(len(args))
	}
	var where []string
	if q.AccountIDs != nil {
		if len(q.AccountIDs) == 0 {
			return "", nil, true
		}
		where = append(where, d.AccountIn(q.AccountIDs, arg))
	}
	if q.ConfigurationARN != "" {
		where = append(where, "e.configuration_arn = "+arg(q.ConfigurationARN))
	}
	if !q.Since.IsZero() {
		where = append(where, "e.time >= "+arg(CeilMicros(q.Since)))
	}
	if !q.Until.IsZero() {
		where = append(where, "e.time < "+arg(CeilMicros(q.Until)))
	}
	if q.AfterID != 0 {
		where = append(where, "e.id > "+arg(q.AfterID))
	}
	var b strings.Builder
	b.WriteString(`SELECT e.id, e.cause_id, e.time, e.configuration_arn, e.account_id, e.platform, e.old_state, e.new_state, e.reason,
		c.id, c.time, c.operation, c.caller_arn, c.detail
		FROM compliance_events e JOIN compliance_causes c ON c.id = e.cause_id`)
	if len(where) > 0 {
		b.WriteString(" WHERE ")
		b.WriteString(strings.Join(where, " AND "))
	}
	b.WriteString(" ORDER BY e.id")
	if q.Limit > 0 {
		b.WriteString(" LIMIT " + arg(int64(q.Limit)))
	}
	return b.String(), args, false
}

// ComplianceRow is a row of ComplianceQuery's SELECT as scanned.
type ComplianceRow[N any] struct {
	record               store.ComplianceRecord
	eventTime, causeTime N
}

// Dest returns the scan destinations of the row's columns, in order.
func (r *ComplianceRow[N]) Dest() []any {
	e, c := &r.record, &r.record.Cause
	return []any{&e.ID, &e.CauseID, &r.eventTime, &e.ConfigurationARN, &e.AccountID, &e.Platform, &e.OldState, &e.NewState, &e.Reason,
		&c.ID, &r.causeTime, &c.Operation, &c.CallerARN, &c.Detail}
}

// Record returns the record last scanned, with toTime decoding its times.
func (r *ComplianceRow[N]) Record(toTime func(N) time.Time) store.ComplianceRecord {
	r.record.Time, r.record.Cause.Time = toTime(r.eventTime), toTime(r.causeTime)
	return r.record
}

// ComplianceRecords returns the records of rows, a result of
// ComplianceQuery's SELECT, with toTime decoding times; limit is the
// query's (a capacity hint). The caller closes rows.
func ComplianceRecords[N any](rows Rows, limit int, toTime func(N) time.Time) ([]store.ComplianceRecord, error) {
	out := make([]store.ComplianceRecord, 0, min(max(limit, 0), 1024))
	var row ComplianceRow[N]
	err := Each(rows, row.Dest(), func() error {
		out = append(out, row.Record(toTime))
		return nil
	})
	return out, err
}

// CheckPrune returns an error when p cannot select what PruneCompliance
// deletes (a limit that is not positive).
func CheckPrune(p store.CompliancePrune) error {
	if p.Limit <= 0 {
		return fmt.Errorf("the limit must be positive, not %d", p.Limit)
	}
	return nil
}

// PrunableEvents finds the events PruneCompliance deletes (see
// store.ComplianceWriter) in rows, the result of a query for the id,
// cause_id and time of the first p.Limit events in ID order, in a history
// whose highest event ID is maxID (0 when it is empty). It returns the
// highest ID of the events to delete (0 when none) and their causes, in
// ascending order, of which the driver then deletes those no event
// references any more; toTime decodes times. The caller closes rows.
func PrunableEvents[N any](rows Rows, p store.CompliancePrune, maxID int64, toTime func(N) time.Time) (last int64, causes []int64, err error) {
	var (
		id, causeID int64
		at          N
		seen        = map[int64]bool{}
	)
	for rows.Next() {
		if err := rows.Scan(&id, &causeID, &at); err != nil {
			return 0, nil, err
		}
		// The run ends at the first event that stays: the newest, or one
		// neither recorded before p.Before nor within p.UpToID.
		old := !p.Before.IsZero() && toTime(at).Before(p.Before)
		if id == maxID || !old && id > p.UpToID {
			break
		}
		last = id
		if !seen[causeID] {
			seen[causeID] = true
			causes = append(causes, causeID)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, nil, err
	}
	slices.Sort(causes)
	return last, causes, nil
}
