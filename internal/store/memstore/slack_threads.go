package memstore

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// SlackThread returns a stored thread; see store.SlackThreads.
func (s *Store) SlackThread(ctx context.Context, key string) (store.SlackThread, error) {
	b, err := lockKeyed(s, ctx, &s.db.threads)
	if err != nil {
		return store.SlackThread{}, err
	}
	defer b.mu.Unlock()
	t, ok := b.m[key]
	if !ok {
		return store.SlackThread{}, fmt.Errorf("slack thread %s: %w", key, store.ErrNotFound)
	}
	return t, nil
}

// StartSlackThread stores a thread unless one is stored under its key;
// see store.SlackThreads.
func (s *Store) StartSlackThread(ctx context.Context, t store.SlackThread) (store.SlackThread, error) {
	b, err := lockKeyed(s, ctx, &s.db.threads)
	if err != nil {
		return store.SlackThread{}, err
	}
	defer b.mu.Unlock()
	if old, ok := b.m[t.Key]; ok {
		return old, nil
	}
	t.StartedAt = micro(t.StartedAt)
	b.m[t.Key] = t
	return t, nil
}

// PruneSlackThreads deletes old threads; see store.SlackThreads.
func (s *Store) PruneSlackThreads(ctx context.Context, before time.Time, limit int) (int, error) {
	b, err := lockKeyed(s, ctx, &s.db.threads)
	if err != nil {
		return 0, err
	}
	defer b.mu.Unlock()
	var old []store.SlackThread
	for _, t := range b.m {
		if t.StartedAt.Before(before) {
			old = append(old, t)
		}
	}
	sort.Slice(old, func(i, j int) bool {
		if !old[i].StartedAt.Equal(old[j].StartedAt) {
			return old[i].StartedAt.Before(old[j].StartedAt)
		}
		return old[i].Key < old[j].Key
	})
	old = old[:min(len(old), max(limit, 0))]
	for _, t := range old {
		delete(b.m, t.Key)
	}
	return len(old), nil
}
