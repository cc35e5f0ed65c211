package gov

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

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
	cur atomic.Pointer[model]

	// pub wakes the gateway when messages are published (notifications.go).
	pubOnce sync.Once
	pub     chan struct{}
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
	m, err := fromStore(state)
	if err != nil {
		return nil, err
	}
	s.cur.Store(m)
	s.log.Info("state loaded", "accounts", accounts, "chat_configurations", configs,
		"read_seconds", read.Seconds(), "model_seconds", (time.Since(start) - read).Seconds())
	return s, nil
}

// Emulator reports whether the service runs in the permissive emulator mode.
func (s *Service) Emulator() bool { return s.emu }

// Revision returns the revision of the current state: it grows with every
// committed write.
func (s *Service) Revision() int64 { return s.cur.Load().rev }

func (s *Service) model() *model { return s.cur.Load() }

// op is one store write queued by a change.
type op func(ctx context.Context, tx store.Tx) error

// change builds the next model from the current one and queues the store
// writes that make it durable.
type change struct {
	old *model
	m   *model
	now time.Time
	ops []op

	ous        *cowEditor[*ouRec]
	accts      *cowEditor[*accountRec]
	creates    *cowEditor[*store.CreateAccountStatus]
	pols       *cowEditor[*policyRec]
	attached   *cowEditor[[]attachment]
	targets    *cowEditor[[]string]
	tags       *cowEditor[map[string]string]
	delegated  *cowEditor[map[string]time.Time]
	creds      *cowEditor[*store.Credential]
	treeCopied bool
	chats      *cowEditor[*accountChats]
	slack      *cowEditor[*store.SlackChannel]
	teams      *cowEditor[*store.TeamsTeam]
	prefs      *cowEditor[*store.AccountPreferences]
	idents     *cowEditor[[]*store.UserIdentity]
	handshakes *cowEditor[*store.Handshake]
	standalone *cowEditor[*store.StandaloneAccount]
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
		c.m.tree = c.m.tree.Clone()
		c.treeCopied = true
	}
	return c.m.tree
}

func (c *change) ouEdit() *cowEditor[*ouRec] {
	if c.ous == nil {
		c.ous = c.m.ous.edit()
	}
	return c.ous
}

func (c *change) acctEdit() *cowEditor[*accountRec] {
	if c.accts == nil {
		c.accts = c.m.accts.edit()
	}
	return c.accts
}

func (c *change) createEdit() *cowEditor[*store.CreateAccountStatus] {
	if c.creates == nil {
		c.creates = c.m.creates.edit()
	}
	return c.creates
}

func (c *change) polEdit() *cowEditor[*policyRec] {
	if c.pols == nil {
		c.pols = c.m.pols.edit()
	}
	return c.pols
}

func (c *change) attachEdit() (*cowEditor[[]attachment], *cowEditor[[]string]) {
	if c.attached == nil {
		c.attached, c.targets = c.m.attached.edit(), c.m.targets.edit()
	}
	return c.attached, c.targets
}

func (c *change) tagEdit() *cowEditor[map[string]string] {
	if c.tags == nil {
		c.tags = c.m.tags.edit()
	}
	return c.tags
}

func (c *change) delegEdit() *cowEditor[map[string]time.Time] {
	if c.delegated == nil {
		c.delegated = c.m.delegated.edit()
	}
	return c.delegated
}

func (c *change) credEdit() *cowEditor[*store.Credential] {
	if c.creds == nil {
		c.creds = c.m.creds.edit()
	}
	return c.creds
}

// finish publishes the edited maps into the next model. It may be called
// more than once; edits after it start new copies.
func (c *change) finish() {
	if c.ous != nil {
		c.m.ous, c.ous = c.ous.done(), nil
	}
	if c.accts != nil {
		c.m.accts, c.accts = c.accts.done(), nil
	}
	if c.creates != nil {
		c.m.creates, c.creates = c.creates.done(), nil
	}
	if c.pols != nil {
		c.m.pols, c.pols = c.pols.done(), nil
	}
	if c.attached != nil {
		c.m.attached, c.m.targets = c.attached.done(), c.targets.done()
		c.attached, c.targets = nil, nil
	}
	if c.tags != nil {
		c.m.tags, c.tags = c.tags.done(), nil
	}
	if c.delegated != nil {
		c.m.delegated, c.delegated = c.delegated.done(), nil
	}
	if c.creds != nil {
		c.m.creds, c.creds = c.creds.done(), nil
	}
	if c.chats != nil {
		c.m.chats, c.chats = c.chats.done(), nil
	}
	if c.slack != nil {
		c.m.slack, c.slack = c.slack.done(), nil
	}
	if c.teams != nil {
		c.m.teams, c.teams = c.teams.done(), nil
	}
	if c.prefs != nil {
		c.m.prefs, c.prefs = c.prefs.done(), nil
	}
	if c.idents != nil {
		c.m.idents, c.idents = c.idents.done(), nil
	}
	if c.handshakes != nil {
		c.m.handshakes, c.handshakes = c.handshakes.done(), nil
	}
	if c.standalone != nil {
		c.m.standalone, c.standalone = c.standalone.done(), nil
	}
}

func (c *change) slackEdit() *cowEditor[*store.SlackChannel] {
	if c.slack == nil {
		c.slack = c.m.slack.edit()
	}
	return c.slack
}

func (c *change) teamsEdit() *cowEditor[*store.TeamsTeam] {
	if c.teams == nil {
		c.teams = c.m.teams.edit()
	}
	return c.teams
}

func (c *change) prefEdit() *cowEditor[*store.AccountPreferences] {
	if c.prefs == nil {
		c.prefs = c.m.prefs.edit()
	}
	return c.prefs
}

func (c *change) identEdit() *cowEditor[[]*store.UserIdentity] {
	if c.idents == nil {
		c.idents = c.m.idents.edit()
	}
	return c.idents
}

func (c *change) chatEdit() *cowEditor[*accountChats] {
	if c.chats == nil {
		c.chats = c.m.chats.edit()
	}
	return c.chats
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
	c.m.rev++
	s.cur.Store(c.m)
	return nil
}

// prepare builds the next model: fn's changes, then the effective policies
// and configuration states they imply. It returns nil when fn queued
// nothing. prepare changes nothing itself, so a simulation can run it
// without committing.
func (s *Service) prepare(fn func(c *change) error) (*change, error) {
	old := s.cur.Load()
	c := &change{old: old, m: old.clone(), now: s.now().UTC().Truncate(time.Microsecond)}
	if err := fn(c); err != nil {
		return nil, err
	}
	if len(c.ops) == 0 {
		return nil, nil
	}
	c.finish()
	c.refreshEffective()
	c.recheckChats()
	return c, nil
}
