package gov

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/store"
)

// reSigningSecret bounds a signing secret: a Slack app's is 32 hexadecimal
// characters, a Teams outgoing webhook's security token 44 characters of
// base64; anything printable from 16 to 256 characters is accepted.
var reSigningSecret = regexp.MustCompile(`^[\x21-\x7e]{16,256}$`)

// SigningSecretInput registers the secret a chat platform signs one
// workspace's requests with: for PlatformSlack, WorkspaceID is the Slack
// team ID and Secret the Slack app's signing secret; for PlatformTeams,
// WorkspaceID is the Microsoft Teams team ID and Secret the outgoing
// webhook's security token (base64, as Teams shows it).
type SigningSecretInput struct {
	Platform    string
	WorkspaceID string
	Secret      string
}

// PutSigningSecret records a workspace's signing secret in the chat
// directory, replacing the one it had. Only the management account and the
// chatbot delegated administrator may; the secret is never returned. It
// returns Invalid (INVALID_PATTERN) for an unknown platform, a malformed
// workspace ID or secret, and the errors of authorize.
func (s *Service) PutSigningSecret(ctx context.Context, c Caller, in SigningSecretInput) error {
	return s.update(ctx, func(ch *change) error {
		if err := ch.m.authorize(c, opPutSigningSecret, ""); err != nil {
			return err
		}
		key, err := signingKey(in.Platform, in.WorkspaceID)
		if err != nil {
			return err
		}
		if !reSigningSecret.MatchString(in.Secret) {
			return badParam("Secret must be 16 to 256 printable characters without spaces (a Slack signing secret, or a Teams outgoing webhook's security token)")
		}
		rec := store.SigningSecret{Platform: key.platform, WorkspaceID: key.workspace, Secret: in.Secret, UpdatedAt: ch.now}
		ch.m.SigningSecrets.Set(key.String(), in.Secret)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutSigningSecret(ctx, rec) })
		return nil
	})
}

// DeleteSigningSecret forgets a workspace's signing secret: its requests
// are refused from then on. It returns NotFound (ResChatResource) when
// there is none, and the errors of PutSigningSecret.
func (s *Service) DeleteSigningSecret(ctx context.Context, c Caller, platform, workspaceID string) error {
	return s.update(ctx, func(ch *change) error {
		if err := ch.m.authorize(c, opDeleteSigningSecret, ""); err != nil {
			return err
		}
		key, err := signingKey(platform, workspaceID)
		if err != nil {
			return err
		}
		if _, ok := ch.m.SigningSecrets.Get(key.String()); !ok {
			return newErr(NotFound, ResChatResource, "", "the directory has no signing secret for %s workspace %s", platform, workspaceID)
		}
		ch.m.SigningSecrets.Delete(key.String())
		ch.do(func(ctx context.Context, tx store.Tx) error {
			return tx.DeleteSigningSecret(ctx, key.platform, key.workspace)
		})
		return nil
	})
}

func signingKey(platform, workspaceID string) (secretKey, error) {
	switch platform {
	case PlatformSlack:
		if !reSlackTeam.MatchString(workspaceID) {
			return secretKey{}, badParam("WorkspaceId %q is not a Slack workspace ID (upper-case letters and digits)", workspaceID)
		}
		return secretKey{platform, workspaceID}, nil
	case PlatformTeams:
		if !reUUID.MatchString(workspaceID) {
			return secretKey{}, badParam("WorkspaceId %q is not a Microsoft Teams team ID (a UUID)", workspaceID)
		}
		return secretKey{platform, teamsKey(workspaceID)}, nil
	}
	return secretKey{}, badParam("Platform must be %q or %q, not %q", PlatformSlack, PlatformTeams, platform)
}

// SigningSecret returns the secret a workspace's requests are signed with,
// for the chat gateway to verify them; false when none is registered. It
// is not an API operation: the secret never leaves the server.
func (s *Service) SigningSecret(platform, workspaceID string) (string, bool) {
	key, err := signingKey(platform, workspaceID)
	if err != nil {
		return "", false
	}
	return s.model().SigningSecrets.Get(key.String())
}

// ChannelCommandInput is a command typed in a chat channel, as the chat
// gateway received it from a verified request.
type ChannelCommandInput struct {
	Platform string
	// Slack.
	SlackTeamID    string
	SlackChannelID string
	// Microsoft Teams: the channel ID as Teams sends it (19:...@thread...)
	// or as AWS Chatbot stores it (URL-encoded).
	TenantID  string
	TeamID    string
	ChannelID string
	// ChatUserID is the member who typed it.
	ChatUserID string
	// Text is what they typed: "@aws ec2 describe-instances", or
	// "@aws run ALIAS name=value ..." for a custom action.
	Text string
}

