package bench

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"runtime/metrics"
	"sync"
	"time"
)

// call makes one request. rng is the calling worker's own, so that calls
// choose their inputs without sharing a lock.
type call func(ctx context.Context, rng *rand.Rand) error

// do makes one request with c, and makes it again, up to closedRetries
// times, while the client closed its own connection under the answer: the
// AWS SDK for Go v2 and net/http race when a server answers before the
// transport has finished with the request (aws/aws-sdk-go-v2#2737), and
// the SDK's standard retryer retries that error for the same reason. The
// measured clients have no retryer, so that a server's failures are
// counted rather than hidden; this one client-side failure is retried, and
// counted apart.
func do(ctx context.Context, rng *rand.Rand, c call) (retried bool, err error) {
	err = c(ctx, rng)
	for try := 0; try < closedRetries && err != nil && errors.Is(err, net.ErrClosed) && ctx.Err() == nil; try++ {
		retried, err = true, c(ctx, rng)
	}
	return retried, err
}

// closedRetries bounds the retries of one request. About one request in a
// hundred meets the race at one client: once a request is retried twice,
// two in a million fail.
const closedRetries = 2

// Side is one target's figures in one measurement.
type Side struct {
	// Requests is how many requests succeeded in the measured window.
	Requests int `json:"requests"`
	// Errors is how many failed; a failed request is not counted in
	// PerSecond nor in the latencies.
	Errors int `json:"errors"`
	// Retried is how many requests were made again, because the client
	// closed its connection under the answer (see do); the latency counts
	// every try.
	Retried    int     `json:"retried"`
	PerSecond  float64 `json:"per_second"`
	LatencyMS  Latency `json:"latency_ms"`
	FirstError string  `json:"first_error,omitempty"`
	// ServerLatencyMS is chatgov's requests timed inside the server, from
	// its handler's start to its end: the part of LatencyMS that is the
	// server's own work (and its wait for a core while it works), without
	// the client's, the kernel's, or the wait of a request no goroutine has
	// read yet. Nil for the bare handler.
	ServerLatencyMS *Latency `json:"server_latency_ms,omitempty"`
	// ReplicationLag is the replication lag of chatgov's writes from the
	// replica that made each one to every other (replicas.go); nil for
	// reads and for the bare handler.
	ReplicationLag *ReplicationLag `json:"replication_lag,omitempty"`
	// GC is the collector's work in the serving process (the bench's own,
	// where chatgov and the bare handler run) while this side was measured.
	GC GC `json:"server_gc"`
}

// GC is the garbage collector's work in a span of time.
type GC struct {
	Cycles int `json:"cycles"`
	// CPUSeconds is the processor time the collector took, on every core;
	// AssistSeconds is the part of it taken from goroutines that allocated
	// while a collection was marking, the requests' own time among them.
	CPUSeconds    float64 `json:"cpu_seconds"`
	AssistSeconds float64 `json:"assist_cpu_seconds"`
}

func (g GC) String() string {
	return fmt.Sprintf("%d cycles, %.2f s CPU (%.2f s of it assists)", g.Cycles, g.CPUSeconds, g.AssistSeconds)
}

func (g *GC) add(o GC) {
	g.Cycles += o.Cycles
	g.CPUSeconds += o.CPUSeconds
	g.AssistSeconds += o.AssistSeconds
}

// The runtime/metrics this process's GC figures are read from.
var gcMetrics = [...]string{"/gc/cycles/total:gc-cycles", "/cpu/classes/gc/total:cpu-seconds", "/cpu/classes/gc/mark/assist:cpu-seconds"}

// readGC returns the collector's work since the process started. The CPU
// figures are the runtime's estimates, brought up to date by each
// collection.
func readGC() GC {
	samples := make([]metrics.Sample, len(gcMetrics))
	for i, name := range gcMetrics {
		samples[i].Name = name
	}
	metrics.Read(samples)
	var g GC
	if v := samples[0].Value; v.Kind() == metrics.KindUint64 {
		g.Cycles = int(v.Uint64())
	}
	if v := samples[1].Value; v.Kind() == metrics.KindFloat64 {
		g.CPUSeconds = v.Float64()
	}
	if v := samples[2].Value; v.Kind() == metrics.KindFloat64 {
		g.AssistSeconds = v.Float64()
	}
	return g
}

// since returns the work done between earlier and g.
func (g GC) since(earlier GC) GC {
	return GC{Cycles: g.Cycles - earlier.Cycles, CPUSeconds: g.CPUSeconds - earlier.CPUSeconds,
		AssistSeconds: g.AssistSeconds - earlier.AssistSeconds}
}

// window is the raw figures of one stretch of load, kept so that the
// stretches of one measurement can be added up before they are summarized.
type window struct {
	samples  []time.Duration
	errors   int
	retried  int
	firstErr string
	// span is the time from the window's start until its last counted
	// request was answered.
	span time.Duration
}

// add appends another window of the same measurement.
func (w *window) add(o window) {
	w.samples = append(w.samples, o.samples...)
	w.errors += o.errors
	w.retried += o.retried
	if w.firstErr == "" {
		w.firstErr = o.firstErr
	}
	w.span += o.span
}

