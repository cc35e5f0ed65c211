package gov

import (
	"context"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// DefaultPruneBatch is how many compliance events one pruning transaction
// deletes at most: a few tens of milliseconds of the writer's time (see
// docs/architecture.md), so that pruning a large backlog never holds up
// other writes for long.
const DefaultPruneBatch = 5000

// Retention says how much compliance history to keep. Zero fields keep
// everything by that measure.
type Retention struct {
	// MaxAge: events recorded longer ago than this go.
	MaxAge time.Duration
	// MaxEvents: events older than the newest MaxEvents go (counted by
	// event ID, which every event of the history takes in turn).
	MaxEvents int64
	// Batch is the most events one transaction deletes; DefaultPruneBatch
	// when zero.
	Batch int
}

// Enabled reports whether r prunes anything.
func (r Retention) Enabled() bool { return r.MaxAge > 0 || r.MaxEvents > 0 }

// PruneCompliance deletes the compliance events r does not keep, oldest
// first, and the causes left without events, in transactions of at most
// r.Batch events; other writes go in between. The newest event always
// stays (the store keeps counting from it). It returns what it deleted,
// also when ctx ends it early; errors are Internal.
func (s *Service) PruneCompliance(ctx context.Context, r Retention) (PrunedCompliance, error) {
	total, err := s.pruneCompliance(ctx, r)
	return PrunedCompliance{Events: total.Events, Causes: total.Causes}, err
}

func (s *Service) pruneCompliance(ctx context.Context, r Retention) (store.PrunedCompliance, error) {
	var total store.PrunedCompliance
	if !r.Enabled() {
		return total, nil
	}
	batch := r.Batch
	if batch <= 0 {
		batch = DefaultPruneBatch
	}
	// Most of the time nothing is due: the oldest event says so without
	// a write transaction.
	if due, err := s.pruneDue(ctx, r); err != nil || !due {
		return total, err
	}
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		var got store.PrunedCompliance
		err := s.update(ctx, func(ch *change) error {
			p := store.CompliancePrune{Limit: batch}
			if r.MaxAge > 0 {
				p.Before = ch.now.Add(-r.MaxAge)
			}
			if r.MaxEvents > 0 && ch.m.EventSeq > r.MaxEvents {
				p.UpToID = ch.m.EventSeq - r.MaxEvents
			}
			if p.Before.IsZero() && p.UpToID == 0 {
				return nil // nothing can go yet: no transaction at all
			}
			ch.do(func(ctx context.Context, tx store.Tx) error {
				var err error
				got, err = tx.PruneCompliance(ctx, p)
				return err
			})
			return nil
		})
		if err != nil {
			return total, err
		}
		total.Events += got.Events
		total.Causes += got.Causes
		if got.Events < batch {
			return total, nil
		}
	}
}

// pruneDue reports whether the oldest compliance event is one r does not
// keep (other than the newest).
func (s *Service) pruneDue(ctx context.Context, r Retention) (bool, error) {
	oldest, err := s.st.ComplianceEvents(ctx, store.ComplianceQuery{Limit: 1})
	if err != nil {
		return false, internal(err, "reading the compliance history")
	}
	m := s.model()
	if len(oldest) == 0 || oldest[0].ID >= m.EventSeq {
		return false, nil
	}
	e := oldest[0]
	return r.MaxAge > 0 && e.Time.Before(s.now().Add(-r.MaxAge)) ||
		r.MaxEvents > 0 && e.ID <= m.EventSeq-r.MaxEvents, nil
}
