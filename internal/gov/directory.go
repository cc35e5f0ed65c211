package gov

import (
	"context"
	"sort"
	"strings"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
	"github.com/chatgov/chatgov/internal/store"
)

// touchChannel re-checks the configurations of a Slack channel.
func (ch *change) touchChannel(teamID, channelID string) {
	ch.m.Chats.Range(func(acct string, ac *snapshot.AccountChats) bool {
		for _, c := range ac.Configs {
			if c.Platform == store.PlatformSlack && c.SlackTeamID == teamID && c.SlackChannelID == channelID {
				ch.touch(acct)
				break
			}
		}
		return true
	})
}

// PutSlackChannel records a Slack channel, with its visibility, in the
// directory; configurations in that channel are re-checked.
func (s *Service) PutSlackChannel(ctx context.Context, c Caller, sc SlackChannel) error {
	in := sc.record()
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opPutSlackChannel, ""); err != nil {
			return err
		}
		if !reSlackTeam.MatchString(in.TeamID) {
			return badParam("SlackTeamId %q is not a Slack workspace ID (upper-case letters and digits)", in.TeamID)
		}
		if !reSlackChannel.MatchString(in.ChannelID) {
			return badParam("SlackChannelId %q is not a Slack channel ID (letters and digits)", in.ChannelID)
		}
		if in.Visibility != string(chatbot.Public) && in.Visibility != string(chatbot.Private) {
			return badParam("ChannelVisibility must be \"public\" or \"private\", not %q", in.Visibility)
		}
		if len(in.TeamName) > 255 || len(in.ChannelName) > 255 {
			return badParam("names are at most 255 characters")
		}
		in.UpdatedAt = ch.now
		ch.m.SlackChannels.Set(slackKey(in.TeamID, in.ChannelID), &in)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutSlackChannel(ctx, in) })
		ch.because(opPutSlackChannel.String(), c, "recorded Slack channel %s/%s as %s", in.TeamID, in.ChannelID, in.Visibility)
		ch.touchChannel(in.TeamID, in.ChannelID)
		return nil
	})
}

// DeleteSlackChannel removes a channel from the directory; its
// configurations are re-checked (their visibility becomes unknown). It
// returns NotFound (ResChatResource) for a channel the directory does not
// have, and the errors of authorize.
func (s *Service) DeleteSlackChannel(ctx context.Context, c Caller, teamID, channelID string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opDeleteSlackChannel, ""); err != nil {
			return err
		}
		key := slackKey(teamID, channelID)
		if _, ok := m.SlackChannels.Get(key); !ok {
			return newErr(NotFound, ResChatResource, "", "the directory has no Slack channel %s in workspace %s", channelID, teamID)
		}
		ch.m.SlackChannels.Delete(key)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteSlackChannel(ctx, teamID, channelID) })
		ch.because(opDeleteSlackChannel.String(), c, "removed Slack channel %s/%s from the directory", teamID, channelID)
		ch.touchChannel(teamID, channelID)
		return nil
	})
}

// PutTeamsTeam records a Microsoft Teams team in the directory.
func (s *Service) PutTeamsTeam(ctx context.Context, c Caller, tt TeamsTeam) error {
	in := tt.record()
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opPutTeamsTeam, ""); err != nil {
			return err
		}
		if !reUUID.MatchString(in.TenantID) {
			return badParam("TenantId %q is not a Microsoft Teams tenant ID (a UUID)", in.TenantID)
		}
		if !reUUID.MatchString(in.TeamID) {
			return badParam("TeamId %q is not a Microsoft Teams team ID (a UUID)", in.TeamID)
		}
		if len(in.TeamName) > 255 {
			return badParam("TeamName is at most 255 characters")
		}
		in.UpdatedAt = ch.now
		ch.m.TeamsTeams.Set(teamsKey(in.TeamID), &in)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutTeamsTeam(ctx, in) })
		return nil
	})
}

