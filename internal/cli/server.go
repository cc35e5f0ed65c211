package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/chatgov/chatgov/internal/awsapi"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/postgres"
	"github.com/chatgov/chatgov/internal/store/sqlite"
)

// Server is a running chatgov server: the store, the service and the HTTP
// listener, wired together. Tests start one on 127.0.0.1:0.
type Server struct {
	Config  config.Config
	Service *gov.Service
	// Addr is the address the server listens on.
	Addr string
	// Bootstrap says which management account and root key the server uses.
	Bootstrap gov.BootstrapResult

	store store.Store
	http  *http.Server
	ln    net.Listener
	done  chan error
}

// OpenStore opens the store the configuration names.
func OpenStore(ctx context.Context, cfg config.Config) (store.Store, error) {
	kind, target := cfg.StoreKind()
	switch kind {
	case config.SQLite:
		if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
			return nil, err
		}
		return sqlite.Open(ctx, target)
	case config.Postgres:
		return postgres.Open(ctx, target)
	}
	return nil, fmt.Errorf("unknown store %q", cfg.Store)
}

// ServerOptions are what a server needs besides its configuration.
type ServerOptions struct {
	Logger *slog.Logger
	// Now is the clock for credential expiry and signature skew; tests
	// move it. time.Now when nil.
	Now func() time.Time
	// Wrap, when set, wraps the API handler: chatgov bench times requests
	// inside the server with it.
	Wrap func(http.Handler) http.Handler
}

// StartServer opens the store, loads the state, makes sure the management
// account has root credentials, and starts serving.
func StartServer(ctx context.Context, cfg config.Config, so ServerOptions) (*Server, error) {
	log := so.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	defer loadGC.relax()()
	st, err := OpenStore(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("opening the store (%s): %w", cfg.StoreDescription(), err)
	}
	s := &Server{Config: cfg, store: st, done: make(chan error, 1)}
	fail := func(err error) (*Server, error) {
		st.Close()
		return nil, err
	}
	s.Service, err = gov.New(ctx, st, gov.Options{Logger: log, Emulator: cfg.Emulator, Now: so.Now})
	if err != nil {
		return fail(fmt.Errorf("loading the state: %w", err))
	}
	s.Bootstrap, err = s.Service.Bootstrap(ctx, gov.BootstrapInput{ManagementAccountID: cfg.ManagementAccountID,
		ManagementEmail: cfg.ManagementEmail, AccessKeyID: cfg.RootAccessKeyID, SecretAccessKey: cfg.RootSecretAccessKey.Reveal()})
	if err != nil {
		return fail(fmt.Errorf("setting up the management account: %w", err))
	}
	opts := awsapi.Options{Logger: log, Now: so.Now, ClockSkew: cfg.ClockSkew, MaxBodyBytes: cfg.MaxBodyBytes}
	if cfg.Emulator {
		opts.Reset = s.Service.Reset
	}
	s.ln, err = net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fail(err)
	}
	s.Addr = s.ln.Addr().String()
	var handler http.Handler = awsapi.New(s.Service, opts)
	if so.Wrap != nil {
		handler = so.Wrap(handler)
	}
	s.http = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() {
		err := s.http.Serve(s.ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	return s, nil
}

// URL is the server's endpoint, for SDK clients.
func (s *Server) URL() string { return "http://" + s.Addr }

// Close stops serving, waits for requests under way (up to the context's
// deadline), and closes the store.
func (s *Server) Close(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	if serveErr := <-s.done; err == nil {
		err = serveErr
	}
	if cerr := s.store.Close(); err == nil {
		err = cerr
	}
	return err
}

// Wait returns when the server stops on its own (a listener failure).
func (s *Server) Wait() <-chan error { return s.done }
