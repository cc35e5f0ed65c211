package bench

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// call makes one request. rng is the calling worker's own, so that calls
// choose their inputs without sharing a lock.
type call func(ctx context.Context, rng *rand.Rand) error

// Side is one target's figures in one measurement.
type Side struct {
	// Requests is how many requests succeeded in the measured window.
	Requests int `json:"requests"`
	// Errors is how many failed; a failed request is not counted in
	// PerSecond nor in the latencies.
	Errors     int     `json:"errors"`
	PerSecond  float64 `json:"per_second"`
	LatencyMS  Latency `json:"latency_ms"`
	FirstError string  `json:"first_error,omitempty"`
}

// window is the raw figures of one stretch of load, kept so that the
// stretches of one measurement can be added up before they are summarized.
type window struct {
	samples  []time.Duration
	errors   int
	firstErr string
	// span is the time from the window's start until its last counted
	// request was answered.
	span time.Duration
}

// add appends another window of the same measurement.
func (w *window) add(o window) {
	w.samples = append(w.samples, o.samples...)
	w.errors += o.errors
	if w.firstErr == "" {
		w.firstErr = o.firstErr
	}
	w.span += o.span
}

// side summarizes the windows added up.
func (w window) side() Side {
	s := Side{Requests: len(w.samples), Errors: w.errors, FirstError: w.firstErr}
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

// load runs clients workers for warmup and then d. Each worker calls c in
// a closed loop, sending its next request when the previous one has been
// answered, as an SDK client does. The warm-up opens the connections and
// fills the caches on both sides, and is not counted; requests started in
// the window [warm-up end, warm-up end + d) are. Throughput is measured
// over the time until the last counted request was answered, so requests
// in flight at the window's end lengthen the window instead of being lost.
func load(ctx context.Context, clients int, warmup, d time.Duration, seed uint64, c call) window {
	type tally struct {
		samples  []time.Duration
		errors   int
		firstErr error
		lastEnd  time.Time
	}
	start := time.Now()
	from, until := start.Add(warmup), start.Add(warmup+d)
	tallies := make([]tally, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func(t *tally, rng *rand.Rand) {
			defer wg.Done()
			for ctx.Err() == nil {
				t0 := time.Now()
				if !t0.Before(until) {
					return
				}
				err := c(ctx, rng)
				t1 := time.Now()
				if t0.Before(from) {
					continue
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
		}(&tallies[i], rand.New(rand.NewPCG(seed, uint64(i))))
	}
	wg.Wait()
	var w window
	last := from
	for _, t := range tallies {
		w.samples = append(w.samples, t.samples...)
		w.errors += t.errors
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
// to the requests it delayed instead of leaving them out.
func paced(ctx context.Context, clients int, rate float64, warmup, d time.Duration, seed uint64, c call) window {
	type tally struct {
		samples  []time.Duration
		errors   int
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
		go func(t *tally, rng *rand.Rand) {
			defer wg.Done()
			due := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
			for ; due.Before(until) && ctx.Err() == nil; due = due.Add(interval) {
				if wait := time.Until(due); wait > 0 {
					time.Sleep(wait)
				}
				err := c(ctx, rng)
				t1 := time.Now()
				if due.Before(from) {
					continue
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
		}(&tallies[i], rand.New(rand.NewPCG(seed, uint64(i))))
	}
	wg.Wait()
	var w window
	for _, t := range tallies {
		w.samples = append(w.samples, t.samples...)
		w.errors += t.errors
		if t.firstErr != nil && w.firstErr == "" {
			w.firstErr = t.firstErr.Error()
		}
	}
	// The rate achieved is over the time offered: a server that falls
	// behind shows as latency, not as a longer window.
	w.span = d
	return w
}
