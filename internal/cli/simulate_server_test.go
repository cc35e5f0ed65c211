package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/client"
	"github.com/chatgov/chatgov/internal/scenario"
)

// stubServer answers chatgov operations with canned bodies and records
// what it was sent: it tests what the commands send and how they print an
// answer, not the server (TestSimulateAndIAMOnServer does that).
type stubServer struct {
	*httptest.Server
	mu      sync.Mutex
	bodies  map[string]map[string]any
	answers map[string]string
}

func newStubServer(t *testing.T, answers map[string]string) *stubServer {
	t.Helper()
	st := &stubServer{bodies: map[string]map[string]any{}, answers: answers}
	st.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := strings.TrimPrefix(r.URL.Path, "/chatgov/")
		var body map[string]any
		data, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(data, &body); err != nil || r.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		st.mu.Lock()
		st.bodies[op] = body
		st.mu.Unlock()
		answer, ok := st.answers[op]
		if !ok {
			w.Header().Set("X-Amzn-ErrorType", "UnknownOperationException")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"message":"no such operation"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(st.Close)
	return st
}

func (st *stubServer) body(op string) map[string]any {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.bodies[op]
}

// A server's answer, with a member chatgov does not know (dropped) and an
// implicit denial at the account level.
const stubSimulation = `{"Decision":"DENIED","Extra":true,
 "Command":{"Service":"ec2","Operation":"DescribeInstances","Action":"ec2:DescribeInstances","Region":"us-east-1","Resources":["*"]},
 "Requests":[{"Action":"ec2:DescribeInstances","Resource":"*","Decision":"DENIED","Gates":[
  {"Name":"configuration","Outcome":"ALLOWED","Reason":"arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops is ENABLED"},
  {"Name":"guardrails","Outcome":"ALLOWED","Reason":"the guardrails allow ec2:DescribeInstances: policy A statement 0: Allow; policy B statement 2 (Sid S): Allow",
   "Statements":[{"PolicyId":"A","PolicyName":"","StatementIndex":0,"Effect":"Allow","Description":"policy A statement 0: Allow"},
                 {"PolicyId":"B","PolicyName":"","StatementIndex":2,"Sid":"S","Effect":"Allow","Description":"policy B statement 2 (Sid S): Allow"}]},
  {"Name":"role-permissions","Outcome":"NOT_EVALUATED","Reason":"not registered"},
  {"Name":"service-control-policies","Outcome":"DENIED","Reason":"no SCP attached to account 111122223333 (w) allows ec2:DescribeInstances",
   "Levels":[{"NodeId":"r-abcd","NodeType":"ROOT","NodeName":"Root","Decision":"ALLOWED","Reason":"root r-abcd (Root) allows it"},
             {"NodeId":"111122223333","NodeType":"ACCOUNT","NodeName":"w","Decision":"DENIED","Reason":"no SCP attached to account 111122223333 (w) allows ec2:DescribeInstances"}]}]}]}`

func TestSimulateServerOutput(t *testing.T) {
	t.Parallel()
	st := newStubServer(t, map[string]string{"simulate-chat-command": stubSimulation})
	e := env(mgmtCreds, st.URL)
	arn := "arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops"
	got, out, errOut := runEnv(t, e, "", "simulate", "--configuration", arn, "--command", "@aws ec2 describe-instances", "--user", "U0ALICE")
	want := `DENIED: ec2:DescribeInstances on *
  ok      configuration: arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops is ENABLED
  ok      guardrails: the guardrails allow ec2:DescribeInstances
          policy A statement 0: Allow
          policy B statement 2 (Sid S): Allow
  unknown role-permissions: not registered
  DENIED  service-control-policies: denied at account 111122223333 (w)
          ok      root r-abcd (Root) allows it
          DENIED  no SCP attached to account 111122223333 (w) allows ec2:DescribeInstances
`
	if got != ExitFailed || errOut != "" {
		t.Errorf("exit %d, stderr %q", got, errOut)
	}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"ChatConfigurationArn": arn, "Command": "@aws ec2 describe-instances", "ChatUserId": "U0ALICE"},
		st.body("simulate-chat-command")); diff != "" {
		t.Errorf("request (-want +got):\n%s", diff)
	}
	// JSON: the server's shape, without what chatgov does not know.
	_, out, _ = runEnv(t, e, "", "simulate", "--configuration", arn, "--command", "@aws ec2 describe-instances", "-o", "json")
	res := decode[simulateOut](t, out)
	if res.Decision != "DENIED" || len(res.Requests[0].Gates) != 4 || res.Requests[0].Gates[1].Statements[1].Sid != "S" || res.Requests[0].Gates[3].Levels[1].NodeType != "ACCOUNT" {
		t.Errorf("json: %+v", res)
	}
	if _, ok := st.body("simulate-chat-command")["ChatUserId"]; ok {
		t.Error("ChatUserId sent without --user")
	}
	// A refusal is the server's code and message, exit 1.
	st2 := newStubServer(t, nil)
	expect(t, env(mgmtCreds, st2.URL), "", ExitFailed, []string{"chatgov: UnknownOperationException: no such operation"},
		"simulate", "--configuration", arn, "--command", "@aws ec2 describe-instances")
}

