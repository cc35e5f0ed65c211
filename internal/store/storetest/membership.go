package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chatgov/chatgov/internal/store"
)

// Identifiers of the membership fixture.
const (
	inviteID  = "h-0123456789abcdef0123456789abcdef"
	enableID  = "h-fedcba9876543210fedcba9876543210"
	approveID = "h-aaaabbbbccccddddeeeeffff00001111"
	soloID    = "333333333333"
	closedID  = "444444444444"
)

// handshakeFixture returns an invitation (nested resources, notes, tags),
// a request to enable all features, and a member's approval of it, every
// field set.
func handshakeFixture() []store.Handshake {
	return []store.Handshake{
		{ID: inviteID, Action: "INVITE", State: "OPEN",
			Parties: []store.HandshakeParty{{Type: "ORGANIZATION", ID: "o-abcdef1234"}, {Type: "EMAIL", ID: "juan@example.com"}},
			Resources: []store.HandshakeResource{
				{Type: "ORGANIZATION", Value: "o-abcdef1234", Resources: []store.HandshakeResource{
					{Type: "MASTER_EMAIL", Value: "mgmt@example.com"}, {Type: "MASTER_NAME", Value: "management"},
					{Type: "ORGANIZATION_FEATURE_SET", Value: "FULL"}}},
				{Type: "EMAIL", Value: "juan@example.com"},
				{Type: "NOTES", Value: "Join us, \"Juan\" ✓\nsecond line"},
			},
			Tags:        map[string]string{"team": "payments", "empty": ""},
			RequestedAt: at(40), ExpiresAt: at(41), UpdatedAt: at(42)},
		{ID: enableID, Action: "ENABLE_ALL_FEATURES", State: "REQUESTED",
			Parties:     []store.HandshakeParty{{Type: "ORGANIZATION", ID: "o-abcdef1234"}},
			Resources:   []store.HandshakeResource{{Type: "ORGANIZATION", Value: "o-abcdef1234"}},
			RequestedAt: at(43), ExpiresAt: at(44), UpdatedAt: at(43)},
		{ID: approveID, Action: "APPROVE_ALL_FEATURES", State: "ACCEPTED", ParentID: enableID,
			Parties: []store.HandshakeParty{{Type: "ORGANIZATION", ID: "o-abcdef1234"}, {Type: "ACCOUNT", ID: devID}},
			Resources: []store.HandshakeResource{{Type: "PARENT_HANDSHAKE", Value: enableID},
				{Type: "ORGANIZATION", Value: "o-abcdef1234"}, {Type: "ACCOUNT", Value: devID}},
			RequestedAt: at(43), ExpiresAt: at(44), UpdatedAt: at(45)},
	}
}

// standaloneFixture returns an account that kept its access role, and a
// closed one.
func standaloneFixture() []store.StandaloneAccount {
	return []store.StandaloneAccount{
		{ID: soloID, Name: "solo ✓", Email: "solo@example.com", Status: "ACTIVE", RoleName: "OrganizationAccountAccessRole", CreatedAt: at(46)},
		{ID: closedID, Name: "closed", Email: "closed@example.com", Status: "SUSPENDED", CreatedAt: at(47), ClosedAt: at(48)},
	}
}

