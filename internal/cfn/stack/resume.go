package stack

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

// Resuming. An operation runs in the runner (the replica) that was asked
// for it; one a stopped server left *_IN_PROGRESS is resumed by the next
// start (a single server) or taken over by a running replica (several on
// one store): Resume, which the server calls at start and, with
// replicas, every little while. A replica takes a stack over only once
// gov has let it claim it (gov.ClaimStack), so that two replicas never
// resume one stack; a runner that is alive keeps its stack stamped while
// an operation runs (heartbeat), so that no replica claims it.

// Resume finishes what a stopped server, or a replica that stopped, left
// *_IN_PROGRESS (gov.UnfinishedStacks): a creation or an update rolls
// back, a cleanup or a deletion completes, a rollback runs again. Each
// stack is first claimed through gov: a stack another replica claims
// first is passed by. It returns how many stacks this call resumed, and
// the first error: a stack that does not decode or is not saved (the
// other stacks are still resumed).
func (r *Runner) Resume(ctx context.Context) (int, error) {
	defer r.begin(ctx)()
	var first error
	resumed := 0
	for _, rec := range r.gov.UnfinishedStacks() {
		claimed, won, err := r.gov.ClaimStack(ctx, rec.ID)
		if err == nil && won {
			resumed++
			err = r.resumeOne(ctx, claimed)
		}
		if err != nil {
			r.log.Error("resuming stack failed", "stack", rec.ID, "err", err)
			first = cmpOr(first, err)
		}
	}
	return resumed, first
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// resumeOne resumes a stack this runner has claimed, from what the claim
// found (it may have caught up with a later write than the list showed).
func (r *Runner) resumeOne(ctx context.Context, rec gov.StackRecord) error {
	s, err := decode(rec)
	if err != nil {
		return err
	}
	r.cur.track(s) // stamped while it runs, though it saves only at the end
	why := "The stack's operation was interrupted by a restart. Rollback requested by user."
	if r.gov.Replicated() {
		why = "The replica running the stack's operation stopped; another took it over. Rollback requested by user."
	}
	r.log.Info("resuming stack", "stack", s.ID, "status", s.Status)
	switch s.Status {
	case StatusCreateInProgress, StatusRollbackInProgress:
		r.stackEvent(s, StatusRollbackInProgress, why)
		return r.rollback(ctx, s)
	case StatusUpdateInProgress, StatusUpdateRollbackInProgress:
		r.stackEvent(s, StatusUpdateRollbackInProgress, why)
		return r.rollback(ctx, s)
	case StatusUpdateCleanup:
		return r.cleanup(ctx, s, StatusUpdateComplete)
	case StatusUpdateRollbackCleanup:
		return r.cleanup(ctx, s, StatusUpdateRollbackComplete)
	case StatusDeleteInProgress:
		return r.remove(ctx, s)
	}
	return nil
}

// begin starts an operation: it takes the runner's lock (one operation at
// a time) and, with replicas, first applies what the other replicas have
// committed (so that the operation reads the stack as it is, not as this
// replica last heard of it: a stale read would fail its first save with
// ErrStackTakenOver), then starts the heartbeat, which stamps the stack
// the operation works on every r.beat (gov.TouchStack) while it is in
// progress. The function it returns ends both.
func (r *Runner) begin(ctx context.Context) (end func()) {
	r.mu.Lock()
	r.cur.forget()
	if !r.gov.Replicated() {
		return func() {
			r.cur.forget()
			r.mu.Unlock()
		}
	}
	// A store that cannot be read now fails the operation's first save
	// instead, with the store's error or the precondition's.
	_ = r.gov.Sync(ctx)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.heartbeat(context.WithoutCancel(ctx), stop)
	}()
	return func() {
		close(stop)
		wg.Wait()
		r.cur.forget()
		r.mu.Unlock()
	}
}

// heartbeat stamps the current stack every r.beat until stop closes.
func (r *Runner) heartbeat(ctx context.Context, stop <-chan struct{}) {
	t := time.NewTicker(r.beat)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		c := &r.cur
		c.mu.Lock()
		if c.live {
			at, err := r.gov.TouchStack(ctx, gov.Caller{AccountID: c.account}, c.id, c.at)
			switch {
			case err == nil:
				c.at = at
			case errors.Is(err, gov.ErrStackTakenOver):
				c.live = false // the operation's next save fails
				r.log.Warn("another replica took over the stack this one runs", "stack", c.id)
			default:
				r.log.Warn("stamping a stack in progress failed; will try again", "stack", c.id, "err", err)
			}
		}
		c.mu.Unlock()
	}
}

// current is the stack the running operation works on: the UpdatedAt
// gov gave its last write (a save or a stamp), over which alone the next
// may write (gov.SaveStack), and whether it is in progress, for the
// heartbeat.
type current struct {
	mu          sync.Mutex
	id, account string
	at          time.Time
	live        bool
}

// track makes s, as it was read, the current stack.
func (c *current) track(s *Stack) {
	c.mu.Lock()
	c.id, c.account, c.at, c.live = s.ID, s.Owner.AccountID, s.readAt, isInProgress(s.Status)
	c.mu.Unlock()
}

func (c *current) forget() {
	c.mu.Lock()
	c.id, c.account, c.at, c.live = "", "", time.Time{}, false
	c.mu.Unlock()
}

// save writes the stack through gov, as its owner, over what the runner
// last read or wrote of it only: it fails with gov.ErrStackTakenOver
// once another replica has taken the stack over.
func (r *Runner) save(ctx context.Context, s *Stack) error {
	doc, err := encode(s)
	if err != nil {
		return err
	}
	c := &r.cur
	c.mu.Lock()
	defer c.mu.Unlock()
	since := s.readAt
	if c.id == s.ID && !c.at.IsZero() {
		since = c.at // the heartbeat's stamp, after s was read
	}
	at, err := r.gov.SaveStack(ctx, s.Owner, gov.StackRecord{ID: s.ID, AccountID: s.Owner.AccountID, Name: s.Name,
		Status: s.Status, Document: doc}, since)
	if err != nil {
		if errors.Is(err, gov.ErrStackTakenOver) {
			r.log.Warn("another replica took over the stack; this operation stops", "stack", s.ID)
		}
		return err
	}
	s.readAt = at
	c.id, c.account, c.at, c.live = s.ID, s.Owner.AccountID, at, isInProgress(s.Status)
	return nil
}

func isInProgress(status string) bool {
	return strings.HasSuffix(status, "_IN_PROGRESS") && status != StatusReviewInProgress
}
