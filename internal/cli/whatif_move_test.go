package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// moveOrg has an account in an open OU and an OU whose chatbot policy
// disables Slack.
const moveOrg = `enabledPolicyTypes: [CHATBOT_POLICY]
root:
  id: r-abcd
  ous:
    - name: Open
      id: ou-abcd-00000001
      accounts: [{id: "111111111111", name: dev}]
    - name: Locked
      id: ou-abcd-00000002
      policies: [no-slack]
policies:
  - name: no-slack
    content: {chatbot: {platforms: {slack: {client: {"@@assign": disabled}}}}}
`

// TestWhatIfMoveAccountOffline previews MoveAccount and a detach on an
// org file, with a configuration to re-check.
func TestWhatIfMoveAccountOffline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	org := writeFile(t, dir, "org.yaml", moveOrg)
	configs := filepath.Join(dir, "configs")
	if err := os.Mkdir(configs, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, configs, "dev.json", `{"AccountId": "111111111111", "ConfigurationName": "ops", "SlackTeamId": "T0AAAAAAA", "SlackChannelId": "C0OPS", "IamRoleArn": "arn:aws:iam::111111111111:role/chatbot", "ChannelVisibility": "private"}`)
	base := []string{"policy", "what-if", "--org", org}
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"move into the locked OU", []string{"--move-account", "dev", "--target", "Locked", "--configs", configs}, ExitOK, []string{
			"What if account 111111111111 were moved from ou-abcd-00000001 to ou-abcd-00000002 (Locked):\n",
			"1 of 1 account in scope would have a different effective policy.\n  111111111111 (dev) (had no effective policy):\n    + $.chatbot.platforms.slack.client \"disabled\"\n",
			"1 channel configuration checked: 1 would be disabled, 0 re-enabled.\n",
			"Slack configuration in 111111111111 would be DISABLED\n      Slack is disabled by the policy's client setting"}},
		{"move with --from", []string{"--move-account", "111111111111", "--from", "Open", "--target", "ou-abcd-00000002"}, ExitOK, []string{
			"What if account 111111111111 were moved from ou-abcd-00000001 to ou-abcd-00000002 (Locked):\n"}},
		{"move -o json", []string{"--move-account", "dev", "--target", "Locked", "-o", "json"}, ExitOK, []string{
			`"Action": "MoveAccount",`, `"Move": {` + "\n" + `    "AccountId": "111111111111",` + "\n" + `    "SourceParentId": "ou-abcd-00000001"`, `"Target": {`}},
		{"--from not the parent", []string{"--move-account", "dev", "--from", "Locked", "--target", "Open"}, ExitUsage, []string{
			"chatgov: account 111111111111 is not in ou-abcd-00000002; its parent is ou-abcd-00000001"}},
		{"already there", []string{"--move-account", "dev", "--target", "Open"}, ExitUsage, []string{"chatgov: account 111111111111 is already in ou-abcd-00000001"}},
		{"not an account", []string{"--move-account", "nobody", "--target", "Open"}, ExitUsage, []string{"chatgov: --move-account: "}},
		{"--from alone", []string{"--attach-policy", "no-slack", "--from", "Open", "--target", "Open"}, ExitUsage, []string{"--from names the parent --move-account takes the account from"}},
		{"two changes", []string{"--move-account", "dev", "--detach-policy", "no-slack", "--target", "Open"}, ExitUsage, []string{"give one of"}},
		{"detach offline", []string{"--detach-policy", "no-slack", "--target", "Locked"}, ExitOK, []string{"What if policy ", " were detached from ou-abcd-00000002 (Locked):\n",
			"0 of 0 accounts in scope would have a different effective policy.\n"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			expect(t, env(aws.Credentials{}, ""), "", tc.code, tc.want, append(base, tc.args...)...)
		})
	}
}

// TestWhatIfMoveAccountOnServer previews MoveAccount on a live server:
// the server's configuration would be disabled, and nothing moves.
func TestWhatIfMoveAccountOnServer(t *testing.T) {
	t.Parallel()
	ls := startLiveServer(t)
	ctx := context.Background()
	root, ou, acct := ls.org()
	orgs := ls.orgs()
	locked, err := orgs.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("Locked")})
	if err != nil {
		t.Fatal(err)
	}
	lockedID := *locked.OrganizationalUnit.Id
	p, err := orgs.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("no-slack"), Description: aws.String("d"), Type: orgtypes.PolicyTypeChatbotPolicy,
		Content: aws.String(`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"disabled"}}}}}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orgs.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: p.Policy.PolicySummary.Id, TargetId: aws.String(lockedID)}); err != nil {
		t.Fatal(err)
	}
	cfg, err := ls.chatbot(ls.assume(acct)).CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{
		ConfigurationName: aws.String("ops"), SlackTeamId: aws.String("T0AAAAAAA"), SlackChannelId: aws.String("C0OPS"), IamRoleArn: aws.String("arn:aws:iam::" + acct + ":role/c")})
	if err != nil {
		t.Fatal(err)
	}
	arn := *cfg.ChannelConfiguration.ChatConfigurationArn
	mgmt := env(mgmtCreds, ls.srv.URL())
	tests := []struct {
		name string
		env  func(string) string
		args []string
		code int
		want []string
	}{
		{"move", mgmt, []string{"--move-account", acct, "--target", lockedID}, ExitOK, []string{
			"What if account " + acct + " were moved to " + lockedID + ", on " + ls.srv.URL() + ":\n",
			"Channel configurations on the server: 1 would be disabled, 0 re-enabled.\n  " + arn + ": Slack configuration in " + acct + " would be DISABLED\n"}},
		{"move --from", mgmt, []string{"--move-account", acct, "--from", ou, "--target", lockedID}, ExitOK, []string{"were moved from " + ou + " to " + lockedID}},
		{"--from not the parent", mgmt, []string{"--move-account", acct, "--from", root, "--target", lockedID}, ExitFailed, []string{"chatgov: ResourceNotFoundException: account " + acct + " is not in " + root}},
		{"a member may not", env(ls.assume(acct), ls.srv.URL()), []string{"--move-account", acct, "--target", lockedID}, ExitFailed, []string{"chatgov: AccessDeniedException: "}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			expect(t, tc.env, "", tc.code, tc.want, append([]string{"policy", "what-if"}, tc.args...)...)
		})
	}
	// Nothing moved.
	parents, err := orgs.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(acct)})
	if err != nil || len(parents.Parents) != 1 || *parents.Parents[0].Id != ou {
		t.Errorf("the account moved: %+v %v", parents, err)
	}
	if !strings.HasPrefix(arn, "arn:aws:chatbot::"+acct) {
		t.Errorf("arn %s", arn)
	}
}
