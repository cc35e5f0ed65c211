package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer the server's goroutine and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listeningRe = regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)

// runServe runs `chatgov serve` until it is listening, checks /healthz,
// then stops it and returns its output.
func runServe(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	return runServeEnv(t, nil, args...)
}

// runServeEnv is runServe with the environment env (the process's when nil).
func runServeEnv(t *testing.T, env map[string]string, args ...string) (stdout, stderr string) {
	t.Helper()
	var getenv func(string) string
	if env != nil {
		getenv = func(k string) string { return env[k] }
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...), Streams{In: strings.NewReader(""), Out: &out, Err: &errOut, Env: getenv})
	}()
	deadline := time.Now().Add(20 * time.Second)
	var url string
	for url == "" {
		if m := listeningRe.FindStringSubmatch(errOut.String()); m != nil {
			url = m[1]
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited with %d:\n%s%s", code, out.String(), errOut.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start:\n%s", errOut.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok\n" {
		t.Errorf("healthz: %d %q", resp.StatusCode, body)
	}
	cancel()
	if code := <-done; code != ExitOK {
		t.Errorf("serve exited with %d:\n%s", code, errOut.String())
	}
	return out.String(), errOut.String()
}

func TestServeGeneratesCredentialsOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, logs := runServe(t, "--data", dir)
	if !strings.Contains(logs, "export AWS_ACCESS_KEY_ID=AKIA") || !strings.Contains(logs, "export AWS_SECRET_ACCESS_KEY=") {
		t.Errorf("first start printed no credentials:\n%s", logs)
	}
	if !strings.Contains(logs, "store=\"sqlite "+dir) || !strings.Contains(logs, "mode=secure") {
		t.Errorf("logs lack the store or mode:\n%s", logs)
	}
	secret := regexp.MustCompile(`AWS_SECRET_ACCESS_KEY=(\S+)`).FindStringSubmatch(logs)[1]
	for _, line := range strings.Split(logs, "\n") {
		if strings.HasPrefix(line, "time=") && strings.Contains(line, secret) {
			t.Errorf("the secret was logged: %s", line)
		}
	}
	_, logs = runServe(t, "--data", dir)
	if strings.Contains(logs, "AWS_SECRET_ACCESS_KEY") {
		t.Errorf("second start printed the credentials again:\n%s", logs)
	}
}

func TestServeUsageErrors(t *testing.T) {
	t.Parallel()
	code, _, errOut := run(t, "", "serve", "--listen", "nowhere")
	if code != ExitUsage || !strings.Contains(errOut, "listen address") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	code, _, errOut = run(t, "", "serve", "--store", "mysql://x")
	if code != ExitUsage || !strings.Contains(errOut, "postgres://") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// TestServeComplianceRetention checks the retention settings: defaults,
// the environment, and flags, which win over it.
func TestServeComplianceRetention(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{}, nil, "compliance_retention=90d compliance_max_events=1000000"},
		{map[string]string{"CHATGOV_COMPLIANCE_RETENTION": "30d", "CHATGOV_COMPLIANCE_MAX_EVENTS": "5000"}, nil,
			"compliance_retention=30d compliance_max_events=5000"},
		{map[string]string{"CHATGOV_COMPLIANCE_RETENTION": "30d", "CHATGOV_COMPLIANCE_MAX_EVENTS": "5000"},
			[]string{"--compliance-retention", "36h", "--compliance-max-events", "0"}, "compliance_retention=36h0m0s compliance_max_events=0"},
	}
	for _, tt := range tests {
		_, logs := runServeEnv(t, tt.env, append([]string{"--data", t.TempDir()}, tt.args...)...)
		if !strings.Contains(logs, tt.want) {
			t.Errorf("%v %v: the logs lack %q:\n%s", tt.env, tt.args, tt.want, logs)
		}
	}
	for _, args := range [][]string{{"--compliance-retention", "a month"}, {"--compliance-max-events", "-1"}} {
		code, _, errOut := run(t, "", append([]string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir()}, args...)...)
		if code != ExitUsage || !strings.Contains(errOut, "compliance") {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
		}
	}
}

// TestServeNotificationRetention checks the notification retention the
// server starts with: 30 days by default, then the environment's, then
// the flag's; a period that does not parse is a usage error.
func TestServeNotificationRetention(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{}, nil, "notification_retention=30d"},
		{map[string]string{"CHATGOV_NOTIFICATION_RETENTION": "0"}, nil, "notification_retention=0"},
		{map[string]string{"CHATGOV_NOTIFICATION_RETENTION": "7d"}, []string{"--notification-retention", "36h"}, "notification_retention=36h0m0s"},
	}
	for _, tt := range tests {
		_, logs := runServeEnv(t, tt.env, append([]string{"--data", t.TempDir()}, tt.args...)...)
		if !strings.Contains(logs, tt.want) {
			t.Errorf("%v %v: the logs lack %q:\n%s", tt.env, tt.args, tt.want, logs)
		}
	}
	code, _, errOut := run(t, "", "serve", "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--notification-retention", "a month")
	if code != ExitUsage || !strings.Contains(errOut, "notification-retention") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
