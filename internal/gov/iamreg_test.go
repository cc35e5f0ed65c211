package gov_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
)

const readS3 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`

// TestIAMRegistrationRules checks the validation of role permissions and
// customer managed policies, and that another account's policy reads as
// one nobody registered.
func TestIAMRegistrationRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	member, other := f.account("member"), f.account("other")
	c := rootOf(member)
	theirs, err := f.svc.PutManagedPolicy(ctx, rootOf(other), gov.ManagedPolicyInput{Name: "theirs", Document: readS3})
	if err != nil {
		t.Fatal(err)
	}
	role := "arn:aws:iam::" + member + ":role/chat"
	put := func(in gov.RolePermissionsInput) call {
		if in.RoleARN == "" {
			in.RoleARN = role
		}
		return func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.PutRolePermissions(ctx, c, in)
			return err
		}
	}
	bad := wantErr{kind: gov.Invalid, resource: gov.ResChatConfiguration, reason: gov.ReasonInvalidPattern}
	many := make([]string, gov.MaxRoleManagedPolicies+1)
	for i := range many {
		many[i] = fmt.Sprintf("arn:aws:iam::aws:policy/P%d", i)
	}
	// Two documents under an identity policy's size, over a role's total.
	big := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` +
		strings.Repeat("b", gov.MaxRoleInlineChars/2) + `"}]}`
	tests := []struct {
		name string
		call call
		want wantErr
	}{
		{"role ARN", put(gov.RolePermissionsInput{RoleARN: "arn:aws:iam::" + member + ":user/u"}), bad},
		{"another account's role", put(gov.RolePermissionsInput{RoleARN: "arn:aws:iam::" + other + ":role/chat"}), kind(gov.AccessDenied, "")},
		{"too many managed policies", put(gov.RolePermissionsInput{ManagedPolicyARNs: many}), kind(gov.Constraint, gov.ResRolePermissions)},
		{"a managed policy ARN", put(gov.RolePermissionsInput{ManagedPolicyARNs: []string{"ReadOnlyAccess"}}), bad},
		{"a managed policy twice", put(gov.RolePermissionsInput{ManagedPolicyARNs: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess",
			"arn:aws:iam::aws:policy/ReadOnlyAccess"}}), bad},
		{"an unknown managed policy", put(gov.RolePermissionsInput{ManagedPolicyARNs: []string{"arn:aws:iam::aws:policy/NoSuchPolicy"}}),
			notFound(gov.ResManagedPolicy)},
		{"another account's managed policy", put(gov.RolePermissionsInput{ManagedPolicyARNs: []string{theirs.ARN}}), notFound(gov.ResManagedPolicy)},
		{"an inline policy name", put(gov.RolePermissionsInput{InlinePolicies: []gov.InlinePolicy{{Name: "a b", Document: readS3}}}), bad},
		{"an inline policy name twice", put(gov.RolePermissionsInput{InlinePolicies: []gov.InlinePolicy{{Name: "a", Document: readS3},
			{Name: "a", Document: readS3}}}), bad},
		{"a malformed inline policy", put(gov.RolePermissionsInput{InlinePolicies: []gov.InlinePolicy{{Name: "a", Document: `{"Statement":1}`}}}),
			kind(gov.Malformed, "")},
		{"inline policies too large", put(gov.RolePermissionsInput{InlinePolicies: []gov.InlinePolicy{{Name: "a", Document: big}, {Name: "b", Document: big}}}),
			wantErr{kind: gov.Constraint, resource: gov.ResRolePermissions, reason: gov.ReasonPolicyContentLimit}},
		{"valid", put(gov.RolePermissionsInput{RoleARN: "arn:aws:iam::" + member + ":role/valid",
			ManagedPolicyARNs: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}, InlinePolicies: []gov.InlinePolicy{{Name: "s3", Document: readS3}}}), ok},
		{"a policy name", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.PutManagedPolicy(ctx, c, gov.ManagedPolicyInput{Name: "a b", Document: readS3})
			return err
		}, bad},
		{"a policy path", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.PutManagedPolicy(ctx, c, gov.ManagedPolicyInput{Name: "p", Path: "chatops", Document: readS3})
			return err
		}, bad},
		{"a malformed policy", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.PutManagedPolicy(ctx, c, gov.ManagedPolicyInput{Name: "p", Document: `{}`})
			return err
		}, kind(gov.Malformed, "")},
		{"deleting an AWS managed policy", func(ctx context.Context, svc *gov.Service) error {
			return svc.DeleteManagedPolicy(ctx, c, "arn:aws:iam::aws:policy/ReadOnlyAccess")
		}, bad},
		{"deleting another account's policy", func(ctx context.Context, svc *gov.Service) error {
			return svc.DeleteManagedPolicy(ctx, c, theirs.ARN)
		}, kind(gov.AccessDenied, "")},
		{"deleting a policy nobody registered", func(ctx context.Context, svc *gov.Service) error {
			return svc.DeleteManagedPolicy(ctx, c, "arn:aws:iam::"+member+":policy/none")
		}, notFound(gov.ResManagedPolicy)},
		{"a role nobody registered", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.RolePermissions(c, "arn:aws:iam::"+member+":role/none")
			return err
		}, notFound(gov.ResRolePermissions)},
		{"the management account for a member", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.ListIAMRegistrations(mgmt, other)
			return err
		}, ok},
		{"a member for another", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.ListIAMRegistrations(c, other)
			return err
		}, kind(gov.AccessDenied, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.want.check(t, tt.call(ctx, f.svc))
		})
	}
}

// TestIAMRegistrationLifecycle registers a customer managed policy and a
// role that names it, reads them back, and deletes them.
func TestIAMRegistrationLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	member := f.account("member")
	c := rootOf(member)
	p, err := f.svc.PutManagedPolicy(ctx, c, gov.ManagedPolicyInput{Name: "read", Path: "/chatops/", Document: readS3})
	if err != nil || p.ARN != "arn:aws:iam::"+member+":policy/chatops/read" {
		t.Fatalf("managed policy %+v %v", p, err)
	}
	role := "arn:aws:iam::" + member + ":role/chat"
	if _, err := f.svc.PutRolePermissions(ctx, mgmt, gov.RolePermissionsInput{RoleARN: role, ManagedPolicyARNs: []string{p.ARN}}); err != nil {
		t.Fatalf("the management account registers a member's role: %v", err)
	}
	got, err := f.svc.ListIAMRegistrations(c, "")
	if err != nil || len(got.RolePermissions) != 1 || len(got.ManagedPolicies) != 1 {
		t.Fatalf("registrations %+v %v", got, err)
	}
	if err := f.svc.DeleteManagedPolicy(ctx, c, p.ARN); err != nil {
		t.Fatal(err)
	}
	if r, err := f.svc.RolePermissions(c, role); err != nil || len(r.ManagedPolicyARNs) != 1 {
		t.Errorf("a role keeps the policies it names: %+v %v", r, err)
	}
	if err := f.svc.DeleteRolePermissions(ctx, c, role); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.RolePermissions(c, role)
	wantGovErr(t, err, gov.NotFound, gov.ResRolePermissions, "")
}
