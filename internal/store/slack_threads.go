package store

import (
	"context"
	"time"
)

// SlackThreads keeps the Slack threads the notification gateway started:
// per thread key (a workspace, a channel and a notification's thread ID),
// the timestamp of the thread's first message, to which later
// notifications of the thread reply. Kept in the store, they are shared by
// every process on it and outlive a restart. Like Notifications, each
// method is a transaction of its own, outside Update.
type SlackThreads interface {
	// SlackThread returns the thread stored under key; ErrNotFound when
	// none is.
	SlackThread(ctx context.Context, key string) (SlackThread, error)
	// StartSlackThread stores t unless a thread is stored under t.Key
	// already, and returns the thread stored under t.Key after the
	// write: t, or the one that was there. Two processes that start one
	// thread at the same time get the same answer.
	StartSlackThread(ctx context.Context, t SlackThread) (SlackThread, error)
	// PruneSlackThreads deletes up to limit threads started before
	// before, the oldest first, and returns how many it deleted.
	PruneSlackThreads(ctx context.Context, before time.Time, limit int) (int, error)
}

// SlackThread is a Slack thread a notification started.
type SlackThread struct {
	// Key names the thread; the gateway's own format. Unique.
	Key string
	// TS is the Slack timestamp of the thread's first message.
	TS        string
	StartedAt time.Time
}
