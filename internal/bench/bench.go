// Package bench is chatgov-bench's measurements: it generates a synthetic
// organization (internal/synth), loads it into a fresh store, starts the
// server on loopback, and measures it through the real AWS SDK clients over
// HTTP, side by side with a bare net/http handler that answers a fixed body
// of the same size, driven by the same clients in the same run: the ratio
// of the two isolates the server from the machine and from the client's
// own cost. It also times AttachPolicy at the root, every account's
// effective policy, and a cold start of the chatgov binary.
//
// The store is SQLite or PostgreSQL. On PostgreSQL the run may start
// several servers, replicas, on the one store (Options.Replicas): the load
// measurements spread their clients over them, and time each write's
// replication from the replica that answered it to every other one
// (replicas.go).
//
// It measures through the server's public API only, as its clients see it
// (it does not import the application service): only the organization is
// written to the store directly, before the server starts, and a
// replica's applied revision is read through Server.Revision, which the
// command wires.
//
// The package imports neither the command line nor the store drivers
// (cmd/chatgov-bench wires them): Options carries the functions that open
// a store and start a server. The chatgov binary links none of it.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/synth"
)

// Server is a chatgov server started in-process.
type Server interface {
	// URL is the server's endpoint, http://127.0.0.1:PORT.
	URL() string
	// Revision is the store revision the server's state has applied
	// (gov.Service.Revision): replicas on one store catch up with each
	// other's writes by it.
	Revision() int64
	Close(ctx context.Context) error
}

// The measurements, as --only names them.
const (
	MeasureEffective = "effective"
	MeasureDescribe  = "describe"
	MeasureSimulate  = "simulate"
	MeasureCreate    = "create"
	MeasureAttach    = "attach"
	MeasureColdStart = "cold-start"
)

// Measurements lists every measurement in the order a run takes them.
var Measurements = []string{MeasureColdStart, MeasureEffective, MeasureDescribe, MeasureSimulate, MeasureCreate, MeasureAttach}

// Store kinds.
const (
	StoreSQLite   = "sqlite"
	StorePostgres = "postgres"
)

// Options configure a run.
type Options struct {
	// The organization: sizes as synth.Spec has them. ChatbotPolicies
	// counts the policy the AttachPolicy measurement creates, so that the
	// default of 1,000 stays within the organization's quota.
	Accounts, OUs, Depth, ChatbotPolicies, SCPs, Configs int
	Seed                                                 uint64
	// Store is StoreSQLite or StorePostgres. StoreURL is the PostgreSQL
	// URL, whose search_path names a fresh schema (the caller creates and
	// drops it). DataDir is the SQLite store's directory, which must not
	// hold a store yet; when empty, a temporary directory is used and
	// removed afterwards.
	Store    string
	StoreURL string
	DataDir  string
	// Replicas is how many servers the run starts in this process on the
	// one store (PostgreSQL only when more than one); the load
	// measurements spread their clients over them, client i on replica i
	// mod Replicas. 0 means 1.
	Replicas int
	// Duration is how long each point of the load measurements lasts,
	// after a warm-up of a tenth of it (between 50 ms and 1 s).
	Duration    time.Duration
	Concurrency []int
	// Only lists the measurements to take (see Measurements); all when
	// empty.
	Only []string
	// ChatgovBinary is the chatgov binary the cold start runs as
	// `ChatgovBinary serve ...`; the cold-start measurement needs it.
	ChatgovBinary string
	// Executable is the binary the load processes run as `Executable
	// load` (LoadCommand): chatgov-bench; this executable when empty.
	Executable string
	// MinRatio, when positive, is the floor of DescribeEffectivePolicy's
	// throughput ratio at 64 clients (or the most measured); the report's
	// Check says whether it held.
	MinRatio float64
	// Log receives progress; discarded when nil.
	Log io.Writer
	// OpenStore opens the store a configuration names (cli.OpenStore), and
	// StartServer starts a server on it (cli.StartServer) whose API handler
	// wrap wraps.
	OpenStore   func(ctx context.Context, cfg config.Config) (store.Store, error)
	StartServer func(ctx context.Context, cfg config.Config, wrap func(http.Handler) http.Handler) (Server, error)
}

// Default returns the options of issue 6's figures.
func Default() Options {
	return Options{Accounts: 100_000, OUs: 2_000, Depth: org.MaxOUDepth, ChatbotPolicies: 1_000, SCPs: 1_000,
		Configs: 1_000_000, Seed: 1, Store: StoreSQLite, Replicas: 1, Duration: 10 * time.Second, Concurrency: []int{1, 16, 64}}
}

