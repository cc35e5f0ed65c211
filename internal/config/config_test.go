package config

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
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
