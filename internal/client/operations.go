package client

import (
	"context"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
)

// One method per operation of chatgov's own API (see chatgovapi for what
// each takes and answers). Each returns an *Error when the server refuses.

// PutSlackChannel records a Slack channel, with its visibility, in the
// chat directory.
func (c *Client) PutSlackChannel(ctx context.Context, in api.PutSlackChannelInput) (api.PutSlackChannelOutput, error) {
	return call[api.PutSlackChannelOutput](ctx, c, api.OpPutSlackChannel, in)
}

// DeleteSlackChannel removes a Slack channel from the chat directory.
func (c *Client) DeleteSlackChannel(ctx context.Context, in api.DeleteSlackChannelInput) (api.DeleteSlackChannelOutput, error) {
	return call[api.DeleteSlackChannelOutput](ctx, c, api.OpDeleteSlackChannel, in)
}

// PutTeamsTeam records a Microsoft Teams team in the chat directory.
func (c *Client) PutTeamsTeam(ctx context.Context, in api.PutTeamsTeamInput) (api.PutTeamsTeamOutput, error) {
	return call[api.PutTeamsTeamOutput](ctx, c, api.OpPutTeamsTeam, in)
}

// DeleteTeamsTeam removes a Microsoft Teams team from the chat directory.
func (c *Client) DeleteTeamsTeam(ctx context.Context, in api.DeleteTeamsTeamInput) (api.DeleteTeamsTeamOutput, error) {
	return call[api.DeleteTeamsTeamOutput](ctx, c, api.OpDeleteTeamsTeam, in)
}

// ListDirectory reads the chat directory.
func (c *Client) ListDirectory(ctx context.Context, in api.ListDirectoryInput) (api.ListDirectoryOutput, error) {
	return call[api.ListDirectoryOutput](ctx, c, api.OpListDirectory, in)
}

// PutUserIdentity maps a chat user of a configuration to an IAM role.
func (c *Client) PutUserIdentity(ctx context.Context, in api.PutUserIdentityInput) (api.PutUserIdentityOutput, error) {
	return call[api.PutUserIdentityOutput](ctx, c, api.OpPutUserIdentity, in)
}

// ListUserIdentities lists the chat users mapped to roles in the caller's
// configurations.
func (c *Client) ListUserIdentities(ctx context.Context, in api.ListUserIdentitiesInput) (api.ListUserIdentitiesOutput, error) {
	return call[api.ListUserIdentitiesOutput](ctx, c, api.OpListUserIdentities, in)
}

// DeleteUserIdentity removes a chat user's role mapping.
func (c *Client) DeleteUserIdentity(ctx context.Context, in api.DeleteUserIdentityInput) (api.DeleteUserIdentityOutput, error) {
	return call[api.DeleteUserIdentityOutput](ctx, c, api.OpDeleteUserIdentity, in)
}

// ListComplianceEvents reads a page of the compliance history and the
// current states.
func (c *Client) ListComplianceEvents(ctx context.Context, in api.ListComplianceEventsInput) (api.ListComplianceEventsOutput, error) {
	return call[api.ListComplianceEventsOutput](ctx, c, api.OpListComplianceEvents, in)
}

// SimulatePolicyChange asks what a change of policies would do.
func (c *Client) SimulatePolicyChange(ctx context.Context, in api.SimulatePolicyChangeInput) (api.SimulatePolicyChangeOutput, error) {
	return call[api.SimulatePolicyChangeOutput](ctx, c, api.OpSimulatePolicyChange, in)
}

// DescribeEffectivePolicyExplanation returns an account's effective
// policy with where every value came from. Its errors are *Error: the
// server's ResourceNotFoundException when the account does not exist or
// the type is not enabled, AccessDeniedException when the caller may not
// read the account's effective policy.
func (c *Client) DescribeEffectivePolicyExplanation(ctx context.Context, in api.DescribeEffectivePolicyExplanationInput) (api.DescribeEffectivePolicyExplanationOutput, error) {
	return call[api.DescribeEffectivePolicyExplanationOutput](ctx, c, api.OpDescribeEffectivePolicyExplanation, in)
}

// SimulateChatCommand asks whether a chat command may run.
func (c *Client) SimulateChatCommand(ctx context.Context, in api.SimulateChatCommandInput) (api.SimulateChatCommandOutput, error) {
	return call[api.SimulateChatCommandOutput](ctx, c, api.OpSimulateChatCommand, in)
}

