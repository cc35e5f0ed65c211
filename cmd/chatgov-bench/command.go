package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime/pprof"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/bench"
	"github.com/chatgov/chatgov/internal/cli"
	"github.com/chatgov/chatgov/internal/config"
)

// Exit codes, as chatgov's.
const (
	exitOK = 0
	// exitFailed: the run failed, had failed requests, or the ratio fell
	// below --check-ratio.
	exitFailed = 1
	// exitUsage: the run could not start (bad flags).
	exitUsage = 2
)

// streams are the command's standard streams.
type streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// exitError ends the command with a code; its message, if any, goes to
// stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

func failedErr(format string, args ...any) error {
	return &exitError{code: exitFailed, msg: fmt.Sprintf(format, args...)}
}

// run runs the command line args and returns the process's exit code.
func run(ctx context.Context, args []string, s streams) int {
	root := newRoot(s)
	root.SetArgs(args)
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(s.Err, "chatgov-bench:", ee.msg)
		}
		return ee.code
	}
	// Errors from cobra itself (unknown commands, bad flags) are usage errors.
	fmt.Fprintln(s.Err, "chatgov-bench:", err)
	return exitUsage
}

func newRoot(s streams) *cobra.Command {
	f := &benchFlags{o: bench.Default()}
	c := &cobra.Command{
		Use:   "chatgov-bench",
		Short: "Measure the chatgov server on a synthetic organization, side by side with a bare HTTP handler",
		Long: `Generate a synthetic organization, load it into a fresh store, start the chatgov server on
loopback and measure it through the AWS SDK clients over HTTP: DescribeEffectivePolicy,
CreateSlackChannelConfiguration (as member accounts) and simulate-chat-command, at each
concurrency, against chatgov and against a bare net/http handler answering a fixed body of the
same size in the same run (chatgov's throughput is reported as a ratio of it); then
DescribeEffectivePolicy at 64 clients again in an open loop offering half of chatgov's
throughput, latencies counted from each request's due time; AttachPolicy at the root with every
configuration re-checked; every account's effective policy right after start; and a cold start
of the chatgov binary (` + "`chatgov serve`" + `) on the loaded store, with its memory.

--store sqlite (the default) loads a fresh SQLite store in a temporary directory (or --data);
--store postgres://user@host:5432/db (or --store postgres --postgres-url URL) a schema of the
run's own in that PostgreSQL, dropped afterwards. --replicas N starts N servers in this process
on that one PostgreSQL schema: the load measurements spread their clients over them (client i on
replica i mod N), and the writes' replication lag is reported, from a write's answer on one
replica (its X-Chatgov-Revision) until every other replica has applied that revision.

The defaults are issue 6's size and take several minutes; --small is the CI guard's size
(about a minute). Flags given with --small override its values. --check-ratio FLOOR exits 1 when
DescribeEffectivePolicy's throughput ratio at 64 clients (or the most measured) is below FLOOR.
Progress goes to stderr, the report to stdout.

The server runs in this process, started as chatgov serve starts it. The clients of each
measurement run in a process of their own (this executable's hidden load command), so that their
garbage does not set off collections of the server's heap. The cold start runs the chatgov
binary: --chatgov-binary, else chatgov beside this executable (go install ./cmd/...), else one
built from the module in the working directory (as under go run ./cmd/chatgov-bench).`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(c *cobra.Command, _ []string) error {
			o, asJSON, err := f.resolve(c)
			if err != nil {
				return err
			}
			return runBench(c.Context(), o, asJSON, f, s)
		},
	}
	c.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr("%v (see %s --help)", err, c.CommandPath())
	})
	f.register(c)
	c.CompletionOptions.DisableDefaultCmd = true
	c.AddCommand(newLoadCmd(s))
	return c
}

