package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/chatgov/chatgov/internal/scenario"
)

// simFixture is an organization on files for simulate: Slack allowed in
// workspace T0AAAAAAA; the Workloads OU carries the seed chat guardrail SCP
// (from chat, deny everything but lambda:InvokeFunction and
// ssm:StartAutomationExecution); the Sandbox OU does not; the Locked OU
// detaches FullAWSAccess and allows only EC2.
type simFixture struct {
	dir, org, noSCPOrg                                                          string
	ops, sandbox, readonly, userRoles, disabled, customGuardrail, chime, noRole string
	noRoleNamed, badGuardrail                                                   string
	lambdaOnly, untilNewYear, badPolicy                                         string
}

const (
	workloadAcct = "111122223333"
	sandboxAcct  = "444455556666"
	lockedAcct   = "777788889999"
	aliceRole    = "arn:aws:iam::111122223333:role/alice"
	// sandboxAlice is alice's role in the sandbox account, where roles
	// of the sandbox's configurations are registered.
	sandboxAlice = "arn:aws:iam::444455556666:role/alice"
)

func newSimFixture(t *testing.T) simFixture {
	t.Helper()
	dir := t.TempDir()
	seed := filepath.Join(scenario.Testdata(), "documents", "valid", "scp-blog-chat-guardrail.json")
	f := simFixture{dir: dir}
	f.org = writeFile(t, dir, "org.yaml", `
enabledPolicyTypes: [CHATBOT_POLICY, SERVICE_CONTROL_POLICY]
root:
  id: r-abcd
  policies: [slack]
  ous:
    - name: Workloads
      policies: [chat-guardrail]
      accounts: [{id: "`+workloadAcct+`", name: workload}]
    - name: Sandbox
      accounts: [{id: "`+sandboxAcct+`", name: sandbox}]
    - name: Locked
      detachFullAWSAccess: true
      policies: [ec2-only]
      accounts: [{id: "`+lockedAcct+`", name: locked}]
policies:
  - name: slack
    content: '{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"enabled"},"workspaces":{"@@assign":["T0AAAAAAA"]}}}}}'
  - name: chat-guardrail
    type: SERVICE_CONTROL_POLICY
    file: `+seed+`
  - name: ec2-only
    type: SERVICE_CONTROL_POLICY
    content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}'
`)
	f.noSCPOrg = writeFile(t, dir, "no-scp.yaml", `
root:
  ous:
    - name: Workloads
      accounts: [{id: "`+workloadAcct+`", name: workload}]
`)
	config := func(name, account string, extra string) string {
		return writeFile(t, dir, name, fmt.Sprintf(`{"AccountId": %q, "ConfigurationName": %q, "SlackTeamId": "T0AAAAAAA", "SlackChannelId": "C0OPS",
 "ChannelVisibility": "private", "IamRoleArn": "arn:aws:iam::%s:role/chatbot-ops"%s}`, account, strings.TrimSuffix(name, ".json"), account, extra))
	}
	f.ops = config("ops.json", workloadAcct, "")
	f.sandbox = config("sandbox.json", sandboxAcct, "")
	f.readonly = config("readonly.json", sandboxAcct, `, "GuardrailPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]`)
	f.userRoles = config("user-roles.json", workloadAcct, `, "UserAuthorizationRequired": true`)
	f.customGuardrail = config("custom.json", sandboxAcct, `, "GuardrailPolicyArns": ["arn:aws:iam::`+sandboxAcct+`:policy/until-new-year"]`)
	f.disabled = writeFile(t, dir, "disabled.json", `{"AccountId": "`+workloadAcct+`", "ConfigurationName": "elsewhere", "SlackTeamId": "T0ZZZZZZZ",
 "SlackChannelId": "C0OPS", "IamRoleArn": "arn:aws:iam::`+workloadAcct+`:role/chatbot-ops"}`)
	f.chime = writeFile(t, dir, "chime.json", `{"AccountId": "`+workloadAcct+`", "ConfigurationName": "room",
 "WebhookUrl": "https://hooks.chime.aws/incomingwebhooks/abc-123?token=xyz-789", "WebhookDescription": "room",
 "SnsTopicArns": ["arn:aws:sns:us-east-1:`+workloadAcct+`:alerts"], "IamRoleArn": "arn:aws:iam::`+workloadAcct+`:role/x"}`)
	f.noRole = writeFile(t, dir, "no-role.json", `{"AccountId": "`+workloadAcct+`", "SlackTeamId": "T0AAAAAAA", "SlackChannelId": "C0OPS",
 "GuardrailPolicyArns": ["ReadOnlyAccess"]}`)
	f.noRoleNamed = writeFile(t, dir, "no-role-named.json", `{"AccountId": "`+workloadAcct+`", "ConfigurationName": "x", "SlackTeamId": "T0AAAAAAA", "SlackChannelId": "C0OPS"}`)
	f.badGuardrail = writeFile(t, dir, "bad-guardrail.json", `{"AccountId": "`+workloadAcct+`", "ConfigurationName": "x", "SlackTeamId": "T0AAAAAAA", "SlackChannelId": "C0OPS",
 "IamRoleArn": "arn:aws:iam::`+workloadAcct+`:role/x", "GuardrailPolicyArns": ["ReadOnlyAccess"]}`)
	f.lambdaOnly = writeFile(t, dir, "lambda-only.json", `{"Version":"2012-10-17","Statement":[{"Sid":"Invoke","Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"*"}]}`)
	f.untilNewYear = writeFile(t, dir, "until-new-year.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
 "Condition":{"DateLessThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}}}]}`)
	f.badPolicy = writeFile(t, dir, "bad.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"lambda:InvokeFunction","Resource":"*","Principal":"*"}]}`)
	return f
}

// gateOutcomes summarizes a request's gates as "configuration=ALLOWED ...".
func gateOutcomes(r requestOut) string {
	parts := make([]string, len(r.Gates))
	for i, g := range r.Gates {
		parts[i] = g.Name + "=" + g.Outcome
	}
	return strings.Join(parts, " ")
}

// gateReasons concatenates every gate's and level's reason, for substring checks.
func gateReasons(r requestOut) string {
	var b strings.Builder
	for _, g := range r.Gates {
		b.WriteString(g.Reason + "\n")
		for _, l := range g.Levels {
			b.WriteString(l.NodeID + " " + l.Decision + ": " + l.Reason + "\n")
		}
		for _, s := range g.Statements {
			b.WriteString(s.Description + "\n")
		}
	}
	return b.String()
}

func TestSimulateOffline(t *testing.T) {
	t.Parallel()
	f := newSimFixture(t)
	const (
		allAllowed = "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED"
	)
	tests := []struct {
		name     string
		config   string
		command  string
		args     []string
		org      string
		code     int
		gates    string
		reasons  []string // substrings of the reasons
		resource string
	}{
		{name: "an RDS deletion is denied by the chat guardrail SCP", config: f.ops, command: "@aws rds delete-db-cluster --db-cluster-identifier prod",
			code:     ExitFailed,
			gates:    "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=DENIED",
			resource: "arn:aws:rds:us-east-1:111122223333:cluster:prod",
			reasons: []string{"r-abcd ALLOWED: root r-abcd (Root) allows rds:DeleteDBCluster: policy p-FullAWSAccess (FullAWSAccess)",
				"DENIED: OU ou-abcd-", "(Workloads) denies rds:DeleteDBCluster: policy p-", "(chat-guardrail) statement 0: Deny because the action matched none of its NotAction patterns",
				`held for ["arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops"]`,
				"111122223333 ALLOWED: account 111122223333 (workload) allows"}},
		{name: "a Lambda invocation is allowed", config: f.ops, command: "@aws lambda invoke --function-name f out.json",
			code: ExitOK, gates: allAllowed, resource: "arn:aws:lambda:us-east-1:111122223333:function:f",
			reasons: []string{"the configuration names no guardrail, so AdministratorAccess applies", "every level of the path allows lambda:InvokeFunction"}},
		{name: "IAM is blocked by AWS Chatbot", config: f.ops, command: "@aws iam list-roles", code: ExitFailed,
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=DENIED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=DENIED",
			reasons: []string{"AWS Chatbot never runs IAM (iam:*) commands from chat"}},
		{name: "outside the guardrail SCP, IAM is still blocked", config: f.sandbox, command: "@aws iam list-roles", code: ExitFailed,
			gates: "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=DENIED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED"},
		{name: "a read-only guardrail denies terminating instances", config: f.readonly, command: "@aws ec2 terminate-instances --instance-ids i-0123456789abcdef0",
			code:    ExitFailed,
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=DENIED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reasons: []string{"none of the guardrails allows ec2:TerminateInstances on arn:aws:ec2:us-east-1:444455556666:instance/i-0123456789abcdef0"}},
		{name: "a read-only guardrail allows describing instances", config: f.readonly, command: "@aws ec2 describe-instances",
			code: ExitOK, gates: allAllowed, reasons: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess (ReadOnlyAccess)"}},
		{name: "user roles required and none given", config: f.userRoles, command: "@aws lambda invoke --function-name f out.json",
			args: []string{"--user", "U0ALICE"}, code: ExitFailed,
			gates:   "configuration=ALLOWED role-setting=DENIED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reasons: []string{"the configuration requires members to use their own user roles, and chat user U0ALICE has none mapped for it"}},
		{name: "user roles required and the member's given", config: f.userRoles, command: "@aws lambda invoke --function-name f out.json",
			args: []string{"--user", "U0ALICE", "--user-role", aliceRole}, code: ExitOK, gates: allAllowed,
			reasons: []string{"the command runs with the member's user role " + aliceRole}},
		{name: "the role's registered policies", config: f.sandbox, command: "@aws ec2 describe-instances",
			args: []string{"--user-role", sandboxAlice, "--role-policy", sandboxAlice + "=" + "PLACEHOLDER_LAMBDA_ONLY"}, code: ExitFailed,
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=DENIED service-control-policies=ALLOWED",
			reasons: []string{"none of the role's policies allows ec2:DescribeInstances"}},
		{name: "the role's registered policies allow", config: f.sandbox, command: "@aws lambda invoke --function-name f out.json",
			args: []string{"--user-role", sandboxAlice, "--role-policy", sandboxAlice + "=" + "PLACEHOLDER_LAMBDA_ONLY",
				"--role-policy", sandboxAlice + "=arn:aws:iam::aws:policy/ReadOnlyAccess"},
			code:    ExitOK,
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=ALLOWED service-control-policies=ALLOWED",
			reasons: []string{"policy " + sandboxAlice + "#lambda-only (lambda-only) statement 0 (Sid Invoke): Allow"}},
		// As on the server, a configuration's account resolves its own
		// roles only: another account's registration reads as none.
		{name: "another account's role is not evaluated", config: f.sandbox, command: "@aws ec2 describe-instances",
			args: []string{"--user-role", aliceRole, "--role-policy", aliceRole + "=" + "PLACEHOLDER_LAMBDA_ONLY"}, code: ExitOK, gates: allAllowed,
			reasons: []string{"the permissions of " + aliceRole + " are not registered"}},
		{name: "another role's policies are not the channel role's", config: f.sandbox, command: "@aws ec2 describe-instances",
			args: []string{"--role-policy", sandboxAlice + "=" + "PLACEHOLDER_LAMBDA_ONLY"}, code: ExitOK, gates: allAllowed,
			reasons: []string{"the permissions of arn:aws:iam::444455556666:role/chatbot-ops are not registered"}},
		// A Chime webhook is decided as the server decides it.
		{name: "a Chime configuration", config: f.chime, command: "@aws lambda invoke --function-name f out.json", code: ExitOK,
			gates: allAllowed},
		{name: "a disabled configuration", config: f.disabled, command: "@aws lambda invoke --function-name f out.json", code: ExitFailed,
			gates:   "configuration=DENIED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reasons: []string{"arn:aws:chatbot::111122223333:chat-configuration/slack-channel/elsewhere is DISABLED: Slack workspace \"T0ZZZZZZZ\" is not allowed"}},
		{name: "the management account is exempt from SCPs", config: f.ops, command: "@aws rds delete-db-cluster --db-cluster-identifier prod",
			args: []string{"--management"}, code: ExitOK, gates: allAllowed,
			reasons: []string{"SCPs do not apply to the management account; for a member account: OU ou-abcd-"}},
		{name: "FullAWSAccess detached: the OU allows EC2 only", config: writeConfigFor(t, f, lockedAcct), command: "@aws lambda invoke --function-name f out.json",
			code:    ExitFailed,
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=DENIED",
			reasons: []string{"no SCP attached to OU ou-abcd-", "(Locked) allows lambda:InvokeFunction", "777788889999 ALLOWED: account 777788889999 (locked) allows lambda:InvokeFunction: policy p-FullAWSAccess"}},
		{name: "FullAWSAccess detached: EC2 passes", config: writeConfigFor(t, f, lockedAcct), command: "@aws ec2 describe-instances",
			code: ExitOK, gates: allAllowed},
		{name: "SCPs not enabled", config: f.ops, org: f.noSCPOrg, command: "@aws rds delete-db-cluster --db-cluster-identifier prod", code: ExitOK, gates: allAllowed,
			reasons: []string{"service control policies are not enabled in the organization"}},
		{name: "an unknown customer guardrail", config: f.customGuardrail, command: "@aws ec2 describe-instances", code: ExitOK,
			gates:   "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=NOT_EVALUATED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED",
			reasons: []string{"chatgov does not know the guardrail policy arn:aws:iam::444455556666:policy/until-new-year"}},
		{name: "a customer guardrail, before its date", config: f.customGuardrail, command: "@aws ec2 describe-instances",
			args: []string{"--policy", "arn:aws:iam::444455556666:policy/until-new-year=PLACEHOLDER_UNTIL", "--now", "2026-12-31T23:00:00Z"}, code: ExitOK, gates: allAllowed,
			reasons: []string{`DateLessThan aws:CurrentTime ["2027-01-01T00:00:00Z"] held for ["2026-12-31T23:00:00Z"]`}},
		{name: "a customer guardrail, after its date", config: f.customGuardrail, command: "@aws ec2 describe-instances",
			args: []string{"--policy", "arn:aws:iam::444455556666:policy/until-new-year=PLACEHOLDER_UNTIL", "--now", "2027-01-02T00:00:00Z"}, code: ExitFailed,
			gates: "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=DENIED role-permissions=NOT_EVALUATED service-control-policies=ALLOWED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			org := tt.org
			if org == "" {
				org = f.org
			}
			args := []string{"simulate", "--org", org, "--config", tt.config, "--command", tt.command}
			for _, a := range tt.args {
				a = strings.ReplaceAll(a, "PLACEHOLDER_LAMBDA_ONLY", f.lambdaOnly)
				args = append(args, strings.ReplaceAll(a, "PLACEHOLDER_UNTIL", f.untilNewYear))
			}
			code, out, errOut := run(t, "", append(args, "-o", "json")...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.code, out, errOut)
			}
			res := decode[simulateOut](t, out)
			if len(res.Requests) != 1 {
				t.Fatalf("%d requests", len(res.Requests))
			}
			r := res.Requests[0]
			if got := gateOutcomes(r); got != tt.gates {
				t.Errorf("gates:\n got %s\nwant %s", got, tt.gates)
			}
			if want := verdictWord(tt.code == ExitOK); res.Decision != want || r.Decision != want {
				t.Errorf("decisions %s, %s; want %s", res.Decision, r.Decision, want)
			}
			if tt.resource != "" && (r.Resource != tt.resource || len(res.Command.Resources) != 1 || res.Command.Resources[0] != tt.resource) {
				t.Errorf("resource %s, command %+v", r.Resource, res.Command)
			}
			reasons := gateReasons(r)
			for _, w := range tt.reasons {
				if !strings.Contains(reasons, w) {
					t.Errorf("reasons lack %q:\n%s", w, reasons)
				}
			}
			// The text output says the same.
			code, text, _ := run(t, "", args...)
			if code != tt.code || !strings.HasPrefix(text, res.Decision+": "+r.Action+" on "+r.Resource+"\n") {
				t.Errorf("text: exit %d\n%s", code, text)
			}
		})
	}
}

// writeConfigFor writes a Slack configuration of an account of the fixture.
func writeConfigFor(t *testing.T, f simFixture, account string) string {
	t.Helper()
	return writeFile(t, t.TempDir(), "c-"+account+".json", `{"AccountId": "`+account+`", "ConfigurationName": "c", "SlackTeamId": "T0AAAAAAA",
 "SlackChannelId": "C0OPS", "IamRoleArn": "arn:aws:iam::`+account+`:role/chatbot-ops"}`)
}

func TestSimulateOfflineDetails(t *testing.T) {
	t.Parallel()
	f := newSimFixture(t)
	// Several resources: one request each, and the verdict needs all.
	code, out, _ := run(t, "", "simulate", "--org", f.org, "--config", f.readonly, "-o", "json",
		"--command", "@aws ec2 terminate-instances --instance-ids i-0123456789abcdef0 i-0fedcba9876543210")
	res := decode[simulateOut](t, out)
	if code != ExitFailed || len(res.Requests) != 2 || res.Command.Action != "ec2:TerminateInstances" || res.Command.Service != "ec2" ||
		res.Command.Operation != "TerminateInstances" || res.Command.Region != "us-east-1" || len(res.Command.Resources) != 2 ||
		res.Requests[1].Resource != "arn:aws:ec2:us-east-1:444455556666:instance/i-0fedcba9876543210" {
		t.Errorf("exit %d: %+v", code, res)
	}
	code, text, _ := run(t, "", "simulate", "--org", f.org, "--config", f.readonly,
		"--command", "@aws ec2 terminate-instances --instance-ids i-0123456789abcdef0 i-0fedcba9876543210 --region eu-west-1")
	for _, w := range []string{
		"DENIED: ec2:TerminateInstances on arn:aws:ec2:eu-west-1:444455556666:instance/i-0123456789abcdef0, arn:aws:ec2:eu-west-1:444455556666:instance/i-0fedcba9876543210\n",
		"\n  ec2:TerminateInstances on arn:aws:ec2:eu-west-1:444455556666:instance/i-0fedcba9876543210: DENIED\n    ok      configuration: ",
		"\n    DENIED  guardrails: none of the guardrails allows ec2:TerminateInstances on arn:aws:ec2:eu-west-1:444455556666:instance/i-0fedcba9876543210\n",
	} {
		if code != ExitFailed || !strings.Contains(text, w) {
			t.Errorf("exit %d; text lacks %q:\n%s", code, w, text)
		}
	}

	// The text of an SCP denial: the deciding level once, below the gate;
	// a policy gate's statements one per line.
	code, text, _ = run(t, "", "simulate", "--org", f.org, "--config", f.ops, "--command", "@aws rds delete-db-cluster --db-cluster-identifier prod")
	for _, w := range []string{
		"\n  ok      guardrails: the configuration names no guardrail, so AdministratorAccess applies; the guardrails allow rds:DeleteDBCluster\n" +
			"          policy arn:aws:iam::aws:policy/AdministratorAccess (AdministratorAccess) statement 0: Allow because action matched \"*\", resource matched \"*\"\n",
		"\n  unknown role-permissions: the permissions of arn:aws:iam::111122223333:role/chatbot-ops are not registered with chatgov, so they are not evaluated\n",
		"\n  DENIED  service-control-policies: denied at OU ou-abcd-",
		"\n          ok      root r-abcd (Root) allows rds:DeleteDBCluster: ",
		"\n          DENIED  OU ou-abcd-",
	} {
		if code != ExitFailed || !strings.Contains(text, w) {
			t.Errorf("exit %d; text lacks %q:\n%s", code, w, text)
		}
	}
	if n := strings.Count(text, "(chat-guardrail) statement 0"); n != 1 {
		t.Errorf("the denying statement appears %d times:\n%s", n, text)
	}

	// The account may be given by name, and the config from stdin.
	stdin := `{"ConfigurationName": "ops", "SlackTeamId": "T0AAAAAAA", "SlackChannelId": "C0OPS", "IamRoleArn": "arn:aws:iam::111122223333:role/chatbot-ops"}`
	code, out, errOut := run(t, stdin, "simulate", "--org", f.org, "--config", "-", "--account", "workload", "--command", "@aws lambda invoke --function-name f o.json", "-o", "json")
	if code != ExitOK || decode[simulateOut](t, out).Requests[0].Resource != "arn:aws:lambda:us-east-1:111122223333:function:f" {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
}

func TestSimulateUsageErrors(t *testing.T) {
	t.Parallel()
	f := newSimFixture(t)
	nowhere := env(mgmtCreds, "")
	lambda := "@aws lambda invoke --function-name f out.json"
	offline := func(extra ...string) []string {
		return append([]string{"simulate", "--org", f.org, "--config", f.ops, "--command", lambda}, extra...)
	}
	tests := []struct {
		name string
		env  func(string) string
		args []string
		want []string
	}{
		{"no mode", nowhere, []string{"simulate", "--command", lambda}, []string{"give --org ORG --config CONFIG.json to decide on files, or --configuration ARN"}},
		{"no command", nowhere, []string{"simulate", "--org", f.org, "--config", f.ops}, []string{`required flag(s) "command" not set`}},
		{"no config", nowhere, []string{"simulate", "--org", f.org, "--command", lambda}, []string{"give the channel configuration with --config"}},
		{"bad output", nowhere, offline("-o", "yaml"), []string{"--output must be text or json"}},
		{"unparsable command", nowhere, []string{"simulate", "--org", f.org, "--config", f.ops, "--command", "@aws lambda list-function"},
			[]string{"chatgov: chat command, column 13: lambda has no operation \"list-function\" (did you mean list-functions, ",
				"\n  @aws lambda list-function\n              ^\n"}},
		{"unknown service", nowhere, []string{"simulate", "--org", f.org, "--config", f.ops, "--command", "@aws lamda invoke"},
			[]string{"column 6: ", "did you mean lambda"}},
		{"bad now", nowhere, offline("--now", "tomorrow"), []string{`--now "tomorrow" is not an RFC 3339 time`}},
		{"policy without a file", nowhere, offline("--policy", "arn:aws:iam::111122223333:policy/x"), []string{"--policy \"arn:aws:iam::111122223333:policy/x\": give ARN=FILE"}},
		{"policy with a bad ARN and an invalid document", nowhere, offline("--policy", "arn:aws:s3:::x="+f.lambdaOnly, "--policy", "arn:aws:iam::111122223333:policy/bad="+f.badPolicy),
			[]string{`--policy: "arn:aws:s3:::x" is not an IAM policy ARN`, f.badPolicy + ": 2 problems", f.badPolicy + ":1:48: $.Statement[0].Effect: Effect must be \"Allow\" or \"Deny\"",
				"[INVALID_VALUE]", "$.Statement[0].Principal"}},
		{"policy file missing", nowhere, offline("--policy", "arn:aws:iam::111122223333:policy/x="+filepath.Join(f.dir, "nope.json")), []string{"no such file"}},
		{"role policy of an unknown ARN", nowhere, offline("--role-policy", aliceRole+"=arn:aws:iam::111122223333:policy/nope"),
			[]string{"--role-policy " + aliceRole + ": chatgov does not know the managed policy arn:aws:iam::111122223333:policy/nope"}},
		{"role policy of a bad role", nowhere, offline("--role-policy", "arn:aws:iam::111122223333:user/bob="+f.lambdaOnly), []string{`"arn:aws:iam::111122223333:user/bob" is not an IAM role ARN`}},
		{"bad user role", nowhere, offline("--user-role", "alice"), []string{`--user-role "alice" is not an IAM role ARN`}},
		// The configuration is checked as the Chatbot API checks a create,
		// which reports the first problem.
		{"no name", nowhere, []string{"simulate", "--org", f.org, "--config", f.noRole, "--command", lambda},
			[]string{f.noRole + `: ConfigurationName "" must be 1 to 128 letters, digits, - or _`}},
		{"no role", nowhere, []string{"simulate", "--org", f.org, "--config", f.noRoleNamed, "--command", lambda},
			[]string{f.noRoleNamed + `: IamRoleArn "" is not a valid ARN`}},
		{"no valid guardrail", nowhere, []string{"simulate", "--org", f.org, "--config", f.badGuardrail, "--command", lambda},
			[]string{f.badGuardrail + `: GuardrailPolicyArns holds "ReadOnlyAccess", which is not an IAM policy ARN that can be a guardrail`}},
		{"a chime webhook has no chat users", nowhere, []string{"simulate", "--org", f.org, "--config", f.chime, "--command", lambda, "--user-role", aliceRole},
			[]string{"--user-role " + aliceRole + ": Chime webhook configurations have no chat users"}},
		{"invalid config", nowhere, []string{"simulate", "--org", f.org, "--config", "-", "--command", lambda}, []string{"-: ", `unknown field "Bogus"`}},
		{"unknown account", nowhere, offline("--account", "999999999999"), []string{"no root, OU or account has the ID or name \"999999999999\""}},
		{"another account", nowhere, offline("--account", sandboxAcct), []string{"the configuration's AccountId 111122223333 is not account 444455556666"}},
		{"missing org", nowhere, []string{"simulate", "--org", filepath.Join(f.dir, "nope.yaml"), "--config", f.ops, "--command", lambda}, []string{"no such file"}},
		{"org and server", nowhere, offline("--server", "http://127.0.0.1:1"), []string{"give --org and --config (offline, on files) or --configuration with --server"}},
		{"org and configuration", nowhere, offline("--configuration", "arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops"), []string{"not both"}},
		{"offline flags with a server", env(mgmtCreds, "http://127.0.0.1:1"), []string{"simulate", "--configuration", "arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops",
			"--command", lambda, "--user-role", aliceRole, "--now", "2026-01-01T00:00:00Z"}, []string{"--user-role, --now are offline-only"}},
		{"server without configuration", nowhere, []string{"simulate", "--server", "http://127.0.0.1:1", "--command", lambda}, []string{"give the channel configuration's ARN with --configuration"}},
		{"server with a bad configuration ARN", nowhere, []string{"simulate", "--server", "http://127.0.0.1:1", "--configuration", "arn:aws:chatbot::1:x", "--command", lambda},
			[]string{`--configuration "arn:aws:chatbot::1:x" is not a chat configuration ARN`}},
		{"server with an unparsable command", nowhere, []string{"simulate", "--server", "http://127.0.0.1:1", "--configuration",
			"arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops", "--command", "@aws lambda list-function"}, []string{"column 13: lambda has no operation"}},
		{"server without credentials", env(aws.Credentials{}, "http://127.0.0.1:1"), []string{"simulate", "--configuration",
			"arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops", "--command", lambda}, []string{"no credentials"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			expect(t, tt.env, `{"Bogus": 1, "SlackTeamId": "T0AAAAAAA", "SlackChannelId": "C1"}`, ExitUsage, tt.want, tt.args...)
		})
	}
}

// TestSimulateExamples runs the README's simulate commands on examples/
// and checks that their output is in the README as it is, so that the
// README cannot drift from what the command prints.
func TestSimulateExamples(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(scenario.Testdata(), "..", "examples")
	in := func(p string) string { return filepath.Join(dir, p) }
	readme := readTestFile(t, filepath.Join(dir, "..", "README.md"))
	org := in("chat/org.yaml")
	ledger := []string{"simulate", "--org", org, "--config", in("chat/ledger-readonly.json"),
		"--user-role", "arn:aws:iam::333333333333:role/alice",
		"--policy", "arn:aws:iam::333333333333:policy/lambda-deploy=" + in("chat/lambda-deploy.json"),
		"--role-policy", "arn:aws:iam::333333333333:role/alice=arn:aws:iam::aws:policy/AdministratorAccess", "--command"}
	ops := []string{"simulate", "--org", org, "--config", in("configs/slack-ops.json"), "--user", "U0ALICE",
		"--user-role", "arn:aws:iam::222222222222:role/alice", "--command"}
	tests := []struct {
		args   []string
		code   int
		inDocs bool // the whole output is a block of the README
		first  string
	}{
		{append(ops, "@aws rds delete-db-cluster --db-cluster-identifier prod"), ExitFailed, true, ""},
		{append(ops, "@aws lambda invoke --function-name deploy out.json"), ExitOK, false, "ALLOWED: lambda:InvokeFunction on arn:aws:lambda:us-east-1:222222222222:function:deploy\n"},
		{append(ledger, "@aws ec2 terminate-instances --instance-ids i-0123456789abcdef0"), ExitFailed, true, ""},
		{append(ledger, "@aws lambda invoke --function-name deploy-ledger out.json"), ExitOK, false, "ALLOWED: lambda:InvokeFunction on arn:aws:lambda:us-east-1:333333333333:function:deploy-ledger\n"},
		{[]string{"simulate", "--org", org, "--config", in("configs/slack-ops.json"), "--command", "@aws lambda list-function"}, ExitUsage, true, ""},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, "", tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tt.args, code, tt.code, out, errOut)
			continue
		}
		if code == ExitUsage {
			out = errOut
		}
		if tt.inDocs && !strings.Contains(readme, "\n```\n"+out+"```\n") {
			t.Errorf("%v: the README lacks the output:\n%s", tt.args, out)
		}
		if tt.first != "" && !strings.HasPrefix(out, tt.first) {
			t.Errorf("%v: output:\n%s", tt.args, out)
		}
	}
}
