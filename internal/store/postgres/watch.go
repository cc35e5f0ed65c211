package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Watch follows the change log's notifications on a connection of its
// own; see store.ChangeFeed. The channel receives a value (coalesced: at
// most one waits) when an Update of this schema commits, and after every
// (re)connection, since a notification sent while no connection listened
// is lost. A lost connection is retried with a growing pause, up to
// watchMaxPause, until ctx ends; the channel is closed then.
func (db *DB) Watch(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	go db.watch(ctx, ch)
	return ch
}

// watchMaxPause bounds the pause between two attempts to listen again.
const watchMaxPause = 5 * time.Second

func (db *DB) watch(ctx context.Context, ch chan<- struct{}) {
	defer close(ch)
	pause := 50 * time.Millisecond
	for ctx.Err() == nil {
		if db.listen(ctx, ch) {
			pause = 50 * time.Millisecond
		}
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
		pause = min(2*pause, watchMaxPause)
	}
}

// listen listens until its connection fails or ctx ends; it reports
// whether it got as far as listening.
func (db *DB) listen(ctx context.Context, ch chan<- struct{}) bool {
	conn, err := pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig.Copy())
	if err != nil {
		return false
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		conn.Close(cctx)
	}()
	var schema string
	if err := conn.QueryRow(ctx, `SELECT COALESCE(current_schema(), '')`).Scan(&schema); err != nil {
		return false
	}
	if _, err := conn.Exec(ctx, "LISTEN "+changeChannel); err != nil {
		return false
	}
	tick(ch)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true
		}
		if n.Payload == schema {
			tick(ch)
		}
	}
}

// tick sends on ch unless a value already waits there.
func tick(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