// runBench finds what the run needs (the chatgov binary, a PostgreSQL
// schema, a profile), runs it, and writes the report.
func runBench(ctx context.Context, o bench.Options, asJSON bool, f *benchFlags, s streams) error {
	o.Log = s.Err
	if o.ChatgovBinary != "" {
		exe, err := exec.LookPath(o.ChatgovBinary)
		if err != nil {
			return usageErr("--chatgov-binary: %v", err)
		}
		o.ChatgovBinary = exe
	} else if o.Wants(bench.MeasureColdStart) {
		self, err := os.Executable()
		if err != nil {
			return failedErr("finding this executable, beside which chatgov may be: %v", err)
		}
		exe, cleanup, err := chatgovBinary(ctx, self, s.Err)
		if err != nil {
			return failedErr("the cold start needs the chatgov binary: %v", err)
		}
		defer cleanup()
		o.ChatgovBinary = exe
	}
	if o.Store == bench.StorePostgres {
		schemaURL, drop, err := freshSchema(ctx, f.postgresURL, s.Err)
		if err != nil {
			return failedErr("preparing a PostgreSQL schema: %v", err)
		}
		defer drop()
		o.StoreURL = schemaURL
	}
	if f.cpuProfile != "" {
		stop, err := startCPUProfile(f.cpuProfile)
		if err != nil {
			return usageErr("--cpuprofile: %v", err)
		}
		defer stop()
	}
	rep, err := bench.Run(ctx, o)
	if err != nil {
		return failedErr("%v", err)
	}
	if asJSON {
		err = rep.WriteJSON(s.Out)
	} else {
		err = rep.WriteTable(s.Out)
	}
	if err != nil {
		return err
	}
	if len(rep.Failures) > 0 {
		return failedErr("%d measurements had failed requests", len(rep.Failures))
	}
	if rep.Check != nil && !rep.Check.Passed {
		return failedErr("%s throughput ratio %.2f is below the floor %.2f", rep.Check.Operation, rep.Check.Ratio, rep.Check.Floor)
	}
	return nil
}

// newLoadCmd is the load process of the bench's measurements, which the
// bench starts and talks to over its standard input and output; it is not
// for people, and hidden.
func newLoadCmd(s streams) *cobra.Command {
	return &cobra.Command{
		Use:    bench.LoadCommand,
		Short:  "Generate the load of one measurement (started by chatgov-bench)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := bench.ServeLoad(c.Context(), s.In, s.Out); err != nil {
				return failedErr("%v", err)
			}
			return nil
		},
	}
}

// benchFlags are the bench's flags; resolve turns them into options.
type benchFlags struct {
	o           bench.Options
	small       bool
	output      string
	postgresURL string
	cpuProfile  string
}

func (f *benchFlags) register(c *cobra.Command) {
	o := &f.o
	fs := c.Flags()
	fs.IntVar(&o.Accounts, "accounts", o.Accounts, "accounts in the organization")
	fs.IntVar(&o.OUs, "ous", o.OUs, "organizational units")
	fs.IntVar(&o.Depth, "depth", o.Depth, "deepest OU level")
	fs.IntVar(&o.ChatbotPolicies, "chatbot-policies", o.ChatbotPolicies, "chat applications policies, the one AttachPolicy attaches included")
	fs.IntVar(&o.SCPs, "scps", o.SCPs, "service control policies besides FullAWSAccess (0: SCPs disabled)")
	fs.IntVar(&o.Configs, "configs", o.Configs, "chat channel configurations")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "seed of the generated organization and of the requests")
	fs.StringVar(&o.Store, "store", o.Store, "sqlite, postgres (with --postgres-url), or a postgres:// URL; on PostgreSQL the run creates a schema of its own and drops it")
	fs.StringVar(&f.postgresURL, "postgres-url", "", "PostgreSQL to use with --store postgres; the run creates a schema of its own and drops it")
	fs.IntVar(&o.Replicas, "replicas", o.Replicas, fmt.Sprintf("chatgov servers started in this process on the one PostgreSQL store (1 to %d); the load clients are spread over them", bench.MaxReplicas))
	fs.StringVar(&o.DataDir, "data", "", "directory for the SQLite store, kept afterwards (default: a temporary directory, removed)")
	fs.DurationVar(&o.Duration, "duration", o.Duration, "length of each load measurement, after a warm-up of a tenth of it")
	fs.IntSliceVar(&o.Concurrency, "concurrency", o.Concurrency, "concurrent clients of the load measurements")
	fs.StringSliceVar(&o.Only, "only", nil, fmt.Sprintf("measurements to take (default all): %v", bench.Measurements))
	fs.StringVarP(&f.output, "output", "o", "table", "output format: table or json")
	fs.BoolVar(&f.small, "small", false, "the CI guard's size: 2,000 accounts, 100 OUs, 50+50 policies, 20,000 configurations, 2s per point")
	fs.Float64Var(&o.MinRatio, "check-ratio", 0, "exit 1 if DescribeEffectivePolicy's throughput ratio to the bare handler at 64 clients is below this")
	fs.StringVar(&o.ChatgovBinary, "chatgov-binary", "", "the chatgov binary the cold start runs (default: chatgov beside this executable, else built from the module in the working directory)")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the bench's process (the server and the bare handler; not the clients) to this file")
}

