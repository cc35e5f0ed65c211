package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// testPutReplaces checks that every Put inserts or replaces by its record's
// key, overwriting every other field (an empty string and a zero time
// included), both within one Update and across two.
func testPutReplaces(t *testing.T, s suite) {
	tests := []struct {
		name string
		// first is replaced by second (same keys, every other field
		// changed); other has different keys and must stay.
		first, second, other store.State
	}{
		{
			name:   "Setting",
			first:  store.State{Settings: map[string]string{"k": "one"}},
			second: store.State{Settings: map[string]string{"k": ""}},
			other:  store.State{Settings: map[string]string{"K": "other"}},
		},
		{
			name: "Organization",
			first: store.State{Organization: &store.Organization{ID: "o-first00001", FeatureSet: "ALL", ManagementAccountID: mgmtID,
				ManagementAccountEmail: "a@example.com", RootID: "r-aaaa", RootName: "Root", CreatedAt: at(1)}},
			// A different ID too: there is at most one organization.
			second: store.State{Organization: &store.Organization{ID: "o-second0002", FeatureSet: "CONSOLIDATED_BILLING", ManagementAccountID: devID,
				ManagementAccountEmail: "b@example.com", RootID: "r-bbbb", RootName: "Other root", CreatedAt: at(2)}},
		},
		{
			name:   "PolicyType",
			first:  store.State{PolicyTypes: []store.PolicyType{{Type: "SERVICE_CONTROL_POLICY", Status: "PENDING_ENABLE"}}},
			second: store.State{PolicyTypes: []store.PolicyType{{Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED"}}},
			other:  store.State{PolicyTypes: []store.PolicyType{{Type: "CHATBOT_POLICY", Status: "ENABLED"}}},
		},
		{
			name:   "OU",
			first:  store.State{OUs: []store.OU{{ID: ouProd, ParentID: rootID, Name: "Prod", CreatedAt: at(1)}}},
			second: store.State{OUs: []store.OU{{ID: ouProd, ParentID: ouTeam, Name: "Production", CreatedAt: at(2)}}},
			other:  store.State{OUs: []store.OU{{ID: ouTeam, ParentID: rootID, Name: "Team", CreatedAt: at(3)}}},
		},
		{
			name: "Account",
			first: store.State{Accounts: []store.Account{{ID: devID, ParentID: rootID, Name: "dev", Email: "dev@example.com",
				Status: "ACTIVE", JoinedMethod: "CREATED", JoinedAt: at(1), RoleName: "OrganizationAccountAccessRole"}}},
			second: store.State{Accounts: []store.Account{{ID: devID, ParentID: ouProd, Name: "dev2", Email: "dev2@example.com",
				Status: "SUSPENDED", JoinedMethod: "INVITED", JoinedAt: at(2)}}},
			other: store.State{Accounts: []store.Account{{ID: mgmtID, ParentID: rootID, Name: "m", Email: "m@example.com",
				Status: "ACTIVE", JoinedMethod: "INVITED", JoinedAt: at(3)}}},
		},
		{
			name: "CreateAccountStatus",
			first: store.State{CreateStatuses: []store.CreateAccountStatus{{ID: "car-1", AccountName: "a", Email: "a@example.com",
				State: "IN_PROGRESS", RequestedAt: at(1)}}},
			second: store.State{CreateStatuses: []store.CreateAccountStatus{{ID: "car-1", AccountName: "b", Email: "b@example.com",
				State: "FAILED", AccountID: devID, FailureReason: "INTERNAL_FAILURE", RequestedAt: at(2), CompletedAt: at(3)}}},
			other: store.State{CreateStatuses: []store.CreateAccountStatus{{ID: "car-2", AccountName: "c", Email: "c@example.com",
				State: "IN_PROGRESS", RequestedAt: at(4)}}},
		},
		{
			name: "Policy",
			first: store.State{Policies: []store.Policy{{ID: chatID, Name: "a", Description: "first", Type: "CHATBOT_POLICY",
				Content: `{"a":1}`, AWSManaged: true, CreatedAt: at(1), UpdatedAt: at(2)}}},
			second: store.State{Policies: []store.Policy{{ID: chatID, Name: "b", Type: "SERVICE_CONTROL_POLICY",
				Content: `{"b":2}`, CreatedAt: at(3), UpdatedAt: at(4)}}},
			other: store.State{Policies: []store.Policy{{ID: spareID, Name: "c", Type: "CHATBOT_POLICY", Content: "{}", CreatedAt: at(5), UpdatedAt: at(5)}}},
		},
		{
			name:   "Tag",
			first:  store.State{Tags: []store.Tag{{ResourceID: devID, Key: "env", Value: "dev"}}},
			second: store.State{Tags: []store.Tag{{ResourceID: devID, Key: "env", Value: "prod"}}},
			other:  store.State{Tags: []store.Tag{{ResourceID: devID, Key: "Env", Value: "x"}, {ResourceID: mgmtID, Key: "env", Value: "y"}}},
		},
		{
			name:   "DelegatedAdmin",
			first:  store.State{DelegatedAdmins: []store.DelegatedAdmin{{AccountID: devID, ServicePrincipal: chatbotSP, EnabledAt: at(1)}}},
			second: store.State{DelegatedAdmins: []store.DelegatedAdmin{{AccountID: devID, ServicePrincipal: chatbotSP, EnabledAt: at(2)}}},
			other: store.State{DelegatedAdmins: []store.DelegatedAdmin{
				{AccountID: devID, ServicePrincipal: ssoSP, EnabledAt: at(3)}, {AccountID: mgmtID, ServicePrincipal: chatbotSP, EnabledAt: at(4)}}},
		},
		{
			name:   "ServiceAccess",
			first:  store.State{ServiceAccess: []store.ServiceAccess{{ServicePrincipal: chatbotSP, EnabledAt: at(1)}}},
			second: store.State{ServiceAccess: []store.ServiceAccess{{ServicePrincipal: chatbotSP, EnabledAt: at(2)}}},
			other:  store.State{ServiceAccess: []store.ServiceAccess{{ServicePrincipal: ssoSP, EnabledAt: at(3)}}},
		},
		{
			name: "Credential",
			first: store.State{Credentials: []store.Credential{{AccessKeyID: tempKey, SecretAccessKey: "s1", SessionToken: "t1",
				AccountID: devID, PrincipalARN: "arn:aws:sts::222222222222:assumed-role/R/a", ExpiresAt: at(1)}}},
			second: store.State{Credentials: []store.Credential{{AccessKeyID: tempKey, SecretAccessKey: "s2",
				AccountID: mgmtID, PrincipalARN: "arn:aws:iam::111111111111:root"}}},
			other: store.State{Credentials: []store.Credential{{AccessKeyID: longKey, SecretAccessKey: "s3", AccountID: mgmtID,
				PrincipalARN: "arn:aws:iam::111111111111:root"}}},
		},
		{
			name:  "ChatConfiguration",
			first: store.State{ChatConfigurations: fixture().ChatConfigurations[:1]},
			// Another platform's fields, and every field changed.
			second: store.State{ChatConfigurations: []store.ChatConfiguration{{ARN: slackCfg, AccountID: mgmtID, Platform: store.PlatformTeams,
				Name: "renamed", IamRoleARN: "arn:aws:iam::111111111111:role/other", SnsTopicARNs: []string{"arn:aws:sns:us-west-2:111111111111:t"},
				LoggingLevel: "INFO", TenantID: tenantID, TeamID: teamsTeam, TeamName: "T", ChannelID: teamsChan, ChannelName: "C",
				WebhookURL: "https://example.com/hook", WebhookDescription: "d", Tags: map[string]string{"other": "tag"}, CreatedAt: at(50), UpdatedAt: at(51)}}},
			other: store.State{ChatConfigurations: fixture().ChatConfigurations[1:]},
		},
		{
			name:   "SlackChannel",
			first:  store.State{SlackChannels: []store.SlackChannel{{TeamID: slackTeam, TeamName: "Acme", ChannelID: slackChan, ChannelName: "ops", Visibility: "public", UpdatedAt: at(1)}}},
			second: store.State{SlackChannels: []store.SlackChannel{{TeamID: slackTeam, ChannelID: slackChan, ChannelName: "ops-private", Visibility: "private"}}},
			other: store.State{SlackChannels: []store.SlackChannel{
				{TeamID: slackTeam, ChannelID: slackPriv, Visibility: "private"}, {TeamID: "T0999OTHER", ChannelID: slackChan, Visibility: "public"}}},
		},
		{
			name:   "TeamsTeam",
			first:  store.State{TeamsTeams: []store.TeamsTeam{{TenantID: tenantID, TeamID: teamsTeam, TeamName: "Acme", UpdatedAt: at(1)}}},
			second: store.State{TeamsTeams: []store.TeamsTeam{{TenantID: "other-tenant", TeamID: teamsTeam, TeamName: "", UpdatedAt: at(2)}}},
			other:  store.State{TeamsTeams: []store.TeamsTeam{{TenantID: tenantID, TeamID: teamsTeam2, TeamName: "Other", UpdatedAt: at(3)}}},
		},
		{
			name:   "AccountPreferences",
			first:  store.State{Preferences: []store.AccountPreferences{{AccountID: devID, UserAuthorizationRequired: true, TrainingDataCollectionEnabled: true}}},
			second: store.State{Preferences: []store.AccountPreferences{{AccountID: devID}}},
			other:  store.State{Preferences: []store.AccountPreferences{{AccountID: mgmtID, UserAuthorizationRequired: true}}},
		},
		{
			name: "UserIdentity",
			first: store.State{ChatConfigurations: fixture().ChatConfigurations[:1], UserIdentities: []store.UserIdentity{{ConfigurationARN: slackCfg,
				ChatUserID: "U0001", TeamID: slackTeam, TenantID: "t", ChannelID: "c", IamRoleARN: "arn:aws:iam::222222222222:role/a",
				AwsUserIdentity: "arn:aws:sts::222222222222:assumed-role/a/U0001", CreatedAt: at(1)}}},
			second: store.State{ChatConfigurations: fixture().ChatConfigurations[:1], UserIdentities: []store.UserIdentity{{ConfigurationARN: slackCfg,
				ChatUserID: "U0001", TeamID: "T0999OTHER", IamRoleARN: "arn:aws:iam::222222222222:role/b", CreatedAt: at(2)}}},
			other: store.State{ChatConfigurations: fixture().ChatConfigurations[1:2], UserIdentities: []store.UserIdentity{
				{ConfigurationARN: slackCfg, ChatUserID: "U0002"}, {ConfigurationARN: teamsCfg, ChatUserID: "U0001"}}},
		},
		{
			name: "RolePermissions",
			first: store.State{RolePermissions: []store.RolePermissions{{RoleARN: roleOps, AccountID: devID,
				ManagedPolicyARNs: []string{readOnly, denyPolicy},
				InlinePolicies:    []store.InlinePolicy{{Name: "a", Document: `{"a":1}`}, {Name: "b", Document: `{"b":2}`}}, UpdatedAt: at(1)}}},
			// Fewer policies of each kind, so that a driver that added
			// rather than replaced would show it.
			second: store.State{RolePermissions: []store.RolePermissions{{RoleARN: roleOps, AccountID: mgmtID,
				ManagedPolicyARNs: []string{logsPolicy}, InlinePolicies: []store.InlinePolicy{{Name: "c", Document: `{"c":3}`}}, UpdatedAt: at(2)}}},
			other: store.State{RolePermissions: []store.RolePermissions{{RoleARN: roleAlerts, AccountID: devID, ManagedPolicyARNs: []string{readOnly}}}},
		},
		{
			name: "RolePermissions/Emptied",
			first: store.State{RolePermissions: []store.RolePermissions{{RoleARN: roleOps, AccountID: devID,
				ManagedPolicyARNs: []string{readOnly}, InlinePolicies: []store.InlinePolicy{{Name: "a", Document: `{"a":1}`}}, UpdatedAt: at(1)}}},
			second: store.State{RolePermissions: []store.RolePermissions{{RoleARN: roleOps}}},
			other:  store.State{RolePermissions: []store.RolePermissions{{RoleARN: roleLegacy, InlinePolicies: []store.InlinePolicy{{Name: "x"}}}}},
		},
		{
			name: "ManagedPolicy",
			first: store.State{ManagedPolicies: []store.ManagedPolicy{{ARN: denyPolicy, AccountID: devID, Name: "DenyDelete", Path: "/guardrails/",
				Document: `{"Statement":[]}`, UpdatedAt: at(1)}}},
			second: store.State{ManagedPolicies: []store.ManagedPolicy{{ARN: denyPolicy, AccountID: mgmtID, Name: "Renamed", Path: "/"}}},
			other:  store.State{ManagedPolicies: []store.ManagedPolicy{{ARN: logsPolicy, AccountID: mgmtID, Name: "ReadLogs", Path: "/", Document: "{}", UpdatedAt: at(3)}}},
		},
		{
			name:  "Handshake",
			first: store.State{Handshakes: handshakeFixture()[:1]},
			// Fewer parties, resources and tags, so that a driver that
			// added rather than replaced would show it.
			second: store.State{Handshakes: []store.Handshake{{ID: inviteID, Action: "INVITE", State: "CANCELED",
				Parties: []store.HandshakeParty{{Type: "ORGANIZATION", ID: "o-abcdef1234"}}, UpdatedAt: at(70)}}},
			other: store.State{Handshakes: handshakeFixture()[1:]},
		},
		{
			name:  "StandaloneAccount",
			first: store.State{StandaloneAccounts: standaloneFixture()[:1]},
			second: store.State{StandaloneAccounts: []store.StandaloneAccount{{ID: soloID, Name: "renamed", Email: "other@example.com",
				Status: "SUSPENDED", CreatedAt: at(71), ClosedAt: at(72)}}},
			other: store.State{StandaloneAccounts: standaloneFixture()[1:]},
		},
		{
			name:  "Stack",
			first: store.State{Stacks: stackFixture()[:1]},
			second: store.State{Stacks: []store.Stack{{ID: stackID, AccountID: devID, Name: "chat-governance",
				Status: "DELETE_COMPLETE", Document: `{}`, UpdatedAt: at(73)}}},
			other: store.State{Stacks: stackFixture()[1:]},
		},
	}
	for _, tt := range tests {
		for _, split := range []bool{false, true} {
			name := tt.name + "/OneUpdate"
			if split {
				name = tt.name + "/TwoUpdates"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				st := s.store(t)
				update(t, st, func(ctx context.Context, tx store.Tx) error {
					if err := putState(ctx, tx, &tt.first); err != nil || split {
						return err
					}
					return errors.Join(putState(ctx, tx, &tt.second), putState(ctx, tx, &tt.other))
				})
				wantRevision := int64(1)
				if split {
					update(t, st, func(ctx context.Context, tx store.Tx) error {
						return errors.Join(putState(ctx, tx, &tt.second), putState(ctx, tx, &tt.other))
					})
					wantRevision = 2
				}
				want := merge(tt.second, tt.other)
				checkState(t, load(t, st), &want, wantRevision)
			})
		}
	}
}

// testDelete checks that each Delete and Detach removes exactly its record.
func testDelete(t *testing.T, s suite) {
	tests := []struct {
		name string
		del  func(context.Context, store.Tx) error
		want func(*store.State)
	}{
		{"DeletePolicyType", func(ctx context.Context, tx store.Tx) error { return tx.DeletePolicyType(ctx, "CHATBOT_POLICY") },
			func(st *store.State) {
				st.PolicyTypes = without(st.PolicyTypes, func(r store.PolicyType) bool { return r.Type == "CHATBOT_POLICY" })
			}},
		{"DeleteOU", func(ctx context.Context, tx store.Tx) error { return tx.DeleteOU(ctx, ouTeam) },
			func(st *store.State) { st.OUs = without(st.OUs, func(r store.OU) bool { return r.ID == ouTeam }) }},
		{"DeleteAccount", func(ctx context.Context, tx store.Tx) error { return tx.DeleteAccount(ctx, devID) },
			func(st *store.State) {
				st.Accounts = without(st.Accounts, func(r store.Account) bool { return r.ID == devID })
			}},
		{"DeletePolicy", func(ctx context.Context, tx store.Tx) error { return tx.DeletePolicy(ctx, spareID) },
			func(st *store.State) {
				st.Policies = without(st.Policies, func(r store.Policy) bool { return r.ID == spareID })
			}},
		{"Detach", func(ctx context.Context, tx store.Tx) error { return tx.Detach(ctx, scpID, devID) },
			func(st *store.State) {
				st.Attachments = without(st.Attachments, func(r store.Attachment) bool { return r.PolicyID == scpID && r.TargetID == devID })
			}},
		{"DetachAllThenDeletePolicy", func(ctx context.Context, tx store.Tx) error {
			return errors.Join(tx.Detach(ctx, scpID, rootID), tx.Detach(ctx, scpID, devID), tx.DeletePolicy(ctx, scpID))
		}, func(st *store.State) {
			st.Attachments = without(st.Attachments, func(r store.Attachment) bool { return r.PolicyID == scpID })
			st.Policies = without(st.Policies, func(r store.Policy) bool { return r.ID == scpID })
		}},
		{"DeleteTag", func(ctx context.Context, tx store.Tx) error { return tx.DeleteTag(ctx, devID, "env") },
			func(st *store.State) {
				st.Tags = without(st.Tags, func(r store.Tag) bool { return r.ResourceID == devID && r.Key == "env" })
			}},
		{"DeleteDelegatedAdmin", func(ctx context.Context, tx store.Tx) error { return tx.DeleteDelegatedAdmin(ctx, devID, chatbotSP) },
			func(st *store.State) {
				st.DelegatedAdmins = without(st.DelegatedAdmins, func(r store.DelegatedAdmin) bool { return r.AccountID == devID })
			}},
		{"DeleteServiceAccess", func(ctx context.Context, tx store.Tx) error { return tx.DeleteServiceAccess(ctx, ssoSP) },
			func(st *store.State) {
				st.ServiceAccess = without(st.ServiceAccess, func(r store.ServiceAccess) bool { return r.ServicePrincipal == ssoSP })
			}},
		{"DeleteCredential", func(ctx context.Context, tx store.Tx) error { return tx.DeleteCredential(ctx, longKey) },
			func(st *store.State) {
				st.Credentials = without(st.Credentials, func(r store.Credential) bool { return r.AccessKeyID == longKey })
			}},
		{"DeleteChatConfiguration", func(ctx context.Context, tx store.Tx) error { return tx.DeleteChatConfiguration(ctx, slackCfg) },
			func(st *store.State) {
				st.ChatConfigurations = without(st.ChatConfigurations, func(r store.ChatConfiguration) bool { return r.ARN == slackCfg })
				st.UserIdentities = without(st.UserIdentities, func(r store.UserIdentity) bool { return r.ConfigurationARN == slackCfg })
			}},
		{"DeleteSlackChannel", func(ctx context.Context, tx store.Tx) error { return tx.DeleteSlackChannel(ctx, slackTeam, slackPriv) },
			func(st *store.State) {
				st.SlackChannels = without(st.SlackChannels, func(r store.SlackChannel) bool { return r.ChannelID == slackPriv })
			}},
		{"DeleteTeamsTeam", func(ctx context.Context, tx store.Tx) error { return tx.DeleteTeamsTeam(ctx, teamsTeam2) },
			func(st *store.State) {
				st.TeamsTeams = without(st.TeamsTeams, func(r store.TeamsTeam) bool { return r.TeamID == teamsTeam2 })
			}},
		{"DeleteUserIdentity", func(ctx context.Context, tx store.Tx) error { return tx.DeleteUserIdentity(ctx, slackCfg, "U0002") },
			func(st *store.State) {
				st.UserIdentities = without(st.UserIdentities, func(r store.UserIdentity) bool { return r.ChatUserID == "U0002" })
			}},
		{"DeleteRolePermissions", func(ctx context.Context, tx store.Tx) error { return tx.DeleteRolePermissions(ctx, roleAlerts) },
			func(st *store.State) {
				st.RolePermissions = without(st.RolePermissions, func(r store.RolePermissions) bool { return r.RoleARN == roleAlerts })
			}},
		// Roles that name the policy keep naming it: nothing references
		// a managed policy, and chatgov resolves ARNs when it decides.
		{"DeleteManagedPolicy", func(ctx context.Context, tx store.Tx) error { return tx.DeleteManagedPolicy(ctx, denyPolicy) },
			func(st *store.State) {
				st.ManagedPolicies = without(st.ManagedPolicies, func(r store.ManagedPolicy) bool { return r.ARN == denyPolicy })
			}},
		{"DeleteRolePermissionsThenPut", func(ctx context.Context, tx store.Tx) error {
			return errors.Join(tx.DeleteRolePermissions(ctx, roleOps),
				tx.PutRolePermissions(ctx, store.RolePermissions{RoleARN: roleOps, AccountID: devID, ManagedPolicyARNs: []string{readOnly}}))
		}, func(st *store.State) {
			st.RolePermissions[0] = store.RolePermissions{RoleARN: roleOps, AccountID: devID, ManagedPolicyARNs: []string{readOnly}}
		}},
		{"PutManagedPolicyThenDelete", func(ctx context.Context, tx store.Tx) error {
			return errors.Join(tx.PutManagedPolicy(ctx, store.ManagedPolicy{ARN: denyPolicy + "2", AccountID: devID, Name: "DenyDelete2"}),
				tx.DeleteManagedPolicy(ctx, denyPolicy+"2"))
		}, func(st *store.State) {}},
		{"DeleteHandshake", func(ctx context.Context, tx store.Tx) error { return tx.DeleteHandshake(ctx, inviteID) },
			func(st *store.State) {
				st.Handshakes = without(st.Handshakes, func(r store.Handshake) bool { return r.ID == inviteID })
			}},
		{"DeleteStack", func(ctx context.Context, tx store.Tx) error { return tx.DeleteStack(ctx, stackID) },
			func(st *store.State) {
				st.Stacks = without(st.Stacks, func(r store.Stack) bool { return r.ID == stackID })
			}},
		{"DeleteStandaloneAccount", func(ctx context.Context, tx store.Tx) error { return tx.DeleteStandaloneAccount(ctx, soloID) },
			func(st *store.State) {
				st.StandaloneAccounts = without(st.StandaloneAccounts, func(r store.StandaloneAccount) bool { return r.ID == soloID })
			}},
		// An account that joins leaves the standalone accounts in the
		// same Update that puts it among the organization's.
		{"StandaloneAccountJoins", func(ctx context.Context, tx store.Tx) error {
			return errors.Join(tx.DeleteStandaloneAccount(ctx, soloID),
				tx.PutAccount(ctx, store.Account{ID: soloID, ParentID: rootID, Name: "solo", Email: "solo@example.com", Status: "ACTIVE", JoinedMethod: "INVITED", JoinedAt: at(60)}))
		}, func(st *store.State) {
			st.StandaloneAccounts = without(st.StandaloneAccounts, func(r store.StandaloneAccount) bool { return r.ID == soloID })
			st.Accounts = append(st.Accounts, store.Account{ID: soloID, ParentID: rootID, Name: "solo", Email: "solo@example.com", Status: "ACTIVE", JoinedMethod: "INVITED", JoinedAt: at(60)})
		}},
		{"PutAfterDelete", func(ctx context.Context, tx store.Tx) error {
			return errors.Join(tx.DeleteTag(ctx, devID, "env"), tx.PutTag(ctx, store.Tag{ResourceID: devID, Key: "env", Value: "again"}))
		}, func(st *store.State) { st.Tags[0].Value = "again" }},
		{"DeleteAfterPut", func(ctx context.Context, tx store.Tx) error {
			return errors.Join(tx.PutOU(ctx, store.OU{ID: "ou-ab12-33333333", ParentID: rootID, Name: "New"}), tx.DeleteOU(ctx, "ou-ab12-33333333"))
		}, func(st *store.State) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := s.store(t)
			seed(t, st, fixture())
			update(t, st, tt.del)
			want := fixture()
			tt.want(want)
			checkState(t, load(t, st), want, 2)
		})
	}
}

// testDeleteTags checks that DeleteTags removes one resource's tags, and that
// a resource without tags is no error.
func testDeleteTags(t *testing.T, s suite) {
	tests := []struct {
		resource string
		want     func(*store.State)
	}{
		{devID, func(st *store.State) {
			st.Tags = without(st.Tags, func(r store.Tag) bool { return r.ResourceID == devID })
		}},
		{ouProd, func(*store.State) {}},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			t.Parallel()
			st := s.store(t)
			seed(t, st, fixture())
			update(t, st, func(ctx context.Context, tx store.Tx) error { return tx.DeleteTags(ctx, tt.resource) })
			want := fixture()
			tt.want(want)
			checkState(t, load(t, st), want, 2)
		})
	}
}

