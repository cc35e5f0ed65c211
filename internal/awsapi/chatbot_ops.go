package awsapi

import (
	"net/http"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
)

// chatbotOps is every AWS Chatbot operation chatgov serves, by path.
var chatbotOps = map[string]chatbotOp{
	api.PathCreateSlackChannelConfiguration:    rest(http.StatusCreated, createSlackChannelConfiguration),
	api.PathUpdateSlackChannelConfiguration:    rest(http.StatusOK, updateSlackChannelConfiguration),
	api.PathDeleteSlackChannelConfiguration:    rest(http.StatusNoContent, deleteSlackChannelConfiguration),
	api.PathDescribeSlackChannelConfigurations: rest(http.StatusOK, describeSlackChannelConfigurations),
	api.PathDescribeSlackWorkspaces:            rest(http.StatusOK, describeSlackWorkspaces),
	api.PathDeleteSlackWorkspaceAuthorization:  rest(http.StatusNoContent, deleteSlackWorkspaceAuthorization),
	api.PathDescribeSlackUserIdentities:        rest(http.StatusOK, describeSlackUserIdentities),
	api.PathDeleteSlackUserIdentity:            rest(http.StatusNoContent, deleteSlackUserIdentity),

	api.PathCreateMicrosoftTeamsChannelConfiguration: rest(http.StatusCreated, createTeamsChannelConfiguration),
	api.PathUpdateMicrosoftTeamsChannelConfiguration: rest(http.StatusOK, updateTeamsChannelConfiguration),
	api.PathDeleteMicrosoftTeamsChannelConfiguration: rest(http.StatusNoContent, deleteTeamsChannelConfiguration),
	api.PathGetMicrosoftTeamsChannelConfiguration:    rest(http.StatusOK, getTeamsChannelConfiguration),
	api.PathListMicrosoftTeamsChannelConfigurations:  rest(http.StatusOK, listTeamsChannelConfigurations),
	api.PathListMicrosoftTeamsConfiguredTeams:        rest(http.StatusOK, listTeamsConfiguredTeams),
	api.PathDeleteMicrosoftTeamsConfiguredTeam:       rest(http.StatusNoContent, deleteTeamsConfiguredTeam),
	api.PathListMicrosoftTeamsUserIdentities:         rest(http.StatusOK, listTeamsUserIdentities),
	api.PathDeleteMicrosoftTeamsUserIdentity:         rest(http.StatusNoContent, deleteTeamsUserIdentity),

	api.PathCreateChimeWebhookConfiguration:    rest(http.StatusCreated, createChimeWebhookConfiguration),
	api.PathUpdateChimeWebhookConfiguration:    rest(http.StatusOK, updateChimeWebhookConfiguration),
	api.PathDeleteChimeWebhookConfiguration:    rest(http.StatusNoContent, deleteChimeWebhookConfiguration),
	api.PathDescribeChimeWebhookConfigurations: rest(http.StatusOK, describeChimeWebhookConfigurations),

	api.PathGetAccountPreferences:    rest(http.StatusOK, getAccountPreferences),
	api.PathUpdateAccountPreferences: rest(http.StatusOK, updateAccountPreferences),
	api.PathTagResource:              rest(http.StatusOK, tagResource),
	api.PathUntagResource:            rest(http.StatusOK, untagResource),
	api.PathListTagsForResource:      rest(http.StatusOK, listTagsForResource),
}

// Slack.

func createSlackChannelConfiguration(h *Handler, r *request, in *api.CreateSlackChannelConfigurationInput) (api.CreateSlackChannelConfigurationOutput, error) {
	ci := chatInput(in.IamRoleArn, in.SnsTopicArns, in.LoggingLevel, in.GuardrailPolicyArns, in.UserAuthorizationRequired)
	ci.SlackChannelName = in.SlackChannelName
	nc := gov.NewChatConfiguration{Platform: gov.PlatformSlack, Name: in.ConfigurationName, SlackTeamID: in.SlackTeamID,
		SlackChannelID: in.SlackChannelID, Tags: chatTagsIn(in.Tags)}
	c, err := h.gov.CreateChatConfiguration(r.Context(), r.caller, nc, ci)
	if err != nil {
		return api.CreateSlackChannelConfigurationOutput{}, err
	}
	return api.CreateSlackChannelConfigurationOutput{ChannelConfiguration: slackConfiguration(c)}, nil
}

