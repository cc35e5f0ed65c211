package awsapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	cbtypes "github.com/aws/aws-sdk-go-v2/service/chatbot/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/client"
)

const (
	opsRole  = "arn:aws:iam::111111111111:role/chatbot-ops"
	tenantID = "11111111-1111-4111-8111-111111111111"
	teamA    = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
	teamsCh  = "19%3ab6ef35dc342d4a6b8b9f3c2e1d0a7b64%40thread.tacv2"
	webhook  = "https://hooks.chime.aws/incomingwebhooks/abc-123?token=xyz-789"
	snsTopic = "arn:aws:sns:us-east-1:111111111111:alerts"
)

// fleet is an organization with an OU, one member account in it, and
// Slack, Teams and Chime configurations in that account.
type fleet struct {
	ts                  *testServer
	root, ou, acct      string
	cb                  *chatbot.Client
	slack, teams, chime string
}

func newFleet(t *testing.T) *fleet {
	ts := startServer(t)
	f := &fleet{ts: ts, root: ts.org()}
	ts.enable(f.root, types.PolicyTypeChatbotPolicy)
	f.ou = ts.ou(f.root, "Workloads")
	f.acct = ts.account("workload")
	ts.move(f.acct, f.root, f.ou)
	ts.putSlackChannel("T0AAAAAAA", "C0PRIVATE", "private")
	f.cb = ts.chatbot(ts.assume(f.acct))
	ctx := context.Background()
	s := try(f.cb.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String("ops"),
		SlackTeamId: aws.String("T0AAAAAAA"), SlackChannelId: aws.String("C0PRIVATE"), IamRoleArn: aws.String(opsRole),
		Tags: []cbtypes.Tag{{TagKey: aws.String("team"), TagValue: aws.String("platform")}}})).must(t)
	f.slack = *s.ChannelConfiguration.ChatConfigurationArn
	tm := try(f.cb.CreateMicrosoftTeamsChannelConfiguration(ctx, &chatbot.CreateMicrosoftTeamsChannelConfigurationInput{ConfigurationName: aws.String("ops-teams"),
		TenantId: aws.String(tenantID), TeamId: aws.String(teamA), ChannelId: aws.String(teamsCh), IamRoleArn: aws.String(opsRole)})).must(t)
	f.teams = *tm.ChannelConfiguration.ChatConfigurationArn
	ch := try(f.cb.CreateChimeWebhookConfiguration(ctx, &chatbot.CreateChimeWebhookConfigurationInput{ConfigurationName: aws.String("ops-chime"),
		WebhookUrl: aws.String(webhook), WebhookDescription: aws.String("ops room"), SnsTopicArns: topicsOf(f.acct, []string{snsTopic}), IamRoleArn: aws.String(opsRole)})).must(t)
	f.chime = *ch.WebhookConfiguration.ChatConfigurationArn
	return f
}

// states returns the state and reason of every configuration of the account.
func (f *fleet) states(t *testing.T) map[string][2]string {
	t.Helper()
	ctx := context.Background()
	out := map[string][2]string{}
	for _, c := range try(f.cb.DescribeSlackChannelConfigurations(ctx, &chatbot.DescribeSlackChannelConfigurationsInput{})).must(t).SlackChannelConfigurations {
		out[*c.ChatConfigurationArn] = [2]string{aws.ToString(c.State), aws.ToString(c.StateReason)}
	}
	for _, c := range try(f.cb.ListMicrosoftTeamsChannelConfigurations(ctx, &chatbot.ListMicrosoftTeamsChannelConfigurationsInput{})).must(t).TeamChannelConfigurations {
		out[*c.ChatConfigurationArn] = [2]string{aws.ToString(c.State), aws.ToString(c.StateReason)}
	}
	for _, c := range try(f.cb.DescribeChimeWebhookConfigurations(ctx, &chatbot.DescribeChimeWebhookConfigurationsInput{})).must(t).WebhookConfigurations {
		out[*c.ChatConfigurationArn] = [2]string{aws.ToString(c.State), aws.ToString(c.StateReason)}
	}
	return out
}

