package postgres

import (
	"context"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

var (
	rolePermissionsTable = newTable("role_permissions", 1, text("role_arn"), text("account_id"), text("managed_policy_arns"), text("inline_policies"), micro("updated_at"))
	managedPoliciesTable = newTable("managed_policies", 1, text("arn"), text("account_id"), text("name"), text("path"), text("document"), micro("updated_at"))
)

func (t *tx) PutRolePermissions(ctx context.Context, r store.RolePermissions) (err error) {
	defer wrap(&err, "postgres.PutRolePermissions(%q)", r.RoleARN)
	// Encoded now, so that the caller may change the lists once Put returns.
	return t.put(ctx, rolePermissionsTable, r.RoleARN, r.AccountID, sqlcodec.EncodeList(r.ManagedPolicyARNs), sqlcodec.EncodeInlinePolicies(r.InlinePolicies), sqlcodec.Micros(r.UpdatedAt))
}

func (t *tx) DeleteRolePermissions(ctx context.Context, roleARN string) (err error) {
	defer wrap(&err, "postgres.DeleteRolePermissions(%q)", roleARN)
	return t.remove(ctx, `DELETE FROM role_permissions WHERE role_arn = $1`, roleARN)
}

func (t *tx) PutManagedPolicy(ctx context.Context, p store.ManagedPolicy) (err error) {
	defer wrap(&err, "postgres.PutManagedPolicy(%q)", p.ARN)
	return t.put(ctx, managedPoliciesTable, p.ARN, p.AccountID, p.Name, p.Path, p.Document, sqlcodec.Micros(p.UpdatedAt))
}

func (t *tx) DeleteManagedPolicy(ctx context.Context, arn string) (err error) {
	defer wrap(&err, "postgres.DeleteManagedPolicy(%q)", arn)
	return t.remove(ctx, `DELETE FROM managed_policies WHERE arn = $1`, arn)
}