// testDeleteOrganization checks that DeleteOrganization keeps settings,
// credentials, standalone accounts, stacks, and the chat data, compliance history
// and registered IAM roles and managed policies that belong to accounts
// (handshakes go with the organization), and that an organization can be
// created afresh after.
func testDeleteOrganization(t *testing.T, s suite) {
	st := s.store(t)
	hist := complianceFixture()
	seedAll(t, st, fixture(), hist)
	update(t, st, func(ctx context.Context, tx store.Tx) error { return tx.DeleteOrganization(ctx) })
	f := fixture()
	kept := func() *store.State {
		return withLastIDs(&store.State{Settings: f.Settings, Credentials: f.Credentials,
			ChatConfigurations: f.ChatConfigurations, SlackChannels: f.SlackChannels, TeamsTeams: f.TeamsTeams,
			Preferences: f.Preferences, UserIdentities: f.UserIdentities,
			RolePermissions: f.RolePermissions, ManagedPolicies: f.ManagedPolicies, StandaloneAccounts: f.StandaloneAccounts, Stacks: f.Stacks}, hist)
	}
	checkState(t, load(t, st), kept(), 2)
	checkCompliance(t, st, hist)

	seed(t, st, &store.State{Organization: f.Organization, Policies: f.Policies[:1], Attachments: f.Attachments[:1]})
	want := kept()
	want.Organization, want.Policies, want.Attachments = f.Organization, f.Policies[:1], f.Attachments[:1]
	checkState(t, load(t, st), want, 3)
}