func updateSlackChannelConfiguration(h *Handler, r *request, in *api.UpdateSlackChannelConfigurationInput) (api.UpdateSlackChannelConfigurationOutput, error) {
	ci := chatInput(in.IamRoleArn, in.SnsTopicArns, in.LoggingLevel, in.GuardrailPolicyArns, in.UserAuthorizationRequired)
	ci.SlackChannelName = in.SlackChannelName
	c, err := h.gov.UpdateChatConfiguration(r.Context(), r.caller, in.ChatConfigurationArn, gov.PlatformSlack, in.SlackChannelID, ci)
	if err != nil {
		return api.UpdateSlackChannelConfigurationOutput{}, err
	}
	return api.UpdateSlackChannelConfigurationOutput{ChannelConfiguration: slackConfiguration(c)}, nil
}

func deleteSlackChannelConfiguration(h *Handler, r *request, in *api.DeleteSlackChannelConfigurationInput) (api.DeleteSlackChannelConfigurationOutput, error) {
	return api.DeleteSlackChannelConfigurationOutput{}, h.gov.DeleteChatConfiguration(r.Context(), r.caller, in.ChatConfigurationArn, gov.PlatformSlack)
}

func describeSlackChannelConfigurations(h *Handler, r *request, in *api.DescribeSlackChannelConfigurationsInput) (api.DescribeSlackChannelConfigurationsOutput, error) {
	max, err := chatbotMax(in.MaxResults)
	if err != nil {
		return api.DescribeSlackChannelConfigurationsOutput{}, err
	}
	p, err := h.gov.ListChatConfigurations(r.caller, gov.PlatformSlack, in.ChatConfigurationArn, "", in.NextToken, max)
	if err != nil {
		return api.DescribeSlackChannelConfigurationsOutput{}, err
	}
	return api.DescribeSlackChannelConfigurationsOutput{SlackChannelConfigurations: convert(p.Items, slackConfiguration), NextToken: p.NextToken}, nil
}

func describeSlackWorkspaces(h *Handler, r *request, in *api.DescribeSlackWorkspacesInput) (api.DescribeSlackWorkspacesOutput, error) {
	max, err := chatbotMax(in.MaxResults)
	if err != nil {
		return api.DescribeSlackWorkspacesOutput{}, err
	}
	p, err := h.gov.DescribeSlackWorkspaces(r.caller, in.NextToken, max)
	if err != nil {
		return api.DescribeSlackWorkspacesOutput{}, err
	}
	return api.DescribeSlackWorkspacesOutput{SlackWorkspaces: convert(p.Items, slackWorkspace), NextToken: p.NextToken}, nil
}

func deleteSlackWorkspaceAuthorization(h *Handler, r *request, in *api.DeleteSlackWorkspaceAuthorizationInput) (api.DeleteSlackWorkspaceAuthorizationOutput, error) {
	return api.DeleteSlackWorkspaceAuthorizationOutput{}, h.gov.ForgetWorkspace(r.caller, gov.PlatformSlack, in.SlackTeamID)
}

func describeSlackUserIdentities(h *Handler, r *request, in *api.DescribeSlackUserIdentitiesInput) (api.DescribeSlackUserIdentitiesOutput, error) {
	max, err := chatbotMax(in.MaxResults)
	if err != nil {
		return api.DescribeSlackUserIdentitiesOutput{}, err
	}
	p, err := h.gov.ListUserIdentities(r.caller, gov.PlatformSlack, in.ChatConfigurationArn, in.NextToken, max)
	if err != nil {
		return api.DescribeSlackUserIdentitiesOutput{}, err
	}
	return api.DescribeSlackUserIdentitiesOutput{SlackUserIdentities: convert(p.Items, slackUserIdentity), NextToken: p.NextToken}, nil
}

