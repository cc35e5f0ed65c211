package gov

import (
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// RolePermissions are an IAM role's registered permission policies.
type RolePermissions struct {
	RoleARN   string
	AccountID string
	// ManagedPolicyARNs are the attached managed policies, AWS's or the
	// account's own, in the order given.
	ManagedPolicyARNs []string
	// InlinePolicies are the role's inline policies, in the order given.
	InlinePolicies []InlinePolicy
	UpdatedAt      time.Time
}

// InlinePolicy is a policy document embedded in a role.
type InlinePolicy struct {
	Name     string
	Document string
}

func (p InlinePolicy) record() store.InlinePolicy {
	return store.InlinePolicy{Name: p.Name, Document: p.Document}
}

// ManagedPolicy is a registered customer managed IAM policy.
type ManagedPolicy struct {
	ARN       string // arn:aws:iam::ACCOUNT:policy/PATH/NAME
	AccountID string
	Name      string
	Path      string
	Document  string
	UpdatedAt time.Time
}

func rolePermissionsOf(r store.RolePermissions) RolePermissions {
	out := RolePermissions{RoleARN: r.RoleARN, AccountID: r.AccountID, ManagedPolicyARNs: append([]string(nil), r.ManagedPolicyARNs...),
		UpdatedAt: r.UpdatedAt}
	for _, p := range r.InlinePolicies {
		out.InlinePolicies = append(out.InlinePolicies, InlinePolicy{Name: p.Name, Document: p.Document})
	}
	return out
}

func managedPolicyOf(p store.ManagedPolicy) ManagedPolicy {
	return ManagedPolicy{ARN: p.ARN, AccountID: p.AccountID, Name: p.Name, Path: p.Path, Document: p.Document, UpdatedAt: p.UpdatedAt}
}
