package gov

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// Replicas. Several processes may share a PostgreSQL store: each keeps the
// whole state in memory, as a single process does, and applies the
// others' writes from the store's change log in revision order. A write
// first catches up under the store's lock (commit.go), so it is validated
// against the latest state; Follow applies the others' writes as they
// commit, so that reads see them shortly after. A client that must read
// its own write on another replica names the write's revision
// (WaitRevision).

// applyRecord builds the version r describes from base, the version r's
// writer started from: r's edits, then the effective policies and
// configuration states recomputed as the writer recomputed them. It fails
// when r does not apply to base (a bug, or a change log of another
// version of chatgov).
func (s *Service) applyRecord(base *snapshot.Model, r *changeRecord) (*change, error) {
	if r.Rev != base.Rev+1 {
		return nil, fmt.Errorf("change %d does not follow revision %d", r.Rev, base.Rev)
	}
	c := &change{old: model{base}, m: model{base.Clone()}, now: r.Now, effDirty: r.EffDirty, touchAll: r.TouchAll,
		stackPuts: r.Stacks, stacksReset: r.StacksReset}
	m := c.m
	for name, entries := range r.Tables {
		if err := c.applyEntries(name, entries); err != nil {
			return nil, err
		}
	}
	if r.OrgSet {
		m.Org = nil
		if r.Org != nil {
			m.Org = &snapshot.Org{Organization: *r.Org}
		}
	}
	if r.SettingsSet {
		m.Settings = r.Settings
		if m.Settings == nil {
			m.Settings = map[string]string{}
		}
		m.ResourcePolicy = nil
		if err := m.loadResourcePolicy(); err != nil {
			return nil, err
		}
	}
	if r.EnabledSet {
		m.Enabled = map[policy.Type]bool{}
		for _, t := range r.Enabled {
			m.Enabled[t] = true
		}
	}
	if r.ServicesSet {
		m.Services = r.Services
		if m.Services == nil {
			m.Services = map[string]time.Time{}
		}
	}
	switch {
	case r.TreeSet && len(r.TreeNodes) == 0:
		m.Tree = nil
	case r.TreeSet:
		t, err := treeFromNodes(r.TreeNodes)
		if err != nil {
			return nil, err
		}
		m.Tree = t
	case len(r.TreeOps) > 0:
		t := c.treeEdit()
		for _, op := range r.TreeOps {
			if err := op.replay(t); err != nil {
				return nil, err
			}
		}
	}
	m.AttachSeq = r.AttachSeq
	for _, id := range r.Touched {
		c.touch(id)
	}
	c.refreshEffective()
	c.recheckChats()
	m.CauseSeq, m.EventSeq, m.Rev = r.CauseSeq, r.EventSeq, r.Rev
	m.Freeze()
	return c, nil
}

// applyEntries applies one table's entries; an account whose
// configurations changed is re-checked.
func (c *change) applyEntries(name string, entries []recordEntry) error {
	typ := snapshot.TableValueType(name)
	if typ == nil {
		return fmt.Errorf("the change log names a table %q this version does not have", name)
	}
	codec, custom := recordCodecs[name]
	out := make([]snapshot.Entry, len(entries))
	for i, e := range entries {
		out[i] = snapshot.Entry{Key: e.Key, Deleted: e.Deleted}
		if e.Deleted {
			continue
		}
		if custom {
			var old any
			if name == "Chats" {
				old, _ = c.old.Chats.Get(e.Key)
			}
			v, err := codec.decode(e.Value, old)
			if err != nil {
				return fmt.Errorf("decoding %s %q: %w", name, e.Key, err)
			}
			out[i].Value = v
			continue
		}
		p := reflect.New(typ)
		if err := json.Unmarshal(e.Value, p.Interface()); err != nil {
			return fmt.Errorf("decoding %s %q: %w", name, e.Key, err)
		}
		out[i].Value = p.Elem().Interface()
	}
	if name == "Chats" {
		for _, e := range entries {
			c.touch(e.Key)
		}
	}
	return c.m.SetEntries(name, out)
}

// catchUpTx applies, inside a write's transaction, the changes committed
// since base; it returns the version they make and the changes applied.
// When the log does not reach back to base, it loads the whole state.
func (s *Service) catchUpTx(ctx context.Context, tx store.Tx, base *snapshot.Model) (*snapshot.Model, []*change, error) {
	head, err := tx.Revision(ctx)
	if err != nil || head == base.Rev {
		return base, nil, err
	}
	log, err := tx.ChangesAfter(ctx, base.Rev)
	if errors.Is(err, store.ErrNoChangeLog) {
		m, err := s.reload(ctx)
		return m, nil, err
	}
	if err != nil {
		return base, nil, err
	}
	m, applied, err := s.applyLog(base, log)
	if err != nil {
		s.log.Error("a change of the log does not apply; loading the whole state again", "err", err)
		m, err = s.reload(ctx)
		return m, nil, err
	}
	return m, applied, nil
}

