package awsapi

import (
	"net/http"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/store"
)

// configFields are the members create and update requests share.
type configFields struct {
	IamRoleArn                *string
	SnsTopicArns              *[]string
	LoggingLevel              *string
	GuardrailPolicyArns       *[]string
	UserAuthorizationRequired *bool
}

func (f configFields) input() gov.ChatInput {
	return gov.ChatInput{IamRoleARN: f.IamRoleArn, SnsTopicARNs: f.SnsTopicArns, LoggingLevel: f.LoggingLevel,
		GuardrailPolicyARNs: f.GuardrailPolicyArns, UserAuthorizationRequired: f.UserAuthorizationRequired}
}

type arnInput struct{ ChatConfigurationArn string }

type listInput struct {
	ChatConfigurationArn string
	paging
}

// chatbotOps is every AWS Chatbot operation chatgov serves, by path.
var chatbotOps = map[string]chatbotOp{
	"/create-slack-channel-configuration": rest(http.StatusCreated, func(h *Handler, r *request, in *struct {
		ConfigurationName, SlackTeamId, SlackChannelId string
		SlackChannelName                               *string
		Tags                                           []chatTagJSON
		configFields
	}) (any, error) {
		ci := in.input()
		ci.SlackChannelName = in.SlackChannelName
		rec := store.ChatConfiguration{Platform: store.PlatformSlack, Name: in.ConfigurationName, SlackTeamID: in.SlackTeamId,
			SlackChannelID: in.SlackChannelId, Tags: chatTagsIn(in.Tags)}
		c, err := h.gov.CreateChatConfiguration(r.Context(), r.caller, rec, ci, "CreateSlackChannelConfiguration")
		return map[string]any{"ChannelConfiguration": configJSON(c)}, err
	}),
	"/update-slack-channel-configuration": rest(http.StatusOK, func(h *Handler, r *request, in *struct {
		ChatConfigurationArn, SlackChannelId string
		SlackChannelName                     *string
		configFields
	}) (any, error) {
		ci := in.input()
		ci.SlackChannelName = in.SlackChannelName
		c, err := h.gov.UpdateChatConfiguration(r.Context(), r.caller, in.ChatConfigurationArn, store.PlatformSlack, in.SlackChannelId, ci,
			"UpdateSlackChannelConfiguration")
		return map[string]any{"ChannelConfiguration": configJSON(c)}, err
	}),
	"/delete-slack-channel-configuration": rest(http.StatusNoContent, func(h *Handler, r *request, in *arnInput) (any, error) {
		return nil, h.gov.DeleteChatConfiguration(r.Context(), r.caller, in.ChatConfigurationArn, store.PlatformSlack)
	}),
	"/describe-slack-channel-configurations": rest(http.StatusOK, func(h *Handler, r *request, in *listInput) (any, error) {
		max, err := in.chatbotMax()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListChatConfigurations(r.caller, store.PlatformSlack, in.ChatConfigurationArn, "", in.NextToken, max)
		return configPage("SlackChannelConfigurations", p), err
	}),
	"/describe-slack-workspaces": rest(http.StatusOK, func(h *Handler, r *request, in *paging) (any, error) {
		max, err := in.chatbotMax()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.DescribeSlackWorkspaces(r.caller, in.NextToken, max)
		return page("SlackWorkspaces", p, func(e gov.Entry) map[string]any {
			return stateful(map[string]any{"SlackTeamId": e.SlackTeamID, "SlackTeamName": e.SlackTeamName}, e)
		}), err
	}),
	"/delete-slack-workspace-authorization": rest(http.StatusNoContent, func(h *Handler, r *request, in *struct{ SlackTeamId string }) (any, error) {
		return nil, h.gov.ForgetWorkspace(r.caller, store.PlatformSlack, in.SlackTeamId)
	}),
	"/describe-slack-user-identities": rest(http.StatusOK, func(h *Handler, r *request, in *listInput) (any, error) {
		max, err := in.chatbotMax()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListUserIdentities(r.caller, store.PlatformSlack, in.ChatConfigurationArn, in.NextToken, max)
		return page("SlackUserIdentities", p, func(u store.UserIdentity) map[string]any {
			return map[string]any{"IamRoleArn": u.IamRoleARN, "ChatConfigurationArn": u.ConfigurationARN, "SlackTeamId": u.TeamID,
				"SlackUserId": u.ChatUserID, "AwsUserIdentity": u.AwsUserIdentity}
		}), err
	}),
	"/delete-slack-user-identity": rest(http.StatusNoContent, func(h *Handler, r *request, in *struct{ ChatConfigurationArn, SlackTeamId, SlackUserId string }) (any, error) {
		return nil, h.gov.DeleteUserIdentity(r.Context(), r.caller, in.ChatConfigurationArn, store.PlatformSlack, in.SlackUserId)
	}),

	"/create-ms-teams-channel-configuration": rest(http.StatusCreated, func(h *Handler, r *request, in *struct {
		ConfigurationName, ChannelId, TeamId, TenantId string
		ChannelName, TeamName                          *string
		Tags                                           []chatTagJSON
		configFields
	}) (any, error) {
		ci := in.input()
		ci.ChannelName, ci.TeamName = in.ChannelName, in.TeamName
		rec := store.ChatConfiguration{Platform: store.PlatformTeams, Name: in.ConfigurationName, ChannelID: in.ChannelId,
			TeamID: in.TeamId, TenantID: in.TenantId, Tags: chatTagsIn(in.Tags)}
		c, err := h.gov.CreateChatConfiguration(r.Context(), r.caller, rec, ci, "CreateMicrosoftTeamsChannelConfiguration")
		return map[string]any{"ChannelConfiguration": configJSON(c)}, err
	}),
	"/update-ms-teams-channel-configuration": rest(http.StatusOK, func(h *Handler, r *request, in *struct {
		ChatConfigurationArn, ChannelId string
		ChannelName                     *string
		configFields
	}) (any, error) {
		ci := in.input()
		ci.ChannelName = in.ChannelName
		c, err := h.gov.UpdateChatConfiguration(r.Context(), r.caller, in.ChatConfigurationArn, store.PlatformTeams, in.ChannelId, ci,
			"UpdateMicrosoftTeamsChannelConfiguration")
		return map[string]any{"ChannelConfiguration": configJSON(c)}, err
	}),
	"/delete-ms-teams-channel-configuration": rest(http.StatusNoContent, func(h *Handler, r *request, in *arnInput) (any, error) {
		return nil, h.gov.DeleteChatConfiguration(r.Context(), r.caller, in.ChatConfigurationArn, store.PlatformTeams)
	}),
	"/get-ms-teams-channel-configuration": rest(http.StatusOK, func(h *Handler, r *request, in *arnInput) (any, error) {
		c, err := h.gov.GetChatConfiguration(r.caller, in.ChatConfigurationArn, store.PlatformTeams)
		return map[string]any{"ChannelConfiguration": configJSON(c)}, err
	}),
	"/list-ms-teams-channel-configurations": rest(http.StatusOK, func(h *Handler, r *request, in *struct {
		TeamId string
		paging
	}) (any, error) {
		max, err := in.chatbotMax()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListChatConfigurations(r.caller, store.PlatformTeams, "", in.TeamId, in.NextToken, max)
		return configPage("TeamChannelConfigurations", p), err
	}),
	"/list-ms-teams-configured-teams": rest(http.StatusOK, func(h *Handler, r *request, in *paging) (any, error) {
		max, err := in.chatbotMax()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListConfiguredTeams(r.caller, in.NextToken, max)
		return page("ConfiguredTeams", p, func(e gov.Entry) map[string]any {
			return stateful(map[string]any{"TenantId": e.TenantID, "TeamId": e.TeamID, "TeamName": e.TeamName}, e)
		}), err
	}),
	"/delete-ms-teams-configured-teams": rest(http.StatusNoContent, func(h *Handler, r *request, in *struct{ TeamId string }) (any, error) {
		return nil, h.gov.ForgetWorkspace(r.caller, store.PlatformTeams, in.TeamId)
	}),
	"/list-ms-teams-user-identities": rest(http.StatusOK, func(h *Handler, r *request, in *listInput) (any, error) {
		max, err := in.chatbotMax()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListUserIdentities(r.caller, store.PlatformTeams, in.ChatConfigurationArn, in.NextToken, max)
		return page("TeamsUserIdentities", p, func(u store.UserIdentity) map[string]any {
			return map[string]any{"IamRoleArn": u.IamRoleARN, "ChatConfigurationArn": u.ConfigurationARN, "TeamId": u.TeamID,
				"UserId": u.ChatUserID, "AwsUserIdentity": u.AwsUserIdentity, "TeamsChannelId": u.ChannelID, "TeamsTenantId": u.TenantID}
		}), err
	}),
	"/delete-ms-teams-user-identity": rest(http.StatusNoContent, func(h *Handler, r *request, in *struct{ ChatConfigurationArn, UserId string }) (any, error) {
		return nil, h.gov.DeleteUserIdentity(r.Context(), r.caller, in.ChatConfigurationArn, store.PlatformTeams, in.UserId)
	}),

	"/create-chime-webhook-configuration": rest(http.StatusCreated, func(h *Handler, r *request, in *struct {
		ConfigurationName              string
		WebhookUrl, WebhookDescription *string
		Tags                           []chatTagJSON
		configFields
	}) (any, error) {
		ci := in.input()
		ci.WebhookURL, ci.WebhookDescription = in.WebhookUrl, in.WebhookDescription
		rec := store.ChatConfiguration{Platform: store.PlatformChime, Name: in.ConfigurationName, Tags: chatTagsIn(in.Tags)}
		c, err := h.gov.CreateChatConfiguration(r.Context(), r.caller, rec, ci, "CreateChimeWebhookConfiguration")
		return map[string]any{"WebhookConfiguration": configJSON(c)}, err
	}),
	"/update-chime-webhook-configuration": rest(http.StatusOK, func(h *Handler, r *request, in *struct {
		ChatConfigurationArn           string
		WebhookUrl, WebhookDescription *string
		configFields
	}) (any, error) {
		ci := in.input()
		ci.WebhookURL, ci.WebhookDescription = in.WebhookUrl, in.WebhookDescription
		c, err := h.gov.UpdateChatConfiguration(r.Context(), r.caller, in.ChatConfigurationArn, store.PlatformChime, "", ci,
			"UpdateChimeWebhookConfiguration")
		return map[string]any{"WebhookConfiguration": configJSON(c)}, err
	}),
	"/delete-chime-webhook-configuration": rest(http.StatusNoContent, func(h *Handler, r *request, in *arnInput) (any, error) {
		return nil, h.gov.DeleteChatConfiguration(r.Context(), r.caller, in.ChatConfigurationArn, store.PlatformChime)
	}),
	"/describe-chime-webhook-configurations": rest(http.StatusOK, func(h *Handler, r *request, in *listInput) (any, error) {
		max, err := in.chatbotMax()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListChatConfigurations(r.caller, store.PlatformChime, in.ChatConfigurationArn, "", in.NextToken, max)
		return configPage("WebhookConfigurations", p), err
	}),

	"/get-account-preferences": rest(http.StatusOK, func(h *Handler, r *request, _ *empty) (any, error) {
		return map[string]any{"AccountPreferences": prefsJSON(h.gov.Preferences(r.caller))}, nil
	}),
	"/update-account-preferences": rest(http.StatusOK, func(h *Handler, r *request, in *struct {
		UserAuthorizationRequired, TrainingDataCollectionEnabled *bool
	}) (any, error) {
		p, err := h.gov.UpdatePreferences(r.Context(), r.caller, in.UserAuthorizationRequired, in.TrainingDataCollectionEnabled)
		return map[string]any{"AccountPreferences": prefsJSON(p)}, err
	}),
	"/tag-resource": rest(http.StatusOK, func(h *Handler, r *request, in *struct {
		ResourceARN string
		Tags        []chatTagJSON
	}) (any, error) {
		return nil, h.gov.TagChatConfiguration(r.Context(), r.caller, in.ResourceARN, chatTagsIn(in.Tags))
	}),
	"/untag-resource": rest(http.StatusOK, func(h *Handler, r *request, in *struct {
		ResourceARN string
		TagKeys     []string
	}) (any, error) {
		return nil, h.gov.UntagChatConfiguration(r.Context(), r.caller, in.ResourceARN, in.TagKeys)
	}),
	"/list-tags-for-resource": rest(http.StatusOK, func(h *Handler, r *request, in *struct{ ResourceARN string }) (any, error) {
		tags, err := h.gov.ChatTags(r.caller, in.ResourceARN)
		out := []chatTagJSON{}
		for _, t := range tags {
			out = append(out, chatTagJSON{t.Key, t.Value})
		}
		return map[string]any{"Tags": out}, err
	}),
}

// stateful adds an entry's State and StateReason.
func stateful(m map[string]any, e gov.Entry) map[string]any {
	m["State"] = e.State
	if e.StateReason != "" {
		m["StateReason"] = e.StateReason
	}
	return m
}

func prefsJSON(p store.AccountPreferences) map[string]any {
	return map[string]any{"UserAuthorizationRequired": p.UserAuthorizationRequired, "TrainingDataCollectionEnabled": p.TrainingDataCollectionEnabled}
}
