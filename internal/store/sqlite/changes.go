package sqlite

import (
	"context"
	"fmt"

	"github.com/chatgov/chatgov/internal/store"
)

// A SQLite store serves one process (the data directory's lock keeps a
// second one out), so it keeps no change log: AppendChanges only sets the
// revision.

func (t *tx) Revision(ctx context.Context) (rev int64, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(); err != nil {
		return 0, err
	}
	if t.revision > 0 {
		return t.revision, nil
	}
	if err := t.tx.QueryRowContext(ctx, `SELECT value FROM revision WHERE id = 1`).Scan(&rev); err != nil {
		return 0, fmt.Errorf("sqlite.Revision: %w", err)
	}
	return rev, nil
}

func (t *tx) ChangesAfter(context.Context, int64) ([]store.Change, error) {
	return nil, store.ErrNoChangeLog
}

func (t *tx) AppendChanges(ctx context.Context, changes []store.Change) error {
	if len(changes) == 0 {
		return nil
	}
	rev, err := t.Revision(ctx)
	if err != nil {
		return err
	}
	next, err := store.NextRevision(rev, changes)
	if err != nil {
		return err
	}
	t.mu.Lock()
	t.revision = next
	t.mu.Unlock()
	return nil
}