func deleteSlackUserIdentity(h *Handler, r *request, in *api.DeleteSlackUserIdentityInput) (api.DeleteSlackUserIdentityOutput, error) {
	return api.DeleteSlackUserIdentityOutput{}, h.gov.DeleteUserIdentity(r.Context(), r.caller, in.ChatConfigurationArn, gov.PlatformSlack, in.SlackUserID)
}

// Microsoft Teams.

func createTeamsChannelConfiguration(h *Handler, r *request, in *api.CreateMicrosoftTeamsChannelConfigurationInput) (api.CreateMicrosoftTeamsChannelConfigurationOutput, error) {
	ci := chatInput(in.IamRoleArn, in.SnsTopicArns, in.LoggingLevel, in.GuardrailPolicyArns, in.UserAuthorizationRequired)
	ci.ChannelName, ci.TeamName = in.ChannelName, in.TeamName
	nc := gov.NewChatConfiguration{Platform: gov.PlatformTeams, Name: in.ConfigurationName, ChannelID: in.ChannelID,
		TeamID: in.TeamID, TenantID: in.TenantID, Tags: chatTagsIn(in.Tags)}
	c, err := h.gov.CreateChatConfiguration(r.Context(), r.caller, nc, ci)
	if err != nil {
		return api.CreateMicrosoftTeamsChannelConfigurationOutput{}, err
	}
	return api.CreateMicrosoftTeamsChannelConfigurationOutput{ChannelConfiguration: teamsConfiguration(c)}, nil
}

func updateTeamsChannelConfiguration(h *Handler, r *request, in *api.UpdateMicrosoftTeamsChannelConfigurationInput) (api.UpdateMicrosoftTeamsChannelConfigurationOutput, error) {
	ci := chatInput(in.IamRoleArn, in.SnsTopicArns, in.LoggingLevel, in.GuardrailPolicyArns, in.UserAuthorizationRequired)
	ci.ChannelName = in.ChannelName
	c, err := h.gov.UpdateChatConfiguration(r.Context(), r.caller, in.ChatConfigurationArn, gov.PlatformTeams, in.ChannelID, ci)
	if err != nil {
		return api.UpdateMicrosoftTeamsChannelConfigurationOutput{}, err
	}
	return api.UpdateMicrosoftTeamsChannelConfigurationOutput{ChannelConfiguration: teamsConfiguration(c)}, nil
}

func deleteTeamsChannelConfiguration(h *Handler, r *request, in *api.DeleteMicrosoftTeamsChannelConfigurationInput) (api.DeleteMicrosoftTeamsChannelConfigurationOutput, error) {
	return api.DeleteMicrosoftTeamsChannelConfigurationOutput{}, h.gov.DeleteChatConfiguration(r.Context(), r.caller, in.ChatConfigurationArn, gov.PlatformTeams)
}

func getTeamsChannelConfiguration(h *Handler, r *request, in *api.GetMicrosoftTeamsChannelConfigurationInput) (api.GetMicrosoftTeamsChannelConfigurationOutput, error) {
	c, err := h.gov.GetChatConfiguration(r.caller, in.ChatConfigurationArn, gov.PlatformTeams)
	if err != nil {
		return api.GetMicrosoftTeamsChannelConfigurationOutput{}, err
	}
	return api.GetMicrosoftTeamsChannelConfigurationOutput{ChannelConfiguration: teamsConfiguration(c)}, nil
}

