package cli

import (
	"runtime"
	"testing"
	"time"
)

func TestGCGuardNests(t *testing.T) {
	t.Parallel()
	target := 100
	var sets []int
	g := &gcGuard{skip: func() bool { return false }, set: func(p int) int {
		old := target
		target = p
		sets = append(sets, p)
		return old
	}, heap: func() (uint64, uint64) { return 0, 0 }, afterGC: func(func()) { t.Fatal("no heap figures, yet a collection awaited") }}
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

// TestGCGuardRestoresFromTheHeapNow checks that the target restored after
// a load gives the goal the old target would give from the heap as it is
// now, and that the old target itself comes back after the next
// collection, unless another load has begun.
func TestGCGuardRestoresFromTheHeapNow(t *testing.T) {
	t.Parallel()
	target := 100
	var pending []func()
	g := &gcGuard{skip: func() bool { return false },
		set:     func(p int) int { old := target; target = p; return old },
		heap:    func() (uint64, uint64) { return 400, 1000 }, // marked 400, now 1,000
		afterGC: func(f func()) { pending = append(pending, f) }}
	g.relax()()
	// goal = 400 * (1 + 400/100) = 2,000 = 1,000 * (1 + 100/100)
	if target != 400 {
		t.Fatalf("target %d right after the load, want 400", target)
	}
	if len(pending) != 1 {
		t.Fatalf("%d functions awaiting a collection, want 1", len(pending))
	}
	pending[0]()
	if target != 100 {
		t.Fatalf("target %d after the next collection, want 100", target)
	}
	// A load that begins before the collection keeps its own target.
	restore := g.relax()
	g.mu.Lock()
	n := g.n
	g.mu.Unlock()
	if n != 1 || target != loadGCPercent {
		t.Fatalf("loads %d, target %d", n, target)
	}
	pending[0]()
	if target != loadGCPercent {
		t.Errorf("target %d during a load after a late collection, want %d", target, loadGCPercent)
	}
	restore()
}

func TestAfterNextGCRuns(t *testing.T) {
	t.Parallel()
	done := make(chan struct{})
	afterNextGC(func() { close(done) })
	deadline := time.After(10 * time.Second)
	for {
		runtime.GC()
		select {
		case <-done:
			return
		case <-deadline:
			t.Fatal("no call after collections")
		case <-time.After(10 * time.Millisecond):
		}
	}
}
