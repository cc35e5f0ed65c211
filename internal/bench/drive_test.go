package bench

import (
	"context"
	"errors"
	"math/rand/v2"
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