func (f *fleet) wantStates(t *testing.T, want map[string]string, reasons map[string]string) {
	t.Helper()
	got := f.states(t)
	for arn, st := range want {
		if got[arn][0] != st {
			t.Errorf("%s: state %s, want %s (%s)", arn, got[arn][0], st, got[arn][1])
		}
		if r := reasons[arn]; r != "" && !strings.Contains(got[arn][1], r) {
			t.Errorf("%s: reason %q lacks %q", arn, got[arn][1], r)
		}
		if st == "ENABLED" && got[arn][1] != "" {
			t.Errorf("%s: enabled with a reason %q", arn, got[arn][1])
		}
	}
}

func (f *fleet) compliance(t *testing.T, c *client.Client, filter api.ListComplianceEventsInput) api.ListComplianceEventsOutput {
	t.Helper()
	out, err := c.ListComplianceEvents(context.Background(), filter)
	if err != nil {
		t.Fatalf("list-compliance-events: %v", err)
	}
	return out
}

// wantCode checks that err is the server's error of that code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if client.Code(err) != code {
		t.Errorf("got %v, want %s", err, code)
	}
}

func TestContinuousCompliance(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	ts, ctx := f.ts, context.Background()
	oc := ts.mgmtOrgs()
	f.wantStates(t, map[string]string{f.slack: "ENABLED", f.teams: "ENABLED", f.chime: "ENABLED"}, nil)

	// A policy at the root that disables Chime and restricts Slack disables those configurations.
	p := ts.createPolicy(oc, "no-chime", types.PolicyTypeChatbotPolicy,
		`{"chatbot":{"platforms":{"chime":{"client":{"@@assign":"disabled"}},"slack":{"workspaces":{"@@assign":["T0BBBBBBB"]}}}}}`)
	ts.attach(oc, p, f.root)
	f.wantStates(t, map[string]string{f.slack: "DISABLED", f.teams: "ENABLED", f.chime: "DISABLED"},
		map[string]string{f.chime: "Amazon Chime is disabled", f.slack: `Slack workspace "T0AAAAAAA" is not allowed`})

	// An update that stays non-compliant is refused; a compliant one is not possible here, so
	// widening the policy re-enables.
	_, err := f.cb.UpdateSlackChannelConfiguration(ctx, &chatbot.UpdateSlackChannelConfigurationInput{ChatConfigurationArn: aws.String(f.slack),
		SlackChannelId: aws.String("C0PRIVATE"), IamRoleArn: aws.String(opsRole)})
	wantErr[*cbtypes.InvalidRequestException](t, err)
	try(oc.UpdatePolicy(ctx, &organizations.UpdatePolicyInput{PolicyId: aws.String(p),
		Content: aws.String(`{"chatbot":{"platforms":{"chime":{"client":{"@@assign":"disabled"}}}}}`)})).must(t)
	f.wantStates(t, map[string]string{f.slack: "ENABLED", f.teams: "ENABLED", f.chime: "DISABLED"}, nil)

	// Moving the account to an OU whose policy requires user roles disables the channel-role configurations.
	strict := ts.ou(f.root, "Strict")
	sp := ts.createPolicy(oc, "user-roles", types.PolicyTypeChatbotPolicy,
		`{"chatbot":{"platforms":{"slack":{"default":{"supported_role_settings":{"@@assign":["user_role"]}}},"microsoft_teams":{"default":{"supported_role_settings":{"@@assign":["user_role"]}}}}}}`)
	ts.attach(oc, sp, strict)
	ts.move(f.acct, f.ou, strict)
	f.wantStates(t, map[string]string{f.slack: "DISABLED", f.teams: "DISABLED", f.chime: "DISABLED"},
		map[string]string{f.slack: "channel_role", f.teams: "channel_role"})

	// The account preference that requires user roles makes them compliant again (D6).
	try(f.cb.UpdateAccountPreferences(ctx, &chatbot.UpdateAccountPreferencesInput{UserAuthorizationRequired: aws.Bool(true)})).must(t)
	f.wantStates(t, map[string]string{f.slack: "ENABLED", f.teams: "ENABLED", f.chime: "DISABLED"}, nil)
	prefs := try(f.cb.GetAccountPreferences(ctx, &chatbot.GetAccountPreferencesInput{})).must(t)
	if !aws.ToBool(prefs.AccountPreferences.UserAuthorizationRequired) {
		t.Error("preference not kept")
	}

	// A directory change of the channel's visibility disables it under a private-only policy.
	pp := ts.createPolicy(oc, "private-only", types.PolicyTypeChatbotPolicy,
		`{"chatbot":{"platforms":{"slack":{"default":{"supported_channel_types":{"@@assign":["private"]}}}}}}`)
	ts.attach(oc, pp, f.acct)
	f.wantStates(t, map[string]string{f.slack: "ENABLED"}, nil)
	ts.putSlackChannel("T0AAAAAAA", "C0PRIVATE", "public")
	f.wantStates(t, map[string]string{f.slack: "DISABLED"}, map[string]string{f.slack: "public channels are not allowed"})
	try(ts.chatgov(ts.mgmt()).DeleteSlackChannel(ctx, api.DeleteSlackChannelInput{SlackTeamID: "T0AAAAAAA", SlackChannelID: "C0PRIVATE"})).must(t)
	f.wantStates(t, map[string]string{f.slack: "DISABLED"}, map[string]string{f.slack: "visibility is unknown"})

	// Disabling the policy type lifts every restriction.
	try(oc.DisablePolicyType(ctx, &organizations.DisablePolicyTypeInput{RootId: aws.String(f.root), PolicyType: types.PolicyTypeChatbotPolicy})).must(t)
	f.wantStates(t, map[string]string{f.slack: "ENABLED", f.teams: "ENABLED", f.chime: "ENABLED"}, nil)

	// Every change was recorded, with its cause.
	mg := ts.chatgov(ts.mgmt())
	hist := f.compliance(t, mg, api.ListComplianceEventsInput{AccountID: f.acct})
	var ops []string
	for _, e := range hist.Events {
		ops = append(ops, e.Cause.Operation+":"+strings.TrimPrefix(e.ChatConfigurationArn, "arn:aws:chatbot::"+f.acct+":chat-configuration/")+":"+e.NewState)
		if e.NewState == "DISABLED" && e.StateReason == "" || e.Cause.Caller == "" || e.OldState == e.NewState {
			t.Errorf("event %+v", e)
		}
	}
	want := []string{
		"AttachPolicy:chime-webhook/ops-chime:DISABLED", "AttachPolicy:slack-channel/ops:DISABLED",
		"UpdatePolicy:slack-channel/ops:ENABLED",
		"MoveAccount:microsoft-teams-channel/ops-teams:DISABLED", "MoveAccount:slack-channel/ops:DISABLED",
		"UpdateAccountPreferences:microsoft-teams-channel/ops-teams:ENABLED", "UpdateAccountPreferences:slack-channel/ops:ENABLED",
		"put-slack-channel:slack-channel/ops:DISABLED",
		"DisablePolicyType:chime-webhook/ops-chime:ENABLED", "DisablePolicyType:slack-channel/ops:ENABLED",
	}
	if strings.Join(ops, " ") != strings.Join(want, " ") {
		t.Errorf("events\n got %v\nwant %v", ops, want)
	}
	// Paging through the history gives the same events.
	page := f.compliance(t, mg, api.ListComplianceEventsInput{AccountID: f.acct, MaxResults: aws.Int(3)})
	n := len(page.Events)
	for page.NextToken != "" {
		page = f.compliance(t, mg, api.ListComplianceEventsInput{AccountID: f.acct, MaxResults: aws.Int(3), NextToken: page.NextToken})
		n += len(page.Events)
	}
	if n != len(hist.Events) {
		t.Errorf("paged %d events, listed %d", n, len(hist.Events))
	}
	if hist.Summary.Total.Configurations != 3 || hist.Summary.Total.Enabled != 3 {
		t.Errorf("summary %+v", hist.Summary.Total)
	}
}

