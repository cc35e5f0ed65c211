package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chatgov/chatgov/internal/awsapi"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/console"
	"github.com/chatgov/chatgov/internal/gateway"
	"github.com/chatgov/chatgov/internal/gateway/commands"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/metrics"
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

	// store is closed by Close; the service alone reads and writes it.
	store io.Closer
	lock  *storeLock
	http  *http.Server
	ln    net.Listener
	// commands serves the chat gateway's commands; Close waits for the
	// work it acknowledged.
	commands *commands.Handler
	log      *slog.Logger
	// done receives why serving stopped, once (Wait); served is closed
	// then, with serveErr set, for Close.
	done     chan error
	served   chan struct{}
	serveErr error
	// stop ends the background loops, which background counts.
	stop       chan struct{}
	background sync.WaitGroup

	closeOnce sync.Once
	closeErr  error

	// Metrics are the server's metrics (ops.go); ready is whether it
	// serves, for /readyz.
	Metrics *metrics.Metrics
	ready   atomic.Bool
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
	// Wrap, when set, wraps the API handler: chatgov-bench times requests
	// inside the server with it.
	Wrap func(http.Handler) http.Handler
	// LoadGC, when set, raises the garbage collector's target while the
	// server loads its state, and brings it back afterwards relative to the
	// heap as it is then (see LoadGC): a shorter cold start for a little
	// more memory. serve sets NewLoadGC(DefaultLoadGCPercent), and so does
	// chatgov-bench for the server it measures; nil, as in tests, leaves
	// the process's collector alone. Servers that start at the same time
	// in one process share one LoadGC.
	LoadGC *LoadGC
	// PruneInterval is how often the server prunes the compliance history;
	// pruneInterval when zero.
	PruneInterval time.Duration
	// StackSweepInterval is how often, with replicas, the server looks
	// for CloudFormation stack operations a stopped replica abandoned and
	// takes them over; stackSweepInterval when zero.
	StackSweepInterval time.Duration
	// StackAbandonedAfter is how long such an operation goes without a
	// write before it counts as abandoned; gov's default when zero.
	StackAbandonedAfter time.Duration
	// Gateway tunes the notification gateway (retries, lease, HTTP
	// client); its SlackAPIURL, Logger and Now come from the server's.
	Gateway gateway.Options
	// CommandExecutor, when set, carries out the chat commands the gates
	// allow instead of the executor Config.Commands names (tests record
	// what would run).
	CommandExecutor commands.Executor
	// Seed, when set, runs once the state is loaded and the management
	// account set up, before the server serves (serve --demo); its error
	// stops the start.
	Seed func(ctx context.Context, svc *gov.Service, b gov.BootstrapResult) error
	// MetricsListen, when set, is the address /metrics is served on
	// instead of the API's (serve --metrics-listen).
	MetricsListen string
}

// serveOptions are the options serve starts its server with: log to log,
// and the collector's target raised while the state loads.
func serveOptions(log *slog.Logger) ServerOptions {
	return ServerOptions{Logger: log, LoadGC: NewLoadGC(DefaultLoadGCPercent)}
}