// testHandshakeJSON checks that a handshake's parties, nested resources and
// tags come back exactly as written whatever their strings hold, in the
// order given; that nil and empty lists load alike, as empty (not nil), at
// every level of nesting, both when first written and when a Put replaces
// non-empty ones; and that a caller may reuse its slices once Put returns,
// even if the driver has not sent the row yet.
func testHandshakeJSON(t *testing.T, s suite) {
	deep := []store.HandshakeResource{{Type: "LEAF", Value: "x"}}
	for i := range 8 {
		deep = []store.HandshakeResource{{Type: fmt.Sprint("LEVEL", i), Value: fmt.Sprint(i), Resources: deep}}
	}
	long := strings.Repeat(`"\ ✓`, 5000)
	tests := []struct {
		name      string
		parties   []store.HandshakeParty
		resources []store.HandshakeResource
		tags      map[string]string
	}{
		{name: "Nil"},
		{name: "Empty", parties: []store.HandshakeParty{}, resources: []store.HandshakeResource{}, tags: map[string]string{}},
		{name: "NestedEmpty", resources: []store.HandshakeResource{{Type: "ORGANIZATION", Value: "o-1", Resources: []store.HandshakeResource{}}}},
		{name: "Order", parties: []store.HandshakeParty{{Type: "EMAIL", ID: "z@example.com"}, {Type: "ACCOUNT", ID: "111111111111"}, {Type: "ORGANIZATION", ID: "o-a"}},
			resources: []store.HandshakeResource{{Type: "NOTES", Value: "b"}, {Type: "EMAIL", Value: "a"}}},
		{name: "Delimiters", parties: []store.HandshakeParty{{Type: `","Id":"`, ID: `"}]`}},
			resources: []store.HandshakeResource{{Type: `"},{"Type":"`, Value: `]}`, Resources: []store.HandshakeResource{{Type: `[{`, Value: `\`}}}},
			tags:      map[string]string{`","`: `"}`}},
		{name: "Control", resources: []store.HandshakeResource{{Type: "NOTES", Value: "tab\there\r\n\x00\x01\x1e\x7f"}}},
		{name: "Unicode", parties: []store.HandshakeParty{{Type: "EMAIL", ID: "jüan@exämple.com"}},
			resources: []store.HandshakeResource{{Type: "NOTES", Value: "日本語 🎉 \u2028\u2029\ufeff <script>&amp;</script>"}}, tags: map[string]string{"ключ": "значение"}},
		{name: "Deep", resources: deep},
		{name: "Long", resources: []store.HandshakeResource{{Type: "NOTES", Value: long}}},
	}
	handshake := func(i int, ps []store.HandshakeParty, rs []store.HandshakeResource, tags map[string]string) store.Handshake {
		return store.Handshake{ID: fmt.Sprintf("h-%032d", i), Action: "INVITE", State: "OPEN", Parties: ps, Resources: rs, Tags: tags, RequestedAt: at(i)}
	}
	var hs []store.Handshake
	for i, tt := range tests {
		hs = append(hs, handshake(i, tt.parties, tt.resources, tt.tags))
	}
	// Written over non-empty ones, in a second Update.
	var full []store.Handshake
	for i := range tests {
		full = append(full, handshake(i, handshakeFixture()[0].Parties, handshakeFixture()[0].Resources, handshakeFixture()[0].Tags))
	}
	st := s.store(t)
	seed(t, st, &store.State{Handshakes: full})
	scratch := make([]store.HandshakeParty, 3)
	update(t, st, func(ctx context.Context, tx store.Tx) error {
		for _, h := range hs {
			ps := h.Parties
			if len(ps) > 0 {
				// Put from a buffer the test then scribbles over.
				ps = append(scratch[:0], h.Parties...)
				h.Parties = ps
			}
			if err := tx.PutHandshake(ctx, h); err != nil {
				return err
			}
			for i := range ps {
				ps[i] = store.HandshakeParty{Type: "SCRIBBLED", ID: "x"}
			}
		}
		return nil
	})
	got := load(t, st).Handshakes
	if len(got) != len(tests) {
		t.Fatalf("loaded %d handshakes, want %d", len(got), len(tests))
	}
	byID := map[string]store.Handshake{}
	for _, h := range got {
		byID[h.ID] = h
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := byID[fmt.Sprintf("h-%032d", i)]
			if h.Parties == nil || h.Resources == nil || h.Tags == nil {
				t.Errorf("nil list or map loaded: %+v", h)
			}
			checkEmptyNotNil(t, h.Resources)
			want := handshake(i, tt.parties, tt.resources, tt.tags)
			if diff := gocmp.Diff(want, h, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("handshake (-want +got):\n%s", diff)
			}
		})
	}
}

// checkEmptyNotNil reports a nested resource list that loaded as nil.
func checkEmptyNotNil(t *testing.T, rs []store.HandshakeResource) {
	t.Helper()
	for _, r := range rs {
		if r.Resources == nil {
			t.Errorf("resource %s: nested Resources loaded as nil, want empty", r.Type)
			continue
		}
		checkEmptyNotNil(t, r.Resources)
	}
}

// stackID is a stack of the fixture.
const stackID = "arn:aws:cloudformation:us-east-1:222222222222:stack/chat-governance/0d2f6a40-9c1e-11ef-8c4f-0a1b2c3d4e5f"

// stackFixture returns two stacks: one with a document of every kind of
// character, and a deleted one.
func stackFixture() []store.Stack {
	return []store.Stack{
		{ID: stackID, AccountID: devID, Name: "chat-governance", Status: "CREATE_COMPLETE",
			Document: `{"Template":"{\"Resources\":{}}","Events":[{"Reason":"sécurité \"core\" 日本"}]}`, UpdatedAt: at(49)},
		{ID: stackID + "x", AccountID: mgmtID, Name: "gone", Status: "DELETE_COMPLETE", Document: "{}", UpdatedAt: at(50)},
	}
}
