package bench

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/chatcmd"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/store"
)

func valid() Options {
	o := Small()
	o.ChatgovBinary = "/usr/local/bin/chatgov"
	o.OpenStore = func(context.Context, config.Config) (store.Store, error) { return nil, nil }
	o.StartServer = func(context.Context, config.Config, func(http.Handler) http.Handler) (Server, error) { return nil, nil }
	return o
}

func TestValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		edit func(*Options)
		want string // "" for valid
	}{
		{"small", func(*Options) {}, ""},
		{"default", func(o *Options) {
			d := Default()
			d.OpenStore, d.StartServer, d.ChatgovBinary = o.OpenStore, o.StartServer, o.ChatgovBinary
			*o = d
		}, ""},
		{"one account", func(o *Options) { o.Accounts = 1 }, "--accounts must be at least 2"},
		{"too deep", func(o *Options) { o.Depth = 6 }, "--depth must be 1 to 5"},
		{"one chatbot policy", func(o *Options) { o.ChatbotPolicies = 1 }, "--chatbot-policies must be 2 to 1000"},
		{"too many SCPs", func(o *Options) { o.SCPs = 10_001 }, "--scps must be 0 to 10000"},
		{"no SCPs", func(o *Options) { o.SCPs = 0 }, ""},
		{"no configurations", func(o *Options) { o.Configs = 0 }, "--configs must be at least 1"},
		{"no duration", func(o *Options) { o.Duration = 0 }, "--duration must be positive"},
		{"no levels", func(o *Options) { o.Concurrency = nil }, "at least one level"},
		{"zero clients", func(o *Options) { o.Concurrency = []int{1, 0} }, "levels must be 1 to 1024, not 0"},
		{"unknown measurement", func(o *Options) { o.Only = []string{"describe", "latency"} }, `unknown measurement "latency"`},
		{"postgres without URL", func(o *Options) { o.Store = StorePostgres }, "needs a PostgreSQL URL"},
		{"unknown store", func(o *Options) { o.Store = "mysql" }, `--store must be sqlite, postgres or a postgres:// URL, not "mysql"`},
		{"one replica", func(o *Options) { o.Replicas = 1 }, ""},
		{"data directory on PostgreSQL", func(o *Options) { o.Store, o.StoreURL, o.DataDir = StorePostgres, "postgres://h/db", "/tmp/x" }, "--data is the SQLite store's directory"},
		{"replicas unset", func(o *Options) { o.Replicas = 0 }, ""},
		{"replicas on SQLite", func(o *Options) { o.Replicas = 2 }, "--replicas 2 needs PostgreSQL"},
		{"replicas on PostgreSQL", func(o *Options) { o.Replicas, o.Store, o.StoreURL = 3, StorePostgres, "postgres://h/db" }, ""},
		{"too many replicas", func(o *Options) { o.Replicas, o.Store, o.StoreURL = 17, StorePostgres, "postgres://h/db" }, "--replicas must be 1 to 16, not 17"},
		{"negative replicas", func(o *Options) { o.Replicas = -1 }, "--replicas must be 1 to 16, not -1"},
		{"check without describe", func(o *Options) { o.MinRatio = 0.3; o.Only = []string{"attach"} }, "--check-ratio needs the describe measurement"},
		{"check with describe", func(o *Options) { o.MinRatio = 0.3; o.Only = []string{"describe"} }, ""},
		{"no wiring", func(o *Options) { o.StartServer = nil }, "StartServer"},
		{"cold start without chatgov", func(o *Options) { o.ChatgovBinary = "" }, "the cold start needs the chatgov binary"},
		{"no cold start, no chatgov", func(o *Options) { o.ChatgovBinary = ""; o.Only = []string{"describe", "attach"} }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := valid()
			tc.edit(&o)
			err := o.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestWarmup(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]time.Duration{
		100 * time.Millisecond: 50 * time.Millisecond,
		2 * time.Second:        200 * time.Millisecond,
		10 * time.Second:       time.Second,
		time.Minute:            time.Second,
	} {
		if got := (Options{Duration: d}).warmup(); got != want {
			t.Errorf("warm-up of %v is %v, want %v", d, got, want)
		}
	}
}

// TestChatCommandsParse keeps the simulated commands valid as the command
// catalog changes: a command that no longer parses would measure the
// server's error path.
func TestChatCommandsParse(t *testing.T) {
	t.Parallel()
	for _, c := range chatCommands {
		if _, err := chatcmd.Parse(c, chatcmd.Env{AccountID: "100000000001", DefaultRegion: "us-east-1"}); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
}

func TestTargetsAndCheck(t *testing.T) {
	t.Parallel()
	side := func(rate, p99 float64) Side { return Side{Requests: 10, PerSecond: rate, LatencyMS: Latency{P99: p99}} }
	r := &Report{Organization: Organization{Accounts: 100_000, OUs: 2_000, ChatbotPolicies: 1_000, SCPs: 1_000, Configurations: 1_000_000},
		Load: []Load{
			{Operation: OpDescribe, Clients: 16, Chatgov: side(900, 1), Bare: side(1000, 1), Ratio: 0.9},
			{Operation: OpDescribe, Clients: 64, Chatgov: side(400, 9), Bare: side(1000, 2), Ratio: 0.4},
			{Operation: OpCreate, Clients: 64, Chatgov: Side{Requests: 5, Errors: 2, FirstError: "boom"}, Bare: side(1000, 2)},
		},
		Effective: &Effective{Operation: OpListInvalid, Accounts: 100_000, Seconds: 0.2, Runs: []float64{0.2, 0.1, 0.1}},
		Attach:    &Attach{Seconds: 2.5, Runs: []float64{2.5}, DetachSeconds: []float64{1}, GC: []GC{{Cycles: 1}}},
		ColdStart: &ColdStart{Seconds: 4, RSSMiB: 3000},
		Paced:     &Paced{Operation: OpDescribe, Clients: 64, Share: 0.5, PerSecond: 200, Chatgov: side(200, 3), Bare: side(200, 1)},
	}
	r.finish()
	met := map[string]bool{}
	for _, tg := range r.Targets {
		met[tg.Name] = tg.Met
	}
	want := map[string]bool{
		"DescribeEffectivePolicy throughput vs bare handler, 64 clients":               false,
		"DescribeEffectivePolicy p99, 64 clients, closed loop":                         false,
		"DescribeEffectivePolicy p99, 64 clients, open loop at 50% of that throughput": true,
		"effective policies of every account, cold":                                    true,
		"AttachPolicy at the root, every configuration re-checked":                     false,
		"cold start to ready":        true,
		"resident memory once ready": false,
	}
	for name, w := range want {
		if got, ok := met[name]; !ok || got != w {
			t.Errorf("target %q met=%v (present %v), want %v", name, got, ok, w)
		}
	}
	if len(r.Failures) != 1 || !strings.Contains(r.Failures[0], "2 of 7 chatgov requests failed; first: boom") {
		t.Errorf("failures %v", r.Failures)
	}
	if !r.AtTargetSize() {
		t.Error("the default size is not the target size")
	}
	// The best attempt decides.
	if c := newCheck(64, 0.3, []float64{0.1, 0.35}); c.Ratio != 0.35 || !c.Passed {
		t.Errorf("check %+v", c)
	}
	r.Check = newCheck(16, 0.95, []float64{0.9, 0.8, 0.85})
	if r.Check.Passed || r.Check.Ratio != 0.9 {
		t.Errorf("check %+v", r.Check)
	}
	// Without 64 clients, the most measured stand in.
	if l, ok := r.load(OpDescribe, 64); !ok || l.Clients != 64 {
		t.Errorf("load at 64: %+v", l)
	}
	r.Load = r.Load[:1]
	if l, ok := r.load(OpDescribe, 64); !ok || l.Clients != 16 {
		t.Errorf("load at 64 of a run up to 16: %+v", l)
	}
	r.Load[0].Bare.Retried, r.Paced.Chatgov.Retried = 3, 1
	r.Load[0].Chatgov.ServerLatencyMS = &Latency{P99: 0.75}
	r.Paced.Chatgov.ServerLatencyMS = &Latency{P50: 0.25, P95: 0.5, P99: 1.5}
	r.finish()
	r.Paced.Chatgov.GC = GC{Cycles: 2, CPUSeconds: 1.5, AssistSeconds: 0.25}
	var b strings.Builder
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DescribeEffectivePolicy", "issue 6 targets:",
		"effective policies, every account, cold: 0.200 s (ListAccountsWithInvalidEffectivePolicy over 100,000 accounts; later runs 0.100, 0.100 s)",
		"open loop at 50% of that throughput  < 5 ms   3.00 ms (bare 1.00 ms; in the server 1.50 ms)",
		"inside chatgov's handler: p50 0.25 p95 0.50 p99 1.50 ms",
		"detach 1.00 s; collections during each: 1\n",
		"collector meanwhile: chatgov 2 cycles, 1.50 s CPU (0.25 s of it assists), bare handler 0 cycles",
		"(aws/aws-sdk-go-v2#2737): DescribeEffectivePolicy 16 clients: chatgov 0, bare 3; DescribeEffectivePolicy 64 clients paced: chatgov 1, bare 0\n", "open loop:     DescribeEffectivePolicy, 64 clients offering 200 req/s", "check: DescribeEffectivePolicy throughput ratio at 16 clients 0.90 (best of 0.90, 0.80, 0.85), floor 0.95: FAILED"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}
