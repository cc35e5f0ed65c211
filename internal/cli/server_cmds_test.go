package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/scenario"
)

// The management account and its root key in the test servers.
const (
	testMgmtAccount = "111111111111"
	testRootKey     = "AKIAMANAGEMENTROOT01"
	testRootSecret  = "management-root-secret-key-0000000001"
)

// liveServer is a chatgov server for one test, driven by the AWS SDK (to
// set up an organization) and by the commands under test.
type liveServer struct {
	t   *testing.T
	srv *Server
}

func startLiveServer(t *testing.T) *liveServer {
	t.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.ManagementAccountID = testMgmtAccount
	cfg.RootAccessKeyID = testRootKey
	cfg.RootSecretAccessKey = config.Secret(testRootSecret)
	srv, err := StartServer(context.Background(), cfg, ServerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Close(ctx); err != nil {
			t.Errorf("closing the server: %v", err)
		}
	})
	return &liveServer{t: t, srv: srv}
}

func (ls *liveServer) sdkConfig(c aws.Credentials) aws.Config {
	return aws.Config{Region: "us-east-1", RetryMaxAttempts: 1, HTTPClient: &http.Client{Timeout: 30 * time.Second},
		Credentials: credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)}
}

var mgmtCreds = aws.Credentials{AccessKeyID: testRootKey, SecretAccessKey: testRootSecret}

func (ls *liveServer) orgs() *organizations.Client {
	return organizations.NewFromConfig(ls.sdkConfig(mgmtCreds), func(o *organizations.Options) { o.BaseEndpoint = aws.String(ls.srv.URL()) })
}

func (ls *liveServer) chatbot(c aws.Credentials) *chatbot.Client {
	return chatbot.NewFromConfig(ls.sdkConfig(c), func(o *chatbot.Options) { o.BaseEndpoint = aws.String(ls.srv.URL()) })
}

// assume returns credentials of the role CreateAccount made in a member account.
func (ls *liveServer) assume(accountID string) aws.Credentials {
	ls.t.Helper()
	c := sts.NewFromConfig(ls.sdkConfig(mgmtCreds), func(o *sts.Options) { o.BaseEndpoint = aws.String(ls.srv.URL()) })
	out, err := c.AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + accountID + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("test")})
	if err != nil {
		ls.t.Fatalf("AssumeRole %s: %v", accountID, err)
	}
	return aws.Credentials{AccessKeyID: *out.Credentials.AccessKeyId, SecretAccessKey: *out.Credentials.SecretAccessKey,
		SessionToken: *out.Credentials.SessionToken}
}

// org creates an organization with CHATBOT_POLICY enabled, an OU and a
// member account in it; it returns the root, OU and account IDs.
func (ls *liveServer) org() (root, ou, acct string) {
	ls.t.Helper()
	ctx, c := context.Background(), ls.orgs()
	must := func(err error) {
		ls.t.Helper()
		if err != nil {
			ls.t.Fatal(err)
		}
	}
	_, err := c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll})
	must(err)
	roots, err := c.ListRoots(ctx, &organizations.ListRootsInput{})
	must(err)
	root = *roots.Roots[0].Id
	_, err = c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: orgtypes.PolicyTypeChatbotPolicy})
	must(err)
	o, err := c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("Workloads")})
	must(err)
	ou = *o.OrganizationalUnit.Id
	ca, err := c.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("workload"), Email: aws.String("workload@example.com")})
	must(err)
	st, err := c.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: ca.CreateAccountStatus.Id})
	must(err)
	acct = *st.CreateAccountStatus.AccountId
	_, err = c.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(root), DestinationParentId: aws.String(ou)})
	must(err)
	return root, ou, acct
}

// env is an environment for the commands: the credentials and, unless
// server is "", CHATGOV_SERVER.
func env(c aws.Credentials, server string) func(string) string {
	vars := map[string]string{"AWS_ACCESS_KEY_ID": c.AccessKeyID, "AWS_SECRET_ACCESS_KEY": c.SecretAccessKey,
		"AWS_SESSION_TOKEN": c.SessionToken, envServer: server}
	return func(k string) string { return vars[k] }
}

// runEnv runs the command line in process with an environment.
func runEnv(t *testing.T, getenv func(string) string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, Streams{In: strings.NewReader(stdin), Out: &out, Err: &errOut, Env: getenv})
	return code, out.String(), errOut.String()
}

