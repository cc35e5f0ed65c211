package gov

import (
	"context"
	"strings"

	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// The calls of the role × operation matrix (access_matrix_test.go), an
// operation at least once each.

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// matrixTypes are the policy types a call concerns, one case each: the chatbot
// delegated administrator's type and another.
var matrixTypes = []policy.Type{policy.ChatbotPolicy, policy.TagPolicy}

func (w *world) policyOf(t policy.Type) string {
	if t == policy.ChatbotPolicy {
		return w.chatbotPolicy
	}
	return w.tagPolicy
}

func noConfigARN(account string) string {
	return "arn:aws:chatbot::" + account + ":chat-configuration/slack-channel/none"
}

// matrixCases are the calls of the matrix.
func matrixCases() []matrixCase {
	cases := []matrixCase{
		{op: opCreateOrganization, fresh: true, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.CreateOrganization(ctx, c, "")
			return err
		}},
		{op: opDescribeOrganization, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DescribeOrganization(c)
			return err
		}},
		{op: opDeleteOrganization, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DeleteOrganization(ctx, c) // members remain: NotEmpty
		}},
		{op: opListRoots, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListRoots(c, "", 0)
			return err
		}},
		{op: opEnablePolicyType, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.EnablePolicyType(ctx, c, w.root, policy.ServiceControlPolicy) // already enabled
			return err
		}},
		{op: opDisablePolicyType, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DisablePolicyType(ctx, c, w.root, policy.BackupPolicy) // not enabled
			return err
		}},
		{op: opCreateOrganizationalUnit, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.CreateOrganizationalUnit(ctx, c, w.root, "", nil)
			return err
		}},
		{op: opDescribeOrganizationalUnit, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DescribeOrganizationalUnit(c, w.ou)
			return err
		}},
		{op: opUpdateOrganizationalUnit, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.UpdateOrganizationalUnit(ctx, c, w.ou, "") // no new name: nothing changes
			return err
		}},
		{op: opDeleteOrganizationalUnit, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DeleteOrganizationalUnit(ctx, c, "ou-zz00-zzzzzzzz")
		}},
		{op: opListOrganizationalUnitsForParent, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListOrganizationalUnitsForParent(c, w.root, "", 0)
			return err
		}},
		{op: opListChildren, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListChildren(c, w.root, ChildAccount, "", 0)
			return err
		}},
		{op: opListParents, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListParents(c, w.ou, "", 0)
			return err
		}},
		{op: opDescribeAccount, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DescribeAccount(c, w.account(roleMember))
			return err
		}},
		{op: opListAccounts, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListAccounts(c, "", 0)
			return err
		}},
		{op: opListAccountsForParent, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListAccountsForParent(c, w.root, "", 0)
			return err
		}},
		{op: opMoveAccount, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.MoveAccount(ctx, c, w.account(roleMember), w.root, w.root) // already there
		}},
		{op: opCreateAccount, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.CreateAccount(ctx, c, CreateAccountInput{Email: "x", AccountName: "x"})
			return err
		}},
		{op: opDescribeCreateAccountStatus, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DescribeCreateAccountStatus(c, "car-zzzzzzzzzzzz")
			return err
		}},
		{op: opListCreateAccountStatus, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListCreateAccountStatus(c, nil, "", 0)
			return err
		}},
		{op: opEnableAWSServiceAccess, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.EnableAWSServiceAccess(ctx, c, "example.amazonaws.com")
		}},
		{op: opDisableAWSServiceAccess, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DisableAWSServiceAccess(ctx, c, "example.amazonaws.com")
		}},
		{op: opListAWSServiceAccessForOrganization, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListAWSServiceAccessForOrganization(c, "", 0)
			return err
		}},
		{op: opRegisterDelegatedAdministrator, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.RegisterDelegatedAdministrator(ctx, c, w.account(roleMember), "example.amazonaws.com")
		}},
		{op: opDeregisterDelegatedAdministrator, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DeregisterDelegatedAdministrator(ctx, c, w.account(roleChatbotAdmin), "example.amazonaws.com")
		}},
		{op: opListDelegatedAdministrators, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListDelegatedAdministrators(c, "", "", 0)
			return err
		}},
		{op: opListDelegatedServicesForAccount, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListDelegatedServicesForAccount(c, w.account(roleChatbotAdmin), "", 0)
			return err
		}},
		{op: opDescribeOwnEffectivePolicy, variant: "own", call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DescribeEffectivePolicy(c, policy.ChatbotPolicy, "")
			return err
		}},
		{op: opDescribeEffectivePolicy, variant: "other", call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DescribeEffectivePolicy(c, policy.ChatbotPolicy, w.other(c))
			return err
		}},
		{op: opListEffectivePolicyValidationErrors, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListEffectivePolicyValidationErrors(c, w.account(roleMember), policy.ChatbotPolicy, "", 0)
			return err
		}},
		{op: opListAccountsWithInvalidEffectivePolicy, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListAccountsWithInvalidEffectivePolicy(c, policy.ChatbotPolicy, "", 0)
			return err
		}},
		{op: opListPolicies, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListPolicies(c, policy.TagPolicy, "", 0)
			return err
		}},
		{op: opListPoliciesForTarget, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListPoliciesForTarget(c, w.root, policy.TagPolicy, "", 0)
			return err
		}},
		{op: opPutResourcePolicy, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.PutResourcePolicy(ctx, c, "{", nil)
			return err
		}},
		{op: opDescribeResourcePolicy, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DescribeResourcePolicy(c)
			return err
		}},
		{op: opDeleteResourcePolicy, fresh: true, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DeleteResourcePolicy(ctx, c)
		}},
		{op: opTagResource, variant: "root", call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.TagResource(ctx, c, w.root, nil) // no tags: Invalid
		}},
		{op: opTagResource, variant: "resource-policy", call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.TagResource(ctx, c, w.resourcePolicy, nil)
		}},
		{op: opUntagResource, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.UntagResource(ctx, c, w.account(roleMember), nil)
		}},
		{op: opListTagsForResource, variant: "root", call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListTagsForResource(c, w.root, "", 0)
			return err
		}},
		{op: opListTagsForResource, variant: "policy", call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListTagsForResource(c, w.tagPolicy, "", 0)
			return err
		}},
		{op: opListTagsForResource, variant: "resource-policy", call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListTagsForResource(c, w.resourcePolicy, "", 0)
			return err
		}},
	}
	cases = append(cases, policyCases()...)
	cases = append(cases, membershipCases()...)
	cases = append(cases, chatCases()...)
	cases = append(cases, iamCases()...)
	cases = append(cases, chatCommandCases()...)
	return cases
}

