package cli

import (
	"os"
	"runtime/debug"
	"sync"
)

// loadGCPercent is the collector's target while a server loads its state.
// Loading a million configurations grows the heap from nothing to about
// 1.4 GiB, nearly all of it live; at the default target of 100 the
// collector runs each time the heap doubles and marks everything loaded so
// far, a quarter of the start-up's time. At 400 it runs about half as
// often: the cold start took 3.8-4.3 s instead of 3.9-4.9 s, and the
// resident memory once ready grew from 1,430-1,480 to 1,520 MiB
// (BENCHMARKS.md).
const loadGCPercent = 400

// gcGuard raises the collector's target while at least one load is under
// way and restores it after the last one. Servers may start concurrently
// in one process (the tests do), and the target is the process's.
type gcGuard struct {
	mu   sync.Mutex
	n    int
	old  int
	set  func(int) int
	skip func() bool
}

var loadGC = &gcGuard{set: debug.SetGCPercent, skip: func() bool { return os.Getenv("GOGC") != "" }}

// relax raises the target and returns the function that undoes it. A
// target the operator chose with GOGC is left alone.
func (g *gcGuard) relax() (restore func()) {
	if g.skip() {
		return func() {}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		g.old = g.set(loadGCPercent)
	}
	g.n++
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			if g.n--; g.n == 0 {
				g.set(g.old)
			}
		})
	}
}
