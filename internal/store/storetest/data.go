package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/store"
)

// testLoadEmpty checks that a new store loads as revision 0 with no
// organization and non-nil, empty collections, so that callers can range and
// index without nil checks.
func testLoadEmpty(t *testing.T, s suite) {
	got := load(t, s.store(t))
	checkState(t, got, &store.State{}, 0)
	if got.Organization != nil {
		t.Errorf("Organization = %+v, want nil", got.Organization)
	}
	for name, isNil := range map[string]bool{
		"Settings":        got.Settings == nil,
		"PolicyTypes":     got.PolicyTypes == nil,
		"OUs":             got.OUs == nil,
		"Accounts":        got.Accounts == nil,
		"CreateStatuses":  got.CreateStatuses == nil,
		"Policies":        got.Policies == nil,
		"Attachments":     got.Attachments == nil,
		"Tags":            got.Tags == nil,
		"DelegatedAdmins": got.DelegatedAdmins == nil,
		"ServiceAccess":   got.ServiceAccess == nil,
		"Credentials":     got.Credentials == nil,

		"ChatConfigurations": got.ChatConfigurations == nil,
		"SlackChannels":      got.SlackChannels == nil,
		"TeamsTeams":         got.TeamsTeams == nil,
		"Preferences":        got.Preferences == nil,
		"UserIdentities":     got.UserIdentities == nil,

		"RolePermissions": got.RolePermissions == nil,
		"ManagedPolicies": got.ManagedPolicies == nil,

		"Handshakes":         got.Handshakes == nil,
		"StandaloneAccounts": got.StandaloneAccounts == nil,

		"SigningSecrets":   got.SigningSecrets == nil,
		"CustomActions":    got.CustomActions == nil,
		"ChatAssociations": got.ChatAssociations == nil,
		"Stacks":           got.Stacks == nil,
	} {
		if isNil {
			t.Errorf("%s is nil, want empty", name)
		}
	}
	if rs := events(t, s.store(t), store.ComplianceQuery{}); rs == nil || len(rs) != 0 {
		t.Errorf("ComplianceEvents = %#v, want an empty slice", rs)
	}
}

// testRoundTrip checks that every field of every record comes back as
// written.
func testRoundTrip(t *testing.T, s suite) {
	st := s.store(t)
	seed(t, st, fixture())
	checkState(t, load(t, st), fixture(), 1)
}

// testAttachmentOrder checks that attachments load ordered by Seq, which is
// neither the order they were written in nor the order of their keys, and
// that a re-attached policy takes its new place.
func testAttachmentOrder(t *testing.T, s suite) {
	st := s.store(t)
	f := fixture()
	seed(t, st, &store.State{Policies: f.Policies})
	attach := func(as ...store.Attachment) {
		t.Helper()
		update(t, st, func(ctx context.Context, tx store.Tx) error {
			for _, a := range as {
				if err := tx.Attach(ctx, a); err != nil {
					return err
				}
			}
			return nil
		})
	}
	attach(
		store.Attachment{PolicyID: spareID, TargetID: rootID, Seq: 5},
		store.Attachment{PolicyID: scpID, TargetID: ouProd, Seq: 2},
		store.Attachment{PolicyID: chatID, TargetID: rootID, Seq: 9},
	)
	attach(
		store.Attachment{PolicyID: scpID, TargetID: rootID, Seq: 1},
		store.Attachment{PolicyID: chatID, TargetID: ouProd, Seq: 3},
	)
	update(t, st, func(ctx context.Context, tx store.Tx) error {
		if err := tx.Detach(ctx, scpID, rootID); err != nil {
			return err
		}
		return tx.Attach(ctx, store.Attachment{PolicyID: scpID, TargetID: rootID, Seq: 10})
	})
	want := []store.Attachment{
		{PolicyID: scpID, TargetID: ouProd, Seq: 2},
		{PolicyID: chatID, TargetID: ouProd, Seq: 3},
		{PolicyID: spareID, TargetID: rootID, Seq: 5},
		{PolicyID: chatID, TargetID: rootID, Seq: 9},
		{PolicyID: scpID, TargetID: rootID, Seq: 10},
	}
	if diff := cmp.Diff(want, load(t, st).Attachments); diff != "" {
		t.Errorf("Attachments (-want +got):\n%s", diff)
	}
}