func TestChatPermissionsAndIsolation(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	ts, ctx := f.ts, context.Background()
	other := ts.account("other")
	oc := ts.chatbot(ts.assume(other))

	// Nobody sees or changes another account's configurations.
	d := try(oc.DescribeSlackChannelConfigurations(ctx, &chatbot.DescribeSlackChannelConfigurationsInput{ChatConfigurationArn: aws.String(f.slack)})).must(t)
	if len(d.SlackChannelConfigurations) != 0 {
		t.Errorf("another account saw %+v", d.SlackChannelConfigurations)
	}
	_, err := oc.GetMicrosoftTeamsChannelConfiguration(ctx, &chatbot.GetMicrosoftTeamsChannelConfigurationInput{ChatConfigurationArn: aws.String(f.teams)})
	if apiCode(t, err) != "ResourceNotFoundException" {
		t.Errorf("get another's: %v", err)
	}
	_, err = oc.DeleteSlackChannelConfiguration(ctx, &chatbot.DeleteSlackChannelConfigurationInput{ChatConfigurationArn: aws.String(f.slack)})
	wantErr[*cbtypes.ResourceNotFoundException](t, err)
	_, err = oc.UpdateChimeWebhookConfiguration(ctx, &chatbot.UpdateChimeWebhookConfigurationInput{ChatConfigurationArn: aws.String(f.chime), WebhookDescription: aws.String("x")})
	wantErr[*cbtypes.ResourceNotFoundException](t, err)
	_, err = oc.TagResource(ctx, &chatbot.TagResourceInput{ResourceARN: aws.String(f.slack), Tags: []cbtypes.Tag{{TagKey: aws.String("k"), TagValue: aws.String("v")}}})
	wantErr[*cbtypes.ResourceNotFoundException](t, err)
	if len(f.states(t)) != 3 {
		t.Error("the owner lost configurations")
	}

	// Members cannot change the directory; the chatbot delegated administrator can.
	mem := ts.chatgov(ts.assume(other))
	channel := api.PutSlackChannelInput{SlackTeamID: "T0AAAAAAA", SlackChannelID: "C0X", ChannelVisibility: "public"}
	_, err = mem.PutSlackChannel(ctx, channel)
	wantCode(t, err, api.CodeAccessDenied)
	mc := ts.mgmtOrgs()
	try(mc.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("chatbot.amazonaws.com")})).must(t)
	try(mc.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(other), ServicePrincipal: aws.String("chatbot.amazonaws.com")})).must(t)
	try(mem.PutSlackChannel(ctx, channel)).must(t)

	// A member's compliance events are its own; it cannot ask for another account's.
	own := f.compliance(t, ts.chatgov(ts.assume(f.acct)), api.ListComplianceEventsInput{})
	if own.Summary.Total.Configurations != 3 {
		t.Errorf("member summary %+v", own.Summary.Total)
	}
	_, err = ts.chatgov(ts.assume(f.acct)).ListComplianceEvents(ctx, api.ListComplianceEventsInput{AccountID: other})
	wantCode(t, err, api.CodeAccessDenied)

	// Input errors are InvalidParameterException; duplicates ConflictException.
	_, err = f.cb.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String("ops"),
		SlackTeamId: aws.String("T0AAAAAAA"), SlackChannelId: aws.String("C0PRIVATE"), IamRoleArn: aws.String(opsRole)})
	wantErr[*cbtypes.ConflictException](t, err)
	_, err = f.cb.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String("bad name!"),
		SlackTeamId: aws.String("t0lower"), SlackChannelId: aws.String("C0PRIVATE"), IamRoleArn: aws.String(opsRole)})
	wantErr[*cbtypes.InvalidParameterException](t, err)
	_, err = f.cb.DescribeSlackChannelConfigurations(ctx, &chatbot.DescribeSlackChannelConfigurationsInput{MaxResults: aws.Int32(101)})
	wantErr[*cbtypes.InvalidParameterException](t, err)

	// Tags round-trip; deleting removes.
	try(f.cb.TagResource(ctx, &chatbot.TagResourceInput{ResourceARN: aws.String(f.slack), Tags: []cbtypes.Tag{{TagKey: aws.String("env"), TagValue: aws.String("prod")}}})).must(t)
	tags := try(f.cb.ListTagsForResource(ctx, &chatbot.ListTagsForResourceInput{ResourceARN: aws.String(f.slack)})).must(t)
	if len(tags.Tags) != 2 || *tags.Tags[0].TagKey != "env" || *tags.Tags[1].TagKey != "team" {
		t.Errorf("tags %+v", tags.Tags)
	}
	try(f.cb.DeleteChimeWebhookConfiguration(ctx, &chatbot.DeleteChimeWebhookConfigurationInput{ChatConfigurationArn: aws.String(f.chime)})).must(t)
	if _, ok := f.states(t)[f.chime]; ok {
		t.Error("deleted configuration still listed")
	}
	_, err = f.cb.DeleteSlackWorkspaceAuthorization(ctx, &chatbot.DeleteSlackWorkspaceAuthorizationInput{SlackTeamId: aws.String("T0AAAAAAA")})
	wantErr[*cbtypes.InvalidParameterException](t, err)
	try(f.cb.DeleteSlackWorkspaceAuthorization(ctx, &chatbot.DeleteSlackWorkspaceAuthorizationInput{SlackTeamId: aws.String("T0ZZZZZZZ")})).must(t)
}

