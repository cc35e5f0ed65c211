package bench

import (
	"net/http"
	"sync"
	"time"
)

// handlerTimer times the requests a server's handler serves, while a
// stretch of load asks it to.
type handlerTimer struct {
	mu      sync.Mutex
	on      bool
	from    time.Time // requests that start earlier (the warm-up's) are not kept
	samples []time.Duration
}

// wrap times next's requests.
func (t *handlerTimer) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		next.ServeHTTP(w, r)
		d := time.Since(start)
		t.mu.Lock()
		if t.on && !start.Before(t.from) {
			t.samples = append(t.samples, d)
		}
		t.mu.Unlock()
	})
}

// start keeps the requests that start after warmup from now.
func (t *handlerTimer) start(warmup time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.on, t.from, t.samples = true, time.Now().Add(warmup), nil
}

// stop returns the requests kept since start.
func (t *handlerTimer) stop() []time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.samples
	t.on, t.samples = false, nil
	return out
}
