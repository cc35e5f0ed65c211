package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/chatgov/chatgov/internal/scenario"
)

// dataKeys hold data whose keys are not chatgov's: a policy's content and
// a request's condition keys.
var dataKeys = map[string]bool{"Policy": true, "Context": true}

// lowerKeys returns the JSON paths of the object keys of v that do not
// start with a capital letter (AWS's PascalCase), outside dataKeys.
func lowerKeys(v any, path string) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "" || k[0] < 'A' || k[0] > 'Z' {
				out = append(out, path+"."+k)
			}
			if !dataKeys[k] {
				out = append(out, lowerKeys(e, path+"."+k)...)
			}
		}
	case []any:
		for i, e := range x {
			out = append(out, lowerKeys(e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

// TestJSONIsPascalCase runs every command with -o json, offline and on a
// live server, and checks that every key is PascalCase, as AWS's APIs
// and the server's own answers are.
func TestJSONIsPascalCase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	org := filepath.Join(scenario.Testdata(), "scenarios", "d2-child-control", "org.yaml")
	doc := filepath.Join(scenario.Testdata(), "documents", "valid", "seed-example-2.json")
	cfg := writeFile(t, dir, "a.json", `{"AccountId": "111111111111", "ConfigurationName": "a", "SlackTeamId": "W2", "SlackChannelId": "C1", "IamRoleArn": "arn:aws:iam::111111111111:role/chatbot", "ChannelVisibility": "public"}`)
	privateOnly := writeFile(t, dir, "private-only.json", `{"chatbot":{"platforms":{"slack":{"default":{"supported_channel_types":{"@@append":["private"]}}}}}}`)
	iamOrg := iamSimOrg(t, dir)
	configs := filepath.Join(dir, "configs")
	if err := os.Mkdir(configs, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "configs/a.json", `{"AccountId": "111111111111", "ConfigurationName": "a", "SlackTeamId": "W2", "SlackChannelId": "C1", "IamRoleArn": "arn:aws:iam::111111111111:role/chatbot", "ChannelVisibility": "public"}`)

	ls := startLiveServer(t)
	_, ou, acct := ls.org()
	mgmt := env(mgmtCreds, ls.srv.URL())
	none := env(aws.Credentials{}, "")
	expect(t, mgmt, "", ExitOK, nil, "directory", "put-slack-channel", "--team", "T0AAAAAAA", "--team-name", "Acme", "--channel", "C0OPS", "--channel-name", "ops", "--visibility", "private")

	tests := []struct {
		name string
		env  func(string) string
		args []string
	}{
		{"policy validate", none, []string{"policy", "validate", doc}},
		{"policy effective --explain", none, []string{"policy", "effective", "--org", org, "--account", "111111111111", "--type", "CHATBOT_POLICY", "--explain"}},
		{"policy effective, not enabled", none, []string{"policy", "effective", "--org", org, "--account", "111111111111", "--type", "TAG_POLICY"}},
		{"policy check", none, []string{"policy", "check", "--org", org, "--config", cfg}},
		{"policy what-if", none, []string{"policy", "what-if", "--org", org, "--attach", privateOnly, "--target", "111111111111", "--configs", configs}},
		{"simulate", none, []string{"simulate", "--org", org, "--config", cfg, "--command", "@aws lambda list-functions"}},
		{"iam simulate", none, []string{"iam", "simulate", "--org", iamOrg, "--account", "workload", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::r/k"}},
		{"directory list", mgmt, []string{"directory", "list"}},
		{"directory delete-slack-channel", mgmt, []string{"directory", "delete-slack-channel", "--team", "T0AAAAAAA", "--channel", "C0OPS"}},
		{"compliance", mgmt, []string{"compliance"}},
		{"identity list", mgmt, []string{"identity", "list"}},
		{"iam list", mgmt, []string{"iam", "list"}},
		{"policy what-if on the server", mgmt, []string{"policy", "what-if", "--server", ls.srv.URL(), "--attach", privateOnly, "--target", ou}},
		{"simulate on a configuration of another account", mgmt, []string{"iam", "simulate", "--server", ls.srv.URL(), "--account", acct, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::r/k"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, out, errOut := runEnv(t, tc.env, "", append(tc.args, "-o", "json")...)
			var v any
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("not JSON: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
			}
			if bad := lowerKeys(v, "$"); len(bad) > 0 {
				t.Errorf("keys not in PascalCase: %v\n%s", bad, out)
			}
		})
	}
}

// runTerminal runs a command as if its stdout were a terminal (or not),
// with NO_COLOR as given.
func runTerminal(t *testing.T, terminal bool, noColor string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	vars := map[string]string{"NO_COLOR": noColor}
	Run(context.Background(), args, Streams{In: strings.NewReader(""), Out: &out, Err: &errOut,
		Env: func(k string) string { return vars[k] }, Terminal: func() bool { return terminal }})
	return out.String()
}

// TestTerminalOutput checks what a terminal gets and a pipe does not:
// indented effective policies, coloured verdicts unless NO_COLOR is set.
func TestTerminalOutput(t *testing.T) {
	t.Parallel()
	org := filepath.Join(scenario.Testdata(), "scenarios", "d2-child-control", "org.yaml")
	cfg := writeFile(t, t.TempDir(), "a.json", `{"AccountId": "111111111111", "ConfigurationName": "a", "SlackTeamId": "W2", "SlackChannelId": "C1", "IamRoleArn": "arn:aws:iam::111111111111:role/chatbot", "ChannelVisibility": "public"}`)
	effective := []string{"policy", "effective", "--org", org, "--account", "111111111111", "--type", "CHATBOT_POLICY"}
	simulate := []string{"simulate", "--org", org, "--config", cfg, "--command", "@aws lambda list-functions"}
	ansi := regexp.MustCompile("\x1b\\[[0-9;]*m")
	tests := []struct {
		name     string
		terminal bool
		noColor  string
		args     []string
		check    func(string) string
	}{
		{"effective on a terminal is indented", true, "", effective, func(out string) string {
			if !strings.HasPrefix(out, "{\n  \"chatbot\": {\n    \"platforms\"") {
				return "not indented"
			}
			return ""
		}},
		{"effective in a pipe is one line", false, "", effective, func(out string) string {
			if strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, `{"chatbot":`) {
				return "not one line"
			}
			return ""
		}},
		{"simulate on a terminal is coloured", true, "", simulate, func(out string) string {
			if !strings.Contains(out, "\x1b[32mok     \x1b[0m configuration:") {
				return "no colour"
			}
			return ""
		}},
		{"NO_COLOR", true, "1", simulate, func(out string) string {
			if ansi.MatchString(out) || !strings.Contains(out, "  ok      configuration:") {
				return "coloured, or not the plain text"
			}
			return ""
		}},
		{"simulate in a pipe is not coloured", false, "", simulate, func(out string) string {
			if ansi.MatchString(out) {
				return "coloured"
			}
			return ""
		}},
		{"JSON is never coloured", true, "", append(simulate, "-o", "json"), func(out string) string {
			if ansi.MatchString(out) {
				return "coloured"
			}
			return ""
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := runTerminal(t, tc.terminal, tc.noColor, tc.args...)
			if msg := tc.check(out); msg != "" {
				t.Errorf("%s:\n%q", msg, out)
			}
		})
	}
}

// TestNoGoNoise checks that failures say what is wrong once, prefixed
// "chatgov:", with no cobra "Error:" line, usage dump, exit status or Go
// type name.
func TestNoGoNoise(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.json", `{"chatbot": {"platforms": {"slak": {}}}}`)
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"unknown command", []string{"bogus"}, ExitUsage},
		{"unknown subcommand", []string{"policy", "bogus"}, ExitUsage},
		{"unknown flag", []string{"policy", "validate", "--bogus"}, ExitUsage},
		{"missing argument", []string{"policy", "validate"}, ExitUsage},
		{"missing file", []string{"policy", "validate", filepath.Join(dir, "none.json")}, ExitUsage},
		{"invalid document", []string{"policy", "validate", bad}, ExitFailed},
		{"bad output", []string{"policy", "validate", bad, "-o", "yaml"}, ExitUsage},
		{"missing required flag", []string{"identity", "put"}, ExitUsage},
		{"missing org file", []string{"policy", "effective", "--org", filepath.Join(dir, "none.yaml"), "--account", "111111111111", "--type", "CHATBOT_POLICY"}, ExitUsage},
	}
	noise := regexp.MustCompile(`(?m)^Error: |^Usage:|exit status|\*cli\.|\bstruct \{|goroutine |panic:`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runEnv(t, env(aws.Credentials{}, ""), "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, errOut)
			}
			text := out + errOut
			if noise.MatchString(text) {
				t.Errorf("Go or cobra noise in the output:\n%s", text)
			}
			if tc.code == ExitUsage && (!strings.HasPrefix(errOut, "chatgov: ") || strings.Count(errOut, "chatgov: ") != 1) {
				t.Errorf("want one message prefixed chatgov:, got:\n%s", errOut)
			}
		})
	}
}

