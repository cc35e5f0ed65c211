package gov

import (
	"context"
	"net"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/chatgov/chatgov/internal/store"
)

// The chat directory's secrets: a Slack workspace's bot token and a
// Microsoft Teams channel's incoming-webhook URL, which the gateway posts
// notifications with. They are write-only: stored, never returned by any
// operation of the API. They are kept as settings (named values of the
// store), so that they need no table of their own and load with the state;
// a removed secret is stored as the empty value (the store has no setting
// deletion), which reads as none.

const (
	settingSlackBotToken = "slack-bot-token/"   // + workspace ID
	settingTeamsWebhook  = "teams-webhook-url/" // + team ID + "/" + channel ID
)

var reSlackBotToken = regexp.MustCompile(`^xoxb-[A-Za-z0-9-]{1,250}$`)

// PutSlackBotToken registers the bot token of a Slack workspace, which
// notifications to the workspace's channels are posted with; an empty
// token removes it. Only the management account or the chatbot delegated
// administrator may call it. It returns Invalid for a workspace ID or a
// token of the wrong form, and the errors of authorize.
func (s *Service) PutSlackBotToken(ctx context.Context, c Caller, teamID, token string) error {
	return s.update(ctx, func(ch *change) error {
		if err := ch.m.authorize(c, opPutSlackBotToken, ""); err != nil {
			return err
		}
		if !reSlackTeam.MatchString(teamID) {
			return newErr(Invalid, ResChatResource, ReasonInvalidPattern, "SlackTeamId %q is not a Slack workspace ID (upper-case letters and digits)", teamID)
		}
		if token != "" && !reSlackBotToken.MatchString(token) {
			return newErr(Invalid, ResChatResource, ReasonInvalidPattern, "the token of workspace %s is not a Slack bot token (xoxb-...)", teamID)
		}
		ch.putSetting(settingSlackBotToken+teamID, token)
		return nil
	})
}

// PutTeamsWebhookURL registers the incoming-webhook (or Workflows) URL of
// a Microsoft Teams channel, which notifications to configurations of that
// channel are posted to; an empty URL removes it. The team must be in the
// directory. Only the management account or the chatbot delegated
// administrator may call it. It returns Invalid for IDs or a URL of the
// wrong form, NotFound (ResChatResource) for a team the directory does not
// have, and the errors of authorize.
func (s *Service) PutTeamsWebhookURL(ctx context.Context, c Caller, teamID, channelID, webhookURL string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opPutTeamsWebhookURL, ""); err != nil {
			return err
		}
		if !reUUID.MatchString(teamID) {
			return newErr(Invalid, ResChatResource, ReasonInvalidPattern, "TeamId %q is not a Microsoft Teams team ID (a UUID)", teamID)
		}
		if len(channelID) > 256 || !reTeamsChannel.MatchString(channelID) {
			return newErr(Invalid, ResChatResource, ReasonInvalidPattern, "ChannelId %q is not a Microsoft Teams channel ID (such as 19%%3a...%%40thread.tacv2)", channelID)
		}
		if _, ok := m.TeamsTeams.Get(teamsKey(teamID)); !ok {
			return newErr(NotFound, ResChatResource, "", "the directory has no Microsoft Teams team %s: put the team first", teamID)
		}
		if webhookURL != "" {
			if err := checkWebhookURL(webhookURL); err != nil {
				return err
			}
		}
		ch.putSetting(settingTeamsWebhook+teamsKey(teamID)+"/"+channelID, webhookURL)
		return nil
	})
}

// checkWebhookURL accepts an https URL, or an http one to a loopback
// address (a local stand-in).
func checkWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	bad := err != nil || u.Host == "" || len(raw) > 2048
	if !bad && u.Scheme != "https" {
		ip := net.ParseIP(u.Hostname())
		bad = u.Scheme != "http" || !(u.Hostname() == "localhost" || ip != nil && ip.IsLoopback())
	}
	if bad {
		return newErr(Invalid, ResChatResource, ReasonInvalidPattern, "the webhook URL must be an https URL (http only to a loopback address), at most 2048 characters")
	}
	return nil
}

// putSetting sets (or, with "", removes) a setting in the next model and
// queues its write.
func (ch *change) putSetting(key, value string) {
	settings := make(map[string]string, len(ch.m.Settings)+1)
	for k, v := range ch.m.Settings {
		settings[k] = v
	}
	if value == "" {
		delete(settings, key)
	} else {
		settings[key] = value
	}
	ch.m.Settings = settings
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutSetting(ctx, key, value) })
}

// SlackBotToken returns the bot token registered for a Slack workspace.
// It is for chatgov's own gateway, never for an API answer. It returns
// NotFound (ResChatResource) when the workspace has none.
func (s *Service) SlackBotToken(ctx context.Context, teamID string) (string, error) {
	if t := s.model().Settings[settingSlackBotToken+teamID]; t != "" {
		return t, nil
	}
	return "", newErr(NotFound, ResChatResource, "", "no bot token is registered for Slack workspace %s", teamID)
}

// TeamsWebhookURL returns the incoming-webhook URL registered for a
// Microsoft Teams channel, for chatgov's own gateway. It returns NotFound
// (ResChatResource) when the channel has none.
func (s *Service) TeamsWebhookURL(ctx context.Context, teamID, channelID string) (string, error) {
	if u := s.model().Settings[settingTeamsWebhook+teamsKey(teamID)+"/"+channelID]; u != "" {
		return u, nil
	}
	return "", newErr(NotFound, ResChatResource, "", "no webhook URL is registered for Microsoft Teams channel %s of team %s", channelID, teamID)
}

// SlackWorkspacesWithToken lists the workspaces that have a bot token,
// without the tokens, sorted.
func (s *Service) SlackWorkspacesWithToken(c Caller) ([]string, error) {
	m := s.model()
	if err := m.authorize(c, opListDirectory, ""); err != nil {
		return nil, err
	}
	var out []string
	for k, v := range m.Settings {
		if id, ok := strings.CutPrefix(k, settingSlackBotToken); ok && v != "" {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out, nil
}
