package chatgovapi

// Prefix is the path under which chatgov's own operations are served: an
// operation named put-slack-channel is at /chatgov/put-slack-channel.
const Prefix = "/chatgov/"

// Path returns the URL path of a chatgov operation.
func Path(op string) string { return Prefix + op }

// chatgov's own operations, by name. Each takes the structure named after
// it with an Input suffix and answers the one with an Output suffix
// (PutSlackChannel: PutSlackChannelInput, PutSlackChannelOutput); every
// one is a POST answered 200.
const (
	// The chat directory.
	OpPutSlackChannel    = "put-slack-channel"
	OpDeleteSlackChannel = "delete-slack-channel"
	OpPutTeamsTeam       = "put-ms-teams-team"
	OpDeleteTeamsTeam    = "delete-ms-teams-team"
	OpListDirectory      = "list-directory"
	OpPutUserIdentity    = "put-user-identity"
	OpListUserIdentities = "list-user-identities"
	OpDeleteUserIdentity = "delete-user-identity"
	// The gateway's secrets and deliveries.
	OpPutSlackBotToken           = "put-slack-bot-token"
	OpPutTeamsWebhookURL         = "put-ms-teams-webhook-url"
	OpListNotificationDeliveries = "list-notification-deliveries"
	// Continuous compliance and simulations.
	OpListComplianceEvents = "list-compliance-events"
	OpSimulatePolicyChange = "simulate-policy-change"
	OpSimulateChatCommand  = "simulate-chat-command"
	OpSimulateRequest      = "simulate-request"
	// Effective policies.
	OpDescribeEffectivePolicyExplanation = "describe-effective-policy-explanation"
	// IAM registrations.
	OpPutRolePermissions    = "put-role-permissions"
	OpGetRolePermissions    = "get-role-permissions"
	OpDeleteRolePermissions = "delete-role-permissions"
	OpPutManagedPolicy      = "put-managed-policy"
	OpDeleteManagedPolicy   = "delete-managed-policy"
	OpListIAMRegistrations  = "list-iam-registrations"
	// Accounts outside the organization.
	OpCreateStandaloneAccount = "create-standalone-account"
	OpCreateRootAccessKey     = "create-root-access-key"
	OpListStandaloneAccounts  = "list-standalone-accounts"
)

// The paths of the AWS Chatbot operations chatgov serves, as the AWS SDKs
// call them. Each takes the structure named after the operation with an
// Input suffix and answers the one with an Output suffix; creates answer
// 201, deletes 204 with no body, the others 200.
const (
	PathCreateSlackChannelConfiguration    = "/create-slack-channel-configuration"
	PathUpdateSlackChannelConfiguration    = "/update-slack-channel-configuration"
	PathDeleteSlackChannelConfiguration    = "/delete-slack-channel-configuration"
	PathDescribeSlackChannelConfigurations = "/describe-slack-channel-configurations"
	PathDescribeSlackWorkspaces            = "/describe-slack-workspaces"
	PathDeleteSlackWorkspaceAuthorization  = "/delete-slack-workspace-authorization"
	PathDescribeSlackUserIdentities        = "/describe-slack-user-identities"
	PathDeleteSlackUserIdentity            = "/delete-slack-user-identity"

	PathCreateMicrosoftTeamsChannelConfiguration = "/create-ms-teams-channel-configuration"
	PathUpdateMicrosoftTeamsChannelConfiguration = "/update-ms-teams-channel-configuration"
	PathDeleteMicrosoftTeamsChannelConfiguration = "/delete-ms-teams-channel-configuration"
	PathGetMicrosoftTeamsChannelConfiguration    = "/get-ms-teams-channel-configuration"
	PathListMicrosoftTeamsChannelConfigurations  = "/list-ms-teams-channel-configurations"
	PathListMicrosoftTeamsConfiguredTeams        = "/list-ms-teams-configured-teams"
	PathDeleteMicrosoftTeamsConfiguredTeam       = "/delete-ms-teams-configured-teams"
	PathListMicrosoftTeamsUserIdentities         = "/list-ms-teams-user-identities"
	PathDeleteMicrosoftTeamsUserIdentity         = "/delete-ms-teams-user-identity"

	PathCreateChimeWebhookConfiguration    = "/create-chime-webhook-configuration"
	PathUpdateChimeWebhookConfiguration    = "/update-chime-webhook-configuration"
	PathDeleteChimeWebhookConfiguration    = "/delete-chime-webhook-configuration"
	PathDescribeChimeWebhookConfigurations = "/describe-chime-webhook-configurations"

	PathGetAccountPreferences    = "/get-account-preferences"
	PathUpdateAccountPreferences = "/update-account-preferences"
	PathTagResource              = "/tag-resource"
	PathUntagResource            = "/untag-resource"
	PathListTagsForResource      = "/list-tags-for-resource"
)

