package gov

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// StackRecord is a CloudFormation stack as gov keeps it: who owns it, its
// name and status, and the document internal/cfn/stack writes and reads
// whole (template, parameters, resources, events, change sets). gov
// stores the document as given; the runner gives it meaning.
type StackRecord struct {
	ID        string // the stack ARN
	AccountID string
	Name      string
	Status    string
	Document  string
	UpdatedAt time.Time
}

// stackBook holds the stacks in memory, beside the model: stacks are
// read by their owners only and written by the runner, one operation at
// a time, so they need none of the model's machinery.
type stackBook struct {
	mu   sync.RWMutex
	byID map[string]StackRecord
}

func newStackBook(stacks []store.Stack) *stackBook {
	b := &stackBook{byID: make(map[string]StackRecord, len(stacks))}
	for _, s := range stacks {
		b.byID[s.ID] = StackRecord{ID: s.ID, AccountID: s.AccountID, Name: s.Name, Status: s.Status,
			Document: s.Document, UpdatedAt: s.UpdatedAt}
	}
	return b
}

// forget queues the deletion of every stack (emulator reset); the book is
// emptied once the change is committed (applyStacks).
func (b *stackBook) forget(ch *change) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	ch.stacksReset = true
	for id := range b.byID {
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteStack(ctx, id) })
	}
}

// PutStack makes a stack durable: inserted or replaced, committed before
// it returns. A stack belongs to the account that calls: it returns
// AccessDenied when r.AccountID is another account, Invalid
// (INPUT_REQUIRED) when r has no ID or name, and Internal when the store
// fails.
func (s *Service) PutStack(ctx context.Context, c Caller, r StackRecord) error {
	_, err := s.SaveStack(ctx, c, r, time.Time{})
	return err
}

// putStack queues the writing of r. The book takes r once the change is
// committed (applyStacks), as it does on the other replicas.
func putStack(ch *change, r StackRecord) {
	rec := store.Stack{ID: r.ID, AccountID: r.AccountID, Name: r.Name, Status: r.Status, Document: r.Document, UpdatedAt: r.UpdatedAt}
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutStack(ctx, rec) })
	ch.stackPuts = append(ch.stackPuts, r)
}

// Stacks returns the caller's account's stacks, deleted ones included,
// newest first. It never fails: an account without stacks has none.
func (s *Service) Stacks(c Caller) []StackRecord {
	s.stacks.mu.RLock()
	defer s.stacks.mu.RUnlock()
	var out []StackRecord
	for _, r := range s.stacks.byID {
		if r.AccountID == c.AccountID {
			out = append(out, r)
		}
	}
	sortStacks(out)
	return out
}

// UnfinishedStacks returns every account's stacks whose operation was
// left running: the runner resumes or rolls them back at start-up and,
// with replicas, takes them over (ClaimStack) from a replica that
// stopped. It is for the server's wiring, not for callers of the API.
//
// An unfinished stack's status ends in _IN_PROGRESS (a change set's
// review aside). With replicas, a stack another replica is running is
// not unfinished: only stacks nothing has been written for since
// StackAbandonedAfter are (a runner saves every step, and stamps the
// stack while a step runs long: TouchStack).
func (s *Service) UnfinishedStacks() []StackRecord {
	s.stacks.mu.RLock()
	defer s.stacks.mu.RUnlock()
	var out []StackRecord
	now := s.now()
	for _, r := range s.stacks.byID {
		if s.unfinished(r, now) {
			out = append(out, r)
		}
	}
	sortStacks(out)
	return out
}

// unfinished reports whether the operation of r is one to resume at now
// (UnfinishedStacks).
func (s *Service) unfinished(r StackRecord, now time.Time) bool {
	if s.feed != nil && now.Sub(r.UpdatedAt) < s.stackStale {
		return false
	}
	return inProgress(r.Status)
}

// inProgress reports whether a stack's status is an operation running.
func inProgress(status string) bool {
	return strings.HasSuffix(status, "_IN_PROGRESS") && status != "REVIEW_IN_PROGRESS"
}

// DefaultStackAbandonedAfter is how long, by default, a replica waits
// before it takes a stack in progress for one a stopped replica left
// (Options.StackAbandonedAfter): longer than a step of a stack runs.
const DefaultStackAbandonedAfter = 2 * time.Minute

// StackAbandonedAfter returns how long a stack in progress goes without a
// write before the replicas take it for abandoned: a runner stamps the
// stacks it runs more often than that (TouchStack).
func (s *Service) StackAbandonedAfter() time.Duration { return s.stackStale }

func sortStacks(out []StackRecord) {
	sort.Slice(out, func(i, j int) bool {
		if !out[i].UpdatedAt.Equal(out[j].UpdatedAt) {
			return out[i].UpdatedAt.After(out[j].UpdatedAt)
		}
		return out[i].ID < out[j].ID
	})
}