func TestDirectoryViews(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	ts, ctx := f.ts, context.Background()
	ts.putSlackChannel("T0BBBBBBB", "C0B", "public")
	try(ts.chatgov(ts.mgmt()).PutTeamsTeam(ctx, api.PutTeamsTeamInput{TenantID: tenantID, TeamID: teamA, TeamName: "Ops"})).must(t)
	p := ts.createPolicy(ts.mgmtOrgs(), "only-a", types.PolicyTypeChatbotPolicy,
		`{"chatbot":{"platforms":{"slack":{"workspaces":{"@@assign":["T0AAAAAAA"]}},"microsoft_teams":{"client":{"@@assign":"disabled"}}}}}`)
	ts.attach(ts.mgmtOrgs(), p, f.ou)
	ws := try(f.cb.DescribeSlackWorkspaces(ctx, &chatbot.DescribeSlackWorkspacesInput{})).must(t)
	if len(ws.SlackWorkspaces) != 2 || *ws.SlackWorkspaces[0].State != "ENABLED" || *ws.SlackWorkspaces[1].State != "DISABLED" ||
		!strings.Contains(aws.ToString(ws.SlackWorkspaces[1].StateReason), `"T0BBBBBBB" is not allowed`) || *ws.SlackWorkspaces[0].SlackTeamName != "Workspace T0AAAAAAA" {
		t.Errorf("workspaces %+v", ws.SlackWorkspaces)
	}
	teams := try(f.cb.ListMicrosoftTeamsConfiguredTeams(ctx, &chatbot.ListMicrosoftTeamsConfiguredTeamsInput{})).must(t)
	if len(teams.ConfiguredTeams) != 1 || *teams.ConfiguredTeams[0].State != "DISABLED" || *teams.ConfiguredTeams[0].TeamName != "Ops" {
		t.Errorf("teams %+v", teams.ConfiguredTeams)
	}
	// The management account, under no policy, sees everything enabled.
	mws := try(ts.chatbot(ts.mgmt()).DescribeSlackWorkspaces(ctx, &chatbot.DescribeSlackWorkspacesInput{})).must(t)
	for _, w := range mws.SlackWorkspaces {
		if *w.State != "ENABLED" {
			t.Errorf("management account's view %+v", w)
		}
	}
	dir := try(ts.chatgov(ts.assume(f.acct)).ListDirectory(ctx, api.ListDirectoryInput{})).must(t)
	if len(dir.SlackChannels) != 2 || len(dir.MicrosoftTeamsTeams) != 1 {
		t.Errorf("directory %+v", dir)
	}
}

