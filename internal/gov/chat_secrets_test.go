package gov_test

import (
	"context"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
)

// TestChatSecrets checks that the directory's secrets are registered by
// the management account only, checked for their form, readable by the
// gateway alone, kept across a restart, and removed by an empty value.
func TestChatSecrets(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	member := rootOf(f.account("member"))
	const team = "66666666-7777-8888-9999-000000000000"
	const channel = "19%3a0123456789abcdef%40thread.tacv2"
	if err := f.svc.PutTeamsTeam(ctx, mgmt, gov.TeamsTeam{TenantID: "11111111-2222-3333-4444-555555555555", TeamID: team, TeamName: "ops"}); err != nil {
		t.Fatal(err)
	}
	badInput := wantErr{kind: gov.Invalid, resource: gov.ResChatResource, reason: gov.ReasonInvalidPattern}
	tests := []struct {
		name string
		call func() error
		want wantErr
	}{
		{"token", func() error { return f.svc.PutSlackBotToken(ctx, mgmt, "T012ABC", "xoxb-1-2-abc") }, ok},
		{"member", func() error { return f.svc.PutSlackBotToken(ctx, member, "T012ABC", "xoxb-1-2-abc") }, kind(gov.AccessDenied, "")},
		{"user token", func() error { return f.svc.PutSlackBotToken(ctx, mgmt, "T012ABC", "xoxp-1-2-abc") }, badInput},
		{"workspace", func() error { return f.svc.PutSlackBotToken(ctx, mgmt, "t012abc", "xoxb-1-2-abc") }, badInput},
		{"webhook", func() error {
			return f.svc.PutTeamsWebhookURL(ctx, mgmt, team, channel, "https://example.webhook.office.com/webhookb2/x")
		}, ok},
		{"webhook http", func() error { return f.svc.PutTeamsWebhookURL(ctx, mgmt, team, channel, "http://example.com/x") }, badInput},
		{"webhook loopback", func() error {
			return f.svc.PutTeamsWebhookURL(ctx, mgmt, team, "19%3aother%40thread.tacv2", "http://127.0.0.1:9/x")
		}, ok},
		{"webhook unknown team", func() error {
			return f.svc.PutTeamsWebhookURL(ctx, mgmt, "11111111-7777-8888-9999-000000000000", channel, "https://example.com/x")
		}, notFound(gov.ResChatResource)},
		{"webhook member", func() error { return f.svc.PutTeamsWebhookURL(ctx, member, team, channel, "https://example.com/x") }, kind(gov.AccessDenied, "")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.want.check(t, tc.call()) })
	}
	f.reload()
	if tok, err := f.svc.SlackBotToken(ctx, "T012ABC"); err != nil || tok != "xoxb-1-2-abc" {
		t.Errorf("SlackBotToken after a restart = %q, %v", tok, err)
	}
	if u, err := f.svc.TeamsWebhookURL(ctx, team, channel); err != nil || u != "https://example.webhook.office.com/webhookb2/x" {
		t.Errorf("TeamsWebhookURL after a restart = %q, %v", u, err)
	}
	if ws, err := f.svc.SlackWorkspacesWithToken(member); err != nil || len(ws) != 1 || ws[0] != "T012ABC" {
		t.Errorf("SlackWorkspacesWithToken = %v, %v", ws, err)
	}
	if err := f.svc.PutSlackBotToken(ctx, mgmt, "T012ABC", ""); err != nil {
		t.Fatal(err)
	}
	f.reload()
	_, err := f.svc.SlackBotToken(ctx, "T012ABC")
	notFound(gov.ResChatResource).check(t, err)
	if ws, _ := f.svc.SlackWorkspacesWithToken(member); len(ws) != 0 {
		t.Errorf("a removed token is still listed: %v", ws)
	}
}