// testTimes checks, for every time field, that times keep microsecond
// precision, load in UTC, and that the zero time stays zero (and the Unix
// epoch stays the epoch). The inputs' sub-microsecond parts are under half
// a microsecond, so that truncating and rounding agree.
func testTimes(t *testing.T, s suite) {
	tests := []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"Zero", time.Time{}, time.Time{}},
		{"UnixEpoch", time.Unix(0, 0), time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"UTC", time.Date(2024, 2, 29, 23, 59, 59, 999999321, time.UTC), time.Date(2024, 2, 29, 23, 59, 59, 999999000, time.UTC)},
		{"OtherZone", time.Date(2025, 3, 30, 1, 30, 0, 42321, time.FixedZone("IST", 5*3600+1800)), time.Date(2025, 3, 29, 20, 0, 0, 42000, time.UTC)},
		{"Local", time.Date(2023, 11, 5, 1, 30, 0, 7000, time.Local), time.Date(2023, 11, 5, 1, 30, 0, 7000, time.Local).UTC()},
		{"Before1970", time.Date(1969, 7, 20, 20, 17, 40, 1400, time.UTC), time.Date(1969, 7, 20, 20, 17, 40, 1000, time.UTC)},
		{"JustBeforeEpoch", time.Date(1969, 12, 31, 23, 59, 59, 999999100, time.UTC), time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC)},
		{"Year1", time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC)},
		{"Year9999", time.Date(9999, 12, 31, 23, 59, 59, 999999499, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := s.store(t)
			hist := Compliance{
				Causes: []store.ComplianceCause{{ID: 1, Time: tt.in, Operation: "op"}},
				Events: []store.ComplianceEvent{{ID: 1, CauseID: 1, Time: tt.in, ConfigurationARN: slackCfg, AccountID: devID}},
			}
			seedAll(t, st, withTimes(tt.in), hist)
			got := load(t, st)
			rs := events(t, st, store.ComplianceQuery{})
			if len(rs) != 1 {
				t.Fatalf("ComplianceEvents returned %d events, want 1", len(rs))
			}
			fields := timeFields(got)
			fields["ComplianceRecord.Time"] = rs[0].Time
			fields["ComplianceRecord.Cause.Time"] = rs[0].Cause.Time
			if want := len(timeFields(withTimes(tt.in))) + 2; len(fields) != want {
				t.Fatalf("loaded %d time fields, want %d: %+v", len(fields), want, got)
			}
			for name, tm := range fields {
				if !tm.Equal(tt.want) {
					t.Errorf("%s = %v, want %v", name, tm, tt.want)
				}
				if tm.Location() != time.UTC {
					t.Errorf("%s is in %v, want UTC", name, tm.Location())
				}
				if tm.IsZero() != tt.want.IsZero() {
					t.Errorf("%s.IsZero() = %v, want %v", name, tm.IsZero(), tt.want.IsZero())
				}
			}
		})
	}
}

// withTimes returns one record of each kind that has a time, every time
// field set to tm.
func withTimes(tm time.Time) *store.State {
	return &store.State{
		Organization:   &store.Organization{ID: "o-abcdef1234", RootID: rootID, CreatedAt: tm},
		OUs:            []store.OU{{ID: ouProd, ParentID: rootID, CreatedAt: tm}},
		Accounts:       []store.Account{{ID: devID, ParentID: rootID, JoinedAt: tm, ClosedAt: tm}},
		CreateStatuses: []store.CreateAccountStatus{{ID: "car-1", RequestedAt: tm, CompletedAt: tm}},
		Policies:       []store.Policy{{ID: scpID, CreatedAt: tm, UpdatedAt: tm}},
		DelegatedAdmins: []store.DelegatedAdmin{
			{AccountID: devID, ServicePrincipal: chatbotSP, EnabledAt: tm},
		},
		ServiceAccess: []store.ServiceAccess{{ServicePrincipal: chatbotSP, EnabledAt: tm}},
		Credentials:   []store.Credential{{AccessKeyID: tempKey, SessionToken: "t", ExpiresAt: tm}},
		ChatConfigurations: []store.ChatConfiguration{
			{ARN: slackCfg, AccountID: devID, Platform: store.PlatformSlack, CreatedAt: tm, UpdatedAt: tm},
		},
		SlackChannels:      []store.SlackChannel{{TeamID: slackTeam, ChannelID: slackChan, UpdatedAt: tm}},
		TeamsTeams:         []store.TeamsTeam{{TeamID: teamsTeam, UpdatedAt: tm}},
		UserIdentities:     []store.UserIdentity{{ConfigurationARN: slackCfg, ChatUserID: "U0001", CreatedAt: tm}},
		RolePermissions:    []store.RolePermissions{{RoleARN: roleOps, AccountID: devID, UpdatedAt: tm}},
		ManagedPolicies:    []store.ManagedPolicy{{ARN: denyPolicy, AccountID: devID, UpdatedAt: tm}},
		Handshakes:         []store.Handshake{{ID: inviteID, RequestedAt: tm, ExpiresAt: tm, UpdatedAt: tm}},
		StandaloneAccounts: []store.StandaloneAccount{{ID: soloID, CreatedAt: tm, ClosedAt: tm}},
		Stacks:             []store.Stack{{ID: stackID, UpdatedAt: tm}},
	}
}

