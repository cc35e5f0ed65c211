// Package config holds chatgov's server configuration: defaults, the
// environment, validation, and secrets that never appear in logs.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Secret is a string that logs and prints as [redacted].
type Secret string

// String hides the secret.
func (Secret) String() string { return "[redacted]" }

// LogValue hides the secret from slog.
func (Secret) LogValue() slog.Value { return slog.StringValue("[redacted]") }

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(s) }

// Config configures `chatgov serve`.
type Config struct {
	// Listen is the address to listen on.
	Listen string
	// DataDir holds the embedded SQLite store when Store is empty.
	DataDir string
	// Store is a PostgreSQL URL (postgres://...) or a SQLite file
	// (sqlite:PATH); empty means SQLite under DataDir.
	Store string
	// Emulator accepts any signed request and serves /moto-api/reset.
	Emulator bool
	// ManagementAccountID, ManagementEmail and the root key of the
	// management account; generated on first start when empty.
	ManagementAccountID string
	ManagementEmail     string
	RootAccessKeyID     string
	RootSecretAccessKey Secret
	// MaxBodyBytes bounds request bodies; ClockSkew bounds X-Amz-Date.
	MaxBodyBytes int64
	ClockSkew    time.Duration
	LogLevel     slog.Level
	// ComplianceRetention is how long compliance events are kept (0: for
	// ever); ComplianceMaxEvents how many of the newest are kept at most
	// (0: no limit). The server prunes the rest in the background.
	ComplianceRetention time.Duration
	ComplianceMaxEvents int64
	// NotificationRetention is how long a notification's finished
	// deliveries (delivered, dead or suppressed) are kept after they were
	// done, and its message with them (0: for ever); the gateway prunes
	// the rest in the background. Pending deliveries are always kept.
	NotificationRetention time.Duration
	// SlackAPIURL is the Slack Web API the gateway posts notifications to.
	SlackAPIURL string
	// NotificationLease is how long a notification being posted is held;
	// after a crash, its delivery resumes when the lease ends (0: the
	// gateway's default).
	NotificationLease time.Duration
	// Commands configures the commands typed in chat (commands.go).
	Commands Commands
}

// Default retention of the compliance history: 90 days, the span of AWS
// CloudTrail's event history, and at most a million events, a few hundred
// megabytes of store (see docs/architecture.md for the measurements).
const (
	DefaultComplianceRetention = 90 * 24 * time.Hour
	DefaultComplianceMaxEvents = 1_000_000
)

// DefaultNotificationRetention keeps a month of delivery history: the
// dead-letter list and what was posted, for ListNotificationDeliveries.
const DefaultNotificationRetention = 30 * 24 * time.Hour

// DefaultSlackAPIURL is Slack's Web API.
const DefaultSlackAPIURL = "https://slack.com/api/"

// Environment variables read by FromEnv.
const (
	EnvRootAccessKeyID       = "CHATGOV_ROOT_ACCESS_KEY_ID"
	EnvRootSecretAccessKey   = "CHATGOV_ROOT_SECRET_ACCESS_KEY"
	EnvManagementAccountID   = "CHATGOV_MANAGEMENT_ACCOUNT_ID"
	EnvManagementEmail       = "CHATGOV_MANAGEMENT_ACCOUNT_EMAIL"
	EnvStore                 = "CHATGOV_STORE"
	EnvComplianceRetention   = "CHATGOV_COMPLIANCE_RETENTION"
	EnvComplianceMaxEvents   = "CHATGOV_COMPLIANCE_MAX_EVENTS"
	EnvNotificationRetention = "CHATGOV_NOTIFICATION_RETENTION"
)

// Default returns the configuration of a plain `chatgov serve`.
func Default() Config {
	return Config{
		Listen:                "127.0.0.1:4580",
		DataDir:               "./chatgov-data",
		MaxBodyBytes:          2 << 20,
		ClockSkew:             15 * time.Minute,
		LogLevel:              slog.LevelInfo,
		ComplianceRetention:   DefaultComplianceRetention,
		ComplianceMaxEvents:   DefaultComplianceMaxEvents,
		NotificationRetention: DefaultNotificationRetention,
		SlackAPIURL:           DefaultSlackAPIURL,
	}
}

// FromEnv fills the fields the environment sets. It fails, naming the
// variable, on a value that does not parse.
func (c *Config) FromEnv(getenv func(string) string) error {
	set := func(dst *string, key string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	set(&c.RootAccessKeyID, EnvRootAccessKeyID)
	set(&c.ManagementAccountID, EnvManagementAccountID)
	set(&c.ManagementEmail, EnvManagementEmail)
	set(&c.Store, EnvStore)
	if v := getenv(EnvRootSecretAccessKey); v != "" {
		c.RootSecretAccessKey = Secret(v)
	}
	var errs []error
	if v := getenv(EnvComplianceRetention); v != "" {
		if err := NewRetentionFlag(&c.ComplianceRetention).Set(v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", EnvComplianceRetention, err))
		}
	}
	if v := getenv(EnvComplianceMaxEvents); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err != nil {
			errs = append(errs, fmt.Errorf("%s: %q is not a number of events", EnvComplianceMaxEvents, v))
		} else {
			c.ComplianceMaxEvents = n
		}
	}
	if v := getenv(EnvNotificationRetention); v != "" {
		if err := NewRetentionFlag(&c.NotificationRetention).Set(v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", EnvNotificationRetention, err))
		}
	}
	return errors.Join(errs...)
}