func listTeamsChannelConfigurations(h *Handler, r *request, in *api.ListMicrosoftTeamsChannelConfigurationsInput) (api.ListMicrosoftTeamsChannelConfigurationsOutput, error) {
	max, err := chatbotMax(in.MaxResults)
	if err != nil {
		return api.ListMicrosoftTeamsChannelConfigurationsOutput{}, err
	}
	p, err := h.gov.ListChatConfigurations(r.caller, gov.PlatformTeams, "", in.TeamID, in.NextToken, max)
	if err != nil {
		return api.ListMicrosoftTeamsChannelConfigurationsOutput{}, err
	}
	return api.ListMicrosoftTeamsChannelConfigurationsOutput{TeamChannelConfigurations: convert(p.Items, teamsConfiguration), NextToken: p.NextToken}, nil
}

func listTeamsConfiguredTeams(h *Handler, r *request, in *api.ListMicrosoftTeamsConfiguredTeamsInput) (api.ListMicrosoftTeamsConfiguredTeamsOutput, error) {
	max, err := chatbotMax(in.MaxResults)
	if err != nil {
		return api.ListMicrosoftTeamsConfiguredTeamsOutput{}, err
	}
	p, err := h.gov.ListConfiguredTeams(r.caller, in.NextToken, max)
	if err != nil {
		return api.ListMicrosoftTeamsConfiguredTeamsOutput{}, err
	}
	return api.ListMicrosoftTeamsConfiguredTeamsOutput{ConfiguredTeams: convert(p.Items, configuredTeam), NextToken: p.NextToken}, nil
}

func deleteTeamsConfiguredTeam(h *Handler, r *request, in *api.DeleteMicrosoftTeamsConfiguredTeamInput) (api.DeleteMicrosoftTeamsConfiguredTeamOutput, error) {
	return api.DeleteMicrosoftTeamsConfiguredTeamOutput{}, h.gov.ForgetWorkspace(r.caller, gov.PlatformTeams, in.TeamID)
}

func listTeamsUserIdentities(h *Handler, r *request, in *api.ListMicrosoftTeamsUserIdentitiesInput) (api.ListMicrosoftTeamsUserIdentitiesOutput, error) {
	max, err := chatbotMax(in.MaxResults)
	if err != nil {
		return api.ListMicrosoftTeamsUserIdentitiesOutput{}, err
	}
	p, err := h.gov.ListUserIdentities(r.caller, gov.PlatformTeams, in.ChatConfigurationArn, in.NextToken, max)
	if err != nil {
		return api.ListMicrosoftTeamsUserIdentitiesOutput{}, err
	}
	return api.ListMicrosoftTeamsUserIdentitiesOutput{TeamsUserIdentities: convert(p.Items, teamsUserIdentity), NextToken: p.NextToken}, nil
}

func deleteTeamsUserIdentity(h *Handler, r *request, in *api.DeleteMicrosoftTeamsUserIdentityInput) (api.DeleteMicrosoftTeamsUserIdentityOutput, error) {
	return api.DeleteMicrosoftTeamsUserIdentityOutput{}, h.gov.DeleteUserIdentity(r.Context(), r.caller, in.ChatConfigurationArn, gov.PlatformTeams, in.UserID)
}

// Amazon Chime.

func createChimeWebhookConfiguration(h *Handler, r *request, in *api.CreateChimeWebhookConfigurationInput) (api.CreateChimeWebhookConfigurationOutput, error) {
	ci := chatInput(in.IamRoleArn, in.SnsTopicArns, in.LoggingLevel, in.GuardrailPolicyArns, in.UserAuthorizationRequired)
	ci.WebhookURL, ci.WebhookDescription = in.WebhookURL, in.WebhookDescription
	nc := gov.NewChatConfiguration{Platform: gov.PlatformChime, Name: in.ConfigurationName, Tags: chatTagsIn(in.Tags)}
	c, err := h.gov.CreateChatConfiguration(r.Context(), r.caller, nc, ci)
	if err != nil {
		return api.CreateChimeWebhookConfigurationOutput{}, err
	}
	return api.CreateChimeWebhookConfigurationOutput{WebhookConfiguration: chimeConfiguration(c)}, nil
}

