package snapshot

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestTableIsolation(t *testing.T) {
	t.Parallel()
	var v1 Table[int]
	for i := 0; i < 1000; i++ {
		v1.Set(fmt.Sprint(i), i)
	}
	v1.freeze()
	v2 := v1
	v2.Set("0", -1)
	v2.Delete("1")
	v2.Delete("absent")
	v2.Set("new", 7)
	if x, _ := v2.Get("new"); x != 7 {
		t.Error("an edit does not see its own insert")
	}
	v2.freeze()
	if v1.Len() != 1000 || v2.Len() != 1000 {
		t.Fatalf("lengths %d %d", v1.Len(), v2.Len())
	}
	if x, _ := v1.Get("0"); x != 0 {
		t.Error("the original changed")
	}
	if _, ok := v1.Get("1"); !ok {
		t.Error("a delete reached the original")
	}
	if x, _ := v2.Get("0"); x != -1 {
		t.Error("the edit was lost")
	}
	if _, ok := v2.Get("1"); ok {
		t.Error("the delete was lost")
	}
	if _, ok := v1.Get("new"); ok {
		t.Error("an insert reached the original")
	}
	// After freeze, a write copies again: v2 stays as it was.
	v3 := v2
	v3.Set("0", -2)
	if x, _ := v2.Get("0"); x != -1 {
		t.Error("a write after freeze reached the frozen version")
	}
	n := 0
	v2.Range(func(string, int) bool { n++; return true })
	if n != 1000 || len(v2.Values()) != 1000 {
		t.Errorf("range saw %d", n)
	}
}

// TestModelFreezeReachesEveryTable checks that freezing a model ends the
// editing of each of its tables, found without a list, and that a
// clone of a frozen model edits copies.
func TestModelFreezeReachesEveryTable(t *testing.T) {
	t.Parallel()
	m := New()
	m.Accounts.Set("a", &AccountRec{})
	m.Standalone.Set("s", nil)
	m.Chats.Set("c", nil)
	tables := 0
	mt := reflect.TypeFor[Model]()
	for i := range mt.NumField() {
		if strings.HasPrefix(mt.Field(i).Type.Name(), "Table[") {
			tables++
		}
	}
	if len(tableFields) != tables || tables < 18 {
		t.Fatalf("freeze reaches %d of the model's %d tables", len(tableFields), tables)
	}
	m.Freeze()
	if m.Accounts.owned != nil || m.Standalone.owned != nil || m.Chats.owned != nil {
		t.Error("a table is still being edited after freeze")
	}
	next := m.Clone()
	next.Accounts.Set("a", nil)
	if a, _ := m.Accounts.Get("a"); a == nil {
		t.Error("an edit of the next model reached the frozen one")
	}
}

func BenchmarkTableWrite(b *testing.B) {
	var m Table[int]
	for i := 0; i < 1_000_000; i++ {
		m.Set(fmt.Sprint(i), i)
	}
	m.freeze()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.Set(fmt.Sprint(i%1_000_000), i)
		m.freeze()
	}
}

// TestTableReadsDoNotAllocate checks that the read paths of a table (a
// published one, and one being edited) allocate nothing.
func TestTableReadsDoNotAllocate(t *testing.T) {
	var tab Table[*AccountRec]
	for i := 0; i < 100; i++ {
		tab.Set(fmt.Sprint(i), &AccountRec{})
	}
	for _, state := range []string{"editing", "frozen"} {
		if state == "frozen" {
			tab.freeze()
		}
		n := 0
		allocs := testing.AllocsPerRun(100, func() {
			if _, ok := tab.Get("42"); ok {
				n++
			}
			tab.Range(func(string, *AccountRec) bool { n++; return true })
			n += tab.Len()
		})
		if allocs != 0 {
			t.Errorf("%s: reads allocate %v times", state, allocs)
		}
	}
}
