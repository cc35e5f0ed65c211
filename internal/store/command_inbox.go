package store

import (
	"context"
	"time"
)

// CommandInbox keeps the commands typed in chat that the gateway
// acknowledged: each is stored, under the platform's retry key, before the
// platform is answered, so that a crash after the acknowledgement loses
// nothing, and a retry of a stored command is recognised by its key, across
// restarts too. A worker claims stored commands with a lease, as the
// notification outbox's deliveries are claimed. Like Notifications, each
// method is a transaction of its own, outside Update.
type CommandInbox interface {
	// AcceptCommand stores a command in stage InboxAccepted, due at once.
	// It returns ErrConflict when a command with the same Key is stored
	// (done or not): the request is a retry.
	AcceptCommand(ctx context.Context, c InboxCommand) error
	// ClaimCommands returns up to limit commands not yet done whose
	// NextAttemptAt is at or before now, the earliest first; each is
	// claimed: its Attempts grows by one and its NextAttemptAt becomes
	// until, so that no other claim returns it before then.
	ClaimCommands(ctx context.Context, now, until time.Time, limit int) ([]InboxCommand, error)
	// AdvanceCommand records a claimed command's progress: its Stage and
	// Reply become stage and reply; at InboxDone its DoneAt becomes at and
	// it is never claimed again. It returns ErrNotFound when absent.
	AdvanceCommand(ctx context.Context, key, stage, reply string, at time.Time) error
	// ReleaseCommand makes a claimed command due again at next (a worker
	// that stops gives back what it holds); ErrNotFound when absent.
	ReleaseCommand(ctx context.Context, key string, next time.Time) error
	// PruneCommands deletes up to limit commands done before before, the
	// oldest first, and returns how many it deleted.
	PruneCommands(ctx context.Context, before time.Time, limit int) (int, error)
}

// Stages of an inbox command.
const (
	// InboxAccepted: stored and acknowledged; nothing done yet.
	InboxAccepted = "ACCEPTED"
	// InboxExecuting: allowed and handed to the executor, which may have
	// run it (in part) when a crash interrupts it.
	InboxExecuting = "EXECUTING"
	// InboxReplying: the reply (in Reply) is decided and being posted.
	InboxReplying = "REPLYING"
	// InboxDone: answered (or given up); kept only to recognise retries
	// until pruned.
	InboxDone = "DONE"
)

// InboxCommand is a command acknowledged to a chat platform.
type InboxCommand struct {
	// Key is the platform's retry key (a Slack event's team and event_id,
	// a slash command's team and trigger_id); unique.
	Key string
	// Kind says how Payload reads (the gateway's own names).
	Kind string
	// Payload is what the gateway needs to do the work, as it encodes it.
	Payload       string
	Stage         string
	Attempts      int
	NextAttemptAt time.Time
	// Reply is the answer once decided (from InboxReplying on).
	Reply     string
	CreatedAt time.Time
	// DoneAt is when the command became InboxDone; zero before.
	DoneAt time.Time
}