func TestSimulatePolicyChange(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	ts, ctx := f.ts, context.Background()
	mg := ts.chatgov(ts.mgmt())
	content := `{"chatbot":{"platforms":{"microsoft_teams":{"client":{"@@assign":"disabled"}}}}}`
	res := try(mg.SimulatePolicyChange(ctx, api.SimulatePolicyChangeInput{Action: "CreatePolicy", PolicyType: "CHATBOT_POLICY", Name: "no-teams",
		Content: &content, TargetID: f.ou})).must(t)
	if res.AccountsInScope != 1 || res.AccountsChanged != 1 || res.WouldDisableCount != 1 || res.WouldEnableCount != 0 ||
		len(res.Accounts) != 1 || res.Accounts[0].AccountID != f.acct ||
		len(res.WouldDisable) != 1 || res.WouldDisable[0].ChatConfigurationArn != f.teams || !strings.Contains(res.WouldDisable[0].StateReason, "Microsoft Teams is disabled") {
		t.Errorf("simulation %+v", res)
	}
	// Nothing changed.
	f.wantStates(t, map[string]string{f.teams: "ENABLED"}, nil)
	pols := try(ts.mgmtOrgs().ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: types.PolicyTypeChatbotPolicy})).must(t)
	if len(pols.Policies) != 0 {
		t.Errorf("the simulation created %+v", pols.Policies)
	}
	// A member may not simulate organization changes.
	_, err := ts.chatgov(ts.assume(f.acct)).SimulatePolicyChange(ctx, api.SimulatePolicyChangeInput{Action: "CreatePolicy", Content: &content, TargetID: f.ou})
	wantCode(t, err, api.CodeAccessDenied)
	_, err = mg.SimulatePolicyChange(ctx, api.SimulatePolicyChangeInput{Action: "Rename"})
	wantCode(t, err, api.CodeInvalidParameter)
}

