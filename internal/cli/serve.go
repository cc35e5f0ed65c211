package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/gov"
)

func newServeCmd(s Streams) *cobra.Command {
	cfg := config.Default()
	var logLevel string
	var demo bool
	var metricsListen string
	c := &cobra.Command{
		Use:   "serve",
		Short: "Run the AWS-compatible server (Organizations, STS) on the embedded store or PostgreSQL",
		Long: `Run chatgov's server. It speaks the AWS Organizations and STS wire protocols on one port, so
the AWS SDKs and CLI work against it with only an endpoint URL, and verifies every request's
Signature Version 4 against the credentials it stores.

One process serves a store: serve holds a lock on it (a lock file beside the SQLite database, an
advisory lock on PostgreSQL), and a second serve on the same store exits, naming the holder. The
address is bound first, so a start that cannot listen creates nothing. Lost the root key? Stop
the server and run chatgov credentials reset.

The compliance history keeps 90 days and at most a million events by default
(--compliance-retention, --compliance-max-events); older events are pruned in the background.
Flags given win over the environment.

The management account's root credentials come from CHATGOV_ROOT_ACCESS_KEY_ID and
CHATGOV_ROOT_SECRET_ACCESS_KEY, its ID from CHATGOV_MANAGEMENT_ACCOUNT_ID; when unset they are
generated on first start, stored, and printed once. Member accounts get credentials by
AssumeRole into OrganizationAccountAccessRole, as on AWS.

GET /healthz answers while the process runs, GET /readyz once the state is loaded and until
shutdown begins, and GET /metrics serves Prometheus metrics (counts and durations only, no
account's data), on --listen or, with --metrics-listen, on an address of its own. Every response
carries an x-amzn-RequestId header, and the request's log line the same request_id.

--demo seeds a fresh store with the demo organization (see chatgov demo).

--emulator accepts any signed request (account 123456789012 unless the key is known) and serves
POST /moto-api/reset, as local emulators do. Never use it in production.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			// The environment, then the flags given, which win over it.
			given := map[string]string{}
			c.Flags().Visit(func(f *pflag.Flag) { given[f.Name] = f.Value.String() })
			if err := cfg.FromEnv(s.getenv); err != nil {
				return usageErr("%v", err)
			}
			for name, v := range given {
				if err := c.Flags().Set(name, v); err != nil {
					return usageErr("--%s: %v", name, err)
				}
			}
			if err := cfg.LogLevel.UnmarshalText([]byte(logLevel)); err != nil {
				return usageErr("--log-level: %v", err)
			}
			if err := cfg.Validate(); err != nil {
				return usageErr("%v", err)
			}
			return serve(c.Context(), cfg, s, demo, metricsListen)
		},
	}
	f := c.Flags()
	f.StringVar(&cfg.Listen, "listen", cfg.Listen, "address to listen on")
	f.StringVar(&cfg.DataDir, "data", cfg.DataDir, "directory of the embedded SQLite store")
	f.StringVar(&cfg.Store, "store", cfg.Store, "postgres://... to use PostgreSQL, or sqlite:PATH (default: SQLite under --data; env "+config.EnvStore+")")
	f.BoolVar(&cfg.Emulator, "emulator", false, "permissive emulator mode: accept any credentials, serve /moto-api/reset")
	f.Int64Var(&cfg.MaxBodyBytes, "max-body-bytes", cfg.MaxBodyBytes, "largest request body accepted")
	f.StringVar(&logLevel, "log-level", "info", "debug, info, warn or error")
	f.StringVar(&metricsListen, "metrics-listen", "", "serve /metrics on this address instead of the API's (default: on --listen)")
	f.BoolVar(&demo, "demo", false, "seed a fresh store with the demo organization (see chatgov demo)")
	f.Var(config.NewRetentionFlag(&cfg.ComplianceRetention), "compliance-retention",
		"how long compliance events are kept: 90d, 36h, ..., or 0 for ever (env "+config.EnvComplianceRetention+")")
	f.Var(config.NewRetentionFlag(&cfg.NotificationRetention), "notification-retention",
		"how long finished notification deliveries and their messages are kept: 30d, 36h, ..., or 0 for ever (env "+config.EnvNotificationRetention+")")
	f.StringVar(&cfg.Commands.Executor, "command-executor", config.ExecutorDecideOnly,
		"what an allowed chat command does: decide-only (answer with the request it would make) or aws-cli (run it with the AWS CLI)")
	f.StringVar(&cfg.Commands.Endpoint, "command-endpoint", "", "AWS endpoint aws-cli assumes roles at and runs commands against (default: AWS's)")
	f.StringVar(&cfg.Commands.AWSCLI, "aws-cli", "aws", "the AWS CLI aws-cli runs")
	f.Int64Var(&cfg.ComplianceMaxEvents, "compliance-max-events", cfg.ComplianceMaxEvents,
		"most compliance events kept, the newest; 0 for no limit (env "+config.EnvComplianceMaxEvents+")")
	f.StringVar(&cfg.SlackAPIURL, "slack-api-url", cfg.SlackAPIURL, "Slack Web API base URL the gateway posts notifications to")
	f.DurationVar(&cfg.NotificationLease, "notification-lease", 0,
		"how long a notification being posted is held; after a crash its delivery resumes then (default 1m)")
	return c
}

func serve(ctx context.Context, cfg config.Config, s Streams, demo bool, metricsListen string) error {
	log := slog.New(slog.NewTextHandler(s.Err, &slog.HandlerOptions{Level: cfg.LogLevel}))
	so := serveOptions(log)
	so.MetricsListen = metricsListen
	var seeded *demoOrg
	if demo {
		so.Seed = func(ctx context.Context, svc *gov.Service, b gov.BootstrapResult) (err error) {
			seeded, err = seedDemo(ctx, svc, b.ManagementAccountID)
			if errors.Is(err, errStoreNotFresh) {
				err = fmt.Errorf("%s: %w; give the demo another --data directory (or --store), or serve this store as it is with chatgov serve and the same --data or --store", storeLocation(cfg), err)
			}
			return err
		}
	}
	srv, err := StartServer(ctx, cfg, so)
	if err != nil {
		return &exitError{code: ExitFailed, msg: err.Error()}
	}
	b := srv.Bootstrap
	switch {
	case seeded != nil:
		printDemoStart(s.Err, b, srv.URL(), seeded)
	case b.GeneratedSecret != "":
		printFirstStart(s.Err, b, srv.URL())
	}
	mode := "secure"
	if cfg.Emulator {
		mode = "EMULATOR (any credentials accepted)"
	}
	log.Info("chatgov listening", "addr", srv.Addr, "url", srv.URL(), "store", storeLocation(cfg), "metrics", srv.MetricsURL(), "mode", mode,
		"management_account", b.ManagementAccountID, "root_access_key_id", b.AccessKeyID,
		"compliance_retention", config.FormatRetention(cfg.ComplianceRetention), "compliance_max_events", cfg.ComplianceMaxEvents,
		"notification_retention", config.FormatRetention(cfg.NotificationRetention))
	select {
	case <-ctx.Done():
	case err := <-srv.Wait():
		if err != nil {
			// Stopped on its own: still close the store and give it up.
			closing, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = srv.Close(closing)
			return &exitError{code: ExitFailed, msg: err.Error()}
		}
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Close(shutdown); err != nil && !strings.Contains(err.Error(), "closed") {
		return &exitError{code: ExitFailed, msg: err.Error()}
	}
	return nil
}
