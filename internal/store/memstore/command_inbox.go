package memstore

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// AcceptCommand stores a command; see store.CommandInbox.
func (s *Store) AcceptCommand(ctx context.Context, c store.InboxCommand) error {
	b, err := lockKeyed(s, ctx, &s.db.inbox)
	if err != nil {
		return err
	}
	defer b.mu.Unlock()
	if _, ok := b.m[c.Key]; ok {
		return fmt.Errorf("chat command %s: %w", c.Key, store.ErrConflict)
	}
	c.Stage = store.InboxAccepted
	c.NextAttemptAt, c.CreatedAt, c.DoneAt = micro(c.NextAttemptAt), micro(c.CreatedAt), time.Time{}
	b.m[c.Key] = c
	return nil
}

// ClaimCommands claims due commands; see store.CommandInbox.
func (s *Store) ClaimCommands(ctx context.Context, now, until time.Time, limit int) ([]store.InboxCommand, error) {
	b, err := lockKeyed(s, ctx, &s.db.inbox)
	if err != nil {
		return nil, err
	}
	defer b.mu.Unlock()
	var due []store.InboxCommand
	for _, c := range b.m {
		if c.Stage != store.InboxDone && !c.NextAttemptAt.IsZero() && !c.NextAttemptAt.After(now) {
			due = append(due, c)
		}
	}
	sort.Slice(due, func(i, j int) bool {
		if !due[i].NextAttemptAt.Equal(due[j].NextAttemptAt) {
			return due[i].NextAttemptAt.Before(due[j].NextAttemptAt)
		}
		return due[i].Key < due[j].Key
	})
	if limit <= 0 {
		return nil, nil
	}
	due = due[:min(len(due), limit)]
	for i := range due {
		due[i].Attempts++
		due[i].NextAttemptAt = micro(until)
		b.m[due[i].Key] = due[i]
	}
	return due, nil
}

// AdvanceCommand records a command's progress; see store.CommandInbox.
func (s *Store) AdvanceCommand(ctx context.Context, key, stage, reply string, at time.Time) error {
	return s.changeCommand(ctx, key, false, func(c *store.InboxCommand) {
		c.Stage, c.Reply = stage, reply
		if stage == store.InboxDone {
			c.DoneAt, c.NextAttemptAt = micro(at), time.Time{}
		}
	})
}

// ReleaseCommand makes a command due again; see store.CommandInbox.
func (s *Store) ReleaseCommand(ctx context.Context, key string, next time.Time) error {
	return s.changeCommand(ctx, key, true, func(c *store.InboxCommand) { c.NextAttemptAt = micro(next) })
}

func (s *Store) changeCommand(ctx context.Context, key string, unfinished bool, fn func(c *store.InboxCommand)) error {
	b, err := lockKeyed(s, ctx, &s.db.inbox)
	if err != nil {
		return err
	}
	defer b.mu.Unlock()
	c, ok := b.m[key]
	if !ok || unfinished && c.Stage == store.InboxDone {
		return fmt.Errorf("chat command %s: %w", key, store.ErrNotFound)
	}
	fn(&c)
	b.m[key] = c
	return nil
}

// PruneCommands deletes old done commands; see store.CommandInbox.
func (s *Store) PruneCommands(ctx context.Context, before time.Time, limit int) (int, error) {
	b, err := lockKeyed(s, ctx, &s.db.inbox)
	if err != nil {
		return 0, err
	}
	defer b.mu.Unlock()
	var old []store.InboxCommand
	for _, c := range b.m {
		if c.Stage == store.InboxDone && c.DoneAt.Before(before) {
			old = append(old, c)
		}
	}
	sort.Slice(old, func(i, j int) bool {
		if !old[i].DoneAt.Equal(old[j].DoneAt) {
			return old[i].DoneAt.Before(old[j].DoneAt)
		}
		return old[i].Key < old[j].Key
	})
	old = old[:min(len(old), max(limit, 0))]
	for _, c := range old {
		delete(b.m, c.Key)
	}
	return len(old), nil
}
