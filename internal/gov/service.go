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

	mu  sync.Mutex // serializes writes
	cur atomic.Pointer[snapshot.Model]

	// pub wakes the gateway when messages are published (notifications.go).
	pubOnce sync.Once
	pub     chan struct{}
	stacks  *stackBook // CloudFormation stacks (stacks.go)
}

// New loads the stored state and returns a service over it. It returns
// Internal when the store cannot be read or holds a state that does not load
// (a stored policy that no longer parses, a tree that breaks its
// invariants).
func New(ctx context.Context, st store.Store, opts Options) (*Service, error) {
	s := &Service{st: st, now: opts.Now, rand: opts.Rand, log: opts.Logger, emu: opts.Emulator}
	if s.now == nil {
		s.now = time.Now
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
}

func (c *change) do(o op) { c.ops = append(c.ops, o) }

// treeEdit returns the next model's tree, copied from the current one on
// first use so that readers of the current model never see it change.
func (c *change) treeEdit() *org.Tree {
	if !c.treeCopied {
		c.m.Tree = c.m.Tree.Clone()
		c.treeCopied = true
	}
	return c.m.Tree
}

// update runs one write: fn validates against and changes c.m (a copy of
// the current model) and queues store writes; update commits them in one
// transaction and, once they are durable, publishes the new model. When
// fn fails or queues nothing, nothing changes.
func (s *Service) update(ctx context.Context, fn func(c *change) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.prepare(fn)
	if err != nil || c == nil {
		return err
	}
	err = s.st.Update(ctx, func(ctx context.Context, tx store.Tx) error {
		for _, o := range c.ops {
			if err := o(ctx, tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return internal(err, "the change could not be saved")
	}
	c.m.Rev++
	s.cur.Store(c.m.Model)
	return nil
}

// prepare builds the next model: fn's changes, then the effective policies
// and configuration states they imply. It returns nil when fn queued
// nothing. prepare changes nothing itself, so a simulation can run it
// without committing.
func (s *Service) prepare(fn func(c *change) error) (*change, error) {
	old := s.cur.Load()
	c := &change{old: model{old}, m: model{old.Clone()}, now: s.now().UTC().Truncate(time.Microsecond)}
	if err := fn(c); err != nil {
		return nil, err
	}
	if len(c.ops) == 0 {
		return nil, nil
	}
	c.refreshEffective()
	c.recheckChats()
	c.m.Freeze()
	return c, nil
}