// expect checks a command's exit code and that its stdout (or, on
// failure, its stderr) holds every wanted string.
func expect(t *testing.T, getenv func(string) string, stdin string, code int, want []string, args ...string) string {
	t.Helper()
	got, out, errOut := runEnv(t, getenv, stdin, args...)
	if got != code {
		t.Errorf("%v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, got, code, out, errOut)
	}
	text := out
	if code != ExitOK {
		text = errOut
		if out != "" {
			t.Errorf("%v: exit %d with output on stdout:\n%s", args, got, out)
		}
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%v: output lacks %q:\n%s", args, w, text)
		}
	}
	return out
}

func decode[T any](t *testing.T, out string) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %T: %v\n%s", v, err, out)
	}
	return v
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestServerCommandUsageErrors checks that bad flags, files and
// environments end with exit 2 before any request: the server URL points
// nowhere, so a request would end with exit 1.
func TestServerCommandUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	nowhere := env(mgmtCreds, "http://127.0.0.1:1")
	org := filepath.Join(scenario.Testdata(), "scenarios", "cp-5-inheritance", "org.yaml")
	bad := writeFile(t, dir, "bad-policy.json", `{"chatbot":{"platforms":{"slak":{}}}}`)
	good := writeFile(t, dir, "good-policy.json", `{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"disabled"}}}}}`)
	tests := []struct {
		name string
		env  func(string) string
		args []string
		want []string
	}{
		{"no credentials", env(aws.Credentials{}, "http://127.0.0.1:1"), []string{"directory", "list"},
			[]string{"no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"}},
		{"secret without key", env(aws.Credentials{SecretAccessKey: "x"}, ""), []string{"compliance"}, []string{"no credentials"}},
		{"bad server URL", nowhere, []string{"directory", "list", "--server", "ftp://example.com"}, []string{`--server "ftp://example.com" is not a server URL`}},
		{"bad server URL from the environment", env(mgmtCreds, "127.0.0.1:4580"), []string{"directory", "list"}, []string{`"127.0.0.1:4580" is not a server URL`}},
		{"bad output", nowhere, []string{"directory", "list", "-o", "yaml"}, []string{"--output must be text or json"}},
		{"put without visibility", nowhere, []string{"directory", "put-slack-channel", "--team", "T0AAAAAAA", "--team-name", "Acme",
			"--channel", "C0A", "--channel-name", "a"}, []string{`required flag(s) "visibility" not set`}},
		{"put with bad values", nowhere, []string{"directory", "put-slack-channel", "--team", "t0lower", "--team-name", "",
			"--channel", "C-1", "--channel-name", "a", "--visibility", "secret"},
			[]string{`--team "t0lower" is not a Slack workspace ID`, "--team-name must not be empty", `--channel "C-1" is not a Slack channel ID`,
				`--visibility must be public or private, not "secret"`}},
		{"teams team with bad IDs", nowhere, []string{"directory", "put-teams-team", "--tenant", "x", "--team", "y", "--team-name", "Ops"},
			[]string{`--tenant "x" is not a Microsoft Teams tenant ID`, `--team "y" is not a Microsoft Teams team ID`}},
		{"delete without team", nowhere, []string{"directory", "delete-teams-team"}, []string{`required flag(s) "team" not set`}},
		{"import without a file", nowhere, []string{"directory", "import"}, []string{"accepts 1 arg"}},
		{"import of a missing file", nowhere, []string{"directory", "import", filepath.Join(dir, "nope.yaml")}, []string{"no such file"}},
		{"since not a time", nowhere, []string{"compliance", "--since", "yesterday"}, []string{`--since "yesterday" is neither an RFC 3339 time`}},
		{"negative duration", nowhere, []string{"compliance", "--until", "-2h"}, []string{"must be positive"}},
		{"since after until", nowhere, []string{"compliance", "--since", "1h", "--until", "2h"}, []string{"--since", "must be before --until"}},
		{"account and OU", nowhere, []string{"compliance", "--account", "222222222222", "--ou", "ou-abcd-12345678"}, []string{"give --account or --ou, not both"}},
		{"bad account", nowhere, []string{"compliance", "--account", "12345"}, []string{`--account "12345" is not an account ID`}},
		{"negative max", nowhere, []string{"compliance", "--max", "-1"}, []string{"--max must be 0"}},
		{"what-if with org and server", nowhere, []string{"policy", "what-if", "--org", org, "--server", "http://127.0.0.1:1", "--attach", good, "--target", "Root"},
			[]string{"give --org (offline, on an org file) or --server (on a running server), not both"}},
		{"what-if configs with server", nowhere, []string{"policy", "what-if", "--server", "http://127.0.0.1:1", "--attach", good, "--target", "r-abcd", "--configs", dir},
			[]string{"--configs is offline-only"}},
		{"what-if without a change", nowhere, []string{"policy", "what-if", "--server", "http://127.0.0.1:1", "--target", "r-abcd"},
			[]string{"give one of --attach POLICYFILE, --attach-policy POLICY, --detach-policy POLICY or --move-account ACCOUNT"}},
		{"what-if with two changes", nowhere, []string{"policy", "what-if", "--server", "http://127.0.0.1:1", "--attach", good, "--attach-policy", "p-12345678", "--target", "r-abcd"},
			[]string{"give one of"}},
		{"what-if name of an existing policy", nowhere, []string{"policy", "what-if", "--server", "http://127.0.0.1:1", "--attach-policy", "p-12345678", "--name", "x", "--target", "r-abcd"},
			[]string{"--type and --name describe the document of --attach"}},
		{"what-if target by name", nowhere, []string{"policy", "what-if", "--server", "http://127.0.0.1:1", "--attach", good, "--target", "Workloads"},
			[]string{`--target "Workloads": with --server, give the ID`}},
		{"what-if invalid policy", nowhere, []string{"policy", "what-if", "--server", "http://127.0.0.1:1", "--attach", bad, "--target", "r-abcd"},
			[]string{`unknown key "slak"`}},
		{"what-if server from the environment, invalid policy", nowhere, []string{"policy", "what-if", "--attach", bad, "--target", "r-abcd"},
			[]string{`unknown key "slak"`}},
		{"what-if detach offline of a policy the file lacks", env(mgmtCreds, ""), []string{"policy", "what-if", "--org", org, "--detach-policy", "p-12345678", "--target", "Root"},
			[]string{`--detach-policy: the org file has no policy with the ID or name "p-12345678"`}},
		{"what-if neither org nor server", env(mgmtCreds, ""), []string{"policy", "what-if", "--attach", good, "--target", "Root"},
			[]string{"give --org ORG to work on an org file, or --server URL"}},
		{"what-if server without credentials", env(aws.Credentials{}, ""), []string{"policy", "what-if", "--server", "http://127.0.0.1:1", "--attach", good, "--target", "r-abcd"},
			[]string{"no credentials"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			expect(t, tt.env, "", ExitUsage, tt.want, tt.args...)
		})
	}
}

