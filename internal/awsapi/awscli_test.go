package awsapi_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/scenario"
)

// debianAWSCLI is the AWS CLI of Debian's awscli package; .ci/run installs it.
const debianAWSCLI = "/usr/bin/aws"

// awsCLI runs the Debian AWS CLI against the server with the management
// account's root key, isolated from any local AWS configuration.
func (ts *testServer) awsCLI(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(debianAWSCLI, append([]string{"--endpoint-url", ts.srv.URL(), "--output", "json"}, args...)...)
	cmd.Env = []string{
		"HOME=" + home, "PATH=/usr/bin:/bin",
		"AWS_ACCESS_KEY_ID=" + rootKey, "AWS_SECRET_ACCESS_KEY=" + rootSecret, "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=" + filepath.Join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "credentials"),
		"AWS_PAGER=", "AWS_MAX_ATTEMPTS=1",
	}
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	return out.String(), errOut.String(), err
}

// TestDebianAWSCLI drives the server with the AWS CLI from Debian, whose
// signer (botocore) is not the Go SDK's.
func TestDebianAWSCLI(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(debianAWSCLI); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the Debian AWS CLI is required under CI=true: %v", err)
		}
		t.Skipf("the Debian AWS CLI is not installed (apt-get install awscli): %v", err)
	}
	ts := startServer(t)
	run := func(args ...string) map[string]any {
		t.Helper()
		out, errOut, err := ts.awsCLI(t, args...)
		if err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, errOut)
		}
		var v map[string]any
		if strings.TrimSpace(out) != "" {
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		return v
	}
	org := run("organizations", "create-organization")["Organization"].(map[string]any)
	if org["MasterAccountId"] != mgmtAccount {
		t.Errorf("organization %v", org)
	}
	root := run("organizations", "list-roots")["Roots"].([]any)[0].(map[string]any)["Id"].(string)
	run("organizations", "enable-policy-type", "--root-id", root, "--policy-type", "CHATBOT_POLICY")
	policyFile := filepath.Join(scenario.Testdata(), "documents", "valid", "seed-example-1.json")
	pid := run("organizations", "create-policy", "--type", "CHATBOT_POLICY", "--name", "example-1", "--description", "seed example 1",
		"--content", "file://"+policyFile)["Policy"].(map[string]any)["PolicySummary"].(map[string]any)["Id"].(string)
	run("organizations", "attach-policy", "--policy-id", pid, "--target-id", root)
	car := run("organizations", "create-account", "--account-name", "dev", "--email", "dev@example.com")["CreateAccountStatus"].(map[string]any)["Id"].(string)
	acct := run("organizations", "describe-create-account-status", "--create-account-request-id", car)["CreateAccountStatus"].(map[string]any)["AccountId"].(string)
	eff := run("organizations", "describe-effective-policy", "--policy-type", "CHATBOT_POLICY", "--target-id", acct)["EffectivePolicy"].(map[string]any)
	if !strings.Contains(eff["PolicyContent"].(string), `"workspaces":["W1"]`) {
		t.Errorf("effective policy %v", eff)
	}
	// Errors reach the CLI as AWS's typed errors.
	_, errOut, err := ts.awsCLI(t, "organizations", "attach-policy", "--policy-id", pid, "--target-id", root)
	if err == nil || !strings.Contains(errOut, "(DuplicatePolicyAttachmentException)") {
		t.Errorf("duplicate attachment: %v %s", err, errOut)
	}
	_, errOut, err = ts.awsCLI(t, "organizations", "create-policy", "--type", "CHATBOT_POLICY", "--name", "broken", "--description", "x",
		"--content", `{"chatbot":{"platforms":{"slak":{}}}}`)
	if err == nil || !strings.Contains(errOut, "(MalformedPolicyDocumentException)") || !strings.Contains(errOut, "$.chatbot.platforms.slak") {
		t.Errorf("malformed policy: %v %s", err, errOut)
	}
	assumed := run("sts", "assume-role", "--role-arn", "arn:aws:iam::"+acct+":role/OrganizationAccountAccessRole", "--role-session-name", "ops")
	if arn := assumed["AssumedRoleUser"].(map[string]any)["Arn"]; arn != "arn:aws:sts::"+acct+":assumed-role/OrganizationAccountAccessRole/ops" {
		t.Errorf("assumed role %v", arn)
	}
	id := run("sts", "get-caller-identity")
	if id["Account"] != mgmtAccount {
		t.Errorf("identity %v", id)
	}
}