// resolve applies --small to every flag not given explicitly, wires the
// server, checks the options, and says whether the report is JSON.
func (f *benchFlags) resolve(c *cobra.Command) (bench.Options, bool, error) {
	o := f.o
	if f.small {
		p := bench.Small()
		given := c.Flags().Changed
		for flag, v := range map[string]struct{ dst, preset *int }{
			"accounts": {&o.Accounts, &p.Accounts}, "ous": {&o.OUs, &p.OUs}, "depth": {&o.Depth, &p.Depth},
			"chatbot-policies": {&o.ChatbotPolicies, &p.ChatbotPolicies}, "scps": {&o.SCPs, &p.SCPs}, "configs": {&o.Configs, &p.Configs},
		} {
			if !given(flag) {
				*v.dst = *v.preset
			}
		}
		if !given("duration") {
			o.Duration = p.Duration
		}
	}
	var asJSON bool
	switch f.output {
	case "table", "text":
	case "json":
		asJSON = true
	default:
		return o, false, usageErr("--output must be table or json, not %q", f.output)
	}
	kind, pgURL, err := bench.ParseStore(o.Store, f.postgresURL)
	if err != nil {
		return o, false, usageErr("%v", err)
	}
	o.Store, f.postgresURL = kind, pgURL
	if o.Replicas < 1 {
		return o, false, usageErr("--replicas must be 1 to %d, not %d", bench.MaxReplicas, o.Replicas)
	}
	o.OpenStore = cli.OpenStore
	o.StartServer = serverStarter()
	// The PostgreSQL URL comes once its schema exists, and the chatgov
	// binary may be built: validate with stand-ins, so that bad flags fail
	// before any work.
	check := o
	if check.Store == bench.StorePostgres {
		check.StoreURL = "postgres://"
	}
	if check.ChatgovBinary == "" {
		check.ChatgovBinary = "chatgov"
	}
	if err := check.Validate(); err != nil {
		return o, false, usageErr("%v", err)
	}
	return o, asJSON, nil
}

// serverStarter starts the measured server in this process as serve
// starts it, with the collector's target raised while the state loads
// (cli.ServerOptions.LoadGC, one for every server of the run), and the
// bench's handler wrapper that times each request inside the server.
func serverStarter() func(ctx context.Context, cfg config.Config, wrap func(http.Handler) http.Handler) (bench.Server, error) {
	gc := cli.NewLoadGC(cli.DefaultLoadGCPercent)
	return func(ctx context.Context, cfg config.Config, wrap func(http.Handler) http.Handler) (bench.Server, error) {
		srv, err := cli.StartServer(ctx, cfg, cli.ServerOptions{Wrap: wrap, LoadGC: gc})
		if err != nil {
			return nil, err
		}
		return benchServer{srv}, nil
	}
}

// benchServer gives the bench the server it started.
type benchServer struct{ s *cli.Server }

func (b benchServer) URL() string                     { return b.s.URL() }
func (b benchServer) Revision() int64                 { return b.s.Service.Revision() }
func (b benchServer) Close(ctx context.Context) error { return b.s.Close(ctx) }

// startCPUProfile profiles the process until the returned function runs.
func startCPUProfile(path string) (func(), error) {
	out, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		out.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		out.Close()
	}, nil
}
