package sqlcodec

import (
	"context"
	"fmt"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// SlackThreads implements store.SlackThreads over a driver's transactions,
// the same for both SQL dialects; it runs on the transactions the driver
// gives Notifications (NotifyTx).
type SlackThreads struct {
	// Run runs fn in one transaction that commits when fn returns nil.
	Run func(ctx context.Context, fn func(tx NotifyTx) error) error
	// Rebind turns ? placeholders into the dialect's.
	Rebind func(query string) string
}

var _ store.SlackThreads = SlackThreads{}

func (b SlackThreads) q(s string) string {
	if b.Rebind == nil {
		return s
	}
	return b.Rebind(s)
}

// SlackThread returns a stored thread; see store.SlackThreads.
func (b SlackThreads) SlackThread(ctx context.Context, key string) (out store.SlackThread, err error) {
	err = b.Run(ctx, func(tx NotifyTx) error {
		out, err = b.read(ctx, tx, key)
		return err
	})
	return out, err
}

// StartSlackThread stores a thread unless one is stored under its key;
// see store.SlackThreads. The insert does nothing on a key already taken
// (in PostgreSQL, after waiting for a concurrent insert of the key to end),
// and the read that follows, a statement of its own, sees the row that
// won.
func (b SlackThreads) StartSlackThread(ctx context.Context, t store.SlackThread) (out store.SlackThread, err error) {
	err = b.Run(ctx, func(tx NotifyTx) error {
		if _, err := tx.Exec(ctx, b.q(`INSERT INTO slack_threads (thread_key, ts, started_at) VALUES (?, ?, ?)
			ON CONFLICT (thread_key) DO NOTHING`), t.Key, t.TS, t.StartedAt.UnixMicro()); err != nil {
			return fmt.Errorf("slack thread %s: %w", t.Key, err)
		}
		out, err = b.read(ctx, tx, t.Key)
		return err
	})
	return out, err
}

func (b SlackThreads) read(ctx context.Context, tx NotifyTx, key string) (store.SlackThread, error) {
	var t store.SlackThread
	var started int64
	found := false
	err := tx.Each(ctx, b.q(`SELECT thread_key, ts, started_at FROM slack_threads WHERE thread_key = ?`), []any{key},
		[]any{&t.Key, &t.TS, &started}, func() error {
			found = true
			return nil
		})
	if err != nil {
		return t, fmt.Errorf("slack thread %s: %w", key, err)
	}
	if !found {
		return t, fmt.Errorf("slack thread %s: %w", key, store.ErrNotFound)
	}
	t.StartedAt = time.UnixMicro(started).UTC()
	return t, nil
}

// PruneSlackThreads deletes old threads; see store.SlackThreads.
func (b SlackThreads) PruneSlackThreads(ctx context.Context, before time.Time, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	var n int64
	err := b.Run(ctx, func(tx NotifyTx) (err error) {
		n, err = tx.Exec(ctx, b.q(`DELETE FROM slack_threads WHERE thread_key IN (SELECT thread_key FROM slack_threads
			WHERE started_at < ? ORDER BY started_at, thread_key LIMIT ?)`), before.UnixMicro(), limit)
		return err
	})
	return int(n), err
}
