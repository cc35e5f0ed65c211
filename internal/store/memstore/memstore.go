// Package memstore is a store held in memory: the store contract
// (internal/store) with nothing written to disk. The offline command line
// loads an org file into one and runs the same use cases over it as the
// server runs over SQLite or PostgreSQL, so that the two cannot answer the
// same question differently; it passes the conformance suite
// (store/storetest) like the other drivers, so that it cannot drift from
// them either.
//
// A [DB] is the data, what a database file is to SQLite: it lives as long
// as the program keeps it. [DB.Open] returns a [Store] on it; several
// stores on one DB share its data and serialize their Updates, as two
// processes on one database would. Records are copied in and out (a
// caller may reuse its slices once a Put returns, and may change what
// Load returned), times are kept to the microsecond in UTC, and nil and
// empty lists load alike, as empty, as the contract says of every driver.
package memstore

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/chatgov/chatgov/internal/store"
)

// errClosed is returned by a Store used after its Close.
var errClosed = errors.New("memstore: store used after Close")

// errTxDone is returned by a Tx used after its Update returned.
var errTxDone = errors.New("memstore: transaction used after its Update returned")

// DB is a database in memory. The zero value is not usable: call NewDB.
type DB struct {
	// writer serializes Updates, across every Store opened on the DB.
	writer sync.Mutex
	// committed is the last committed version. Readers load it without
	// locks; an Update publishes the next version when it commits.
	committed atomic.Pointer[data]
	// outbox holds the SNS topics and the outbox (notifications.go).
	outbox outbox
	// inbox holds the chat command inbox (command_inbox.go).
	inbox keyed[store.InboxCommand]
	// threads holds the gateway's Slack threads (slack_threads.go).
	threads keyed[store.SlackThread]
	// watchers are woken when an Update commits (changes.go).
	watchers watchers
}

// NewDB returns an empty database.
func NewDB() *DB {
	db := &DB{}
	db.committed.Store(newData())
	return db
}

// Open returns a store on db.
func (db *DB) Open() *Store { return &Store{db: db} }

// Store is a store on a DB. It is safe for concurrent use.
type Store struct {
	db     *DB
	closed atomic.Bool
}

var _ store.Store = (*Store)(nil)

// New returns a store on a new, empty database.
func New() *Store { return NewDB().Open() }

// NewFrom returns a store on a new database holding st, written in one
// Update through the same writes as any other (so st must hold what a
// driver accepts: attachments of existing policies, identities of
// existing configurations); its revision is 1. It returns the first
// write's error, wrapped with the record it concerns.
func NewFrom(ctx context.Context, st *store.State) (*Store, error) {
	s := New()
	if err := s.Update(ctx, func(ctx context.Context, tx store.Tx) error { return putState(ctx, tx, st) }); err != nil {
		return nil, err
	}
	return s, nil
}

// Close closes the store; the database and its data stay, for another
// Open. Closing twice is not an error.
func (s *Store) Close() error {
	s.closed.Store(true)
	return nil
}

// Load returns a copy of everything committed. It returns an error only
// after Close.
func (s *Store) Load(ctx context.Context) (*store.State, error) {
	if s.closed.Load() {
		return nil, errClosed
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.db.committed.Load().state(), nil
}

// Update runs fn in a transaction: fn's writes go to a copy of the
// committed data (each table copied on its first write), which becomes the
// committed data when fn returns nil. An error or a panic of fn leaves the
// committed data as it was; the error is returned as is and the panic
// goes on. Update returns an error without running fn after Close or when
// ctx is done.
func (s *Store) Update(ctx context.Context, fn func(ctx context.Context, tx store.Tx) error) error {
	if s.closed.Load() {
		return errClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.db.writer.Lock()
	defer s.db.writer.Unlock()
	t := &tx{d: s.db.committed.Load().next()}
	defer t.end()
	if err := fn(ctx, t); err != nil {
		return err
	}
	if !t.d.revisionSet {
		t.d.revision++
	}
	t.d.revisionSet = false
	s.db.committed.Store(t.d)
	s.db.watchers.tick()
	return nil
}

// ComplianceEvents returns the committed events q selects, in ID order,
// each with its cause. It does not wait for a running Update.
func (s *Store) ComplianceEvents(ctx context.Context, q store.ComplianceQuery) ([]store.ComplianceRecord, error) {
	if s.closed.Load() {
		return nil, errClosed
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.db.committed.Load().complianceEvents(q), nil
}
