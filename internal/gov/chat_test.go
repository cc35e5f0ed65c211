package gov_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

func rootOf(account string) gov.Caller {
	return gov.Caller{AccountID: account, ARN: "arn:aws:iam::" + account + ":root"}
}

func strp(s string) *string { return &s }

// chatConfig is a configuration to create: its record (platform, name,
// channel, tags) and its fields.
type chatConfig struct {
	rec gov.NewChatConfiguration
	in  gov.ChatInput
}

func slackConfig(account, name, channel string) chatConfig {
	return chatConfig{rec: gov.NewChatConfiguration{Platform: store.PlatformSlack, Name: name, SlackTeamID: "T012ABC", SlackChannelID: channel},
		in: gov.ChatInput{IamRoleARN: strp("arn:aws:iam::" + account + ":role/chat")}}
}

func (cc chatConfig) create(ctx context.Context, svc *gov.Service, c gov.Caller) (gov.ChatConfiguration, error) {
	return svc.CreateChatConfiguration(ctx, c, cc.rec, cc.in)
}

// TestChatConfigurationRules checks the validation of configurations'
// fields, for every platform.
func TestChatConfigurationRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	member := f.account("member")
	slack := func(edit func(*chatConfig)) chatConfig {
		cc := slackConfig(member, "ops", "C012ABC")
		edit(&cc)
		return cc
	}
	teams := func(edit func(*chatConfig)) chatConfig {
		cc := chatConfig{rec: gov.NewChatConfiguration{Platform: store.PlatformTeams, Name: "ops", TenantID: "11111111-2222-3333-4444-555555555555",
			TeamID: "66666666-7777-8888-9999-000000000000", ChannelID: "19%3a0123456789abcdef%40thread.tacv2"},
			in: gov.ChatInput{IamRoleARN: strp("arn:aws:iam::" + member + ":role/chat")}}
		edit(&cc)
		return cc
	}
	chime := func(edit func(*chatConfig)) chatConfig {
		cc := chatConfig{rec: gov.NewChatConfiguration{Platform: store.PlatformChime, Name: "ops"},
			in: gov.ChatInput{IamRoleARN: strp("arn:aws:iam::" + member + ":role/chat"), SnsTopicARNs: &[]string{"arn:aws:sns:us-east-1:" + member + ":t"},
				WebhookURL: strp("https://hooks.chime.aws/incomingwebhooks/abc-123?token=abc"), WebhookDescription: strp("alerts")}}
		edit(&cc)
		return cc
	}
	bad := wantErr{kind: gov.Invalid, resource: gov.ResChatConfiguration, reason: gov.ReasonInvalidPattern}
	manyTags := map[string]string{}
	for i := range gov.MaxChatTags + 1 {
		manyTags[strings.Repeat("k", i+1)] = "v"
	}
	tests := []struct {
		name string
		cc   chatConfig
		want wantErr
	}{
		{"name", slack(func(cc *chatConfig) { cc.rec.Name = "a b" }), bad},
		{"role", slack(func(cc *chatConfig) { cc.in.IamRoleARN = strp("chat") }), bad},
		{"topic", slack(func(cc *chatConfig) { cc.in.SnsTopicARNs = &[]string{"topic"} }), bad},
		{"another account's topic", slack(func(cc *chatConfig) { cc.in.SnsTopicARNs = &[]string{"arn:aws:sns:us-east-1:" + mgmtID + ":t"} }), bad},
		{"logging level", slack(func(cc *chatConfig) { cc.in.LoggingLevel = strp("DEBUG") }), bad},
		{"service role guardrail", slack(func(cc *chatConfig) {
			cc.in.GuardrailPolicyARNs = &[]string{"arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy"}
		}), bad},
		{"Slack workspace", slack(func(cc *chatConfig) { cc.rec.SlackTeamID = "t012abc" }), bad},
		{"Slack channel", slack(func(cc *chatConfig) { cc.rec.SlackChannelID = "C-1" }), bad},
		{"Teams tenant", teams(func(cc *chatConfig) { cc.rec.TenantID = "tenant" }), bad},
		{"Teams team", teams(func(cc *chatConfig) { cc.rec.TeamID = "team" }), bad},
		{"Teams channel", teams(func(cc *chatConfig) { cc.rec.ChannelID = "general" }), bad},
		{"Chime webhook", chime(func(cc *chatConfig) { cc.in.WebhookURL = strp("https://example.com/hook") }), bad},
		{"Chime description", chime(func(cc *chatConfig) { cc.in.WebhookDescription = strp("") }), bad},
		{"Chime without topics", chime(func(cc *chatConfig) { cc.in.SnsTopicARNs = &[]string{} }), bad},
		{"too many tags", slack(func(cc *chatConfig) { cc.rec.Tags = manyTags }),
			wantErr{kind: gov.Constraint, resource: gov.ResChatConfiguration, reason: "TOO_MANY_TAGS"}},
		{"long tag key", slack(func(cc *chatConfig) { cc.rec.Tags = map[string]string{strings.Repeat("k", 129): "v"} }), bad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.cc.create(ctx, f.svc, rootOf(member))
			tt.want.check(t, err)
		})
	}
	// Each platform's valid configuration, in accounts of their own.
	for i, cc := range []chatConfig{slack(func(*chatConfig) {}), teams(func(*chatConfig) {}), chime(func(*chatConfig) {})} {
		account := f.account("valid" + string(rune('a'+i)))
		cc.in.IamRoleARN = strp("arn:aws:iam::" + account + ":role/chat")
		if cc.in.SnsTopicARNs != nil {
			cc.in.SnsTopicARNs = &[]string{"arn:aws:sns:us-east-1:" + account + ":t"}
		}
		if c, err := cc.create(ctx, f.svc, rootOf(account)); err != nil || c.State != gov.StateEnabled {
			t.Errorf("%s configuration: %+v %v", cc.rec.Platform, c, err)
		}
	}
}

