package gov

import (
	"context"
	"errors"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/store"
)

// Pipelined group commit, for a store this process has to itself. Preparing
// a group (validating its writes and building their versions) needs only
// the previous group's version, not its durability; so a group is
// prepared while the previous one is still being committed, and the
// store's work and the preparing of versions overlap instead of adding up.
//
// The order is kept by taking s.storeMu, which orders transactions, before
// letting go of s.mu, which orders preparing: groups commit in the order
// they were prepared. A group is published, and its writes answered, only
// once its transaction has committed. A group prepared on a version that
// did not become durable (the transaction before it failed) fails too:
// when it gets its turn, the current version is not the one it started
// from.

// commitPipelined prepares group on the latest version, committed or not,
// calls handOff so that the next group can be prepared, then commits the
// group after the one before it and answers its writes.
func (s *Service) commitPipelined(group []*write, handOff func()) {
	s.mu.Lock()
	base := s.pending.Load()
	if base == nil {
		base = s.cur.Load()
	}
	m := base
	var changes []*change
	for _, w := range group {
		c, err := s.prepareOn(m, w.fn, false)
		if err != nil {
			w.err = err
			continue
		}
		if c == nil {
			continue
		}
		c.m.Rev = m.Rev + 1
		w.rev = c.m.Rev
		m = c.m.Model
		changes = append(changes, c)
	}
	if len(changes) > 0 {
		s.pending.Store(m)
	}
	s.storeMu.Lock()
	s.mu.Unlock()
	handOff()

	err := s.commitPrepared(group[0].ctx, base, changes)
	if err != nil {
		s.pending.CompareAndSwap(m, nil)
		for _, w := range group {
			if w.err == nil && w.rev > 0 {
				w.err, w.rev = err, 0
			}
		}
	} else if len(changes) > 0 {
		s.publish(m)
		s.pending.CompareAndSwap(m, nil)
		s.applyStacks(changes)
	}
	s.storeMu.Unlock()
	for _, w := range group {
		close(w.done)
	}
}

// commitPrepared makes changes, prepared on base, durable in one
// transaction. The caller holds s.storeMu. It returns Internal when base
// did not become durable or the store fails.
func (s *Service) commitPrepared(ctx context.Context, base *snapshot.Model, changes []*change) error {
	if len(changes) == 0 {
		return nil
	}
	if s.cur.Load() != base {
		return internal(errors.New("an earlier write it was prepared after was not saved"), "the change could not be saved")
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), commitTimeout)
	defer cancel()
	err := s.st.Update(ctx, func(ctx context.Context, tx store.Tx) error {
		log := make([]store.Change, len(changes))
		for i, c := range changes {
			for _, o := range c.ops {
				if err := o(ctx, tx); err != nil {
					return err
				}
			}
			log[i].Revision = c.m.Rev
		}
		return tx.AppendChanges(ctx, log)
	})
	if err != nil {
		return internal(err, "the change could not be saved")
	}
	return nil
}
