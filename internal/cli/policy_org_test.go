package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// TestOfflineInputsRefused checks that what an offline command brings
// beside the org file is refused as the server refuses it, as a usage
// error naming the flag or file.
func TestOfflineInputsRefused(t *testing.T) {
	t.Parallel()
	f := newSimFixture(t)
	none := env(aws.Credentials{}, "")
	lambda := "@aws lambda invoke --function-name f out.json"
	dir := t.TempDir()
	for _, sub := range []string{"same", "two"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	slack := func(name, account, channel, visibility string) string {
		return writeFile(t, dir, name, `{"AccountId": "`+account+`", "ConfigurationName": "`+strings.TrimSuffix(filepath.Base(name), ".json")+
			`", "SlackTeamId": "T0AAAAAAA", "SlackChannelId": "`+channel+`", "ChannelVisibility": "`+visibility+`", "IamRoleArn": "arn:aws:iam::`+account+`:role/r"}`)
	}
	// Two configurations of one account in one Slack channel, and two
	// visibilities of one channel.
	slack("same/a.json", workloadAcct, "C0SAME", "private")
	slack("same/b.json", workloadAcct, "C0SAME", "private")
	slack("two/a.json", workloadAcct, "C0TWO", "private")
	slack("two/b.json", sandboxAcct, "C0TWO", "public")
	policy := writeFile(t, dir, "p.json", `{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"disabled"}}}}}`)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"a Slack channel configured twice in an account", []string{"policy", "what-if", "--org", f.org, "--attach", policy, "--target", "Root",
			"--configs", filepath.Join(dir, "same")}, "b.json: Slack channel with ID C0SAME in Slack team T0AAAAAAA has already been configured for AWS account " + workloadAcct},
		{"a channel public and private", []string{"policy", "what-if", "--org", f.org, "--attach", policy, "--target", "Root",
			"--configs", filepath.Join(dir, "two")}, "give Slack channel T0AAAAAAA/C0TWO two visibilities"},
		{"a policy name the file has", []string{"policy", "what-if", "--org", f.org, "--attach", policy, "--name", "slack", "--target", "Root"},
			`a CHATBOT_POLICY policy named "slack" already exists`},
		{"an attached policy attached again", []string{"policy", "what-if", "--org", f.org, "--attach-policy", "slack", "--target", "Root"},
			"is already attached to r-abcd"},
		{"a policy type not enabled", []string{"policy", "what-if", "--org", f.noSCPOrg, "--attach", policy, "--target", "Root"},
			"CHATBOT_POLICY is not enabled on root r-root; enable it before attaching p-"},
		{"an AWS managed policy given a document", []string{"simulate", "--org", f.org, "--config", f.ops, "--command", lambda,
			"--policy", "arn:aws:iam::aws:policy/ReadOnlyAccess=" + f.lambdaOnly}, "--policy: arn:aws:iam::aws:policy/ReadOnlyAccess is not a customer managed policy's ARN"},
		{"an account that is an OU", []string{"iam", "simulate", "--org", f.org, "--account", "Workloads", "--action", "s3:GetObject"},
			"is an OU, not an account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			expect(t, none, "", ExitUsage, []string{tt.want}, tt.args...)
		})
	}
}

// TestOfflineCustomerPolicyPath checks that a customer managed policy with
// a path is registered at its ARN, and decides as a guardrail.
func TestOfflineCustomerPolicyPath(t *testing.T) {
	t.Parallel()
	f := newSimFixture(t)
	arn := "arn:aws:iam::" + sandboxAcct + ":policy/chat/ops/lambda-only"
	config := writeFile(t, t.TempDir(), "guarded.json", `{"AccountId": "`+sandboxAcct+`", "ConfigurationName": "guarded", "SlackTeamId": "T0AAAAAAA",
 "SlackChannelId": "C0OPS", "IamRoleArn": "arn:aws:iam::`+sandboxAcct+`:role/chatbot-ops", "GuardrailPolicyArns": ["`+arn+`"]}`)
	res := decode[simulateOut](t, simulateRun(t, env(aws.Credentials{}, ""), ExitOK, "simulate", "--org", f.org, "--config", config,
		"--policy", arn+"="+f.lambdaOnly, "--command", "@aws lambda invoke --function-name f out.json", "-o", "json"))
	if g := res.Requests[0].Gates[3]; g.Name != "guardrails" || g.Outcome != "ALLOWED" || len(g.Statements) != 1 || g.Statements[0].PolicyID != arn {
		t.Errorf("guardrails: %+v", g)
	}
	res = decode[simulateOut](t, simulateRun(t, env(aws.Credentials{}, ""), ExitFailed, "simulate", "--org", f.org, "--config", config,
		"--policy", arn+"="+f.lambdaOnly, "--command", "@aws ec2 describe-instances", "-o", "json"))
	if g := res.Requests[0].Gates[3]; g.Outcome != "DENIED" {
		t.Errorf("guardrails: %+v", g)
	}
}