// DeleteTeamsTeam removes a team from the directory. It returns NotFound
// (ResChatResource) for a team the directory does not have, and the errors
// of authorize.
func (s *Service) DeleteTeamsTeam(ctx context.Context, c Caller, teamID string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opDeleteTeamsTeam, ""); err != nil {
			return err
		}
		t, ok := m.TeamsTeams.Get(teamsKey(teamID))
		if !ok {
			return newErr(NotFound, ResChatResource, "", "the directory has no Microsoft Teams team %s", teamID)
		}
		ch.m.TeamsTeams.Delete(teamsKey(teamID))
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteTeamsTeam(ctx, t.TeamID) })
		return nil
	})
}

// Directory is the organization's chat directory.
type Directory struct {
	SlackChannels []SlackChannel
	TeamsTeams    []TeamsTeam
}

// ListDirectory returns the directory, sorted. Any account of the
// organization may read it. It returns the errors of authorize.
func (s *Service) ListDirectory(c Caller) (Directory, error) {
	m := s.model()
	if err := m.authorize(c, opListDirectory, ""); err != nil {
		return Directory{}, err
	}
	var d Directory
	m.SlackChannels.Range(func(_ string, ch *store.SlackChannel) bool {
		d.SlackChannels = append(d.SlackChannels, slackChannelOf(*ch))
		return true
	})
	m.TeamsTeams.Range(func(_ string, t *store.TeamsTeam) bool {
		d.TeamsTeams = append(d.TeamsTeams, teamsTeamOf(*t))
		return true
	})
	sort.Slice(d.SlackChannels, func(i, j int) bool {
		a, b := d.SlackChannels[i], d.SlackChannels[j]
		return a.TeamID < b.TeamID || a.TeamID == b.TeamID && a.ChannelID < b.ChannelID
	})
	sort.Slice(d.TeamsTeams, func(i, j int) bool { return teamsKey(d.TeamsTeams[i].TeamID) < teamsKey(d.TeamsTeams[j].TeamID) })
	return d, nil
}

// Entry is a workspace or team of the directory as one account sees it.
type Entry struct {
	SlackTeamID   string
	SlackTeamName string
	TenantID      string
	TeamID        string
	TeamName      string
	State         string
	StateReason   string
}

// entryState applies the rules of a decision that concern a workspace or a
// team, not a channel: the platform's client, the workspace, the tenant
// and team lists.
func entryState(d chatbot.Decision) (string, string) {
	var reasons []string
	for _, r := range d.Reasons {
		switch r.Rule {
		case chatbot.RuleClient, chatbot.RuleWorkspace, chatbot.RuleTenant, chatbot.RuleTeam:
			if !r.Allowed {
				msg := r.Message()
				if r.Path != "" {
					msg += " (" + r.Path + ")"
				}
				reasons = append(reasons, msg)
			}
		}
	}
	if len(reasons) == 0 {
		return StateEnabled, ""
	}
	return StateDisabled, strings.Join(reasons, "; ")
}

// DescribeSlackWorkspaces lists the directory's Slack workspaces, each
// ENABLED or DISABLED (with why) under the caller's effective policy. Any
// account may call it. It returns Invalid (INVALID_NEXT_TOKEN) for a token
// of another list.
func (s *Service) DescribeSlackWorkspaces(c Caller, token string, max int) (Page[Entry], error) {
	m := s.model()
	if err := m.authorize(c, opDescribeSlackWorkspaces, ""); err != nil {
		return Page[Entry]{}, err
	}
	view := m.chatbotView(c.AccountID)
	names := map[string]string{}
	m.SlackChannels.Range(func(_ string, ch *store.SlackChannel) bool {
		if names[ch.TeamID] == "" {
			names[ch.TeamID] = ch.TeamName
		}
		return true
	})
	var out []Entry
	for id, name := range names {
		if name == "" {
			name = id
		}
		st, why := entryState(chatbot.Decide(view, chatbot.Config{Platform: chatbot.Slack, SlackTeamID: id}))
		out = append(out, Entry{SlackTeamID: id, SlackTeamName: name, State: st, StateReason: why})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SlackTeamID < out[j].SlackTeamID })
	return paginate(out, token, max)
}