// Small returns the preset of the CI guard: the same shape at a size that
// runs in about a minute on two cores.
func Small() Options {
	o := Default()
	o.Accounts, o.OUs, o.ChatbotPolicies, o.SCPs, o.Configs = 2_000, 100, 50, 50, 20_000
	o.Duration = 2 * time.Second
	return o
}

// Validate reports every problem of the options.
func (o Options) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if o.Accounts < 2 {
		bad("--accounts must be at least 2 (the management account and a member), not %d", o.Accounts)
	}
	if o.OUs < 0 {
		bad("--ous must not be negative")
	}
	if o.Depth < 1 || o.Depth > org.MaxOUDepth {
		bad("--depth must be 1 to %d, not %d", org.MaxOUDepth, o.Depth)
	}
	if info, _ := policy.Lookup(policy.ChatbotPolicy); o.ChatbotPolicies < 2 || o.ChatbotPolicies > info.MaxPerOrg {
		bad("--chatbot-policies must be 2 to %d (the baseline, and the policy AttachPolicy attaches), not %d", info.MaxPerOrg, o.ChatbotPolicies)
	}
	if info, _ := policy.Lookup(policy.ServiceControlPolicy); o.SCPs < 0 || o.SCPs > info.MaxPerOrg {
		bad("--scps must be 0 to %d, not %d", info.MaxPerOrg, o.SCPs)
	}
	if o.Configs < 1 {
		bad("--configs must be at least 1, not %d", o.Configs)
	}
	if o.Duration <= 0 {
		bad("--duration must be positive")
	}
	if len(o.Concurrency) == 0 {
		bad("--concurrency needs at least one level")
	}
	for _, n := range o.Concurrency {
		if n < 1 || n > 1024 {
			bad("--concurrency levels must be 1 to 1024, not %d", n)
		}
	}
	for _, m := range o.Only {
		if !slices.Contains(Measurements, m) {
			bad("--only: unknown measurement %q; choose from %v", m, Measurements)
		}
	}
	switch o.Store {
	case StoreSQLite:
	case StorePostgres:
		if o.StoreURL == "" {
			bad("--store postgres needs a PostgreSQL URL")
		}
		if o.DataDir != "" {
			bad("--data is the SQLite store's directory; leave it out with PostgreSQL")
		}
	default:
		bad("--store must be sqlite, postgres or a postgres:// URL, not %q", o.Store)
	}
	if o.Replicas < 0 || o.Replicas > MaxReplicas {
		bad("--replicas must be 1 to %d, not %d", MaxReplicas, o.Replicas)
	} else if o.Replicas > 1 && o.Store != StorePostgres {
		bad("--replicas %d needs PostgreSQL (--store postgres://...): replicas share one PostgreSQL store, and a SQLite store is one process's", o.Replicas)
	}
	if o.Wants(MeasureColdStart) && o.ChatgovBinary == "" {
		bad("the cold start needs the chatgov binary (--chatgov-binary)")
	}
	if o.MinRatio > 0 && !o.Wants(MeasureDescribe) {
		bad("--check-ratio needs the describe measurement")
	}
	if o.OpenStore == nil || o.StartServer == nil {
		bad("OpenStore and StartServer are required")
	}
	return errors.Join(errs...)
}

// Wants says whether the run takes measurement m.
func (o Options) Wants(m string) bool { return len(o.Only) == 0 || slices.Contains(o.Only, m) }

// warmup is the unmeasured start of each load point.
func (o Options) warmup() time.Duration {
	return min(max(o.Duration/10, 50*time.Millisecond), time.Second)
}

// The management account's root key in the benchmark's server.
const (
	rootKeyID  = "AKIACHATGOVBENCH0001"
	rootSecret = "chatgov-bench-root-secret-key-000001"
)

// fleet is what the measured calls draw from, kept from the generated
// organization once the rest of it has been let go.
type fleet struct {
	rootID   string
	members  []string // member accounts, in tree order
	baseline []string // the root baseline's Slack workspaces
	// configARNs is a sample of the configurations; slackAccounts are
	// member accounts with Slack configurations, in a seeded random order.
	configARNs    []string
	slackAccounts []string
}

