package gov

import (
	"context"
	"errors"
	"time"
)

// Taking over stacks. A CloudFormation operation runs in the replica
// that was asked for it, which writes the stack at every step and stamps
// it (TouchStack) while a step runs long. A stack in progress that
// nothing has written for StackAbandonedAfter was left by a replica that
// stopped; the running replicas look for such stacks (UnfinishedStacks)
// and one of them takes each over (ClaimStack): the claim is a write,
// decided under the store's lock on the latest state, so that of two
// replicas claiming one stack the second finds it freshly stamped and
// passes it by.

// stackView is what the group being committed has done to the stacks so
// far, the book aside: the other replicas' changes it caught up with and
// its own writes before the one being prepared. The book takes them once
// the group is committed; a write's fn reads the stacks through it
// (stackNow). It is used under s.mu.
type stackView struct {
	reset bool
	puts  map[string]StackRecord
}

// add takes in what c does to the stacks.
func (v *stackView) add(c *change) {
	if c.stacksReset {
		v.reset, v.puts = true, nil
	}
	for _, r := range c.stackPuts {
		if v.puts == nil {
			v.puts = map[string]StackRecord{}
		}
		v.puts[r.ID] = r
	}
}

// stackNow returns the stack whose ID is id as the write being prepared
// sees it: the book, with what the group did before it (s.pending). Only
// a write's fn calls it, under s.mu.
func (s *Service) stackNow(id string) (StackRecord, bool) {
	if r, ok := s.pending.puts[id]; ok {
		return r, true
	}
	if s.pending.reset {
		return StackRecord{}, false
	}
	s.stacks.mu.RLock()
	defer s.stacks.mu.RUnlock()
	r, ok := s.stacks.byID[id]
	return r, ok
}

// ClaimStack takes over, for this process, the operation of the stack
// whose ID is id, which UnfinishedStacks listed. Under the store's lock,
// on the latest state, it checks that the stack is still unfinished (in
// progress and, with replicas, written by nobody for
// StackAbandonedAfter) and stamps it updated now, so that the other
// replicas pass it by while this one resumes it. It returns the stack as
// it is then and whether this call took it over: false when the stack is
// gone, finished, or was written since (its replica is alive, or another
// replica took it over first). It is for the server's wiring, not for
// callers of the API. Errors: Internal when the store fails.
func (s *Service) ClaimStack(ctx context.Context, id string) (StackRecord, bool, error) {
	var got StackRecord
	won := false
	err := s.update(ctx, func(ch *change) error {
		r, ok := s.stackNow(id)
		won = ok && s.unfinished(r, ch.now)
		if won {
			r.UpdatedAt = ch.now
			putStack(ch, r)
			got = r
		}
		return nil
	})
	if err != nil || !won {
		return StackRecord{}, false, err
	}
	return got, true, nil
}

// ErrStackTakenOver is what SaveStack and TouchStack return to a runner
// whose stack was written by someone else since the runner last wrote or
// read it: another replica took the operation over (ClaimStack) while
// this one seemed stopped, or ran an operation of its own on the stack.
// The runner must give the operation up.
var ErrStackTakenOver = errors.New("gov: the stack was written by another replica since this one read it")

// SaveStack is PutStack for the runner of a stack's operation. With since
// set (the UpdatedAt the runner last read or was given for the stack), it
// writes r only if nobody else has written the stack since, so that a
// runner that another replica took for stopped cannot undo the other's
// work. It returns the stack's new UpdatedAt. Errors: PutStack's, and
// ErrStackTakenOver.
func (s *Service) SaveStack(ctx context.Context, c Caller, r StackRecord, since time.Time) (time.Time, error) {
	if r.AccountID != c.AccountID {
		return time.Time{}, newErr(AccessDenied, "", "", "account %s may not write a stack of account %s", c.AccountID, r.AccountID)
	}
	if r.ID == "" || r.Name == "" {
		return time.Time{}, invalid(ReasonInputRequired, "a stack needs an ID and a name")
	}
	err := s.update(ctx, func(ch *change) error {
		if !since.IsZero() {
			if cur, ok := s.stackNow(r.ID); !ok || !cur.UpdatedAt.Equal(since) {
				return ErrStackTakenOver
			}
		}
		r.UpdatedAt = ch.now
		putStack(ch, r)
		return nil
	})
	if err != nil {
		return time.Time{}, err
	}
	return r.UpdatedAt, nil
}

// TouchStack stamps the caller's stack whose ID is id updated now,
// changing nothing else: a runner's heartbeat, which tells the other
// replicas that the stack's operation is alive while a step runs longer
// than a write would show. since is as for SaveStack. It returns the
// stack's UpdatedAt; a stack whose operation is over is left alone.
// Errors: AccessDenied when the stack belongs to another account,
// ErrStackTakenOver, Internal when the store fails.
func (s *Service) TouchStack(ctx context.Context, c Caller, id string, since time.Time) (time.Time, error) {
	var at time.Time
	err := s.update(ctx, func(ch *change) error {
		r, ok := s.stackNow(id)
		switch {
		case !ok || !since.IsZero() && !r.UpdatedAt.Equal(since):
			return ErrStackTakenOver
		case r.AccountID != c.AccountID:
			return newErr(AccessDenied, "", "", "account %s may not write a stack of account %s", c.AccountID, r.AccountID)
		case !inProgress(r.Status):
			at = r.UpdatedAt
			return nil
		}
		r.UpdatedAt = ch.now
		putStack(ch, r)
		at = r.UpdatedAt
		return nil
	})
	if err != nil {
		return time.Time{}, err
	}
	return at, nil
}