// policyCases call the operations on policies, for a policy of each type.
func policyCases() []matrixCase {
	var cases []matrixCase
	for _, typ := range matrixTypes {
		for _, tc := range []matrixCase{
			{op: opCreatePolicy, call: func(ctx context.Context, w *world, c Caller) error {
				_, err := w.svc.CreatePolicy(ctx, c, CreatePolicyInput{Type: typ}) // no name: Invalid
				return err
			}},
			{op: opCreatePolicy, variant: "simulated", call: func(ctx context.Context, w *world, c Caller) error {
				_, err := w.svc.SimulatePolicyChange(c, Simulation{Action: "CreatePolicy", Type: typ}) // no content: Invalid
				return err
			}},
			{op: opUpdatePolicy, call: func(ctx context.Context, w *world, c Caller) error {
				_, err := w.svc.UpdatePolicy(ctx, c, UpdatePolicyInput{PolicyID: w.policyOf(typ), Name: ptr("")})
				return err
			}},
			{op: opUpdatePolicy, variant: "simulated", call: func(ctx context.Context, w *world, c Caller) error {
				_, err := w.svc.SimulatePolicyChange(c, Simulation{Action: "UpdatePolicy", PolicyID: w.policyOf(typ), Content: ptr("")})
				return err
			}},
			{op: opDeletePolicy, call: func(ctx context.Context, w *world, c Caller) error {
				return w.svc.DeletePolicy(ctx, c, w.policyOf(typ)) // attached: NotEmpty
			}},
			{op: opDescribePolicy, call: func(ctx context.Context, w *world, c Caller) error {
				_, err := w.svc.DescribePolicy(c, w.policyOf(typ))
				return err
			}},
			{op: opAttachPolicy, call: func(ctx context.Context, w *world, c Caller) error {
				return w.svc.AttachPolicy(ctx, c, w.policyOf(typ), w.root) // attached already
			}},
			{op: opAttachPolicy, variant: "simulated", call: func(ctx context.Context, w *world, c Caller) error {
				_, err := w.svc.SimulatePolicyChange(c, Simulation{Action: "AttachPolicy", PolicyID: w.policyOf(typ), TargetID: w.ou})
				return err
			}},
			{op: opDetachPolicy, call: func(ctx context.Context, w *world, c Caller) error {
				return w.svc.DetachPolicy(ctx, c, w.policyOf(typ), w.ou) // not attached there
			}},
			{op: opDetachPolicy, variant: "simulated", call: func(ctx context.Context, w *world, c Caller) error {
				_, err := w.svc.SimulatePolicyChange(c, Simulation{Action: "DetachPolicy", PolicyID: w.policyOf(typ), TargetID: w.root})
				return err
			}},
			{op: opListTargetsForPolicy, call: func(ctx context.Context, w *world, c Caller) error {
				_, err := w.svc.ListTargetsForPolicy(c, w.policyOf(typ), "", 0)
				return err
			}},
			{op: opTagPolicy, call: func(ctx context.Context, w *world, c Caller) error {
				return w.svc.TagResource(ctx, c, w.policyOf(typ), nil) // no tags: Invalid
			}},
			{op: opUntagPolicy, call: func(ctx context.Context, w *world, c Caller) error {
				return w.svc.UntagResource(ctx, c, w.policyOf(typ), nil)
			}},
		} {
			tc.policyType = typ
			tc.variant = strings.TrimPrefix(tc.variant+"/"+string(typ), "/")
			cases = append(cases, tc)
		}
	}
	return cases
}