// ListConfiguredTeams lists the directory's Microsoft Teams teams, each
// ENABLED or DISABLED under the caller's effective policy. Any account may
// call it. It returns Invalid (INVALID_NEXT_TOKEN) for a token of another
// list.
func (s *Service) ListConfiguredTeams(c Caller, token string, max int) (Page[Entry], error) {
	m := s.model()
	if err := m.authorize(c, opListConfiguredTeams, ""); err != nil {
		return Page[Entry]{}, err
	}
	view := m.chatbotView(c.AccountID)
	var out []Entry
	m.TeamsTeams.Range(func(_ string, t *store.TeamsTeam) bool {
		st, why := entryState(chatbot.Decide(view, chatbot.Config{Platform: chatbot.MicrosoftTeams, TenantID: t.TenantID, TeamID: t.TeamID}))
		out = append(out, Entry{TenantID: t.TenantID, TeamID: t.TeamID, TeamName: t.TeamName, State: st, StateReason: why})
		return true
	})
	sort.Slice(out, func(i, j int) bool { return teamsKey(out[i].TeamID) < teamsKey(out[j].TeamID) })
	return paginate(out, token, max)
}

// ForgetWorkspace answers DeleteSlackWorkspaceAuthorization and
// DeleteMicrosoftTeamsConfiguredTeam. The directory belongs to the
// organization, so an account cannot remove an entry; as on AWS, the call
// fails while the account still has configurations there, with Invalid
// (ResChatResource), and otherwise succeeds without changing anything.
func (s *Service) ForgetWorkspace(c Caller, platform, id string) error {
	m := s.model()
	if err := m.authorize(c, opForgetWorkspace, ""); err != nil {
		return err
	}
	ac, _ := m.Chats.Get(c.AccountID)
	if ac == nil {
		return nil
	}
	for _, cfg := range ac.Configs {
		if platform == store.PlatformSlack && cfg.Platform == platform && cfg.SlackTeamID == id ||
			platform == store.PlatformTeams && cfg.Platform == platform && teamsKey(cfg.TeamID) == teamsKey(id) {
			// The API models only InvalidParameterException for these calls.
			return newErr(Invalid, ResChatResource, "", "account %s still has channel configurations there (%s); delete them first", c.AccountID, cfg.ARN)
		}
	}
	return nil
}

// Preferences returns the caller's account preferences.
func (s *Service) Preferences(c Caller) AccountPreferences {
	return preferencesOf(s.preferences(c))
}

func (s *Service) preferences(c Caller) store.AccountPreferences {
	if p, ok := s.model().Preferences.Get(c.AccountID); ok {
		return *p
	}
	return store.AccountPreferences{AccountID: c.AccountID}
}

// UpdatePreferences changes the caller's account preferences; requiring
// user roles re-checks the account's configurations (D6).
func (s *Service) UpdatePreferences(ctx context.Context, c Caller, userRole, training *bool) (AccountPreferences, error) {
	var out AccountPreferences
	err := s.update(ctx, func(ch *change) error {
		if err := ch.m.authorize(c, opUpdateAccountPreferences, ""); err != nil {
			return err
		}
		p := s.preferences(c)
		if cur, ok := ch.m.Preferences.Get(c.AccountID); ok {
			p = *cur
		}
		if userRole != nil {
			p.UserAuthorizationRequired = *userRole
		}
		if training != nil {
			p.TrainingDataCollectionEnabled = *training
		}
		out = preferencesOf(p)
		ch.m.Preferences.Set(c.AccountID, &p)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutAccountPreferences(ctx, p) })
		ch.because(opUpdateAccountPreferences.String(), c, "set UserAuthorizationRequired to %v for account %s", p.UserAuthorizationRequired, c.AccountID)
		ch.touch(c.AccountID)
		return nil
	})
	return out, err
}