// harness is one run.
type harness struct {
	opts Options
	log  io.Writer
	// url is the first replica's endpoint, which the set-up, the probes,
	// the effective policies and AttachPolicy use; urls are every
	// replica's, over which the load measurements spread their clients.
	url     string
	urls    []string
	servers []Server
	// lag times the replication of writes from one replica to the others.
	lag   lagTracker
	root  aws.Credentials
	fleet fleet
	// loaders numbers the load processes; probes the configurations the
	// create probes make.
	loaders, probes atomic.Int64
	// timer times requests inside the server.
	timer handlerTimer
}

func (h *harness) logf(format string, args ...any) { fmt.Fprintf(h.log, format+"\n", args...) }

// Run takes the measurements. It returns the report even when some
// measured requests failed (Report.Failures says which); an error means
// the run could not be completed.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Replicas == 0 {
		opts.Replicas = 1
	}
	h := &harness{opts: opts, log: opts.Log, root: aws.Credentials{AccessKeyID: rootKeyID, SecretAccessKey: rootSecret, Source: "chatgov-bench"}}
	rep := &Report{Machine: machine(), DurationSeconds: opts.Duration.Seconds(), WarmupSeconds: opts.warmup().Seconds(),
		Concurrency: opts.Concurrency, Replicas: opts.Replicas}
	h.logf("machine: %s", rep.Machine)

	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.ManagementAccountID = (&synth.Org{}).ManagementAccountID()
	cfg.RootAccessKeyID, cfg.RootSecretAccessKey = rootKeyID, config.Secret(rootSecret)
	switch opts.Store {
	case StorePostgres:
		cfg.Store = opts.StoreURL
	default:
		dir := opts.DataDir
		if dir == "" {
			tmp, err := os.MkdirTemp("", "chatgov-bench-")
			if err != nil {
				return nil, err
			}
			defer os.RemoveAll(tmp)
			dir = tmp
		}
		if _, err := os.Stat(filepath.Join(dir, "chatgov.db")); err == nil {
			return nil, fmt.Errorf("%s already holds a store; chatgov-bench loads a fresh one", dir)
		}
		cfg.DataDir = dir
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	rep.Store = cfg.StoreDescription()
	h.logf("store: %s", rep.Store)

	if err := h.load(ctx, cfg, rep); err != nil {
		return nil, err
	}
	if opts.Wants(MeasureColdStart) {
		cs, err := h.coldStart(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("cold start: %w", err)
		}
		rep.ColdStart = cs
		h.logf("cold start: ready in %.2f s, RSS %.0f MiB (peak %.0f MiB)", cs.Seconds, cs.RSSMiB, cs.PeakRSSMiB)
	}

	defer h.closeServers()
	if err := h.startServers(ctx, cfg, rep); err != nil {
		return nil, err
	}

	if opts.Wants(MeasureEffective) {
		eff, err := h.measureEffective(ctx)
		if err != nil {
			return nil, fmt.Errorf("effective policies: %w", err)
		}
		rep.Effective = eff
		h.logf("effective policies of all %s accounts: %.3f s", thousands(eff.Accounts), eff.Seconds)
	}
	ops := []struct {
		name string
		op   func() (operation, error)
	}{
		{MeasureDescribe, func() (operation, error) { return h.describeOp(), nil }},
		{MeasureSimulate, func() (operation, error) { return h.simulateOp(), nil }},
		{MeasureCreate, func() (operation, error) {
			creators, err := h.prepareCreators(ctx, min(slices.Max(opts.Concurrency), 64))
			if err != nil {
				return operation{}, err
			}
			return h.createOp(creators), nil
		}},
	}
	for _, o := range ops {
		if !opts.Wants(o.name) {
			continue
		}
		op, err := o.op()
		if err != nil {
			return nil, err
		}
		if err := h.settle(ctx); err != nil {
			return nil, err
		}
		loads, err := h.measureLoad(ctx, op)
		if err != nil {
			return nil, err
		}
		rep.Load = append(rep.Load, loads...)
		if o.name == MeasureDescribe {
			if rep.Paced, err = h.measurePaced(ctx, op, rep); err != nil {
				return nil, err
			}
		}
		if o.name == MeasureDescribe && opts.MinRatio > 0 {
			if rep.Check, err = h.check(ctx, op, rep); err != nil {
				return nil, err
			}
		}
	}
	if opts.Wants(MeasureAttach) {
		if err := h.settle(ctx); err != nil {
			return nil, err
		}
		var err error
		if rep.Attach, err = h.measureAttach(ctx); err != nil {
			return nil, err
		}
	}
	rep.finish()
	return rep, ctx.Err()
}

