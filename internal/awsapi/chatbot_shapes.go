package awsapi

import (
	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
)

// The conversions between gov's types and AWS Chatbot's shapes.

// convert converts every item; the list it returns is never nil, so that
// it is written as [].
func convert[A, B any](items []A, conv func(A) B) []B {
	out := make([]B, len(items))
	for i, it := range items {
		out[i] = conv(it)
	}
	return out
}

// chatInput gathers the members that create and update requests share.
func chatInput(role *string, topics *[]string, level *string, guardrails *[]string, userRole *bool) gov.ChatInput {
	return gov.ChatInput{IamRoleARN: role, SnsTopicARNs: topics, LoggingLevel: level, GuardrailPolicyARNs: guardrails,
		UserAuthorizationRequired: userRole}
}

// loggingLevel is a configuration's level as the API shows it: NONE when
// none was given.
func loggingLevel(c gov.ChatConfiguration) string {
	if c.LoggingLevel == "" {
		return "NONE"
	}
	return c.LoggingLevel
}

func slackConfiguration(c gov.ChatConfiguration) api.SlackChannelConfiguration {
	return api.SlackChannelConfiguration{ChatConfigurationArn: c.ARN, ConfigurationName: c.Name,
		GuardrailPolicyArns: nonNil(c.GuardrailPolicyARNs), IamRoleArn: c.IamRoleARN, LoggingLevel: loggingLevel(c),
		SlackChannelID: c.SlackChannelID, SlackChannelName: c.SlackChannelName, SlackTeamID: c.SlackTeamID, SlackTeamName: c.SlackTeamName,
		SnsTopicArns: nonNil(c.SnsTopicARNs), State: c.State, StateReason: c.StateReason, Tags: chatTagsOut(c.Tags),
		UserAuthorizationRequired: c.UserAuthorizationRequired}
}

func teamsConfiguration(c gov.ChatConfiguration) api.TeamsChannelConfiguration {
	return api.TeamsChannelConfiguration{ChannelID: c.ChannelID, ChannelName: c.ChannelName, ChatConfigurationArn: c.ARN,
		ConfigurationName: c.Name, GuardrailPolicyArns: nonNil(c.GuardrailPolicyARNs), IamRoleArn: c.IamRoleARN,
		LoggingLevel: loggingLevel(c), SnsTopicArns: nonNil(c.SnsTopicARNs), State: c.State, StateReason: c.StateReason,
		Tags: chatTagsOut(c.Tags), TeamID: c.TeamID, TeamName: c.TeamName, TenantID: c.TenantID,
		UserAuthorizationRequired: c.UserAuthorizationRequired}
}

func chimeConfiguration(c gov.ChatConfiguration) api.ChimeWebhookConfiguration {
	return api.ChimeWebhookConfiguration{ChatConfigurationArn: c.ARN, ConfigurationName: c.Name, IamRoleArn: c.IamRoleARN,
		LoggingLevel: loggingLevel(c), SnsTopicArns: nonNil(c.SnsTopicARNs), State: c.State, StateReason: c.StateReason,
		Tags: chatTagsOut(c.Tags), WebhookDescription: c.WebhookDescription}
}

func slackWorkspace(e gov.Entry) api.SlackWorkspace {
	return api.SlackWorkspace{SlackTeamID: e.SlackTeamID, SlackTeamName: e.SlackTeamName, State: e.State, StateReason: e.StateReason}
}

func configuredTeam(e gov.Entry) api.ConfiguredTeam {
	return api.ConfiguredTeam{State: e.State, StateReason: e.StateReason, TeamID: e.TeamID, TeamName: e.TeamName, TenantID: e.TenantID}
}

func slackUserIdentity(u gov.UserIdentity) api.SlackUserIdentity {
	return api.SlackUserIdentity{AwsUserIdentity: u.AwsUserIdentity, ChatConfigurationArn: u.ConfigurationARN, IamRoleArn: u.IamRoleARN,
		SlackTeamID: u.TeamID, SlackUserID: u.ChatUserID}
}

func teamsUserIdentity(u gov.UserIdentity) api.TeamsUserIdentity {
	return api.TeamsUserIdentity{AwsUserIdentity: u.AwsUserIdentity, ChatConfigurationArn: u.ConfigurationARN, IamRoleArn: u.IamRoleARN,
		TeamID: u.TeamID, TeamsChannelID: u.ChannelID, TeamsTenantID: u.TenantID, UserID: u.ChatUserID}
}

func preferences(p gov.AccountPreferences) api.AccountPreferences {
	return api.AccountPreferences{TrainingDataCollectionEnabled: p.TrainingDataCollectionEnabled,
		UserAuthorizationRequired: p.UserAuthorizationRequired}
}
