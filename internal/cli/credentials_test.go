package cli

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/chatgov/chatgov/internal/store/postgres/pgtest"
)

var exportRe = regexp.MustCompile(`^export AWS_ACCESS_KEY_ID=(AKIA[A-Z2-7]{16})\nexport AWS_SECRET_ACCESS_KEY=(\S+)\n$`)

// callerIdentity calls STS GetCallerIdentity with a root key; it returns
// the ARN, or the API error's code.
func callerIdentity(t *testing.T, srv *Server, key, secret string) (arn, code string) {
	t.Helper()
	ls := &liveServer{t: t, srv: srv}
	c := sts.NewFromConfig(ls.sdkConfig(aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}),
		func(o *sts.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	out, err := c.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		var ae smithy.APIError
		if !errors.As(err, &ae) {
			t.Fatal(err)
		}
		return "", ae.ErrorCode()
	}
	return *out.Arn, ""
}

// TestCredentialsReset issues new root credentials for a store whose key
// is lost: the old key stops working, the new one works against the
// restarted server, and a SQLite store a server holds is refused (on
// PostgreSQL the running server takes the new key at once).
func TestCredentialsReset(t *testing.T) {
	t.Parallel()
	for name, storeURL := range map[string]func(t *testing.T) string{
		"sqlite":   func(*testing.T) string { return "" },
		"postgres": func(t *testing.T) string { return pgtest.Schema(t) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cfg := serverConfig(dir, storeURL(t))
			// A first start that generates the credentials.
			cfg.ManagementAccountID, cfg.RootAccessKeyID, cfg.RootSecretAccessKey = "", "", ""
			srv := mustStart(t, cfg, ServerOptions{})
			old := srv.Bootstrap
			if old.GeneratedSecret == "" {
				t.Fatal("the first start generated no credentials")
			}
			if _, code := callerIdentity(t, srv, old.AccessKeyID, old.GeneratedSecret); code != "" {
				t.Fatalf("the generated key: %s", code)
			}
			args := []string{"credentials", "reset", "--data", dir}
			if cfg.Store != "" {
				args = append(args, "--store", cfg.Store)
			}

			if cfg.Store != "" {
				// PostgreSQL: the reset is one more replica's write, which
				// the running server applies.
				code, out, errOut := run(t, "", args...)
				m := exportRe.FindStringSubmatch(out)
				if code != ExitOK || m == nil {
					t.Fatalf("reset while a server runs: exit %d, out %q, err %q", code, out, errOut)
				}
				if arn, code := callerIdentity(t, srv, m[1], m[2]); code != "" || !strings.HasSuffix(arn, ":root") {
					t.Errorf("the new key on the running server: %q %q", arn, code)
				}
				deadline := time.Now().Add(10 * time.Second)
				for _, code := callerIdentity(t, srv, old.AccessKeyID, old.GeneratedSecret); code != "InvalidClientTokenId"; _, code = callerIdentity(t, srv, old.AccessKeyID, old.GeneratedSecret) {
					if time.Now().After(deadline) {
						t.Fatalf("the old key on the running server after the reset: %q", code)
					}
					time.Sleep(20 * time.Millisecond)
				}
				return
			}
			// While the server holds the store, nothing is changed.
			code, out, errOut := run(t, "", args...)
			if code != ExitFailed || out != "" || !strings.Contains(errOut, "is in use by another chatgov process") ||
				!strings.Contains(errOut, "stop the server first") {
				t.Errorf("reset while a server runs: exit %d, out %q, err %q", code, out, errOut)
			}
			if !strings.Contains(errOut, dir) || !strings.Contains(errOut, "PID "+strconv.Itoa(os.Getpid())) {
				t.Errorf("the error names neither the directory nor the holder: %s", errOut)
			}
			if _, code := callerIdentity(t, srv, old.AccessKeyID, old.GeneratedSecret); code != "" {
				t.Fatalf("the key after a refused reset: %s", code)
			}
			closeServer(t, srv)

			code, out, errOut = run(t, "", args...)
			m := exportRe.FindStringSubmatch(out)
			if code != ExitOK || m == nil || !strings.Contains(errOut, "revoked 1 root access key") || !strings.Contains(errOut, old.ManagementAccountID) {
				t.Fatalf("reset: exit %d, out %q, err %q", code, out, errOut)
			}
			newKey, newSecret := m[1], m[2]
			if newKey == old.AccessKeyID {
				t.Fatal("the reset kept the key")
			}

			srv = mustStart(t, cfg, ServerOptions{})
			if b := srv.Bootstrap; b.AccessKeyID != newKey || b.GeneratedSecret != "" {
				t.Errorf("after the reset the server uses %+v", b)
			}
			if _, code := callerIdentity(t, srv, old.AccessKeyID, old.GeneratedSecret); code != "InvalidClientTokenId" {
				t.Errorf("the old key after the reset: %q", code)
			}
			arn, errCode := callerIdentity(t, srv, newKey, newSecret)
			if errCode != "" || arn != "arn:aws:iam::"+old.ManagementAccountID+":root" {
				t.Errorf("the new key: %q %q", arn, errCode)
			}
		})
	}
}

func TestCredentialsResetUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir() + "/none"
	code, out, errOut := run(t, "", "credentials", "reset", "--data", dir)
	if code != ExitUsage || out != "" || !strings.Contains(errOut, "there is no chatgov store at "+dir) {
		t.Errorf("exit %d, out %q, err %q", code, out, errOut)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the failed reset created %s", dir)
	}
	code, _, errOut = run(t, "", "credentials", "reset", "--store", "mysql://x")
	if code != ExitUsage || !strings.Contains(errOut, "postgres://") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
