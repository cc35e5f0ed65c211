package gov_test

import (
	"context"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
)

// TestInvitationTransitions follows an invitation through the answers its
// parties give, and its expiry: who may answer it, and which state allows
// which answer.
func TestInvitationTransitions(t *testing.T) {
	t.Parallel()
	const invited = "222222222222"
	guest := rootOf(invited)
	type step struct {
		who  gov.Caller
		op   string // accept, decline, cancel, or wait (15 days)
		want wantErr
	}
	state := alreadyExists(gov.ResHandshakeState)
	transition := wantErr{kind: gov.Constraint, resource: gov.ResHandshakeTransition}
	denied := kind(gov.AccessDenied, "")
	tests := []struct {
		name  string
		steps []step
		final string
	}{
		{"accepted", []step{{guest, "accept", ok}, {guest, "accept", state}, {guest, "decline", transition}, {mgmt, "cancel", transition}},
			gov.HandshakeAccepted},
		{"declined", []step{{guest, "decline", ok}, {guest, "decline", state}, {guest, "accept", transition}, {mgmt, "cancel", transition}},
			gov.HandshakeDeclined},
		{"canceled", []step{{mgmt, "cancel", ok}, {mgmt, "cancel", state}, {guest, "accept", transition}}, gov.HandshakeCanceled},
		{"expired", []step{{mgmt, "wait", ok}, {guest, "accept", transition}, {guest, "decline", transition}, {mgmt, "cancel", transition}},
			gov.HandshakeExpired},
		{"the sender does not answer", []step{{mgmt, "accept", denied}, {mgmt, "decline", denied}}, gov.HandshakeOpen},
		{"the recipient does not cancel", []step{{guest, "cancel", denied}}, gov.HandshakeOpen},
		{"nobody else sees it", []step{{rootOf("333333333333"), "accept", notFound(gov.ResHandshake)},
			{rootOf("333333333333"), "decline", notFound(gov.ResHandshake)}}, gov.HandshakeOpen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, false)
			f.org(gov.FeatureSetAll)
			ctx := context.Background()
			h, err := f.svc.InviteAccountToOrganization(ctx, mgmt, gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyAccount, ID: invited}})
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range tt.steps {
				var err error
				switch s.op {
				case "accept":
					_, err = f.svc.AcceptHandshake(ctx, s.who, h.ID)
				case "decline":
					_, err = f.svc.DeclineHandshake(ctx, s.who, h.ID)
				case "cancel":
					_, err = f.svc.CancelHandshake(ctx, s.who, h.ID)
				case "wait":
					f.clock.advance(gov.InviteLifetime)
				}
				t.Logf("step %d: %s by %s: %v", i, s.op, s.who.AccountID, err)
				s.want.check(t, err)
			}
			got, err := f.svc.DescribeHandshake(mgmt, h.ID)
			if err != nil || got.State != tt.final {
				t.Errorf("final state %s (%v), want %s", got.State, err, tt.final)
			}
			_, member := f.svc.DescribeAccount(mgmt, invited)
			if joined := member == nil; joined != (tt.final == gov.HandshakeAccepted) {
				t.Errorf("the invited account is a member: %v", joined)
			}
		})
	}
}

// TestHandshakeFilters checks the filters of the handshake lists.
func TestHandshakeFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	if _, err := f.svc.InviteAccountToOrganization(context.Background(), mgmt,
		gov.InviteInput{Target: &gov.HandshakeParty{Type: gov.PartyEmail, ID: "guest@example.com"}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		filter gov.HandshakeFilter
		want   wantErr
		count  int
	}{
		{"none", gov.HandshakeFilter{}, ok, 1},
		{"invitations", gov.HandshakeFilter{ActionType: gov.ActionInvite}, ok, 1},
		{"approvals", gov.HandshakeFilter{ActionType: gov.ActionApproveAllFeatures}, ok, 0},
		{"an unknown action", gov.HandshakeFilter{ActionType: "JOIN"}, invalid(gov.ReasonInvalidEnum), 0},
		{"both", gov.HandshakeFilter{ActionType: gov.ActionInvite, ParentHandshakeID: "h-0000000000"}, invalid(gov.ReasonFilterLimit), 0},
		{"a malformed parent", gov.HandshakeFilter{ParentHandshakeID: "h-1"}, invalid(gov.ReasonInvalidPattern), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := f.svc.ListHandshakesForOrganization(mgmt, tt.filter, "", 0)
			tt.want.check(t, err)
			if len(p.Items) != tt.count {
				t.Errorf("%d handshakes, want %d", len(p.Items), tt.count)
			}
		})
	}
}
