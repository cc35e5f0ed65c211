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
}

// Environment variables read by FromEnv.
const (
	EnvRootAccessKeyID     = "CHATGOV_ROOT_ACCESS_KEY_ID"
	EnvRootSecretAccessKey = "CHATGOV_ROOT_SECRET_ACCESS_KEY"
	EnvManagementAccountID = "CHATGOV_MANAGEMENT_ACCOUNT_ID"
	EnvManagementEmail     = "CHATGOV_MANAGEMENT_ACCOUNT_EMAIL"
	EnvStore               = "CHATGOV_STORE"
)

// Default returns the configuration of a plain `chatgov serve`.
func Default() Config {
	return Config{
		Listen:       "127.0.0.1:4580",
		DataDir:      "./chatgov-data",
		MaxBodyBytes: 2 << 20,
		ClockSkew:    15 * time.Minute,
		LogLevel:     slog.LevelInfo,
	}
}

// FromEnv fills the fields the environment sets.
func (c *Config) FromEnv(getenv func(string) string) {
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
