package stack

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
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
	r.noteActive(s)
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
// a time) and, with replicas, starts the heartbeat, which stamps the
// stack the operation last saved in progress (r.active) every r.beat
// through gov.TouchStack. The function it returns ends both.
func (r *Runner) begin(ctx context.Context) (end func()) {
	r.mu.Lock()
	if !r.gov.Replicated() {
		return r.mu.Unlock
	}
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
		r.active.Store(nil)
		r.mu.Unlock()
	}
}

// heartbeat stamps the active stack every r.beat until stop closes.
func (r *Runner) heartbeat(ctx context.Context, stop <-chan struct{}) {
	t := time.NewTicker(r.beat)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		a := r.active.Load()
		if a == nil {
			continue
		}
		err := r.gov.TouchStack(ctx, gov.Caller{AccountID: a.AccountID}, a.ID)
		if err != nil && !errors.Is(ctx.Err(), context.Canceled) {
			r.log.Warn("stamping a stack in progress failed; will try again", "stack", a.ID, "err", err)
		}
	}
}

// noteActive records, after a save, the stack the heartbeat stamps: s
// while its operation is in progress, none once it is over.
func (r *Runner) noteActive(s *Stack) {
	if !r.gov.Replicated() {
		return
	}
	if isInProgress(s.Status) {
		r.active.Store(&gov.StackRecord{ID: s.ID, AccountID: s.Owner.AccountID})
		return
	}
	r.active.Store(nil)
}

func isInProgress(status string) bool {
	return strings.HasSuffix(status, "_IN_PROGRESS") && status != StatusReviewInProgress
}

// activeStack is the stack an operation runs on, for the heartbeat.
type activeStack = atomic.Pointer[gov.StackRecord]
