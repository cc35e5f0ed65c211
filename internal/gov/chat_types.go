package gov

import (
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// The types the chat use cases take and return. They are gov's own, not
// the store's records: an adapter reads and writes these, and the
// conversions below are the only place where the two meet.

// Chat platforms, as ChatConfiguration.Platform and the compliance history
// spell them.
const (
	PlatformSlack = store.PlatformSlack
	PlatformTeams = store.PlatformTeams
	PlatformChime = store.PlatformChime
)

// ChatConfiguration is a channel configuration as the Chatbot API shows
// it, with its state. The Chime webhook URL is a secret of its own and is
// never returned.
type ChatConfiguration struct {
	ARN                       string
	AccountID                 string
	Platform                  string
	Name                      string
	IamRoleARN                string
	SnsTopicARNs              []string
	LoggingLevel              string
	GuardrailPolicyARNs       []string
	UserAuthorizationRequired bool
	// Slack.
	SlackTeamID      string
	SlackTeamName    string
	SlackChannelID   string
	SlackChannelName string
	// Microsoft Teams.
	TenantID    string
	TeamID      string
	TeamName    string
	ChannelID   string
	ChannelName string
	// Chime.
	WebhookDescription string
	Tags               map[string]string
	CreatedAt          time.Time
	UpdatedAt          time.Time
	// State is StateEnabled or StateDisabled; StateReason says why a
	// configuration is disabled.
	State       string
	StateReason string
}

// NewChatConfiguration names a configuration to create, the channel it is
// for and its tags; ChatInput gives the rest.
type NewChatConfiguration struct {
	Platform string
	Name     string
	// Slack: the workspace and the channel.
	SlackTeamID    string
	SlackChannelID string
	// Microsoft Teams: the tenant, the team and the channel.
	TenantID  string
	TeamID    string
	ChannelID string
	Tags      map[string]string
}

// record is the stored configuration nc starts as.
func (nc NewChatConfiguration) record() store.ChatConfiguration {
	return store.ChatConfiguration{Platform: nc.Platform, Name: nc.Name, SlackTeamID: nc.SlackTeamID, SlackChannelID: nc.SlackChannelID,
		TenantID: nc.TenantID, TeamID: nc.TeamID, ChannelID: nc.ChannelID, Tags: nc.Tags}
}

// chatOperations name the use cases that create and update a
// configuration of each platform, as the compliance history records them.
var chatOperations = map[string]struct{ create, update string }{
	PlatformSlack: {"CreateSlackChannelConfiguration", "UpdateSlackChannelConfiguration"},
	PlatformTeams: {"CreateMicrosoftTeamsChannelConfiguration", "UpdateMicrosoftTeamsChannelConfiguration"},
	PlatformChime: {"CreateChimeWebhookConfiguration", "UpdateChimeWebhookConfiguration"},
}

// chatConfigurationOf returns the configuration a record shows, in state.
func chatConfigurationOf(c store.ChatConfiguration, state, reason string) ChatConfiguration {
	return ChatConfiguration{ARN: c.ARN, AccountID: c.AccountID, Platform: c.Platform, Name: c.Name, IamRoleARN: c.IamRoleARN,
		SnsTopicARNs: c.SnsTopicARNs, LoggingLevel: c.LoggingLevel, GuardrailPolicyARNs: c.GuardrailPolicyARNs,
		UserAuthorizationRequired: c.UserAuthorizationRequired, SlackTeamID: c.SlackTeamID, SlackTeamName: c.SlackTeamName,
		SlackChannelID: c.SlackChannelID, SlackChannelName: c.SlackChannelName, TenantID: c.TenantID, TeamID: c.TeamID,
		TeamName: c.TeamName, ChannelID: c.ChannelID, ChannelName: c.ChannelName, WebhookDescription: c.WebhookDescription,
		Tags: c.Tags, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, State: state, StateReason: reason}
}

// SlackChannel is a Slack channel of the organization's chat directory.
type SlackChannel struct {
	TeamID      string
	TeamName    string
	ChannelID   string
	ChannelName string
	// Visibility is "public" or "private".
	Visibility string
	// UpdatedAt is when it was recorded; PutSlackChannel ignores it.
	UpdatedAt time.Time
}

func (c SlackChannel) record() store.SlackChannel {
	return store.SlackChannel{TeamID: c.TeamID, TeamName: c.TeamName, ChannelID: c.ChannelID, ChannelName: c.ChannelName,
		Visibility: c.Visibility, UpdatedAt: c.UpdatedAt}
}

func slackChannelOf(c store.SlackChannel) SlackChannel {
	return SlackChannel{TeamID: c.TeamID, TeamName: c.TeamName, ChannelID: c.ChannelID, ChannelName: c.ChannelName,
		Visibility: c.Visibility, UpdatedAt: c.UpdatedAt}
}

// TeamsTeam is a Microsoft Teams team of the chat directory.
type TeamsTeam struct {
	TenantID string
	TeamID   string
	TeamName string
	// UpdatedAt is when it was recorded; PutTeamsTeam ignores it.
	UpdatedAt time.Time
}

func (t TeamsTeam) record() store.TeamsTeam {
	return store.TeamsTeam{TenantID: t.TenantID, TeamID: t.TeamID, TeamName: t.TeamName, UpdatedAt: t.UpdatedAt}
}

func teamsTeamOf(t store.TeamsTeam) TeamsTeam {
	return TeamsTeam{TenantID: t.TenantID, TeamID: t.TeamID, TeamName: t.TeamName, UpdatedAt: t.UpdatedAt}
}

// AccountPreferences are an account's AWS Chatbot preferences.
type AccountPreferences struct {
	AccountID                     string
	UserAuthorizationRequired     bool
	TrainingDataCollectionEnabled bool
}

func preferencesOf(p store.AccountPreferences) AccountPreferences {
	return AccountPreferences{AccountID: p.AccountID, UserAuthorizationRequired: p.UserAuthorizationRequired,
		TrainingDataCollectionEnabled: p.TrainingDataCollectionEnabled}
}

// UserIdentityInput maps a chat user of a configuration to an IAM role.
type UserIdentityInput struct {
	ConfigurationARN string
	ChatUserID       string
	IamRoleARN       string
}

// UserIdentity maps a chat user to the IAM role they act with through one
// configuration.
type UserIdentity struct {
	ConfigurationARN string
	ChatUserID       string
	// TeamID is the Slack workspace or Microsoft Teams team; TenantID and
	// ChannelID are set for Microsoft Teams.
	TeamID          string
	TenantID        string
	ChannelID       string
	IamRoleARN      string
	AwsUserIdentity string
	CreatedAt       time.Time
}

func userIdentityOf(u store.UserIdentity) UserIdentity {
	return UserIdentity{ConfigurationARN: u.ConfigurationARN, ChatUserID: u.ChatUserID, TeamID: u.TeamID, TenantID: u.TenantID,
		ChannelID: u.ChannelID, IamRoleARN: u.IamRoleARN, AwsUserIdentity: u.AwsUserIdentity, CreatedAt: u.CreatedAt}
}
