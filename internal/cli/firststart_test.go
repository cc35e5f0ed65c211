package cli

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/chatgov/chatgov/internal/config"
)

// runningCmd is a chatgov command that serves (serve, demo), run in
// process until the test ends.
type runningCmd struct {
	url    string
	stderr *syncBuffer
	stdout *syncBuffer
}

// startCmd runs chatgov args until it logs that it listens, and stops it
// at the end of the test.
func startCmd(t *testing.T, env map[string]string, args ...string) *runningCmd {
	t.Helper()
	var getenv func(string) string
	if env != nil {
		getenv = func(k string) string { return env[k] }
	}
	ctx, cancel := context.WithCancel(context.Background())
	rc := &runningCmd{stderr: &syncBuffer{}, stdout: &syncBuffer{}}
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, args, Streams{In: strings.NewReader(""), Out: rc.stdout, Err: rc.stderr, Env: getenv})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != ExitOK {
				t.Errorf("%v exited with %d:\n%s", args, code, rc.stderr.String())
			}
		case <-time.After(20 * time.Second):
			t.Errorf("%v did not stop", args)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := listeningRe.FindStringSubmatch(rc.stderr.String()); m != nil {
			rc.url = m[1]
			return rc
		}
		select {
		case code := <-done:
			done <- code
			t.Fatalf("%v exited with %d:\n%s%s", args, code, rc.stdout.String(), rc.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v did not start:\n%s", args, rc.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var exportLineRe = regexp.MustCompile(`(?m)^  export (.*)$`)

// exportedEnv reads the export lines a first start prints.
func exportedEnv(t *testing.T, text string) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, m := range exportLineRe.FindAllStringSubmatch(text, -1) {
		for _, kv := range strings.Fields(m[1]) {
			if k, v, ok := strings.Cut(kv, "="); ok {
				env[k] = v
			}
		}
	}
	return env
}

// TestFirstStartPrintsAWorkingEnvironment: a first start on a wildcard
// address prints export lines that, pasted, let the AWS SDK call the
// server (the URL is the loopback address, not 0.0.0.0), the next
// commands, and logs the store's absolute path; a later start prints none.
func TestFirstStartPrintsAWorkingEnvironment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rc := startCmd(t, map[string]string{}, "serve", "--listen", "0.0.0.0:0", "--data", dir)
	logs := rc.stderr.String()
	env := exportedEnv(t, logs)
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_ENDPOINT_URL"} {
		if env[k] == "" {
			t.Errorf("the first start exports no %s:\n%s", k, logs)
		}
	}
	if env["AWS_ENDPOINT_URL"] != rc.url || !strings.HasPrefix(rc.url, "http://127.0.0.1:") {
		t.Errorf("AWS_ENDPOINT_URL %q, logged url %q; want the loopback address of the wildcard listener", env["AWS_ENDPOINT_URL"], rc.url)
	}
	for _, want := range []string{"sts get-caller-identity", "organizations create-organization", "enable-policy-type --policy-type CHATBOT_POLICY",
		`store="sqlite ` + filepath.Join(dir, "chatgov.db") + `"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the first start does not say %q:\n%s", want, logs)
		}
	}
	if out := rc.stdout.String(); out != "" {
		t.Errorf("serve wrote to stdout: %q", out)
	}
	client := sts.NewFromConfig(aws.Config{Region: env["AWS_REGION"], RetryMaxAttempts: 1,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: env["AWS_ACCESS_KEY_ID"], SecretAccessKey: env["AWS_SECRET_ACCESS_KEY"]}, nil
		})}, func(o *sts.Options) { o.BaseEndpoint = aws.String(env["AWS_ENDPOINT_URL"]) })
	id, err := client.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("the printed environment does not work: %v", err)
	}
	if !strings.HasSuffix(aws.ToString(id.Arn), ":root") {
		t.Errorf("caller %s; want the management account's root user", aws.ToString(id.Arn))
	}
}

func TestReachableURL(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"0.0.0.0:4580":    "http://127.0.0.1:4580",
		"[::]:4580":       "http://127.0.0.1:4580",
		":4580":           "http://127.0.0.1:4580",
		"127.0.0.1:4580":  "http://127.0.0.1:4580",
		"10.1.2.3:80":     "http://10.1.2.3:80",
		"[::1]:4580":      "http://[::1]:4580",
		"host.internal:1": "http://host.internal:1",
	} {
		if got := reachableURL(addr); got != want {
			t.Errorf("reachableURL(%q) = %q, want %q", addr, got, want)
		}
	}
}

func TestStoreLocationIsAbsolute(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	cfg.DataDir = "relative-data"
	got := storeLocation(cfg)
	abs, _ := filepath.Abs(filepath.Join("relative-data", "chatgov.db"))
	if got != "sqlite "+abs {
		t.Errorf("storeLocation = %q, want %q", got, "sqlite "+abs)
	}
	cfg.Store = "postgres://alice:hunter2@db.example/chatgov"
	if got := storeLocation(cfg); strings.Contains(got, "hunter2") {
		t.Errorf("storeLocation shows the password: %q", got)
	}
}
