package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrNoChangeLog: the store keeps no change log (it serves one process),
// or the log no longer reaches back to the revision asked for (its oldest
// entries were pruned, or an Update appended no change). A reader that
// gets it loads the whole state again.
var ErrNoChangeLog = errors.New("store: the change log does not hold these revisions")

// Change is one committed write as the change log keeps it: the revision
// it made and what it did, encoded by the application (the store does not
// read it).
type Change struct {
	Revision int64
	Data     []byte
	// Time is when it was committed, as the store's clock saw it (zero
	// when the store does not record it).
	Time time.Time
}

// ChangeWriter reads the revision and logs changes inside an Update. Since
// Updates are serialized, across processes too, nothing commits between
// the revision an Update reads and its own commit.
type ChangeWriter interface {
	// Revision returns the store's revision, as of this transaction.
	Revision(ctx context.Context) (int64, error)
	// ChangesAfter returns the logged changes with revisions above after,
	// in revision order, without gaps. It returns ErrNoChangeLog when the
	// store keeps no log or the log does not start at after+1.
	ChangesAfter(ctx context.Context, after int64) ([]Change, error)
	// AppendChanges logs changes whose revisions follow the store's
	// revision one by one, and sets the revision to the last one's; the
	// Update then does not add one to it. A store that keeps no log only
	// sets the revision. It returns an error naming the revision when
	// they do not follow on.
	AppendChanges(ctx context.Context, changes []Change) error
}

// ChangeFeed is how a process follows the writes of the other processes
// sharing its store. Only stores that several processes may share
// (PostgreSQL) have one.
type ChangeFeed interface {
	// ChangesAfter returns at most limit logged changes with revisions
	// above after, in order (all when limit <= 0). It returns
	// ErrNoChangeLog when the log does not start at after+1 while the
	// store's revision is beyond after.
	ChangesAfter(ctx context.Context, after int64, limit int) ([]Change, error)
	// Watch returns a channel that receives a value whenever another
	// change may have been committed: on the store's notification, and
	// after every reconnection (notifications sent meanwhile are lost, so
	// the reader must read the log). It is closed when ctx ends.
	Watch(ctx context.Context) <-chan struct{}
}

// NextRevision checks that changes follow revision one by one and returns
// the last one's revision; drivers call it in AppendChanges.
func NextRevision(revision int64, changes []Change) (int64, error) {
	for i, c := range changes {
		if c.Revision != revision+int64(i)+1 {
			return 0, fmt.Errorf("store: change %d has revision %d, want %d (the store is at %d)", i, c.Revision, revision+int64(i)+1, revision)
		}
	}
	return revision + int64(len(changes)), nil
}