// TestChatConfigurationLifecycle follows a configuration through its
// uses, a policy that disables it and enables it again, and its deletion.
func TestChatConfigurationLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	member, other := f.account("member"), f.account("other")
	c := rootOf(member)
	var arn string
	steps := []struct {
		name string
		call call
		want wantErr
	}{
		{"create", func(ctx context.Context, svc *gov.Service) error {
			cfg, err := slackConfig(member, "ops", "C012ABC").create(ctx, svc, c)
			arn = cfg.ARN
			return err
		}, ok},
		{"the name is taken", func(ctx context.Context, svc *gov.Service) error {
			_, err := slackConfig(member, "ops", "C999").create(ctx, svc, c)
			return err
		}, alreadyExists(gov.ResChatConfiguration)},
		{"the channel is taken", func(ctx context.Context, svc *gov.Service) error {
			_, err := slackConfig(member, "ops2", "C012ABC").create(ctx, svc, c)
			return err
		}, alreadyExists(gov.ResSlackChannel)},
		{"another account's channel is its own", func(ctx context.Context, svc *gov.Service) error {
			_, err := slackConfig(other, "ops", "C012ABC").create(ctx, svc, rootOf(other))
			return err
		}, ok},
		{"update", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.UpdateChatConfiguration(ctx, c, arn, store.PlatformSlack, "C012ABC", gov.ChatInput{LoggingLevel: strp("INFO")})
			if err == nil {
				if got, _ := svc.GetChatConfiguration(c, arn, store.PlatformSlack); got.LoggingLevel != "INFO" {
					t.Errorf("after the update: %+v", got)
				}
			}
			return err
		}, ok},
		{"another platform's ARN", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.GetChatConfiguration(c, arn, store.PlatformTeams)
			return err
		}, notFound(gov.ResChatConfiguration)},
		{"another account's caller", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.GetChatConfiguration(rootOf(other), arn, store.PlatformSlack)
			return err
		}, notFound(gov.ResChatConfiguration)},
		{"a malformed ARN", func(ctx context.Context, svc *gov.Service) error {
			return svc.DeleteChatConfiguration(ctx, c, "arn", "")
		}, wantErr{kind: gov.Invalid, resource: gov.ResChatConfiguration, reason: gov.ReasonInvalidPattern}},
		{"tags", func(ctx context.Context, svc *gov.Service) error {
			if err := svc.TagChatConfiguration(ctx, c, arn, map[string]string{"team": "ops"}); err != nil {
				return err
			}
			if tags, _ := svc.ChatTags(c, arn); len(tags) != 1 || tags[0].Key != "team" {
				t.Errorf("tags %+v", tags)
			}
			if err := svc.UntagChatConfiguration(ctx, c, arn, []string{"team", "absent"}); err != nil {
				return err
			}
			if tags, _ := svc.ChatTags(c, arn); len(tags) != 0 {
				t.Errorf("tags after untagging %+v", tags)
			}
			return nil
		}, ok},
		{"a user identity needs a user", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.PutUserIdentity(ctx, c, gov.UserIdentityInput{ConfigurationARN: arn, IamRoleARN: "arn:aws:iam::" + member + ":role/u"})
			return err
		}, wantErr{kind: gov.Invalid, resource: gov.ResChatConfiguration, reason: gov.ReasonInvalidPattern}},
		{"a user identity needs a role", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.PutUserIdentity(ctx, c, gov.UserIdentityInput{ConfigurationARN: arn, ChatUserID: "U1", IamRoleARN: "arn:aws:iam::" + member + ":user/u"})
			return err
		}, wantErr{kind: gov.Invalid, resource: gov.ResChatConfiguration, reason: gov.ReasonInvalidPattern}},
		{"a user identity", func(ctx context.Context, svc *gov.Service) error {
			if _, err := svc.PutUserIdentity(ctx, c, gov.UserIdentityInput{ConfigurationARN: arn, ChatUserID: "U1",
				IamRoleARN: "arn:aws:iam::" + member + ":role/u"}); err != nil {
				return err
			}
			p, err := svc.ListUserIdentities(c, store.PlatformSlack, arn, "", 0)
			if err == nil && (len(p.Items) != 1 || p.Items[0].TeamID != "T012ABC") {
				t.Errorf("user identities %+v", p.Items)
			}
			return err
		}, ok},
		{"an unknown user", func(ctx context.Context, svc *gov.Service) error {
			return svc.DeleteUserIdentity(ctx, c, arn, store.PlatformSlack, "U2")
		}, notFound(gov.ResChatResource)},
		{"a workspace with configurations stays", func(ctx context.Context, svc *gov.Service) error {
			return svc.ForgetWorkspace(c, store.PlatformSlack, "T012ABC")
		}, wantErr{kind: gov.Invalid, resource: gov.ResChatResource}},
		{"another workspace", func(ctx context.Context, svc *gov.Service) error {
			return svc.ForgetWorkspace(c, store.PlatformSlack, "T999")
		}, ok},
		{"a policy disables it", func(ctx context.Context, svc *gov.Service) error {
			f.enable(policy.ChatbotPolicy)
			deny := f.policy("deny", policy.ChatbotPolicy, chatDenyAll)
			if err := svc.AttachPolicy(ctx, mgmt, deny, member); err != nil {
				return err
			}
			got, err := svc.GetChatConfiguration(c, arn, store.PlatformSlack)
			if err == nil && (got.State != gov.StateDisabled || got.StateReason == "") {
				t.Errorf("under a denying policy: %s %q", got.State, got.StateReason)
			}
			return err
		}, ok},
		{"the change is a compliance event", func(ctx context.Context, svc *gov.Service) error {
			got, err := svc.ListComplianceEvents(ctx, c, gov.ComplianceFilter{})
			if err == nil && (len(got.Events) != 1 || got.Events[0].NewState != gov.StateDisabled || got.Events[0].Cause.Operation != "AttachPolicy" ||
				got.Summary.Total.Disabled != 1) {
				t.Errorf("compliance %+v", got)
			}
			return err
		}, ok},
		{"a new one is denied", func(ctx context.Context, svc *gov.Service) error {
			_, err := slackConfig(member, "ops3", "C777").create(ctx, svc, c)
			return err
		}, kind(gov.Denied, gov.ResChatConfiguration)},
		{"detaching enables it again", func(ctx context.Context, svc *gov.Service) error {
			p, err := svc.ListPoliciesForTarget(mgmt, member, policy.ChatbotPolicy, "", 0)
			if err != nil {
				return err
			}
			if err := svc.DetachPolicy(ctx, mgmt, p.Items[0].ID, member); err != nil {
				return err
			}
			got, err := svc.GetChatConfiguration(c, arn, store.PlatformSlack)
			if err == nil && got.State != gov.StateEnabled {
				t.Errorf("after detaching: %s %q", got.State, got.StateReason)
			}
			return err
		}, ok},
		{"delete", func(ctx context.Context, svc *gov.Service) error {
			if err := svc.DeleteChatConfiguration(ctx, c, arn, store.PlatformSlack); err != nil {
				return err
			}
			_, err := svc.GetChatConfiguration(c, arn, store.PlatformSlack)
			return err
		}, notFound(gov.ResChatConfiguration)},
	}
	for _, s := range steps {
		if !t.Run(s.name, func(t *testing.T) { s.want.check(t, s.call(ctx, f.svc)) }) {
			return
		}
	}
}

