package bench

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

func TestDriveCountsOnlyTheWindow(t *testing.T) {
	t.Parallel()
	var calls, failing atomic.Int64
	c := func(ctx context.Context, rng *rand.Rand) error {
		n := calls.Add(1)
		time.Sleep(time.Millisecond)
		if n%10 == 0 {
			failing.Add(1)
			return errors.New("every tenth call fails")
		}
		return nil
	}
	side := drive(context.Background(), 4, 50*time.Millisecond, 200*time.Millisecond, 1, c)
	if side.Requests == 0 || side.PerSecond <= 0 || side.LatencyMS.P50 < 1 || side.LatencyMS.Max < side.LatencyMS.P99 {
		t.Fatalf("implausible side %+v", side)
	}
	// The warm-up's calls are made but not counted.
	if total := int(calls.Load()); side.Requests+side.Errors >= total {
		t.Errorf("%d requests and %d errors counted of %d calls: the warm-up was counted", side.Requests, side.Errors, total)
	}
	if side.Errors == 0 || side.FirstError != "every tenth call fails" {
		t.Errorf("errors %d, first %q", side.Errors, side.FirstError)
	}
	// Four workers sleeping a millisecond a call cannot exceed 4,000/s.
	if side.PerSecond > 4000 {
		t.Errorf("%.0f/s is more than the workers can do", side.PerSecond)
	}
}

// TestDriveMeasuresEveryWorker: when a warm-up request outlasts the warm-up
// and the window (a stall on a loaded machine), each worker still makes one
// measured request, so that the point is not empty.
func TestDriveMeasuresEveryWorker(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fail    bool
		want    func(Side) bool
		explain string
	}{
		{"answered", false, func(s Side) bool { return s.Requests == 3 && s.Errors == 0 && s.PerSecond > 0 }, "three requests, one per worker"},
		{"failed", true, func(s Side) bool { return s.Requests == 0 && s.Errors == 3 }, "three errors, one per worker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int64
			c := func(ctx context.Context, rng *rand.Rand) error {
				if calls.Add(1) <= 3 {
					time.Sleep(150 * time.Millisecond) // each worker's first call stalls past warm-up and window
					return nil
				}
				if tt.fail {
					return errors.New("refused")
				}
				return nil
			}
			side := drive(context.Background(), 3, 10*time.Millisecond, 50*time.Millisecond, 1, c)
			if !tt.want(side) {
				t.Errorf("side %+v, want %s", side, tt.explain)
			}
		})
	}
}

func TestDriveStopsWithTheContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	start := time.Now()
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	drive(ctx, 2, 0, time.Hour, 1, func(ctx context.Context, _ *rand.Rand) error { time.Sleep(time.Millisecond); return nil })
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("drive ran %v after its context ended", d)
	}
}

func TestDriveGivesEachWorkerItsOwnStream(t *testing.T) {
	t.Parallel()
	var seen sync32
	drive(context.Background(), 8, 0, 20*time.Millisecond, 7, func(ctx context.Context, rng *rand.Rand) error {
		seen.add(rng.Uint32())
		time.Sleep(time.Millisecond)
		return nil
	})
	if seen.distinct() < 8 {
		t.Errorf("%d distinct first draws among 8 workers", seen.distinct())
	}
}

func TestPacedOffersTheRate(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	w := paced(context.Background(), 4, 400, 50*time.Millisecond, 500*time.Millisecond, 1, func(ctx context.Context, _ *rand.Rand) error {
		calls.Add(1)
		time.Sleep(time.Millisecond)
		return nil
	})
	// The requests due in the window are sent however slow the answers:
	// 400/s for half a second, give or take one per worker at the edges.
	if n := len(w.samples); n < 196 || n > 204 {
		t.Errorf("%d requests in the window, want 200", n)
	}
	if int(calls.Load()) <= len(w.samples) {
		t.Errorf("%d calls for %d counted: the warm-up was counted", calls.Load(), len(w.samples))
	}
	if s := w.side(); s.PerSecond < 392 || s.PerSecond > 408 {
		t.Errorf("%.0f/s, want the 400/s offered", s.PerSecond)
	}
}

// TestPacedChargesTheWait: one slow answer delays the worker's next
// requests, and their latency includes the delay.
func TestPacedChargesTheWait(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	w := paced(context.Background(), 1, 100, 0, 300*time.Millisecond, 1, func(ctx context.Context, _ *rand.Rand) error {
		if calls.Add(1) == 5 {
			time.Sleep(60 * time.Millisecond)
		}
		return nil
	})
	if len(w.samples) != 30 {
		t.Fatalf("%d requests, want 30 (100/s for 0.3 s)", len(w.samples))
	}
	late := 0
	for _, s := range w.samples {
		if s >= 10*time.Millisecond {
			late++
		}
	}
	// The slow call took 60 ms, so it and the requests due in its
	// shadow (at 10, 20, 30, 40 and 50 ms after it) waited at least 10 ms.
	if late < 5 {
		t.Errorf("%d requests charged with the wait, want at least 5: %v", late, w.samples)
	}
}

func TestReadGCCountsCollections(t *testing.T) {
	before := readGC()
	sink := make([][]byte, 0, 64)
	for range 2 {
		for range 64 {
			sink = append(sink, make([]byte, 64<<10))
		}
		runtime.GC()
		sink = sink[:0]
	}
	used := readGC().since(before)
	if used.Cycles < 2 {
		t.Errorf("%d cycles after two runtime.GC calls", used.Cycles)
	}
	if used.CPUSeconds <= 0 || used.AssistSeconds < 0 || used.AssistSeconds > used.CPUSeconds {
		t.Errorf("implausible GC figures %+v", used)
	}
	var sum GC
	sum.add(used)
	sum.add(used)
	if sum.Cycles != 2*used.Cycles || sum.CPUSeconds != 2*used.CPUSeconds {
		t.Errorf("add: %+v from twice %+v", sum, used)
	}
}

// TestDriveRetriesAClosedConnection checks that a request whose
// connection the client closed under it is made again and counted as
// retried, and that other errors are not retried.
func TestDriveRetriesAClosedConnection(t *testing.T) {
	t.Parallel()
	closed := &net.OpError{Op: "read", Net: "tcp", Err: net.ErrClosed}
	var calls atomic.Int64
	c := func(ctx context.Context, rng *rand.Rand) error {
		switch n := calls.Add(1); {
		case n%7 == 1: // closed once, then answered
			return fmt.Errorf("deserialization failed: %w", closed)
		case n%7 == 4: // another failure: counted, not retried
			return errors.New("AccessDenied")
		}
		return nil
	}
	side := drive(context.Background(), 1, 0, 100*time.Millisecond, 1, c)
	if side.Retried == 0 || side.Errors == 0 {
		t.Fatalf("retried %d, errors %d; want both", side.Retried, side.Errors)
	}
	if side.FirstError != "AccessDenied" {
		t.Errorf("first error %q: a closed connection was counted as a failure", side.FirstError)
	}
	// A request closed on every try fails after closedRetries retries.
	var tries int
	always := func(ctx context.Context, rng *rand.Rand) error { tries++; return closed }
	if retried, err := do(context.Background(), nil, always); !retried || !errors.Is(err, net.ErrClosed) || tries != 1+closedRetries {
		t.Errorf("closed every time: retried %v, err %v, %d tries", retried, err, tries)
	}
}
