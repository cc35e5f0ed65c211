package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/scenario"
)

// euOnlySCP denies everything but IAM outside eu-west-1: a global
// condition key, which AWS's own simulator would skip the SCP for.
const euOnlySCP = `{"Version":"2012-10-17","Statement":[{"Sid":"EuOnly","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}`

// teamRepoPolicy allows the team's own repository only.
const teamRepoPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"OwnRepository","Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:eu-west-1:111122223333:repository/${aws:PrincipalTag/team}"}]}`

func iamSimOrg(t *testing.T, dir string) string {
	t.Helper()
	return writeFile(t, dir, "org.yaml", `
enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
root:
  id: r-abcd
  ous:
    - name: Workloads
      policies: [eu-only]
      accounts: [{id: "`+workloadAcct+`", name: workload}]
    - name: Sandbox
      accounts: [{id: "`+sandboxAcct+`", name: sandbox}]
policies:
  - name: eu-only
    type: SERVICE_CONTROL_POLICY
    content: '`+euOnlySCP+`'
`)
}

func TestIAMSimulateOffline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	org := iamSimOrg(t, dir)
	team := writeFile(t, dir, "team.json", teamRepoPolicy)
	none := env(aws.Credentials{}, "")
	sim := func(code int, args ...string) iamSimulateOut {
		t.Helper()
		return decode[iamSimulateOut](t, simulateRun(t, none, code, append([]string{"iam", "simulate", "--org", org, "-o", "json"}, args...)...))
	}
	outcomes := func(r requestOut) string { return gateOutcomes(r) }

	// The SCP's global key decides.
	v := sim(ExitFailed, "--account", "workload", "--action", "s3:PutObject", "--resource", "arn:aws:s3:::reports/q3.csv", "--context", "aws:RequestedRegion=us-east-1")
	if outcomes(v.Requests[0]) != "service-control-policies=DENIED identity-policies=NOT_EVALUATED guardrails=NOT_EVALUATED" ||
		v.Request.AccountID != workloadAcct || !cmp.Equal(v.Request.Context, map[string][]string{"aws:RequestedRegion": {"us-east-1"}, "aws:PrincipalAccount": {workloadAcct}}) {
		t.Fatalf("outside eu-west-1: %+v", v)
	}
	if lv := v.Requests[0].Gates[0].Levels; len(lv) != 3 || lv[1].Decision != "DENIED" || !strings.Contains(lv[1].Reason, "(eu-only) statement 0 (Sid EuOnly): Deny") {
		t.Errorf("levels %+v", lv)
	}
	sim(ExitOK, "--account", workloadAcct, "--action", "s3:PutObject", "--context", "aws:RequestedRegion=eu-west-1")
	sim(ExitOK, "--account", "sandbox", "--action", "s3:PutObject", "--context", "aws:RequestedRegion=us-east-1")
	if v = sim(ExitOK, "--account", "workload", "--management", "--action", "s3:PutObject"); !strings.Contains(v.Requests[0].Gates[0].Reason, "SCPs do not apply to the management account") {
		t.Errorf("management: %+v", v.Requests[0].Gates[0])
	}

	// Identity policies and guardrails; one request per resource; the
	// team's repository, never one whose name ends with the team's.
	repo := "arn:aws:ecr:eu-west-1:" + workloadAcct + ":repository/"
	args := []string{"--account", "workload", "--action", "ecr:PutImage", "--resource", repo + "ops", "--resource", repo + "devops",
		"--context", "aws:RequestedRegion=eu-west-1", "--context", "aws:PrincipalTag/team=ops", "--principal-arn", "arn:aws:sts::" + workloadAcct + ":assumed-role/ci/build",
		"--identity-policy", team}
	v = sim(ExitFailed, append(args, "--guardrail", "arn:aws:iam::aws:policy/PowerUserAccess")...)
	if len(v.Requests) != 2 || v.Requests[0].Decision != "ALLOWED" || v.Requests[1].Decision != "DENIED" ||
		outcomes(v.Requests[1]) != "service-control-policies=ALLOWED identity-policies=DENIED guardrails=ALLOWED" ||
		v.Request.PrincipalAccount != workloadAcct || v.Request.Context["aws:PrincipalArn"][0] != "arn:aws:sts::"+workloadAcct+":assumed-role/ci/build" {
		t.Fatalf("team repositories: %+v", v)
	}
	if st := v.Requests[0].Gates[1].Statements; len(st) != 1 || st[0].PolicyName != "team" || st[0].Sid != "OwnRepository" {
		t.Errorf("identity statements %+v", st)
	}
	v = sim(ExitFailed, append(args[:6], "--context", "aws:RequestedRegion=eu-west-1", "--context", "aws:PrincipalTag/team=ops",
		"--identity-policy", team, "--guardrail", "arn:aws:iam::aws:policy/ReadOnlyAccess")...)
	if outcomes(v.Requests[0]) != "service-control-policies=ALLOWED identity-policies=ALLOWED guardrails=DENIED" {
		t.Errorf("under ReadOnlyAccess: %s", outcomes(v.Requests[0]))
	}
	// A key with several values.
	if v = sim(ExitOK, "--account", "sandbox", "--action", "s3:GetObject", "--context", "aws:TagKeys=a", "--context", "aws:TagKeys=b"); !cmp.Equal(v.Request.Context["aws:TagKeys"], []string{"a", "b"}) {
		t.Errorf("multi-valued key: %v", v.Request.Context)
	}

	// Text.
	_, text, _ := runEnv(t, none, "", "iam", "simulate", "--org", org, "--account", "workload", "--action", "s3:GetObject", "--context", "aws:RequestedRegion=us-east-1")
	for _, w := range []string{"DENIED: s3:GetObject on * in account " + workloadAcct + "\n",
		"  context: aws:PrincipalAccount=" + workloadAcct + ", aws:RequestedRegion=us-east-1\n",
		"  DENIED  service-control-policies: denied at OU ", "StringNotEquals aws:RequestedRegion [\"eu-west-1\"] held for [\"us-east-1\"]",
		"  unknown identity-policies: no identity policies were given, so they are not evaluated\n"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}

	// No SCPs in the org file.
	noSCP := writeFile(t, dir, "no-scp.yaml", "root:\n  accounts: [{id: \""+workloadAcct+"\", name: workload}]\n")
	if v = decode[iamSimulateOut](t, simulateRun(t, none, ExitOK, "iam", "simulate", "--org", noSCP, "--account", "workload", "--action", "s3:GetObject", "-o", "json")); !strings.Contains(v.Requests[0].Gates[0].Reason, "not enabled") {
		t.Errorf("without SCPs: %+v", v.Requests[0].Gates[0])
	}
}

func TestIAMSimulateUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	org := iamSimOrg(t, dir)
	bad := writeFile(t, dir, "bad.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3","Resource":"*"}]}`)
	none := env(aws.Credentials{}, "")
	base := []string{"iam", "simulate", "--org", org, "--account", "workload"}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"iam", "simulate", "--org", org, "--account", "workload"}, `required flag(s) "action" not set`},
		{append(base, "--action", "s3:Get*"), `Action "s3:Get*" is not an IAM action`},
		{append(base, "--action", "s3:GetObject", "--context", "novalue"), `--context "novalue": give KEY=VALUE`},
		{append(base, "--action", "s3:GetObject", "--resource", "bucket"), `Resources[0] "bucket" is not "*" or an ARN`},
		{append(base, "--action", "s3:GetObject", "--identity-policy", bad), "--identity-policy: " + bad + ": 1 problem"},
		{append(base, "--action", "s3:GetObject", "--guardrail", filepath.Join(dir, "missing.json")), "--guardrail: "},
		{append(base, "--action", "s3:GetObject", "--guardrail", "arn:aws:iam::aws:policy/NoSuch"), "is not an AWS managed policy chatgov holds"},
		{append(base, "--action", "s3:GetObject", "--principal-arn", "arn:aws:iam::"+sandboxAcct+":role/x", "--principal-account", workloadAcct), "is not the account of PrincipalArn"},
		{[]string{"iam", "simulate", "--org", org, "--account", "nobody", "--action", "s3:GetObject"}, "nobody"},
		{[]string{"iam", "simulate", "--org", org, "--action", "s3:GetObject"}, "give the account whose SCPs decide with --account"},
		{append(base, "--action", "s3:GetObject", "--server", "http://127.0.0.1:1"), "not both"},
		{[]string{"iam", "simulate", "--action", "s3:GetObject"}, "give --org ORG --account ACCOUNT to decide on files, or --server URL"},
		{[]string{"iam", "simulate", "--action", "s3:GetObject", "--server", "http://127.0.0.1:1", "--management"}, "--management is offline-only"},
		{append(base, "--action", "s3:GetObject", "-o", "yaml"), "yaml"},
	} {
		expect(t, none, "", ExitUsage, []string{tt.want}, tt.args...)
	}
}

