package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/scenario"
)

// TestStackPlan: `chatgov stack plan` deploys a template to a copy of the
// org file's organization and says what it creates, which configurations
// it would disable, and which resource would make it roll back.
func TestStackPlan(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(scenario.Testdata(), "..", "examples")
	org, configs := filepath.Join(dir, "org.yaml"), filepath.Join(dir, "configs")
	denied := filepath.Join(t.TempDir(), "denied.json")
	if err := os.WriteFile(denied, []byte(`{"Resources":{"Ops":{"Type":"AWS::Chatbot::SlackChannelConfiguration","Properties":{
		"ConfigurationName":"ops","IamRoleArn":"arn:aws:iam::999999999999:role/chatbot","SlackWorkspaceId":"T0OTHER","SlackChannelId":"C0X"}}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		contains []string
	}{
		{"figure 4", []string{filepath.Join(dir, "figure4.json"), "--org", org, "--configs", configs}, 0,
			[]string{"create  PolicyTestTemplate       AWS::Organizations::Policy", "Compliance: 0 of 4 configurations would be disabled."}},
		{"lockout", []string{filepath.Join(dir, "stack-ledger-lockout.yaml"), "--org", org, "--configs", configs}, 0,
			[]string{"create  LedgerLockout", "Compliance: 1 of 4 configurations would be disabled.",
				"arn:aws:chatbot::333333333333:chat-configuration/slack-channel/ledger", `Slack workspace "T0AAAAAAA" is not allowed`}},
		{"parameter", []string{filepath.Join(dir, "stack-ledger-lockout.yaml"), "--org", org, "--configs", configs, "--parameter", "Account=222222222222"}, 0,
			[]string{"Compliance: 0 of 4 configurations would be disabled."}},
		{"rolls back", []string{denied, "--org", org}, 1,
			[]string{"The deployment would fail at Ops (AWS::Chatbot::SlackChannelConfiguration): ", "ROLLBACK_COMPLETE"}},
		{"malformed", []string{filepath.Join(dir, "bad.json"), "--org", org}, 2, []string{"ValidationError: Template format error"}},
		{"bad parameter", []string{filepath.Join(dir, "figure4.json"), "--org", org, "--parameter", "x"}, 2, []string{`--parameter "x": want KEY=VALUE`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(t, "", append([]string{"stack", "plan"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.code, out, errOut)
			}
			for _, want := range tt.contains {
				if !strings.Contains(out+errOut, want) {
					t.Errorf("output lacks %q:\n%s%s", want, out, errOut)
				}
			}
		})
	}
}
