package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
)

// TestIdentityCommands maps a member to a user role on a live server,
// lists and removes the mapping, and checks that simulate names the
// command that fixes a role-setting denial.
func TestIdentityCommands(t *testing.T) {
	t.Parallel()
	ls := startLiveServer(t)
	_, _, acct := ls.org()
	url := ls.srv.URL()
	memberCreds := ls.assume(acct)
	member := env(memberCreds, url)
	mgmt := env(mgmtCreds, url)
	cfg, err := ls.chatbot(memberCreds).CreateSlackChannelConfiguration(context.Background(), &chatbot.CreateSlackChannelConfigurationInput{
		ConfigurationName: aws.String("ops"), SlackTeamId: aws.String("T0AAAAAAA"), SlackChannelId: aws.String("C0OPS"),
		IamRoleArn: aws.String("arn:aws:iam::" + acct + ":role/chatbot-ops"), UserAuthorizationRequired: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	arn := *cfg.ChannelConfiguration.ChatConfigurationArn
	alice := "arn:aws:iam::" + acct + ":role/alice"
	command := "@aws lambda invoke --function-name deploy-api out.json"

	steps := []struct {
		name string
		env  func(string) string
		args []string
		code int
		want []string
	}{
		{"a member without a role is denied, and told the fix", member, []string{"simulate", "--configuration", arn, "--command", command, "--user", "U0ALICE"}, ExitFailed,
			[]string{"DENIED  role-setting: the configuration requires members to use their own user roles, and chat user U0ALICE has none mapped",
				"fix: map the member to a user role: chatgov identity put --configuration " + arn + " --user U0ALICE --role arn:aws:iam::" + acct + ":role/NAME\n"}},
		{"nothing mapped yet", member, []string{"identity", "list"}, ExitOK, []string{"User identities: 0\n"}},
		{"put", member, []string{"identity", "put", "--configuration", arn, "--user", "U0ALICE", "--role", alice}, ExitOK,
			[]string{"Mapped chat user U0ALICE of " + arn + " to " + alice + ".\n"}},
		{"put -o json", member, []string{"identity", "put", "--configuration", arn, "--user", "U0BOB", "--role", alice, "-o", "json"}, ExitOK,
			[]string{`"UserIdentity": {`, `"ChatUserId": "U0BOB"`, `"IamRoleArn": "` + alice + `"`, `"TeamId": "T0AAAAAAA"`}},
		{"list", member, []string{"identity", "list"}, ExitOK, []string{"User identities: 2\n", "CONFIGURATION", arn + "  U0ALICE  " + alice + "\n", arn + "  U0BOB    " + alice + "\n"}},
		{"list of one configuration, -o json", member, []string{"identity", "list", "--configuration", arn, "-o", "json"}, ExitOK,
			[]string{`"UserIdentities": [`, `"ChatUserId": "U0ALICE"`, `"ChatUserId": "U0BOB"`}},
		{"the mapped member is allowed", member, []string{"simulate", "--configuration", arn, "--command", command, "--user", "U0ALICE"}, ExitOK,
			[]string{"ok      role-setting: the command runs with the member's user role " + alice}},
		{"delete", member, []string{"identity", "delete", "--configuration", arn, "--user", "U0ALICE"}, ExitOK,
			[]string{"Removed the role mapping of chat user U0ALICE of " + arn + ".\n"}},
		{"delete -o json", member, []string{"identity", "delete", "--configuration", arn, "--user", "U0BOB", "-o", "json"}, ExitOK,
			[]string{`"ChatConfigurationArn": "` + arn + `"`, `"ChatUserId": "U0BOB"`}},
		{"list after delete", member, []string{"identity", "list", "-o", "json"}, ExitOK, []string{`"UserIdentities": []`}},
		{"delete an unknown user", member, []string{"identity", "delete", "--configuration", arn, "--user", "U0ALICE"}, ExitFailed,
			[]string{"chatgov: ResourceNotFoundException: "}},
		{"another account's configuration", mgmt, []string{"identity", "put", "--configuration", arn, "--user", "U0ALICE", "--role", alice}, ExitFailed,
			[]string{"chatgov: ResourceNotFoundException: "}},
		{"another account's configurations are not listed", mgmt, []string{"identity", "list"}, ExitOK, []string{"User identities: 0\n"}},
		{"not a configuration ARN", member, []string{"identity", "put", "--configuration", "arn:aws:iam::" + acct + ":role/x", "--user", "U0ALICE", "--role", alice},
			ExitUsage, []string{"--configuration \"arn:aws:iam::" + acct + ":role/x\" is not a chat configuration ARN"}},
		{"not a role ARN", member, []string{"identity", "put", "--configuration", arn, "--user", "U0ALICE", "--role", "alice"},
			ExitUsage, []string{"--role \"alice\" is not an IAM role ARN"}},
		{"missing flags", member, []string{"identity", "delete", "--configuration", arn}, ExitUsage, []string{`required flag(s) "user" not set`}},
		{"empty user", member, []string{"identity", "delete", "--configuration", arn, "--user", ""}, ExitUsage, []string{"--user must not be empty"}},
		{"no credentials", env(aws.Credentials{}, url), []string{"identity", "list"}, ExitUsage, []string{"no credentials"}},
	}
	// The steps run in order: each depends on the mappings the previous left.
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.args[0] != "simulate" {
				expect(t, st.env, "", st.code, st.want, st.args...)
				return
			}
			// simulate prints its answer on stdout, allowed or denied.
			out := simulateRun(t, st.env, st.code, st.args...)
			for _, w := range st.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestRoleSettingFix checks the fix named for each kind of role-setting
// denial, on a server and offline.
func TestRoleSettingFix(t *testing.T) {
	t.Parallel()
	const arn = "arn:aws:chatbot::222222222222:chat-configuration/slack-channel/ops"
	tests := []struct {
		name   string
		args   simulateArgs
		gate   gateOut
		prefix string
	}{
		{"no user role mapped", simulateArgs{simulatedARN: arn, user: "U1"},
			gateOut{Name: "role-setting", Reason: "the configuration requires members to use their own user roles, and chat user U1 has none mapped for it"},
			"map the member to a user role: chatgov identity put --configuration " + arn + " --user U1 --role arn:aws:iam::222222222222:role/NAME"},
		{"the policy refuses the channel role", simulateArgs{simulatedARN: arn},
			gateOut{Name: "role-setting", Reason: "the channel_role setting (commands run with the channel's IAM role) is not allowed; allowed: user_role"},
			"map the member to a user role: chatgov identity put --configuration " + arn + " --user ID --role"},
		{"the policy refuses user roles", simulateArgs{simulatedARN: arn, user: "U1"},
			gateOut{Name: "role-setting", Reason: "the user_role setting (members must use their own user roles) is not allowed; allowed: channel_role"},
			"the policy allows only the channel role: chatgov identity delete --configuration " + arn + " --user U1"},
		{"nothing known", simulateArgs{},
			gateOut{Name: "role-setting", Reason: "the configuration requires members to use their own user roles, and the member has none mapped for it"},
			"map the member to a user role: chatgov identity put --configuration ARN --user ID --role arn:aws:iam::ACCOUNT:role/NAME"},
		{"another gate", simulateArgs{simulatedARN: arn}, gateOut{Name: "guardrails", Reason: "the channel_role setting"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.args.roleSettingFix(tc.gate)
			if tc.prefix == "" && got != "" || !strings.HasPrefix(got, tc.prefix) {
				t.Errorf("fix = %q, want it to start with %q", got, tc.prefix)
			}
		})
	}
}
