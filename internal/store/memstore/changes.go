package memstore

import (
	"context"

	"github.com/chatgov/chatgov/internal/store"
)

// memstore serves one process and keeps no change log.

func (t *tx) Revision(context.Context) (int64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return 0, errTxDone
	}
	return t.d.revision, nil
}

func (t *tx) ChangesAfter(context.Context, int64) ([]store.Change, error) {
	return nil, store.ErrNoChangeLog
}

func (t *tx) AppendChanges(_ context.Context, changes []store.Change) error {
	return t.write(func(d *data) error {
		next, err := store.NextRevision(d.revision, changes)
		if err != nil {
			return err
		}
		d.revision, d.revisionSet = next, true
		return nil
	})
}
