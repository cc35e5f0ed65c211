package snapshot

import (
	"sort"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
)

// EffectiveCache holds the effective states of one policy type for the nodes
// that have policies of that type attached. Every other node shares the
// state of its nearest ancestor that has some (policy.State.Apply returns
// its input unchanged for a node without policies), so a lookup walks at
// most six nodes up, and the cache holds one entry per attached node
// rather than one per account.
type EffectiveCache struct {
	PolicyType policy.Type
	empty      *EffectiveEntry
	States     Table[*EffectiveEntry]
}

// EffectiveEntry is a node's effective state and when it last changed.
type EffectiveEntry struct {
	State *policy.State
	At    time.Time
	// view is the state compiled for chat decisions, built on first use.
	viewOnce sync.Once
	view     *chatbot.Effective
}

// ChatbotView returns the entry's state compiled for decisions, or nil
// when no policy applies.
func (e *EffectiveEntry) ChatbotView() *chatbot.Effective {
	e.viewOnce.Do(func() { e.view = chatbot.Compile(e.State) })
	return e.view
}

// BuildEffectiveCache computes every attached node's state of type t.
func BuildEffectiveCache(m *Model, t policy.Type, now time.Time) *EffectiveCache {
	c := &EffectiveCache{PolicyType: t, empty: &EffectiveEntry{State: policy.Empty(t)}}
	return c.Recompute(m, []string{m.Tree.Root().ID}, now)
}

// EntryOf returns the effective state of a node.
func (c *EffectiveCache) EntryOf(m *Model, nodeID string) *EffectiveEntry {
	for id := nodeID; id != ""; {
		if e, ok := c.States.Get(id); ok {
			return e
		}
		n, ok := m.Tree.Node(id)
		if !ok {
			break
		}
		id = n.ParentID
	}
	return c.empty
}

// StateOf returns the effective state of a node.
func (c *EffectiveCache) StateOf(m *Model, nodeID string) *policy.State {
	return c.EntryOf(m, nodeID).State
}

// Recompute returns a cache in which every attached node at or below any of
// roots has been recomputed against m, and nodes that no longer exist or
// no longer have policies of the type are dropped.
func (c *EffectiveCache) Recompute(m *Model, roots []string, now time.Time) *EffectiveCache {
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
		n, ok := m.Tree.Node(id)
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
			p, _ = m.Tree.Node(p.ParentID)
		}
	}
	c.States.Range(func(id string, _ *EffectiveEntry) bool { consider(id); return true })
	m.Attached.Range(func(id string, _ []Attachment) bool { consider(id); return true })
	sort.Slice(todo, func(i, j int) bool { return todo[i].Depth < todo[j].Depth })
	next := &EffectiveCache{PolicyType: c.PolicyType, empty: c.empty, States: c.States}
	e := &next.States
	for _, n := range todo {
		pols := m.AttachmentsOf(n.ID, c.PolicyType)
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
			at = parent.At
		}
		for i, p := range pols {
			ps[i] = &policy.Policy{ID: p.ID, Name: p.Name, Doc: p.Doc}
			if now.IsZero() && p.UpdatedAt.After(at) {
				at = p.UpdatedAt
			}
		}
		e.Set(n.ID, &EffectiveEntry{State: parent.State.Apply(policy.TargetOf(n), ps), At: at})
	}
	e.freeze()
	return next
}

// entryFrom looks an entry up in a table being filled top-down.
func entryFrom(e *Table[*EffectiveEntry], m *Model, nodeID string, empty *EffectiveEntry) *EffectiveEntry {
	for id := nodeID; id != ""; {
		if en, ok := e.Get(id); ok {
			return en
		}
		n, ok := m.Tree.Node(id)
		if !ok {
			break
		}
		id = n.ParentID
	}
	return empty
}
