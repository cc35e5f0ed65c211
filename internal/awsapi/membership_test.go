package awsapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	cbtypes "github.com/aws/aws-sdk-go-v2/service/chatbot/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/store/postgres/pgtest"
)

// Slack only in workspace T0ALLOWED.
const onlyAllowedWorkspace = `{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"enabled"},"workspaces":{"@@assign":["T0ALLOWED"]}}}}}`

// slackConfig creates a Slack configuration in workspace T0OTHER, which
// onlyAllowedWorkspace does not allow, and returns its ARN.
func slackConfig(t *testing.T, cb *chatbot.Client, name string) string {
	t.Helper()
	out := try(cb.CreateSlackChannelConfiguration(context.Background(), &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String(name),
		SlackTeamId: aws.String("T0OTHER"), SlackChannelId: aws.String("C0CHANNEL"), IamRoleArn: aws.String(opsRole)})).must(t)
	return *out.ChannelConfiguration.ChatConfigurationArn
}

func slackState(t *testing.T, cb *chatbot.Client, arn string) (string, string) {
	t.Helper()
	out := try(cb.DescribeSlackChannelConfigurations(context.Background(), &chatbot.DescribeSlackChannelConfigurationsInput{ChatConfigurationArn: aws.String(arn)})).must(t)
	if len(out.SlackChannelConfigurations) != 1 {
		t.Fatalf("configurations %+v", out.SlackChannelConfigurations)
	}
	c := out.SlackChannelConfigurations[0]
	return aws.ToString(c.State), aws.ToString(c.StateReason)
}

// eventsOf returns the compliance events of a configuration, as the
// management account reads them.
func (ts *testServer) eventsOf(t *testing.T, arn string) []api.ComplianceEvent {
	t.Helper()
	out, err := ts.chatgov(ts.mgmt()).ListComplianceEvents(context.Background(), api.ListComplianceEventsInput{ChatConfigurationArn: arn})
	if err != nil {
		t.Fatalf("list-compliance-events: %v", err)
	}
	return out.Events
}

func wantEvent(t *testing.T, evs []api.ComplianceEvent, op, newState, reason string) {
	t.Helper()
	for _, e := range evs {
		if e.Cause.Operation == op && e.NewState == newState && strings.Contains(e.StateReason, reason) {
			return
		}
	}
	t.Errorf("no %s event to %s with reason %q in %+v", op, newState, reason, evs)
}

// TestMembershipRechecksChats checks that joining, leaving and closing each
// re-check the account's chat configurations, with compliance events
// naming the operation.
func TestMembershipRechecksChats(t *testing.T) {
	t.Parallel()
	ts := startMovableServer(t)
	ctx := context.Background()
	mc := ts.mgmtOrgs()
	root := ts.org()
	ts.enable(root, types.PolicyTypeChatbotPolicy)
	ts.attach(mc, ts.createPolicy(mc, "only-allowed", types.PolicyTypeChatbotPolicy, onlyAllowedWorkspace), root)

	// Standalone, the account is under no policy: its configuration is enabled.
	soloID, soloCfg := ts.standalone("solo")
	soloCB := ts.chatbot(soloCfg)
	arn := slackConfig(t, soloCB, "ops")
	if st, _ := slackState(t, soloCB, arn); st != "ENABLED" {
		t.Errorf("standalone configuration %s", st)
	}
	// Joining puts it under the organization's policy.
	h := ts.invite(types.HandshakePartyTypeAccount, soloID)
	try(ts.orgs(soloCfg).AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: h.Id})).must(t)
	if st, reason := slackState(t, soloCB, arn); st != "DISABLED" || !strings.Contains(reason, "T0OTHER") {
		t.Errorf("after joining: %s %q", st, reason)
	}
	wantEvent(t, ts.eventsOf(t, arn), "AcceptHandshake", "DISABLED", "T0OTHER")
	// Leaving takes it out again.
	try(ts.orgs(soloCfg).LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{})).must(t)
	if st, _ := slackState(t, soloCB, arn); st != "ENABLED" {
		t.Errorf("after leaving: %s", st)
	}
	wantEvent(t, ts.eventsOf(t, arn), "LeaveOrganization", "ENABLED", "")

	// A created account removed by the management account: the same, once
	// it is four days old; its role session ends, its configuration stays.
	member := ts.account("member")
	memberCfg := ts.assume(member)
	memberCB := ts.chatbot(memberCfg)
	_, err := memberCB.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String("x"),
		SlackTeamId: aws.String("T0OTHER"), SlackChannelId: aws.String("C0CHANNEL"), IamRoleArn: aws.String(opsRole)})
	wantErr[*cbtypes.InvalidRequestException](t, err)
	allowed := try(memberCB.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String("allowed"),
		SlackTeamId: aws.String("T0ALLOWED"), SlackChannelId: aws.String("C0CHANNEL"), IamRoleArn: aws.String(opsRole)})).must(t)
	aarn := *allowed.ChannelConfiguration.ChatConfigurationArn
	_, err = ts.orgs(memberCfg).LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{})
	if cv := wantErr[*types.ConstraintViolationException](t, err); cv.Reason != types.ConstraintViolationExceptionReasonWaitPeriodActive {
		t.Errorf("reason %s", cv.Reason)
	}

	// Closing it disables its configuration, for that reason.
	try(mc.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(member)})).must(t)
	wantEvent(t, ts.eventsOf(t, aarn), "CloseAccount", "DISABLED", "is closed")
}