// side summarizes the windows added up.
func (w window) side() Side {
	s := Side{Requests: len(w.samples), Errors: w.errors, Retried: w.retried, FirstError: w.firstErr}
	if w.span > 0 {
		s.PerSecond = float64(s.Requests) / w.span.Seconds()
	}
	s.LatencyMS = summarize(w.samples)
	return s
}

// drive runs clients workers for warmup and then d, and summarizes the
// window.
func drive(ctx context.Context, clients int, warmup, d time.Duration, seed uint64, c call) Side {
	return load(ctx, clients, warmup, d, seed, c).side()
}

// workerCall is the call of worker i of calls: one per replica, worker i
// on replica i mod len(calls).
func workerCall(calls []call, i int) call { return calls[i%len(calls)] }

// load runs clients workers for warmup and then d. Each worker calls c in
// a closed loop, sending its next request when the previous one has been
// answered, as an SDK client does. The warm-up opens the connections and
// fills the caches on both sides, and is not counted; requests started in
// the window [warm-up end, warm-up end + d) are. Throughput is measured
// over the time until the last counted request was answered, so requests
// in flight at the window's end lengthen the window instead of being lost.
// A worker whose requests all started before the window (a warm-up request
// that outlasted warm-up and window, on a loaded machine) makes one more,
// so that every worker has measured at least one request and a point is
// never empty. With several calls (one per replica), worker i makes calls[i mod
// len(calls)].
func load(ctx context.Context, clients int, warmup, d time.Duration, seed uint64, calls ...call) window {
	type tally struct {
		samples  []time.Duration
		errors   int
		retried  int
		firstErr error
		lastEnd  time.Time
	}
	start := time.Now()
	from, until := start.Add(warmup), start.Add(warmup+d)
	tallies := make([]tally, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func(t *tally, rng *rand.Rand, c call) {
			defer wg.Done()
			for ctx.Err() == nil {
				t0 := time.Now()
				if !t0.Before(until) && (len(t.samples) > 0 || t.errors > 0) {
					return
				}
				retried, err := do(ctx, rng, c)
				t1 := time.Now()
				if t0.Before(from) {
					continue
				}
				// After the window, a worker measures one request at most.
				if retried {
					t.retried++
				}
				if t1.After(t.lastEnd) {
					t.lastEnd = t1
				}
				if err != nil {
					t.errors++
					if t.firstErr == nil {
						t.firstErr = err
					}
					continue
				}
				t.samples = append(t.samples, t1.Sub(t0))
			}
		}(&tallies[i], rand.New(rand.NewPCG(seed, uint64(i))), workerCall(calls, i))
	}
	wg.Wait()
	var w window
	last := from
	for _, t := range tallies {
		w.samples = append(w.samples, t.samples...)
		w.errors += t.errors
		w.retried += t.retried
		if t.firstErr != nil && w.firstErr == "" {
			w.firstErr = t.firstErr.Error()
		}
		if t.lastEnd.After(last) {
			last = t.lastEnd
		}
	}
	w.span = last.Sub(from)
	return w
}

// paced sends rate requests per second in all, from clients workers, for
// warmup and then d: an open loop, in which a slow answer does not slow
// down the load offered, as when many independent users call a server.
// Each worker keeps a fixed schedule of its own, the workers' schedules
// interleaved. A request's latency runs from the time it was due, not the
// time it was sent, so a worker held up by a slow answer charges the wait
// to the requests it delayed instead of leaving them out. With several
// calls (one per replica), worker i makes calls[i mod len(calls)].
func paced(ctx context.Context, clients int, rate float64, warmup, d time.Duration, seed uint64, calls ...call) window {
	type tally struct {
		samples  []time.Duration
		errors   int
		retried  int
		firstErr error
		lastEnd  time.Time
	}
	interval := time.Duration(float64(clients) / rate * float64(time.Second))
	start := time.Now()
	from, until := start.Add(warmup), start.Add(warmup+d)
	tallies := make([]tally, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func(t *tally, rng *rand.Rand, c call) {
			defer wg.Done()
			due := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
			for ; due.Before(until) && ctx.Err() == nil; due = due.Add(interval) {
				if wait := time.Until(due); wait > 0 {
					time.Sleep(wait)
				}
				retried, err := do(ctx, rng, c)
				t1 := time.Now()
				if due.Before(from) {
					continue
				}
				if retried {
					t.retried++
				}
				t.lastEnd = t1
				if err != nil {
					t.errors++
					if t.firstErr == nil {
						t.firstErr = err
					}
					continue
				}
				t.samples = append(t.samples, t1.Sub(due))
			}
		}(&tallies[i], rand.New(rand.NewPCG(seed, uint64(i))), workerCall(calls, i))
	}
	wg.Wait()
	var w window
	for _, t := range tallies {
		w.samples = append(w.samples, t.samples...)
		w.errors += t.errors
		w.retried += t.retried
		if t.firstErr != nil && w.firstErr == "" {
			w.firstErr = t.firstErr.Error()
		}
	}
	// The rate achieved is over the time offered: a server that falls
	// behind shows as latency, not as a longer window.
	w.span = d
	return w
}