// timeFields names every time in st.
func timeFields(st *store.State) map[string]time.Time {
	m := map[string]time.Time{}
	if o := st.Organization; o != nil {
		m["Organization.CreatedAt"] = o.CreatedAt
	}
	for i, r := range st.OUs {
		m[fmt.Sprintf("OUs[%d].CreatedAt", i)] = r.CreatedAt
	}
	for i, r := range st.Accounts {
		m[fmt.Sprintf("Accounts[%d].JoinedAt", i)] = r.JoinedAt
		m[fmt.Sprintf("Accounts[%d].ClosedAt", i)] = r.ClosedAt
	}
	for i, r := range st.CreateStatuses {
		m[fmt.Sprintf("CreateStatuses[%d].RequestedAt", i)] = r.RequestedAt
		m[fmt.Sprintf("CreateStatuses[%d].CompletedAt", i)] = r.CompletedAt
	}
	for i, r := range st.Policies {
		m[fmt.Sprintf("Policies[%d].CreatedAt", i)] = r.CreatedAt
		m[fmt.Sprintf("Policies[%d].UpdatedAt", i)] = r.UpdatedAt
	}
	for i, r := range st.DelegatedAdmins {
		m[fmt.Sprintf("DelegatedAdmins[%d].EnabledAt", i)] = r.EnabledAt
	}
	for i, r := range st.ServiceAccess {
		m[fmt.Sprintf("ServiceAccess[%d].EnabledAt", i)] = r.EnabledAt
	}
	for i, r := range st.Credentials {
		m[fmt.Sprintf("Credentials[%d].ExpiresAt", i)] = r.ExpiresAt
	}
	for i, r := range st.ChatConfigurations {
		m[fmt.Sprintf("ChatConfigurations[%d].CreatedAt", i)] = r.CreatedAt
		m[fmt.Sprintf("ChatConfigurations[%d].UpdatedAt", i)] = r.UpdatedAt
	}
	for i, r := range st.SlackChannels {
		m[fmt.Sprintf("SlackChannels[%d].UpdatedAt", i)] = r.UpdatedAt
	}
	for i, r := range st.TeamsTeams {
		m[fmt.Sprintf("TeamsTeams[%d].UpdatedAt", i)] = r.UpdatedAt
	}
	for i, r := range st.UserIdentities {
		m[fmt.Sprintf("UserIdentities[%d].CreatedAt", i)] = r.CreatedAt
	}
	for i, r := range st.RolePermissions {
		m[fmt.Sprintf("RolePermissions[%d].UpdatedAt", i)] = r.UpdatedAt
	}
	for i, r := range st.ManagedPolicies {
		m[fmt.Sprintf("ManagedPolicies[%d].UpdatedAt", i)] = r.UpdatedAt
	}
	for i, r := range st.Handshakes {
		m[fmt.Sprintf("Handshakes[%d].RequestedAt", i)] = r.RequestedAt
		m[fmt.Sprintf("Handshakes[%d].ExpiresAt", i)] = r.ExpiresAt
		m[fmt.Sprintf("Handshakes[%d].UpdatedAt", i)] = r.UpdatedAt
	}
	for i, r := range st.StandaloneAccounts {
		m[fmt.Sprintf("StandaloneAccounts[%d].CreatedAt", i)] = r.CreatedAt
		m[fmt.Sprintf("StandaloneAccounts[%d].ClosedAt", i)] = r.ClosedAt
	}
	for i, r := range st.Stacks {
		m[fmt.Sprintf("Stacks[%d].UpdatedAt", i)] = r.UpdatedAt
	}
	return m
}

