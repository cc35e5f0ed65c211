package gov

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/store"
)

// Options configure a Service.
type Options struct {
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
	// Rand supplies randomness for IDs and keys; crypto/rand when nil.
	Rand io.Reader
	// Logger receives the service's events; discarded when nil.
	Logger *slog.Logger
	// Emulator enables the permissive mode of local emulators: any access
	// key authenticates (see Authenticate). Never set it in production.
	Emulator bool
	// Feed, when set, is the change feed of a store this process shares
	// with others (replicas): writes then log what they did, catch up
	// with the others' changes before they are made, and Follow applies
	// the others' changes as they commit.
	Feed store.ChangeFeed
	// StackAbandonedAfter is how long, with replicas, a CloudFormation
	// stack operation in progress goes without a write before the
	// replicas take it for abandoned by one that stopped
	// (UnfinishedStacks, ClaimStack); DefaultStackAbandonedAfter when
	// zero.
	StackAbandonedAfter time.Duration
}

// Service is chatgov's application service: every use case, with caller
// authorization, validation and transactions. It is safe for concurrent
// use: reads run on the current immutable model without locks, writes are
// serialized, committed to the store, then published.
type Service struct {
	st   store.Store
	now  func() time.Time
	rand io.Reader
	log  *slog.Logger
	emu  bool

	mu  sync.Mutex // serializes writes and the application of others' changes
	cur atomic.Pointer[snapshot.Model]
	// feed follows the other processes sharing the store (nil: this
	// process is the store's only one); see replica.go.
	feed store.ChangeFeed
	// writes queues the writes waiting for a group commit (commit.go).
	writes writeQueue
	// published is closed, and replaced, whenever a version is published.
	published atomic.Pointer[chan struct{}]
	lag       replicaLag
	// kick wakes Follow when a reader waits for a revision (WaitRevision).
	kick chan struct{}

	// pub wakes the gateway when messages are published (notifications.go).
	pubOnce sync.Once
	pub     chan struct{}
	stacks  *stackBook // CloudFormation stacks (stacks.go)
	// pending is what the group being committed does to the stacks,
	// beside the book (stacks_claim.go); under mu.
	pending stackView
	// stackStale is StackAbandonedAfter.
	stackStale time.Duration
}

// New loads the stored state and returns a service over it. It returns
// Internal when the store cannot be read or holds a state that does not load
// (a stored policy that no longer parses, a tree that breaks its
// invariants).
func New(ctx context.Context, st store.Store, opts Options) (*Service, error) {
	s := &Service{st: st, now: opts.Now, rand: opts.Rand, log: opts.Logger, emu: opts.Emulator, feed: opts.Feed}
	pub := make(chan struct{})
	s.published.Store(&pub)
	s.kick = make(chan struct{}, 1)
	if s.now == nil {
		s.now = time.Now
	}
	s.stackStale = opts.StackAbandonedAfter
	if s.stackStale <= 0 {
		s.stackStale = DefaultStackAbandonedAfter
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	state, err := st.Load(ctx)
	if err != nil {
		return nil, internal(err, "loading the store")
	}
	read := time.Since(start)
	accounts, configs := len(state.Accounts), len(state.ChatConfigurations)
	s.stacks = newStackBook(state.Stacks)
	m, err := fromStore(state)
	if err != nil {
		return nil, err
	}
	s.cur.Store(m.Model)
	s.log.Info("state loaded", "accounts", accounts, "chat_configurations", configs,
		"read_seconds", read.Seconds(), "model_seconds", (time.Since(start) - read).Seconds())
	return s, nil
}

// Emulator reports whether the service runs in the permissive emulator mode.
func (s *Service) Emulator() bool { return s.emu }

// Revision returns the revision of the current state: it grows with every
// committed write.
func (s *Service) Revision() int64 { return s.cur.Load().Rev }

func (s *Service) model() model { return model{s.cur.Load()} }

// op is one store write queued by a change.
type op func(ctx context.Context, tx store.Tx) error

// change builds the next model from the current one and queues the store
// writes that make it durable.
type change struct {
	old model
	m   model
	now time.Time
	ops []op

	treeCopied bool
	// cause names the write for compliance events; touched and touchAll
	// ask for configurations to be re-checked; events and eventCause are
	// what the re-check found.
	cause      cause
	touched    map[string]bool
	touchAll   bool
	events     []store.ComplianceEvent
	eventCause store.ComplianceCause
	// effDirty lists, per policy type, the nodes whose effective policy
	// must be recomputed (with their subtrees).
	effDirty map[string][]string

	// treeOps are the tree's edits (change.tree) and treeCopy the copy
	// they were made on; stackPuts and stacksReset what the change does
	// to the CloudFormation stacks, which live beside the model; record
	// describes the change for the change log.
	treeOps     []treeOp
	treeCopy    *org.Tree
	stackPuts   []StackRecord
	stacksReset bool
	record      *changeRecord
}

func (c *change) do(o op) { c.ops = append(c.ops, o) }

// treeEdit returns the next model's tree, copied from the current one on
// first use so that readers of the current model never see it change.
func (c *change) treeEdit() *org.Tree {
	if !c.treeCopied {
		c.m.Tree = c.m.Tree.Clone()
		c.treeCopied, c.treeCopy = true, c.m.Tree
	}
	return c.m.Tree
}

// prepare builds the next model from the current one: fn's changes, then
// the effective policies and configuration states they imply. It returns
// nil when fn queued nothing. prepare changes nothing itself, so a
// simulation can run it without committing.
func (s *Service) prepare(fn func(c *change) error) (*change, error) {
	return s.prepareOn(s.cur.Load(), fn, false)
}

// prepareOn is prepare from the version old; with record, the change also
// describes itself for the change log (c.record).
func (s *Service) prepareOn(old *snapshot.Model, fn func(c *change) error, record bool) (*change, error) {
	c := &change{old: model{old}, m: model{old.Clone()}, now: s.now().UTC().Truncate(time.Microsecond)}
	if err := fn(c); err != nil {
		return nil, err
	}
	if len(c.ops) == 0 {
		return nil, nil
	}
	if record {
		r, err := c.newRecord()
		if err != nil {
			return nil, internal(err, "describing the change for the change log")
		}
		c.record = r
	}
	c.refreshEffective()
	c.recheckChats()
	c.m.Freeze()
	return c, nil
}