// load generates the organization and writes it to a fresh store, then
// lets the generated data go, keeping only what the measurements draw
// from, so that the in-process server's memory and the collector's work
// are not inflated by a second copy of the organization.
func (h *harness) load(ctx context.Context, cfg config.Config, rep *Report) error {
	o := h.opts
	spec := synth.Spec{Accounts: o.Accounts, OUs: o.OUs, MaxDepth: o.Depth, ChatbotPolicies: o.ChatbotPolicies - 1, SCPs: o.SCPs, Seed: o.Seed}
	start := time.Now()
	gen, err := synth.Generate(spec)
	if err != nil {
		return fmt.Errorf("generating the organization: %w", err)
	}
	configs, channels, teams := gen.Chat(o.Configs, o.Seed)
	rep.Organization = Organization{Accounts: o.Accounts, OUs: o.OUs, Depth: o.Depth, ChatbotPolicies: o.ChatbotPolicies,
		SCPs: o.SCPs, Configurations: len(configs), Seed: o.Seed, GenerateSeconds: time.Since(start).Seconds()}
	h.logf("generated %s accounts, %s OUs, %s chatbot policies, %s SCPs and %s configurations in %.1f s",
		thousands(o.Accounts), thousands(o.OUs), thousands(len(gen.Policies)), thousands(len(gen.SCPs)), thousands(len(configs)),
		rep.Organization.GenerateSeconds)
	h.fleet = newFleet(gen, configs, o.Seed)

	st, err := h.opts.OpenStore(ctx, cfg)
	if err != nil {
		return fmt.Errorf("opening the store: %w", err)
	}
	bar := newProgressBar(h.log, "loading the store")
	start = time.Now()
	err = gen.WriteProgress(ctx, st, configs, channels, teams, bar.update)
	bar.finish()
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("loading the store: %w", err)
	}
	rep.Organization.LoadSeconds = time.Since(start).Seconds()
	h.logf("loaded in %.1f s", rep.Organization.LoadSeconds)
	// The generated data is no longer referenced; give its memory back.
	runtime.GC()
	debug.FreeOSMemory()
	return nil
}

// configSample is how many configuration ARNs simulate-chat-command draws
// from: enough to spread over accounts and OUs, few enough to keep.
const configSample = 20_000

func newFleet(o *synth.Org, configs []store.ChatConfiguration, seed uint64) fleet {
	f := fleet{rootID: o.Tree.Root().ID, baseline: slices.Clone(o.BaselineSlackTeams)}
	mgmt := o.ManagementAccountID()
	o.Tree.Walk(func(n *org.Node) bool {
		if n.Type == org.Account && n.ID != mgmt {
			f.members = append(f.members, n.ID)
		}
		return true
	})
	rng := rand.New(rand.NewPCG(seed, 0xf1ee7))
	for _, i := range rng.Perm(len(configs))[:min(configSample, len(configs))] {
		f.configARNs = append(f.configARNs, configs[i].ARN)
	}
	seen := map[string]bool{}
	for _, c := range configs {
		if c.Platform == store.PlatformSlack && !seen[c.AccountID] {
			seen[c.AccountID] = true
			f.slackAccounts = append(f.slackAccounts, c.AccountID)
		}
	}
	rng.Shuffle(len(f.slackAccounts), func(i, j int) { f.slackAccounts[i], f.slackAccounts[j] = f.slackAccounts[j], f.slackAccounts[i] })
	return f
}

// coldStart starts the chatgov binary on the loaded store.
func (h *harness) coldStart(ctx context.Context, cfg config.Config) (*ColdStart, error) {
	args := []string{"serve", "--listen", "127.0.0.1:0", "--log-level", "info"}
	if cfg.Store != "" {
		args = append(args, "--store", cfg.Store)
	} else {
		args = append(args, "--data", cfg.DataDir)
	}
	env := append(os.Environ(), config.EnvManagementAccountID+"="+cfg.ManagementAccountID,
		config.EnvRootAccessKeyID+"="+rootKeyID, config.EnvRootSecretAccessKey+"="+rootSecret,
		// The child's store must be the one named on its command line.
		config.EnvStore+"=")
	cs, err := coldStart(ctx, h.opts.ChatgovBinary, args, env, 10*time.Minute)
	if err != nil {
		return nil, err
	}
	return &cs, nil
}

// executable is the binary the load processes run.
func (h *harness) executable() (string, error) {
	if h.opts.Executable != "" {
		return h.opts.Executable, nil
	}
	return os.Executable()
}
