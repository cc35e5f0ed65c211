package memstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/chatgov/chatgov/internal/store"
)

// AddComplianceCause records a cause; a taken ID is ErrConflict.
func (t *tx) AddComplianceCause(_ context.Context, c store.ComplianceCause) error {
	c.Time = at(c.Time)
	return t.write(func(d *data) error {
		if _, ok := d.causes[c.ID]; ok {
			return fmt.Errorf("memstore: AddComplianceCause(%d): %w", c.ID, store.ErrConflict)
		}
		own(d, &d.causes, tCauses)[c.ID] = c
		return nil
	})
}

// AddComplianceEvents records events, all or none: an ID taken or given
// twice is ErrConflict, a missing cause ErrNotFound.
func (t *tx) AddComplianceEvents(_ context.Context, events []store.ComplianceEvent) error {
	return t.write(func(d *data) error {
		seen := make(map[int64]bool, len(events))
		for _, e := range events {
			switch _, taken := d.events[e.ID]; {
			case taken || seen[e.ID]:
				return fmt.Errorf("memstore: AddComplianceEvents: event %d: %w", e.ID, store.ErrConflict)
			case !hasCause(d, e.CauseID):
				return fmt.Errorf("memstore: AddComplianceEvents: event %d: no cause %d: %w", e.ID, e.CauseID, store.ErrNotFound)
			}
			seen[e.ID] = true
		}
		m := own(d, &d.events, tEvents)
		for _, e := range events {
			e.Time = at(e.Time)
			m[e.ID] = e
		}
		return nil
	})
}

func hasCause(d *data, id int64) bool {
	_, ok := d.causes[id]
	return ok
}

// PruneCompliance deletes the events p selects and the causes left
// without events, as the contract says.
func (t *tx) PruneCompliance(_ context.Context, p store.CompliancePrune) (store.PrunedCompliance, error) {
	var out store.PrunedCompliance
	if p.Limit < 1 {
		return out, errors.New("memstore: PruneCompliance: Limit must be positive")
	}
	err := t.write(func(d *data) error {
		ids := slices.Sorted(maps.Keys(d.events))
		if len(ids) == 0 {
			return nil
		}
		gone := map[int64]bool{} // causes of deleted events
		var events map[int64]store.ComplianceEvent
		// The newest event always stays.
		for _, id := range ids[:len(ids)-1] {
			e := d.events[id]
			old := !p.Before.IsZero() && e.Time.Before(p.Before)
			if out.Events == p.Limit || !old && (p.UpToID <= 0 || id > p.UpToID) {
				break
			}
			if events == nil {
				events = own(d, &d.events, tEvents)
			}
			delete(events, id)
			gone[e.CauseID] = true
			out.Events++
		}
		if len(gone) == 0 {
			return nil
		}
		for _, e := range d.events {
			delete(gone, e.CauseID)
		}
		highest := slices.Max(slices.Collect(maps.Keys(d.causes)))
		for id := range gone {
			if id != highest {
				delete(own(d, &d.causes, tCauses), id)
				out.Causes++
			}
		}
		return nil
	})
	return out, err
}

// complianceEvents answers a query on d.
func (d *data) complianceEvents(q store.ComplianceQuery) []store.ComplianceRecord {
	out := []store.ComplianceRecord{}
	var accounts map[string]bool
	if q.AccountIDs != nil {
		if len(q.AccountIDs) == 0 {
			return out
		}
		accounts = map[string]bool{}
		for _, a := range q.AccountIDs {
			accounts[a] = true
		}
	}
	for _, id := range slices.Sorted(maps.Keys(d.events)) {
		e := d.events[id]
		switch {
		case id <= q.AfterID,
			accounts != nil && !accounts[e.AccountID],
			q.ConfigurationARN != "" && e.ConfigurationARN != q.ConfigurationARN,
			!q.Since.IsZero() && e.Time.Before(q.Since),
			!q.Until.IsZero() && !e.Time.Before(q.Until):
			continue
		}
		out = append(out, store.ComplianceRecord{ComplianceEvent: e, Cause: d.causes[e.CauseID]})
		if q.Limit > 0 && len(out) == q.Limit {
			break
		}
	}
	return out
}