// RetentionFlag is a flag value (flag.Value, pflag.Value) for a retention
// period, which may be given in days: "90d", "36h", "1h30m", or "0" for
// ever.
type RetentionFlag struct{ d *time.Duration }

// NewRetentionFlag returns a flag value that sets *d.
func NewRetentionFlag(d *time.Duration) RetentionFlag { return RetentionFlag{d} }

// Set parses s with ParseRetention.
func (f RetentionFlag) Set(s string) error {
	d, err := ParseRetention(s)
	if err == nil {
		*f.d = d
	}
	return err
}

func (f RetentionFlag) String() string { return FormatRetention(*f.d) }

// Type names the value in help texts.
func (f RetentionFlag) Type() string { return "duration" }

// ParseRetention reads a retention period: a whole number of days ("90d")
// or a Go duration ("36h", "90m"); "0" keeps everything.
func ParseRetention(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n < 0 || n > maxRetentionDays {
			return 0, fmt.Errorf("%q is not a number of days (such as 90d)", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a retention period (such as 90d, 36h or 0)", s)
	}
	switch {
	case d < 0:
		return 0, fmt.Errorf("%q is negative: a retention period is 0 or more", s)
	case d > maxRetentionDays*24*time.Hour:
		// As for days: what is written back must read back.
		return 0, fmt.Errorf("%q is longer than the longest retention, %dd", s, maxRetentionDays)
	}
	return d, nil
}

// maxRetentionDays bounds a retention period, in any unit: 100 years.
const maxRetentionDays = 100 * 365

// FormatRetention writes d as ParseRetention reads it: in days when it is
// a whole number of them.
func FormatRetention(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d == 0:
		return "0"
	case d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	return d.String()
}

var accountIDRe = regexp.MustCompile(`^\d{12}$`)

// Validate reports every problem of the configuration.
func (c Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		errs = append(errs, fmt.Errorf("listen address %q: %v", c.Listen, err))
	}
	if kind, target := c.StoreKind(); kind == "" {
		errs = append(errs, fmt.Errorf("store %q: use postgres://..., postgresql://... or sqlite:PATH", c.Store))
	} else if target == "" {
		errs = append(errs, fmt.Errorf("store %q names no database", c.Store))
	}
	if c.ManagementAccountID != "" && !accountIDRe.MatchString(c.ManagementAccountID) {
		errs = append(errs, fmt.Errorf("%s %q is not a 12-digit account ID", EnvManagementAccountID, c.ManagementAccountID))
	}
	if (c.RootAccessKeyID == "") != (c.RootSecretAccessKey == "") {
		errs = append(errs, fmt.Errorf("set both %s and %s, or neither", EnvRootAccessKeyID, EnvRootSecretAccessKey))
	}
	if c.MaxBodyBytes < 1024 {
		errs = append(errs, fmt.Errorf("max body size %d is too small", c.MaxBodyBytes))
	}
	if c.ClockSkew <= 0 {
		errs = append(errs, errors.New("clock skew must be positive"))
	}
	if c.ComplianceRetention < 0 {
		errs = append(errs, fmt.Errorf("compliance retention %s is negative (0 keeps events for ever)", c.ComplianceRetention))
	}
	if c.ComplianceMaxEvents < 0 {
		errs = append(errs, fmt.Errorf("compliance max events %d is negative (0 sets no limit)", c.ComplianceMaxEvents))
	}
	if c.NotificationRetention < 0 {
		errs = append(errs, fmt.Errorf("notification retention %s is negative (0 keeps notifications for ever)", c.NotificationRetention))
	}
	errs = append(errs, c.Commands.validate()...)
	return errors.Join(errs...)
}

// Store kinds.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// StoreKind returns which store to use and its path or URL; kind is empty
// when Store is not understood.
func (c Config) StoreKind() (kind, target string) {
	switch {
	case c.Store == "":
		return SQLite, filepath.Join(c.DataDir, "chatgov.db")
	case strings.HasPrefix(c.Store, "postgres://"), strings.HasPrefix(c.Store, "postgresql://"):
		return Postgres, c.Store
	case strings.HasPrefix(c.Store, "sqlite:"):
		return SQLite, strings.TrimPrefix(strings.TrimPrefix(c.Store, "sqlite:"), "//")
	}
	return "", ""
}

// StoreDescription names the store for logs, without a password.
func (c Config) StoreDescription() string {
	kind, target := c.StoreKind()
	if kind == Postgres {
		if i := strings.Index(target, "@"); i >= 0 {
			if j := strings.Index(target, "://"); j >= 0 && j < i {
				userinfo := target[j+3 : i]
				if k := strings.Index(userinfo, ":"); k >= 0 {
					target = target[:j+3] + userinfo[:k] + ":[redacted]" + target[i:]
				}
			}
		}
	}
	return kind + " " + target
}
