package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"
)

// The load points: each operation measured at each concurrency, the open
// loop, and the guard's re-measurements, every one of them a pair of
// measurements, chatgov's and the bare handler's, taken in the same run.

// bareFor starts a bare handler that answers op's response, as chatgov
// gives it now; the caller closes it.
func (h *harness) bareFor(ctx context.Context, op operation) (*bareServer, Response, error) {
	resp, err := op.probe(ctx)
	if err != nil {
		return nil, resp, err
	}
	bare, err := startBare(resp)
	return bare, resp, err
}

// measureLoad measures one operation at every concurrency level, against
// the bare handler and against chatgov, with the same inputs. With several
// replicas, chatgov's clients are spread over them, and the one bare
// handler takes them all.
func (h *harness) measureLoad(ctx context.Context, op operation) ([]Load, error) {
	bare, resp, err := h.bareFor(ctx, op)
	if err != nil {
		return nil, err
	}
	defer bare.Close()
	var out []Load
	for _, n := range h.opts.Concurrency {
		l := Load{Operation: op.name, Clients: n, ResponseBytes: len(resp.Body)}
		l.Bare, l.Chatgov, err = h.pair(ctx, op, bare.URL, n, 0)
		if err != nil {
			return nil, err
		}
		if l.Bare.PerSecond > 0 {
			l.Ratio = l.Chatgov.PerSecond / l.Bare.PerSecond
		}
		h.logf("%-32s %3d clients: chatgov %8.0f/s p99 %6.2f ms, bare %8.0f/s p99 %6.2f ms, ratio %.2f", op.name, n,
			l.Chatgov.PerSecond, l.Chatgov.LatencyMS.P99, l.Bare.PerSecond, l.Bare.LatencyMS.P99, l.Ratio)
		out = append(out, l)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pacedShare is the fraction of chatgov's closed-loop throughput that the
// paced measurement offers.
const pacedShare = 0.5

// measurePaced measures the guard's point again in an open loop: its
// clients together offer half the throughput chatgov reached in the closed
// loop, to chatgov and to the bare handler alike. A closed loop keeps the
// machine saturated, so its latencies are mostly the clients' own queue
// (by Little's law, clients / throughput on average); the open loop shows
// a request's latency on a busy server that keeps up.
func (h *harness) measurePaced(ctx context.Context, op operation, rep *Report) (*Paced, error) {
	l, ok := rep.load(op.name, guardClients)
	if !ok || l.Chatgov.PerSecond <= 0 {
		return nil, nil
	}
	bare, _, err := h.bareFor(ctx, op)
	if err != nil {
		return nil, err
	}
	defer bare.Close()
	p := &Paced{Operation: op.name, Clients: l.Clients, Share: pacedShare, PerSecond: pacedShare * l.Chatgov.PerSecond}
	if p.Bare, p.Chatgov, err = h.pair(ctx, op, bare.URL, l.Clients, p.PerSecond); err != nil {
		return nil, err
	}
	h.logf("%-32s %3d clients paced at %.0f/s: chatgov p50 %.2f p99 %.2f ms, bare p50 %.2f p99 %.2f ms", op.name, p.Clients,
		p.PerSecond, p.Chatgov.LatencyMS.P50, p.Chatgov.LatencyMS.P99, p.Bare.LatencyMS.P50, p.Bare.LatencyMS.P99)
	return p, ctx.Err()
}

// check judges the guard's point against the floor, measuring it again
// while it falls short, up to checkAttempts measurements in all.
func (h *harness) check(ctx context.Context, op operation, rep *Report) (*Check, error) {
	l, _ := rep.load(OpDescribe, guardClients)
	attempts := []float64{l.Ratio}
	for slices.Max(attempts) < h.opts.MinRatio && len(attempts) < checkAttempts {
		h.logf("%s: ratio %.2f at %d clients is below the floor %.2f; measuring again", OpDescribe, slices.Max(attempts), l.Clients, h.opts.MinRatio)
		bare, _, err := h.bareFor(ctx, op)
		if err != nil {
			return nil, err
		}
		b, c, err := h.pair(ctx, op, bare.URL, l.Clients, 0)
		bare.Close()
		if err != nil {
			return nil, err
		}
		ratio := 0.0
		if b.PerSecond > 0 {
			ratio = c.PerSecond / b.PerSecond
		}
		attempts = append(attempts, ratio)
	}
	return newCheck(l.Clients, h.opts.MinRatio, attempts), nil
}

// pair measures one point on both servers in four stretches of half the
// duration, in the order bare, chatgov, chatgov, bare: on a shared machine
// the load of other processes drifts during a measurement, and this order
// gives both servers the same average share of a drift that is steady,
// where measuring one after the other would give all of it to one. Each
// server has a load process of its own, which keeps its clients and
// connections across its two stretches; the first stretch of each starts
// with the full warm-up, the second with a short one. rate is 0 for
// closed-loop clients, else the requests per second of an open loop.
func (h *harness) pair(ctx context.Context, op operation, bareURL string, clients int, rate float64) (bare, chatgov Side, err error) {
	type target struct {
		ld     *loader
		w      window
		gc     GC
		server []time.Duration // chatgov's requests, timed inside the server
		warmed bool
	}
	exe, err := h.executable()
	if err != nil {
		return bare, chatgov, err
	}
	env := os.Environ()
	newTarget := func(endpoints []string) (*target, error) {
		spec := op.spec
		spec.NamePrefix = fmt.Sprintf("bench-%d-", h.loaders.Add(1))
		ld, err := startLoader(ctx, exe, env, endpoints, spec, clients)
		return &target{ld: ld}, err
	}
	b, err := newTarget([]string{bareURL})
	if err != nil {
		return bare, chatgov, err
	}
	defer b.ld.Close()
	c, err := newTarget(h.urls)
	if err != nil {
		return bare, chatgov, err
	}
	defer c.ld.Close()
	half := h.opts.Duration / 2
	var lag lagWindow
	for _, t := range []*target{b, c, c, b} {
		warmup, stretch := h.opts.warmup(), uint64(0)
		if t.warmed {
			warmup, stretch = warmup/5, 1
		}
		t.warmed = true
		// Each stretch starts with the collector's debt paid: garbage from
		// the previous stretch would otherwise be collected on this one's
		// time.
		runtime.GC()
		before := readGC()
		trackLag := t == c && op.write && len(h.servers) > 1
		if t == c {
			h.timer.start(warmup)
		}
		if trackLag {
			h.lag.start(warmup)
		}
		// Both servers see the same inputs: the first stretch of each draws
		// from one seed, the second from another.
		w, err := t.ld.run(loadStretch{Warmup: warmup, Duration: half, Seed: h.opts.Seed + stretch, Rate: rate})
		if t == c {
			t.server = append(t.server, h.timer.stop()...)
		}
		if trackLag {
			lag.add(h.lag.stop(lagDrain))
		}
		if err != nil {
			return bare, chatgov, err
		}
		t.w.add(w)
		t.gc.add(readGC().since(before))
		if err := ctx.Err(); err != nil {
			return bare, chatgov, err
		}
	}
	bare, chatgov = b.w.side(), c.w.side()
	bare.GC, chatgov.GC = b.gc, c.gc
	if len(c.server) > 0 {
		in := summarize(c.server)
		chatgov.ServerLatencyMS = &in
	}
	switch {
	case op.write && len(h.servers) > 1:
		chatgov.ReplicationLag = lag.result(len(h.servers))
	case op.write:
		chatgov.ReplicationLag = notMeasuredLag(len(h.servers))
	}
	return bare, chatgov, nil
}
