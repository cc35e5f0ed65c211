package awsapi

import (
	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// chatgovOps are chatgov's own operations, in AWS Chatbot's protocol and
// signing (service chatbot), under /chatgov/, by path.
var chatgovOps = map[string]chatbotOp{
	api.Path(api.OpPutSlackChannel):                    own(putSlackChannel),
	api.Path(api.OpDeleteSlackChannel):                 own(deleteSlackChannel),
	api.Path(api.OpPutTeamsTeam):                       own(putTeamsTeam),
	api.Path(api.OpDeleteTeamsTeam):                    own(deleteTeamsTeam),
	api.Path(api.OpListDirectory):                      own(listDirectory),
	api.Path(api.OpPutUserIdentity):                    own(putUserIdentity),
	api.Path(api.OpListUserIdentities):                 own(listUserIdentities),
	api.Path(api.OpDeleteUserIdentity):                 own(deleteUserIdentity),
	api.Path(api.OpPutSlackBotToken):                   own(putSlackBotToken),
	api.Path(api.OpPutTeamsWebhookURL):                 own(putTeamsWebhookURL),
	api.Path(api.OpListNotificationDeliveries):         own(listNotificationDeliveries),
	api.Path(api.OpListComplianceEvents):               own(listComplianceEvents),
	api.Path(api.OpSimulatePolicyChange):               own(simulatePolicyChange),
	api.Path(api.OpSimulateChatCommand):                own(simulateChatCommand),
	api.Path(api.OpSimulateRequest):                    own(simulateRequest),
	api.Path(api.OpDescribeEffectivePolicyExplanation): own(describeEffectivePolicyExplanation),
	api.Path(api.OpPutRolePermissions):                 own(putRolePermissions),
	api.Path(api.OpGetRolePermissions):                 own(getRolePermissions),
	api.Path(api.OpDeleteRolePermissions):              own(deleteRolePermissions),
	api.Path(api.OpPutManagedPolicy):                   own(putManagedPolicy),
	api.Path(api.OpDeleteManagedPolicy):                own(deleteManagedPolicy),
	api.Path(api.OpListIAMRegistrations):               own(listIAMRegistrations),
	api.Path(api.OpCreateStandaloneAccount):            own(createStandaloneAccount),
	api.Path(api.OpCreateRootAccessKey):                own(createRootAccessKey),
	api.Path(api.OpListStandaloneAccounts):             own(listStandaloneAccounts),
}

// The chat directory.

func putSlackChannel(h *Handler, r *request, in *api.PutSlackChannelInput) (api.PutSlackChannelOutput, error) {
	return api.PutSlackChannelOutput{}, h.gov.PutSlackChannel(r.Context(), r.caller, gov.SlackChannel{TeamID: in.SlackTeamID,
		TeamName: in.SlackTeamName, ChannelID: in.SlackChannelID, ChannelName: in.SlackChannelName, Visibility: in.ChannelVisibility})
}

func deleteSlackChannel(h *Handler, r *request, in *api.DeleteSlackChannelInput) (api.DeleteSlackChannelOutput, error) {
	return api.DeleteSlackChannelOutput{}, h.gov.DeleteSlackChannel(r.Context(), r.caller, in.SlackTeamID, in.SlackChannelID)
}

func putTeamsTeam(h *Handler, r *request, in *api.PutTeamsTeamInput) (api.PutTeamsTeamOutput, error) {
	return api.PutTeamsTeamOutput{}, h.gov.PutTeamsTeam(r.Context(), r.caller, gov.TeamsTeam{TenantID: in.TenantID, TeamID: in.TeamID, TeamName: in.TeamName})
}

func deleteTeamsTeam(h *Handler, r *request, in *api.DeleteTeamsTeamInput) (api.DeleteTeamsTeamOutput, error) {
	return api.DeleteTeamsTeamOutput{}, h.gov.DeleteTeamsTeam(r.Context(), r.caller, in.TeamID)
}

func listDirectory(h *Handler, r *request, _ *api.ListDirectoryInput) (api.ListDirectoryOutput, error) {
	d, err := h.gov.ListDirectory(r.caller)
	if err != nil {
		return api.ListDirectoryOutput{}, err
	}
	return api.ListDirectoryOutput{
		SlackChannels: convert(d.SlackChannels, func(c gov.SlackChannel) api.DirectorySlackChannel {
			return api.DirectorySlackChannel{ChannelVisibility: c.Visibility, SlackChannelID: c.ChannelID, SlackChannelName: c.ChannelName,
				SlackTeamID: c.TeamID, SlackTeamName: c.TeamName, UpdatedTimestamp: api.TimeOf(c.UpdatedAt)}
		}),
		MicrosoftTeamsTeams: convert(d.TeamsTeams, func(t gov.TeamsTeam) api.DirectoryTeam {
			return api.DirectoryTeam{TeamID: t.TeamID, TeamName: t.TeamName, TenantID: t.TenantID, UpdatedTimestamp: api.TimeOf(t.UpdatedAt)}
		}),
	}, nil
}

func putUserIdentity(h *Handler, r *request, in *api.PutUserIdentityInput) (api.PutUserIdentityOutput, error) {
	u, err := h.gov.PutUserIdentity(r.Context(), r.caller, gov.UserIdentityInput{ConfigurationARN: in.ChatConfigurationArn,
		ChatUserID: in.ChatUserID, IamRoleARN: in.IamRoleArn})
	if err != nil {
		return api.PutUserIdentityOutput{}, err
	}
	return api.PutUserIdentityOutput{UserIdentity: userIdentity(u)}, nil
}

func userIdentity(u gov.UserIdentity) api.UserIdentity {
	return api.UserIdentity{AwsUserIdentity: u.AwsUserIdentity, ChatConfigurationArn: u.ConfigurationARN,
		ChatUserID: u.ChatUserID, IamRoleArn: u.IamRoleARN, TeamID: u.TeamID, TenantID: u.TenantID}
}

func listUserIdentities(h *Handler, r *request, in *api.ListUserIdentitiesInput) (api.ListUserIdentitiesOutput, error) {
	max, err := chatbotMax(in.MaxResults)
	if err != nil {
		return api.ListUserIdentitiesOutput{}, err
	}
	p, err := h.gov.ListUserIdentities(r.caller, "", in.ChatConfigurationArn, in.NextToken, max)
	if err != nil {
		return api.ListUserIdentitiesOutput{}, err
	}
	return api.ListUserIdentitiesOutput{UserIdentities: convert(p.Items, userIdentity), NextToken: p.NextToken}, nil
}

func deleteUserIdentity(h *Handler, r *request, in *api.DeleteUserIdentityInput) (api.DeleteUserIdentityOutput, error) {
	return api.DeleteUserIdentityOutput{}, h.gov.DeleteUserIdentity(r.Context(), r.caller, in.ChatConfigurationArn, "", in.ChatUserID)
}

// Continuous compliance.

func listComplianceEvents(h *Handler, r *request, in *api.ListComplianceEventsInput) (api.ListComplianceEventsOutput, error) {
	max, err := chatbotMax(in.MaxResults)
	if err != nil {
		return api.ListComplianceEventsOutput{}, err
	}
	f := gov.ComplianceFilter{AccountID: in.AccountID, OUID: in.OrganizationalUnitID, ConfigurationARN: in.ChatConfigurationArn,
		Since: api.FromSeconds(in.Since), Until: api.FromSeconds(in.Until), NextToken: in.NextToken, MaxResults: max}
	c, err := h.gov.ListComplianceEvents(r.Context(), r.caller, f)
	if err != nil {
		return api.ListComplianceEventsOutput{}, err
	}
	return api.ListComplianceEventsOutput{Events: convert(c.Events, complianceEvent), NextToken: c.NextToken, Summary: complianceSummary(c.Summary)}, nil
}

func complianceEvent(e gov.ComplianceEvent) api.ComplianceEvent {
	return api.ComplianceEvent{AccountID: e.AccountID, ChatConfigurationArn: e.ConfigurationARN, EventID: e.ID, NewState: e.NewState,
		OldState: e.OldState, Platform: e.Platform, StateReason: e.Reason, Timestamp: api.TimeOf(e.Time),
		Cause: api.ComplianceCause{Caller: e.Cause.CallerARN, CauseID: e.Cause.ID, Detail: e.Cause.Detail, Operation: e.Cause.Operation,
			Timestamp: api.TimeOf(e.Cause.Time)}}
}

func complianceSummary(s gov.ComplianceSummary) api.ComplianceSummary {
	node := func(n gov.NodeCount) api.NodeCount {
		return api.NodeCount{Configurations: n.Configurations, Disabled: n.Disabled, Enabled: n.Enabled, ID: n.ID, Name: n.Name}
	}
	return api.ComplianceSummary{Accounts: convert(s.Accounts, node), OrganizationalUnits: convert(s.OUs, node),
		Total: api.StateCount{Configurations: s.Total.Configurations, Disabled: s.Total.Disabled, Enabled: s.Total.Enabled}}
}

func simulatePolicyChange(h *Handler, r *request, in *api.SimulatePolicyChangeInput) (api.SimulatePolicyChangeOutput, error) {
	res, err := h.gov.SimulatePolicyChange(r.caller, gov.Simulation{Action: in.Action, PolicyID: in.PolicyID, AccountID: in.AccountID, SourceParentID: in.SourceParentID, Type: policy.Type(in.PolicyType),
		Name: in.Name, Description: in.Description, Content: in.Content, TargetID: in.TargetID})
	if err != nil {
		return api.SimulatePolicyChangeOutput{}, err
	}
	configs := func(c gov.ConfigChange) api.ConfigurationChange {
		return api.ConfigurationChange{AccountID: c.AccountID, ChatConfigurationArn: c.ConfigurationARN, Platform: c.Platform, StateReason: c.Reason}
	}
	return api.SimulatePolicyChangeOutput{
		Accounts: convert(res.Accounts, func(a gov.AccountChange) api.PolicyChangeAccount {
			return api.PolicyChangeAccount{AccountID: a.AccountID, Changes: policyChanges(a.Changes), HadPolicy: a.HadPolicy, Name: a.Name,
				PolicyType: string(a.Type)}
		}),
		AccountsChanged: res.AccountsChanged, AccountsInScope: res.AccountsInScope,
		Ignored: convert(res.Ignored, func(g gov.IgnoredChange) api.IgnoredChange {
			return api.IgnoredChange{Accounts: g.Accounts, Code: g.Code, Message: g.Message, Path: g.Path}
		}),
		PolicyID:     res.PolicyID,
		WouldDisable: convert(res.Disabled, configs), WouldDisableCount: res.WouldDisable,
		WouldEnable: convert(res.Enabled, configs), WouldEnableCount: res.WouldEnable,
	}, nil
}

// policyChanges converts the changes of an effective policy (nil stays
// nil).
func policyChanges(cs []policy.Change) []api.PolicyChange {
	if cs == nil {
		return nil
	}
	return convert(cs, func(c policy.Change) api.PolicyChange {
		return api.PolicyChange{Kind: string(c.Kind), Path: c.Path, Before: c.Before, After: c.After}
	})
}

// IAM registrations.

func putRolePermissions(h *Handler, r *request, in *api.PutRolePermissionsInput) (api.PutRolePermissionsOutput, error) {
	pi := gov.RolePermissionsInput{RoleARN: in.RoleArn, ManagedPolicyARNs: in.ManagedPolicyArns,
		InlinePolicies: convert(in.InlinePolicies, func(p api.InlinePolicy) gov.InlinePolicy {
			return gov.InlinePolicy{Name: p.PolicyName, Document: p.PolicyDocument}
		})}
	rp, err := h.gov.PutRolePermissions(r.Context(), r.caller, pi)
	if err != nil {
		return api.PutRolePermissionsOutput{}, err
	}
	return api.PutRolePermissionsOutput{RolePermissions: rolePermissions(rp)}, nil
}

func getRolePermissions(h *Handler, r *request, in *api.GetRolePermissionsInput) (api.GetRolePermissionsOutput, error) {
	rp, err := h.gov.RolePermissions(r.caller, in.RoleArn)
	if err != nil {
		return api.GetRolePermissionsOutput{}, err
	}
	return api.GetRolePermissionsOutput{RolePermissions: rolePermissions(rp)}, nil
}

func deleteRolePermissions(h *Handler, r *request, in *api.DeleteRolePermissionsInput) (api.DeleteRolePermissionsOutput, error) {
	return api.DeleteRolePermissionsOutput{}, h.gov.DeleteRolePermissions(r.Context(), r.caller, in.RoleArn)
}

func putManagedPolicy(h *Handler, r *request, in *api.PutManagedPolicyInput) (api.PutManagedPolicyOutput, error) {
	p, err := h.gov.PutManagedPolicy(r.Context(), r.caller, gov.ManagedPolicyInput{Name: in.PolicyName, Path: in.Path, Document: in.PolicyDocument})
	if err != nil {
		return api.PutManagedPolicyOutput{}, err
	}
	return api.PutManagedPolicyOutput{Policy: managedPolicy(p)}, nil
}

func deleteManagedPolicy(h *Handler, r *request, in *api.DeleteManagedPolicyInput) (api.DeleteManagedPolicyOutput, error) {
	return api.DeleteManagedPolicyOutput{}, h.gov.DeleteManagedPolicy(r.Context(), r.caller, in.PolicyArn)
}

func listIAMRegistrations(h *Handler, r *request, in *api.ListIAMRegistrationsInput) (api.ListIAMRegistrationsOutput, error) {
	regs, err := h.gov.ListIAMRegistrations(r.caller, in.AccountID)
	if err != nil {
		return api.ListIAMRegistrationsOutput{}, err
	}
	return api.ListIAMRegistrationsOutput{ManagedPolicies: convert(regs.ManagedPolicies, managedPolicy),
		RolePermissions: convert(regs.RolePermissions, rolePermissions)}, nil
}

func rolePermissions(rp gov.RolePermissions) api.RolePermissions {
	return api.RolePermissions{RoleArn: rp.RoleARN, ManagedPolicyArns: nonNil(rp.ManagedPolicyARNs), UpdatedTimestamp: api.TimeOf(rp.UpdatedAt),
		InlinePolicies: convert(rp.InlinePolicies, func(p gov.InlinePolicy) api.InlinePolicy {
			return api.InlinePolicy{PolicyName: p.Name, PolicyDocument: p.Document}
		})}
}

func managedPolicy(p gov.ManagedPolicy) api.ManagedPolicy {
	return api.ManagedPolicy{Path: p.Path, PolicyArn: p.ARN, PolicyDocument: p.Document, PolicyName: p.Name, UpdatedTimestamp: api.TimeOf(p.UpdatedAt)}
}