func TestCloseAccount(t *testing.T) {
	t.Parallel()
	ts := startMovableServer(t)
	ctx := context.Background()
	mc := ts.mgmtOrgs()
	root := ts.org()
	ts.enable(root, types.PolicyTypeChatbotPolicy)
	member := ts.account("member")
	other := ts.account("other")
	// A child policy at the account that its parent forbids: the account's
	// effective policy has a validation error.
	ts.attach(mc, ts.createPolicy(mc, "locked", types.PolicyTypeChatbotPolicy,
		`{"chatbot":{"platforms":{"slack":{"client":{"@@operators_allowed_for_child_policies":["@@none"],"@@assign":"enabled"}}}}}`), root)
	ts.attach(mc, ts.createPolicy(mc, "override", types.PolicyTypeChatbotPolicy,
		`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"disabled"}}}}}`), member)
	invalid := func() []string {
		var ids []string
		for _, a := range try(mc.ListAccountsWithInvalidEffectivePolicy(ctx, &organizations.ListAccountsWithInvalidEffectivePolicyInput{
			PolicyType: types.EffectivePolicyTypeChatbotPolicy})).must(t).Accounts {
			ids = append(ids, *a.Id)
		}
		return ids
	}
	if got := invalid(); len(got) != 1 || got[0] != member {
		t.Fatalf("accounts with invalid policies before: %v", got)
	}
	memberCfg := ts.assume(member)
	try(ts.orgs(memberCfg).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})).must(t)

	try(mc.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(member)})).must(t)
	// Listed, SUSPENDED.
	a := try(mc.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(member)})).must(t).Account
	if a.Status != types.AccountStatusSuspended || a.State != types.AccountStateSuspended {
		t.Errorf("closed account %+v", a)
	}
	listed := false
	for _, x := range try(mc.ListAccounts(ctx, &organizations.ListAccountsInput{})).must(t).Accounts {
		listed = listed || *x.Id == member && x.Status == types.AccountStatusSuspended
	}
	if !listed {
		t.Error("the closed account is not listed as SUSPENDED")
	}
	// Out of policy scope.
	if got := invalid(); len(got) != 0 {
		t.Errorf("accounts with invalid policies after: %v", got)
	}
	_, err := mc.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(member)})
	wantErr[*types.EffectivePolicyNotFoundException](t, err)
	try(mc.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(other)})).must(t)
	// Its session and its role are gone.
	_, err = ts.orgs(memberCfg).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if apiCode(t, err) != "UnrecognizedClientException" {
		t.Errorf("closed account's session: %v", err)
	}
	_, err = ts.sts(ts.mgmt()).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole"),
		RoleSessionName: aws.String("again")})
	if apiCode(t, err) != "AccessDenied" {
		t.Errorf("AssumeRole into a closed account: %v", err)
	}
	_, err = mc.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(member), ServicePrincipal: aws.String("chatbot.amazonaws.com")})
	wantErr[*types.ConstraintViolationException](t, err)

	// Refusals.
	_, err = mc.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(member)})
	wantErr[*types.AccountAlreadyClosedException](t, err)
	_, err = mc.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(mgmtAccount)})
	if cv := wantErr[*types.ConstraintViolationException](t, err); cv.Reason != types.ConstraintViolationExceptionReasonCannotCloseManagementAccount {
		t.Errorf("reason %s", cv.Reason)
	}
	_, err = mc.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String("999999999999")})
	wantErr[*types.AccountNotFoundException](t, err)
	_, err = mc.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String("12")})
	wantErr[*types.InvalidInputException](t, err)
	_, err = ts.orgs(ts.assume(other)).CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(other)})
	wantErr[*types.AccessDeniedException](t, err)
	// A closed account can still be removed; it stays closed, standalone.
	ts.clock.advance(4*day + time.Minute)
	try(mc.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(member)})).must(t)
	for _, s := range ts.standaloneAccounts(t) {
		if s.ID == member && (s.Status != "SUSPENDED" || s.ClosedTimestamp.IsZero()) {
			t.Errorf("removed closed account %+v", s)
		}
	}
}

