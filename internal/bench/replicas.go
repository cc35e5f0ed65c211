package bench

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chatgov/chatgov/internal/config"
)

// Replicas: with --replicas N, the run starts N servers in this process on
// one PostgreSQL store, and the load measurements spread their clients
// over them (client i on replica i mod N). A write's answer carries the
// store revision after it (RevisionHeader); the replication lag of that
// write is the time from its answer on one replica until every other
// replica's state has applied that revision (Server.Revision).

// RevisionHeader is the header of a write's answer that gives the store
// revision after the write.
const RevisionHeader = "X-Chatgov-Revision"

// lagPoll is how often the lag watcher reads the replicas' revisions while
// writes wait for them: the resolution of the lag figures.
const lagPoll = 250 * time.Microsecond

// lagDrain bounds the wait, after a stretch, for the replicas to apply its
// last writes; a write still not applied everywhere then is counted as
// unresolved.
const lagDrain = 5 * time.Second

// ReplicationLag is the replication lag of one measurement's writes.
type ReplicationLag struct {
	Replicas int  `json:"replicas"`
	Measured bool `json:"measured"`
	// NotMeasured says why not, when Measured is false.
	NotMeasured string `json:"not_measured,omitempty"`
	// Writes is how many writes' lags LatencyMS summarizes: from the
	// answer's end on the replica that made the write until the last of
	// the other replicas had applied its revision, read every PollMS.
	Writes    int      `json:"writes,omitempty"`
	LatencyMS *Latency `json:"latency_ms,omitempty"`
	PollMS    float64  `json:"poll_ms,omitempty"`
	// Unresolved is how many writes some replica had still not applied
	// lagDrain after the stretch ended; they are not in LatencyMS.
	Unresolved int `json:"unresolved,omitempty"`
}

// pendingWrite is a write answered on one replica that the others may not
// have applied yet.
type pendingWrite struct {
	replica int
	rev     int64
	at      time.Time
}

// lagTracker notes the revisions of writes as their answers leave each
// replica, and a watcher goroutine times how long the other replicas take
// to apply them. The request path only appends under a lock, and nothing
// when the tracker is off.
type lagTracker struct {
	servers []Server
	on      atomic.Bool
	kick    chan struct{}

	mu       sync.Mutex
	from     time.Time // writes answered earlier (the warm-up's) are not kept
	pending  []pendingWrite
	requests int // requests answered in the window, with the header or not
	samples  []time.Duration
	done     chan struct{} // closes the watcher
	stopped  chan struct{} // closed by the watcher as it ends
}

// wrap notes the revision of every answer of replica's handler next.
func (l *lagTracker) wrap(replica int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		if !l.on.Load() {
			return
		}
		at := time.Now()
		rev, err := strconv.ParseInt(w.Header().Get(RevisionHeader), 10, 64)
		l.mu.Lock()
		if at.Before(l.from) {
			l.mu.Unlock()
			return
		}
		l.requests++
		if err == nil {
			l.pending = append(l.pending, pendingWrite{replica: replica, rev: rev, at: at})
		}
		l.mu.Unlock()
		if err == nil {
			select {
			case l.kick <- struct{}{}:
			default:
			}
		}
	})
}

// start keeps the writes answered after warmup from now, and starts the
// watcher.
func (l *lagTracker) start(warmup time.Duration) {
	l.mu.Lock()
	l.from, l.pending, l.samples, l.requests = time.Now().Add(warmup), nil, nil, 0
	l.done, l.stopped = make(chan struct{}), make(chan struct{})
	if l.kick == nil {
		l.kick = make(chan struct{}, 1)
	}
	done, stopped := l.done, l.stopped
	l.mu.Unlock()
	l.on.Store(true)
	go l.watch(done, stopped)
}

// watch resolves pending writes until done closes: it sleeps while
// nothing is pending, and reads the revisions every lagPoll otherwise.
func (l *lagTracker) watch(done, stopped chan struct{}) {
	defer close(stopped)
	revs := make([]int64, len(l.servers))
	for {
		l.mu.Lock()
		idle := len(l.pending) == 0
		l.mu.Unlock()
		if idle {
			select {
			case <-done:
				return
			case <-l.kick:
			}
		} else {
			select {
			case <-done:
				return
			case <-time.After(lagPoll):
			}
		}
		for i, s := range l.servers {
			revs[i] = s.Revision()
		}
		now := time.Now()
		l.mu.Lock()
		kept := l.pending[:0]
		for _, p := range l.pending {
			if appliedElsewhere(revs, p) {
				l.samples = append(l.samples, now.Sub(p.at))
			} else {
				kept = append(kept, p)
			}
		}
		l.pending = kept
		l.mu.Unlock()
	}
}