func TestIAMCommandsRequests(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	doc := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}]}`
	file := writeFile(t, dir, "deploy.json", doc)
	role := `{"RoleArn":"arn:aws:iam::111122223333:role/ops","ManagedPolicyArns":["arn:aws:iam::aws:policy/ReadOnlyAccess"],
 "InlinePolicies":[{"PolicyName":"deploy","PolicyDocument":` + jsonString(doc) + `}],"UpdatedTimestamp":1795435200}`
	st := newStubServer(t, map[string]string{
		"put-role-permissions":    `{"RolePermissions":` + role + `}`,
		"get-role-permissions":    `{"RolePermissions":` + role + `}`,
		"delete-role-permissions": `{}`,
		"put-managed-policy":      `{"Policy":{"PolicyArn":"arn:aws:iam::111122223333:policy/ops/deploy","PolicyName":"deploy","Path":"/ops/","PolicyDocument":"{}","UpdatedTimestamp":1795435200.5}}`,
		"delete-managed-policy":   `{}`,
		"list-iam-registrations":  `{"RolePermissions":[` + role + `],"ManagedPolicies":[{"PolicyArn":"arn:aws:iam::111122223333:policy/ops/deploy","PolicyName":"deploy","Path":"/ops/","UpdatedTimestamp":1795435200}]}`,
	})
	e := env(mgmtCreds, st.URL)
	expect(t, e, "", ExitOK, []string{"Registered the permissions of arn:aws:iam::111122223333:role/ops: 1 managed policy, 1 inline policy.\n"},
		"iam", "put-role-permissions", "--role-arn", "arn:aws:iam::111122223333:role/ops", "--managed-policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess",
		"--inline-policy", "deploy="+file)
	if diff := cmp.Diff(map[string]any{"RoleArn": "arn:aws:iam::111122223333:role/ops", "ManagedPolicyArns": []any{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
		"InlinePolicies": []any{map[string]any{"PolicyName": "deploy", "PolicyDocument": doc}}}, st.body("put-role-permissions")); diff != "" {
		t.Errorf("put-role-permissions request (-want +got):\n%s", diff)
	}
	expect(t, e, "", ExitOK, nil, "iam", "put-role-permissions", "--role-arn", "arn:aws:iam::111122223333:role/ops")
	if diff := cmp.Diff(map[string]any{"RoleArn": "arn:aws:iam::111122223333:role/ops"}, st.body("put-role-permissions")); diff != "" {
		t.Errorf("a role with no policies (-want +got):\n%s", diff)
	}
	expect(t, e, "", ExitOK, []string{"arn:aws:iam::111122223333:role/ops (registered 2026-11-23T12:00:00Z)\n  Managed policies: 1\n    arn:aws:iam::aws:policy/ReadOnlyAccess\n" +
		"  Inline policies: 1\n    deploy: {\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"*\"}]}\n"},
		"iam", "get-role-permissions", "--role-arn", "arn:aws:iam::111122223333:role/ops")
	got := decode[map[string]rolePermissionsOut](t, expect(t, e, "", ExitOK, nil, "iam", "get-role-permissions", "--role-arn", "arn:aws:iam::111122223333:role/ops", "-o", "json"))
	if r := got["RolePermissions"]; r.UpdatedTimestamp != "2026-11-23T12:00:00Z" || r.InlinePolicies[0].PolicyDocument != doc {
		t.Errorf("get -o json: %+v", got)
	}
	expect(t, e, "", ExitOK, []string{"Deleted the registered permissions of arn:aws:iam::111122223333:role/ops.\n"},
		"iam", "delete-role-permissions", "--role-arn", "arn:aws:iam::111122223333:role/ops")
	expect(t, e, doc, ExitOK, []string{"arn:aws:iam::111122223333:policy/ops/deploy\n"}, "iam", "put-managed-policy", "--name", "deploy", "--path", "/ops/", "--document", "-")
	if diff := cmp.Diff(map[string]any{"PolicyName": "deploy", "Path": "/ops/", "PolicyDocument": doc}, st.body("put-managed-policy")); diff != "" {
		t.Errorf("put-managed-policy request (-want +got):\n%s", diff)
	}
	pol := decode[map[string]managedPolicyOut](t, expect(t, e, "", ExitOK, nil, "iam", "put-managed-policy", "--name", "deploy", "--document", file, "-o", "json"))
	if pol["Policy"].UpdatedTimestamp != "2026-11-23T12:00:00Z" || pol["Policy"].Path != "/ops/" {
		t.Errorf("put-managed-policy -o json: %+v", pol)
	}
	if _, ok := st.body("put-managed-policy")["Path"]; ok {
		t.Error("Path sent without --path")
	}
	expect(t, e, "", ExitOK, []string{"Deleted the managed policy arn:aws:iam::111122223333:policy/ops/deploy.\n"},
		"iam", "delete-managed-policy", "--policy-arn", "arn:aws:iam::111122223333:policy/ops/deploy")
	if diff := cmp.Diff(map[string]any{"PolicyArn": "arn:aws:iam::111122223333:policy/ops/deploy"}, st.body("delete-managed-policy")); diff != "" {
		t.Errorf("delete-managed-policy request (-want +got):\n%s", diff)
	}
	out := expect(t, e, "", ExitOK, []string{"Role permissions: 1\n", "Managed policies: 1\n"}, "iam", "list", "--account", "111122223333")
	for _, w := range []string{"arn:aws:iam::111122223333:role/ops  1        1       2026-11-23T12:00:00Z", "arn:aws:iam::111122223333:policy/ops/deploy  2026-11-23T12:00:00Z"} {
		if !strings.Contains(out, w) {
			t.Errorf("list lacks %q:\n%s", w, out)
		}
	}
	if diff := cmp.Diff(map[string]any{"AccountId": "111122223333"}, st.body("list-iam-registrations")); diff != "" {
		t.Errorf("list request (-want +got):\n%s", diff)
	}
	lj := decode[map[string][]json.RawMessage](t, expect(t, e, "", ExitOK, nil, "iam", "list", "-o", "json"))
	if len(lj["RolePermissions"]) != 1 || len(lj["ManagedPolicies"]) != 1 {
		t.Errorf("list -o json: %v", lj)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestIAMUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	nowhere := env(mgmtCreds, "http://127.0.0.1:1")
	good := writeFile(t, dir, "good.json", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`)
	bad := writeFile(t, dir, "bad.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get Object","Resource":"*","Condtion":{}}]}`)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"no role", []string{"iam", "put-role-permissions"}, []string{`required flag(s) "role-arn" not set`}},
		{"everything wrong", []string{"iam", "put-role-permissions", "--role-arn", "arn:aws:iam::1:role/x", "--managed-policy-arn", "ReadOnlyAccess",
			"--managed-policy-arn", "arn:aws:iam::aws:policy/A", "--managed-policy-arn", "arn:aws:iam::aws:policy/A",
			"--inline-policy", "a b=" + good, "--inline-policy", "ok=" + bad, "--inline-policy", "ok=" + good, "--inline-policy", "missing=" + filepath.Join(dir, "nope.json")},
			[]string{`--role-arn "arn:aws:iam::1:role/x" is not an IAM role ARN`, `--managed-policy-arn "ReadOnlyAccess" is not an IAM policy ARN`,
				"--managed-policy-arn arn:aws:iam::aws:policy/A is given twice", `--inline-policy: "a b" is not a policy name`,
				bad + ": 2 problems", bad + `:1:65: $.Statement[0].Action: action "s3:Get Object" contains ' '`, bad + `:1:96: $.Statement[0].Condtion: unknown element "Condtion"`,
				`--inline-policy: "ok" is given twice`, "nope.json: no such file"}},
		{"inline without a file", []string{"iam", "put-role-permissions", "--role-arn", "arn:aws:iam::111122223333:role/x", "--inline-policy", "x"},
			[]string{`--inline-policy "x": give NAME=FILE`}},
		{"get with a bad role", []string{"iam", "get-role-permissions", "--role-arn", "x"}, []string{`--role-arn "x" is not an IAM role ARN`}},
		{"delete without a role", []string{"iam", "delete-role-permissions"}, []string{`required flag(s) "role-arn" not set`}},
		{"managed policy, bad everything", []string{"iam", "put-managed-policy", "--name", "a/b", "--path", "ops", "--document", bad},
			[]string{`--name "a/b" is not a policy name`, `--path "ops" is not an IAM path`, bad + ": 2 problems"}},
		{"managed policy without a document", []string{"iam", "put-managed-policy", "--name", "x"}, []string{`required flag(s) "document" not set`}},
		{"delete a bad policy ARN", []string{"iam", "delete-managed-policy", "--policy-arn", "arn:aws:iam::111122223333:role/x"}, []string{"is not an IAM policy ARN"}},
		{"list with a bad account", []string{"iam", "list", "--account", "12"}, []string{`--account "12" is not an account ID`}},
		{"bad output", []string{"iam", "list", "-o", "yaml"}, []string{"--output must be text or json"}},
		{"no credentials", []string{"iam", "list", "--server", "http://127.0.0.1:1"}, []string{"no credentials"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := nowhere
			if tt.name == "no credentials" {
				e = env(aws.Credentials{}, "")
			}
			expect(t, e, "", ExitUsage, tt.want, tt.args...)
		})
	}
}

// TestSimulateAndIAMOnServer drives simulate --server and the iam commands
// against a real server, and checks that the server and the offline
// command decide alike on the same organization.
func TestSimulateAndIAMOnServer(t *testing.T) {
	t.Parallel()
	ls := startLiveServer(t)
	ctx := context.Background()
	root, ou, acct := ls.org()
	url := ls.srv.URL()
	memberCreds := ls.assume(acct)
	member := env(memberCreds, url)
	mgmt := env(mgmtCreds, url)
	dir := t.TempDir()
	seed := filepath.Join(scenario.Testdata(), "documents", "valid", "scp-blog-chat-guardrail.json")

	// SCPs: FullAWSAccess everywhere, and the chat guardrail on the OU.
	orgs := ls.orgs()
	p, err := orgs.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("chat-guardrail"), Description: aws.String("seed"),
		Type: orgtypes.PolicyTypeServiceControlPolicy, Content: aws.String(readTestFile(t, seed))})
	if err != nil {
		t.Fatal(err)
	}
	scpID := *p.Policy.PolicySummary.Id
	if _, err := orgs.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: p.Policy.PolicySummary.Id, TargetId: aws.String(ou)}); err != nil {
		t.Fatal(err)
	}
	channelRole := "arn:aws:iam::" + acct + ":role/chatbot-ops"
	cfg, err := ls.chatbot(memberCreds).CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{
		ConfigurationName: aws.String("ops"), SlackTeamId: aws.String("T0AAAAAAA"), SlackChannelId: aws.String("C0OPS"), IamRoleArn: aws.String(channelRole)})
	if err != nil {
		t.Fatal(err)
	}
	arn := *cfg.ChannelConfiguration.ChatConfigurationArn

	// The same organization on files, with the server's IDs.
	orgFile := writeFile(t, dir, "org.yaml", `
