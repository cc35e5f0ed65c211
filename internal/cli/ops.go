package cli

import (
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/awsapi"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/metrics"
)

// The operator's endpoints: /healthz (the process answers), /readyz (the
// state is loaded and the server serves; not while it shuts down) and
// /metrics (Prometheus), on the API's listener, or /metrics on a listener
// of its own with --metrics-listen.

// pairedListener is the API's listener with, when --metrics-listen is
// given, the metrics listener, bound together at start so that a start
// that cannot bind either creates nothing; closing it closes both.
type pairedListener struct {
	net.Listener
	ops  net.Listener // nil without --metrics-listen
	once sync.Once
	err  error
}

// listen binds the API's address and, when metricsAddr is set, the
// metrics listener's.
func listen(addr, metricsAddr string) (*pairedListener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	p := &pairedListener{Listener: ln}
	if metricsAddr != "" {
		if p.ops, err = net.Listen("tcp", metricsAddr); err != nil {
			ln.Close()
			return nil, errors.New("--metrics-listen: " + err.Error())
		}
	}
	return p, nil
}

func (p *pairedListener) Close() error {
	p.once.Do(func() {
		p.err = p.Listener.Close()
		// The metrics server may have closed its listener already, when
		// the server began to stop.
		if p.ops != nil {
			if err := p.ops.Close(); p.err == nil && !errors.Is(err, net.ErrClosed) {
				p.err = err
			}
		}
	})
	return p.err
}

// opsFor wires a server's metrics: the store timed, the configurations
// counted, every request observed, /metrics on the API's listener unless
// it has one of its own.
func (s *Server) opsFor(svc *gov.Service, m *metrics.Metrics) awsapi.Ops {
	m.CountConfigurations(svc.ChatConfigurationsByState)
	ops := awsapi.Ops{Ready: s.ready.Load, Observe: m.ObserveRequest}
	if s.opsLn() == nil {
		ops.Metrics = m.Handler()
	}
	return ops
}

func (s *Server) opsLn() net.Listener {
	if p, ok := s.ln.(*pairedListener); ok {
		return p.ops
	}
	return nil
}

// serveMetrics serves /metrics, /healthz and /readyz on the metrics
// listener, when there is one, until the listener closes.
func (s *Server) serveMetrics(m *metrics.Metrics) {
	ln := s.opsLn()
	if ln == nil {
		return
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !s.ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("not ready\n"))
			return
		}
		w.Write([]byte("ready\n"))
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		go func() {
			<-s.stop
			srv.Close()
		}()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			s.log.Warn("the metrics listener stopped", "err", err)
		}
	}()
}

// MetricsURL is the URL of the server's /metrics.
func (s *Server) MetricsURL() string {
	if ln := s.opsLn(); ln != nil {
		return reachableURL(ln.Addr().String()) + "/metrics"
	}
	return s.URL() + "/metrics"
}