// TestOrgFileProblems checks what the commands say about a broken org
// file: where, in the file's words, once per cause.
func TestOrgFileProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name, file string
		want       string // the whole of stderr
	}{
		{"misspelt key", "root:\n  ous:\n    - name: a\n      polices: [x]\n", "chatgov: %s: 4:7: root.ous[0]: unknown field \"polices\" in an OU; did you mean \"policies\"?\n"},
		{"missing policy file", "root:\n  policies: [gone]\n  accounts: [{id: \"111111111111\", name: a, policies: [gone]}]\npolicies:\n  - {name: gone, file: gone.json}\n",
			"chatgov: %s: policies[0] \"gone\": file gone.json: no such file (relative paths are from the org file's directory)\n"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			org := writeFile(t, dir, fmt.Sprintf("org%d.yaml", i), tc.file)
			code, _, errOut := run(t, "", "policy", "effective", "--org", org, "--account", "111111111111", "--type", "CHATBOT_POLICY")
			if want := fmt.Sprintf(tc.want, org); code != ExitUsage || errOut != want {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and:\n%s", code, errOut, want)
			}
		})
	}
}

// TestValidateRecognisesTypes checks that policy validate tells a
// document's type from its content without --type, and takes short names.
func TestValidateRecognisesTypes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	docs := filepath.Join(scenario.Testdata(), "documents", "valid")
	rcp := writeFile(t, dir, "rcp.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}`)
	unknown := writeFile(t, dir, "unknown.json", `{"something": {}}`)
	scp := filepath.Join(docs, "scp-blog-chat-guardrail.json")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"an SCP", []string{scp}, ExitOK, scp + ": valid SERVICE_CONTROL_POLICY (type recognised by IAM statements without a Principal)\n"},
		{"an RCP", []string{rcp}, ExitOK, rcp + ": valid RESOURCE_CONTROL_POLICY (type recognised by IAM statements with a Principal)\n"},
		{"a chatbot policy", []string{filepath.Join(docs, "seed-example-2.json")}, ExitOK, ": valid CHATBOT_POLICY (type recognised by its top-level key chatbot)\n"},
		{"a tag policy", []string{filepath.Join(docs, "tag-policy.json")}, ExitOK, ": valid TAG_POLICY (type recognised by its top-level key tags)\n"},
		{"a backup policy", []string{filepath.Join(docs, "backup-policy.json")}, ExitOK, ": valid BACKUP_POLICY (type recognised by its top-level key plans)\n"},
		{"nothing to recognise", []string{unknown}, ExitFailed, unknown + ": 2 problems as CHATBOT_POLICY (the content names no type; give --type)\n"},
		{"--type SCP", []string{"--type", "SCP", scp}, ExitOK, scp + ": valid SERVICE_CONTROL_POLICY\n"},
		{"--type scp", []string{"--type", "scp", scp}, ExitOK, scp + ": valid SERVICE_CONTROL_POLICY\n"},
		{"--type rcp on an SCP", []string{"--type", "rcp", scp}, ExitFailed, "as RESOURCE_CONTROL_POLICY\n"},
		{"--type chatbot", []string{"-t", "chatbot", filepath.Join(docs, "seed-example-2.json")}, ExitOK, ": valid CHATBOT_POLICY\n"},
		{"--type Tag", []string{"-t", "Tag", filepath.Join(docs, "tag-policy.json")}, ExitOK, ": valid TAG_POLICY\n"},
		{"--type bogus", []string{"-t", "bogus", scp}, ExitUsage, `unknown policy type "bogus"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(t, "", append([]string{"policy", "validate"}, tc.args...)...)
			if code != tc.code || !strings.Contains(out+errOut, tc.want) {
				t.Errorf("exit %d, want %d; output lacks %q:\n%s%s", code, tc.code, tc.want, out, errOut)
			}
		})
	}
	// JSON says what recognised the type.
	_, out, _ := run(t, "", "policy", "validate", rcp, "-o", "json")
	if !strings.Contains(out, `"Type": "RESOURCE_CONTROL_POLICY",`) || !strings.Contains(out, `"TypeRecognizedBy": "IAM statements with a Principal"`) {
		t.Errorf("JSON:\n%s", out)
	}
}

// TestArnMatchesNothingWarning checks that policy validate and the iam
// commands warn, without failing, about an ArnLike value with fewer than
// six parts, which matches no ARN on AWS.
func TestArnMatchesNothingWarning(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const statement = `{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*"}}}`
	scp := writeFile(t, dir, "scp.json", `{"Version":"2012-10-17","Statement":[`+statement+`]}`)
	identity := writeFile(t, dir, "identity.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},`+statement+`]}`)
	good := writeFile(t, dir, "good.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:*"}}}]}`)
	const warning = `$.Statement[0].Condition.ArnLike["aws:ChatbotSourceArn"]: ArnLike value "arn:aws:chatbot::*" has 5 colon-separated parts, and an ARN has six (arn:partition:service:region:account:resource): it matches no ARN; did you mean "arn:aws:chatbot::*:*"?`
	org := iamSimOrg(t, dir)
	tests := []struct {
		name       string
		args       []string
		code       int
		out, err   string
		noWarnings bool
	}{
		{name: "policy validate", args: []string{"policy", "validate", scp}, code: ExitOK,
			out: scp + ": valid SERVICE_CONTROL_POLICY (type recognised by IAM statements without a Principal)\n  " + scp + ":1:"},
		{name: "policy validate, the warning", args: []string{"policy", "validate", "--type", "SCP", scp}, code: ExitOK, out: warning + " [ARN_MATCHES_NOTHING, warning]\n"},
		{name: "policy validate -o json", args: []string{"policy", "validate", scp, "-o", "json"}, code: ExitOK,
			out: `"Warnings": [` + "\n" + `        {` + "\n" + `          "Path": "$.Statement[0].Condition.ArnLike[\"aws:ChatbotSourceArn\"]",`},
		{name: "a six-part value", args: []string{"policy", "validate", good}, code: ExitOK, out: good + ": valid SERVICE_CONTROL_POLICY", noWarnings: true},
		{name: "iam simulate", args: []string{"iam", "simulate", "--org", org, "--account", "workload", "--action", "iam:ListRoles", "--context", "aws:ChatbotSourceArn=arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops",
			"--identity-policy", identity}, code: ExitOK, err: "chatgov: warning: " + identity + ":1:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(t, "", tc.args...)
			if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errOut, tc.err) {
				t.Errorf("exit %d, want %d; stdout lacks %q or stderr lacks %q:\n%s\n%s", code, tc.code, tc.out, tc.err, out, errOut)
			}
			if tc.noWarnings && strings.Contains(out+errOut, "ARN_MATCHES_NOTHING") {
				t.Errorf("a warning about a six-part value:\n%s", out)
			}
		})
	}
}