// TestDirectoryImportProblems checks that every problem of a directory
// file is reported with its position, and that nothing is sent (the
// server URL points nowhere).
func TestDirectoryImportProblems(t *testing.T) {
	t.Parallel()
	nowhere := env(mgmtCreds, "http://127.0.0.1:1")
	yamlFile := `slackChannels:
  - {teamId: t0lower, teamName: Acme, channelId: C0PROD001, channelName: prod-alerts, visibility: secret}
  - teamId: T0AAAAAAA
    channelId: C0PROD001
    channelNam: typo
    visibility: [public]
  - teamId: T0AAAAAAA
    teamName: Acme
    channelId: C0PROD001
    channelName: again
    visibility: public
  - just-a-string
teamsTeams:
  - {tenantId: not-a-uuid, teamId: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa, teamName: ~}
extra: 1
`
	want := `chatgov: -: 10 problems; nothing was recorded
  -:2:14: slackChannels[0].teamId: "t0lower" is not a Slack workspace ID (upper-case letters and digits, such as T0123ABCD)
  -:2:99: slackChannels[0].visibility: must be public or private, not "secret"
  -:3:5: slackChannels[1]: missing fields teamName, channelName
  -:5:5: slackChannels[1]: unknown field "channelNam"; did you mean "channelName"?
  -:6:17: slackChannels[1].visibility: expected a string, not a list
  -:7:5: slackChannels[2]: duplicate of slackChannels[1] (line 3)
  -:12:5: slackChannels[3]: expected a Slack channel (a mapping of its fields), not a string ("just-a-string")
  -:14:16: teamsTeams[0].tenantId: "not-a-uuid" is not a Microsoft Teams tenant ID (a UUID)
  -:14:84: teamsTeams[0].teamName: must not be empty
  -:15:1: unknown field "extra"; expected one of: slackChannels, teamsTeams
`
	code, out, errOut := runEnv(t, nowhere, yamlFile, "directory", "import", "-")
	if code != ExitUsage || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	if diff := cmp.Diff(want, errOut); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	tests := []struct {
		name, file string
		want       []string
	}{
		{"JSON", `{"slackChannels": [{"teamId": "T0AAAAAAA", "teamId": "T0B", "visibility": "private"}],
 "teamsTeams": [{"tenantId": "11111111-1111-4111-8111-111111111111", "teamId": "AAAAAAAA-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "teamName": "a"},
                {"tenantId": "11111111-1111-4111-8111-111111111111", "teamId": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "teamName": "b", "bogus": true}]}`,
			[]string{"-: 4 problems", "-:1:20: slackChannels[0]: missing fields teamName, channelId, channelName",
				`-:1:44: slackChannels[0]: field "teamId" appears twice (first at line 1)`,
				"-:3:17: teamsTeams[1]: duplicate of teamsTeams[0] (line 2)", `-:3:137: teamsTeams[1]: unknown field "bogus"; expected one of: teamId, teamName, tenantId, updatedAt`}},
		{"empty", "", []string{"-: 1 problem", "-:1: the file is empty"}},
		{"no entries", "slackChannels: []\n", []string{"-:1:1: no entries; give slackChannels and/or teamsTeams"}},
		{"not a mapping", "- a\n", []string{"-:1:1: expected a mapping with slackChannels and teamsTeams, not a list"}},
		{"syntax", "slackChannels: [\n", []string{"-: 1 problem", "not valid YAML or JSON"}},
		{"a long name", "teamsTeams:\n  - {tenantId: 11111111-1111-4111-8111-111111111111, teamId: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa, teamName: " +
			strings.Repeat("x", 256) + "}\n", []string{"teamsTeams[0].teamName: is 256 bytes long; names are at most 255"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			expect(t, nowhere, tt.file, ExitUsage, tt.want, "directory", "import", "-")
		})
	}
}