// membershipCases call the operations of membership, handshakes and STS.
func membershipCases() []matrixCase {
	return []matrixCase{
		{op: opLeaveOrganization, call: func(ctx context.Context, w *world, c Caller) error {
			// Created too recently, a delegated administrator, or the
			// management account: a constraint stops everyone allowed.
			return w.svc.LeaveOrganization(ctx, c)
		}},
		{op: opRemoveAccountFromOrganization, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.RemoveAccountFromOrganization(ctx, c, matrixNobody)
		}},
		{op: opCloseAccount, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.CloseAccount(ctx, c, matrixNobody)
		}},
		{op: opCreateStandaloneAccount, call: func(ctx context.Context, w *world, c Caller) error {
			_, _, err := w.svc.CreateStandaloneAccount(ctx, c, StandaloneAccountInput{})
			return err
		}},
		{op: opCreateRootAccessKey, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.CreateRootAccessKey(ctx, c, "x")
			return err
		}},
		{op: opListStandaloneAccounts, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListStandaloneAccounts(c)
			return err
		}},
		{op: opInviteAccountToOrganization, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.InviteAccountToOrganization(ctx, c, InviteInput{Target: &HandshakeParty{Type: PartyAccount, ID: w.account(roleMember)}})
			return err
		}},
		{op: opEnableAllFeatures, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.EnableAllFeatures(ctx, c) // it has them
			return err
		}},
		{op: opDescribeHandshake, recipient: roleStandalone, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DescribeHandshake(c, w.invitation)
			return err
		}},
		{op: opListHandshakesForAccount, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListHandshakesForAccount(c, HandshakeFilter{}, "", 0)
			return err
		}},
		{op: opListHandshakesForOrganization, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListHandshakesForOrganization(c, HandshakeFilter{}, "", 0)
			return err
		}},
		{op: opAcceptInvitation, variant: "invitation", recipient: roleStandalone, fresh: true, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.AcceptHandshake(ctx, c, w.invitation)
			return err
		}},
		{op: opApproveAllFeatures, variant: "approval", world: worldBilling, recipient: roleMember, fresh: true, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.AcceptHandshake(ctx, c, w.approval)
			return err
		}},
		{op: opFinalizeAllFeatures, variant: "request", world: worldBilling, recipient: nobody, fresh: true, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.AcceptHandshake(ctx, c, w.request) // approval pending: a transition error
			return err
		}},
		{op: opDeclineHandshake, recipient: roleStandalone, fresh: true, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DeclineHandshake(ctx, c, w.invitation)
			return err
		}},
		{op: opCancelHandshake, recipient: roleStandalone, fresh: true, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.CancelHandshake(ctx, c, w.invitation)
			return err
		}},
		{op: opAssumeRole, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.AssumeRole(ctx, c, "arn:aws:iam::"+w.account(roleMember)+":role/"+DefaultAccessRole, "matrix", 0)
			return err
		}},
		{op: opGetCallerIdentity, call: func(ctx context.Context, w *world, c Caller) error {
			w.svc.GetCallerIdentity(c)
			return nil
		}},
	}
}