// SimulateRequest asks whether an IAM request is allowed in an account.
func (c *Client) SimulateRequest(ctx context.Context, in api.SimulateRequestInput) (api.SimulateRequestOutput, error) {
	return call[api.SimulateRequestOutput](ctx, c, api.OpSimulateRequest, in)
}

// PutRolePermissions registers a role's permission policies.
func (c *Client) PutRolePermissions(ctx context.Context, in api.PutRolePermissionsInput) (api.PutRolePermissionsOutput, error) {
	return call[api.PutRolePermissionsOutput](ctx, c, api.OpPutRolePermissions, in)
}

// GetRolePermissions reads a role's registration.
func (c *Client) GetRolePermissions(ctx context.Context, in api.GetRolePermissionsInput) (api.GetRolePermissionsOutput, error) {
	return call[api.GetRolePermissionsOutput](ctx, c, api.OpGetRolePermissions, in)
}

// DeleteRolePermissions forgets a role's registration.
func (c *Client) DeleteRolePermissions(ctx context.Context, in api.DeleteRolePermissionsInput) (api.DeleteRolePermissionsOutput, error) {
	return call[api.DeleteRolePermissionsOutput](ctx, c, api.OpDeleteRolePermissions, in)
}

// PutManagedPolicy registers a customer managed policy.
func (c *Client) PutManagedPolicy(ctx context.Context, in api.PutManagedPolicyInput) (api.PutManagedPolicyOutput, error) {
	return call[api.PutManagedPolicyOutput](ctx, c, api.OpPutManagedPolicy, in)
}

// DeleteManagedPolicy forgets a customer managed policy.
func (c *Client) DeleteManagedPolicy(ctx context.Context, in api.DeleteManagedPolicyInput) (api.DeleteManagedPolicyOutput, error) {
	return call[api.DeleteManagedPolicyOutput](ctx, c, api.OpDeleteManagedPolicy, in)
}

// ListIAMRegistrations lists an account's registered roles and policies.
func (c *Client) ListIAMRegistrations(ctx context.Context, in api.ListIAMRegistrationsInput) (api.ListIAMRegistrationsOutput, error) {
	return call[api.ListIAMRegistrationsOutput](ctx, c, api.OpListIAMRegistrations, in)
}

// CreateStandaloneAccount creates an account outside the organization.
func (c *Client) CreateStandaloneAccount(ctx context.Context, in api.CreateStandaloneAccountInput) (api.CreateStandaloneAccountOutput, error) {
	return call[api.CreateStandaloneAccountOutput](ctx, c, api.OpCreateStandaloneAccount, in)
}

// CreateRootAccessKey creates a root access key of a standalone account.
func (c *Client) CreateRootAccessKey(ctx context.Context, in api.CreateRootAccessKeyInput) (api.CreateRootAccessKeyOutput, error) {
	return call[api.CreateRootAccessKeyOutput](ctx, c, api.OpCreateRootAccessKey, in)
}

// ListStandaloneAccounts lists the server's standalone accounts.
func (c *Client) ListStandaloneAccounts(ctx context.Context, in api.ListStandaloneAccountsInput) (api.ListStandaloneAccountsOutput, error) {
	return call[api.ListStandaloneAccountsOutput](ctx, c, api.OpListStandaloneAccounts, in)
}

// PutSlackBotToken registers a Slack workspace's bot token, which the
// gateway posts notifications with; the server never returns it.
func (c *Client) PutSlackBotToken(ctx context.Context, in api.PutSlackBotTokenInput) (api.PutSlackBotTokenOutput, error) {
	return call[api.PutSlackBotTokenOutput](ctx, c, api.OpPutSlackBotToken, in)
}

// PutTeamsWebhookURL registers a Microsoft Teams channel's incoming-webhook
// URL; the server never returns it.
func (c *Client) PutTeamsWebhookURL(ctx context.Context, in api.PutTeamsWebhookURLInput) (api.PutTeamsWebhookURLOutput, error) {
	return call[api.PutTeamsWebhookURLOutput](ctx, c, api.OpPutTeamsWebhookURL, in)
}

// ListNotificationDeliveries lists the deliveries of SNS messages to the
// caller's configurations: the dead-letter list, what a policy
// suppressed, what is pending.
func (c *Client) ListNotificationDeliveries(ctx context.Context, in api.ListNotificationDeliveriesInput) (api.ListNotificationDeliveriesOutput, error) {
	return call[api.ListNotificationDeliveriesOutput](ctx, c, api.OpListNotificationDeliveries, in)
}
