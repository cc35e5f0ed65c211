package snapshot

import (
	"hash/maphash"
	"maps"
	"reflect"
)

// Table is one version of a map from string keys to values, split into
// shards so that a write copies one shard, not the whole map. A Model
// holds tables of up to millions of entries (accounts, chat
// configurations); a write that copied such a table whole would cost
// milliseconds.
//
// A table in a published model is never changed. A table in a model being
// built (see Model.Clone) is edited in place with Set and Delete: the first
// write copies the shard array and the shard it falls in, later writes to
// that shard change the copy. Gets and Ranges see the writes made so far.
// freeze ends the editing: the next write starts new copies, so a model
// can be published and cloned again.
type Table[V any] struct {
	shards *[tableShards]map[string]V
	n      int
	// owned is non-nil while the table is being edited: which shards this
	// version copied, and so may change in place.
	owned *[tableShards / 64]uint64
}

const tableShards = 1024

var tableSeed = maphash.MakeSeed()

func shardOf(k string) int { return int(maphash.String(tableSeed, k) % tableShards) }

// Get returns the value for k.
func (t Table[V]) Get(k string) (V, bool) {
	var zero V
	if t.shards == nil {
		return zero, false
	}
	v, ok := t.shards[shardOf(k)][k]
	return v, ok
}

// Len returns the number of entries.
func (t Table[V]) Len() int { return t.n }

// Range calls fn for every entry, in no particular order, until fn returns
// false. fn may Set or Delete entries of the table it ranges over; Range
// may or may not then see the entries fn adds.
func (t Table[V]) Range(fn func(k string, v V) bool) {
	if t.shards == nil {
		return
	}
	for _, s := range t.shards {
		for k, v := range s {
			if !fn(k, v) {
				return
			}
		}
	}
}

// Values returns every value, in no particular order.
func (t Table[V]) Values() []V {
	out := make([]V, 0, t.n)
	t.Range(func(_ string, v V) bool { out = append(out, v); return true })
	return out
}

// Set sets the value of k. It must be called only on a table of a model
// being built.
func (t *Table[V]) Set(k string, v V) {
	s := t.own(k)
	if _, ok := s[k]; !ok {
		t.n++
	}
	s[k] = v
}

// Delete removes k, if present. It must be called only on a table of a
// model being built.
func (t *Table[V]) Delete(k string) {
	if _, ok := t.Get(k); !ok {
		return
	}
	delete(t.own(k), k)
	t.n--
}

// own returns k's shard, copied first if this version does not own it yet.
func (t *Table[V]) own(k string) map[string]V {
	if t.owned == nil {
		shards := new([tableShards]map[string]V)
		if t.shards != nil {
			*shards = *t.shards
		}
		t.shards, t.owned = shards, new([tableShards / 64]uint64)
	}
	i := shardOf(k)
	if t.owned[i/64]&(1<<(i%64)) == 0 {
		if t.shards[i] == nil {
			t.shards[i] = map[string]V{}
		} else {
			t.shards[i] = maps.Clone(t.shards[i])
		}
		t.owned[i/64] |= 1 << (i % 64)
	}
	return t.shards[i]
}

// freeze ends the table's editing: the next write copies again.
func (t *Table[V]) freeze() { t.owned = nil }

// freezer is a table of any value type.
type freezer interface{ freeze() }

// tableFields are the indexes of Model's fields that are tables, found
// once so that freezing a model needs no list of its tables.
var tableFields = func() []int {
	var out []int
	ft := reflect.TypeFor[freezer]()
	mt := reflect.TypeFor[Model]()
	for i := range mt.NumField() {
		if reflect.PointerTo(mt.Field(i).Type).Implements(ft) {
			out = append(out, i)
		}
	}
	return out
}()

// Freeze ends the editing of every table of m: m can be published (and
// cloned). Tables are found by type, so a new table needs no line here.
func (m *Model) Freeze() {
	v := reflect.ValueOf(m).Elem()
	for _, i := range tableFields {
		v.Field(i).Addr().Interface().(freezer).freeze()
	}
}