// chatCases call the chat directory, the caller's chat resources, the
// decisions, compliance and the IAM registrations.
func chatCases() []matrixCase {
	const slack = store.PlatformSlack
	return []matrixCase{
		{op: opPutSlackChannel, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.PutSlackChannel(ctx, c, SlackChannel{TeamID: "bad"})
		}},
		{op: opDeleteSlackChannel, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DeleteSlackChannel(ctx, c, "T0", "C0")
		}},
		{op: opPutTeamsTeam, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.PutTeamsTeam(ctx, c, TeamsTeam{TenantID: "bad"})
		}},
		{op: opDeleteTeamsTeam, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DeleteTeamsTeam(ctx, c, "none")
		}},
		{op: opPutSlackBotToken, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.PutSlackBotToken(ctx, c, "bad", "")
		}},
		{op: opPutTeamsWebhookURL, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.PutTeamsWebhookURL(ctx, c, "bad", "", "")
		}},
		{op: opCreateTopic, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.CreateTopic(ctx, c, "bad name", nil, nil)
			return err
		}},
		{op: opDeleteTopic, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DeleteTopic(ctx, c, "bad")
		}},
		{op: opListTopics, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListTopics(ctx, c, "")
			return err
		}},
		{op: opGetTopicAttributes, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.GetTopicAttributes(ctx, c, "bad")
			return err
		}},
		{op: opPublish, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.Publish(ctx, c, PublishInput{TopicARN: "bad"})
			return err
		}},
		{op: opTagTopic, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.TagTopic(ctx, c, "bad", nil)
		}},
		{op: opUntagTopic, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.UntagTopic(ctx, c, "bad", nil)
		}},
		{op: opListTopicTags, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.TopicTags(ctx, c, "bad")
			return err
		}},
		{op: opListDirectory, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListDirectory(c)
			return err
		}},
		{op: opDescribeSlackWorkspaces, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DescribeSlackWorkspaces(c, "", 0)
			return err
		}},
		{op: opListConfiguredTeams, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListConfiguredTeams(c, "", 0)
			return err
		}},
		{op: opForgetWorkspace, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.ForgetWorkspace(c, slack, "T0")
		}},
		{op: opGetAccountPreferences, call: func(ctx context.Context, w *world, c Caller) error {
			w.svc.Preferences(c)
			return nil
		}},
		{op: opUpdateAccountPreferences, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.UpdatePreferences(ctx, c, nil, nil)
			return err
		}},
		{op: opListUserIdentities, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListUserIdentities(c, slack, "", "", 0)
			return err
		}},
		{op: opPutUserIdentity, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.PutUserIdentity(ctx, c, UserIdentityInput{ConfigurationARN: noConfigARN(c.AccountID)})
			return err
		}},
		{op: opDeleteUserIdentity, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DeleteUserIdentity(ctx, c, noConfigARN(c.AccountID), slack, "U0")
		}},
		{op: opCreateChatConfiguration, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.CreateChatConfiguration(ctx, c, NewChatConfiguration{Platform: slack}, ChatInput{})
			return err
		}},
		{op: opUpdateChatConfiguration, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.UpdateChatConfiguration(ctx, c, noConfigARN(c.AccountID), slack, "C0", ChatInput{})
			return err
		}},
		{op: opDeleteChatConfiguration, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DeleteChatConfiguration(ctx, c, noConfigARN(c.AccountID), slack)
		}},
		{op: opListChatConfigurations, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListChatConfigurations(c, slack, "", "", "", 0)
			return err
		}},
		{op: opGetChatConfiguration, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.GetChatConfiguration(c, noConfigARN(c.AccountID), slack)
			return err
		}},
		{op: opTagChatConfiguration, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.TagChatConfiguration(ctx, c, noConfigARN(c.AccountID), map[string]string{"k": "v"})
		}},
		{op: opUntagChatConfiguration, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.UntagChatConfiguration(ctx, c, noConfigARN(c.AccountID), []string{"k"})
		}},
		{op: opListChatTags, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ChatTags(c, noConfigARN(c.AccountID))
			return err
		}},
		{op: opSimulateChatCommand, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.SimulateChatCommand(c, CommandInput{ConfigurationARN: noConfigARN(c.AccountID), Command: "@aws sts get-caller-identity"})
			return err
		}},
		{op: opSimulateChatCommand, variant: "other", forOther: true, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.SimulateChatCommand(c, CommandInput{ConfigurationARN: noConfigARN(w.other(c)), Command: "@aws sts get-caller-identity"})
			return err
		}},
		{op: opSimulateRequest, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.SimulateRequest(c, RequestInput{Action: "s3:GetObject"})
			return err
		}},
		{op: opSimulateRequest, variant: "other", forOther: true, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.SimulateRequest(c, RequestInput{AccountID: w.other(c), Action: "s3:GetObject"})
			return err
		}},
		{op: opDecideChatConfiguration, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DecideChatConfiguration(c, "", NewChatConfiguration{Platform: PlatformSlack}, ChatInput{}) // no name: Invalid
			return err
		}},
		{op: opDecideChatConfiguration, variant: "other", forOther: true, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.DecideChatConfiguration(c, w.other(c), NewChatConfiguration{Platform: PlatformSlack}, ChatInput{})
			return err
		}},
		{op: opListComplianceEvents, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListComplianceEvents(ctx, c, ComplianceFilter{})
			return err
		}},
		{op: opListComplianceEvents, variant: "other", forOther: true, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListComplianceEvents(ctx, c, ComplianceFilter{AccountID: w.other(c)})
			return err
		}},
	}
}

