package chatgovapi

// The chat directory: the organization's Slack channels, with their
// visibility, and its Microsoft Teams teams. The management account and
// the chatbot delegated administrator change it; any account reads it.

// PutSlackChannelInput records a Slack channel (replacing it if known).
// ChannelVisibility is "public" or "private".
type PutSlackChannelInput struct {
	SlackTeamID       string `json:"SlackTeamId"`
	SlackTeamName     string `json:"SlackTeamName,omitempty"`
	SlackChannelID    string `json:"SlackChannelId"`
	SlackChannelName  string `json:"SlackChannelName,omitempty"`
	ChannelVisibility string `json:"ChannelVisibility"`
}

type PutSlackChannelOutput struct{}

// DeleteSlackChannelInput removes a Slack channel from the directory.
type DeleteSlackChannelInput struct {
	SlackTeamID    string `json:"SlackTeamId"`
	SlackChannelID string `json:"SlackChannelId"`
}

type DeleteSlackChannelOutput struct{}

// PutTeamsTeamInput records a Microsoft Teams team (replacing it if known).
type PutTeamsTeamInput struct {
	TenantID string `json:"TenantId"`
	TeamID   string `json:"TeamId"`
	TeamName string `json:"TeamName,omitempty"`
}

type PutTeamsTeamOutput struct{}

// DeleteTeamsTeamInput removes a Microsoft Teams team from the directory.
type DeleteTeamsTeamInput struct {
	TeamID string `json:"TeamId"`
}

type DeleteTeamsTeamOutput struct{}

type ListDirectoryInput struct{}

// ListDirectoryOutput is the whole directory, sorted by IDs.
type ListDirectoryOutput struct {
	MicrosoftTeamsTeams []DirectoryTeam         `json:"MicrosoftTeamsTeams"`
	SlackChannels       []DirectorySlackChannel `json:"SlackChannels"`
}

// DirectorySlackChannel is a Slack channel of the directory.
type DirectorySlackChannel struct {
	ChannelVisibility string `json:"ChannelVisibility"`
	SlackChannelID    string `json:"SlackChannelId"`
	SlackChannelName  string `json:"SlackChannelName"`
	SlackTeamID       string `json:"SlackTeamId"`
	SlackTeamName     string `json:"SlackTeamName"`
	UpdatedTimestamp  Time   `json:"UpdatedTimestamp"`
}

// DirectoryTeam is a Microsoft Teams team of the directory.
type DirectoryTeam struct {
	TeamID           string `json:"TeamId"`
	TeamName         string `json:"TeamName"`
	TenantID         string `json:"TenantId"`
	UpdatedTimestamp Time   `json:"UpdatedTimestamp"`
}

// PutUserIdentityInput maps a chat user of one of the caller's
// configurations to an IAM role of the caller's account (AWS Chatbot maps
// them when the user signs in; chatgov cannot see that).
type PutUserIdentityInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
	ChatUserID           string `json:"ChatUserId"`
	IamRoleArn           string `json:"IamRoleArn"`
}

type PutUserIdentityOutput struct {
	UserIdentity UserIdentity `json:"UserIdentity"`
}

// UserIdentity is a chat user's mapping. TeamId is the Slack workspace or
// the Microsoft Teams team; TenantId is empty for Slack.
type UserIdentity struct {
	AwsUserIdentity      string `json:"AwsUserIdentity"`
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
	ChatUserID           string `json:"ChatUserId"`
	IamRoleArn           string `json:"IamRoleArn"`
	TeamID               string `json:"TeamId"`
	TenantID             string `json:"TenantId"`
}

// ListUserIdentitiesInput lists the chat users mapped to roles in the
// caller's configurations of every platform (of one configuration when
// ChatConfigurationArn is set), by configuration ARN then user ID.
type ListUserIdentitiesInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn,omitempty"`
	MaxResults           *int   `json:"MaxResults,omitempty"`
	NextToken            string `json:"NextToken,omitempty"`
}

type ListUserIdentitiesOutput struct {
	NextToken      string         `json:"NextToken,omitempty"`
	UserIdentities []UserIdentity `json:"UserIdentities"`
}

// DeleteUserIdentityInput removes a chat user's mapping from one of the
// caller's configurations, whatever its platform.
type DeleteUserIdentityInput struct {
	ChatConfigurationArn string `json:"ChatConfigurationArn"`
	ChatUserID           string `json:"ChatUserId"`
}

type DeleteUserIdentityOutput struct{}