func (ts *testServer) standaloneAccounts(t *testing.T) []api.StandaloneAccount {
	t.Helper()
	out, err := ts.chatgov(ts.mgmt()).ListStandaloneAccounts(context.Background(), api.ListStandaloneAccountsInput{})
	if err != nil {
		t.Fatalf("list-standalone-accounts: %v", err)
	}
	return out.Accounts
}

func TestLeaveOrganization(t *testing.T) {
	t.Parallel()
	ts := startMovableServer(t)
	ctx := context.Background()
	mc := ts.mgmtOrgs()
	ts.org()
	member := ts.account("member")
	admin := ts.account("admin")
	try(mc.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("chatbot.amazonaws.com")})).must(t)
	try(mc.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(admin),
		ServicePrincipal: aws.String("chatbot.amazonaws.com")})).must(t)
	ts.clock.advance(4*day + time.Minute)

	// A delegated administrator must be deregistered first, whoever asks.
	_, err := ts.orgs(ts.assume(admin)).LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{})
	if cv := wantErr[*types.ConstraintViolationException](t, err); cv.Reason != types.ConstraintViolationExceptionReasonCannotRemoveDelegatedAdministratorFromOrg {
		t.Errorf("reason %s", cv.Reason)
	}
	_, err = mc.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(admin)})
	wantErr[*types.ConstraintViolationException](t, err)

	// The member leaves with its role session, which then ends: an account
	// CreateAccount made has no root credentials of its own.
	session := ts.assume(member)
	try(ts.orgs(session).LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{})).must(t)
	_, err = ts.orgs(session).ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{})
	if apiCode(t, err) != "UnrecognizedClientException" {
		t.Errorf("session after leaving: %v", err)
	}
	var found *api.StandaloneAccount
	for _, s := range ts.standaloneAccounts(t) {
		if s.ID == member {
			found = &s
		}
	}
	if found == nil || found.Status != "ACTIVE" || found.Email != "member@example.com" || found.Name != "member" {
		t.Fatalf("standalone record of the member: %+v", found)
	}
	// The operator issues it root credentials (AWS: root password recovery).
	key := try(ts.chatgov(ts.mgmt()).CreateRootAccessKey(ctx, api.CreateRootAccessKeyInput{AccountID: member})).must(t)
	rootC := ts.orgs(ts.awsConfig(key.AccessKey.AccessKeyID, key.AccessKey.SecretAccessKey, ""))
	h := ts.invite(types.HandshakePartyTypeEmail, "member@example.com")
	try(rootC.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: h.Id})).must(t)
	// Back in, with the access role it kept: the management account can
	// assume it again.
	ts.assume(member)
	a := try(mc.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(member)})).must(t).Account
	if a.JoinedMethod != types.AccountJoinedMethodInvited {
		t.Errorf("joined again %+v", a)
	}
}

