package gov

import (
	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/policy"
)

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
	next := map[policy.Type]*snapshot.EffectiveCache{}
	for t := range m.Enabled {
		info, _ := policy.Lookup(t)
		if !info.Management || m.Tree == nil {
			continue
		}
		cache, ok := m.Effective[t]
		if !ok {
			next[t] = snapshot.BuildEffectiveCache(m.Model, t, now)
			continue
		}
		roots := append(c.effDirty[string(t)], c.effDirty[""]...)
		if len(roots) > 0 {
			cache = cache.Recompute(m.Model, roots, now)
		}
		next[t] = cache
	}
	m.Effective = next
}