enabledPolicyTypes: [CHATBOT_POLICY, SERVICE_CONTROL_POLICY]
root:
  id: `+root+`
  ous:
    - name: Workloads
      id: `+ou+`
      policies: [chat-guardrail]
      accounts: [{id: "`+acct+`", name: workload}]
policies:
  - {name: chat-guardrail, id: `+scpID+`, type: SERVICE_CONTROL_POLICY, file: `+seed+`}
`)
	configFile := writeFile(t, dir, "ops.json", `{"AccountId": "`+acct+`", "ConfigurationName": "ops", "SlackTeamId": "T0AAAAAAA", "SlackChannelId": "C0OPS",
 "IamRoleArn": "`+channelRole+`"}`)
	// alike runs a command on the server and offline and checks that both
	// answer the same, with the exit code wanted.
	alike := func(code int, command string, offlineArgs ...string) simulateOut {
		t.Helper()
		online := decode[simulateOut](t, simulateRun(t, member, code, "simulate", "--configuration", arn, "--command", command, "-o", "json"))
		args := append([]string{"simulate", "--org", orgFile, "--config", configFile, "--command", command, "-o", "json"}, offlineArgs...)
		offline := decode[simulateOut](t, simulateRun(t, env(aws.Credentials{}, ""), code, args...))
		if diff := cmp.Diff(offline, online); diff != "" {
			t.Errorf("%s: offline and server differ (-offline +server):\n%s", command, diff)
		}
		return online
	}

	rds := alike(ExitFailed, "@aws rds delete-db-cluster --db-cluster-identifier prod")
	if got := gateOutcomes(rds.Requests[0]); got != "configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=NOT_EVALUATED service-control-policies=DENIED" {
		t.Errorf("rds: %s", got)
	}
	text := simulateRun(t, member, ExitFailed, "simulate", "--configuration", arn, "--command", "@aws rds delete-db-cluster --db-cluster-identifier prod")
	for _, w := range []string{"DENIED: rds:DeleteDBCluster on arn:aws:rds:us-east-1:" + acct + ":cluster:prod\n",
		"  DENIED  service-control-policies: denied at OU " + ou + " (Workloads)\n", "(chat-guardrail) statement 0: Deny because"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
	alike(ExitOK, "@aws lambda invoke --function-name deploy-api out.json")
	if blocked := alike(ExitFailed, "@aws iam list-roles"); blocked.Requests[0].Gates[2].Outcome != "DENIED" {
		t.Errorf("iam list-roles: %s", gateOutcomes(blocked.Requests[0]))
	}

	// Registrations: a customer managed policy and the channel role's permissions.
	deploy := writeFile(t, dir, "lambda-deploy.json", `{"Version":"2012-10-17","Statement":[{"Sid":"Deploy","Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:*:*:function:deploy-*"}]}`)
	describe := writeFile(t, dir, "ec2.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}`)
	policyARN := "arn:aws:iam::" + acct + ":policy/lambda-deploy"
	expect(t, member, "", ExitOK, []string{policyARN + "\n"}, "iam", "put-managed-policy", "--name", "lambda-deploy", "--document", deploy)
	expect(t, member, "", ExitOK, []string{"Registered the permissions of " + channelRole + ": 1 managed policy, 1 inline policy.\n"},
		"iam", "put-role-permissions", "--role-arn", channelRole, "--managed-policy-arn", policyARN, "--inline-policy", "ec2="+describe)
	expect(t, member, "", ExitOK, []string{channelRole + " (registered 20", "  Managed policies: 1\n    " + policyARN + "\n", "  Inline policies: 1\n    ec2: {"},
		"iam", "get-role-permissions", "--role-arn", channelRole)
	expect(t, member, "", ExitOK, []string{"Role permissions: 1\n", channelRole, "Managed policies: 1\n", policyARN}, "iam", "list")
	registered := []string{"--policy", policyARN + "=" + deploy, "--role-policy", channelRole + "=" + policyARN, "--role-policy", channelRole + "=" + describe}
	if r := alike(ExitOK, "@aws lambda invoke --function-name deploy-api out.json", registered...); r.Requests[0].Gates[4].Outcome != "ALLOWED" {
		t.Errorf("registered role: %s", gateOutcomes(r.Requests[0]))
	}
	if r := alike(ExitFailed, "@aws lambda invoke --function-name other out.json", registered...); gateOutcomes(r.Requests[0]) !=
		"configuration=ALLOWED role-setting=ALLOWED chatbot-blocked=ALLOWED guardrails=ALLOWED role-permissions=DENIED service-control-policies=ALLOWED" {
		t.Errorf("registered role, other function: %s", gateOutcomes(r.Requests[0]))
	}

	// A member's user role, mapped on the server.
	userRole := "arn:aws:iam::" + acct + ":role/alice"
	if _, err := client.New(url, memberCreds).PutUserIdentity(ctx, chatgovapi.PutUserIdentityInput{ChatConfigurationArn: arn, ChatUserID: "U0ALICE",
		IamRoleArn: userRole}); err != nil {
		t.Fatal(err)
	}
	r := decode[simulateOut](t, simulateRun(t, member, ExitOK, "simulate", "--configuration", arn, "--command", "@aws lambda invoke --function-name deploy-api out.json",
		"--user", "U0ALICE", "-o", "json"))
	if !strings.Contains(r.Requests[0].Gates[1].Reason, "the member's user role "+userRole) {
		t.Errorf("user role: %+v", r.Requests[0].Gates[1])
	}

	// Forgetting the registrations.
	expect(t, member, "", ExitOK, []string{"Deleted the registered permissions of " + channelRole + ".\n"}, "iam", "delete-role-permissions", "--role-arn", channelRole)
	expect(t, member, "", ExitOK, []string{"Deleted the managed policy " + policyARN + ".\n"}, "iam", "delete-managed-policy", "--policy-arn", policyARN)
	expect(t, member, "", ExitOK, []string{"Role permissions: 0\nManaged policies: 0\n"}, "iam", "list")
	if r := alike(ExitOK, "@aws lambda invoke --function-name other out.json"); r.Requests[0].Gates[4].Outcome != "NOT_EVALUATED" {
		t.Errorf("after delete-role-permissions: %s", gateOutcomes(r.Requests[0]))
	}

	// Refusals.
	expect(t, member, "", ExitFailed, []string{"chatgov: ResourceNotFoundException: "}, "simulate", "--configuration",
		"arn:aws:chatbot::"+acct+":chat-configuration/slack-channel/nope", "--command", "@aws ec2 describe-instances")
	expect(t, member, "", ExitFailed, []string{"chatgov: AccessDeniedException: "}, "simulate", "--configuration",
		"arn:aws:chatbot::"+testMgmtAccount+":chat-configuration/slack-channel/ops", "--command", "@aws ec2 describe-instances")
	expect(t, member, "", ExitFailed, []string{"chatgov: ResourceNotFoundException: "}, "iam", "get-role-permissions", "--role-arn", channelRole)
	// The management account may ask about a member's configuration.
	if out := simulateRun(t, mgmt, ExitFailed, "simulate", "--configuration", arn, "--command", "@aws rds delete-db-cluster --db-cluster-identifier prod"); !strings.HasPrefix(out, "DENIED: rds:DeleteDBCluster") {
		t.Errorf("management account:\n%s", out)
	}
}

// simulateRun runs simulate, which prints its answer on stdout whether
// the command is allowed (exit 0) or denied (exit 1), and returns it.
func simulateRun(t *testing.T, getenv func(string) string, code int, args ...string) string {
	t.Helper()
	got, out, errOut := runEnv(t, getenv, "", args...)
	if got != code || errOut != "" {
		t.Errorf("%v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, got, code, out, errOut)
	}
	return out
}

func readTestFile(t *testing.T, path string) string {
	t.Helper()
	data, err := readInput(Streams{}, path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