// testDeleteExpiredCredentials checks which credentials count as expired
// before a given time: only temporary ones, strictly before it.
func testDeleteExpiredCredentials(t *testing.T, s suite) {
	now := at(100)
	creds := []store.Credential{
		{AccessKeyID: "AKIALONGTERM", SecretAccessKey: "s", AccountID: mgmtID, PrincipalARN: "arn:aws:iam::111111111111:root"},
		{AccessKeyID: "ASIALONGAGO", SecretAccessKey: "s", SessionToken: "t", AccountID: devID, PrincipalARN: "arn:aws:sts::222222222222:assumed-role/R/a", ExpiresAt: at(1)},
		{AccessKeyID: "ASIAJUSTBEFORE", SecretAccessKey: "s", SessionToken: "t", AccountID: devID, PrincipalARN: "arn:aws:sts::222222222222:assumed-role/R/b", ExpiresAt: now.Add(-time.Microsecond)},
		{AccessKeyID: "ASIAATNOW", SecretAccessKey: "s", SessionToken: "t", AccountID: devID, PrincipalARN: "arn:aws:sts::222222222222:assumed-role/R/c", ExpiresAt: now},
		{AccessKeyID: "ASIALATER", SecretAccessKey: "s", SessionToken: "t", AccountID: devID, PrincipalARN: "arn:aws:sts::222222222222:assumed-role/R/d", ExpiresAt: at(200)},
	}
	tests := []struct {
		name   string
		before time.Time
		gone   []string
	}{
		{"Now", now, []string{"ASIALONGAGO", "ASIAJUSTBEFORE"}},
		{"NowInAnotherZone", now.In(time.FixedZone("UTC-7", -7*3600)), []string{"ASIALONGAGO", "ASIAJUSTBEFORE"}},
		{"JustAfterNow", now.Add(time.Microsecond), []string{"ASIALONGAGO", "ASIAJUSTBEFORE", "ASIAATNOW"}},
		{"FarFuture", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), []string{"ASIALONGAGO", "ASIAJUSTBEFORE", "ASIAATNOW", "ASIALATER"}},
		{"BeforeAll", at(0), nil},
		{"ZeroTime", time.Time{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := s.store(t)
			seed(t, st, &store.State{Credentials: creds})
			var n, again int
			update(t, st, func(ctx context.Context, tx store.Tx) (err error) {
				n, err = tx.DeleteExpiredCredentials(ctx, tt.before)
				if err != nil {
					return err
				}
				again, err = tx.DeleteExpiredCredentials(ctx, tt.before)
				return err
			})
			if n != len(tt.gone) || again != 0 {
				t.Errorf("DeleteExpiredCredentials removed %d, then %d; want %d, then 0", n, again, len(tt.gone))
			}
			want := &store.State{Credentials: without(creds, func(c store.Credential) bool { return slices.Contains(tt.gone, c.AccessKeyID) })}
			checkState(t, load(t, st), want, 2)
		})
	}
}

