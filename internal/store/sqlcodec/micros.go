// Package sqlcodec is what the SQL drivers, store/sqlite and
// store/postgres, share that is not dialect: how records become column
// values and back (times as microseconds, lists and tags as JSON text, a
// handshake's nested JSON), which columns make which record, and the logic
// of the reads whose shape both dialects share: Load, the compliance
// query's filters, the run of events a prune deletes.
//
// Every statement that differs between the dialects stays in its driver:
// placeholders, upserts, bulk writes (multi-row INSERTs, unnest, COPY),
// lists passed as JSON or as arrays, the locks, the transactions, and how
// a million chat configurations are read fastest. Where a statement is
// spelled the same in both (Load's plain SELECTs, the compliance query's
// columns and join), it is built here, beside the scan that depends on its
// column order, and the driver passes in its dialect's pieces.
//
// Time columns scan into the driver's nullable bigint (sql.NullInt64,
// pgtype.Int8), a type parameter N here, which the driver decodes with its
// own function: a wrapper type both could scan into would cost PostgreSQL a
// conversion through database/sql's interfaces for every row.
package sqlcodec

import (
	"math"
	"time"
)

// Micros encodes a time as the schemas store it: microseconds since the
// epoch, or nil (NULL) for the zero time, so that the epoch itself and
// "never" stay distinct.
func Micros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

// Time decodes what Micros encoded, in UTC: us microseconds since the
// epoch, or the zero time when the column is NULL (valid is false).
func Time(us int64, valid bool) time.Time {
	if !valid {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// CeilMicros is t in microseconds, rounded up: stored times are whole
// microseconds, so "at or after t" is ">= ceil(t)" and "before t" is
// "< ceil(t)".
func CeilMicros(t time.Time) int64 {
	us := t.UnixMicro()
	if t.Nanosecond()%1000 != 0 && us < math.MaxInt64 {
		us++
	}
	return us
}
