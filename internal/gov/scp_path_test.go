package gov_test

import (
	"context"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// TestSimulateRequestFollowsSCPChanges checks that the SCP path a simulated
// request is decided against is the current one after every change that
// moves an account or attaches, detaches or edits an SCP above it (the
// paths are kept per model), and for two services read in turn.
func TestSimulateRequestFollowsSCPChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, false)
	f.org("ALL")
	root := f.root()
	prod := f.ou(root, "prod")
	team := f.ou(prod, "team")
	other := f.ou(root, "other")
	member := f.account("member")
	if err := f.svc.MoveAccount(ctx, mgmt, member, root, team); err != nil {
		t.Fatal(err)
	}
	deny := f.policy("deny-s3", policy.ServiceControlPolicy, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`)
	second := newFixture(t, false)
	second.org("ALL")
	levels := func(svc *gov.Service, account string) (allowed bool, n int) {
		t.Helper()
		d, err := svc.SimulateRequest(mgmt, gov.RequestInput{AccountID: account, Action: "s3:GetObject"})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range d.Requests[0].Gates {
			if g.Name == "service-control-policies" {
				n = len(g.Levels)
			}
		}
		return d.Allowed, n
	}
	steps := []struct {
		name    string
		change  func() error
		allowed bool
		levels  int
	}{
		{"in root/prod/team", func() error { return nil }, true, 4},
		{"deny on prod", func() error { return f.svc.AttachPolicy(ctx, mgmt, deny, prod) }, false, 4},
		{"moved to other", func() error { return f.svc.MoveAccount(ctx, mgmt, member, team, other) }, true, 3},
		{"back under prod", func() error { return f.svc.MoveAccount(ctx, mgmt, member, other, team) }, false, 4},
		{"deny edited to ec2", func() error {
			_, err := f.svc.UpdatePolicy(ctx, mgmt, gov.UpdatePolicyInput{PolicyID: deny,
				Content: strp(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}`)})
			return err
		}, true, 4},
		{"deny detached", func() error { return f.svc.DetachPolicy(ctx, mgmt, deny, prod) }, true, 4},
	}
	for _, s := range steps {
		if err := s.change(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		// Another service's model read in between must not stand in for
		// this one's.
		second.svc.SimulateRequest(mgmt, gov.RequestInput{Action: "s3:GetObject"})
		for range 2 {
			if allowed, n := levels(f.svc, member); allowed != s.allowed || n != s.levels {
				t.Errorf("%s: allowed %v with %d levels, want %v with %d", s.name, allowed, n, s.allowed, s.levels)
			}
		}
	}
}
