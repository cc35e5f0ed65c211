package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/memhint"
	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

// Load returns everything stored; see store.Store. It reads in one
// transaction, which in WAL mode is a snapshot: the revision and the rows
// always belong to the same committed Update.
func (db *DB) Load(ctx context.Context) (_ *store.State, err error) {
	defer wrap(&err, "sqlite.Load")
	sqlTx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer sqlTx.Rollback()
	return sqlcodec.Load[sql.NullInt64](ctx, loadTx{db: db, tx: sqlTx})
}

// loadTx is Load's transaction, as sqlcodec.Load reads it.
type loadTx struct {
	db *DB
	tx *sql.Tx
}

func (l loadTx) Each(ctx context.Context, query string, dest []any, row func() error) error {
	rows, err := l.tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	return sqlcodec.Each(rows, dest, row)
}

func (loadTx) Time(v sql.NullInt64) time.Time { return fromMicros(v) }

func (l loadTx) ChatConfigurations(ctx context.Context, revision int64) ([]store.ChatConfiguration, error) {
	return l.db.loadChatConfigurations(ctx, l.tx, revision)
}

// chatConfigurationsQuery selects each configuration as one string: its
// rowid and its columns joined by the record separator, U+001E (NULL times
// as empty fields).
//
// One column rather than 23, because the driver enters the connection's
// mutex three times for each column of each row, and allocates a string
// for each: reading a million configurations column by column took 8 s,
// this way about 3 s, and one string per row is one allocation rather
// than a dozen. A value holding the separator itself is detected by the
// count of separators, and its row read again column by column.
var chatConfigurationsQuery = func() string {
	args := []string{"rowid"}
	for _, c := range sqlcodec.ChatConfigurationColumns {
		if strings.HasSuffix(c, "_at") { // NULL for the zero time
			c = "ifnull(" + c + ", '')"
		}
		args = append(args, c)
	}
	return "SELECT concat_ws(char(30), " + strings.Join(args, ", ") + ") FROM chat_configurations"
}()

const recordSeparator = "\x1e"