// applyLog applies logged changes to base, in order.
func (s *Service) applyLog(base *snapshot.Model, log []store.Change) (*snapshot.Model, []*change, error) {
	var applied []*change
	for _, l := range log {
		var r changeRecord
		if err := json.Unmarshal(l.Data, &r); err != nil {
			return base, applied, fmt.Errorf("change %d of the log does not decode: %w", l.Revision, err)
		}
		c, err := s.applyRecord(base, &r)
		if err != nil {
			return base, applied, fmt.Errorf("change %d of the log: %w", l.Revision, err)
		}
		base = c.m.Model
		applied = append(applied, c)
		s.lag.applied(l.Time, s.now())
	}
	return base, applied, nil
}

// reload loads the whole state again, for a replica the change log no
// longer reaches back to. The caller holds s.mu.
func (s *Service) reload(ctx context.Context) (*snapshot.Model, error) {
	state, err := s.st.Load(ctx)
	if err != nil {
		return nil, err
	}
	stacks := newStackBook(state.Stacks)
	m, err := fromStore(state)
	if err != nil {
		return nil, err
	}
	s.stacks.mu.Lock()
	s.stacks.byID = stacks.byID
	s.stacks.mu.Unlock()
	s.log.Info("state reloaded: the change log did not reach back to this replica's revision", "revision", m.Rev)
	return m.Model, nil
}

// Follow applies the changes other processes commit to the shared store,
// as they commit, until ctx ends; it returns ctx's error, or an error
// when the Service has no change feed. A change that does not apply stops
// nothing: it is logged, and the state is loaded again.
func (s *Service) Follow(ctx context.Context) error {
	if s.feed == nil {
		return errors.New("gov: the store has no change feed: this process is its only one")
	}
	ticks := s.feed.Watch(ctx)
	poll := time.NewTicker(followPoll)
	defer poll.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticks:
		case <-poll.C:
		case <-s.kick:
		}
		if err := s.catchUp(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("following the shared store's changes failed; will try again", "err", err)
		}
	}
}

// followPoll is how often Follow reads the log without a notification:
// notifications are lost while the listening connection is down.
const followPoll = time.Second

// catchUp reads the changes after the current version and applies them.
func (s *Service) catchUp(ctx context.Context) error {
	for {
		base := s.cur.Load()
		log, err := s.feed.ChangesAfter(ctx, base.Rev, followBatch)
		if err != nil && !errors.Is(err, store.ErrNoChangeLog) {
			return err
		}
		if err == nil && len(log) == 0 {
			s.lag.caughtUp()
			return nil
		}
		s.mu.Lock()
		var applied []*change
		if cur := s.cur.Load(); cur != base {
			s.mu.Unlock() // a write of this process caught up meanwhile
			continue
		}
		var m *snapshot.Model
		if err != nil { // ErrNoChangeLog
			m, err = s.reload(ctx)
		} else if m, applied, err = s.applyLog(base, log); err != nil {
			s.log.Error("a change of the log does not apply; loading the whole state again", "err", err)
			m, applied = nil, nil
			m, err = s.reload(ctx)
		}
		// The stacks first, so that a reader that waited for the
		// revision sees them, and under s.mu, in revision order.
		s.applyStacks(applied)
		if m != nil && m != base {
			s.publish(m)
		}
		s.mu.Unlock()
		if err != nil {
			return err
		}
	}
}

// followBatch is the most changes one read of the log applies.
const followBatch = 500

// WaitRevision waits until this process has applied revision rev, at most
// until ctx ends; it reports whether it has. A replica that is behind
// reads the log at once rather than wait for its next notification.
func (s *Service) WaitRevision(ctx context.Context, rev int64) bool {
	for {
		ch := *s.published.Load()
		if s.cur.Load().Rev >= rev {
			return true
		}
		if s.feed != nil {
			select {
			case s.kick <- struct{}{}:
			default:
			}
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return s.cur.Load().Rev >= rev
		}
	}
}

// replicaLag measures how far behind the shared store this replica is.
type replicaLag struct {
	mu      sync.Mutex
	seconds float64 // of the last change applied, when it was applied
}

func (l *replicaLag) applied(committed, now time.Time) {
	if committed.IsZero() {
		return
	}
	l.mu.Lock()
	l.seconds = max(0, now.Sub(committed).Seconds())
	l.mu.Unlock()
}

func (l *replicaLag) caughtUp() {
	l.mu.Lock()
	l.seconds = 0
	l.mu.Unlock()
}

// ReplicationLag returns how long after its commit this replica applied
// the last change of another replica it applied, or 0 once it has caught
// up; always 0 without a change feed.
func (s *Service) ReplicationLag() time.Duration {
	s.lag.mu.Lock()
	defer s.lag.mu.Unlock()
	return time.Duration(s.lag.seconds * float64(time.Second))
}

// Sync applies the changes other replicas have committed so far; it
// returns at once without replicas. Its errors are the store's.
func (s *Service) Sync(ctx context.Context) error {
	if s.feed == nil {
		return nil
	}
	return s.catchUp(ctx)
}

// Replicated reports whether this process shares its store with others.
func (s *Service) Replicated() bool { return s.feed != nil }