// StartServer listens, takes the store's lock, opens the store, loads the
// state, makes sure the management account has root credentials, and
// starts serving. It binds the listener first: a start that cannot listen
// (the port is taken) must fail before it creates anything, or it would
// store root credentials nobody was shown. A store that another process
// holds fails with a *storeInUseError naming it and the holder.
func StartServer(ctx context.Context, cfg config.Config, so ServerOptions) (*Server, error) {
	log := so.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ln, err := listen(cfg.Listen, so.MetricsListen)
	if err != nil {
		return nil, err
	}
	lock, err := lockStore(ctx, cfg)
	if err != nil {
		ln.Close()
		return nil, err
	}
	defer so.LoadGC.relax()()
	st, err := OpenStore(ctx, cfg)
	if err != nil {
		ln.Close()
		lock.release()
		return nil, fmt.Errorf("opening the store (%s): %w", cfg.StoreDescription(), err)
	}
	s := &Server{Config: cfg, store: st, lock: lock, ln: ln, log: log, done: make(chan error, 1),
		served: make(chan struct{}), stop: make(chan struct{}), Metrics: metrics.New()}
	fail := func(err error) (*Server, error) {
		ln.Close()
		st.Close()
		lock.release()
		return nil, err
	}
	feed := feedOf(st)
	s.Service, err = gov.New(ctx, s.Metrics.Store(st), gov.Options{Logger: log, Emulator: cfg.Emulator, Now: so.Now, Feed: feed,
		StackAbandonedAfter: so.StackAbandonedAfter})
	if err != nil {
		return fail(fmt.Errorf("loading the state: %w", err))
	}
	s.Bootstrap, err = s.Service.Bootstrap(ctx, gov.BootstrapInput{ManagementAccountID: cfg.ManagementAccountID,
		ManagementEmail: cfg.ManagementEmail, AccessKeyID: cfg.RootAccessKeyID, SecretAccessKey: cfg.RootSecretAccessKey.Reveal()})
	if err != nil {
		return fail(fmt.Errorf("setting up the management account: %w", err))
	}
	if so.Seed != nil {
		if err := so.Seed(ctx, s.Service, s.Bootstrap); err != nil {
			return fail(err)
		}
	}
	opts := awsapi.Options{Logger: log, Now: so.Now, ClockSkew: cfg.ClockSkew, MaxBodyBytes: cfg.MaxBodyBytes,
		Ops: s.opsFor(s.Service, s.Metrics)}
	if cfg.Emulator {
		opts.Reset = s.Service.Reset
	}
	s.Addr = s.ln.Addr().String()
	api := awsapi.New(s.Service, opts)
	// CloudFormation stack operations a stopped server left running are
	// rolled back (or finished) before the server answers.
	if _, err := api.ResumeStacks(ctx); err != nil {
		return fail(fmt.Errorf("resuming CloudFormation stacks: %w", err))
	}
	var handler http.Handler = api
	s.commands, handler = withCommands(s.Service, cfg, so.CommandExecutor, log, handler)
	if so.Wrap != nil {
		handler = so.Wrap(handler)
	}
	handler = console.Mount(handler, console.New(s.Service, console.Options{Logger: log, Now: so.Now}))
	s.http = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	s.ready.Store(true)
	s.serveMetrics(s.Metrics)
	go func() {
		err := s.http.Serve(s.ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.serveErr = err
		close(s.served)
		s.done <- err
	}()
	if r := retentionOf(cfg); r.Enabled() {
		every := so.PruneInterval
		if every <= 0 {
			every = pruneInterval
		}
		s.background.Add(1)
		go s.pruneCompliance(r, every)
	}
	gw := so.Gateway
	gw.SlackAPIURL, gw.Logger, gw.Now = cfg.SlackAPIURL, log, so.Now
	gw.NotificationRetention = cfg.NotificationRetention
	if cfg.NotificationLease > 0 {
		gw.Lease = cfg.NotificationLease
	}
	s.background.Add(1)
	go s.runGateway(gateway.New(s.Service, gw))
	s.Metrics.ObserveReplica(metrics.Replica{Revision: s.Service.Revision, Lag: s.Service.ReplicationLag})
	if feed != nil {
		// A store other replicas may share: apply their writes as they
		// commit.
		s.background.Add(1)
		go s.follow()
		// Another replica may stop in the middle of a stack's operation:
		// take it over once it is abandoned.
		every := so.StackSweepInterval
		if every <= 0 {
			every = stackSweepInterval
		}
		s.background.Add(1)
		go s.sweepStacks(api, every)
	}
	return s, nil
}

// stackSweepInterval is how often a replica looks for stack operations
// another replica abandoned (gov.DefaultStackAbandonedAfter after their
// last write).
const stackSweepInterval = 30 * time.Second

// sweepStacks resumes, every interval until the server stops, the stack
// operations a stopped replica abandoned; gov lets one replica only take
// each over.
func (s *Server) sweepStacks(api *awsapi.Handler, every time.Duration) {
	defer s.background.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.stop
		cancel()
	}()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		n, err := api.ResumeStacks(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Warn("taking over abandoned CloudFormation stacks failed; will try again", "err", err)
		case n > 0:
			s.log.Info("took over CloudFormation stacks a stopped replica abandoned", "stacks", n)
		}
	}
}

// pruneInterval is how often a server prunes its compliance history. A
// backlog goes in batches of gov.DefaultPruneBatch events, one after the
// other, with other writes in between.
const pruneInterval = time.Minute

// retentionOf is the configuration's retention of compliance events.
func retentionOf(cfg config.Config) gov.Retention {
	return gov.Retention{MaxAge: cfg.ComplianceRetention, MaxEvents: cfg.ComplianceMaxEvents}
}

// pruneCompliance prunes the compliance history at start and then every
// interval, until the server stops.
func (s *Server) pruneCompliance(r gov.Retention, every time.Duration) {
	defer s.background.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.stop
		cancel()
	}()
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		start := time.Now()
		n, err := s.Service.PruneCompliance(ctx, r)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Warn("pruning the compliance history failed; will try again", "err", err)
		case n.Events > 0:
			s.log.Info("pruned the compliance history", "events", n.Events, "causes", n.Causes,
				"seconds", time.Since(start).Seconds(), "retention", config.FormatRetention(r.MaxAge), "max_events", r.MaxEvents)
		}
		t.Reset(every)
	}
}

// follow applies the other replicas' writes until the server stops.
func (s *Server) follow() {
	defer s.background.Done()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-s.stop
		cancel()
	}()
	_ = s.Service.Follow(ctx)
}

// feedOf returns the change feed of a store several processes may share
// (PostgreSQL), or nil. Every process writing such a store must log its
// changes, so every gov.Service over one gets the feed.
func feedOf(st store.Store) store.ChangeFeed {
	if db, ok := st.(*postgres.DB); ok {
		return db
	}
	return nil
}

// runGateway delivers notifications until the server stops.
func (s *Server) runGateway(g *gateway.Gateway) {
	defer s.background.Done()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-s.stop
		cancel()
	}()
	_ = g.Run(ctx)
}

// URL is the server's endpoint, for SDK clients: on the loopback address
// when the server listens on every address.
func (s *Server) URL() string { return reachableURL(s.Addr) }

// Close stops serving, waits for requests under way (up to the context's
// deadline), closes the store and gives up its lock. Later calls return
// the first one's error.
func (s *Server) Close(ctx context.Context) error {
	s.closeOnce.Do(func() { s.closeErr = s.close(ctx) })
	return s.closeErr
}

func (s *Server) close(ctx context.Context) error {
	s.ready.Store(false)
	close(s.stop)
	err := s.http.Shutdown(ctx)
	if <-s.served; err == nil {
		err = s.serveErr
	}
	s.commands.Shutdown(ctx) // what it interrupts stays in the store, resumed by the next start
	s.background.Wait()
	if cerr := s.store.Close(); err == nil {
		err = cerr
	}
	if lerr := s.lock.release(); err == nil {
		err = lerr
	}
	return err
}

// Wait returns when the server stops on its own (a listener failure).
func (s *Server) Wait() <-chan error { return s.done }
