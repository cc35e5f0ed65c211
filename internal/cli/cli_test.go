package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/scenario"
)

// run runs the command line in process and returns its exit code and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, Streams{In: strings.NewReader(stdin), Out: &out, Err: &errOut})
	return code, out.String(), errOut.String()
}

// TestScenarioEffective runs every effective-policy expectation of the
// corpus through `chatgov policy effective`.
func TestScenarioEffective(t *testing.T) {
	t.Parallel()
	all, err := scenario.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range all {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			o, err := sc.Org()
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range sc.Effective {
				code, out, errOut := run(t, "", "policy", "effective", "--org", sc.OrgPath, "--account", c.Account, "--type", string(c.Type))
				if c.Policy == "" && o.Enabled(c.Type) {
					c.Policy = "{}" // the type is enabled and nothing is in effect, as AWS answers
				}
				if c.Policy == "" {
					if code != ExitFailed || out != "" || !strings.Contains(errOut, "is not enabled") {
						t.Errorf("%s: exit %d, out %q, err %q; want exit 1 and no policy", c.Account, code, out, errOut)
					}
					continue
				}
				if code != ExitOK || strings.TrimSpace(out) != c.Policy {
					t.Errorf("%s: exit %d\n got: %s\nwant: %s\n%s", c.Account, code, out, c.Policy, errOut)
				}
				code, out, _ = run(t, "", "policy", "effective", "--org", sc.OrgPath, "--account", c.Account,
					"--type", string(c.Type), "--explain", "--output", "json")
				var got struct {
					Policy      json.RawMessage `json:"Policy"`
					Explanation struct {
						Errors []struct{ Code string } `json:"Errors"`
					} `json:"Explanation"`
				}
				if err := json.Unmarshal([]byte(out), &got); err != nil || code != ExitOK {
					t.Fatalf("explain: exit %d, %v\n%s", code, err, out)
				}
				var codes []string
				for _, e := range got.Explanation.Errors {
					codes = append(codes, e.Code)
				}
				if diff := cmp.Diff(c.Errors, codes); diff != "" {
					t.Errorf("%s: explained errors (-want +got):\n%s", c.Account, diff)
				}
			}
		})
	}
}

// TestScenarioCheck runs every decision of the corpus through `chatgov policy check`.
func TestScenarioCheck(t *testing.T) {
	t.Parallel()
	all, err := scenario.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range all {
		if len(sc.Decisions) == 0 {
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			for _, c := range sc.Decisions {
				code, out, errOut := run(t, c.Config, "policy", "check", "--org", sc.OrgPath, "--account", c.Account,
					"--config", "-", "--output", "json")
				want := ExitOK
				if !c.Allowed {
					want = ExitFailed
				}
				if code != want {
					t.Errorf("%s: exit %d, want %d\n%s%s", c.Name, code, want, out, errOut)
					continue
				}
				var got struct {
					Reasons []struct {
						Rule    string
						Allowed bool
						Sources []struct {
							PolicyID string `json:"policyId"`
							Operator string `json:"operator"`
						}
					}
					DenialMessage string
				}
				if err := json.Unmarshal([]byte(out), &got); err != nil {
					t.Fatal(err)
				}
				var denied []string
				for _, r := range got.Reasons {
					if !r.Allowed {
						denied = append(denied, string(r.Rule))
					}
				}
				if diff := cmp.Diff(c.Denied, denied); diff != "" {
					t.Errorf("%s: denying rules (-want +got):\n%s", c.Name, diff)
				}
				if !c.Allowed && !strings.Contains(got.DenialMessage, "not allowed by your organization's chat applications policy") {
					t.Errorf("%s: denial message %q", c.Name, got.DenialMessage)
				}
			}
		})
	}
}

