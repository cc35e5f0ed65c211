package gov

import (
	"fmt"
	"testing"
)

func TestCowMapIsolation(t *testing.T) {
	t.Parallel()
	var m cowMap[int]
	e := m.edit()
	for i := 0; i < 1000; i++ {
		e.set(fmt.Sprint(i), i)
	}
	v1 := e.done()
	e2 := v1.edit()
	e2.set("0", -1)
	e2.del("1")
	e2.set("new", 7)
	v2 := e2.done()
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
	n := 0
	v2.Range(func(string, int) bool { n++; return true })
	if n != 1000 || len(v2.Values()) != 1000 {
		t.Errorf("range saw %d", n)
	}
}

func BenchmarkCowMapWrite(b *testing.B) {
	var m cowMap[int]
	e := m.edit()
	for i := 0; i < 1_000_000; i++ {
		e.set(fmt.Sprint(i), i)
	}
	m = e.done()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e := m.edit()
		e.set(fmt.Sprint(i%1_000_000), i)
		m = e.done()
	}
}
