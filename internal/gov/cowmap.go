package gov

import (
	"hash/maphash"
	"maps"
)

// cowMap is an immutable map from string keys to values, split into shards
// so that a write copies one shard, not the whole map. The snapshot holds
// maps of up to millions of entries (accounts, chat configurations); a
// write that copied such a map whole would cost milliseconds.
type cowMap[V any] struct {
	shards *[cowShards]map[string]V
	n      int
}

const cowShards = 1024

var cowSeed = maphash.MakeSeed()

func cowShard(k string) int { return int(maphash.String(cowSeed, k) % cowShards) }

// Get returns the value for k.
func (m cowMap[V]) Get(k string) (V, bool) {
	var zero V
	if m.shards == nil {
		return zero, false
	}
	v, ok := m.shards[cowShard(k)][k]
	return v, ok
}

// Len returns the number of entries.
func (m cowMap[V]) Len() int { return m.n }

// Range calls fn for every entry, in no particular order, until fn returns false.
func (m cowMap[V]) Range(fn func(k string, v V) bool) {
	if m.shards == nil {
		return
	}
	for _, s := range m.shards {
		for k, v := range s {
			if !fn(k, v) {
				return
			}
		}
	}
}

// Values returns every value, in no particular order.
func (m cowMap[V]) Values() []V {
	out := make([]V, 0, m.n)
	m.Range(func(_ string, v V) bool { out = append(out, v); return true })
	return out
}

// edit returns an editor of a copy of m: the first write to a shard copies
// that shard, later writes to it change the copy.
func (m cowMap[V]) edit() *cowEditor[V] {
	e := &cowEditor[V]{n: m.n}
	e.shards = new([cowShards]map[string]V)
	if m.shards != nil {
		*e.shards = *m.shards
	}
	return e
}

type cowEditor[V any] struct {
	shards *[cowShards]map[string]V
	owned  [cowShards / 64]uint64
	n      int
}

func (e *cowEditor[V]) shard(k string) map[string]V {
	i := cowShard(k)
	if e.owned[i/64]&(1<<(i%64)) == 0 {
		if e.shards[i] == nil {
			e.shards[i] = map[string]V{}
		} else {
			e.shards[i] = maps.Clone(e.shards[i])
		}
		e.owned[i/64] |= 1 << (i % 64)
	}
	return e.shards[i]
}

func (e *cowEditor[V]) get(k string) (V, bool) {
	v, ok := e.shards[cowShard(k)][k]
	return v, ok
}

func (e *cowEditor[V]) set(k string, v V) {
	s := e.shard(k)
	if _, ok := s[k]; !ok {
		e.n++
	}
	s[k] = v
}

func (e *cowEditor[V]) del(k string) {
	s := e.shard(k)
	if _, ok := s[k]; ok {
		delete(s, k)
		e.n--
	}
}

// done returns the edited map; the editor must not be used afterwards.
func (e *cowEditor[V]) done() cowMap[V] {
	return cowMap[V]{shards: e.shards, n: e.n}
}