// TestDirectoryRules checks the validation of the chat directory's
// entries.
func TestDirectoryRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	bad := wantErr{kind: gov.Invalid, resource: gov.ResChatConfiguration, reason: gov.ReasonInvalidPattern}
	channel := func(edit func(*gov.SlackChannel)) call {
		ch := gov.SlackChannel{TeamID: "T012ABC", ChannelID: "C012ABC", Visibility: "private"}
		edit(&ch)
		return func(ctx context.Context, svc *gov.Service) error { return svc.PutSlackChannel(ctx, mgmt, ch) }
	}
	team := func(edit func(*gov.TeamsTeam)) call {
		tm := gov.TeamsTeam{TenantID: "11111111-2222-3333-4444-555555555555", TeamID: "66666666-7777-8888-9999-000000000000"}
		edit(&tm)
		return func(ctx context.Context, svc *gov.Service) error { return svc.PutTeamsTeam(ctx, mgmt, tm) }
	}
	tests := []struct {
		name string
		call call
		want wantErr
	}{
		{"Slack/workspace", channel(func(ch *gov.SlackChannel) { ch.TeamID = "t1" }), bad},
		{"Slack/channel", channel(func(ch *gov.SlackChannel) { ch.ChannelID = "" }), bad},
		{"Slack/visibility", channel(func(ch *gov.SlackChannel) { ch.Visibility = "secret" }), bad},
		{"Slack/long name", channel(func(ch *gov.SlackChannel) { ch.ChannelName = strings.Repeat("c", 256) }), bad},
		{"Slack/valid", channel(func(*gov.SlackChannel) {}), ok},
		{"Slack/not in the directory", func(ctx context.Context, svc *gov.Service) error {
			return svc.DeleteSlackChannel(ctx, mgmt, "T0", "C0")
		}, notFound(gov.ResChatResource)},
		{"Teams/tenant", team(func(tm *gov.TeamsTeam) { tm.TenantID = "tenant" }), bad},
		{"Teams/team", team(func(tm *gov.TeamsTeam) { tm.TeamID = "" }), bad},
		{"Teams/long name", team(func(tm *gov.TeamsTeam) { tm.TeamName = strings.Repeat("t", 256) }), bad},
		{"Teams/valid", team(func(*gov.TeamsTeam) {}), ok},
		{"Teams/not in the directory", func(ctx context.Context, svc *gov.Service) error { return svc.DeleteTeamsTeam(ctx, mgmt, "none") },
			notFound(gov.ResChatResource)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.want.check(t, tt.call(ctx, f.svc))
		})
	}
}
