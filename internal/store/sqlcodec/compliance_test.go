package sqlcodec

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/store"
)

// numbered is a dialect with numbered placeholders that passes account
// lists as one argument, to check what ComplianceQuery asks of a dialect.
var numbered = ComplianceDialect{
	Param:     func(n int) string { return "$" + strconv.Itoa(n) },
	AccountIn: func(ids []string, arg func(any) string) string { return "e.account_id IN " + arg(ids) },
}

func TestComplianceQuery(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 3, 4, 5, 6_000_001, time.UTC) // not a whole microsecond
	tests := []struct {
		name     string
		q        store.ComplianceQuery
		where    string // after WHERE; "" for none
		limit    string // after LIMIT; "" for none
		args     []any
		wantNone bool
	}{
		{name: "All"},
		{name: "NoAccounts", q: store.ComplianceQuery{AccountIDs: []string{}}, wantNone: true},
		{name: "Accounts", q: store.ComplianceQuery{AccountIDs: []string{"1", "2"}},
			where: "e.account_id IN $1", args: []any{[]string{"1", "2"}}},
		{name: "Every", q: store.ComplianceQuery{AccountIDs: []string{"1"}, ConfigurationARN: "arn", Since: at, Until: at.Add(time.Hour), AfterID: 7, Limit: 10},
			where: "e.account_id IN $1 AND e.configuration_arn = $2 AND e.time >= $3 AND e.time < $4 AND e.id > $5", limit: "$6",
			args: []any{[]string{"1"}, "arn", at.UnixMicro() + 1, at.Add(time.Hour).UnixMicro() + 1, int64(7), int64(10)}},
		{name: "NegativeLimit", q: store.ComplianceQuery{Limit: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			query, args, none := ComplianceQuery(tt.q, numbered)
			if none != tt.wantNone {
				t.Fatalf("none = %v, want %v", none, tt.wantNone)
			}
			if none {
				return
			}
			_, where, hasWhere := strings.Cut(query, " WHERE ")
			where, _, _ = strings.Cut(where, " ORDER BY ")
			if !hasWhere {
				where = ""
			}
			if where != tt.where {
				t.Errorf("WHERE %s, want %s", where, tt.where)
			}
			_, limit, _ := strings.Cut(query, " LIMIT ")
			if limit != tt.limit {
				t.Errorf("LIMIT %s, want %s", limit, tt.limit)
			}
			if !strings.Contains(query, " ORDER BY e.id") {
				t.Errorf("query %q is not in ID order", query)
			}
			if diff := cmp.Diff(tt.args, args); diff != "" {
				t.Errorf("arguments (-want +got):\n%s", diff)
			}
		})
	}
}

// eventRows are the rows of a prune's query: id, cause_id and time,
// scanned as the drivers scan them (the time into a nullable bigint).
type eventRows struct {
	events [][3]int64
	next   int
}

type nullInt64 struct {
	v     int64
	valid bool
}

func (r *eventRows) Next() bool { r.next++; return r.next <= len(r.events) }
func (r *eventRows) Err() error { return nil }
func (r *eventRows) Scan(dest ...any) error {
	e := r.events[r.next-1]
	*dest[0].(*int64), *dest[1].(*int64) = e[0], e[1]
	*dest[2].(*nullInt64) = nullInt64{e[2], true}
	return nil
}

func TestPrunableEvents(t *testing.T) {
	t.Parallel()
	const day = int64(24 * time.Hour / time.Microsecond)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	us := base.UnixMicro()
	// Events 1 to 5, one a day; event 3 is older than its ID says.
	events := [][3]int64{{1, 30, us}, {2, 10, us + day}, {3, 30, us - day}, {4, 20, us + 3*day}, {5, 20, us + 4*day}}
	tests := []struct {
		name   string
		p      store.CompliancePrune
		last   int64
		causes []int64
		read   int // how many events it scanned
	}{
		{"Nothing", store.CompliancePrune{Limit: 10}, 0, nil, 1},
		{"ByAge", store.CompliancePrune{Before: base.Add(25 * time.Hour), Limit: 10}, 3, []int64{10, 30}, 4},
		{"ByID", store.CompliancePrune{UpToID: 2, Limit: 10}, 2, []int64{10, 30}, 3},
		{"EitherEndsIt", store.CompliancePrune{Before: base.Add(time.Hour), UpToID: 2, Limit: 10}, 3, []int64{10, 30}, 4},
		{"NewestStays", store.CompliancePrune{UpToID: 99, Limit: 10}, 4, []int64{10, 20, 30}, 5},
	}
	toTime := func(n nullInt64) time.Time { return Time(n.v, n.valid) }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rows := &eventRows{events: events}
			last, causes, err := PrunableEvents(rows, tt.p, 5, toTime)
			if err != nil {
				t.Fatal(err)
			}
			if last != tt.last || !slices.Equal(causes, tt.causes) || rows.next != tt.read {
				t.Errorf("last %d, causes %v, read %d events; want %d, %v, %d", last, causes, rows.next, tt.last, tt.causes, tt.read)
			}
		})
	}
	if err := CheckPrune(store.CompliancePrune{}); err == nil {
		t.Error("CheckPrune accepts a limit of 0")
	}
}
