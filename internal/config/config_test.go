package config

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	if err := Default().Validate(); err != nil {
		t.Fatalf("default: %v", err)
	}
	c := Default()
	c.Listen = "nowhere"
	c.Store = "mysql://x"
	c.ManagementAccountID = "12"
	c.RootAccessKeyID = "AKIAEXAMPLE"
	err := c.Validate()
	for _, want := range []string{"listen address", "mysql://x", "12-digit", "set both"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

func TestStoreKind(t *testing.T) {
	t.Parallel()
	tests := []struct{ store, kind, target string }{
		{"", SQLite, "data/chatgov.db"},
		{"sqlite:/tmp/x.db", SQLite, "/tmp/x.db"},
		{"postgres://u:pw@h/db", Postgres, "postgres://u:pw@h/db"},
		{"postgresql://h/db", Postgres, "postgresql://h/db"},
		{"redis://h", "", ""},
	}
	for _, tt := range tests {
		c := Config{DataDir: "data", Store: tt.store}
		if k, tg := c.StoreKind(); k != tt.kind || tg != tt.target {
			t.Errorf("%q: %s %s", tt.store, k, tg)
		}
	}
	c := Config{Store: "postgres://alice:hunter2@db.example/chatgov"}
	if d := c.StoreDescription(); strings.Contains(d, "hunter2") || !strings.Contains(d, "alice:[redacted]@db.example") {
		t.Errorf("description %q", d)
	}
}

func TestFromEnvAndSecretRedaction(t *testing.T) {
	t.Parallel()
	env := map[string]string{EnvRootAccessKeyID: "AKIAEXAMPLEKEY00", EnvRootSecretAccessKey: "s3cr3t-value-0000", EnvManagementAccountID: "111111111111"}
	c := Default()
	c.FromEnv(func(k string) string { return env[k] })
	if c.RootAccessKeyID != "AKIAEXAMPLEKEY00" || c.RootSecretAccessKey.Reveal() != "s3cr3t-value-0000" || c.ManagementAccountID != "111111111111" {
		t.Fatalf("%+v", c)
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("config", "config", c, "secret", c.RootSecretAccessKey)
	if strings.Contains(buf.String(), "s3cr3t") || strings.Contains(fmt.Sprint(c), "s3cr3t") || strings.Contains(fmt.Sprintf("%+v", c), "s3cr3t") {
		t.Errorf("the secret leaked: %s", buf.String())
	}
}

func TestRetention(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"90d", 90 * 24 * time.Hour, true},
		{"0", 0, true},
		{"0d", 0, true},
		{"36h", 36 * time.Hour, true},
		{"1h30m", 90 * time.Minute, true},
		{"d", 0, false},
		{"-1d", 0, false},
		{"1.5d", 0, false},
		{"90 days", 0, false},
		{"99999d", 0, false},
		{"36500d", 36500 * 24 * time.Hour, true},
		{"876000h", 36500 * 24 * time.Hour, true},
		{"900936h", 0, false}, // 37,539 days: it would be written as a number of days it cannot be read back as
		{"-96h", 0, false},    // would be written as -4d
		{"-5m", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseRetention(tt.in)
		if (err == nil) != tt.ok || tt.ok && got != tt.want {
			t.Errorf("ParseRetention(%q) = %v, %v", tt.in, got, err)
		}
	}
	for d, want := range map[time.Duration]string{0: "0", 90 * 24 * time.Hour: "90d", 36 * time.Hour: "36h0m0s"} {
		if got := FormatRetention(d); got != want {
			t.Errorf("FormatRetention(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestComplianceRetentionFromEnv(t *testing.T) {
	t.Parallel()
	c := Default()
	if c.ComplianceRetention != 90*24*time.Hour || c.ComplianceMaxEvents != 1_000_000 {
		t.Fatalf("defaults %v %d", c.ComplianceRetention, c.ComplianceMaxEvents)
	}
	env := map[string]string{EnvComplianceRetention: "30d", EnvComplianceMaxEvents: "5000"}
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil || c.ComplianceRetention != 30*24*time.Hour || c.ComplianceMaxEvents != 5000 {
		t.Errorf("from the environment: %v %d %v", c.ComplianceRetention, c.ComplianceMaxEvents, err)
	}
	env = map[string]string{EnvComplianceRetention: "a month", EnvComplianceMaxEvents: "many"}
	err := c.FromEnv(func(k string) string { return env[k] })
	for _, want := range []string{EnvComplianceRetention, EnvComplianceMaxEvents, "a month", "many"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	c = Default()
	c.ComplianceRetention, c.ComplianceMaxEvents = -time.Hour, -1
	err = c.Validate()
	for _, want := range []string{"compliance retention -1h0m0s is negative", "compliance max events -1 is negative"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

// TestNotificationRetention checks the notification retention: 30 days by
// default, the environment's value parsed as a retention period (0 keeps
// for ever), and a value that does not parse, or a negative one, refused.
func TestNotificationRetention(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     string
		set     time.Duration // set before Validate, when not 0
		want    time.Duration
		wantErr string
	}{
		{"default", "", 0, 30 * 24 * time.Hour, ""},
		{"days", "7d", 0, 7 * 24 * time.Hour, ""},
		{"hours", "36h", 0, 36 * time.Hour, ""},
		{"for ever", "0", 0, 0, ""},
		{"not a period", "a month", 0, 30 * 24 * time.Hour, EnvNotificationRetention + `: "a month" is not a retention period`},
		{"negative env", "-1d", 0, 30 * 24 * time.Hour, EnvNotificationRetention + `: "-1d" is not a number of days`},
		{"negative", "", -time.Hour, -time.Hour, "notification retention -1h0m0s is negative"},
	}
	for _, tt := range tests {
		c := Default()
		env := map[string]string{EnvNotificationRetention: tt.env}
		err := c.FromEnv(func(k string) string { return env[k] })
		if tt.set != 0 {
			c.NotificationRetention = tt.set
		}
		if err == nil {
			err = c.Validate()
		}
		if c.NotificationRetention != tt.want {
			t.Errorf("%s: retention %v, want %v", tt.name, c.NotificationRetention, tt.want)
		}
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%s: error %v, want one with %q", tt.name, err, tt.wantErr)
		}
	}
}

// FuzzParseRetention checks that ParseRetention never panics and that
// what FormatRetention writes reads back the same.
func FuzzParseRetention(f *testing.F) {
	for _, s := range []string{"90d", "0", "36h", "1h30m", "-5m", "9223372036854775807d", "1e3h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseRetention(s)
		if err != nil {
			return
		}
		back, err := ParseRetention(FormatRetention(d))
		if err != nil || back != d {
			t.Fatalf("%q read as %v, written as %q, read back as %v, %v", s, d, FormatRetention(d), back, err)
		}
	})
}