// testErrors checks the errors of Deletes, Detach, Attach, PutUserIdentity
// and the compliance writes, that they change nothing (a bulk write
// nothing of its batch), and that the transaction goes on after them:
// chatgov may look at ErrNotFound or ErrConflict and carry on in the same
// Update.
func testErrors(t *testing.T, s suite) {
	tests := []struct {
		name    string
		noOrg   bool
		op      func(context.Context, store.Tx) error
		want    error
		mention []string // what the error's text must name
	}{
		{"DeleteOrganization/None", true, func(ctx context.Context, tx store.Tx) error { return tx.DeleteOrganization(ctx) }, store.ErrNotFound, nil},
		{"DeletePolicyType", false, func(ctx context.Context, tx store.Tx) error { return tx.DeletePolicyType(ctx, "TAG_POLICY") }, store.ErrNotFound, []string{"TAG_POLICY"}},
		{"DeleteOU", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteOU(ctx, "ou-ab12-99999999") }, store.ErrNotFound, []string{"ou-ab12-99999999"}},
		{"DeleteAccount", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteAccount(ctx, "999999999999") }, store.ErrNotFound, []string{"999999999999"}},
		{"DeletePolicy", false, func(ctx context.Context, tx store.Tx) error { return tx.DeletePolicy(ctx, "p-missing") }, store.ErrNotFound, []string{"p-missing"}},
		{"DeletePolicy/Attached", false, func(ctx context.Context, tx store.Tx) error { return tx.DeletePolicy(ctx, chatID) }, store.ErrConflict, []string{chatID}},
		{"Attach/Duplicate", false, func(ctx context.Context, tx store.Tx) error {
			return tx.Attach(ctx, store.Attachment{PolicyID: scpID, TargetID: devID, Seq: 99})
		}, store.ErrConflict, []string{scpID, devID}},
		{"Attach/MissingPolicy", false, func(ctx context.Context, tx store.Tx) error {
			return tx.Attach(ctx, store.Attachment{PolicyID: "p-missing", TargetID: devID, Seq: 99})
		}, store.ErrNotFound, []string{"p-missing"}},
		// The pairs below exist only crosswise: a driver that matched on
		// one column would find them.
		{"Detach/OtherTarget", false, func(ctx context.Context, tx store.Tx) error { return tx.Detach(ctx, chatID, devID) }, store.ErrNotFound, []string{chatID, devID}},
		{"Detach/OtherPolicy", false, func(ctx context.Context, tx store.Tx) error { return tx.Detach(ctx, spareID, rootID) }, store.ErrNotFound, []string{spareID, rootID}},
		{"DeleteTag/OtherKey", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteTag(ctx, ouProd, "env") }, store.ErrNotFound, []string{ouProd, "env"}},
		{"DeleteTag/KeyCase", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteTag(ctx, devID, "ENV") }, store.ErrNotFound, []string{devID, "ENV"}},
		{"DeleteDelegatedAdmin", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteDelegatedAdmin(ctx, devID, ssoSP) }, store.ErrNotFound, []string{devID, ssoSP}},
		{"DeleteServiceAccess", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteServiceAccess(ctx, "ram.amazonaws.com") }, store.ErrNotFound, []string{"ram.amazonaws.com"}},
		{"DeleteCredential", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteCredential(ctx, "AKIAMISSING") }, store.ErrNotFound, []string{"AKIAMISSING"}},
		{"DeleteChatConfiguration", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteChatConfiguration(ctx, slackCfg+"x") }, store.ErrNotFound, []string{slackCfg + "x"}},
		{"DeleteChatConfiguration/Prefix", false, func(ctx context.Context, tx store.Tx) error {
			return tx.DeleteChatConfiguration(ctx, slackCfg[:len(slackCfg)-1])
		}, store.ErrNotFound, []string{slackCfg[:len(slackCfg)-1]}},
		{"DeleteSlackChannel/OtherTeam", false, func(ctx context.Context, tx store.Tx) error {
			return tx.DeleteSlackChannel(ctx, "T0999OTHER", slackChan)
		}, store.ErrNotFound, []string{"T0999OTHER", slackChan}},
		{"DeleteSlackChannel/OtherChannel", false, func(ctx context.Context, tx store.Tx) error {
			return tx.DeleteSlackChannel(ctx, slackTeam, "C0000NONE")
		}, store.ErrNotFound, []string{slackTeam, "C0000NONE"}},
		{"DeleteTeamsTeam", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteTeamsTeam(ctx, tenantID) }, store.ErrNotFound, []string{tenantID}},
		{"DeleteUserIdentity/OtherConfiguration", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteUserIdentity(ctx, teamsCfg, "U0001") }, store.ErrNotFound, []string{teamsCfg, "U0001"}},
		{"DeleteUserIdentity/OtherUser", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteUserIdentity(ctx, slackCfg, "29:1aBcD") }, store.ErrNotFound, []string{slackCfg, "29:1aBcD"}},
		{"PutUserIdentity/MissingConfiguration", false, func(ctx context.Context, tx store.Tx) error {
			return tx.PutUserIdentity(ctx, store.UserIdentity{ConfigurationARN: chimeCfg + "-gone", ChatUserID: "U0001", TeamID: slackTeam})
		}, store.ErrNotFound, []string{chimeCfg + "-gone"}},
		{"DeleteRolePermissions", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteRolePermissions(ctx, roleOps+"x") }, store.ErrNotFound, []string{roleOps + "x"}},
		{"DeleteRolePermissions/Prefix", false, func(ctx context.Context, tx store.Tx) error {
			return tx.DeleteRolePermissions(ctx, roleOps[:len(roleOps)-1])
		}, store.ErrNotFound, []string{roleOps[:len(roleOps)-1]}},
		// A registered managed policy is not a role, and the other way round.
		{"DeleteRolePermissions/PolicyARN", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteRolePermissions(ctx, denyPolicy) }, store.ErrNotFound, []string{denyPolicy}},
		{"DeleteManagedPolicy", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteManagedPolicy(ctx, readOnly) }, store.ErrNotFound, []string{readOnly}},
		{"DeleteManagedPolicy/Case", false, func(ctx context.Context, tx store.Tx) error {
			return tx.DeleteManagedPolicy(ctx, strings.ToLower(denyPolicy))
		}, store.ErrNotFound, []string{strings.ToLower(denyPolicy)}},
		{"DeleteManagedPolicy/RoleARN", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteManagedPolicy(ctx, roleOps) }, store.ErrNotFound, []string{roleOps}},
		{"DeleteHandshake", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteHandshake(ctx, "h-missing0") }, store.ErrNotFound, []string{"h-missing0"}},
		// A standalone account's ID is not a member's, and the other way round.
		{"DeleteStandaloneAccount/MemberID", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteStandaloneAccount(ctx, devID) }, store.ErrNotFound, []string{devID}},
		{"DeleteAccount/StandaloneID", false, func(ctx context.Context, tx store.Tx) error { return tx.DeleteAccount(ctx, soloID) }, store.ErrNotFound, []string{soloID}},
		{"AddComplianceCause/Taken", false, func(ctx context.Context, tx store.Tx) error {
			return tx.AddComplianceCause(ctx, store.ComplianceCause{ID: 20, Time: at(900), Operation: "again"})
		}, store.ErrConflict, []string{"20"}},
		// The failing event comes after a few hundred good ones, so that a
		// driver writing in batches has written some before it fails.
		{"AddComplianceEvents/TakenID", false, func(ctx context.Context, tx store.Tx) error {
			return tx.AddComplianceEvents(ctx, newEvents(1000, 300, 150, func(e *store.ComplianceEvent) { e.ID = 107 }))
		}, store.ErrConflict, nil},
		{"AddComplianceEvents/TakenLastID", false, func(ctx context.Context, tx store.Tx) error {
			return tx.AddComplianceEvents(ctx, newEvents(1000, 300, 299, func(e *store.ComplianceEvent) { e.ID = 112 }))
		}, store.ErrConflict, nil},
		{"AddComplianceEvents/RepeatedID", false, func(ctx context.Context, tx store.Tx) error {
			return tx.AddComplianceEvents(ctx, newEvents(1000, 300, 250, func(e *store.ComplianceEvent) { e.ID = 1010 }))
		}, store.ErrConflict, nil},
		{"AddComplianceEvents/MissingCause", false, func(ctx context.Context, tx store.Tx) error {
			return tx.AddComplianceEvents(ctx, newEvents(1000, 300, 299, func(e *store.ComplianceEvent) { e.CauseID = 99 }))
		}, store.ErrNotFound, []string{"99"}},
		{"AddComplianceEvents/MissingCauseFirst", false, func(ctx context.Context, tx store.Tx) error {
			return tx.AddComplianceEvents(ctx, newEvents(1000, 1, 0, func(e *store.ComplianceEvent) { e.CauseID = 11 }))
		}, store.ErrNotFound, []string{"11"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := s.store(t)
			f := fixture()
			if tt.noOrg {
				f.Organization = nil
			}
			hist := complianceFixture()
			seedAll(t, st, f, hist)
			update(t, st, func(ctx context.Context, tx store.Tx) error {
				err := tt.op(ctx, tx)
				if !errors.Is(err, tt.want) {
					t.Errorf("error = %v, want %v", err, tt.want)
				}
				if other := map[error]error{store.ErrNotFound: store.ErrConflict, store.ErrConflict: store.ErrNotFound}[tt.want]; errors.Is(err, other) {
					t.Errorf("error %v is also %v", err, other)
				}
				for _, m := range tt.mention {
					if err != nil && !strings.Contains(err.Error(), m) {
						t.Errorf("error %q does not name %q", err, m)
					}
				}
				return tx.PutSetting(ctx, "after", "error")
			})
			f.Settings["after"] = "error"
			checkState(t, load(t, st), withLastIDs(f, hist), 2)
			checkCompliance(t, st, hist)
		})
	}
}

// newEvents returns n events of cause 10 with IDs from first, the one at
// index bad changed by change.
func newEvents(first int64, n, bad int, change func(*store.ComplianceEvent)) []store.ComplianceEvent {
	es := make([]store.ComplianceEvent, n)
	for i := range es {
		es[i] = store.ComplianceEvent{ID: first + int64(i), CauseID: 10, Time: at(500), ConfigurationARN: cfgA1, AccountID: mgmtID,
			Platform: store.PlatformSlack, OldState: "ENABLED", NewState: "DISABLED", Reason: "r"}
	}
	change(&es[bad])
	return es
}
