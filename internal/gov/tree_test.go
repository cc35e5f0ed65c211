package gov_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/org"
)

func (f *fixture) ou(parent, name string) string {
	f.t.Helper()
	ou, err := f.svc.CreateOrganizationalUnit(context.Background(), mgmt, parent, name, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return ou.ID
}

// TestTreeRules checks the rules of the organization's tree: OUs, their
// names and depth, moves, children and parents.
func TestTreeRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	root, member := f.root(), f.account("member")
	team := f.ou(root, "team")
	deepest := team
	for depth := 2; depth <= org.MaxOUDepth; depth++ {
		deepest = f.ou(deepest, "level")
	}
	f.ou(root, "ops")
	createOU := func(parent, name string) call {
		return func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.CreateOrganizationalUnit(ctx, mgmt, parent, name, nil)
			return err
		}
	}
	move := func(account, from, to string) call {
		return func(ctx context.Context, svc *gov.Service) error {
			return svc.MoveAccount(ctx, mgmt, account, from, to)
		}
	}
	tests := []struct {
		name string
		call call
		want wantErr
	}{
		{"CreateOU/no parent", createOU("", "x"), invalid(gov.ReasonInputRequired)},
		{"CreateOU/an account as parent", createOU(member, "x"), invalid(gov.ReasonInvalidPattern)},
		{"CreateOU/no such parent", createOU("ou-zz00-zzzzzzzz", "x"), notFound(gov.ResParent)},
		{"CreateOU/no name", createOU(root, ""), invalid(gov.ReasonInputRequired)},
		{"CreateOU/long name", createOU(root, strings.Repeat("n", 129)), invalid(gov.ReasonMaxLength)},
		{"CreateOU/name taken", createOU(root, "team"), alreadyExists(gov.ResOU)},
		{"CreateOU/too deep", createOU(deepest, "x"), constraint(gov.ReasonOUDepth)},
		{"UpdateOU/name taken", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.UpdateOrganizationalUnit(ctx, mgmt, team, "ops")
			return err
		}, alreadyExists(gov.ResOU)},
		{"UpdateOU/same name", func(ctx context.Context, svc *gov.Service) error {
			ou, err := svc.UpdateOrganizationalUnit(ctx, mgmt, team, "team")
			if err == nil && ou.Name != "team" {
				t.Errorf("unchanged OU %+v", ou)
			}
			return err
		}, ok},
		{"DeleteOU/not empty", func(ctx context.Context, svc *gov.Service) error {
			return svc.DeleteOrganizationalUnit(ctx, mgmt, team)
		}, kind(gov.NotEmpty, gov.ResOU)},
		{"DeleteOU/malformed", func(ctx context.Context, svc *gov.Service) error {
			return svc.DeleteOrganizationalUnit(ctx, mgmt, root)
		}, invalid(gov.ReasonInvalidPattern)},
		{"MoveAccount/wrong source", move(member, team, root), notFound(gov.ResSourceParent)},
		{"MoveAccount/no such destination", move(member, root, "ou-zz00-zzzzzzzz"), notFound(gov.ResDestinationParent)},
		{"MoveAccount/already there", move(member, root, root), alreadyExists(gov.ResAccount)},
		{"MoveAccount/no such account", move("999999999999", root, team), notFound(gov.ResAccount)},
		{"ListChildren/no type", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.ListChildren(mgmt, root, "", "", 0)
			return err
		}, invalid(gov.ReasonInputRequired)},
		{"ListChildren/unknown type", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.ListChildren(mgmt, root, "POLICY", "", 0)
			return err
		}, invalid(gov.ReasonInvalidEnum)},
		{"ListParents/of the root", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.ListParents(mgmt, root, "", 0)
			return err
		}, invalid(gov.ReasonInvalidPattern)},
		{"ListParents/no such child", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.ListParents(mgmt, "999999999999", "", 0)
			return err
		}, notFound(gov.ResChild)},
		{"ListParents/of an OU", func(ctx context.Context, svc *gov.Service) error {
			p, err := svc.ListParents(mgmt, team, "", 0)
			if err == nil && (len(p.Items) != 1 || p.Items[0].ID != root || p.Items[0].Type != gov.ParentRoot) {
				t.Errorf("parents of %s: %+v", team, p.Items)
			}
			return err
		}, ok},
		{"DescribeAccount/no such account", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.DescribeAccount(mgmt, "999999999999")
			return err
		}, notFound(gov.ResAccount)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.want.check(t, tt.call(ctx, f.svc))
		})
	}
}

// TestMoveAccount follows an account down the tree and back, and an OU
// emptied and deleted.
func TestMoveAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	root, member := f.root(), f.account("member")
	team := f.ou(root, "team")
	children := func(parent string) []string {
		t.Helper()
		p, err := f.svc.ListAccountsForParent(mgmt, parent, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, a := range p.Items {
			ids = append(ids, a.ID)
		}
		return ids
	}
	if err := f.svc.MoveAccount(ctx, mgmt, member, root, team); err != nil {
		t.Fatal(err)
	}
	if got := children(team); len(got) != 1 || got[0] != member {
		t.Errorf("accounts under %s: %v", team, got)
	}
	wantGovErr(t, f.svc.DeleteOrganizationalUnit(ctx, mgmt, team), gov.NotEmpty, gov.ResOU, "")
	if err := f.svc.MoveAccount(ctx, mgmt, member, team, root); err != nil {
		t.Fatal(err)
	}
	if got := children(team); len(got) != 0 {
		t.Errorf("accounts under %s after the move back: %v", team, got)
	}
	if err := f.svc.DeleteOrganizationalUnit(ctx, mgmt, team); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.DescribeOrganizationalUnit(mgmt, team)
	wantGovErr(t, err, gov.NotFound, gov.ResOU, "")
}