// testLargeUpdate writes 20,000 accounts, as many tags and as many chat
// configurations, and a role and a managed policy for each of a quarter of
// the accounts, in one Update, the shape of an organization import; then
// deletes half the tags, a quarter of the configurations and a fifth of the
// roles and policies in another.
func testLargeUpdate(t *testing.T, s suite) {
	const n = 20000
	st := s.store(t)
	accounts := Accounts(0, n)
	tags := make([]store.Tag, n)
	for i, a := range accounts {
		tags[i] = store.Tag{ResourceID: a.ID, Key: "cost-center", Value: fmt.Sprint(i % 97)}
	}
	configs := ChatConfigurations(0, n, 2)
	roles, policies := rolesAndPolicies(accounts[:n/4])
	seed(t, st, &store.State{Accounts: accounts, Tags: tags, ChatConfigurations: configs, RolePermissions: roles, ManagedPolicies: policies})
	update(t, st, func(ctx context.Context, tx store.Tx) error {
		for i := range n / 20 {
			if err := errors.Join(tx.DeleteRolePermissions(ctx, roles[i].RoleARN), tx.DeleteManagedPolicy(ctx, policies[i].ARN)); err != nil {
				return err
			}
		}
		for _, a := range accounts[:n/2] {
			if err := tx.DeleteTags(ctx, a.ID); err != nil {
				return err
			}
		}
		for _, c := range configs[:n/4] {
			if err := tx.DeleteChatConfiguration(ctx, c.ARN); err != nil {
				return err
			}
		}
		return nil
	})
	checkState(t, load(t, st), &store.State{Accounts: accounts, Tags: tags[n/2:], ChatConfigurations: configs[n/4:],
		RolePermissions: roles[n/20:], ManagedPolicies: policies[n/20:]}, 2)
}

// testReopen checks that committed data, and only committed data, outlives
// Close, the compliance history included, and that the revision goes on
// from where it was.
func testReopen(t *testing.T, s suite) {
	first := s.store(t)
	hist := complianceFixture()
	seedAll(t, first, fixture(), hist)
	update(t, first, func(ctx context.Context, tx store.Tx) error { return tx.DeleteTags(ctx, devID) })
	lost := Compliance{
		Causes: []store.ComplianceCause{{ID: 500, Operation: "lost"}},
		Events: []store.ComplianceEvent{{ID: 500, CauseID: 500, AccountID: devID}},
	}
	runUpdate(t, first, fail, func(ctx context.Context, tx store.Tx) error {
		return errors.Join(tx.PutSetting(ctx, "lost", "x"), addCompliance(ctx, tx, lost))
	})
	if err := first.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	want := withLastIDs(fixture(), hist)
	want.Tags = without(want.Tags, func(r store.Tag) bool { return r.ResourceID == devID })

	second := s.store(t)
	checkState(t, load(t, second), want, 2)
	checkCompliance(t, second, hist)
	more := Compliance{
		Causes: []store.ComplianceCause{{ID: 21, Time: at(400), Operation: "DetachPolicy", CallerARN: "arn:aws:iam::111111111111:root"}},
		Events: []store.ComplianceEvent{{ID: 113, CauseID: 21, Time: at(400), ConfigurationARN: cfgB1, AccountID: devID, Platform: store.PlatformSlack}},
	}
	update(t, second, func(ctx context.Context, tx store.Tx) error {
		return errors.Join(tx.PutSetting(ctx, "reopened", "yes"), addCompliance(ctx, tx, more))
	})
	if err := second.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	want.Settings["reopened"] = "yes"
	hist.Causes = append(hist.Causes, more.Causes...)
	hist.Events = append(hist.Events, more.Events...)
	third := s.store(t)
	checkState(t, load(t, third), withLastIDs(want, hist), 3)
	checkCompliance(t, third, hist)
}
