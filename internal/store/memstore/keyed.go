package memstore

import (
	"context"
	"sync"
)

// keyed is a map of a DB's kept beside the model, under a lock of its own:
// the chat command inbox and the Slack threads.
type keyed[V any] struct {
	mu sync.Mutex
	m  map[string]V
}

// lockKeyed locks k and returns it, its map made, for a caller that
// unlocks k.mu when done. It returns errClosed once s is closed, and
// ctx's error once ctx has ended, without locking.
func lockKeyed[V any](s *Store, ctx context.Context, k *keyed[V]) (*keyed[V], error) {
	if s.closed.Load() {
		return nil, errClosed
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]V{}
	}
	return k, nil
}