func updateChimeWebhookConfiguration(h *Handler, r *request, in *api.UpdateChimeWebhookConfigurationInput) (api.UpdateChimeWebhookConfigurationOutput, error) {
	ci := chatInput(in.IamRoleArn, in.SnsTopicArns, in.LoggingLevel, in.GuardrailPolicyArns, in.UserAuthorizationRequired)
	ci.WebhookURL, ci.WebhookDescription = in.WebhookURL, in.WebhookDescription
	c, err := h.gov.UpdateChatConfiguration(r.Context(), r.caller, in.ChatConfigurationArn, gov.PlatformChime, "", ci)
	if err != nil {
		return api.UpdateChimeWebhookConfigurationOutput{}, err
	}
	return api.UpdateChimeWebhookConfigurationOutput{WebhookConfiguration: chimeConfiguration(c)}, nil
}

func deleteChimeWebhookConfiguration(h *Handler, r *request, in *api.DeleteChimeWebhookConfigurationInput) (api.DeleteChimeWebhookConfigurationOutput, error) {
	return api.DeleteChimeWebhookConfigurationOutput{}, h.gov.DeleteChatConfiguration(r.Context(), r.caller, in.ChatConfigurationArn, gov.PlatformChime)
}

func describeChimeWebhookConfigurations(h *Handler, r *request, in *api.DescribeChimeWebhookConfigurationsInput) (api.DescribeChimeWebhookConfigurationsOutput, error) {
	max, err := chatbotMax(in.MaxResults)
	if err != nil {
		return api.DescribeChimeWebhookConfigurationsOutput{}, err
	}
	p, err := h.gov.ListChatConfigurations(r.caller, gov.PlatformChime, in.ChatConfigurationArn, "", in.NextToken, max)
	if err != nil {
		return api.DescribeChimeWebhookConfigurationsOutput{}, err
	}
	return api.DescribeChimeWebhookConfigurationsOutput{WebhookConfigurations: convert(p.Items, chimeConfiguration), NextToken: p.NextToken}, nil
}

// Preferences and tags.

func getAccountPreferences(h *Handler, r *request, _ *api.GetAccountPreferencesInput) (api.GetAccountPreferencesOutput, error) {
	return api.GetAccountPreferencesOutput{AccountPreferences: preferences(h.gov.Preferences(r.caller))}, nil
}

func updateAccountPreferences(h *Handler, r *request, in *api.UpdateAccountPreferencesInput) (api.UpdateAccountPreferencesOutput, error) {
	p, err := h.gov.UpdatePreferences(r.Context(), r.caller, in.UserAuthorizationRequired, in.TrainingDataCollectionEnabled)
	if err != nil {
		return api.UpdateAccountPreferencesOutput{}, err
	}
	return api.UpdateAccountPreferencesOutput{AccountPreferences: preferences(p)}, nil
}

func tagResource(h *Handler, r *request, in *api.TagResourceInput) (api.TagResourceOutput, error) {
	return api.TagResourceOutput{}, h.gov.TagChatConfiguration(r.Context(), r.caller, in.ResourceARN, chatTagsIn(in.Tags))
}

func untagResource(h *Handler, r *request, in *api.UntagResourceInput) (api.UntagResourceOutput, error) {
	return api.UntagResourceOutput{}, h.gov.UntagChatConfiguration(r.Context(), r.caller, in.ResourceARN, in.TagKeys)
}

func listTagsForResource(h *Handler, r *request, in *api.ListTagsForResourceInput) (api.ListTagsForResourceOutput, error) {
	tags, err := h.gov.ChatTags(r.caller, in.ResourceARN)
	if err != nil {
		return api.ListTagsForResourceOutput{}, err
	}
	return api.ListTagsForResourceOutput{Tags: convert(tags, func(t gov.Tag) api.Tag { return api.Tag{TagKey: t.Key, TagValue: t.Value} })}, nil
}