// ChannelCommand is the decision on a command typed in a channel.
type ChannelCommand struct {
	ConfigurationARN string
	AccountID        string
	// RoleARN is the role a run assumes: the member's mapped user role,
	// else the configuration's channel role.
	RoleARN string
	// Alias and Command: the custom action run, when the text was
	// "run ALIAS", and the command it expanded to (else the text typed).
	Alias   string
	Command string
	CommandDecision
}

// DecideChannelCommand finds the configuration of the channel a command
// was typed in and decides the command through the gates of
// SimulateChatCommand, as the configuration's account. A custom action
// ("run ALIAS name=value ...") associated with the configuration expands
// first. It returns NotFound (ResChatConfiguration) when no configuration
// is in that channel, Invalid (ResChatConfiguration) when configurations of
// several accounts are, Invalid for an unknown alias or a missing
// variable, and the errors of SimulateChatCommand.
func (s *Service) DecideChannelCommand(in ChannelCommandInput) (ChannelCommand, error) {
	m := s.model()
	cfg, err := m.channelConfiguration(in)
	if err != nil {
		return ChannelCommand{}, err
	}
	out := ChannelCommand{ConfigurationARN: cfg.ARN, AccountID: cfg.AccountID, RoleARN: cfg.IamRoleARN, Command: in.Text}
	ids, _ := m.Identities.Get(cfg.ARN)
	for _, u := range ids {
		if in.ChatUserID != "" && u.ChatUserID == in.ChatUserID {
			out.RoleARN = u.IamRoleARN
		}
	}
	if alias, vars, ok := parseRun(in.Text); ok {
		a, err := m.associatedAction(cfg.ARN, alias)
		if err != nil {
			return ChannelCommand{}, err
		}
		if out.Command, err = expandAction(a, vars); err != nil {
			return ChannelCommand{}, err
		}
		out.Alias = alias
	}
	as := Caller{AccountID: cfg.AccountID, ARN: "arn:aws:iam::" + cfg.AccountID + ":root"}
	out.CommandDecision, err = s.SimulateChatCommand(as, CommandInput{ConfigurationARN: cfg.ARN, Command: out.Command, ChatUserID: in.ChatUserID})
	return out, err
}

// channelConfiguration finds the configuration of a channel.
func (m model) channelConfiguration(in ChannelCommandInput) (*snapshot.ChatRec, error) {
	teamsChannel := func(id string) string {
		if u, err := url.PathUnescape(id); err == nil {
			id = u
		}
		return strings.ToLower(id)
	}
	var found []*snapshot.ChatRec
	m.Chats.Range(func(_ string, ac *snapshot.AccountChats) bool {
		for _, c := range ac.Configs {
			switch {
			case in.Platform == PlatformSlack && c.Platform == PlatformSlack:
				if c.SlackTeamID == in.SlackTeamID && c.SlackChannelID == in.SlackChannelID {
					found = append(found, c)
				}
			case in.Platform == PlatformTeams && c.Platform == PlatformTeams:
				if teamsKey(c.TenantID) == teamsKey(in.TenantID) && (in.TeamID == "" || teamsKey(c.TeamID) == teamsKey(in.TeamID)) &&
					teamsChannel(c.ChannelID) == teamsChannel(in.ChannelID) {
					found = append(found, c)
				}
			}
		}
		return true
	})
	where := "Slack channel " + in.SlackChannelID + " of workspace " + in.SlackTeamID
	if in.Platform == PlatformTeams {
		where = "Microsoft Teams channel " + in.ChannelID + " of tenant " + in.TenantID
	}
	switch len(found) {
	case 0:
		return nil, newErr(NotFound, ResChatConfiguration, "", "no channel configuration is set up for %s", where)
	case 1:
		return found[0], nil
	}
	var arns []string
	for _, c := range found {
		arns = append(arns, c.ARN)
	}
	slices.Sort(arns)
	return nil, newErr(Invalid, ResChatConfiguration, "", "%s has configurations in several accounts (%s); chatgov runs commands only in a channel that one account configured",
		where, strings.Join(arns, ", "))
}

// SigningSecrets returns every secret registered for a platform, for the
// requests that name no workspace (Slack's url_verification, sent when an
// app's request URL is set). It is not an API operation.
func (s *Service) SigningSecrets(platform string) []string {
	var out []string
	s.model().SigningSecrets.Range(func(k, v string) bool {
		if strings.HasPrefix(k, platform+"/") {
			out = append(out, v)
		}
		return true
	})
	slices.Sort(out)
	return out
}
