package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/store/postgres"
)

// One process per store. chatgov holds its state in memory and writes it
// through to the store, so a second process on the same store would miss
// the first one's writes, and their writes together leave a store that no
// longer loads. Whatever opens a store for writing (serve, credentials
// reset) first takes the store's lock and holds it until it closes the
// store: a lock file under flock(2) next to a SQLite database, a
// session-level advisory lock on PostgreSQL (postgres.Lease).

// storeLock is a process's exclusive hold on its store.
type storeLock struct {
	// release gives the hold up.
	release func() error
	// check, when set, makes sure the hold is still there; it fails when
	// another process took the store.
	check func(ctx context.Context) error
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
		lease, err := postgres.AcquireLease(ctx, target, leaseHolder())
		var held *postgres.LeaseHeldError
		if errors.As(err, &held) {
			_, url, _ := strings.Cut(cfg.StoreDescription(), " ") // without the password
			return nil, &storeInUseError{store: "the PostgreSQL store " + url, holder: held.Holder,
				hint: "chatgov does not run several processes on one store yet; stop the other one first"}
		}
		if err != nil {
			return nil, err
		}
		return &storeLock{release: lease.Release, check: lease.Check}, nil
	}
	return nil, fmt.Errorf("unknown store %q", cfg.Store)
}

// leaseHolder names this process to other ones that find the lease held.
func leaseHolder() string {
	name := "chatgov pid " + strconv.Itoa(os.Getpid())
	if host, _ := os.Hostname(); host != "" {
		name += " on " + host
	}
	return name
}
