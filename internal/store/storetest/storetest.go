// Package storetest is the conformance suite that every store driver
// passes: one set of tests, written against the contract in package store,
// run by each driver's own test against a real database. A behaviour that
// matters to chatgov is pinned here once rather than in each driver.
package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chatgov/chatgov/internal/store"
)

// Run runs the suite. Its subtests run in parallel, each on a database of
// its own.
//
// open returns a store on t's database. The first call for a given t must
// create an empty database for it; every later call with the same t must
// open that same database again, so that the suite can check that data
// outlives Close and that two stores on one database serialize their
// Updates. open must be safe to call from parallel tests, must report its
// own failures through t, and should register with t.Cleanup whatever
// removes the database. The suite closes every store it opens.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	s := suite{open: open}
	tests := []struct {
		name string
		run  func(*testing.T, suite)
	}{
		// The longest first, so that they overlap the others.
		{"LargeUpdate", testLargeUpdate},
		{"ComplianceManyAccounts", testComplianceManyAccounts},
		{"LoadEmpty", testLoadEmpty},
		{"RoundTrip", testRoundTrip},
		{"PutReplaces", testPutReplaces},
		{"Delete", testDelete},
		{"DeleteTags", testDeleteTags},
		{"DeleteOrganization", testDeleteOrganization},
		{"DeleteExpiredCredentials", testDeleteExpiredCredentials},
		{"Errors", testErrors},
		{"Revision", testRevision},
		{"Rollback", testRollback},
		{"TxAfterUpdate", testTxAfterUpdate},
		{"UpdateContext", testUpdateContext},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"AttachmentOrder", testAttachmentOrder},
		{"Times", testTimes},
		{"Reopen", testReopen},
		{"ChatJSON", testChatJSON},
		{"ChatCascade", testChatCascade},
		{"IAMJSON", testIAMJSON},
		{"HandshakeJSON", testHandshakeJSON},
		{"ChatCommands", testChatCommands},
		{"ComplianceQuery", testComplianceQuery},
		{"CompliancePaging", testCompliancePaging},
		{"ComplianceCommittedOnly", testComplianceCommittedOnly},
		{"ComplianceLastIDs", testComplianceLastIDs},
		{"CompliancePrune", testCompliancePrune},
		{"CompliancePruneRollback", testCompliancePruneRollback},
		{"Notifications", testNotifications},
		{"CommandInbox", testCommandInbox},
		{"SlackThreads", testSlackThreads},
		{"NotificationPrune", testNotificationPrune},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, s)
		})
	}
}

type suite struct {
	open func(t *testing.T) store.Store
}

// store opens t's database and closes the store when t ends, unless the
// test closed it first.
func (s suite) store(t *testing.T) store.Store {
	t.Helper()
	st := s.open(t)
	if st == nil {
		t.Fatal("open returned a nil store")
	}
	c := &closeOnce{Store: st}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return c
}

// closeOnce lets a test close a store early without the cleanup closing it
// a second time, which the store contract does not promise to allow.
type closeOnce struct {
	store.Store
	once sync.Once
	err  error
}

func (c *closeOnce) Close() error {
	c.once.Do(func() { c.err = c.Store.Close() })
	return c.err
}

