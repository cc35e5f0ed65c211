package chatgovapi

// The shapes of AWS Chatbot's operations, member names as its service
// model spells them. Optional request members are pointers where absent
// and empty differ (an update changes only what it gives).

// Tag is a tag of a channel configuration.
type Tag struct {
	TagKey   string `json:"TagKey"`
	TagValue string `json:"TagValue"`
}

// SlackChannelConfiguration is a Slack channel configuration.
// SlackChannelName is the channel's name from the request, else from the
// chat directory, else its ID; SlackTeamName the workspace's from the
// directory, else its ID.
type SlackChannelConfiguration struct {
	ChatConfigurationArn      string   `json:"ChatConfigurationArn"`
	ConfigurationName         string   `json:"ConfigurationName"`
	GuardrailPolicyArns       []string `json:"GuardrailPolicyArns"`
	IamRoleArn                string   `json:"IamRoleArn"`
	LoggingLevel              string   `json:"LoggingLevel"`
	SlackChannelID            string   `json:"SlackChannelId"`
	SlackChannelName          string   `json:"SlackChannelName"`
	SlackTeamID               string   `json:"SlackTeamId"`
	SlackTeamName             string   `json:"SlackTeamName"`
	SnsTopicArns              []string `json:"SnsTopicArns"`
	State                     string   `json:"State"`
	StateReason               string   `json:"StateReason,omitempty"`
	Tags                      []Tag    `json:"Tags"`
	UserAuthorizationRequired bool     `json:"UserAuthorizationRequired"`
}

// TeamsChannelConfiguration is a Microsoft Teams channel configuration.
type TeamsChannelConfiguration struct {
	ChannelID                 string   `json:"ChannelId"`
	ChannelName               string   `json:"ChannelName,omitempty"`
	ChatConfigurationArn      string   `json:"ChatConfigurationArn"`
	ConfigurationName         string   `json:"ConfigurationName"`
	GuardrailPolicyArns       []string `json:"GuardrailPolicyArns"`
	IamRoleArn                string   `json:"IamRoleArn"`
	LoggingLevel              string   `json:"LoggingLevel"`
	SnsTopicArns              []string `json:"SnsTopicArns"`
	State                     string   `json:"State"`
	StateReason               string   `json:"StateReason,omitempty"`
	Tags                      []Tag    `json:"Tags"`
	TeamID                    string   `json:"TeamId"`
	TeamName                  string   `json:"TeamName,omitempty"`
	TenantID                  string   `json:"TenantId"`
	UserAuthorizationRequired bool     `json:"UserAuthorizationRequired"`
}

// ChimeWebhookConfiguration is an Amazon Chime webhook configuration. Its
// webhook URL is a secret and never returned.
type ChimeWebhookConfiguration struct {
	ChatConfigurationArn string   `json:"ChatConfigurationArn"`
	ConfigurationName    string   `json:"ConfigurationName"`
	IamRoleArn           string   `json:"IamRoleArn"`
	LoggingLevel         string   `json:"LoggingLevel"`
	SnsTopicArns         []string `json:"SnsTopicArns"`
	State                string   `json:"State"`
	StateReason          string   `json:"StateReason,omitempty"`
	Tags                 []Tag    `json:"Tags"`
	WebhookDescription   string   `json:"WebhookDescription"`
}

// SlackWorkspace is a workspace of the chat directory, as the caller's
// effective chat applications policy decides on it.
type SlackWorkspace struct {
	SlackTeamID   string `json:"SlackTeamId"`
	SlackTeamName string `json:"SlackTeamName"`
	State         string `json:"State"`
	StateReason   string `json:"StateReason,omitempty"`
}

// ConfiguredTeam is a Microsoft Teams team of the chat directory, as the
// caller's effective chat applications policy decides on it.
type ConfiguredTeam struct {
	State       string `json:"State"`
	StateReason string `json:"StateReason,omitempty"`
	TeamID      string `json:"TeamId"`
	TeamName    string `json:"TeamName"`
	TenantID    string `json:"TenantId"`
}

