package snapshot

import (
	"fmt"
	"reflect"
)

// Entry is one changed key of a table between two versions: its new value,
// or Deleted.
type Entry struct {
	Key     string
	Value   any // the table's value type; nil when Deleted
	Deleted bool
	// Old is the key's value in the older version, nil when it had none.
	Old any
}

// anyTable is a table of any value type, as the version diff sees it.
type anyTable interface {
	changesSince(old any, fn func(k string, v, old any, deleted bool))
	setAny(k string, v any, deleted bool) error
	valueType() reflect.Type
}

// changesSince calls fn for every key whose value differs between old (a
// Table[V]) and t, in no particular order. Values are compared by identity
// (the same pointer, the same slice or map), which is what a version that
// shares everything it did not change offers: only shards that a write
// copied are read, so the cost follows the write, not the table.
func (t *Table[V]) changesSince(oldAny any, fn func(k string, v, old any, deleted bool)) {
	old := oldAny.(*Table[V])
	if t.shards == old.shards {
		return
	}
	var zero map[string]V
	for i := range tableShards {
		ns, os := zero, zero
		if t.shards != nil {
			ns = t.shards[i]
		}
		if old.shards != nil {
			os = old.shards[i]
		}
		if sameMap(ns, os) {
			continue
		}
		for k, v := range ns {
			ov, ok := os[k]
			switch {
			case !ok:
				fn(k, v, nil, false)
			case !sameValue(v, ov):
				fn(k, v, ov, false)
			}
		}
		for k, ov := range os {
			if _, ok := ns[k]; !ok {
				fn(k, nil, ov, true)
			}
		}
	}
}

func (t *Table[V]) setAny(k string, v any, deleted bool) error {
	if deleted {
		t.Delete(k)
		return nil
	}
	var tv V
	if v != nil {
		var ok bool
		tv, ok = v.(V)
		if !ok {
			return fmt.Errorf("snapshot: a %T for a table of %s", v, reflect.TypeFor[V]())
		}
	}
	t.Set(k, tv)
	return nil
}

func (t *Table[V]) valueType() reflect.Type { return reflect.TypeFor[V]() }

// sameMap reports whether two shards are the same map (or both absent).
func sameMap[M ~map[string]V, V any](a, b M) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// sameValue reports whether two values of a table are the same value:
// identical pointers, slices or maps, or equal plain values.
func sameValue[V any](a, b V) bool {
	va, vb := reflect.ValueOf(&a).Elem(), reflect.ValueOf(&b).Elem()
	switch va.Kind() {
	case reflect.Pointer, reflect.Map:
		return va.UnsafePointer() == vb.UnsafePointer()
	case reflect.Slice:
		return va.Len() == vb.Len() && (va.Len() == 0 || va.UnsafePointer() == vb.UnsafePointer())
	case reflect.String:
		return va.String() == vb.String()
	}
	return va.Equal(vb)
}

// TableNames lists the names of Model's tables (its fields of a Table
// type), in field order.
func TableNames() []string {
	mt := reflect.TypeFor[Model]()
	out := make([]string, 0, len(tableFields))
	for _, i := range tableFields {
		out = append(out, mt.Field(i).Name)
	}
	return out
}

// TableValueType returns the value type of the table named name, or nil
// when Model has no such table.
func TableValueType(name string) reflect.Type {
	t := tableByName(reflect.ValueOf(New()).Elem(), name)
	if t == nil {
		return nil
	}
	return t.valueType()
}

func tableByName(v reflect.Value, name string) anyTable {
	f := v.FieldByName(name)
	if !f.IsValid() {
		return nil
	}
	t, _ := f.Addr().Interface().(anyTable)
	return t
}

// TableChanges calls fn with the changed entries of every table of m
// against old, the version m was cloned from (directly or through
// versions in between), table by table in field order; tables without
// changes are skipped.
func TableChanges(old, m *Model, fn func(table string, entries []Entry)) {
	ov, nv := reflect.ValueOf(old).Elem(), reflect.ValueOf(m).Elem()
	mt := nv.Type()
	for _, i := range tableFields {
		var entries []Entry
		nt := nv.Field(i).Addr().Interface().(anyTable)
		nt.changesSince(ov.Field(i).Addr().Interface(), func(k string, v, old any, deleted bool) {
			entries = append(entries, Entry{Key: k, Value: v, Deleted: deleted, Old: old})
		})
		if len(entries) > 0 {
			fn(mt.Field(i).Name, entries)
		}
	}
}

// SetEntries applies entries to the table named name of m, a version
// being built. It fails when m has no such table or a value is not of
// the table's value type.
func (m *Model) SetEntries(name string, entries []Entry) error {
	t := tableByName(reflect.ValueOf(m).Elem(), name)
	if t == nil {
		return fmt.Errorf("snapshot: no table %q", name)
	}
	for _, e := range entries {
		if err := t.setAny(e.Key, e.Value, e.Deleted); err != nil {
			return fmt.Errorf("table %s, key %q: %w", name, e.Key, err)
		}
	}
	return nil
}