// TestChatgovOpsRefuseUnknownMembers checks that chatgov's own operations
// name a member they do not know instead of ignoring it: a misspelt filter
// would otherwise list everything.
func TestChatgovOpsRefuseUnknownMembers(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ts.org()
	ctx := context.Background()
	mg := ts.chatgov(ts.mgmt())
	// Raw requests: the typed client cannot misspell a member.
	err := mg.Call(ctx, api.OpListComplianceEvents, map[string]any{"Account": mgmtAccount}, nil)
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Code != "SerializationException" || !strings.Contains(ce.Message, "unknown member \"Account\"") ||
		!strings.Contains(ce.Message, "AccountId, OrganizationalUnitId, ChatConfigurationArn") {
		t.Errorf("unknown member: %v", err)
	}
	// Names match without regard to case, as encoding/json matches them.
	try(0, mg.Call(ctx, api.OpListComplianceEvents, map[string]any{"AccountID": mgmtAccount}, nil)).must(t)
	err = mg.Call(ctx, api.OpPutSlackChannel, map[string]any{"SlackTeamId": 7}, nil)
	if !errors.As(err, &ce) || ce.Code != "SerializationException" || !strings.Contains(ce.Message, "SlackTeamId must be a string") {
		t.Errorf("wrong type: %v", err)
	}
}

func TestChatStateSurvivesRestart(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	ts := f.ts
	p := ts.createPolicy(ts.mgmtOrgs(), "no-chime", types.PolicyTypeChatbotPolicy, `{"chatbot":{"platforms":{"chime":{"client":{"@@assign":"disabled"}}}}}`)
	ts.attach(ts.mgmtOrgs(), p, f.root)
	before := f.states(t)
	events := len(f.compliance(t, ts.chatgov(ts.mgmt()), api.ListComplianceEventsInput{}).Events)
	ts.restart()
	f.cb = ts.chatbot(ts.assume(f.acct))
	after := f.states(t)
	for arn, st := range before {
		if after[arn] != st {
			t.Errorf("%s: %v before the restart, %v after", arn, st, after[arn])
		}
	}
	if n := len(f.compliance(t, ts.chatgov(ts.mgmt()), api.ListComplianceEventsInput{}).Events); n != events || n == 0 {
		t.Errorf("%d events after the restart, %d before", n, events)
	}
}
