package gov_test

import (
	"context"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
	"github.com/chatgov/chatgov/internal/store"
)

// TestDecideChatConfiguration checks the decision on a would-be
// configuration: who may ask, the checks of a create, and a decision that
// is the one CreateChatConfiguration makes, with nothing stored.
func TestDecideChatConfiguration(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	f.enable(policy.ChatbotPolicy)
	p := f.policy("private-slack", policy.ChatbotPolicy,
		`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"enabled"},"default":{"supported_channel_types":{"@@assign":["private"]}}}}}}`)
	if err := f.svc.AttachPolicy(ctx, mgmt, p, f.root()); err != nil {
		t.Fatal(err)
	}
	member, other := f.account("member"), f.account("other")
	for channel, vis := range map[string]string{"C0PRIVATE": "private", "C0PUBLIC": "public"} {
		if err := f.svc.PutSlackChannel(ctx, mgmt, gov.SlackChannel{TeamID: "T012ABC", ChannelID: channel, Visibility: vis}); err != nil {
			t.Fatal(err)
		}
	}
	slack := func(channel string) chatConfig { return slackConfig(member, "ops", channel) }
	tests := []struct {
		name    string
		caller  gov.Caller
		account string
		cc      chatConfig
		want    wantErr
		allowed bool
		denied  []chatbot.Rule
	}{
		{name: "own account, private channel", caller: rootOf(member), cc: slack("C0PRIVATE"), allowed: true},
		{name: "own account, public channel", caller: rootOf(member), cc: slack("C0PUBLIC"), denied: []chatbot.Rule{chatbot.RuleChannelType}},
		{name: "visibility unknown", caller: rootOf(member), account: member, cc: slack("C0UNKNOWN"), denied: []chatbot.Rule{chatbot.RuleChannelType}},
		{name: "the management account about a member", caller: mgmt, account: member, cc: slack("C0PRIVATE"), allowed: true},
		{name: "the management account about itself", caller: mgmt, cc: slack("C0PUBLIC"), denied: []chatbot.Rule{chatbot.RuleChannelType}},
		{name: "a member about another", caller: rootOf(other), account: member, cc: slack("C0PRIVATE"), want: kind(gov.AccessDenied, "")},
		{name: "an account outside the organization", caller: mgmt, account: "999999999999", cc: slack("C0PRIVATE"), want: notFound(gov.ResAccount)},
		{name: "a malformed account", caller: mgmt, account: "12", cc: slack("C0PRIVATE"), want: invalid(gov.ReasonInvalidPattern)},
		{name: "a create's checks", caller: mgmt, account: member, cc: func() chatConfig { cc := slack("C0PRIVATE"); cc.in.IamRoleARN = strp("chat"); return cc }(),
			want: wantErr{kind: gov.Invalid, resource: gov.ResChatConfiguration, reason: gov.ReasonInvalidPattern}},
		{name: "no platform", caller: mgmt, account: member, cc: func() chatConfig { cc := slack("C0PRIVATE"); cc.rec.Platform = ""; return cc }(),
			want: wantErr{kind: gov.Invalid, resource: gov.ResChatConfiguration, reason: gov.ReasonInvalidPattern}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := f.svc.DecideChatConfiguration(tt.caller, tt.account, tt.cc.rec, tt.cc.in)
			tt.want.check(t, err)
			if err != nil {
				return
			}
			account := tt.account
			if account == "" {
				account = tt.caller.AccountID
			}
			if d.AccountID != account || d.ConfigurationARN != "arn:aws:chatbot::"+account+":chat-configuration/slack-channel/ops" || d.Allowed != tt.allowed {
				t.Errorf("decision %+v", d)
			}
			var denied []chatbot.Rule
			for _, r := range d.Reasons {
				if !r.Allowed {
					denied = append(denied, r.Rule)
				}
			}
			if len(denied) != len(tt.denied) || len(denied) > 0 && denied[0] != tt.denied[0] {
				t.Errorf("denying rules %v, want %v", denied, tt.denied)
			}
		})
	}

	// The answer is CreateChatConfiguration's, and asking stored nothing.
	for _, channel := range []string{"C0PUBLIC", "C0PRIVATE"} {
		cc := slackConfig(member, "ops-"+channel, channel)
		d, err := f.svc.DecideChatConfiguration(mgmt, member, cc.rec, cc.in)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := f.svc.ListChatConfigurations(rootOf(member), store.PlatformSlack, "", "", "", 0); err != nil || len(got.Items) != 0 {
			t.Fatalf("after deciding: %+v %v", got, err)
		}
		created, err := cc.create(ctx, f.svc, rootOf(member))
		switch {
		case d.Allowed && (err != nil || created.State != gov.StateEnabled || created.ARN != d.ConfigurationARN):
			t.Errorf("%s: decided allowed, created %+v, %v", channel, created, err)
		case !d.Allowed && (err == nil || gov.ErrorOf(err).Kind != gov.Denied || gov.ErrorOf(err).Message != d.DenialMessage()):
			t.Errorf("%s: decided %q, create answered %v", channel, d.DenialMessage(), err)
		}
	}
}
