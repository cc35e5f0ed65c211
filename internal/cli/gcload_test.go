package cli

import "testing"

func TestGCGuardNests(t *testing.T) {
	t.Parallel()
	target := 100
	var sets []int
	g := &gcGuard{skip: func() bool { return false }, set: func(p int) int {
		old := target
		target = p
		sets = append(sets, p)
		return old
	}}
	r1 := g.relax()
	r2 := g.relax()
	if target != loadGCPercent {
		t.Fatalf("target %d while loading, want %d", target, loadGCPercent)
	}
	r1()
	r1() // a second call changes nothing
	if target != loadGCPercent {
		t.Fatalf("target %d with one load still under way, want %d", target, loadGCPercent)
	}
	r2()
	if target != 100 {
		t.Fatalf("target %d after the last load, want 100 restored", target)
	}
	if len(sets) != 2 {
		t.Errorf("target set %v, want once raised and once restored", sets)
	}
	skipped := &gcGuard{skip: func() bool { return true }, set: func(int) int { t.Fatal("GOGC given, yet the target was set"); return 0 }}
	skipped.relax()()
}