// appliedElsewhere says whether every replica but the write's own has
// applied its revision.
func appliedElsewhere(revs []int64, p pendingWrite) bool {
	for i, r := range revs {
		if i != p.replica && r < p.rev {
			return false
		}
	}
	return true
}

// stop stops noting writes, waits up to drain for the replicas to apply
// the ones pending, and returns the window's raw figures.
func (l *lagTracker) stop(drain time.Duration) lagWindow {
	l.on.Store(false)
	deadline := time.Now().Add(drain)
	for {
		l.mu.Lock()
		n := len(l.pending)
		l.mu.Unlock()
		if n == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	close(l.done)
	<-l.stopped
	l.mu.Lock()
	defer l.mu.Unlock()
	w := lagWindow{samples: l.samples, requests: l.requests, unresolved: len(l.pending)}
	l.pending, l.samples = nil, nil
	return w
}

// lagWindow is the lag of the writes of one or more stretches, kept raw so
// that stretches add up before they are summarized.
type lagWindow struct {
	samples    []time.Duration
	requests   int // answered in the window, with or without a revision
	unresolved int
}

func (w *lagWindow) add(o lagWindow) {
	w.samples = append(w.samples, o.samples...)
	w.requests += o.requests
	w.unresolved += o.unresolved
}

// result summarizes the window of a run with replicas servers.
func (w lagWindow) result(replicas int) *ReplicationLag {
	out := &ReplicationLag{Replicas: replicas, Writes: len(w.samples), Unresolved: w.unresolved}
	switch {
	case len(w.samples) > 0:
		out.Measured, out.PollMS = true, ms(lagPoll)
		lat := summarize(w.samples)
		out.LatencyMS = &lat
	case w.unresolved > 0:
		out.NotMeasured = fmt.Sprintf("no write was applied by every other replica within %s", lagDrain)
	case w.requests > 0:
		out.NotMeasured = "the servers' answers carry no " + RevisionHeader + " header"
	default:
		out.NotMeasured = "no write was answered"
	}
	return out
}

// notMeasuredLag is the lag of a write measurement with one replica.
func notMeasuredLag(replicas int) *ReplicationLag {
	return &ReplicationLag{Replicas: replicas, NotMeasured: "one replica: there is no other server to replicate to"}
}

// settle waits until every replica has applied the latest revision any of
// them has, so that a measurement starts with the same state everywhere
// (the set-up's writes, made on the first replica, included). It returns
// an error naming the replica that stayed behind for a minute.
func (h *harness) settle(ctx context.Context) error {
	if len(h.servers) < 2 {
		return nil
	}
	var want int64
	for _, s := range h.servers {
		want = max(want, s.Revision())
	}
	deadline := time.Now().Add(time.Minute)
	for i := 0; i < len(h.servers); {
		if h.servers[i].Revision() >= want {
			i++
			continue
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("replica %d of %d is at revision %d a minute after another reached %d", i+1, len(h.servers), h.servers[i].Revision(), want)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
	return nil
}

// startServers starts the replicas one after the other on the loaded
// store, each with the request timer and the lag tracker wrapped around
// its handler. A replica the store refuses (another process holds it)
// fails the run with the server's error.
func (h *harness) startServers(ctx context.Context, cfg config.Config, rep *Report) error {
	n := h.opts.Replicas
	for i := range n {
		wrap := func(next http.Handler) http.Handler { return h.lag.wrap(i, h.timer.wrap(next)) }
		start := time.Now()
		srv, err := h.opts.StartServer(ctx, cfg, wrap)
		if err != nil {
			if n == 1 {
				return fmt.Errorf("starting the server: %w", err)
			}
			return fmt.Errorf("starting replica %d of %d: %w", i+1, n, err)
		}
		took := time.Since(start).Seconds()
		h.servers = append(h.servers, srv)
		h.urls = append(h.urls, srv.URL())
		if i == 0 {
			rep.ServerStartSeconds = took
			h.url = srv.URL()
		}
		if n == 1 {
			h.logf("server (in-process) started in %.2f s at %s", took, srv.URL())
		} else {
			h.logf("replica %d of %d (in-process) started in %.2f s at %s, at revision %d", i+1, n, took, srv.URL(), srv.Revision())
		}
	}
	h.lag.servers = h.servers
	return nil
}

// closeServers closes the replicas started, the last first.
func (h *harness) closeServers() {
	closing, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i := len(h.servers) - 1; i >= 0; i-- {
		_ = h.servers[i].Close(closing)
	}
}
