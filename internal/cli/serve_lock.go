package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/chatgov/chatgov/internal/config"
)

// One process per SQLite store. chatgov holds its state in memory and
// writes it through to the store; on SQLite, which keeps no change log, a
// second process would miss the first one's writes. Whatever opens a
// SQLite store for writing (serve, credentials reset) first takes the
// store's lock, a lock file under flock(2) next to the database, and holds
// it until it closes the store. PostgreSQL stores take no lock: several
// processes (replicas) share one, each applying the others' writes from
// the store's change log.

// storeLock is a process's exclusive hold on its store.
type storeLock struct {
	// release gives the hold up.
	release func() error
}

// storeInUseError says that another process holds the store.
type storeInUseError struct {
	store  string // "the data directory DIR", "the PostgreSQL store URL"
	holder string // what is known of the holder
	hint   string
}

func (e *storeInUseError) Error() string {
	return fmt.Sprintf("%s is in use by another chatgov process (%s): %s", e.store, e.holder, e.hint)
}

// lockFileName is the lock file's name beside a SQLite database.
func lockFileName(db string) string { return db + ".lock" }

// lockStore takes the lock of the store cfg names, creating a SQLite
// store's directory if need be. The error is a *storeInUseError when
// another process holds it.
func lockStore(ctx context.Context, cfg config.Config) (*storeLock, error) {
	kind, target := cfg.StoreKind()
	switch kind {
	case config.SQLite:
		if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
			return nil, err
		}
		path := lockFileName(target)
		release, holderPID, err := lockFile(path)
		if errors.Is(err, errLocked) {
			what, hint := "the data directory "+filepath.Dir(target), "stop it first, or give this process another --data directory"
			if cfg.Store != "" {
				what, hint = "the SQLite store "+target, "stop it first, or use another store"
			}
			holder := "lock file " + path
			if holderPID != "" {
				holder = "PID " + holderPID + ", " + holder
			}
			return nil, &storeInUseError{store: what, holder: holder, hint: hint}
		}
		if err != nil {
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		return &storeLock{release: release}, nil
	case config.Postgres:
		// Any number of processes share a PostgreSQL store: each follows
		// the others' writes through the change log (gov.Service.Follow).
		return &storeLock{release: func() error { return nil }}, nil
	}
	return nil, fmt.Errorf("unknown store %q", cfg.Store)
}
