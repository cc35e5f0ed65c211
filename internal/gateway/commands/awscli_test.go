package commands_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/chatgov/chatgov/internal/gateway/commands"
)

// fixedRole hands out the same credentials for every role: the limits
// test runs a stand-in CLI that uses none.
type fixedRole struct{}

func (fixedRole) AssumeRole(context.Context, string, string) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "ASIAFIXED", SecretAccessKey: "x", SessionToken: "y"}, nil
}

// The aws-cli executor runs the AWS CLI with the channel role's
// credentials from STS AssumeRole, against chatgov's own endpoint (which
// serves Organizations and STS), and answers with the output.
func TestAWSCLIExecutor(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("the AWS CLI is not installed")
		}
		t.Skip("the AWS CLI is not installed")
	}
	// Two starts of the CLI (assume-role, then the command) can take more
	// than AWS's 15 s on a loaded test machine.
	x := &commands.AWSCLI{Timeout: 30 * time.Second}
	w := newWorld(t, x)
	// The server assumes roles as the management account, with the CLI.
	x.STS = commands.CLIRoleAssumer{Endpoint: w.url(), Credentials: aws.Credentials{AccessKeyID: rootKey, SecretAccessKey: rootSecret}}
	x.Endpoint = w.url()
	w.post("/slack/events", "application/json", mention("Ev0CLI00001", "U0MEMBER01", "organizations describe-organization", "1700000004.000100"),
		slackSecret, time.Now(), nil)
	p := w.slack.waitFor(t, 1, 40*time.Second)[0]
	for _, want := range []string{":white_check_mark:", `"MasterAccountId": "` + mgmtAccount + `"`, `"FeatureSet": "ALL"`} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("answer %q lacks %q", p.Text, want)
		}
	}
	// A denied command never reaches the CLI: the answer is the denial.
	w.post("/slack/events", "application/json", mention("Ev0CLI00002", "U0MEMBER01", "sts get-caller-identity", "1700000004.000200"),
		slackSecret, time.Now(), nil)
	if p := w.slack.waitFor(t, 2, 40*time.Second)[1]; !strings.Contains(p.Text, "was not run") || strings.Contains(p.Text, "Arn") {
		t.Errorf("denied command's answer %q", p.Text)
	}
}

// A run past the limit is stopped and answered so; long output is cut.
func TestAWSCLIExecutorLimits(t *testing.T) {
	dir := t.TempDir()
	slow := filepath.Join(dir, "slow-aws")
	loud := filepath.Join(dir, "loud-aws")
	os.WriteFile(slow, []byte("#!/bin/sh\nsleep 10\n"), 0o755)
	os.WriteFile(loud, []byte("#!/bin/sh\ni=0\nwhile [ $i -lt 500 ]; do echo \"line $i of the output\"; i=$((i+1)); done\n"), 0o755)
	x := &commands.AWSCLI{Timeout: 500 * time.Millisecond, MaxOutput: 300}
	w := newWorld(t, x)
	x.STS, x.Binary = fixedRole{}, slow
	start := time.Now()
	if status, _ := w.post("/slack/events", "application/json", mention("Ev0SLOW0001", "U0MEMBER01", "organizations list-roots", "1700000005.000100"),
		slackSecret, time.Now(), nil); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	p := w.slack.wait(t, 1)[0]
	if !strings.Contains(p.Text, "did not finish in time") || time.Since(start) > 5*time.Second {
		t.Errorf("slow command: answer %q after %s", p.Text, time.Since(start))
	}
	x.Binary = loud
	w.post("/slack/events", "application/json", mention("Ev0LOUD0001", "U0MEMBER01", "organizations list-roots", "1700000005.000200"),
		slackSecret, time.Now(), nil)
	p = w.slack.wait(t, 2)[1]
	if !strings.Contains(p.Text, "line 0 of the output") || strings.Contains(p.Text, "line 499") || !strings.Contains(p.Text, "output truncated") {
		t.Errorf("long output: answer %q", p.Text)
	}
}
