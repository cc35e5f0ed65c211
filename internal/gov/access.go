package gov

import "fmt"

// Who may call what. Every use case names its operation, a constant below,
// and accessTable says who may call it: the one place that knows. authorize
// (authorize.go) decides the calls whose answer depends on the caller
// alone; authorizeHandshake, authorizeFor and authorizeAssumeRole decide
// those that also depend on what they act on (a handshake, another
// account's resources, a role), from the same entries. The role ×
// operation matrix test (access_matrix_test.go) calls every operation as
// every kind of caller and checks the answer against this table.

// operation is a use case whose caller is authorized: an index of
// accessTable. Two operations may share a name where AWS has one operation
// and chatgov decides two cases of it differently (DescribeEffectivePolicy
// of the caller's own account or of another; TagResource on a policy or on
// a node).
type operation uint8

// need says who may call an operation.
type need uint8

const (
	// needNone is no one; as forOthers, it means that only the account
	// itself may call the operation on its resources.
	needNone need = iota
	// needManagement: the organization's management account.
	needManagement
	// needAdmin: the management account or the chatbot delegated
	// administrator, which reads all of the organization's data (as
	// RegisterDelegatedAdministrator grants on AWS, policies of every type
	// included) and, where chatbotPolicyOnly says so, manages CHATBOT_POLICY
	// policies only (D13).
	needAdmin
	// needMember: any account of the organization.
	needMember
	// needHandshakeAdmin: the management account or the delegated
	// administrator of any service, which see every handshake of the
	// organization.
	needHandshakeAdmin
	// needOperator: the management account of this chatgov server, with or
	// without an organization (standalone accounts are its to manage).
	needOperator
	// needAccount: any authenticated account, acting on its own account's
	// resources (an account outside the organization included, unless
	// standalone says otherwise).
	needAccount
	// needParty: a party to the handshake: its recipient, or the
	// management account and the delegated administrators, which see every
	// handshake of the organization. To anyone else it does not exist
	// (NotFound, ResHandshake): handshakeFor decides it, for every
	// handshake operation, before the operation's own need.
	needParty
	// needRecipient: the handshake's recipient, by account ID or by email
	// address (after needParty).
	needRecipient
	// needSender: the management account, which sends the organization's
	// handshakes (after needParty).
	needSender
	// needTrust: the principals a role trusts: the management account, for
	// the access role CreateAccount made in an active member account; any
	// caller in emulator mode.
	needTrust
)

// delegation says what the organization's resource policy can do for an
// operation.
type delegation uint8

const (
	// notDelegable: a resource policy may not name the operation;
	// PutResourcePolicy refuses a policy that does.
	notDelegable delegation = iota
	// delegable: the policy's Allow grants a member the call when its role
	// does not, and its explicit Deny refuses the call to any member,
	// whatever its role; the management account is never subject to it.
	delegable
	// nameable: a resource policy may name the operation, but its calls are
	// decided without the policy: every member may call it, or its own rule
	// decides (the handshakes the organization's administrators see).
	nameable
)

// access is one entry of the access table: who may call an operation.
type access struct {
	// name is the operation's name in messages and compliance causes:
	// AWS's for AWS's operations, the path's under /chatgov/ for chatgov's
	// own, the use case's where AWS Chatbot has one operation per platform.
	name string
	// need is who may call it.
	need need
	// chatbotPolicyOnly limits the chatbot delegated administrator's grant
	// (needAdmin) to CHATBOT_POLICY policies (D13).
	chatbotPolicyOnly bool
	// delegation is what the resource policy can do for it.
	delegation delegation
	// standalone: a standalone account (an account outside the organization
	// that chatgov knows) may call it, on its own resources or as a
	// handshake's recipient. Operations of the organization answer it
	// NotFound (ResOrganization), as AWS answers an account in no
	// organization.
	standalone bool
	// forOthers is who may call it on another account's resources, decided
	// on roles alone (the resource policy has no say): needAdmin for the
	// management account and the chatbot delegated administrator,
	// needManagement for the management account acting for a member account
	// of its organization; needNone for no one.
	forOthers need
	// refused is the message of an AccessDenied that the need's own rule
	// (not authorize's generic ones) gives: about holds the other account
	// (forOthers), the handshake's ID, recipient type and recipient ID
	// (needRecipient, needSender), the role ARN (needTrust), or the
	// server's management account (needAccount refusing a standalone
	// account).
	refused func(c Caller, about ...string) string
}

