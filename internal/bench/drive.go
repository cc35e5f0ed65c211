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

// drive runs clients workers for warmup and then d. Each worker calls c in
// a closed loop, sending its next request when the previous one has been
// answered, as an SDK client does. The warm-up opens the connections and
// fills the caches on both sides, and is not counted; requests started in
// the window [warm-up end, warm-up end + d) are. Throughput is measured
// over the time until the last counted request was answered, so requests
// in flight at the window's end lengthen the window instead of being lost.
func drive(ctx context.Context, clients int, warmup, d time.Duration, seed uint64, c call) Side {
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
	var all []time.Duration
	var side Side
	last := from
	for _, t := range tallies {
		all = append(all, t.samples...)
		side.Errors += t.errors
		if t.firstErr != nil && side.FirstError == "" {
			side.FirstError = t.firstErr.Error()
		}
		if t.lastEnd.After(last) {
			last = t.lastEnd
		}
	}
	side.Requests = len(all)
	if span := last.Sub(from); span > 0 {
		side.PerSecond = float64(side.Requests) / span.Seconds()
	}
	side.LatencyMS = summarize(all)
	return side
}
