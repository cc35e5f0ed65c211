package gov

import (
	"context"
	"sort"
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
	if r.AccountID != c.AccountID {
		return newErr(AccessDenied, "", "", "account %s may not write a stack of account %s", c.AccountID, r.AccountID)
	}
	if r.ID == "" || r.Name == "" {
		return invalid(ReasonInputRequired, "a stack needs an ID and a name")
	}
	r.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
	rec := store.Stack{ID: r.ID, AccountID: r.AccountID, Name: r.Name, Status: r.Status, Document: r.Document, UpdatedAt: r.UpdatedAt}
	// The book takes r once the change is committed (applyStacks), as it
	// does on the other replicas.
	return s.update(ctx, func(ch *change) error {
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutStack(ctx, rec) })
		ch.stackPuts = append(ch.stackPuts, r)
		return nil
	})
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

// UnfinishedStacks returns every account's stacks whose status ends in
// _IN_PROGRESS: the operations a stopped server left running, which the
// runner resumes or rolls back at start-up. It is for the server's
// wiring, not for callers of the API.
//
// With replicas, a stack another replica is running is not unfinished:
// only stacks no step has been saved for since abandonedStack are (a
// runner saves every step, and an operation runs within its request).
func (s *Service) UnfinishedStacks() []StackRecord {
	s.stacks.mu.RLock()
	defer s.stacks.mu.RUnlock()
	var out []StackRecord
	now := s.now()
	for _, r := range s.stacks.byID {
		if s.feed != nil && now.Sub(r.UpdatedAt) < abandonedStack {
			continue
		}
		if len(r.Status) > len("_IN_PROGRESS") && r.Status[len(r.Status)-len("_IN_PROGRESS"):] == "_IN_PROGRESS" &&
			r.Status != "REVIEW_IN_PROGRESS" {
			out = append(out, r)
		}
	}
	sortStacks(out)
	return out
}

// abandonedStack is how long a replica waits before it takes a stack in
// progress for one a stopped replica left (UnfinishedStacks): longer than
// any request runs.
const abandonedStack = 2 * time.Minute

func sortStacks(out []StackRecord) {
	sort.Slice(out, func(i, j int) bool {
		if !out[i].UpdatedAt.Equal(out[j].UpdatedAt) {
			return out[i].UpdatedAt.After(out[j].UpdatedAt)
		}
		return out[i].ID < out[j].ID
	})
}