// SlackUserIdentity maps a Slack user of a configuration to an IAM role.
type SlackUserIdentity struct {
	AwsUserIdentity      string `json:"AwsUserIdentity"`
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
	IamRoleArn           string `json:"IamRoleArn"`
	SlackTeamID          string `json:"SlackTeamId"`
	SlackUserID          string `json:"SlackUserId"`
}

// TeamsUserIdentity maps a Microsoft Teams user of a configuration to an
// IAM role.
type TeamsUserIdentity struct {
	AwsUserIdentity      string `json:"AwsUserIdentity"`
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
	IamRoleArn           string `json:"IamRoleArn"`
	TeamID               string `json:"TeamId"`
	TeamsChannelID       string `json:"TeamsChannelId"`
	TeamsTenantID        string `json:"TeamsTenantId"`
	UserID               string `json:"UserId"`
}

// AccountPreferences are an account's AWS Chatbot preferences.
type AccountPreferences struct {
	TrainingDataCollectionEnabled bool `json:"TrainingDataCollectionEnabled"`
	UserAuthorizationRequired     bool `json:"UserAuthorizationRequired"`
}

// Slack.

type CreateSlackChannelConfigurationInput struct {
	ConfigurationName         string    `json:"ConfigurationName"`
	SlackTeamID               string    `json:"SlackTeamId"`
	SlackChannelID            string    `json:"SlackChannelId"`
	SlackChannelName          *string   `json:"SlackChannelName,omitempty"`
	IamRoleArn                *string   `json:"IamRoleArn,omitempty"`
	SnsTopicArns              *[]string `json:"SnsTopicArns,omitempty"`
	LoggingLevel              *string   `json:"LoggingLevel,omitempty"`
	GuardrailPolicyArns       *[]string `json:"GuardrailPolicyArns,omitempty"`
	UserAuthorizationRequired *bool     `json:"UserAuthorizationRequired,omitempty"`
	Tags                      []Tag     `json:"Tags,omitempty"`
}

type CreateSlackChannelConfigurationOutput struct {
	ChannelConfiguration SlackChannelConfiguration `json:"ChannelConfiguration"`
}

type UpdateSlackChannelConfigurationInput struct {
	ChatConfigurationArn      string    `json:"ChatConfigurationArn"`
	SlackChannelID            string    `json:"SlackChannelId"`
	SlackChannelName          *string   `json:"SlackChannelName,omitempty"`
	IamRoleArn                *string   `json:"IamRoleArn,omitempty"`
	SnsTopicArns              *[]string `json:"SnsTopicArns,omitempty"`
	LoggingLevel              *string   `json:"LoggingLevel,omitempty"`
	GuardrailPolicyArns       *[]string `json:"GuardrailPolicyArns,omitempty"`
	UserAuthorizationRequired *bool     `json:"UserAuthorizationRequired,omitempty"`
}

type UpdateSlackChannelConfigurationOutput struct {
	ChannelConfiguration SlackChannelConfiguration `json:"ChannelConfiguration"`
}

type DeleteSlackChannelConfigurationInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
}

type DeleteSlackChannelConfigurationOutput struct{}

type DescribeSlackChannelConfigurationsInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn,omitempty"`
	NextToken            string `json:"NextToken,omitempty"`
	MaxResults           *int   `json:"MaxResults,omitempty"`
}

type DescribeSlackChannelConfigurationsOutput struct {
	NextToken                  string                      `json:"NextToken,omitempty"`
	SlackChannelConfigurations []SlackChannelConfiguration `json:"SlackChannelConfigurations"`
}

type DescribeSlackWorkspacesInput struct {
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

type DescribeSlackWorkspacesOutput struct {
	NextToken       string           `json:"NextToken,omitempty"`
	SlackWorkspaces []SlackWorkspace `json:"SlackWorkspaces"`
}

type DeleteSlackWorkspaceAuthorizationInput struct {
	SlackTeamID string `json:"SlackTeamId"`
}

type DeleteSlackWorkspaceAuthorizationOutput struct{}

type DescribeSlackUserIdentitiesInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn,omitempty"`
	NextToken            string `json:"NextToken,omitempty"`
	MaxResults           *int   `json:"MaxResults,omitempty"`
}