// update runs fn in an Update that must succeed.
func update(t *testing.T, s store.Updater, fn func(ctx context.Context, tx store.Tx) error) {
	t.Helper()
	if err := s.Update(t.Context(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// seed writes st in one Update.
func seed(t *testing.T, s store.Updater, st *store.State) {
	t.Helper()
	update(t, s, func(ctx context.Context, tx store.Tx) error { return putState(ctx, tx, st) })
}

func load(t *testing.T, s store.Loader) *store.State {
	t.Helper()
	st, err := s.Load(t.Context())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if st == nil {
		t.Fatal("Load returned a nil State")
	}
	return st
}

// sorted returns a copy of st with its slices in key order, so that States
// compare as store.go defines them: slices in any order except Attachments,
// which are ordered by Seq and stay as they are. (Sorting here rather than
// with cmpopts.SortSlices keeps 20,000-record comparisons fast.)
func sorted(st *store.State) *store.State {
	c := *st
	sortBy(&c.PolicyTypes, func(r store.PolicyType) string { return r.Type })
	sortBy(&c.OUs, func(r store.OU) string { return r.ID })
	sortBy(&c.Accounts, func(r store.Account) string { return r.ID })
	sortBy(&c.CreateStatuses, func(r store.CreateAccountStatus) string { return r.ID })
	sortBy(&c.Policies, func(r store.Policy) string { return r.ID })
	sortBy(&c.Tags, func(r store.Tag) string { return r.ResourceID + "\x00" + r.Key })
	sortBy(&c.DelegatedAdmins, func(r store.DelegatedAdmin) string { return r.AccountID + "\x00" + r.ServicePrincipal })
	sortBy(&c.ServiceAccess, func(r store.ServiceAccess) string { return r.ServicePrincipal })
	sortBy(&c.Credentials, func(r store.Credential) string { return r.AccessKeyID })
	sortBy(&c.ChatConfigurations, func(r store.ChatConfiguration) string { return r.ARN })
	sortBy(&c.SlackChannels, func(r store.SlackChannel) string { return r.TeamID + "\x00" + r.ChannelID })
	sortBy(&c.TeamsTeams, func(r store.TeamsTeam) string { return r.TeamID })
	sortBy(&c.Preferences, func(r store.AccountPreferences) string { return r.AccountID })
	sortBy(&c.UserIdentities, func(r store.UserIdentity) string { return r.ConfigurationARN + "\x00" + r.ChatUserID })
	sortBy(&c.RolePermissions, func(r store.RolePermissions) string { return r.RoleARN })
	sortBy(&c.ManagedPolicies, func(r store.ManagedPolicy) string { return r.ARN })
	sortBy(&c.Handshakes, func(r store.Handshake) string { return r.ID })
	sortBy(&c.StandaloneAccounts, func(r store.StandaloneAccount) string { return r.ID })
	sortBy(&c.Stacks, func(r store.Stack) string { return r.ID })
	return &c
}

// sortBy replaces *s with a copy sorted by key.
func sortBy[T any](s *[]T, key func(T) string) {
	*s = slices.Clone(*s)
	slices.SortStableFunc(*s, func(a, b T) int { return strings.Compare(key(a), key(b)) })
}

// checkState reports how got differs from want, and got's revision from
// wantRevision. nil and empty compare alike (testLoadEmpty checks that Load
// returns non-nil collections). Times compare with time.Time.Equal, so the
// location is checked by testTimes, not here.
func checkState(t *testing.T, got, want *store.State, wantRevision int64) {
	t.Helper()
	if got.Revision != wantRevision {
		t.Errorf("Revision = %d, want %d", got.Revision, wantRevision)
	}
	w, g := sorted(want), sorted(got)
	w.Revision, g.Revision = 0, 0
	// cmp walks a 20,000-record State for seconds under -race: equalEmpty
	// decides the equal ones, and cmp explains the others.
	if equalEmpty(reflect.ValueOf(w).Elem(), reflect.ValueOf(g).Elem()) {
		return
	}
	if diff := cmp.Diff(w, g, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("loaded state (-want +got):\n%s", diff)
	}
}

var timeType = reflect.TypeFor[time.Time]()

// equalEmpty reports whether a and b, of the same type, are equal as
// cmp.Equal with cmpopts.EquateEmpty compares the records of package store:
// slices and maps by their elements, nil and empty alike; times with
// time.Time.Equal; pointers by what they point to.
func equalEmpty(a, b reflect.Value) bool {
	if a.Type() == timeType {
		return a.Interface().(time.Time).Equal(b.Interface().(time.Time))
	}
	switch a.Kind() {
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !equalEmpty(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		for it := a.MapRange(); it.Next(); {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() || !equalEmpty(it.Value(), bv) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalEmpty(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if !equalEmpty(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64:
		return a.Equal(b)
	}
	panic("equalEmpty: no comparison for " + a.Type().String())
}

// putState writes every record of st, policies before their attachments
// and configurations before their user identities, with one writer per
// role. (A State carries no compliance history; see seedAll.)
func putState(ctx context.Context, tx store.Tx, st *store.State) error {
	return errors.Join(
		putSettings(ctx, tx, st.Settings),
		putOrganization(ctx, tx, st),
		putTree(ctx, tx, st),
		putPolicies(ctx, tx, st),
		putAll(ctx, st.Tags, tx.PutTag),
		putDelegation(ctx, tx, st),
		putAll(ctx, st.Credentials, tx.PutCredential),
		putChat(ctx, tx, st),
		putIAM(ctx, tx, st),
		putMembership(ctx, tx, st),
		putChatCommands(ctx, tx, st),
		putStacks(ctx, tx, st),
	)
}

// putAll puts every record of rs, and returns every error.
func putAll[R any](ctx context.Context, rs []R, put func(context.Context, R) error) error {
	var errs []error
	for _, r := range rs {
		errs = append(errs, put(ctx, r))
	}
	return errors.Join(errs...)
}

func putSettings(ctx context.Context, w store.SettingWriter, settings map[string]string) error {
	var errs []error
	for k, v := range settings {
		errs = append(errs, w.PutSetting(ctx, k, v))
	}
	return errors.Join(errs...)
}

func putOrganization(ctx context.Context, w store.OrganizationWriter, st *store.State) error {
	var err error
	if st.Organization != nil {
		err = w.PutOrganization(ctx, *st.Organization)
	}
	return errors.Join(err, putAll(ctx, st.PolicyTypes, w.PutPolicyType))
}

func putTree(ctx context.Context, w store.TreeWriter, st *store.State) error {
	return errors.Join(putAll(ctx, st.OUs, w.PutOU), putAll(ctx, st.Accounts, w.PutAccount),
		putAll(ctx, st.CreateStatuses, w.PutCreateAccountStatus))
}

func putPolicies(ctx context.Context, w store.PolicyWriter, st *store.State) error {
	return errors.Join(putAll(ctx, st.Policies, w.PutPolicy), putAll(ctx, st.Attachments, w.Attach))
}

func putDelegation(ctx context.Context, w store.DelegationWriter, st *store.State) error {
	return errors.Join(putAll(ctx, st.DelegatedAdmins, w.PutDelegatedAdmin), putAll(ctx, st.ServiceAccess, w.PutServiceAccess))
}

func putChat(ctx context.Context, w store.ChatWriter, st *store.State) error {
	return errors.Join(putAll(ctx, st.ChatConfigurations, w.PutChatConfiguration), putAll(ctx, st.SlackChannels, w.PutSlackChannel),
		putAll(ctx, st.TeamsTeams, w.PutTeamsTeam), putAll(ctx, st.Preferences, w.PutAccountPreferences),
		putAll(ctx, st.UserIdentities, w.PutUserIdentity))
}

func putIAM(ctx context.Context, w store.IAMWriter, st *store.State) error {
	return errors.Join(putAll(ctx, st.RolePermissions, w.PutRolePermissions), putAll(ctx, st.ManagedPolicies, w.PutManagedPolicy))
}

func putMembership(ctx context.Context, w store.MembershipWriter, st *store.State) error {
	return errors.Join(putAll(ctx, st.Handshakes, w.PutHandshake), putAll(ctx, st.StandaloneAccounts, w.PutStandaloneAccount))
}

func putStacks(ctx context.Context, w store.StackWriter, st *store.State) error {
	return putAll(ctx, st.Stacks, w.PutStack)
}

// base is the time the fixtures count from; at(n) are distinct instants of
// whole microseconds, so that they survive the store unchanged.
var base = time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC)

func at(n int) time.Time {
	return base.Add(time.Duration(n) * (time.Hour + time.Microsecond))
}

// Identifiers the fixture uses and tests refer to.
const (
	rootID    = "r-ab12"
	ouProd    = "ou-ab12-11111111"
	ouTeam    = "ou-ab12-22222222"
	mgmtID    = "111111111111"
	devID     = "222222222222"
	scpID     = "p-FullAWSAccess"
	chatID    = "p-chat12345678"
	spareID   = "p-spare1234567" // attached to nothing
	chatbotSP = "chatbot.amazonaws.com"
	ssoSP     = "sso.amazonaws.com"
	longKey   = "AKIAIOSFODNN7EXAMPLE"
	tempKey   = "ASIAIOSFODNN7EXAMPLE"

	slackCfg   = "arn:aws:chatbot::222222222222:chat-configuration/slack-channel/ops"
	teamsCfg   = "arn:aws:chatbot::222222222222:chat-configuration/microsoft-teams-channel/alerts"
	chimeCfg   = "arn:aws:chatbot::111111111111:chat-configuration/chime-webhook/legacy"
	slackTeam  = "T0123ABCD"
	slackChan  = "C0456EFGH"
	slackPriv  = "C0789IJKL"
	teamsTeam  = "8f6e1c2a-0b5d-4c3e-9a7f-1d2e3f4a5b6c"
	teamsTeam2 = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	tenantID   = "4d3c2b1a-5f6e-4b7a-9c8d-0e1f2a3b4c5d"
	teamsChan  = "19:abc123@thread.tacv2"

	roleOps    = "arn:aws:iam::222222222222:role/chatbot-ops"
	roleAlerts = "arn:aws:iam::222222222222:role/chatbot-alerts"
	roleLegacy = "arn:aws:iam::111111111111:role/service-role/chatbot-legacy"
	denyPolicy = "arn:aws:iam::222222222222:policy/guardrails/DenyDelete"
	logsPolicy = "arn:aws:iam::111111111111:policy/ReadLogs"
	readOnly   = "arn:aws:iam::aws:policy/ReadOnlyAccess" // AWS's: never registered
)

// fixture returns a fresh organization with at least one of every record,
// every field set (except those whose zero value means something).
func fixture() *store.State {
	return &store.State{
		Settings: map[string]string{"management_account_id": mgmtID, "quote's": "\"value\"\nline two"},
		Organization: &store.Organization{
			ID: "o-abcdef1234", FeatureSet: "ALL", ManagementAccountID: mgmtID,
			ManagementAccountEmail: "mgmt@example.com", RootID: rootID, RootName: "Root", CreatedAt: at(1),
		},
		PolicyTypes: []store.PolicyType{
			{Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED"},
			{Type: "CHATBOT_POLICY", Status: "PENDING_ENABLE"},
		},
		OUs: []store.OU{
			{ID: ouProd, ParentID: rootID, Name: "Prod", CreatedAt: at(2)},
			{ID: ouTeam, ParentID: ouProd, Name: "Team ünïcode ✓", CreatedAt: at(3)},
		},
		Accounts: []store.Account{
			{ID: mgmtID, ParentID: rootID, Name: "management", Email: "mgmt@example.com", Status: "ACTIVE", JoinedMethod: "INVITED", JoinedAt: at(4)},
			{ID: devID, ParentID: ouTeam, Name: "dev", Email: "dev@example.com", Status: "SUSPENDED", JoinedMethod: "CREATED", JoinedAt: at(5),
				RoleName: "OrganizationAccountAccessRole", ClosedAt: at(37)},
		},
		CreateStatuses: []store.CreateAccountStatus{
			{ID: "car-1", AccountName: "dev", Email: "dev@example.com", State: "SUCCEEDED", AccountID: devID, RequestedAt: at(6), CompletedAt: at(7)},
			{ID: "car-2", AccountName: "dup", Email: "dev@example.com", State: "FAILED", FailureReason: "EMAIL_ALREADY_EXISTS", RequestedAt: at(8), CompletedAt: at(9)},
			{ID: "car-3", AccountName: "new", Email: "new@example.com", State: "IN_PROGRESS", RequestedAt: at(10)},
		},
		Policies: []store.Policy{
			{ID: scpID, Name: "FullAWSAccess", Description: "Allows access to every operation", Type: "SERVICE_CONTROL_POLICY",
				Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, AWSManaged: true, CreatedAt: at(11), UpdatedAt: at(11)},
			{ID: chatID, Name: "chat", Description: "it's \"quoted\"; DROP TABLE policies; --", Type: "CHATBOT_POLICY",
				Content: "{\"chatbot\": {\n  \"platforms\": {\"slack\": {\"client\": {\"@@assign\": \"enabled\"}}}\n}}", CreatedAt: at(12), UpdatedAt: at(13)},
			{ID: spareID, Name: "spare", Type: "SERVICE_CONTROL_POLICY", Content: "{}", CreatedAt: at(14), UpdatedAt: at(14)},
		},
		Attachments: []store.Attachment{
			{PolicyID: scpID, TargetID: rootID, Seq: 1},
			{PolicyID: chatID, TargetID: ouProd, Seq: 2},
			{PolicyID: scpID, TargetID: devID, Seq: 3},
		},
		Tags: []store.Tag{
			{ResourceID: devID, Key: "env", Value: "dev"},
			{ResourceID: devID, Key: "team", Value: ""},
			{ResourceID: chatID, Key: "env", Value: "security"},
		},
		DelegatedAdmins: []store.DelegatedAdmin{
			{AccountID: devID, ServicePrincipal: chatbotSP, EnabledAt: at(15)},
			{AccountID: mgmtID, ServicePrincipal: ssoSP, EnabledAt: at(16)},
		},
		ServiceAccess: []store.ServiceAccess{
			{ServicePrincipal: chatbotSP, EnabledAt: at(17)},
			{ServicePrincipal: ssoSP, EnabledAt: at(18)},
		},
		Credentials: []store.Credential{
			{AccessKeyID: longKey, SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", AccountID: mgmtID, PrincipalARN: "arn:aws:iam::111111111111:root"},
			{AccessKeyID: tempKey, SecretAccessKey: "secret", SessionToken: "FwoGZXIvYXdzEXAMPLE", AccountID: devID,
				PrincipalARN: "arn:aws:sts::222222222222:assumed-role/OrganizationAccountAccessRole/alice", ExpiresAt: at(19)},
		},
		ChatConfigurations: []store.ChatConfiguration{
			{ARN: slackCfg, AccountID: devID, Platform: store.PlatformSlack, Name: "ops",
				IamRoleARN:   "arn:aws:iam::222222222222:role/chatbot-ops",
				SnsTopicARNs: []string{"arn:aws:sns:us-east-1:222222222222:alerts", "arn:aws:sns:eu-west-1:222222222222:more"},
				LoggingLevel: "ERROR", GuardrailPolicyARNs: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}, UserAuthorizationRequired: true,
				SlackTeamID: slackTeam, SlackTeamName: "Acme", SlackChannelID: slackChan, SlackChannelName: "ops",
				Tags: map[string]string{"env": "dev", "team": ""}, CreatedAt: at(20), UpdatedAt: at(21)},
			{ARN: teamsCfg, AccountID: devID, Platform: store.PlatformTeams, Name: "alerts",
				IamRoleARN: "arn:aws:iam::222222222222:role/chatbot-alerts", LoggingLevel: "INFO",
				GuardrailPolicyARNs: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::222222222222:policy/Deny \"quoted\""},
				TenantID:            tenantID, TeamID: teamsTeam, TeamName: "Acme Teams", ChannelID: teamsChan, ChannelName: "Alerts ✓",
				CreatedAt: at(22), UpdatedAt: at(23)},
			{ARN: chimeCfg, AccountID: mgmtID, Platform: store.PlatformChime, Name: "legacy",
				IamRoleARN: "arn:aws:iam::111111111111:role/chatbot-legacy", SnsTopicARNs: []string{}, LoggingLevel: "NONE",
				WebhookURL: "https://hooks.chime.aws/incomingwebhooks/abc?token=x%2Fy", WebhookDescription: "it's \"legacy\"",
				Tags: map[string]string{}, CreatedAt: at(24), UpdatedAt: at(24)},
		},
		SlackChannels: []store.SlackChannel{
			{TeamID: slackTeam, TeamName: "Acme", ChannelID: slackChan, ChannelName: "ops", Visibility: "public", UpdatedAt: at(25)},
			{TeamID: slackTeam, TeamName: "Acme", ChannelID: slackPriv, ChannelName: "secret", Visibility: "private", UpdatedAt: at(26)},
		},
		TeamsTeams: []store.TeamsTeam{
			{TenantID: tenantID, TeamID: teamsTeam, TeamName: "Acme Teams", UpdatedAt: at(27)},
			{TenantID: tenantID, TeamID: teamsTeam2, TeamName: "Other", UpdatedAt: at(28)},
		},
		Preferences: []store.AccountPreferences{
			{AccountID: devID, UserAuthorizationRequired: true},
			{AccountID: mgmtID, TrainingDataCollectionEnabled: true},
		},
		UserIdentities: []store.UserIdentity{
			{ConfigurationARN: slackCfg, ChatUserID: "U0001", TeamID: slackTeam, IamRoleARN: "arn:aws:iam::222222222222:role/alice",
				AwsUserIdentity: "arn:aws:sts::222222222222:assumed-role/alice/U0001", CreatedAt: at(29)},
			{ConfigurationARN: slackCfg, ChatUserID: "U0002", TeamID: slackTeam, IamRoleARN: "arn:aws:iam::222222222222:role/bob",
				AwsUserIdentity: "arn:aws:sts::222222222222:assumed-role/bob/U0002", CreatedAt: at(30)},
			{ConfigurationARN: teamsCfg, ChatUserID: "29:1aBcD", TeamID: teamsTeam, TenantID: tenantID, ChannelID: teamsChan,
				IamRoleARN: "arn:aws:iam::222222222222:role/carol", AwsUserIdentity: "arn:aws:sts::222222222222:assumed-role/carol/29:1aBcD", CreatedAt: at(31)},
		},
		// One role with both kinds of policy (several inline ones, not in
		// name order), one with managed policies only, one with inline
		// ones only.
		RolePermissions: []store.RolePermissions{
			{RoleARN: roleOps, AccountID: devID, ManagedPolicyARNs: []string{readOnly, denyPolicy, "arn:aws:iam::aws:policy/AWSSupportAccess"},
				InlinePolicies: []store.InlinePolicy{
					{Name: "logs", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:Get*","Resource":"*"}]}`},
					{Name: "Büro \"quoted\" ✓", Document: "{\n  \"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::café-☕/*\"}]\n}"},
					{Name: "empty"},
				}, UpdatedAt: at(32)},
			{RoleARN: roleAlerts, AccountID: devID, ManagedPolicyARNs: []string{"arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"}, UpdatedAt: at(33)},
			{RoleARN: roleLegacy, AccountID: mgmtID, InlinePolicies: []store.InlinePolicy{{Name: "only-inline", Document: `{"Statement":[]}`}}, UpdatedAt: at(34)},
		},
		ManagedPolicies: []store.ManagedPolicy{
			{ARN: denyPolicy, AccountID: devID, Name: "DenyDelete", Path: "/guardrails/",
				Document: `{"Version":"2012-10-17","Statement":[{"Sid":"NoDelete","Effect":"Deny","Action":["*:Delete*"],"Resource":"*",` +
					`"Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"sécurité \"core\" \\ 日本"}}}]}`, UpdatedAt: at(35)},
			{ARN: logsPolicy, AccountID: mgmtID, Name: "ReadLogs", Path: "/", Document: "{\n\t\"Statement\": \"it's\\n\u2028<&>\"\n}", UpdatedAt: at(36)},
		},
		Handshakes:         handshakeFixture(),
		StandaloneAccounts: standaloneFixture(),
		Stacks:             stackFixture(),
	}
}