func TestServerCommands(t *testing.T) {
	t.Parallel()
	ls := startLiveServer(t)
	ctx := context.Background()
	root, ou, acct := ls.org()
	url := ls.srv.URL()
	mgmt := env(mgmtCreds, url) // the server from CHATGOV_SERVER
	mgmtFlag := env(mgmtCreds, "")
	memberCreds := ls.assume(acct)
	member := env(memberCreds, url)

	// The directory: put, list, member refused, import, delete.
	expect(t, mgmt, "", ExitOK, []string{"Recorded Slack channel C0PRIVATE (#ops) of workspace T0AAAAAAA (Acme) as private.\n"},
		"directory", "put-slack-channel", "--team", "T0AAAAAAA", "--team-name", "Acme", "--channel", "C0PRIVATE", "--channel-name", "ops", "--visibility", "private")
	expect(t, mgmtFlag, "", ExitOK, []string{"Recorded Microsoft Teams team aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa (Ops) of tenant 11111111-1111-4111-8111-111111111111.\n"},
		"directory", "put-teams-team", "--server", url, "--tenant", "11111111-1111-4111-8111-111111111111", "--team", "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "--team-name", "Ops")
	out := expect(t, member, "", ExitOK, []string{"Slack channels: 1\n", "Microsoft Teams teams: 1\n"}, "directory", "list")
	for _, w := range []string{`T0AAAAAAA \(Acme\)\s+C0PRIVATE \(ops\)\s+private\s+20\d\d-`, `11111111-1111-4111-8111-111111111111\s+aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa \(Ops\)\s+20\d\d-`} {
		if !regexp.MustCompile(w).MatchString(out) {
			t.Errorf("list lacks %s:\n%s", w, out)
		}
	}
	listJSON := func() directoryFile {
		t.Helper()
		d := decode[directoryFile](t, expect(t, mgmt, "", ExitOK, nil, "directory", "list", "-o", "json"))
		for _, c := range d.SlackChannels {
			if _, err := time.Parse(time.RFC3339, c.UpdatedAt); err != nil {
				t.Errorf("updatedAt of %+v: %v", c, err)
			}
		}
		return d
	}
	ignoreTimes := cmp.Options{cmpopts.IgnoreFields(slackEntry{}, "UpdatedAt"), cmpopts.IgnoreFields(teamsEntry{}, "UpdatedAt")}
	want := directoryFile{SlackChannels: []slackEntry{{TeamID: "T0AAAAAAA", TeamName: "Acme", ChannelID: "C0PRIVATE", ChannelName: "ops", Visibility: "private"}},
		TeamsTeams: []teamsEntry{{TenantID: "11111111-1111-4111-8111-111111111111", TeamID: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", TeamName: "Ops"}}}
	if diff := cmp.Diff(want, listJSON(), ignoreTimes); diff != "" {
		t.Errorf("directory (-want +got):\n%s", diff)
	}
	expect(t, member, "", ExitFailed, []string{"chatgov: AccessDeniedException: ", "only the management account or the delegated administrator"},
		"directory", "put-slack-channel", "--team", "T0AAAAAAA", "--team-name", "Acme", "--channel", "C0OTHER", "--channel-name", "x", "--visibility", "public")
	expect(t, member, "", ExitFailed, []string{"chatgov: AccessDeniedException: "}, "directory", "import", filepath.Join(scenario.Testdata(), "..", "examples", "directory.yaml"))
	expect(t, mgmt, "", ExitFailed, []string{"chatgov: ResourceNotFoundException: the directory has no Slack channel C0NOPE in workspace T0AAAAAAA"},
		"directory", "delete-slack-channel", "--team", "T0AAAAAAA", "--channel", "C0NOPE")
	expect(t, env(aws.Credentials{AccessKeyID: testRootKey, SecretAccessKey: "wrong"}, url), "", ExitUsage, []string{"chatgov: InvalidSignatureException: "}, "directory", "list")
	expect(t, env(aws.Credentials{AccessKeyID: "AKIAUNKNOWNKEY000000", SecretAccessKey: "x"}, url), "", ExitUsage, []string{"chatgov: UnrecognizedClientException: "}, "directory", "list")
	expect(t, mgmt, "", ExitFailed, []string{"chatgov: cannot reach the chatgov server at http://127.0.0.1:1: "}, "directory", "list", "--server", "http://127.0.0.1:1")
	// A bad file records nothing.
	expect(t, mgmt, "slackChannels:\n  - {teamId: T0BBBBBBB, teamName: B, channelId: C0B, channelName: b, visibility: public}\n  - {teamId: T0BBBBBBB}\n",
		ExitUsage, []string{"-:3:5: slackChannels[1]: missing fields teamName, channelId, channelName, visibility"}, "directory", "import", "-")
	if diff := cmp.Diff(want, listJSON(), ignoreTimes); diff != "" {
		t.Errorf("directory after a bad import (-want +got):\n%s", diff)
	}
	// The example file, then list's JSON read back.
	expect(t, mgmt, "", ExitOK, []string{"Recorded 3 Slack channels and 1 Microsoft Teams team from "},
		"directory", "import", filepath.Join(scenario.Testdata(), "..", "examples", "directory.yaml"))
	d := listJSON()
	if len(d.SlackChannels) != 4 || len(d.TeamsTeams) != 2 || d.SlackChannels[2].ChannelID != "C0PROD001" || d.SlackChannels[2].Visibility != "public" ||
		d.TeamsTeams[0].TeamName != "Engineering" {
		t.Errorf("directory after the import: %+v", d)
	}
	dump := writeFile(t, t.TempDir(), "dump.json", expect(t, mgmt, "", ExitOK, nil, "directory", "list", "-o", "json"))
	imported := decode[map[string]any](t, expect(t, mgmt, "", ExitOK, nil, "directory", "import", dump, "-o", "json"))
	if diff := cmp.Diff(map[string]any{"File": dump, "SlackChannels": 4.0, "TeamsTeams": 2.0}, imported); diff != "" {
		t.Errorf("import -o json (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(d, listJSON(), ignoreTimes); diff != "" {
		t.Errorf("importing list's output changed the directory (-want +got):\n%s", diff)
	}
	deleted := decode[map[string]map[string]string](t, expect(t, mgmt, "", ExitOK, nil, "directory", "delete-slack-channel", "--team", "T0AAAAAAA", "--channel", "C0LEDGER1", "-o", "json"))
	if diff := cmp.Diff(map[string]map[string]string{"Deleted": {"TeamId": "T0AAAAAAA", "ChannelId": "C0LEDGER1"}}, deleted); diff != "" {
		t.Errorf("delete -o json (-want +got):\n%s", diff)
	}
	expect(t, mgmt, "", ExitFailed, []string{"chatgov: ResourceNotFoundException: the directory has no Microsoft Teams team bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"},
		"directory", "delete-teams-team", "--team", "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb")
	expect(t, mgmt, "", ExitOK, []string{"Deleted Slack channel C0PROD001 of workspace T0AAAAAAA from the directory.\n"},
		"directory", "delete-slack-channel", "--team", "T0AAAAAAA", "--channel", "C0PROD001")
	expect(t, mgmt, "", ExitOK, []string{"Deleted Microsoft Teams team aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa from the directory.\n"},
		"directory", "delete-teams-team", "--team", "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa")
	d = listJSON()
	if len(d.SlackChannels) != 2 || len(d.TeamsTeams) != 1 || d.TeamsTeams[0].TeamName != "Engineering" || d.SlackChannels[0].ChannelID != "C0PRIVATE" {
		t.Errorf("directory after the deletes: %+v", d)
	}

	// A Slack configuration in the member account.
	cfg, err := ls.chatbot(memberCreds).CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{
		ConfigurationName: aws.String("ops"), SlackTeamId: aws.String("T0AAAAAAA"), SlackChannelId: aws.String("C0PRIVATE"),
		IamRoleArn: aws.String("arn:aws:iam::" + acct + ":role/chatbot-ops")})
	if err != nil {
		t.Fatal(err)
	}
	arn := *cfg.ChannelConfiguration.ChatConfigurationArn
	state := func() string {
		t.Helper()
		out, err := ls.chatbot(memberCreds).DescribeSlackChannelConfigurations(ctx, &chatbot.DescribeSlackChannelConfigurationsInput{})
		if err != nil || len(out.SlackChannelConfigurations) != 1 {
			t.Fatalf("DescribeSlackChannelConfigurations: %+v %v", out, err)
		}
		return aws.ToString(out.SlackChannelConfigurations[0].State)
	}
	expect(t, mgmt, "", ExitOK, []string{"No compliance events.\n\nCurrent states: 1 configuration, 1 enabled, 0 disabled.\n"}, "compliance")

	// What if: a new policy that disables Slack, on the OU.
	policyFile := writeFile(t, t.TempDir(), "no-slack.json", `{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"disabled"}}}}}`)
	expect(t, mgmtFlag, "", ExitOK, []string{
		`What if CHATBOT_POLICY "no-slack" were created and attached to ` + ou + ", on " + url + ":\n",
		"1 of 1 account in scope would have a different effective policy.\n  " + acct + " (workload) (had no effective policy):\n" +
			"    + $.chatbot.platforms.slack.client \"disabled\"\n",
		"Channel configurations on the server: 1 would be disabled, 0 re-enabled.\n  " + arn + ": Slack configuration in " + acct + " would be DISABLED\n" +
			"      Slack is disabled by the policy's client setting ($.chatbot.platforms.slack.client, set by policy p-",
		" (no-slack) on " + ou + ")\n",
	}, "policy", "what-if", "--server", url, "--attach", policyFile, "--target", ou)
	out = expect(t, mgmt, "", ExitOK, nil, "policy", "what-if", "--attach", policyFile, "--target", root, "--name", "other", "-o", "json")
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"configurationsChecked", "typeWasEnabled"} {
		if _, ok := raw[k]; ok {
			t.Errorf("server-mode JSON has the offline field %q:\n%s", k, out)
		}
	}
	rep := decode[whatIfReport](t, out)
	// The accounts are listed by ID, and the member's ID is random: find
	// each by its ID.
	if len(rep.Accounts) == 2 && rep.Accounts[0].AccountID == acct {
		rep.Accounts[0], rep.Accounts[1] = rep.Accounts[1], rep.Accounts[0]
	}
	if rep.Server != url || rep.Action != "CreatePolicy" || rep.Policy.Name != "other" || rep.Target.ID != root || rep.Target.Type != "ROOT" ||
		rep.AccountsInScope != 2 || len(rep.Accounts) != 2 || rep.Accounts[0].AccountID != testMgmtAccount || rep.Accounts[1].AccountID != acct ||
		rep.Accounts[1].Name != "workload" || len(rep.Accounts[1].Changes) != 1 || rep.WouldDisable != 1 || rep.WouldEnable != 0 ||
		len(rep.Configurations) != 1 || rep.Configurations[0].ARN != arn || rep.Configurations[0].After != "DENIED" ||
		!strings.Contains(rep.Configurations[0].Reason, "Slack is disabled") {
		t.Errorf("what-if -o json: %+v", rep)
	}
	// Nothing changed on the server.
	pols, err := ls.orgs().ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: orgtypes.PolicyTypeChatbotPolicy})
	if err != nil || len(pols.Policies) != 0 {
		t.Errorf("the simulation created policies: %+v %v", pols, err)
	}
	if st := state(); st != "ENABLED" {
		t.Errorf("the simulation changed the configuration: %s", st)
	}

	// An existing policy: what if it were attached; then attach it.
	p, err := ls.orgs().CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("no-slack"), Description: aws.String("test"),
		Type: orgtypes.PolicyTypeChatbotPolicy, Content: aws.String(`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"disabled"}}}}}`)})
	if err != nil {
		t.Fatal(err)
	}
	pid := *p.Policy.PolicySummary.Id
	expect(t, mgmt, "", ExitOK, []string{"What if policy " + pid + " were attached to " + ou + ", on " + url + ":\n", arn + ": Slack configuration in " + acct + " would be DISABLED\n"},
		"policy", "what-if", "--attach-policy", pid, "--target", ou)
	expect(t, mgmt, "", ExitFailed, []string{`chatgov: ConflictException: a CHATBOT_POLICY policy named "no-slack" already exists`, "give another with --name"},
		"policy", "what-if", "--attach", policyFile, "--target", ou)
	expect(t, member, "", ExitFailed, []string{"chatgov: AccessDeniedException: "}, "policy", "what-if", "--attach-policy", pid, "--target", ou)
	if st := state(); st != "ENABLED" {
		t.Errorf("the simulations changed the configuration: %s", st)
	}
	attach := func() {
		t.Helper()
		if _, err := ls.orgs().AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(pid), TargetId: aws.String(ou)}); err != nil {
			t.Fatal(err)
		}
	}
	attach()
	if st := state(); st != "DISABLED" {
		t.Fatalf("after AttachPolicy: %s", st)
	}

	// Compliance: the event and the summary.
	out = expect(t, mgmt, "", ExitOK, []string{
		"1 compliance event:\n",
		"  " + acct + "  slack-channel/ops  ENABLED → DISABLED\n" +
			"    reason: Slack is disabled by the policy's client setting ($.chatbot.platforms.slack.client, set by policy " + pid + " (no-slack) on " + ou + ")\n" +
			"    cause:  AttachPolicy: attached CHATBOT_POLICY policy " + pid + " (no-slack) to " + ou + " (by arn:aws:iam::111111111111:root)\n",
		"\nCurrent states: 1 configuration, 0 enabled, 1 disabled.\nBy OU:\n  " + ou + " (Workloads): 1 configuration, 0 enabled, 1 disabled\n" +
			"Accounts with disabled configurations:\n  " + acct + " (workload): 1 of 1 disabled\n",
	}, "compliance")
	if _, err := time.Parse(time.RFC3339, strings.Fields(strings.Split(out, "\n")[1])[0]); err != nil {
		t.Errorf("the event's time: %v\n%s", err, out)
	}
	rc := decode[complianceReport](t, expect(t, mgmt, "", ExitOK, nil, "compliance", "-o", "json"))
	if len(rc.Events) != 1 || rc.Truncated {
		t.Fatalf("compliance -o json: %+v", rc)
	}
	if e := rc.Events[0]; e.AccountID != acct || e.ConfigurationARN != arn || e.Platform != "slack" || e.OldState != "ENABLED" || e.NewState != "DISABLED" ||
		!strings.Contains(e.Reason, "Slack is disabled") || e.Cause.Operation != "AttachPolicy" || e.Cause.Caller != "arn:aws:iam::111111111111:root" ||
		!strings.Contains(e.Cause.Detail, pid) || e.Time == "" || e.Cause.Time == "" {
		t.Errorf("event %+v", e)
	}
	wantSummary := complianceSummary{Total: stateCount{1, 0, 1},
		OrganizationalUnits:  []nodeCount{{ID: ou, Name: "Workloads", Configurations: 1, Disabled: 1}},
		AccountsWithDisabled: []nodeCount{{ID: acct, Name: "workload", Configurations: 1, Disabled: 1}}}
	if diff := cmp.Diff(wantSummary, rc.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}

	// What if the policy were detached: enabled again.
	expect(t, mgmt, "", ExitOK, []string{"What if policy " + pid + " were detached from " + ou,
		"Channel configurations on the server: 0 would be disabled, 1 re-enabled.\n  " + arn + ": Slack configuration in " + acct + " would be ENABLED again\n"},
		"policy", "what-if", "--detach-policy", pid, "--target", ou)
	if st := state(); st != "DISABLED" {
		t.Errorf("the detach simulation changed the configuration: %s", st)
	}

	// Two more events (detach, attach), then paging, --max and the filters.
	if _, err := ls.orgs().DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String(pid), TargetId: aws.String(ou)}); err != nil {
		t.Fatal(err)
	}
	attach()
	ops := func(r complianceReport) string {
		var s []string
		for _, e := range r.Events {
			s = append(s, e.Cause.Operation+":"+e.NewState)
		}
		return strings.Join(s, " ")
	}
	all := decode[complianceReport](t, expect(t, mgmt, "", ExitOK, nil, "compliance", "-o", "json"))
	if got := ops(all); got != "AttachPolicy:DISABLED DetachPolicy:ENABLED AttachPolicy:DISABLED" {
		t.Errorf("events: %s", got)
	}
	paged := decode[complianceReport](t, expect(t, mgmt, "", ExitOK, nil, "compliance", "-o", "json", "--page-size", "1"))
	if diff := cmp.Diff(all, paged); diff != "" {
		t.Errorf("paging one event at a time (-all +paged):\n%s", diff)
	}
	first2 := decode[complianceReport](t, expect(t, mgmt, "", ExitOK, nil, "compliance", "-o", "json", "--max", "2", "--page-size", "1"))
	if ops(first2) != "AttachPolicy:DISABLED DetachPolicy:ENABLED" || !first2.Truncated {
		t.Errorf("--max 2: %s, truncated %v", ops(first2), first2.Truncated)
	}
	expect(t, mgmt, "", ExitOK, []string{"2 compliance events:\n", "(the first 2 events; there are more: raise --max or narrow the filters)\n"}, "compliance", "--max", "2")
	if r := decode[complianceReport](t, expect(t, mgmt, "", ExitOK, nil, "compliance", "-o", "json", "--max", "3")); len(r.Events) != 3 || r.Truncated {
		t.Errorf("--max 3: %d events, truncated %v", len(r.Events), r.Truncated)
	}
	count := func(e func(string) string, args ...string) int {
		t.Helper()
		return len(decode[complianceReport](t, expect(t, e, "", ExitOK, nil, append([]string{"compliance", "-o", "json"}, args...)...)).Events)
	}
	past := "2000-01-01T00:00:00Z"
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	for _, tt := range []struct {
		env  func(string) string
		args []string
		want int
	}{
		{mgmt, []string{"--account", acct}, 3},
		{mgmt, []string{"--account", testMgmtAccount}, 0},
		{mgmt, []string{"--ou", ou}, 3},
		{mgmt, []string{"--configuration", arn}, 3},
		{mgmt, []string{"--configuration", "arn:aws:chatbot::" + acct + ":chat-configuration/slack-channel/other"}, 0},
		{mgmt, []string{"--since", "1h"}, 3},
		{mgmt, []string{"--since", "1d", "--until", future}, 3},
		{mgmt, []string{"--since", future}, 0},
		{mgmt, []string{"--until", past}, 0},
		{mgmt, []string{"--until", "1h"}, 0},
		{member, nil, 3},
	} {
		if got := count(tt.env, tt.args...); got != tt.want {
			t.Errorf("compliance %v: %d events, want %d", tt.args, got, tt.want)
		}
	}
	expect(t, mgmt, "", ExitOK, []string{"No compliance events.\n\nCurrent states: 1 configuration, 0 enabled, 1 disabled.\n"}, "compliance", "--until", past)
	expect(t, member, "", ExitFailed, []string{"chatgov: AccessDeniedException: a member account sees only its own compliance events"},
		"compliance", "--account", testMgmtAccount)
	expect(t, mgmt, "", ExitFailed, []string{"chatgov: InvalidParameterException: "}, "compliance", "--configuration", "not-an-arn")
}