type DescribeSlackUserIdentitiesOutput struct {
	NextToken           string              `json:"NextToken,omitempty"`
	SlackUserIdentities []SlackUserIdentity `json:"SlackUserIdentities"`
}

type DeleteSlackUserIdentityInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
	SlackTeamID          string `json:"SlackTeamId"`
	SlackUserID          string `json:"SlackUserId"`
}

type DeleteSlackUserIdentityOutput struct{}

// Microsoft Teams.

type CreateMicrosoftTeamsChannelConfigurationInput struct {
	ConfigurationName         string    `json:"ConfigurationName"`
	TenantID                  string    `json:"TenantId"`
	TeamID                    string    `json:"TeamId"`
	TeamName                  *string   `json:"TeamName,omitempty"`
	ChannelID                 string    `json:"ChannelId"`
	ChannelName               *string   `json:"ChannelName,omitempty"`
	IamRoleArn                *string   `json:"IamRoleArn,omitempty"`
	SnsTopicArns              *[]string `json:"SnsTopicArns,omitempty"`
	LoggingLevel              *string   `json:"LoggingLevel,omitempty"`
	GuardrailPolicyArns       *[]string `json:"GuardrailPolicyArns,omitempty"`
	UserAuthorizationRequired *bool     `json:"UserAuthorizationRequired,omitempty"`
	Tags                      []Tag     `json:"Tags,omitempty"`
}

type CreateMicrosoftTeamsChannelConfigurationOutput struct {
	ChannelConfiguration TeamsChannelConfiguration `json:"ChannelConfiguration"`
}

type UpdateMicrosoftTeamsChannelConfigurationInput struct {
	ChatConfigurationArn      string    `json:"ChatConfigurationArn"`
	ChannelID                 string    `json:"ChannelId"`
	ChannelName               *string   `json:"ChannelName,omitempty"`
	IamRoleArn                *string   `json:"IamRoleArn,omitempty"`
	SnsTopicArns              *[]string `json:"SnsTopicArns,omitempty"`
	LoggingLevel              *string   `json:"LoggingLevel,omitempty"`
	GuardrailPolicyArns       *[]string `json:"GuardrailPolicyArns,omitempty"`
	UserAuthorizationRequired *bool     `json:"UserAuthorizationRequired,omitempty"`
}

type UpdateMicrosoftTeamsChannelConfigurationOutput struct {
	ChannelConfiguration TeamsChannelConfiguration `json:"ChannelConfiguration"`
}

type DeleteMicrosoftTeamsChannelConfigurationInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
}

type DeleteMicrosoftTeamsChannelConfigurationOutput struct{}

type GetMicrosoftTeamsChannelConfigurationInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
}

type GetMicrosoftTeamsChannelConfigurationOutput struct {
	ChannelConfiguration TeamsChannelConfiguration `json:"ChannelConfiguration"`
}

type ListMicrosoftTeamsChannelConfigurationsInput struct {
	TeamID     string `json:"TeamId,omitempty"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

type ListMicrosoftTeamsChannelConfigurationsOutput struct {
	NextToken                 string                      `json:"NextToken,omitempty"`
	TeamChannelConfigurations []TeamsChannelConfiguration `json:"TeamChannelConfigurations"`
}

type ListMicrosoftTeamsConfiguredTeamsInput struct {
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

type ListMicrosoftTeamsConfiguredTeamsOutput struct {
	ConfiguredTeams []ConfiguredTeam `json:"ConfiguredTeams"`
	NextToken       string           `json:"NextToken,omitempty"`
}

type DeleteMicrosoftTeamsConfiguredTeamInput struct {
	TeamID string `json:"TeamId"`
}

type DeleteMicrosoftTeamsConfiguredTeamOutput struct{}

type ListMicrosoftTeamsUserIdentitiesInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn,omitempty"`
	NextToken            string `json:"NextToken,omitempty"`
	MaxResults           *int   `json:"MaxResults,omitempty"`
}

