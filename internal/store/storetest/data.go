package storetest

import (
	"context"
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
	} {
		if isNil {
			t.Errorf("%s is nil, want empty", name)
		}
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
			seed(t, st, withTimes(tt.in))
			got := load(t, st)
			fields := timeFields(got)
			if len(fields) != len(timeFields(withTimes(tt.in))) {
				t.Fatalf("loaded %d time fields, want %d: %+v", len(fields), len(timeFields(withTimes(tt.in))), got)
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
		Accounts:       []store.Account{{ID: devID, ParentID: rootID, JoinedAt: tm}},
		CreateStatuses: []store.CreateAccountStatus{{ID: "car-1", RequestedAt: tm, CompletedAt: tm}},
		Policies:       []store.Policy{{ID: scpID, CreatedAt: tm, UpdatedAt: tm}},
		DelegatedAdmins: []store.DelegatedAdmin{
			{AccountID: devID, ServicePrincipal: chatbotSP, EnabledAt: tm},
		},
		ServiceAccess: []store.ServiceAccess{{ServicePrincipal: chatbotSP, EnabledAt: tm}},
		Credentials:   []store.Credential{{AccessKeyID: tempKey, SessionToken: "t", ExpiresAt: tm}},
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
	return m
}

// testLargeUpdate writes 20,000 accounts and as many tags in one Update, the
// shape of an organization import, then deletes half the tags in another.
func testLargeUpdate(t *testing.T, s suite) {
	const n = 20000
	st := s.store(t)
	accounts := Accounts(0, n)
	tags := make([]store.Tag, n)
	for i, a := range accounts {
		tags[i] = store.Tag{ResourceID: a.ID, Key: "cost-center", Value: fmt.Sprint(i % 97)}
	}
	seed(t, st, &store.State{Accounts: accounts, Tags: tags})
	update(t, st, func(ctx context.Context, tx store.Tx) error {
		for _, a := range accounts[:n/2] {
			if err := tx.DeleteTags(ctx, a.ID); err != nil {
				return err
			}
		}
		return nil
	})
	checkState(t, load(t, st), &store.State{Accounts: accounts, Tags: tags[n/2:]}, 2)
}

// testReopen checks that committed data, and only committed data, outlives
// Close, and that the revision goes on from where it was.
func testReopen(t *testing.T, s suite) {
	first := s.store(t)
	seed(t, first, fixture())
	update(t, first, func(ctx context.Context, tx store.Tx) error { return tx.DeleteTags(ctx, devID) })
	runUpdate(t, first, fail, func(ctx context.Context, tx store.Tx) error { return tx.PutSetting(ctx, "lost", "x") })
	if err := first.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	want := fixture()
	want.Tags = without(want.Tags, func(r store.Tag) bool { return r.ResourceID == devID })

	second := s.store(t)
	checkState(t, load(t, second), want, 2)
	update(t, second, func(ctx context.Context, tx store.Tx) error { return tx.PutSetting(ctx, "reopened", "yes") })
	if err := second.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	want.Settings["reopened"] = "yes"
	checkState(t, load(t, s.store(t)), want, 3)
}