// loadChatConfigurations reads the configurations into a slice sized up
// front: a million configurations are some 400 MB of records, which append
// would copy over and over as it grew them.
//
// The table is read in two halves at once, by rowid, each on a connection
// of its own with a goroutine that steps SQLite through the rows and one
// that decodes them: stepping SQLite is most of the work, and one
// connection keeps one core busy. The lower half fills the slice from the
// start and the upper half from the end, so neither needs to know the
// other's count. The second connection's read transaction must see the
// same snapshot as sqlTx: it checks the revision, and when another write
// has committed in between, sqlTx reads the whole table alone.
func (db *DB) loadChatConfigurations(ctx context.Context, sqlTx *sql.Tx, revision int64) ([]store.ChatConfiguration, error) {
	var n int
	var lo, hi int64
	if err := sqlTx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MIN(rowid), 0), COALESCE(MAX(rowid), 0) FROM chat_configurations`).Scan(&n, &lo, &hi); err != nil {
		return nil, err
	}
	out := make([]store.ChatConfiguration, n)
	memhint.Prefault(out)
	if n == 0 {
		return out, nil
	}
	lower := half{tx: sqlTx, query: chatConfigurationsQuery + ` WHERE rowid <= ? ORDER BY rowid`, arg: hi,
		slot: func(i int) *store.ChatConfiguration { return &out[i] }}
	if n >= parallelLoadMin {
		// A second transaction that cannot begin only costs the speed-up.
		if tx2, err := db.snapshotTx(ctx, revision); err == nil && tx2 != nil {
			defer tx2.Rollback()
			mid := lo + (hi-lo)/2
			lower.arg = mid
			upper := half{tx: tx2, query: chatConfigurationsQuery + ` WHERE rowid > ? ORDER BY rowid DESC`, arg: mid,
				slot: func(i int) *store.ChatConfiguration { return &out[n-1-i] }}
			var wg sync.WaitGroup
			wg.Go(func() { upper.read(ctx, n) })
			lower.read(ctx, n)
			wg.Wait()
			return finishHalves(ctx, sqlTx, out, lower, upper)
		}
	}
	lower.read(ctx, n)
	return finishHalves(ctx, sqlTx, out, lower)
}

// parallelLoadMin is the number of configurations from which two
// connections read them: below it, a second transaction costs more than it
// saves.
const parallelLoadMin = 10_000

// snapshotTx begins a read transaction on another connection that sees
// the state of revision, or returns nil when a write has committed since.
func (db *DB) snapshotTx(ctx context.Context, revision int64) (*sql.Tx, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	// In WAL mode the first read fixes the transaction's snapshot.
	var rev int64
	if err := tx.QueryRowContext(ctx, `SELECT value FROM revision WHERE id = 1`).Scan(&rev); err != nil {
		tx.Rollback()
		return nil, err
	}
	if rev != revision {
		tx.Rollback()
		return nil, nil
	}
	return tx, nil
}

// half is a part of the configurations table read by one connection.
type half struct {
	tx    *sql.Tx
	query string
	arg   int64
	// slot returns where the i-th row this half reads goes.
	slot func(i int) *store.ChatConfiguration
	// What read found: the rows decoded, the rows that hold the separator
	// in a value (their rowid and slot), and the first error.
	count int
	again map[int64]int
	err   error
}

// read decodes the half's rows into their slots, at most max of them. SQLite
// steps through the rows on another goroutine while this one decodes
// them.
func (h *half) read(ctx context.Context, max int) {
	h.again = map[int64]int{}
	rows, err := h.tx.QueryContext(ctx, h.query, h.arg)
	if err != nil {
		h.err = err
		return
	}
	const batchSize = 1024
	batches := make(chan []string, 16)
	stop := make(chan struct{})
	var readErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(batches)
		defer rows.Close()
		batch := make([]string, 0, batchSize)
		for rows.Next() {
			var row string
			if readErr = rows.Scan(&row); readErr != nil {
				return
			}
			if batch = append(batch, row); len(batch) == batchSize {
				select {
				case batches <- batch:
				case <-stop:
					return
				}
				batch = make([]string, 0, batchSize)
			}
		}
		if readErr = rows.Err(); readErr == nil && len(batch) > 0 {
			select {
			case batches <- batch:
			case <-stop:
			}
		}
	})
	var decodeErr error
decode:
	for batch := range batches {
		for _, row := range batch {
			if h.count == max {
				decodeErr = fmt.Errorf("more configurations than the %d counted", max)
			} else {
				// Decoded in place: a record is 400 bytes to copy.
				rowid, err := unpackChatConfiguration(row, h.slot(h.count))
				switch {
				case errors.Is(err, errSeparatorInValue):
					h.again[rowid] = h.count
				case err != nil:
					decodeErr = fmt.Errorf("chat configuration %.100q: %w", row, err)
				}
				h.count++
			}
			if decodeErr != nil {
				close(stop)
				for range batches {
				}
				break decode
			}
		}
	}
	wg.Wait()
	h.err = errors.Join(readErr, decodeErr)
}

// finishHalves checks that the halves read every counted configuration,
// and reads again, column by column, the rows that hold the separator.
func finishHalves(ctx context.Context, sqlTx *sql.Tx, out []store.ChatConfiguration, halves ...half) ([]store.ChatConfiguration, error) {
	total := 0
	for _, h := range halves {
		if h.err != nil {
			return nil, h.err
		}
		total += h.count
	}
	if total != len(out) {
		return nil, fmt.Errorf("read %d configurations of the %d counted", total, len(out))
	}
	for _, h := range halves {
		for rowid, i := range h.again {
			c, err := readChatConfiguration(ctx, sqlTx, rowid)
			if err != nil {
				return nil, err
			}
			*h.slot(i) = c
		}
	}
	return out, nil
}

var errSeparatorInValue = errors.New("a value holds the record separator")

// unpackChatConfiguration decodes a row of chatConfigurationsQuery into c,
// whose strings then share the row's memory, and returns its rowid. It
// returns errSeparatorInValue when the row cannot be split.
func unpackChatConfiguration(row string, c *store.ChatConfiguration) (rowid int64, err error) {
	r := fieldReader{row}
	if rowid, err = strconv.ParseInt(r.next(), 10, 64); err != nil {
		return 0, fmt.Errorf("rowid: %w", err)
	}
	if strings.Count(r.s, recordSeparator) != len(sqlcodec.ChatConfigurationColumns)-1 {
		return rowid, errSeparatorInValue
	}
	var f sqlcodec.ChatConfigurationRow[sql.NullInt64]
	c.ARN, c.AccountID, c.Platform, c.Name, c.IamRoleARN = r.next(), r.next(), r.next(), r.next(), r.next()
	f.SNSTopicARNs, c.LoggingLevel, f.GuardrailPolicyARNs = r.next(), r.next(), r.next()
	c.UserAuthorizationRequired = r.next() == "1"
	c.SlackTeamID, c.SlackTeamName, c.SlackChannelID, c.SlackChannelName = r.next(), r.next(), r.next(), r.next()
	c.TenantID, c.TeamID, c.TeamName, c.ChannelID, c.ChannelName = r.next(), r.next(), r.next(), r.next(), r.next()
	c.WebhookURL, c.WebhookDescription = r.next(), r.next()
	f.Tags = r.next()
	if f.CreatedAt, err = parseMicros(r.next()); err == nil {
		f.UpdatedAt, err = parseMicros(r.next())
	}
	if err != nil {
		return rowid, err
	}
	return rowid, f.Decode(c, fromMicros)
}

// fieldReader returns the fields of a row of chatConfigurationsQuery in
// turn.
type fieldReader struct{ s string }

func (r *fieldReader) next() string {
	i := strings.IndexByte(r.s, recordSeparator[0])
	if i < 0 {
		v := r.s
		r.s = ""
		return v
	}
	v := r.s[:i]
	r.s = r.s[i+1:]
	return v
}

// parseMicros parses a time column as concat_ws renders it.
func parseMicros(v string) (sql.NullInt64, error) {
	if v == "" {
		return sql.NullInt64{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return sql.NullInt64{}, fmt.Errorf("time %q: %w", v, err)
	}
	return sql.NullInt64{Int64: n, Valid: true}, nil
}

// readChatConfiguration reads one configuration column by column.
func readChatConfiguration(ctx context.Context, sqlTx *sql.Tx, rowid int64) (c store.ChatConfiguration, err error) {
	var f sqlcodec.ChatConfigurationRow[sql.NullInt64]
	err = sqlTx.QueryRowContext(ctx, "SELECT "+strings.Join(sqlcodec.ChatConfigurationColumns, ", ")+" FROM chat_configurations WHERE rowid = ?", rowid).
		Scan(f.Dest(nil, &c)...)
	if err == nil {
		err = f.Decode(&c, fromMicros)
	}
	if err != nil {
		return c, fmt.Errorf("chat configuration at rowid %d: %w", rowid, err)
	}
	return c, nil
}
