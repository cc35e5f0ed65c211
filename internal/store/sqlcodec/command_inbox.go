package sqlcodec

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// CommandInbox implements store.CommandInbox over a driver's transactions,
// the same for both SQL dialects; it runs on the transactions the driver
// gives Notifications (NotifyTx), with the same claim lock.
type CommandInbox struct {
	// Run runs fn in one transaction that commits when fn returns nil.
	Run func(ctx context.Context, fn func(tx NotifyTx) error) error
	// Rebind turns ? placeholders into the dialect's.
	Rebind func(query string) string
	// ClaimLock ends the claim's SELECT (see Notifications.ClaimLock).
	ClaimLock string
}

var _ store.CommandInbox = CommandInbox{}

func (b CommandInbox) q(s string) string {
	if b.Rebind == nil {
		return s
	}
	return b.Rebind(s)
}

const inboxColumns = `retry_key, kind, payload, stage, attempts, next_attempt_at, reply, created_at, done_at`

// AcceptCommand stores a command; see store.CommandInbox.
func (b CommandInbox) AcceptCommand(ctx context.Context, c store.InboxCommand) error {
	return b.Run(ctx, func(tx NotifyTx) error {
		_, err := tx.Exec(ctx, b.q(`INSERT INTO chat_command_inbox (`+inboxColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			c.Key, c.Kind, c.Payload, store.InboxAccepted, c.Attempts, Micros(c.NextAttemptAt), c.Reply, Micros(c.CreatedAt), nil)
		if err != nil {
			return fmt.Errorf("chat command %s: %w", c.Key, err)
		}
		return nil
	})
}

// ClaimCommands claims due commands; see store.CommandInbox.
func (b CommandInbox) ClaimCommands(ctx context.Context, now, until time.Time, limit int) ([]store.InboxCommand, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []store.InboxCommand
	err := b.Run(ctx, func(tx NotifyTx) error {
		out = out[:0]
		var c store.InboxCommand
		var next, created, done sql.NullInt64
		dest := []any{&c.Key, &c.Kind, &c.Payload, &c.Stage, &c.Attempts, &next, &c.Reply, &created, &done}
		q := `SELECT ` + inboxColumns + ` FROM chat_command_inbox
			WHERE stage <> 'DONE' AND next_attempt_at <= ? ORDER BY next_attempt_at, retry_key LIMIT ?` + b.ClaimLock
		if err := tx.Each(ctx, b.q(q), []any{now.UnixMicro(), limit}, dest, func() error {
			c.NextAttemptAt = Time(next.Int64, next.Valid)
			c.CreatedAt = Time(created.Int64, created.Valid)
			c.DoneAt = Time(done.Int64, done.Valid)
			out = append(out, c)
			return nil
		}); err != nil {
			return err
		}
		for i := range out {
			c := &out[i]
			c.Attempts++
			c.NextAttemptAt = until.UTC().Truncate(time.Microsecond)
			if _, err := tx.Exec(ctx, b.q(`UPDATE chat_command_inbox SET attempts = ?, next_attempt_at = ? WHERE retry_key = ?`),
				c.Attempts, Micros(c.NextAttemptAt), c.Key); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// AdvanceCommand records a command's progress; see store.CommandInbox.
func (b CommandInbox) AdvanceCommand(ctx context.Context, key, stage, reply string, at time.Time) error {
	if stage == store.InboxDone {
		return b.set(ctx, key, `UPDATE chat_command_inbox SET stage = ?, reply = ?, done_at = ?, next_attempt_at = NULL WHERE retry_key = ?`,
			stage, reply, Micros(at), key)
	}
	return b.set(ctx, key, `UPDATE chat_command_inbox SET stage = ?, reply = ? WHERE retry_key = ?`, stage, reply, key)
}

// ReleaseCommand makes a command due again; see store.CommandInbox.
func (b CommandInbox) ReleaseCommand(ctx context.Context, key string, next time.Time) error {
	return b.set(ctx, key, `UPDATE chat_command_inbox SET next_attempt_at = ? WHERE retry_key = ? AND stage <> 'DONE'`, Micros(next), key)
}

func (b CommandInbox) set(ctx context.Context, key, q string, args ...any) error {
	return b.Run(ctx, func(tx NotifyTx) error {
		c, err := tx.Exec(ctx, b.q(q), args...)
		if err == nil && c == 0 {
			err = fmt.Errorf("chat command %s: %w", key, store.ErrNotFound)
		}
		return err
	})
}

// PruneCommands deletes old done commands; see store.CommandInbox.
func (b CommandInbox) PruneCommands(ctx context.Context, before time.Time, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	var n int64
	err := b.Run(ctx, func(tx NotifyTx) (err error) {
		n, err = tx.Exec(ctx, b.q(`DELETE FROM chat_command_inbox WHERE retry_key IN (SELECT retry_key FROM chat_command_inbox
			WHERE stage = 'DONE' AND done_at < ? ORDER BY done_at, retry_key LIMIT ?)`), before.UnixMicro(), limit)
		return err
	})
	return int(n), err
}
