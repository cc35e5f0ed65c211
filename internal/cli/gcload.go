package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// DefaultLoadGCPercent is the collector's target while a server loads its
// state, as serve sets it. Loading a million configurations grows the heap
// from nothing to about 1.4 GiB, nearly all of it live; at the default
// target of 100 the collector runs each time the heap doubles and marks
// everything loaded so far, a quarter of the start-up's time. At 400 it
// runs about half as often: the cold start took 3.8-4.3 s instead of
// 3.9-4.9 s, and the resident memory once ready grew from 1,430-1,480 to
// 1,520 MiB (BENCHMARKS.md).
const DefaultLoadGCPercent = 400

// LoadGC tunes the garbage collector while servers load their state
// (ServerOptions.LoadGC): it raises the collector's target while at least
// one load is under way, and restores it after the last one, relative to
// the heap as it is then (see restore). A target the operator chose with
// the GOGC environment variable is left alone.
//
// The target is the process's, so servers that may load at the same time
// in one process must share one LoadGC: it counts the loads under way.
// serve makes its own, for the one server of its process.
type LoadGC struct {
	percent int

	mu  sync.Mutex
	n   int // loads under way
	old int // the target before the first of them
	// set sets the target and returns the previous one; skip says whether
	// to leave the collector alone.
	set  func(int) int
	skip func() bool
	// heap returns the bytes the last collection marked live and the bytes
	// of heap objects now; afterGC calls f once the next collection has
	// finished.
	heap    func() (marked, now uint64)
	afterGC func(f func())
}

// NewLoadGC returns a LoadGC that sets the collector's target to percent
// during loads (DefaultLoadGCPercent is serve's).
func NewLoadGC(percent int) *LoadGC {
	return &LoadGC{percent: percent, set: debug.SetGCPercent, skip: func() bool { return os.Getenv("GOGC") != "" },
		heap: heapBytes, afterGC: afterNextGC}
}

// relax raises the target and returns the function that undoes it, which
// may be called more than once. A nil LoadGC, or one that GOGC overrides,
// changes nothing.
func (g *LoadGC) relax() (restore func()) {
	if g == nil || g.skip() {
		return func() {}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		g.old = g.set(g.percent)
	}
	g.n++
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			if g.n--; g.n == 0 {
				g.restore()
			}
		})
	}
}

// restore puts the target back after the last load; g.mu is held.
//
// Setting it straight back would start a collection at once, while the
// server begins to answer: the runtime's goal is the heap the last
// collection marked, early in the load when a fraction of the state was
// live, grown by the target, and the heap has long passed that. The first
// collection after a load of a million configurations marked 1.1 GB
// alongside the first requests and doubled the time of the first
// computation of every account's effective policy (0.95 s, then 0.41 s).
// So the target is first set to give the goal the old target would give
// from the heap as it is now, and the old target itself is put back once
// that next collection has run, unless another load has begun.
func (g *LoadGC) restore() {
	marked, now := g.heap()
	if g.old <= 0 || marked == 0 || now <= marked {
		g.set(g.old)
		return
	}
	// goal = marked * (1 + pct/100) = now * (1 + old/100)
	pct := int(100 * (float64(now)/float64(marked)*(1+float64(g.old)/100) - 1))
	g.set(pct)
	old := g.old
	g.afterGC(func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.n == 0 {
			g.set(old)
		}
	})
}

// heapBytes reads the heap the last collection marked and the heap now.
func heapBytes() (marked, now uint64) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		marked = s[0].Value.Uint64()
	}
	if s[1].Value.Kind() == metrics.KindUint64 {
		now = s[1].Value.Uint64()
	}
	return marked, now
}

// afterNextGC calls f once a collection has finished: a finalizer runs
// after the collection that finds its object unreachable. The object holds
// a pointer, so that it is not one of the tiny objects the allocator packs
// together, which may never be finalized.
func afterNextGC(f func()) {
	type sentinel struct{ _ *int }
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) { f() })
}