// TestIAMSimulateOnServer asks a server started in process, and checks
// that the server and the same organization on files answer alike.
func TestIAMSimulateOnServer(t *testing.T) {
	t.Parallel()
	ls := startLiveServer(t)
	ctx := context.Background()
	root, ou, acct := ls.org()
	url := ls.srv.URL()
	member := env(ls.assume(acct), url)
	mgmt := env(mgmtCreds, url)
	dir := t.TempDir()
	orgs := ls.orgs()
	p, err := orgs.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("eu-only"), Description: aws.String("regions"),
		Type: orgtypes.PolicyTypeServiceControlPolicy, Content: aws.String(euOnlySCP)})
	if err != nil {
		t.Fatal(err)
	}
	scpID := *p.Policy.PolicySummary.Id
	if _, err := orgs.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(scpID), TargetId: aws.String(ou)}); err != nil {
		t.Fatal(err)
	}
	orgFile := writeFile(t, dir, "org.yaml", `
enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
root:
  id: `+root+`
  ous:
    - name: Workloads
      id: `+ou+`
      policies: [eu-only]
      accounts: [{id: "`+acct+`", name: workload}]
policies:
  - {name: eu-only, id: `+scpID+`, type: SERVICE_CONTROL_POLICY, content: '`+euOnlySCP+`'}
`)
	team := writeFile(t, dir, "team.json", strings.ReplaceAll(teamRepoPolicy, "111122223333", acct))
	alike := func(code int, args ...string) iamSimulateOut {
		t.Helper()
		online := decode[iamSimulateOut](t, simulateRun(t, member, code, append([]string{"iam", "simulate", "-o", "json"}, args...)...))
		offline := decode[iamSimulateOut](t, simulateRun(t, env(aws.Credentials{}, ""), code,
			append([]string{"iam", "simulate", "-o", "json", "--org", orgFile, "--account", acct}, args...)...))
		if diff := cmp.Diff(offline, online); diff != "" {
			t.Errorf("%v: offline and server differ (-offline +server):\n%s", args, diff)
		}
		return online
	}
	v := alike(ExitFailed, "--action", "s3:PutObject", "--resource", "arn:aws:s3:::reports/q3.csv", "--context", "aws:RequestedRegion=us-east-1")
	if gateOutcomes(v.Requests[0]) != "service-control-policies=DENIED identity-policies=NOT_EVALUATED guardrails=NOT_EVALUATED" || v.Request.AccountID != acct {
		t.Errorf("outside eu-west-1: %+v", v)
	}
	alike(ExitOK, "--action", "s3:PutObject", "--context", "aws:RequestedRegion=eu-west-1")
	repo := "arn:aws:ecr:eu-west-1:" + acct + ":repository/"
	v = alike(ExitFailed, "--action", "ecr:PutImage", "--resource", repo+"ops", "--resource", repo+"devops", "--context", "aws:RequestedRegion=eu-west-1",
		"--context", "aws:PrincipalTag/team=ops", "--identity-policy", team, "--guardrail", "arn:aws:iam::aws:policy/PowerUserAccess")
	if v.Requests[0].Decision != "ALLOWED" || v.Requests[1].Decision != "DENIED" {
		t.Errorf("team repositories: %+v", v)
	}
	text := simulateRun(t, member, ExitFailed, "iam", "simulate", "--action", "s3:GetObject", "--context", "aws:RequestedRegion=us-east-1")
	if !strings.HasPrefix(text, "DENIED: s3:GetObject on * in account "+acct+"\n") || !strings.Contains(text, "  DENIED  service-control-policies: denied at OU "+ou+" (Workloads)\n") {
		t.Errorf("text:\n%s", text)
	}

	// Who may ask about which account.
	expect(t, member, "", ExitFailed, []string{"chatgov: AccessDeniedException: ", "may simulate requests in its own account only, not in account " + testMgmtAccount},
		"iam", "simulate", "--account", testMgmtAccount, "--action", "s3:GetObject")
	if out := simulateRun(t, mgmt, ExitFailed, "iam", "simulate", "--account", acct, "--action", "s3:GetObject"); !strings.HasPrefix(out, "DENIED: s3:GetObject on * in account "+acct) {
		t.Errorf("management account about the member:\n%s", out)
	}
	if out := simulateRun(t, mgmt, ExitOK, "iam", "simulate", "--action", "s3:GetObject"); !strings.Contains(out, "SCPs do not apply to the management account") {
		t.Errorf("management account about itself:\n%s", out)
	}
	// Checked before anything is sent.
	expect(t, member, "", ExitUsage, []string{`Action "s3:*" is not an IAM action`}, "iam", "simulate", "--action", "s3:*")
}

// TestIAMSimulateExamples runs the README's example and checks that the
// README shows its output.
func TestIAMSimulateExamples(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(scenario.Testdata(), "..", "examples")
	readme := readTestFile(t, filepath.Join(dir, "..", "README.md"))
	args := []string{"iam", "simulate", "--org", filepath.Join(dir, "chat", "org.yaml"), "--account", "dev", "--action", "rds:DeleteDBCluster",
		"--resource", "arn:aws:rds:us-east-1:222222222222:cluster:prod",
		"--principal-arn", "arn:aws:sts::222222222222:assumed-role/chatbot-ops/chat"}
	code, out, errOut := run(t, "", append(args, "--context", "aws:ChatbotSourceArn=arn:aws:chatbot::222222222222:chat-configuration/slack-channel/ops")...)
	if code != ExitFailed || !strings.Contains(readme, "\n```\n"+out+"```\n") {
		t.Errorf("exit %d; the README lacks the output:\n%s%s", code, out, errOut)
	}
	if code, out, _ = run(t, "", args...); code != ExitOK || !strings.HasPrefix(out, "ALLOWED: rds:DeleteDBCluster") {
		t.Errorf("without the chat source: exit %d\n%s", code, out)
	}
}