// iamCases call the IAM registrations, of the caller's account and of
// another.
func iamCases() []matrixCase {
	roleARN := func(account, name string) string { return "arn:aws:iam::" + account + ":role/" + name }
	var cases []matrixCase
	for _, other := range []bool{false, true} {
		account := func(w *world, c Caller) string {
			if other {
				return w.other(c)
			}
			return c.AccountID
		}
		for _, tc := range []matrixCase{
			{op: opPutRolePermissions, call: func(ctx context.Context, w *world, c Caller) error {
				_, err := w.svc.PutRolePermissions(ctx, c, RolePermissionsInput{RoleARN: roleARN(account(w, c), "matrix-put")})
				return err
			}},
			{op: opGetRolePermissions, call: func(ctx context.Context, w *world, c Caller) error {
				_, err := w.svc.RolePermissions(c, roleARN(account(w, c), "matrix-none"))
				return err
			}},
			{op: opDeleteRolePermissions, call: func(ctx context.Context, w *world, c Caller) error {
				return w.svc.DeleteRolePermissions(ctx, c, roleARN(account(w, c), "matrix-none"))
			}},
			{op: opDeleteManagedPolicy, call: func(ctx context.Context, w *world, c Caller) error {
				return w.svc.DeleteManagedPolicy(ctx, c, "arn:aws:iam::"+account(w, c)+":policy/matrix-none")
			}},
			{op: opListIAMRegistrations, call: func(ctx context.Context, w *world, c Caller) error {
				_, err := w.svc.ListIAMRegistrations(c, account(w, c))
				return err
			}},
		} {
			if other {
				tc.variant, tc.forOther = "other", true
			}
			cases = append(cases, tc)
		}
	}
	return append(cases, matrixCase{op: opPutManagedPolicy, call: func(ctx context.Context, w *world, c Caller) error {
		_, err := w.svc.PutManagedPolicy(ctx, c, ManagedPolicyInput{Name: "matrix",
			Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`})
		return err
	}})
}