// MaxResults bounds the MaxResults member of every list operation.
const MaxResults = 100

// Operation describes one operation of the endpoint: its name (AWS
// Chatbot's, or the Go name of a chatgov operation, PutSlackChannel for
// put-slack-channel), its path, the HTTP status of success, and zero
// values of its input and output structures.
type Operation struct {
	Name   string
	Path   string
	Status int
	Input  any
	Output any
}

// Operations lists every operation of the endpoint: AWS Chatbot's, then
// chatgov's own. The server serves exactly these (a test checks it).
var Operations = []Operation{
	{"CreateSlackChannelConfiguration", PathCreateSlackChannelConfiguration, 201, CreateSlackChannelConfigurationInput{}, CreateSlackChannelConfigurationOutput{}},
	{"UpdateSlackChannelConfiguration", PathUpdateSlackChannelConfiguration, 200, UpdateSlackChannelConfigurationInput{}, UpdateSlackChannelConfigurationOutput{}},
	{"DeleteSlackChannelConfiguration", PathDeleteSlackChannelConfiguration, 204, DeleteSlackChannelConfigurationInput{}, DeleteSlackChannelConfigurationOutput{}},
	{"DescribeSlackChannelConfigurations", PathDescribeSlackChannelConfigurations, 200, DescribeSlackChannelConfigurationsInput{}, DescribeSlackChannelConfigurationsOutput{}},
	{"DescribeSlackWorkspaces", PathDescribeSlackWorkspaces, 200, DescribeSlackWorkspacesInput{}, DescribeSlackWorkspacesOutput{}},
	{"DeleteSlackWorkspaceAuthorization", PathDeleteSlackWorkspaceAuthorization, 204, DeleteSlackWorkspaceAuthorizationInput{}, DeleteSlackWorkspaceAuthorizationOutput{}},
	{"DescribeSlackUserIdentities", PathDescribeSlackUserIdentities, 200, DescribeSlackUserIdentitiesInput{}, DescribeSlackUserIdentitiesOutput{}},
	{"DeleteSlackUserIdentity", PathDeleteSlackUserIdentity, 204, DeleteSlackUserIdentityInput{}, DeleteSlackUserIdentityOutput{}},
	{"CreateMicrosoftTeamsChannelConfiguration", PathCreateMicrosoftTeamsChannelConfiguration, 201, CreateMicrosoftTeamsChannelConfigurationInput{}, CreateMicrosoftTeamsChannelConfigurationOutput{}},
	{"UpdateMicrosoftTeamsChannelConfiguration", PathUpdateMicrosoftTeamsChannelConfiguration, 200, UpdateMicrosoftTeamsChannelConfigurationInput{}, UpdateMicrosoftTeamsChannelConfigurationOutput{}},
	{"DeleteMicrosoftTeamsChannelConfiguration", PathDeleteMicrosoftTeamsChannelConfiguration, 204, DeleteMicrosoftTeamsChannelConfigurationInput{}, DeleteMicrosoftTeamsChannelConfigurationOutput{}},
	{"GetMicrosoftTeamsChannelConfiguration", PathGetMicrosoftTeamsChannelConfiguration, 200, GetMicrosoftTeamsChannelConfigurationInput{}, GetMicrosoftTeamsChannelConfigurationOutput{}},
	{"ListMicrosoftTeamsChannelConfigurations", PathListMicrosoftTeamsChannelConfigurations, 200, ListMicrosoftTeamsChannelConfigurationsInput{}, ListMicrosoftTeamsChannelConfigurationsOutput{}},
	{"ListMicrosoftTeamsConfiguredTeams", PathListMicrosoftTeamsConfiguredTeams, 200, ListMicrosoftTeamsConfiguredTeamsInput{}, ListMicrosoftTeamsConfiguredTeamsOutput{}},
	{"DeleteMicrosoftTeamsConfiguredTeam", PathDeleteMicrosoftTeamsConfiguredTeam, 204, DeleteMicrosoftTeamsConfiguredTeamInput{}, DeleteMicrosoftTeamsConfiguredTeamOutput{}},
	{"ListMicrosoftTeamsUserIdentities", PathListMicrosoftTeamsUserIdentities, 200, ListMicrosoftTeamsUserIdentitiesInput{}, ListMicrosoftTeamsUserIdentitiesOutput{}},
	{"DeleteMicrosoftTeamsUserIdentity", PathDeleteMicrosoftTeamsUserIdentity, 204, DeleteMicrosoftTeamsUserIdentityInput{}, DeleteMicrosoftTeamsUserIdentityOutput{}},
	{"CreateChimeWebhookConfiguration", PathCreateChimeWebhookConfiguration, 201, CreateChimeWebhookConfigurationInput{}, CreateChimeWebhookConfigurationOutput{}},
	{"UpdateChimeWebhookConfiguration", PathUpdateChimeWebhookConfiguration, 200, UpdateChimeWebhookConfigurationInput{}, UpdateChimeWebhookConfigurationOutput{}},
	{"DeleteChimeWebhookConfiguration", PathDeleteChimeWebhookConfiguration, 204, DeleteChimeWebhookConfigurationInput{}, DeleteChimeWebhookConfigurationOutput{}},
	{"DescribeChimeWebhookConfigurations", PathDescribeChimeWebhookConfigurations, 200, DescribeChimeWebhookConfigurationsInput{}, DescribeChimeWebhookConfigurationsOutput{}},
	{"GetAccountPreferences", PathGetAccountPreferences, 200, GetAccountPreferencesInput{}, GetAccountPreferencesOutput{}},
	{"UpdateAccountPreferences", PathUpdateAccountPreferences, 200, UpdateAccountPreferencesInput{}, UpdateAccountPreferencesOutput{}},
	{"TagResource", PathTagResource, 200, TagResourceInput{}, TagResourceOutput{}},
	{"UntagResource", PathUntagResource, 200, UntagResourceInput{}, UntagResourceOutput{}},
	{"ListTagsForResource", PathListTagsForResource, 200, ListTagsForResourceInput{}, ListTagsForResourceOutput{}},
	{"CreateCustomAction", PathCreateCustomAction, 201, CreateCustomActionInput{}, CreateCustomActionOutput{}},
	{"GetCustomAction", PathGetCustomAction, 200, GetCustomActionInput{}, GetCustomActionOutput{}},
	{"UpdateCustomAction", PathUpdateCustomAction, 200, UpdateCustomActionInput{}, UpdateCustomActionOutput{}},
	{"DeleteCustomAction", PathDeleteCustomAction, 204, DeleteCustomActionInput{}, DeleteCustomActionOutput{}},
	{"ListCustomActions", PathListCustomActions, 200, ListCustomActionsInput{}, ListCustomActionsOutput{}},
	{"AssociateToConfiguration", PathAssociateToConfiguration, 200, AssociateToConfigurationInput{}, AssociateToConfigurationOutput{}},
	{"DisassociateFromConfiguration", PathDisassociateFromConfiguration, 200, DisassociateFromConfigurationInput{}, DisassociateFromConfigurationOutput{}},
	{"ListAssociations", PathListAssociations, 200, ListAssociationsInput{}, ListAssociationsOutput{}},

	{"PutSlackChannel", Prefix + OpPutSlackChannel, 200, PutSlackChannelInput{}, PutSlackChannelOutput{}},
	{"DeleteSlackChannel", Prefix + OpDeleteSlackChannel, 200, DeleteSlackChannelInput{}, DeleteSlackChannelOutput{}},
	{"PutTeamsTeam", Prefix + OpPutTeamsTeam, 200, PutTeamsTeamInput{}, PutTeamsTeamOutput{}},
	{"DeleteTeamsTeam", Prefix + OpDeleteTeamsTeam, 200, DeleteTeamsTeamInput{}, DeleteTeamsTeamOutput{}},
	{"ListDirectory", Prefix + OpListDirectory, 200, ListDirectoryInput{}, ListDirectoryOutput{}},
	{"PutSigningSecret", Prefix + OpPutSigningSecret, 200, PutSigningSecretInput{}, PutSigningSecretOutput{}},
	{"DeleteSigningSecret", Prefix + OpDeleteSigningSecret, 200, DeleteSigningSecretInput{}, DeleteSigningSecretOutput{}},
	{"PutUserIdentity", Prefix + OpPutUserIdentity, 200, PutUserIdentityInput{}, PutUserIdentityOutput{}},
	{"ListUserIdentities", Prefix + OpListUserIdentities, 200, ListUserIdentitiesInput{}, ListUserIdentitiesOutput{}},
	{"DeleteUserIdentity", Prefix + OpDeleteUserIdentity, 200, DeleteUserIdentityInput{}, DeleteUserIdentityOutput{}},
	{"PutSlackBotToken", Prefix + OpPutSlackBotToken, 200, PutSlackBotTokenInput{}, PutSlackBotTokenOutput{}},
	{"PutTeamsWebhookURL", Prefix + OpPutTeamsWebhookURL, 200, PutTeamsWebhookURLInput{}, PutTeamsWebhookURLOutput{}},
	{"ListNotificationDeliveries", Prefix + OpListNotificationDeliveries, 200, ListNotificationDeliveriesInput{}, ListNotificationDeliveriesOutput{}},
	{"ListComplianceEvents", Prefix + OpListComplianceEvents, 200, ListComplianceEventsInput{}, ListComplianceEventsOutput{}},
	{"SimulatePolicyChange", Prefix + OpSimulatePolicyChange, 200, SimulatePolicyChangeInput{}, SimulatePolicyChangeOutput{}},
	{"SimulateChatCommand", Prefix + OpSimulateChatCommand, 200, SimulateChatCommandInput{}, SimulateChatCommandOutput{}},
	{"SimulateRequest", Prefix + OpSimulateRequest, 200, SimulateRequestInput{}, SimulateRequestOutput{}},
	{"DescribeEffectivePolicyExplanation", Prefix + OpDescribeEffectivePolicyExplanation, 200, DescribeEffectivePolicyExplanationInput{}, DescribeEffectivePolicyExplanationOutput{}},
	{"PutRolePermissions", Prefix + OpPutRolePermissions, 200, PutRolePermissionsInput{}, PutRolePermissionsOutput{}},
	{"GetRolePermissions", Prefix + OpGetRolePermissions, 200, GetRolePermissionsInput{}, GetRolePermissionsOutput{}},
	{"DeleteRolePermissions", Prefix + OpDeleteRolePermissions, 200, DeleteRolePermissionsInput{}, DeleteRolePermissionsOutput{}},
	{"PutManagedPolicy", Prefix + OpPutManagedPolicy, 200, PutManagedPolicyInput{}, PutManagedPolicyOutput{}},
	{"DeleteManagedPolicy", Prefix + OpDeleteManagedPolicy, 200, DeleteManagedPolicyInput{}, DeleteManagedPolicyOutput{}},
	{"ListIAMRegistrations", Prefix + OpListIAMRegistrations, 200, ListIAMRegistrationsInput{}, ListIAMRegistrationsOutput{}},
	{"CreateStandaloneAccount", Prefix + OpCreateStandaloneAccount, 200, CreateStandaloneAccountInput{}, CreateStandaloneAccountOutput{}},
	{"CreateRootAccessKey", Prefix + OpCreateRootAccessKey, 200, CreateRootAccessKeyInput{}, CreateRootAccessKeyOutput{}},
	{"ListStandaloneAccounts", Prefix + OpListStandaloneAccounts, 200, ListStandaloneAccountsInput{}, ListStandaloneAccountsOutput{}},
}
