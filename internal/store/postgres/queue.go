package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// A table is the target of one kind of Put. Queued Puts of a table are sent
// as one multi-row upsert: the columns travel as arrays and unnest turns
// them back into rows, so the server parses, plans and checks one statement
// for thousands of rows. Sending each Put as a statement of its own, even
// pipelined, spent most of a bulk load in the server's per-statement work.
type table struct {
	name string
	cols []column
	keys int // the first keys columns are the primary key
	// upsert takes one array per column.
	upsert string
}

type column struct {
	name string
	typ  string // "text", "bigint" (nullable) or "boolean"
}

func newTable(name string, keys int, cols ...column) *table {
	var names, arrays, set []string
	for i, c := range cols {
		names = append(names, c.name)
		arrays = append(arrays, fmt.Sprintf("$%d::%s[]", i+1, c.typ))
		if i >= keys {
			set = append(set, c.name+" = excluded."+c.name)
		}
	}
	return &table{
		name: name, cols: cols, keys: keys,
		upsert: fmt.Sprintf("INSERT INTO %s (%s) SELECT * FROM unnest(%s) ON CONFLICT (%s) DO UPDATE SET %s",
			name, strings.Join(names, ", "), strings.Join(arrays, ", "),
			strings.Join(names[:keys], ", "), strings.Join(set, ", ")),
	}
}

func text(name string) column    { return column{name, "text"} }
func micro(name string) column   { return column{name, "bigint"} }
func boolean(name string) column { return column{name, "boolean"} }

var (
	settingsTable       = newTable("settings", 1, text("key"), text("value"))
	organizationTable   = newTable("organization", 1, micro("singleton"), text("id"), text("feature_set"), text("management_account_id"), text("management_account_email"), text("root_id"), text("root_name"), micro("created_at"))
	policyTypesTable    = newTable("policy_types", 1, text("type"), text("status"))
	ousTable            = newTable("ous", 1, text("id"), text("parent_id"), text("name"), micro("created_at"))
	accountsTable       = newTable("accounts", 1, text("id"), text("parent_id"), text("name"), text("email"), text("status"), text("joined_method"), micro("joined_at"), text("role_name"), micro("closed_at"))
	createStatusesTable = newTable("create_account_statuses", 1, text("id"), text("account_name"), text("email"), text("state"), text("account_id"), text("failure_reason"), micro("requested_at"), micro("completed_at"))
	policiesTable       = newTable("policies", 1, text("id"), text("name"), text("description"), text("type"), text("content"), boolean("aws_managed"), micro("created_at"), micro("updated_at"))
	tagsTable           = newTable("tags", 2, text("resource_id"), text("key"), text("value"))
	delegatedTable      = newTable("delegated_admins", 2, text("account_id"), text("service_principal"), micro("enabled_at"))
	serviceAccessTable  = newTable("service_access", 1, text("service_principal"), micro("enabled_at"))
	credentialsTable    = newTable("credentials", 1, text("access_key_id"), text("secret_access_key"), text("session_token"), text("account_id"), text("principal_arn"), micro("expires_at"))
)

// tableRows is a table's queue of rows. A row whose key is already queued
// replaces the earlier one in place, which is what the two upserts would
// have done in turn, and which one INSERT ... ON CONFLICT requires: it may
// not touch the same row twice.
type tableRows struct {
	rows  [][]any
	index map[string]int
}

// maxQueued is how many rows of a table are queued before they are sent:
// enough to make a statement's fixed cost vanish, few enough to keep the
// arrays small.
const maxQueued = 5000

// add queues a row of tbl; its values are strings, bools and the int64 or
// nil of micros, in the table's column order.
func (q *tableRows) add(tbl *table, row []any) {
	if q.index == nil {
		q.index = map[string]int{}
	}
	var key strings.Builder
	for _, v := range row[:tbl.keys] {
		switch v := v.(type) {
		case string:
			key.WriteString(v)
		case int64:
			key.WriteString(strconv.FormatInt(v, 10))
		}
		key.WriteByte(0)
	}
	if i, ok := q.index[key.String()]; ok {
		q.rows[i] = row
		return
	}
	q.index[key.String()] = len(q.rows)
	q.rows = append(q.rows, row)
}

// args turns the queued rows into one array per column.
func (q *tableRows) args(tbl *table) []any {
	args := make([]any, len(tbl.cols))
	for c, col := range tbl.cols {
		switch col.typ {
		case "text":
			a := make([]string, len(q.rows))
			for r, row := range q.rows {
				a[r] = row[c].(string)
			}
			args[c] = a
		case "bigint":
			a := make([]pgtype.Int8, len(q.rows))
			for r, row := range q.rows {
				if v, ok := row[c].(int64); ok {
					a[r] = pgtype.Int8{Int64: v, Valid: true}
				}
			}
			args[c] = a
		case "boolean":
			a := make([]bool, len(q.rows))
			for r, row := range q.rows {
				a[r] = row[c].(bool)
			}
			args[c] = a
		}
	}
	return args
}

// send queues the upserts of the given tables' rows into one pipelined
// batch, sends it and empties the queues.
func send(ctx context.Context, pgTx pgx.Tx, queues map[*table]*tableRows, only *table) error {
	var b pgx.Batch
	n := 0
	for tbl, q := range queues {
		if len(q.rows) == 0 || only != nil && tbl != only {
			continue
		}
		b.Queue(tbl.upsert, q.args(tbl)...)
		n += len(q.rows)
		delete(queues, tbl)
	}
	if b.Len() == 0 {
		return nil
	}
	if err := pgTx.SendBatch(ctx, &b).Close(); err != nil {
		return fmt.Errorf("%d queued writes: %w", n, err)
	}
	return nil
}