func TestStandaloneOperations(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	ts.org()
	member := ts.account("member")
	mgmt := ts.chatgov(ts.mgmt())
	errOf := func(_ any, err error) error { return err }
	out := try(mgmt.CreateStandaloneAccount(ctx, api.CreateStandaloneAccountInput{AccountID: "222222222222", AccountName: "fixed", Email: "fixed@example.com"})).must(t)
	if out.Account.ID != "222222222222" {
		t.Errorf("created %+v", out)
	}
	wantCode(t, errOf(mgmt.CreateStandaloneAccount(ctx, api.CreateStandaloneAccountInput{AccountID: "222222222222", AccountName: "again", Email: "again@example.com"})), api.CodeConflict)
	wantCode(t, errOf(mgmt.CreateStandaloneAccount(ctx, api.CreateStandaloneAccountInput{AccountName: "dup", Email: "MEMBER@example.com"})), api.CodeConflict)
	wantCode(t, errOf(mgmt.CreateStandaloneAccount(ctx, api.CreateStandaloneAccountInput{AccountName: "bad", Email: "nope"})), api.CodeInvalidParameter)
	// A raw request: the typed client cannot send a member the operation does not know.
	wantCode(t, mgmt.Call(ctx, api.OpCreateStandaloneAccount, map[string]string{"AccountName": "x", "Email": "x@example.com", "Password": "y"}, nil), api.CodeSerialization)
	wantCode(t, errOf(mgmt.CreateRootAccessKey(ctx, api.CreateRootAccessKeyInput{AccountID: member})), api.CodeResourceNotFound)
	// Only the management account manages standalone accounts.
	memberC := ts.chatgov(ts.assume(member))
	wantCode(t, errOf(memberC.CreateStandaloneAccount(ctx, api.CreateStandaloneAccountInput{AccountName: "m", Email: "m@example.com"})), api.CodeAccessDenied)
	wantCode(t, errOf(memberC.ListStandaloneAccounts(ctx, api.ListStandaloneAccountsInput{})), api.CodeAccessDenied)
	wantCode(t, errOf(memberC.CreateRootAccessKey(ctx, api.CreateRootAccessKeyInput{AccountID: "222222222222"})), api.CodeAccessDenied)
	if got := ts.standaloneAccounts(t); len(got) != 1 || got[0].ID != "222222222222" || got[0].Email != "fixed@example.com" {
		t.Errorf("standalone accounts %+v", got)
	}
}

func TestMembershipSurvivesRestart(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		membershipSurvivesRestart(t, startMovableServer(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		url := pgtest.Schema(t)
		membershipSurvivesRestart(t, startMovableServer(t, func(c *config.Config) { c.Store = url }))
	})
}

func membershipSurvivesRestart(t *testing.T, ts *testServer) {
	ctx := context.Background()
	ts.billingOrg()
	joinedID, joined := ts.join("joined")
	soloID, soloCfg := ts.standalone("solo")
	open := ts.invite(types.HandshakePartyTypeAccount, soloID)
	parent := try(ts.mgmtOrgs().EnableAllFeatures(ctx, &organizations.EnableAllFeaturesInput{})).must(t).Handshake

	ts.restart()
	mc := ts.mgmtOrgs()
	all := map[string]types.Handshake{}
	for _, h := range try(mc.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{})).must(t).Handshakes {
		all[*h.Id] = h
	}
	if len(all) != 4 || all[*open.Id].State != types.HandshakeStateCanceled || all[*parent.Id].State != types.HandshakeStateRequested {
		t.Errorf("handshakes after a restart: %+v", all)
	}
	// The standalone account's key still works, and so does the member's.
	try(ts.orgs(soloCfg).ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{})).must(t)
	kids := try(joined.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{
		Filter: &types.HandshakeFilter{ParentHandshakeId: parent.Id}})).must(t).Handshakes
	if len(kids) != 1 {
		t.Fatalf("approvals %+v", kids)
	}
	try(joined.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: kids[0].Id})).must(t)
	try(mc.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: parent.Id})).must(t)
	try(mc.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(joinedID)})).must(t)

	ts.restart()
	mc = ts.mgmtOrgs()
	if o := try(mc.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})).must(t).Organization; o.FeatureSet != types.OrganizationFeatureSetAll {
		t.Errorf("feature set after a restart: %s", o.FeatureSet)
	}
	if a := try(mc.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(joinedID)})).must(t).Account; a.Status != types.AccountStatusSuspended {
		t.Errorf("closed account after a restart: %s", a.Status)
	}
	_, err := mc.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(joinedID)})
	wantErr[*types.AccountAlreadyClosedException](t, err)
	if got := ts.standaloneAccounts(t); len(got) != 1 || got[0].ID != soloID {
		t.Errorf("standalone accounts after a restart: %+v", got)
	}
}