// ListUserIdentities lists the user identities of the caller's
// configurations of one platform, of every platform when platform is ""
// (of one configuration when arn is set). It returns AccessDenied for a
// caller who may not list them and InvalidParameter for a bad token.
func (s *Service) ListUserIdentities(c Caller, platform, arn, token string, max int) (Page[UserIdentity], error) {
	m := s.model()
	if err := m.authorize(c, opListUserIdentities, ""); err != nil {
		return Page[UserIdentity]{}, err
	}
	ac, _ := m.Chats.Get(c.AccountID)
	var out []UserIdentity
	if ac != nil {
		for _, cfg := range ac.Configs {
			if platform != "" && cfg.Platform != platform || arn != "" && cfg.ARN != arn {
				continue
			}
			ids, _ := m.Identities.Get(cfg.ARN)
			for _, u := range ids {
				out = append(out, userIdentityOf(*u))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].ConfigurationARN < out[j].ConfigurationARN || out[i].ConfigurationARN == out[j].ConfigurationARN && out[i].ChatUserID < out[j].ChatUserID
	})
	return paginate(out, token, max)
}

// PutUserIdentity maps a chat user of one of the caller's configurations to
// an IAM role. It returns the errors of ownConfig, and InvalidParameter
// for a missing user ID or a malformed role ARN.
func (s *Service) PutUserIdentity(ctx context.Context, c Caller, in UserIdentityInput) (UserIdentity, error) {
	u := store.UserIdentity{ConfigurationARN: in.ConfigurationARN, ChatUserID: in.ChatUserID, IamRoleARN: in.IamRoleARN}
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opPutUserIdentity, ""); err != nil {
			return err
		}
		ac, i, err := m.ownConfig(c, u.ConfigurationARN, "")
		if err != nil {
			return err
		}
		cfg := ac.Configs[i]
		if u.ChatUserID == "" || len(u.ChatUserID) > 255 {
			return badParam("the chat user ID is required (at most 255 characters)")
		}
		if !reServiceARN.MatchString(u.IamRoleARN) || !strings.Contains(u.IamRoleARN, ":role/") {
			return badParam("IamRoleArn %q is not an IAM role ARN", u.IamRoleARN)
		}
		switch cfg.Platform {
		case store.PlatformSlack:
			u.TeamID, u.TenantID, u.ChannelID = cfg.SlackTeamID, "", ""
		case store.PlatformTeams:
			u.TeamID, u.TenantID, u.ChannelID = cfg.TeamID, cfg.TenantID, cfg.ChannelID
		default:
			return badParam("Chime webhook configurations have no chat users")
		}
		if u.AwsUserIdentity == "" {
			u.AwsUserIdentity = u.IamRoleARN
		}
		u.CreatedAt = ch.now
		cur, _ := m.Identities.Get(u.ConfigurationARN)
		var next []*store.UserIdentity
		for _, x := range cur {
			if x.ChatUserID != u.ChatUserID {
				next = append(next, x)
			}
		}
		ch.m.Identities.Set(u.ConfigurationARN, append(next, &u))
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutUserIdentity(ctx, u) })
		return nil
	})
	return userIdentityOf(u), err
}

// DeleteUserIdentity removes a chat user's role mapping (platform "" for a
// configuration of any platform). It returns the
// errors of ownConfig, and NotFound (ResChatResource) for a user the
// configuration does not map.
func (s *Service) DeleteUserIdentity(ctx context.Context, c Caller, arn, platform, userID string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opDeleteUserIdentity, ""); err != nil {
			return err
		}
		if _, _, err := m.ownConfig(c, arn, platform); err != nil {
			return err
		}
		cur, _ := m.Identities.Get(arn)
		var next []*store.UserIdentity
		found := false
		for _, x := range cur {
			if x.ChatUserID == userID {
				found = true
				continue
			}
			next = append(next, x)
		}
		if !found {
			return newErr(NotFound, ResChatResource, "", "configuration %s has no user identity %s", arn, userID)
		}
		if len(next) == 0 {
			ch.m.Identities.Delete(arn)
		} else {
			ch.m.Identities.Set(arn, next)
		}
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteUserIdentity(ctx, arn, userID) })
		return nil
	})
}
