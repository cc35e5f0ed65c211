package gateway

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

// Slack threads. The first notification of a thread (a custom
// notification's threadId) in a channel starts a Slack thread; later ones
// reply in it (thread_ts). Which message started a thread is recorded in
// the store through gov, so that every replica sharing the store, and a
// restarted server, replies in the same thread; the thread book in memory
// is a cache in front of it, and serializes one process's notifications
// of a thread so that, within a process, the first starts the thread and
// the others wait for it.
//
// Across replicas nothing is serialized: deliveries are claimed one by
// one, not per channel or thread. Two replicas posting the first two
// notifications of a thread at the same moment may both start a thread in
// Slack. The record is put if absent, so the first recorded wins, and
// every later notification, on any replica, replies in the winner's
// thread; the other thread keeps its one message.
//
// Threads are kept for ThreadRetention after they started, then pruned:
// a notification after that starts a new thread. The cache trusts an
// entry for half of that and asks the store again after, so that clocks a
// little apart do not keep a replica on a thread the others have pruned.

// Timing of the threads' pruning.
const (
	threadPruneEvery   = 10 * time.Minute
	threadPruneBatch   = 500
	threadPruneBatches = 20 // per round, so that one round stays short
)

// threadTS returns the timestamp of the first message of the thread key,
// "" when none is recorded. It returns gov's error when the store fails.
func (g *Gateway) threadTS(ctx context.Context, key string) (string, error) {
	now := g.now()
	if ts, ok := g.threads.get(key, now); ok {
		return ts, nil
	}
	t, ok, err := g.out.SlackThread(ctx, key)
	if err != nil {
		return "", fmt.Errorf("slack: reading the thread: %w", err)
	}
	if !ok {
		return "", nil
	}
	g.threads.put(t)
	return t.TS, nil
}

// startThread records that the message ts started the thread key, and
// keeps what the store answers: this thread, or one another replica
// recorded first. A failure is logged, not returned: the message is
// posted, and the next notification of the thread starts another.
func (g *Gateway) startThread(ctx context.Context, key, ts string) {
	if ts == "" {
		return
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	t, err := g.out.StartSlackThread(rctx, key, ts)
	if err != nil {
		g.log.Warn("gateway: the Slack thread is not recorded; its next notification starts another", "thread", key, "err", err)
		return
	}
	if t.TS != ts {
		g.log.Info("gateway: another message started this Slack thread first (another replica's); later notifications reply in it",
			"thread", key, "ts", ts, "thread_ts", t.TS)
	}
	g.threads.put(t)
}

// pruneThreads deletes the threads started more than ThreadRetention ago,
// in batches.
func (g *Gateway) pruneThreads(ctx context.Context) {
	for range threadPruneBatches {
		n, err := g.out.PruneSlackThreads(ctx, g.opts.ThreadRetention, threadPruneBatch)
		if err != nil {
			if ctx.Err() == nil {
				g.log.Error("gateway: Slack threads not pruned", "err", err)
			}
			return
		}
		if n < threadPruneBatch {
			return
		}
	}
}

// threadBook caches, per thread key, the thread recorded in the store,
// and serializes the notifications of one thread. It forgets the oldest
// entries beyond its size, and trusts an entry while it is younger than
// trust.
type threadBook struct {
	mu      sync.Mutex
	max     int
	trust   time.Duration
	threads map[string]gov.SlackThread
	order   []string
	locks   map[string]*threadLock
}

type threadLock struct {
	mu    sync.Mutex
	users int
}

func newThreadBook(max int, trust time.Duration) *threadBook {
	return &threadBook{max: max, trust: trust, threads: map[string]gov.SlackThread{}, locks: map[string]*threadLock{}}
}

// lock holds the thread key until unlock is called.
func (b *threadBook) lock(key string) (unlock func()) {
	b.mu.Lock()
	l := b.locks[key]
	if l == nil {
		l = &threadLock{}
		b.locks[key] = l
	}
	l.users++
	b.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		b.mu.Lock()
		if l.users--; l.users == 0 {
			delete(b.locks, key)
		}
		b.mu.Unlock()
	}
}

// get returns the cached thread key's timestamp, if it is cached and
// started less than trust before now.
func (b *threadBook) get(key string, now time.Time) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.threads[key]
	if !ok || !now.Before(t.StartedAt.Add(b.trust)) {
		return "", false
	}
	return t.TS, true
}

// put caches t, as the store answered it.
func (b *threadBook) put(t gov.SlackThread) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.threads[t.Key]; !ok {
		b.order = append(b.order, t.Key)
	}
	b.threads[t.Key] = t
	if len(b.order) > b.max {
		delete(b.threads, b.order[0])
		b.order = b.order[1:]
	}
}
