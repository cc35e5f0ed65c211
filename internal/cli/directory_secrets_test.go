package cli

import (
	"context"
	"strings"
	"testing"
)

// TestDirectorySecretCommands registers a Slack bot token from standard
// input and a Teams webhook URL from a file through a live server: the
// management account may, a member may not, and the server keeps them
// for its gateway without any operation returning them.
func TestDirectorySecretCommands(t *testing.T) {
	t.Parallel()
	ls := startLiveServer(t)
	_, _, acct := ls.org()
	url := ls.srv.URL()
	mgmt, member := env(mgmtCreds, url), env(ls.assume(acct), url)
	const team = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
	const channel = "19%3a0123456789abcdef%40thread.tacv2"
	expect(t, mgmt, "xoxb-1-2-secret\n", ExitOK, []string{"Registered the bot token of Slack workspace T0AAAAAAA.\n"},
		"directory", "put-slack-bot-token", "--team", "T0AAAAAAA", "--token-file", "-")
	expect(t, member, "xoxb-1-2-other\n", ExitFailed, []string{"AccessDenied", "put-slack-bot-token"},
		"directory", "put-slack-bot-token", "--team", "T0AAAAAAA", "--token-file", "-")
	expect(t, mgmt, "xoxp-user-token", ExitFailed, []string{"not a Slack bot token"},
		"directory", "put-slack-bot-token", "--team", "T0AAAAAAA", "--token-file", "-")
	if tok, err := ls.srv.Service.SlackBotToken(context.Background(), "T0AAAAAAA"); err != nil || tok != "xoxb-1-2-secret" {
		t.Errorf("the gateway reads %q, %v", tok, err)
	}
	expect(t, mgmt, "", ExitOK, nil, "directory", "put-teams-team", "--tenant", "11111111-1111-4111-8111-111111111111", "--team", team, "--team-name", "Ops")
	file := writeFile(t, t.TempDir(), "url", "https://example.webhook.office.com/webhookb2/secret\n")
	expect(t, mgmt, "", ExitOK, []string{"Registered the webhook URL"},
		"directory", "put-ms-teams-webhook-url", "--team", team, "--channel", channel, "--url-file", file)
	if u, err := ls.srv.Service.TeamsWebhookURL(context.Background(), team, channel); err != nil || u != "https://example.webhook.office.com/webhookb2/secret" {
		t.Errorf("the gateway reads %q, %v", u, err)
	}
	out := expect(t, member, "", ExitOK, nil, "directory", "list")
	for _, secret := range []string{"xoxb", "webhookb2"} {
		if strings.Contains(out, secret) {
			t.Errorf("directory list shows a secret:\n%s", out)
		}
	}
}
