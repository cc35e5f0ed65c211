package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/bench"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/gov"
)

func newBenchCmd(s Streams) *cobra.Command {
	f := &benchFlags{o: bench.Default()}
	c := &cobra.Command{
		Use:   "bench",
		Short: "Measure the server on a synthetic organization, side by side with a bare HTTP handler",
		Long: `Generate a synthetic organization, load it into a fresh store, start the server on loopback
and measure it through the AWS SDK clients over HTTP: DescribeEffectivePolicy,
CreateSlackChannelConfiguration (as member accounts) and simulate-chat-command, at each
concurrency, against chatgov and against a bare net/http handler answering a fixed body of the
same size in the same run (chatgov's throughput is reported as a ratio of it); then
DescribeEffectivePolicy at 64 clients again in an open loop offering half of chatgov's
throughput, latencies counted from each request's due time; AttachPolicy at
the root with every configuration re-checked; every account's effective policy right after
start; and a cold start of this binary (` + "`serve`" + `) on the loaded store, with its memory.

The defaults are issue 6's size and take several minutes; --small is the CI guard's size
(about a minute). Flags given with --small override its values. --check-ratio FLOOR exits 1 when
DescribeEffectivePolicy's throughput ratio at 64 clients (or the most measured) is below FLOOR.
Progress goes to stderr, the report to stdout.

The clients of each measurement run in a process of their own, so that their garbage does not
set off collections of the server's heap. That process and the cold start run this executable
(os.Executable: the binary 'go run' built, or the installed one); --chatgov-binary names another.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			o, asJSON, err := f.resolve(c)
			if err != nil {
				return err
			}
			if o.Store == bench.StorePostgres {
				if f.postgresURL == "" {
					return usageErr("--store postgres needs --postgres-url (postgres://user@host:5432/db?sslmode=disable)")
				}
				schemaURL, drop, err := freshSchema(c.Context(), f.postgresURL, s.Err)
				if err != nil {
					return &exitError{code: ExitFailed, msg: fmt.Sprintf("preparing a PostgreSQL schema: %v", err)}
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
			o.Log = s.Err
			rep, err := bench.Run(c.Context(), o)
			if err != nil {
				return &exitError{code: ExitFailed, msg: err.Error()}
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
				return &exitError{code: ExitFailed, msg: fmt.Sprintf("%d measurements had failed requests", len(rep.Failures))}
			}
			if rep.Check != nil && !rep.Check.Passed {
				return &exitError{code: ExitFailed, msg: fmt.Sprintf("%s throughput ratio %.2f is below the floor %.2f",
					rep.Check.Operation, rep.Check.Ratio, rep.Check.Floor)}
			}
			return nil
		},
	}
	f.register(c)
	return c
}

// newBenchLoadCmd is the load process of bench's measurements, which bench
// starts and talks to over its standard input and output; it is not for
// people, and hidden.
func newBenchLoadCmd(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:    bench.LoadCommand,
		Short:  "Generate the load of one chatgov bench measurement (started by chatgov bench)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := bench.ServeLoad(c.Context(), s.In, s.Out); err != nil {
				return &exitError{code: ExitFailed, msg: err.Error()}
			}
			return nil
		},
	}
}

// benchFlags are bench's flags; resolve turns them into options.
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
	fs.StringVar(&o.Store, "store", o.Store, "sqlite or postgres")
	fs.StringVar(&f.postgresURL, "postgres-url", "", "PostgreSQL to use with --store postgres; the run creates a schema of its own and drops it")
	fs.StringVar(&o.DataDir, "data", "", "directory for the SQLite store, kept afterwards (default: a temporary directory, removed)")
	fs.DurationVar(&o.Duration, "duration", o.Duration, "length of each load measurement, after a warm-up of a tenth of it")
	fs.IntSliceVar(&o.Concurrency, "concurrency", o.Concurrency, "concurrent clients of the load measurements")
	fs.StringSliceVar(&o.Only, "only", nil, fmt.Sprintf("measurements to take (default all): %v", bench.Measurements))
	fs.StringVarP(&f.output, "output", "o", "table", "output format: table or json")
	fs.BoolVar(&f.small, "small", false, "the CI guard's size: 2,000 accounts, 100 OUs, 50+50 policies, 20,000 configurations, 2s per point")
	fs.Float64Var(&o.MinRatio, "check-ratio", 0, "exit 1 if DescribeEffectivePolicy's throughput ratio to the bare handler at 64 clients is below this")
	fs.StringVar(&o.Executable, "chatgov-binary", "", "binary the cold start and the load processes run (default: this executable)")
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
	o.OpenStore = OpenStore
	o.StartServer = func(ctx context.Context, cfg config.Config, wrap func(http.Handler) http.Handler) (bench.Server, error) {
		srv, err := StartServer(ctx, cfg, ServerOptions{Wrap: wrap})
		if err != nil {
			return nil, err
		}
		return benchServer{srv}, nil
	}
	// A PostgreSQL run gets its URL once its schema exists; validate with a
	// stand-in so that bad flags fail before any work.
	check := o
	if check.Store == bench.StorePostgres {
		check.StoreURL = "postgres://"
	}
	if err := check.Validate(); err != nil {
		return o, false, usageErr("%v", err)
	}
	return o, asJSON, nil
}

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

// benchServer gives bench the server it started.
type benchServer struct{ s *Server }

func (b benchServer) URL() string                     { return b.s.URL() }
func (b benchServer) Service() *gov.Service           { return b.s.Service }
func (b benchServer) Close(ctx context.Context) error { return b.s.Close(ctx) }

// freshSchema creates a schema of the run's own in the PostgreSQL at base
// and returns a URL whose search_path is that schema, and a function that
// drops it: every run starts from an empty store, and leaves nothing behind.
func freshSchema(ctx context.Context, base string, errs io.Writer) (string, func(), error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return "", nil, err
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "chatgov_bench_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		conn.Close(ctx)
		return "", nil, err
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			fmt.Fprintf(errs, "chatgov: dropping schema %s: %v\n", schema, err)
		}
		conn.Close(ctx)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}
