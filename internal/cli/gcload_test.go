package cli

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

// fakeLoadGC is a LoadGC on a target of its own, starting at 100, whose
// heap figures are marked and now.
func fakeLoadGC(t *testing.T, marked, now uint64) (g *LoadGC, target *int, sets *[]int, pending *[]func()) {
	t.Helper()
	target, sets, pending = new(int), new([]int), new([]func())
	*target = 100
	g = &LoadGC{percent: DefaultLoadGCPercent, skip: func() bool { return false },
		set: func(p int) int {
			old := *target
			*target = p
			*sets = append(*sets, p)
			return old
		},
		heap:    func() (uint64, uint64) { return marked, now },
		afterGC: func(f func()) { *pending = append(*pending, f) }}
	return g, target, sets, pending
}

func TestLoadGCNests(t *testing.T) {
	t.Parallel()
	g, target, sets, pending := fakeLoadGC(t, 0, 0)
	r1 := g.relax()
	r2 := g.relax()
	if *target != DefaultLoadGCPercent {
		t.Fatalf("target %d while loading, want %d", *target, DefaultLoadGCPercent)
	}
	r1()
	r1() // a second call changes nothing
	if *target != DefaultLoadGCPercent {
		t.Fatalf("target %d with one load still under way, want %d", *target, DefaultLoadGCPercent)
	}
	r2()
	if *target != 100 {
		t.Fatalf("target %d after the last load, want 100 restored", *target)
	}
	if len(*sets) != 2 {
		t.Errorf("target set %v, want once raised and once restored", *sets)
	}
	if len(*pending) != 0 {
		t.Errorf("no heap figures, yet %d functions await a collection", len(*pending))
	}
	skipped := &LoadGC{percent: DefaultLoadGCPercent, skip: func() bool { return true },
		set: func(int) int { t.Fatal("GOGC given, yet the target was set"); return 0 }}
	skipped.relax()()
	var none *LoadGC // a server started without one
	none.relax()()
}

// TestLoadGCRestoresFromTheHeapNow checks that the target restored after
// a load gives the goal the old target would give from the heap as it is
// now, and that the old target itself comes back after the next
// collection, unless another load has begun.
func TestLoadGCRestoresFromTheHeapNow(t *testing.T) {
	t.Parallel()
	g, target, _, pending := fakeLoadGC(t, 400, 1000) // marked 400, now 1,000
	g.relax()()
	// goal = 400 * (1 + 400/100) = 2,000 = 1,000 * (1 + 100/100)
	if *target != 400 {
		t.Fatalf("target %d right after the load, want 400", *target)
	}
	if len(*pending) != 1 {
		t.Fatalf("%d functions awaiting a collection, want 1", len(*pending))
	}
	(*pending)[0]()
	if *target != 100 {
		t.Fatalf("target %d after the next collection, want 100", *target)
	}
	// A load that begins before the collection keeps its own target.
	restore := g.relax()
	g.mu.Lock()
	n := g.n
	g.mu.Unlock()
	if n != 1 || *target != DefaultLoadGCPercent {
		t.Fatalf("loads %d, target %d", n, *target)
	}
	(*pending)[0]()
	if *target != DefaultLoadGCPercent {
		t.Errorf("target %d during a load after a late collection, want %d", *target, DefaultLoadGCPercent)
	}
	restore()
}

// TestStartServerTunesTheCollectorWhenAsked checks that the option is the
// only way a server changes the collector's target: raised while the state
// loads and restored before StartServer returns, and serve asks for it.
func TestStartServerTunesTheCollectorWhenAsked(t *testing.T) {
	t.Parallel()
	g, target, sets, _ := fakeLoadGC(t, 0, 0)
	mustStart(t, serverConfig(t.TempDir(), ""), ServerOptions{LoadGC: g})
	if !slices.Equal(*sets, []int{DefaultLoadGCPercent, 100}) || *target != 100 {
		t.Errorf("the target was set to %v and is %d; want raised to %d while loading, then 100 again", *sets, *target, DefaultLoadGCPercent)
	}
	so := serveOptions(nil)
	if so.LoadGC == nil || so.LoadGC.percent != DefaultLoadGCPercent {
		t.Errorf("serve's servers tune the collector with %+v, want a target of %d while loading", so.LoadGC, DefaultLoadGCPercent)
	}
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