// TestValidateDocuments runs the document corpus through `chatgov policy validate`.
func TestValidateDocuments(t *testing.T) {
	t.Parallel()
	cases, err := scenario.Documents()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.File, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(t, "", "policy", "validate", "--type", string(c.Type), "--output", "json", c.Path)
			want := ExitOK
			if !c.Valid {
				want = ExitFailed
			}
			if code != want {
				t.Fatalf("exit %d, want %d\n%s%s", code, want, out, errOut)
			}
			var got struct {
				Valid bool `json:"Valid"`
				Files []struct {
					Problems []jsondoc.Problem `json:"Problems"`
				} `json:"Files"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			var probs []scenario.ExpectedProblem
			for _, p := range got.Files[0].Problems {
				probs = append(probs, scenario.ExpectedProblem{Code: p.Code, Path: p.Path})
			}
			if diff := cmp.Diff(c.Problems, probs); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateText(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(scenario.Testdata(), "documents")
	code, out, _ := run(t, "", "policy", "validate", filepath.Join(dir, "valid", "seed-example-4.json"),
		filepath.Join(dir, "invalid", "unknown-keys.json"))
	if code != ExitFailed {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{"seed-example-4.json: valid CHATBOT_POLICY", "unknown-keys.json: 3 problems",
		`unknown-keys.json:1:26: $.chatbot.platforms.slak: unknown key "slak" in "platforms"; expected one of: chime, microsoft_teams, slack [UNKNOWN_KEY]`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, `{"chatbot": {}}`, "policy", "validate", "-")
	if code != ExitOK || !strings.Contains(out, "-: valid") {
		t.Errorf("stdin: exit %d, %s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	org := filepath.Join(scenario.Testdata(), "scenarios", "cp-5-inheritance", "org.yaml")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no files", []string{"policy", "validate"}, "requires at least 1 arg"},
		{"unknown type", []string{"policy", "validate", "--type", "NOPE", "x.json"}, `unknown policy type "NOPE"`},
		{"missing file", []string{"policy", "validate", "/nonexistent.json"}, "no such file"},
		{"bad output", []string{"policy", "validate", "--output", "yaml", org}, "--output must be text or json"},
		{"unknown flag", []string{"policy", "effective", "--nope"}, "unknown flag"},
		{"unknown command", []string{"polcy"}, "unknown command"},
		{"missing org", []string{"policy", "effective", "--account", "111111111111"}, `"org" not set`},
		{"unknown account", []string{"policy", "effective", "--org", org, "--account", "999999999999"}, `no root, OU or account has the ID or name "999999999999"`},
		{"effective of an OU", []string{"policy", "effective", "--org", org, "--account", "Workloads"}, "is an OU, not an account"},
		{"effective of an SCP", []string{"policy", "effective", "--org", org, "--account", "111111111111", "--type", "SERVICE_CONTROL_POLICY"}, "no effective policy"},
		{"bad org file", []string{"policy", "effective", "--org", "/nonexistent/org.yaml", "--account", "111111111111"}, "no such file"},
		{"effective on a file and a server", []string{"policy", "effective", "--org", org, "--server", "http://127.0.0.1:4580", "--account", "111111111111"}, "not both"},
		{"effective on a malformed server URL", []string{"policy", "effective", "--server", "127.0.0.1:4580/x", "--account", "111111111111"}, "is not a server URL"},
		{"check without account", []string{"policy", "check", "--org", org, "--config", "-"}, "give --account, or AccountId"},
		{"what-if unknown target", []string{"policy", "what-if", "--org", org, "--attach", "-", "--target", "Nowhere"}, "--target"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stdin := `{"SlackTeamId": "W1", "SlackChannelId": "C1"}`
			code, _, errOut := run(t, stdin, tt.args...)
			if code != ExitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 mentioning %q", code, errOut, tt.want)
			}
		})
	}
}

func TestCheckBadConfig(t *testing.T) {
	t.Parallel()
	org := filepath.Join(scenario.Testdata(), "scenarios", "cp-5-inheritance", "org.yaml")
	code, _, errOut := run(t, `{"SlackTeamId": "w1", "TenantId": "x", "Bogus": 1}`, "policy", "check", "--org", org,
		"--account", "111111111111", "--config", "-")
	if code != ExitUsage {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{`unknown field "Bogus"`, `SlackTeamId "w1" is not a Slack workspace ID`, `TenantId "x" is not a Microsoft Teams tenant ID`} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestWhatIf(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	org := filepath.Join(scenario.Testdata(), "scenarios", "d2-child-control", "org.yaml")
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// The root of this org lets children only @@append and @@remove the
	// settings they add under slack.
	privateOnly := write("private-only.json", `{"chatbot":{"platforms":{"slack":{"default":{"supported_channel_types":{"@@append":["private"]}}}}}}`)
	assignClient := write("assign-override.json", `{"chatbot":{"platforms":{"slack":{"overrides":{"W2":{"supported_channel_types":{"@@assign":["public"]}}}}}}}`)
	configs := filepath.Join(dir, "configs")
	if err := os.Mkdir(configs, 0o755); err != nil {
		t.Fatal(err)
	}
	write("configs/a-public.json", `{"AccountId": "111111111111", "ConfigurationName": "a", "SlackTeamId": "W2", "SlackChannelId": "C1", "IamRoleArn": "arn:aws:iam::111111111111:role/chatbot", "ChannelVisibility": "public"}`)
	write("configs/b-private.json", `{"AccountId": "111111111111", "ConfigurationName": "b", "SlackTeamId": "W2", "SlackChannelId": "C2", "IamRoleArn": "arn:aws:iam::111111111111:role/chatbot", "ChannelVisibility": "private"}`)
	write("configs/c-sibling.json", `{"AccountId": "222222222222", "ConfigurationName": "c", "SlackTeamId": "W1", "SlackChannelId": "C3", "IamRoleArn": "arn:aws:iam::111111111111:role/chatbot", "ChannelVisibility": "public"}`)

	code, out, errOut := run(t, "", "policy", "what-if", "--org", org, "--attach", privateOnly, "--target", "111111111111",
		"--configs", configs, "--output", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep whatIfReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.AccountsInScope != 1 || len(rep.Accounts) != 1 || rep.Accounts[0].AccountID != "111111111111" {
		t.Fatalf("accounts: %+v", rep)
	}
	wantChanges := []policy.Change{{Kind: policy.Added, Path: "$.chatbot.platforms.slack.default.supported_channel_types", After: `["private"]`}}
	if diff := cmp.Diff(wantChanges, rep.Accounts[0].Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if rep.ConfigsChecked == nil || *rep.ConfigsChecked != 3 || rep.WouldDisable != 1 || rep.WouldEnable != 0 || len(rep.Configurations) != 1 ||
		rep.Configurations[0].ARN != "arn:aws:chatbot::111111111111:chat-configuration/slack-channel/a" ||
		!strings.HasPrefix(rep.Configurations[0].Reason, "public channels are not allowed") {
		t.Errorf("configurations: %+v", rep)
	}

	// Attaching at the root reaches both accounts, and the organization's
	// management account (outside the file, as every organization has
	// one); text output names them.
	code, out, _ = run(t, "", "policy", "what-if", "--org", org, "--attach", privateOnly, "--target", "Root", "--configs", configs)
	if code != ExitOK || !strings.Contains(out, "3 of 3 accounts in scope") || !strings.Contains(out, "\n  999999999999 (management):\n") ||
		!strings.Contains(out, "2 would be disabled") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	// An existing policy of the file, by name: attaching it twice is
	// refused as the server refuses it; detaching it is simulated.
	code, _, errOut = run(t, "", "policy", "what-if", "--org", org, "--attach-policy", "ou", "--target", "Workloads")
	if code != ExitUsage || !strings.Contains(errOut, "is already attached to") {
		t.Errorf("attaching an attached policy: exit %d, %s", code, errOut)
	}
	code, out, _ = run(t, "", "policy", "what-if", "--org", org, "--detach-policy", "ou", "--target", "Workloads", "--configs", configs)
	if code != ExitOK || !strings.HasPrefix(out, "What if policy p-") || !strings.Contains(out, " were detached from ou-abcd-") {
		t.Errorf("detaching: exit %d\n%s", code, out)
	}

	// A change a restriction forbids is reported, with the accounts it concerns.
	code, out, _ = run(t, "", "policy", "what-if", "--org", org, "--attach", assignClient, "--target", "Workloads", "--output", "json")
	rep = whatIfReport{}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != ExitOK {
		t.Fatalf("exit %d, %v", code, err)
	}
	if len(rep.Accounts) != 0 || len(rep.Ignored) != 1 || rep.Ignored[0].Code != "OPERATOR_NOT_ALLOWED" ||
		rep.Ignored[0].Path != "$.chatbot.platforms.slack.overrides.w2.supported_channel_types" || rep.Ignored[0].Accounts != 2 {
		t.Errorf("ignored: %+v", rep)
	}

	// An invalid policy is refused with its problems.
	code, _, errOut = run(t, "", "policy", "what-if", "--org", org, "--attach", write("bad.json", `{"chatbot":{"x":{}}}`), "--target", "Root")
	if code != ExitUsage || !strings.Contains(errOut, `unknown key "x"`) {
		t.Errorf("invalid policy: exit %d, %s", code, errOut)
	}
}

// TestExamples runs the README's commands on examples/, so that the README
// cannot drift from what the commands do.
func TestExamples(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(scenario.Testdata(), "..", "examples")
	in := func(p string) string { return filepath.Join(dir, p) }
	org := in("org.yaml")
	tests := []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"policy", "validate", in("policies/slack-baseline.json"), in("policies/private-only.json"), in("policies/teams-only.json")}, ExitOK,
			[]string{"slack-baseline.json: valid CHATBOT_POLICY"}},
		{[]string{"policy", "validate", in("bad.json")}, ExitFailed,
			[]string{`bad.json:1:28: $.chatbot.platforms.slak: unknown key "slak" in "platforms"; expected one of: chime, microsoft_teams, slack [UNKNOWN_KEY]`,
				`bad.json:1:91: $.chatbot.platforms.slack.workspaces.@@assign[1]: "Slack-Workspace-Id" is not a Slack workspace ID (letters and digits), such as T0123ABCD, or "*" [INVALID_VALUE]`}},
		{[]string{"policy", "effective", "--org", org, "--account", "222222222222"}, ExitOK,
			[]string{`{"chatbot":{"default":{"client":"disabled"},"platforms":{"chime":{"client":"enabled"},"slack":{"client":"enabled","default":{"supported_channel_types":["private"],"supported_role_settings":["user_role"]},"workspaces":["T0AAAAAAA","T0BBBBBBB"]}}}}`}},
		{[]string{"policy", "effective", "--org", org, "--account", "dev", "--explain"}, ExitOK,
			[]string{"$.chatbot.platforms.slack.workspaces[1] = \"T0BBBBBBB\"\n      set by p-ba95f936c968 (eng-workspaces) on ou-abcd-2159134083dd4c58 (Engineering), @@append"}},
		{[]string{"policy", "effective", "--org", org, "--account", "ledger", "--type", "TAG_POLICY"}, ExitOK,
			[]string{`{"tags":{"costcenter":{"tag_key":"CostCenter"}}}`}},
		{[]string{"policy", "check", "--org", org, "--config", in("configs/slack-ops.json")}, ExitOK,
			[]string{`ALLOWED: Slack configuration "ops"`}},
		{[]string{"policy", "check", "--org", org, "--config", in("configs/slack-prod-public.json")}, ExitFailed,
			[]string{"DENIED slack-channel-type: public channels are not allowed; allowed: private"}},
		{[]string{"policy", "check", "--org", org, "--config", in("configs/chime-dev.json")}, ExitOK,
			[]string{"Amazon Chime is enabled by its client setting"}},
		{[]string{"policy", "what-if", "--org", org, "--attach", in("policies/teams-only.json"), "--target", "Engineering", "--configs", in("configs")}, ExitOK,
			[]string{"2 of 2 accounts in scope", `~ $.chatbot.platforms.slack.client "enabled" -> "disabled"`, "4 channel configurations checked: 1 would be disabled, 0 re-enabled.",
				"\n  arn:aws:chatbot::222222222222:chat-configuration/slack-channel/ops: Slack configuration in 222222222222 would be DISABLED\n" +
					"      Slack is disabled by the policy's client setting ($.chatbot.platforms.slack.client, set by policy p-16ymeqir (teams-only) on ou-abcd-2159134083dd4c58)\n"}},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, "", tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tt.args, code, tt.code, out, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
}
