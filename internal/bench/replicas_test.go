package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/cli"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/store/postgres/pgtest"
)

// fakeReplica is a Server whose revision the test sets.
type fakeReplica struct{ rev atomic.Int64 }

func (f *fakeReplica) URL() string                 { return "http://127.0.0.1:1" }
func (f *fakeReplica) Revision() int64             { return f.rev.Load() }
func (f *fakeReplica) Close(context.Context) error { return nil }

// TestLagTracker answers writes on replica 0 and lets replica 1 apply
// them, late or never, and checks what the tracker reports.
func TestLagTracker(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		header bool
		// applyAfter is when replica 1 applies each write; 0: never.
		applyAfter   time.Duration
		measured     bool
		notMeasured  string
		wantAtLeast  time.Duration
		wantUnsolved bool
	}{
		{"applied after 5 ms", true, 5 * time.Millisecond, true, "", 5 * time.Millisecond, false},
		{"no revision header", false, time.Millisecond, false, "carry no X-Chatgov-Revision header", 0, false},
		{"never applied", true, 0, false, "no write was applied by every other replica", 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, b := &fakeReplica{}, &fakeReplica{}
			l := &lagTracker{servers: []Server{a, b}}
			var rev atomic.Int64
			h := l.wrap(0, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := rev.Add(1)
				a.rev.Store(n)
				if tc.header {
					w.Header().Set(RevisionHeader, strconv.FormatInt(n, 10))
				}
				if tc.applyAfter > 0 {
					time.AfterFunc(tc.applyAfter, func() {
						for cur := b.rev.Load(); cur < n && !b.rev.CompareAndSwap(cur, n); cur = b.rev.Load() {
						}
					})
				}
			}))
			srv := httptest.NewServer(h)
			defer srv.Close()
			// A write before the tracker starts is not counted.
			get(t, srv.URL)
			l.start(0)
			for range 20 {
				get(t, srv.URL)
			}
			got := l.stop(100 * time.Millisecond).result(2)
			if got.Measured != tc.measured || !strings.Contains(got.NotMeasured, tc.notMeasured) || got.Replicas != 2 {
				t.Fatalf("%+v, want measured %v (%q)", got, tc.measured, tc.notMeasured)
			}
			if tc.wantUnsolved != (got.Unresolved == 20) {
				t.Errorf("%d unresolved writes", got.Unresolved)
			}
			if !tc.measured {
				if got.LatencyMS != nil {
					t.Errorf("latencies %+v of a lag not measured", got.LatencyMS)
				}
				return
			}
			if got.Writes != 20 || got.LatencyMS.P50 < ms(tc.wantAtLeast) || got.LatencyMS.Max > 1000 || got.PollMS != ms(lagPoll) {
				t.Errorf("%d writes, lag %+v, polled every %v ms; want 20 writes of at least %v", got.Writes, *got.LatencyMS, got.PollMS, tc.wantAtLeast)
			}
		})
	}
}

func get(t *testing.T, u string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// replica is a chatgov server started as chatgov-bench starts it.
type replica struct{ *cli.Server }

func (r replica) Revision() int64 { return r.Service.Revision() }

func startReplica(ctx context.Context, cfg config.Config, wrap func(http.Handler) http.Handler) (Server, error) {
	srv, err := cli.StartServer(ctx, cfg, cli.ServerOptions{Wrap: wrap})
	if err != nil {
		return nil, err
	}
	return replica{srv}, nil
}

// TestRunOnPostgres runs the bench at a tiny size on PostgreSQL, named by
// its URL as --store takes it, with one replica and with two. Two servers
// on one store are refused until chatgov runs replicas ("in use"): that
// case is skipped then.
func TestRunOnPostgres(t *testing.T) {
	t.Parallel()
	base := pgtest.ServerURL(t)
	for _, tc := range []struct {
		name     string
		replicas int
	}{
		{"one replica", 1},
		{"two replicas", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			kind, pg, err := ParseStore(base, "")
			if err != nil {
				t.Fatal(err)
			}
			o := Options{Accounts: 300, OUs: 20, Depth: 3, ChatbotPolicies: 20, SCPs: 20, Configs: 1000, Seed: 1,
				Store: kind, StoreURL: pgtest.SchemaAt(t, pg), Replicas: tc.replicas, Duration: 200 * time.Millisecond, Concurrency: []int{1, 4},
				Only: []string{MeasureDescribe, MeasureCreate, MeasureAttach}, Executable: os.Args[0],
				OpenStore: cli.OpenStore, StartServer: startReplica}
			var log strings.Builder
			o.Log = &log
			rep, err := Run(context.Background(), o)
			if err != nil && tc.replicas > 1 && strings.Contains(err.Error(), "in use by another chatgov process") {
				t.Skipf("the second server on the store was refused, as before chatgov runs replicas on one PostgreSQL store: %v", err)
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, log.String())
			}
			if rep.Replicas != tc.replicas || !strings.HasPrefix(rep.Store, "postgres ") || len(rep.Failures) > 0 || rep.Attach == nil {
				t.Errorf("replicas %d, store %q, failures %v, attach %+v", rep.Replicas, rep.Store, rep.Failures, rep.Attach)
			}
			if len(rep.Load) != 4 {
				t.Fatalf("%d load points, want 4", len(rep.Load))
			}
			for _, l := range rep.Load {
				c := l.Chatgov
				if c.Requests == 0 || c.PerSecond <= 0 || c.LatencyMS.P99 <= 0 || c.ServerLatencyMS == nil {
					t.Errorf("%s at %d clients: %+v", l.Operation, l.Clients, c)
				}
				lag := c.ReplicationLag
				switch {
				case l.Operation != OpCreate:
					if lag != nil {
						t.Errorf("%s, a read, has a replication lag %+v", l.Operation, lag)
					}
				case lag == nil:
					t.Errorf("%s at %d clients has no replication lag", l.Operation, l.Clients)
				case tc.replicas == 1:
					if lag.Measured || !strings.Contains(lag.NotMeasured, "one replica") {
						t.Errorf("one replica's lag %+v", lag)
					}
				default:
					if !lag.Measured || lag.Writes == 0 || lag.LatencyMS.P99 <= 0 || lag.Replicas != tc.replicas {
						t.Errorf("%s at %d clients on %d replicas: lag %+v", l.Operation, l.Clients, tc.replicas, lag)
					}
				}
			}
			var table strings.Builder
			if err := rep.WriteTable(&table); err != nil {
				t.Fatal(err)
			}
			want := "replication lag p99, " + OpCreate
			if tc.replicas == 1 {
				want = "replication lag of the writes: not measured (one replica"
			}
			if !strings.Contains(table.String(), want) {
				t.Errorf("the table has no replication lag:\n%s", table.String())
			}
		})
	}
}
