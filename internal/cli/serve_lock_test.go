package cli

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/config"
)

// serverConfig is the configuration of a test server on dataDir (SQLite)
// or, when storeURL is set, on that store.
func serverConfig(dataDir, storeURL string) config.Config {
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = dataDir
	cfg.Store = storeURL
	cfg.ManagementAccountID = testMgmtAccount
	cfg.RootAccessKeyID = testRootKey
	cfg.RootSecretAccessKey = config.Secret(testRootSecret)
	return cfg
}

// mustStart starts a server and stops it when the test ends, unless the
// test stopped it before.
func mustStart(t *testing.T, cfg config.Config, so ServerOptions) *Server {
	t.Helper()
	srv, err := StartServer(context.Background(), cfg, so)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeServer(t, srv) })
	return srv
}

func closeServer(t *testing.T, srv *Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Close(ctx); err != nil && !strings.Contains(err.Error(), "lost the store") {
		t.Errorf("closing the server: %v", err)
	}
}

// httpGet returns the status of a GET.
func httpGet(u string) (int, error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestOneServerPerStore checks that a second server on a SQLite store
// another one holds refuses to start, naming the store and the holder, and
// starts once the first has stopped. (PostgreSQL stores take replicas:
// replicas_test.go.)
func TestOneServerPerStore(t *testing.T) {
	t.Parallel()
	pid := strconv.Itoa(os.Getpid())
	tests := []struct {
		name  string
		store func(t *testing.T, dir string) string
		want  []string
	}{
		{"data directory", func(*testing.T, string) string { return "" },
			[]string{"the data directory ", "is in use by another chatgov process (PID " + pid + ", lock file ", "chatgov.db.lock", "--data"}},
		{"sqlite file", func(_ *testing.T, dir string) string { return "sqlite:" + filepath.Join(dir, "elsewhere.db") },
			[]string{"the SQLite store ", "elsewhere.db is in use by another chatgov process (PID " + pid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cfg := serverConfig(dir, tt.store(t, dir))
			first := mustStart(t, cfg, ServerOptions{})
			_, err := StartServer(context.Background(), cfg, ServerOptions{})
			var inUse *storeInUseError
			if !errors.As(err, &inUse) {
				t.Fatalf("second server: %v, want a *storeInUseError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the error %q does not say %q", err, w)
				}
			}
			if cfg.Store == "" && !strings.Contains(err.Error(), dir) {
				t.Errorf("the error %q does not name the directory %s", err, dir)
			}
			// The command says so and fails.
			args := []string{"serve", "--listen", "127.0.0.1:0", "--data", dir}
			if cfg.Store != "" {
				args = append(args, "--store", cfg.Store)
			}
			code, out, errOut := run(t, "", args...)
			if code != ExitFailed || !strings.Contains(errOut, "is in use by another chatgov process") || out != "" {
				t.Errorf("chatgov serve: exit %d, out %q, err %q", code, out, errOut)
			}
			// The first server still works; once it stops, the store is free.
			if resp, err := httpGet(first.URL() + "/healthz"); err != nil || resp != 200 {
				t.Errorf("the first server: %d %v", resp, err)
			}
			closeServer(t, first)
			closeServer(t, mustStart(t, cfg, ServerOptions{}))
		})
	}
}

// TestPortTakenStoresNothing checks that a first start that cannot
// listen creates nothing: no data directory, no store, no credentials
// nobody was shown.
func TestPortTakenStoresNothing(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := filepath.Join(t.TempDir(), "data")
	code, out, errOut := run(t, "", "serve", "--listen", taken.Addr().String(), "--data", dir)
	if code != ExitFailed || !strings.Contains(errOut, "address already in use") || strings.Contains(out+errOut, "AWS_SECRET_ACCESS_KEY") {
		t.Errorf("exit %d, out %q, err %q", code, out, errOut)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the failed start left %s behind: %v", dir, err)
	}
	// A later start on a free port is the first one: it makes the
	// credentials and shows them.
	_, errOut = runServe(t, "--data", dir)
	if !strings.Contains(errOut, "export AWS_SECRET_ACCESS_KEY=") {
		t.Errorf("the first successful start showed no credentials:\n%s", errOut)
	}
}
