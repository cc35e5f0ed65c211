package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/cli"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/store/postgres/pgtest"
)

// standIns stand in for replicas until chatgov runs several servers on
// one store: the first is a real server, whose answers carry its revision
// in RevisionHeader, and every later one a reverse proxy to it with the
// bench's wrapper of its own, whose revision is the first one's.
type standIns struct {
	mu      sync.Mutex
	first   *cli.Server
	proxied atomic.Int64 // requests that came through a proxy
}

func (s *standIns) start(ctx context.Context, cfg config.Config, wrap func(http.Handler) http.Handler) (Server, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.first == nil {
		var svc atomic.Pointer[cli.Server]
		srv, err := cli.StartServer(ctx, cfg, cli.ServerOptions{Wrap: func(next http.Handler) http.Handler {
			return wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				next.ServeHTTP(&revisionWriter{ResponseWriter: w, rev: func() int64 { return svc.Load().Service.Revision() }}, r)
			}))
		}})
		if err != nil {
			return nil, err
		}
		svc.Store(srv)
		s.first = srv
		return replica{srv}, nil
	}
	target, err := url.Parse(s.first.URL())
	if err != nil {
		return nil, err
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	ts := httptest.NewServer(wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.proxied.Add(1)
		proxy.ServeHTTP(w, r)
	})))
	return proxyReplica{ts: ts, of: s.first}, nil
}

// revisionWriter sets RevisionHeader as the answer starts.
type revisionWriter struct {
	http.ResponseWriter
	rev     func() int64
	written bool
}

func (w *revisionWriter) WriteHeader(code int) {
	if !w.written {
		w.written = true
		w.Header().Set(RevisionHeader, strconv.FormatInt(w.rev(), 10))
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *revisionWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

type proxyReplica struct {
	ts *httptest.Server
	of *cli.Server
}

func (p proxyReplica) URL() string                 { return p.ts.URL }
func (p proxyReplica) Revision() int64             { return p.of.Service.Revision() }
func (p proxyReplica) Close(context.Context) error { p.ts.Close(); return nil }

// TestRunSpreadsTheLoadOverReplicas runs the bench with three stand-in
// replicas and checks that the clients reached them all and that the
// writes' replication lag was measured from RevisionHeader.
func TestRunSpreadsTheLoadOverReplicas(t *testing.T) {
	t.Parallel()
	kind, pg, err := ParseStore(pgtest.ServerURL(t), "")
	if err != nil {
		t.Fatal(err)
	}
	var s standIns
	o := Options{Accounts: 300, OUs: 20, Depth: 3, ChatbotPolicies: 20, SCPs: 20, Configs: 1000, Seed: 1,
		Store: kind, StoreURL: pgtest.SchemaAt(t, pg), Replicas: 3, Duration: 200 * time.Millisecond, Concurrency: []int{3},
		Only: []string{MeasureDescribe, MeasureCreate}, Executable: os.Args[0], OpenStore: cli.OpenStore, StartServer: s.start}
	var log strings.Builder
	o.Log = &log
	rep, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if len(rep.Failures) > 0 || rep.Replicas != 3 || len(rep.Load) != 2 {
		t.Fatalf("failures %v, %d replicas, %d load points", rep.Failures, rep.Replicas, len(rep.Load))
	}
	// The bare handler's probes and the set-up go to the first replica;
	// two of each point's three clients to the proxies.
	var total int
	for _, l := range rep.Load {
		total += l.Chatgov.Requests
	}
	if got := s.proxied.Load(); got < int64(total)/2 {
		t.Errorf("the proxies served %d requests of the %d measured; two clients in three talk to them", got, total)
	}
	lag := rep.Load[1].Chatgov.ReplicationLag
	if rep.Load[1].Operation != OpCreate || lag == nil || !lag.Measured || lag.Writes < rep.Load[1].Chatgov.Requests/2 || lag.LatencyMS.P99 <= 0 {
		t.Errorf("%s: lag %+v", rep.Load[1].Operation, lag)
	}
	if rep.Load[0].Chatgov.ReplicationLag != nil {
		t.Errorf("%s, a read, has a replication lag", rep.Load[0].Operation)
	}
	var table strings.Builder
	if err := rep.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"replicas:      3 servers", "replication lag p99, " + OpCreate + " 3 clients: "} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, table.String())
		}
	}
	t.Logf("\n%s", table.String())
}