type ListMicrosoftTeamsUserIdentitiesOutput struct {
	NextToken           string              `json:"NextToken,omitempty"`
	TeamsUserIdentities []TeamsUserIdentity `json:"TeamsUserIdentities"`
}

type DeleteMicrosoftTeamsUserIdentityInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
	UserID               string `json:"UserId"`
}

type DeleteMicrosoftTeamsUserIdentityOutput struct{}

// Amazon Chime.

type CreateChimeWebhookConfigurationInput struct {
	ConfigurationName         string    `json:"ConfigurationName"`
	WebhookURL                *string   `json:"WebhookUrl,omitempty"`
	WebhookDescription        *string   `json:"WebhookDescription,omitempty"`
	IamRoleArn                *string   `json:"IamRoleArn,omitempty"`
	SnsTopicArns              *[]string `json:"SnsTopicArns,omitempty"`
	LoggingLevel              *string   `json:"LoggingLevel,omitempty"`
	GuardrailPolicyArns       *[]string `json:"GuardrailPolicyArns,omitempty"`
	UserAuthorizationRequired *bool     `json:"UserAuthorizationRequired,omitempty"`
	Tags                      []Tag     `json:"Tags,omitempty"`
}

type CreateChimeWebhookConfigurationOutput struct {
	WebhookConfiguration ChimeWebhookConfiguration `json:"WebhookConfiguration"`
}

type UpdateChimeWebhookConfigurationInput struct {
	ChatConfigurationArn      string    `json:"ChatConfigurationArn"`
	WebhookURL                *string   `json:"WebhookUrl,omitempty"`
	WebhookDescription        *string   `json:"WebhookDescription,omitempty"`
	IamRoleArn                *string   `json:"IamRoleArn,omitempty"`
	SnsTopicArns              *[]string `json:"SnsTopicArns,omitempty"`
	LoggingLevel              *string   `json:"LoggingLevel,omitempty"`
	GuardrailPolicyArns       *[]string `json:"GuardrailPolicyArns,omitempty"`
	UserAuthorizationRequired *bool     `json:"UserAuthorizationRequired,omitempty"`
}

type UpdateChimeWebhookConfigurationOutput struct {
	WebhookConfiguration ChimeWebhookConfiguration `json:"WebhookConfiguration"`
}

type DeleteChimeWebhookConfigurationInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
}

type DeleteChimeWebhookConfigurationOutput struct{}

type DescribeChimeWebhookConfigurationsInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn,omitempty"`
	NextToken            string `json:"NextToken,omitempty"`
	MaxResults           *int   `json:"MaxResults,omitempty"`
}

type DescribeChimeWebhookConfigurationsOutput struct {
	NextToken             string                      `json:"NextToken,omitempty"`
	WebhookConfigurations []ChimeWebhookConfiguration `json:"WebhookConfigurations"`
}

// Preferences and tags.

type GetAccountPreferencesInput struct{}

type GetAccountPreferencesOutput struct {
	AccountPreferences AccountPreferences `json:"AccountPreferences"`
}

type UpdateAccountPreferencesInput struct {
	UserAuthorizationRequired     *bool `json:"UserAuthorizationRequired,omitempty"`
	TrainingDataCollectionEnabled *bool `json:"TrainingDataCollectionEnabled,omitempty"`
}

type UpdateAccountPreferencesOutput struct {
	AccountPreferences AccountPreferences `json:"AccountPreferences"`
}

type TagResourceInput struct {
	ResourceARN string `json:"ResourceARN"`
	Tags        []Tag  `json:"Tags"`
}

type TagResourceOutput struct{}

type UntagResourceInput struct {
	ResourceARN string   `json:"ResourceARN"`
	TagKeys     []string `json:"TagKeys"`
}

type UntagResourceOutput struct{}

type ListTagsForResourceInput struct {
	ResourceARN string `json:"ResourceARN"`
}

type ListTagsForResourceOutput struct {
	Tags []Tag `json:"Tags"`
}
