package gov

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/store"
)

// Group commit. Every write is prepared in turn on the version the
// previous one built, but writes that arrive while a transaction commits
// wait for the next one and then commit together, in one transaction and
// one flush to disk: the store's cost per commit (an fsync, a round trip)
// is shared by all of them. A write is answered only once its transaction
// is durable, so nothing acknowledged is lost; if the transaction fails,
// every write in it fails and none of them is published.

// write is one call of update waiting for its commit.
type write struct {
	ctx  context.Context
	fn   func(c *change) error
	done chan struct{}
	// lead is closed when this write is to commit the next group.
	lead chan struct{}
	err  error
	rev  int64 // the revision it made; 0 when it changed nothing
}

// writeQueue holds the writes waiting for a commit; the write at the head
// of a group commits it (the leader), so a write never waits for a
// goroutine of its own to be scheduled.
type writeQueue struct {
	mu      sync.Mutex
	waiting []*write
	leading bool
}

// commitTimeout bounds one group's transaction. The group does not use a
// caller's context for it: one caller going away must not fail the others.
const commitTimeout = time.Minute

// maxGroup bounds the writes of one group, so that a long queue does not
// make one transaction, and the leader's wait, arbitrarily long.
const maxGroup = 256

// update runs one write: fn validates against and changes c.m (a copy of
// the latest version, which may be a version of the same group not yet
// committed) and queues store writes; update commits them, with the
// writes of the same group, and returns once they are durable and the new
// version published. When fn fails or queues nothing, nothing changes.
// It returns fn's error, or Internal when the store fails.
func (s *Service) update(ctx context.Context, fn func(c *change) error) error {
	w := &write{ctx: ctx, fn: fn, done: make(chan struct{}), lead: make(chan struct{})}
	q := &s.writes
	q.mu.Lock()
	q.waiting = append(q.waiting, w)
	lead := !q.leading
	if lead {
		q.leading = true
	}
	q.mu.Unlock()
	if !lead {
		select {
		case <-w.done:
		case <-w.lead:
			lead = true
		}
	}
	if lead {
		s.commitGroup()
	}
	<-w.done
	if w.err == nil && w.rev > 0 {
		noteRevision(ctx, w.rev)
	}
	return w.err
}

// commitGroup commits the waiting writes (at most maxGroup of them), then
// hands the lead to the first write still waiting, if any.
func (s *Service) commitGroup() {
	q := &s.writes
	q.mu.Lock()
	n := min(len(q.waiting), maxGroup)
	group := q.waiting[:n:n]
	q.waiting = q.waiting[n:]
	q.mu.Unlock()

	s.commit(group)

	q.mu.Lock()
	if len(q.waiting) > 0 {
		close(q.waiting[0].lead)
	} else {
		q.leading = false
	}
	q.mu.Unlock()
}

// commit prepares and commits one group, answering each of its writes.
func (s *Service) commit(group []*write) {
	s.mu.Lock()
	var caughtUp []*change // others' changes applied while catching up
	var changes []*change
	base := s.cur.Load()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(group[0].ctx), commitTimeout)
	defer cancel()
	err := s.st.Update(ctx, func(ctx context.Context, tx store.Tx) error {
		s.pending = stackView{}
		if s.feed != nil {
			// Writes of other replicas since this one's version: applied
			// first, under the store's lock, so that this group is
			// validated against the latest state.
			var err error
			if base, caughtUp, err = s.catchUpTx(ctx, tx, base); err != nil {
				return err
			}
			for _, c := range caughtUp {
				s.pending.add(c)
			}
		}
		m := base
		for _, w := range group {
			c, err := s.prepareOn(m, w.fn, s.feed != nil)
			if err != nil {
				w.err = err
				continue
			}
			if c == nil {
				continue
			}
			s.pending.add(c)
			for _, o := range c.ops {
				if err := o(ctx, tx); err != nil {
					return err
				}
			}
			c.m.Rev = m.Rev + 1
			w.rev = c.m.Rev
			m = c.m.Model
			changes = append(changes, c)
		}
		if len(changes) == 0 {
			return errNothingToCommit
		}
		log := make([]store.Change, len(changes))
		for i, c := range changes {
			log[i].Revision = c.m.Rev
			if c.record != nil {
				r := c.record
				r.Rev, r.CauseSeq, r.EventSeq = c.m.Rev, c.m.CauseSeq, c.m.EventSeq
				data, err := json.Marshal(r)
				if err != nil {
					return internal(err, "encoding the change for the change log")
				}
				log[i].Data = data
			}
		}
		return tx.AppendChanges(ctx, log)
	})
	// The stacks are brought in line before the version is published and
	// before s.mu is let go: in revision order, and so that a reader that
	// waited for the revision (WaitRevision) and the next write's
	// ClaimStack see them.
	s.applyStacks(caughtUp)
	switch {
	case err == nil:
		s.applyStacks(changes)
		s.publish(changes[len(changes)-1].m.Model)
	case errors.Is(err, errNothingToCommit):
		if len(caughtUp) > 0 {
			s.publish(base)
		}
	default:
		// Nothing of the group is durable; the others' changes read while
		// catching up are, and stay applied.
		if len(caughtUp) > 0 {
			s.publish(base)
		}
		for _, w := range group {
			if w.err == nil {
				w.err, w.rev = internal(err, "the change could not be saved"), 0
			}
		}
	}
	s.pending = stackView{}
	s.mu.Unlock()
	for _, w := range group {
		close(w.done)
	}
}

// errNothingToCommit rolls back a group none of whose writes changed
// anything.
var errNothingToCommit = errors.New("gov: nothing to commit")

// publish makes m the current version and wakes whoever waits for a new
// one (WaitRevision). The caller holds s.mu.
func (s *Service) publish(m *snapshot.Model) {
	s.cur.Store(m)
	next := make(chan struct{})
	old := s.published.Swap(&next)
	close(*old)
}

// applyStacks brings the CloudFormation stacks in line with committed
// changes, in order.
func (s *Service) applyStacks(changes []*change) {
	for _, c := range changes {
		if !c.stacksReset && len(c.stackPuts) == 0 {
			continue
		}
		s.stacks.mu.Lock()
		if c.stacksReset {
			s.stacks.byID = map[string]StackRecord{}
		}
		for _, r := range c.stackPuts {
			s.stacks.byID[r.ID] = r
		}
		s.stacks.mu.Unlock()
	}
}

// revisionKey is the context key of a *Revisions.
type revisionKey struct{}

// Revisions collects the revision of the writes made with a context: the
// API answers a write with it, so that a client can read its own writes
// on another replica (WaitRevision).
type Revisions struct {
	mu  sync.Mutex
	max int64
}

// WithRevisions returns a context whose writes note their revision in r.
func WithRevisions(ctx context.Context, r *Revisions) context.Context {
	return context.WithValue(ctx, revisionKey{}, r)
}

// Last returns the highest revision noted, or 0 when no write was made.
func (r *Revisions) Last() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.max
}

func noteRevision(ctx context.Context, rev int64) {
	if r, ok := ctx.Value(revisionKey{}).(*Revisions); ok {
		r.mu.Lock()
		r.max = max(r.max, rev)
		r.mu.Unlock()
	}
}