// String returns the operation's name.
func (op operation) String() string { return accessTable[op].name }

// The operations, by area.
const (
	// The organization (organization.go, tree.go, accounts.go).
	opCreateOrganization operation = iota
	opDescribeOrganization
	opDeleteOrganization
	opListRoots
	opEnablePolicyType
	opDisablePolicyType
	opCreateOrganizationalUnit
	opDescribeOrganizationalUnit
	opUpdateOrganizationalUnit
	opDeleteOrganizationalUnit
	opListOrganizationalUnitsForParent
	opListChildren
	opListParents
	opDescribeAccount
	opListAccounts
	opListAccountsForParent
	opMoveAccount
	opCreateAccount
	opDescribeCreateAccountStatus
	opListCreateAccountStatus

	// Trusted access and delegated administrators (delegation.go).
	opEnableAWSServiceAccess
	opDisableAWSServiceAccess
	opListAWSServiceAccessForOrganization
	opRegisterDelegatedAdministrator
	opDeregisterDelegatedAdministrator
	opListDelegatedAdministrators
	opListDelegatedServicesForAccount

	// Effective policies (effective_ops.go): of the caller's own account,
	// or of any account.
	opDescribeOwnEffectivePolicy
	opDescribeEffectivePolicy
	opListEffectivePolicyValidationErrors
	opListAccountsWithInvalidEffectivePolicy

	// Policies and their attachments (policies.go).
	opCreatePolicy
	opUpdatePolicy
	opDeletePolicy
	opDescribePolicy
	opListPolicies
	opAttachPolicy
	opDetachPolicy
	opListPoliciesForTarget
	opListTargetsForPolicy

	// The resource policy (resource_policy.go).
	opPutResourcePolicy
	opDescribeResourcePolicy
	opDeleteResourcePolicy

	// Tags (tags.go): of policies, or of roots, OUs, accounts and the
	// resource policy.
	opTagPolicy
	opUntagPolicy
	opTagResource
	opUntagResource
	opListTagsForResource

	// Membership (membership*.go).
	opLeaveOrganization
	opRemoveAccountFromOrganization
	opCloseAccount
	opCreateStandaloneAccount
	opCreateRootAccessKey
	opListStandaloneAccounts

	// Handshakes (handshakes*.go). Accepting is three operations: an
	// invitation, a member's approval of all features, and the
	// organization's request to enable them, which the management account
	// finalizes.
	opInviteAccountToOrganization
	opEnableAllFeatures
	opDescribeHandshake
	opListHandshakesForAccount
	opListHandshakesForOrganization
	opAcceptInvitation
	opApproveAllFeatures
	opFinalizeAllFeatures
	opDeclineHandshake
	opCancelHandshake

	// The chat directory and the caller's own chat resources
	// (directory.go, chat.go).
	opPutSlackChannel
	opDeleteSlackChannel
	opPutTeamsTeam
	opDeleteTeamsTeam
	opListDirectory
	opDescribeSlackWorkspaces
	opListConfiguredTeams
	opForgetWorkspace
	opGetAccountPreferences
	opUpdateAccountPreferences
	opListUserIdentities
	opPutUserIdentity
	opDeleteUserIdentity
	opCreateChatConfiguration
	opUpdateChatConfiguration
	opDeleteChatConfiguration
	opListChatConfigurations
	opGetChatConfiguration
	opTagChatConfiguration
	opUntagChatConfiguration
	opListChatTags
	opPutSlackBotToken
	opPutTeamsWebhookURL

	// SNS topics (topics.go, notifications.go).
	opCreateTopic
	opDeleteTopic
	opListTopics
	opGetTopicAttributes
	opPublish
	opTagTopic
	opUntagTopic
	opListTopicTags

	// Decisions and compliance (commands.go, simulate_request.go,
	// chat_decide.go, compliance_ops.go). SimulatePolicyChange has no
	// entry: it needs the permissions of the write it simulates.
	opSimulateChatCommand
	opSimulateRequest
	opDecideChatConfiguration
	opListComplianceEvents

	// IAM registrations (iamreg.go).
	opPutRolePermissions
	opGetRolePermissions
	opDeleteRolePermissions
	opPutManagedPolicy
	opDeleteManagedPolicy
	opListIAMRegistrations

	// STS (auth.go).
	opAssumeRole
	opGetCallerIdentity

	// Commands typed in chat: signing secrets and custom actions
	// (chat_gateway*.go, custom_actions.go).
	opPutSigningSecret
	opDeleteSigningSecret
	opCreateCustomAction
	opGetCustomAction
	opUpdateCustomAction
	opDeleteCustomAction
	opListCustomActions
	opAssociateToConfiguration
	opDisassociateFromConfiguration
	opListAssociations

	numOperations
)

