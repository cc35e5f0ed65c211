package postgres

import (
	"context"
	"errors"
	"sync"

	"github.com/jackc/pgx/v5"
)

// LeaseHeldError is the error of AcquireLease and Check when another
// session holds the store's lease.
type LeaseHeldError struct {
	// Holder describes the holder as far as pg_stat_activity shows it:
	// its application_name, backend PID and client address.
	Holder string
}

func (e *LeaseHeldError) Error() string {
	return "another process holds the store (" + e.Holder + ")"
}

// leaseClass is the first half of the lease's advisory lock key ("ownr" in
// ASCII), apart from lockClass, which Updates take for a transaction; the
// second half is, as there, a hash of the schema's name.
const leaseClass = 0x6f776e72

const leaseSchemaKey = `hashtext(COALESCE(current_schema(), ''))`

// Lease is one process's exclusive hold on a store: a session-level
// advisory lock on a connection of its own, held until Release or until
// the connection ends, which PostgreSQL notices when the process dies.
// chatgov keeps its state in memory, so two processes writing one store
// would each miss the other's writes; until replicas follow each other,
// the lease keeps a second one out. Separate schemas have separate leases.
// It is safe for concurrent use.
type Lease struct {
	cfg *pgx.ConnConfig
	mu  sync.Mutex // guards conn
	// conn holds the lock; nil after Release.
	conn     *pgx.Conn
	released bool
}

// AcquireLease connects to the store at url and takes its lease. holder
// names the process, uniquely (it is published as the connection's
// application_name, so that a refused process can say who holds the
// lease, and so that Check knows its own lingering connection). The error wraps
// a *LeaseHeldError when another session holds it.
func AcquireLease(ctx context.Context, url, holder string) (_ *Lease, err error) {
	defer wrap(&err, "postgres.AcquireLease")
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	cfg.RuntimeParams["application_name"] = holder
	l := &Lease{cfg: cfg}
	if err := l.connect(ctx, false); err != nil {
		return nil, err
	}
	return l, nil
}

// connect opens the lease's connection and takes the lock on it; again
// says that this process held the lease before (Check).
func (l *Lease) connect(ctx context.Context, again bool) error {
	conn, err := pgx.ConnectConfig(ctx, l.cfg)
	if err != nil {
		return err
	}
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, `+leaseSchemaKey+`)`, leaseClass).Scan(&ok); err != nil {
		conn.Close(ctx)
		return err
	}
	if !ok {
		name, who := holderOf(ctx, conn)
		conn.Close(ctx)
		if again && name != "" && name == l.cfg.RuntimeParams["application_name"] {
			// This process's own earlier connection, ended but not gone
			// yet: not another holder. Check tries again later.
			return errors.New("the lease's previous connection still holds it")
		}
		return &LeaseHeldError{Holder: who}
	}
	l.conn = conn
	return nil
}

// holderOf returns the application_name of the session that holds the
// lease and a description of it, as far as pg_stat_activity lets this one
// see it.
func holderOf(ctx context.Context, conn *pgx.Conn) (name, description string) {
	err := conn.QueryRow(ctx, `
		SELECT a.application_name, COALESCE(NULLIF(a.application_name, ''), 'unnamed') || ', PostgreSQL backend ' || a.pid ||
			COALESCE(', from ' || host(a.client_addr), '')
		FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
			AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
			AND l.classid = $1::bigint::oid
			AND l.objid = (`+leaseSchemaKey+`::bigint & 4294967295)::oid
		LIMIT 1`, leaseClass).Scan(&name, &description)
	if err != nil {
		return "", "holder unknown"
	}
	return name, description
}

// Check makes sure the lease is still held. When its connection was lost
// (and PostgreSQL released the lock with it), Check connects again and
// takes the lock back; it fails, wrapping a *LeaseHeldError, when another
// process took it in between, and then the caller must stop writing.
func (l *Lease) Check(ctx context.Context) (err error) {
	defer wrap(&err, "postgres.Lease.Check")
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.released {
		return errors.New("the lease was released")
	}
	if l.conn != nil {
		if err := l.conn.Ping(ctx); err == nil {
			return nil
		}
		l.conn.Close(ctx)
		l.conn = nil
	}
	return l.connect(ctx, true)
}

// Release gives the lease up. It is safe to call more than once.
func (l *Lease) Release() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.released = true
	if l.conn == nil {
		return nil
	}
	err := l.conn.Close(context.Background())
	l.conn = nil
	return err
}
