package memstore

import (
	"context"
	"fmt"
	"sync"

	"github.com/chatgov/chatgov/internal/store"
)

// The change log. Stores opened on one DB stand for processes sharing a
// database (replicas), so the DB logs the changes Updates append, and
// each Store is a store.ChangeFeed of them, as PostgreSQL's is.

func (t *tx) Revision(context.Context) (int64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return 0, errTxDone
	}
	return t.d.revision, nil
}

func (t *tx) ChangesAfter(_ context.Context, after int64) ([]store.Change, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return nil, errTxDone
	}
	return t.d.changesAfter(after, 0)
}

func (t *tx) AppendChanges(_ context.Context, changes []store.Change) error {
	return t.write(func(d *data) error {
		next, err := store.NextRevision(d.revision, changes)
		if err != nil {
			return err
		}
		if d.logStart == 0 && len(d.changes) == 0 {
			d.logStart = d.revision + 1
		}
		if d.logStart+int64(len(d.changes)) != d.revision+1 {
			// An Update without changes came in between: the log starts
			// again here.
			d.changes, d.logStart = nil, d.revision+1
		}
		for _, c := range changes {
			c.Data = append([]byte(nil), c.Data...)
			d.changes = append(d.changes, c)
		}
		d.revision, d.revisionSet = next, true
		return nil
	})
}

// changesAfter reads the log of one version.
func (d *data) changesAfter(after int64, limit int) ([]store.Change, error) {
	if after >= d.revision {
		return nil, nil
	}
	if len(d.changes) == 0 || after+1 < d.logStart || d.logStart+int64(len(d.changes)) != d.revision+1 {
		return nil, fmt.Errorf("%w: the store is at revision %d and its log does not continue from %d", store.ErrNoChangeLog, d.revision, after)
	}
	out := d.changes[after+1-d.logStart:]
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return append([]store.Change(nil), out...), nil
}

// ChangesAfter reads the committed log; see store.ChangeFeed.
func (s *Store) ChangesAfter(ctx context.Context, after int64, limit int) ([]store.Change, error) {
	if s.closed.Load() {
		return nil, errClosed
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.db.committed.Load().changesAfter(after, limit)
}

// Watch returns a channel that receives a value when an Update of any
// Store of the DB commits; see store.ChangeFeed.
func (s *Store) Watch(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	ch <- struct{}{}
	s.db.watchers.add(ch)
	go func() {
		<-ctx.Done()
		s.db.watchers.remove(ch)
		close(ch)
	}()
	return ch
}

// watchers are the channels of Watch.
type watchers struct {
	mu  sync.Mutex
	chs map[chan struct{}]bool
}

func (w *watchers) add(ch chan struct{}) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.chs == nil {
		w.chs = map[chan struct{}]bool{}
	}
	w.chs[ch] = true
}

func (w *watchers) remove(ch chan struct{}) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.chs, ch)
}

func (w *watchers) tick() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for ch := range w.chs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

var _ store.ChangeFeed = (*Store)(nil)