// accessTable says who may call each operation.
var accessTable = [numOperations]access{
	opCreateOrganization: {name: "CreateOrganization", need: needAccount,
		refused: func(c Caller, about ...string) string {
			return fmt.Sprintf("account %s is a standalone account of this chatgov server, which serves one organization (its management account is %s); "+
				"a standalone account can join it by accepting an invitation, not create another", c.AccountID, about[0])
		}},
	opDescribeOrganization:             {name: "DescribeOrganization", need: needMember, delegation: nameable},
	opDeleteOrganization:               {name: "DeleteOrganization", need: needManagement},
	opListRoots:                        {name: "ListRoots", need: needAdmin, delegation: delegable},
	opEnablePolicyType:                 {name: "EnablePolicyType", need: needManagement, delegation: delegable},
	opDisablePolicyType:                {name: "DisablePolicyType", need: needManagement, delegation: delegable},
	opCreateOrganizationalUnit:         {name: "CreateOrganizationalUnit", need: needManagement},
	opDescribeOrganizationalUnit:       {name: "DescribeOrganizationalUnit", need: needAdmin, delegation: delegable},
	opUpdateOrganizationalUnit:         {name: "UpdateOrganizationalUnit", need: needManagement},
	opDeleteOrganizationalUnit:         {name: "DeleteOrganizationalUnit", need: needManagement},
	opListOrganizationalUnitsForParent: {name: "ListOrganizationalUnitsForParent", need: needAdmin, delegation: delegable},
	opListChildren:                     {name: "ListChildren", need: needAdmin, delegation: delegable},
	opListParents:                      {name: "ListParents", need: needAdmin, delegation: delegable},
	opDescribeAccount:                  {name: "DescribeAccount", need: needAdmin, delegation: delegable},
	opListAccounts:                     {name: "ListAccounts", need: needAdmin, delegation: delegable},
	opListAccountsForParent:            {name: "ListAccountsForParent", need: needAdmin, delegation: delegable},
	opMoveAccount:                      {name: "MoveAccount", need: needManagement},
	opCreateAccount:                    {name: "CreateAccount", need: needManagement},
	opDescribeCreateAccountStatus:      {name: "DescribeCreateAccountStatus", need: needAdmin, delegation: delegable},
	opListCreateAccountStatus:          {name: "ListCreateAccountStatus", need: needAdmin, delegation: delegable},

	opEnableAWSServiceAccess:              {name: "EnableAWSServiceAccess", need: needManagement},
	opDisableAWSServiceAccess:             {name: "DisableAWSServiceAccess", need: needManagement},
	opListAWSServiceAccessForOrganization: {name: "ListAWSServiceAccessForOrganization", need: needAdmin, delegation: delegable},
	opRegisterDelegatedAdministrator:      {name: "RegisterDelegatedAdministrator", need: needManagement},
	opDeregisterDelegatedAdministrator:    {name: "DeregisterDelegatedAdministrator", need: needManagement},
	opListDelegatedAdministrators:         {name: "ListDelegatedAdministrators", need: needAdmin, delegation: delegable},
	opListDelegatedServicesForAccount:     {name: "ListDelegatedServicesForAccount", need: needAdmin, delegation: delegable},

	opDescribeOwnEffectivePolicy:             {name: "DescribeEffectivePolicy", need: needMember, delegation: nameable},
	opDescribeEffectivePolicy:                {name: "DescribeEffectivePolicy", need: needAdmin, delegation: delegable},
	opListEffectivePolicyValidationErrors:    {name: "ListEffectivePolicyValidationErrors", need: needAdmin, delegation: delegable},
	opListAccountsWithInvalidEffectivePolicy: {name: "ListAccountsWithInvalidEffectivePolicy", need: needAdmin, delegation: delegable},

	opCreatePolicy:          {name: "CreatePolicy", need: needAdmin, chatbotPolicyOnly: true, delegation: delegable},
	opUpdatePolicy:          {name: "UpdatePolicy", need: needAdmin, chatbotPolicyOnly: true, delegation: delegable},
	opDeletePolicy:          {name: "DeletePolicy", need: needAdmin, chatbotPolicyOnly: true, delegation: delegable},
	opDescribePolicy:        {name: "DescribePolicy", need: needAdmin, delegation: delegable},
	opListPolicies:          {name: "ListPolicies", need: needAdmin, delegation: delegable},
	opAttachPolicy:          {name: "AttachPolicy", need: needAdmin, chatbotPolicyOnly: true, delegation: delegable},
	opDetachPolicy:          {name: "DetachPolicy", need: needAdmin, chatbotPolicyOnly: true, delegation: delegable},
	opListPoliciesForTarget: {name: "ListPoliciesForTarget", need: needAdmin, delegation: delegable},
	opListTargetsForPolicy:  {name: "ListTargetsForPolicy", need: needAdmin, delegation: delegable},

	opPutResourcePolicy:      {name: "PutResourcePolicy", need: needManagement},
	opDescribeResourcePolicy: {name: "DescribeResourcePolicy", need: needAdmin, delegation: delegable},
	opDeleteResourcePolicy:   {name: "DeleteResourcePolicy", need: needManagement},

	opTagPolicy:           {name: "TagResource", need: needAdmin, chatbotPolicyOnly: true, delegation: delegable},
	opUntagPolicy:         {name: "UntagResource", need: needAdmin, chatbotPolicyOnly: true, delegation: delegable},
	opTagResource:         {name: "TagResource", need: needManagement, delegation: delegable},
	opUntagResource:       {name: "UntagResource", need: needManagement, delegation: delegable},
	opListTagsForResource: {name: "ListTagsForResource", need: needAdmin, delegation: delegable},

	opLeaveOrganization:             {name: "LeaveOrganization", need: needMember},
	opRemoveAccountFromOrganization: {name: "RemoveAccountFromOrganization", need: needManagement},
	opCloseAccount:                  {name: "CloseAccount", need: needManagement},
	opCreateStandaloneAccount:       {name: "create-standalone-account", need: needOperator},
	opCreateRootAccessKey:           {name: "create-root-access-key", need: needOperator},
	opListStandaloneAccounts:        {name: "list-standalone-accounts", need: needOperator},

	opInviteAccountToOrganization:   {name: "InviteAccountToOrganization", need: needManagement},
	opEnableAllFeatures:             {name: "EnableAllFeatures", need: needManagement},
	opDescribeHandshake:             {name: "DescribeHandshake", need: needParty, delegation: nameable, standalone: true},
	opListHandshakesForAccount:      {name: "ListHandshakesForAccount", need: needAccount, standalone: true},
	opListHandshakesForOrganization: {name: "ListHandshakesForOrganization", need: needHandshakeAdmin, delegation: nameable},
	opAcceptInvitation: {name: "AcceptHandshake", need: needRecipient, standalone: true,
		refused: func(c Caller, about ...string) string {
			return fmt.Sprintf("%s (%s) may not accept handshake %s: it is addressed to %s %s", c.ARN, c.AccountID, about[0], about[1], about[2])
		}},
	opApproveAllFeatures: {name: "AcceptHandshake", need: needRecipient,
		refused: func(c Caller, about ...string) string {
			return fmt.Sprintf("%s (%s) may not accept handshake %s: it is addressed to %s %s", c.ARN, c.AccountID, about[0], about[1], about[2])
		}},
	opFinalizeAllFeatures: {name: "AcceptHandshake", need: needSender,
		refused: func(c Caller, about ...string) string {
			return fmt.Sprintf("%s (%s) may not accept %s: only the management account finalizes enabling all features", c.ARN, c.AccountID, about[0])
		}},
	opDeclineHandshake: {name: "DeclineHandshake", need: needRecipient, standalone: true,
		refused: func(c Caller, about ...string) string {
			return fmt.Sprintf("%s (%s) may not decline handshake %s: only its recipient can; its sender can cancel it", c.ARN, c.AccountID, about[0])
		}},
	opCancelHandshake: {name: "CancelHandshake", need: needSender,
		refused: func(c Caller, about ...string) string {
			return fmt.Sprintf("%s (%s) may not cancel handshake %s: only the account that sent it, the management account, can; its recipient can decline it",
				c.ARN, c.AccountID, about[0])
		}},

	opPutSlackChannel:    {name: "put-slack-channel", need: needAdmin},
	opDeleteSlackChannel: {name: "delete-slack-channel", need: needAdmin},
	opPutTeamsTeam:       {name: "put-ms-teams-team", need: needAdmin},
	opDeleteTeamsTeam:    {name: "delete-ms-teams-team", need: needAdmin},
	opListDirectory:      {name: "list-directory", need: needMember},
	opPutSlackBotToken:   {name: "put-slack-bot-token", need: needAdmin},
	opPutTeamsWebhookURL: {name: "put-ms-teams-webhook-url", need: needAdmin},
	// An account manages and publishes to its own topics (ownTopic checks
	// the topic's account).
	opCreateTopic:              {name: "sns:CreateTopic", need: needAccount, standalone: true},
	opDeleteTopic:              {name: "sns:DeleteTopic", need: needAccount, standalone: true},
	opListTopics:               {name: "sns:ListTopics", need: needAccount, standalone: true},
	opGetTopicAttributes:       {name: "sns:GetTopicAttributes", need: needAccount, standalone: true},
	opPublish:                  {name: "sns:Publish", need: needAccount, standalone: true},
	opTagTopic:                 {name: "sns:TagResource", need: needAccount, standalone: true},
	opUntagTopic:               {name: "sns:UntagResource", need: needAccount, standalone: true},
	opListTopicTags:            {name: "sns:ListTagsForResource", need: needAccount, standalone: true},
	opDescribeSlackWorkspaces:  {name: "DescribeSlackWorkspaces", need: needAccount, standalone: true},
	opListConfiguredTeams:      {name: "ListMicrosoftTeamsConfiguredTeams", need: needAccount, standalone: true},
	opForgetWorkspace:          {name: "ForgetWorkspace", need: needAccount, standalone: true},
	opGetAccountPreferences:    {name: "GetAccountPreferences", need: needAccount, standalone: true},
	opUpdateAccountPreferences: {name: "UpdateAccountPreferences", need: needAccount, standalone: true},
	opListUserIdentities:       {name: "ListUserIdentities", need: needAccount, standalone: true},
	opPutUserIdentity:          {name: "put-user-identity", need: needAccount, standalone: true},
	opDeleteUserIdentity:       {name: "DeleteUserIdentity", need: needAccount, standalone: true},
	opCreateChatConfiguration:  {name: "CreateChatConfiguration", need: needAccount, standalone: true},
	opUpdateChatConfiguration:  {name: "UpdateChatConfiguration", need: needAccount, standalone: true},
	opDeleteChatConfiguration:  {name: "DeleteChatConfiguration", need: needAccount, standalone: true},
	opListChatConfigurations:   {name: "ListChatConfigurations", need: needAccount, standalone: true},
	opGetChatConfiguration:     {name: "GetChatConfiguration", need: needAccount, standalone: true},
	opTagChatConfiguration:     {name: "TagChatConfiguration", need: needAccount, standalone: true},
	opUntagChatConfiguration:   {name: "UntagChatConfiguration", need: needAccount, standalone: true},
	opListChatTags:             {name: "ListChatConfigurationTags", need: needAccount, standalone: true},

	opSimulateChatCommand: {name: "simulate-chat-command", need: needAccount, standalone: true, forOthers: needAdmin,
		refused: func(c Caller, about ...string) string {
			return fmt.Sprintf("%s may simulate commands of its own account's configurations only, not of account %s", c.ARN, about[0])
		}},
	opSimulateRequest: {name: "simulate-request", need: needAccount, standalone: true, forOthers: needAdmin,
		refused: func(c Caller, about ...string) string {
			return fmt.Sprintf("%s may simulate requests in its own account only, not in account %s: "+
				"only the management account and the chatbot delegated administrator may ask about other accounts", c.ARN, about[0])
		}},
	opDecideChatConfiguration: {name: "DecideChatConfiguration", need: needAccount, standalone: true, forOthers: needAdmin,
		refused: func(c Caller, about ...string) string {
			return fmt.Sprintf("%s may decide configurations of its own account only, not of account %s: "+
				"only the management account and the chatbot delegated administrator may ask about other accounts", c.ARN, about[0])
		}},
	opListComplianceEvents: {name: "list-compliance-events", need: needMember, forOthers: needAdmin,
		refused: func(Caller, ...string) string { return "a member account sees only its own compliance events" }},

	opPutRolePermissions:    {name: "put-role-permissions", need: needAccount, standalone: true, forOthers: needManagement, refused: refusedRegistration("role permissions")},
	opGetRolePermissions:    {name: "get-role-permissions", need: needAccount, standalone: true, forOthers: needManagement, refused: refusedRegistration("role permissions")},
	opDeleteRolePermissions: {name: "delete-role-permissions", need: needAccount, standalone: true, forOthers: needManagement, refused: refusedRegistration("role permissions")},
	opPutManagedPolicy:      {name: "put-managed-policy", need: needAccount, standalone: true},
	opDeleteManagedPolicy:   {name: "delete-managed-policy", need: needAccount, standalone: true, forOthers: needManagement, refused: refusedRegistration("managed policies")},
	opListIAMRegistrations:  {name: "list-iam-registrations", need: needAccount, standalone: true, forOthers: needManagement, refused: refusedRegistration("IAM registrations")},

	opAssumeRole: {name: "AssumeRole", need: needTrust,
		refused: func(c Caller, about ...string) string {
			return fmt.Sprintf("%s is not authorized to perform sts:AssumeRole on %s", c.ARN, about[0])
		}},
	opGetCallerIdentity: {name: "GetCallerIdentity", need: needAccount, standalone: true},

	opPutSigningSecret:              {name: "put-signing-secret", need: needAdmin},
	opDeleteSigningSecret:           {name: "delete-signing-secret", need: needAdmin},
	opCreateCustomAction:            {name: "CreateCustomAction", need: needAccount, standalone: true},
	opGetCustomAction:               {name: "GetCustomAction", need: needAccount, standalone: true},
	opUpdateCustomAction:            {name: "UpdateCustomAction", need: needAccount, standalone: true},
	opDeleteCustomAction:            {name: "DeleteCustomAction", need: needAccount, standalone: true},
	opListCustomActions:             {name: "ListCustomActions", need: needAccount, standalone: true},
	opAssociateToConfiguration:      {name: "AssociateToConfiguration", need: needAccount, standalone: true},
	opDisassociateFromConfiguration: {name: "DisassociateFromConfiguration", need: needAccount, standalone: true},
	opListAssociations:              {name: "ListAssociations", need: needAccount, standalone: true},
}

// refusedRegistration refuses an IAM registration (what) of another
// account.
func refusedRegistration(what string) func(Caller, ...string) string {
	return func(c Caller, about ...string) string {
		return fmt.Sprintf("%s may not register %s of account %s: only that account and the organization's management account may", c.ARN, what, about[0])
	}
}
