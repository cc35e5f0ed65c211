package gov

import (
	"sort"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
)

// effCache holds the effective states of one policy type for the nodes
// that have policies of that type attached. Every other node shares the
// state of its nearest ancestor that has some (policy.State.Apply returns
// its input unchanged for a node without policies), so a lookup walks at
// most six nodes up, and the cache holds one entry per attached node
// rather than one per account.
type effCache struct {
	typ    policy.Type
	empty  *effEntry
	states Table[*effEntry]
}

// effEntry is a node's effective state and when it last changed.
type effEntry struct {
	st *policy.State
	at time.Time
	// view is the state compiled for chat decisions, built on first use.
	viewOnce sync.Once
	view     *chatbot.Effective
}

// chatbotView returns the entry's state compiled for decisions, or nil
// when no policy applies.
func (e *effEntry) chatbotView() *chatbot.Effective {
	e.viewOnce.Do(func() { e.view = chatbot.Compile(e.st) })
	return e.view
}

// buildEffCache computes every attached node's state of type t.
func buildEffCache(m *model, t policy.Type, now time.Time) *effCache {
	c := &effCache{typ: t, empty: &effEntry{st: policy.Empty(t)}}
	return c.recompute(m, []string{m.tree.Root().ID}, now)
}

// entryOf returns the effective state of a node.
func (c *effCache) entryOf(m *model, nodeID string) *effEntry {
	for id := nodeID; id != ""; {
		if e, ok := c.states.Get(id); ok {
			return e
		}
		n, ok := m.tree.Node(id)
		if !ok {
			break
		}
		id = n.ParentID
	}
	return c.empty
}

// stateOf returns the effective state of a node.
func (c *effCache) stateOf(m *model, nodeID string) *policy.State { return c.entryOf(m, nodeID).st }

// recompute returns a cache in which every attached node at or below any of
// roots has been recomputed against m, and nodes that no longer exist or
// no longer have policies of the type are dropped.
func (c *effCache) recompute(m *model, roots []string, now time.Time) *effCache {
	isRoot := make(map[string]bool, len(roots))
	for _, r := range roots {
		isRoot[r] = true
	}
	var todo []*org.Node
	seen := map[string]bool{}
	consider := func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		n, ok := m.tree.Node(id)
		if !ok {
			todo = append(todo, &org.Node{ID: id, Depth: -1}) // gone: drop it
			return
		}
		for p := n; p != nil; {
			if isRoot[p.ID] {
				todo = append(todo, n)
				return
			}
			if p.ParentID == "" {
				return
			}
			p, _ = m.tree.Node(p.ParentID)
		}
	}
	c.states.Range(func(id string, _ *effEntry) bool { consider(id); return true })
	m.attached.Range(func(id string, _ []attachment) bool { consider(id); return true })
	sort.Slice(todo, func(i, j int) bool { return todo[i].Depth < todo[j].Depth })
	next := &effCache{typ: c.typ, empty: c.empty, states: c.states}
	e := &next.states
	for _, n := range todo {
		pols := m.attachmentsOf(n.ID, c.typ)
		if n.Depth < 0 || len(pols) == 0 {
			e.Delete(n.ID)
			continue
		}
		parent := c.empty
		if n.ParentID != "" {
			parent = entryFrom(e, m, n.ParentID, c.empty)
		}
		ps := make([]*policy.Policy, len(pols))
		at := now
		if now.IsZero() {
			// Rebuilding at start-up: the last change is the newest of the
			// parent's and of the policies applied here.
			at = parent.at
		}
		for i, p := range pols {
			ps[i] = &policy.Policy{ID: p.ID, Name: p.Name, Doc: p.doc}
			if now.IsZero() && p.UpdatedAt.After(at) {
				at = p.UpdatedAt
			}
		}
		e.Set(n.ID, &effEntry{st: parent.st.Apply(policy.TargetOf(n), ps), at: at})
	}
	e.freeze()
	return next
}

// entryFrom looks an entry up in a table being filled top-down.
func entryFrom(e *Table[*effEntry], m *model, nodeID string, empty *effEntry) *effEntry {
	for id := nodeID; id != ""; {
		if en, ok := e.Get(id); ok {
			return en
		}
		n, ok := m.tree.Node(id)
		if !ok {
			break
		}
		id = n.ParentID
	}
	return empty
}

// dirty marks a node whose effective policies of type t (or of every
// management type when t is "") must be recomputed, with its subtree.
func (c *change) dirty(t policy.Type, nodeID string) {
	if c.effDirty == nil {
		c.effDirty = map[string][]string{}
	}
	c.effDirty[string(t)] = append(c.effDirty[string(t)], nodeID)
}

// refreshEffective brings the effective caches in line with the new model:
// caches of types no longer enabled go, newly enabled types are built, and
// dirty nodes are recomputed.
func (c *change) refreshEffective() {
	now := c.now
	m := c.m
	next := map[policy.Type]*effCache{}
	for t := range m.enabled {
		info, _ := policy.Lookup(t)
		if !info.Management || m.tree == nil {
			continue
		}
		cache, ok := m.eff[t]
		if !ok {
			next[t] = buildEffCache(m, t, now)
			continue
		}
		roots := append(c.effDirty[string(t)], c.effDirty[""]...)
		if len(roots) > 0 {
			cache = cache.recompute(m, roots, now)
		}
		next[t] = cache
	}
	m.eff = next
}
