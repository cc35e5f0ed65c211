package sqlite

import (
	"context"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

var (
	putRolePermissions = upsert("role_permissions", []string{"role_arn"}, "account_id", "managed_policy_arns", "inline_policies", "updated_at")
	putManagedPolicy   = upsert("managed_policies", []string{"arn"}, "account_id", "name", "path", "document", "updated_at")
)

func (t *tx) PutRolePermissions(ctx context.Context, r store.RolePermissions) (err error) {
	defer wrap(&err, "sqlite.PutRolePermissions(%q)", r.RoleARN)
	_, err = t.exec(ctx, putRolePermissions, r.RoleARN, r.AccountID, sqlcodec.EncodeList(r.ManagedPolicyARNs), sqlcodec.EncodeInlinePolicies(r.InlinePolicies), sqlcodec.Micros(r.UpdatedAt))
	return err
}

func (t *tx) DeleteRolePermissions(ctx context.Context, roleARN string) (err error) {
	defer wrap(&err, "sqlite.DeleteRolePermissions(%q)", roleARN)
	return t.remove(ctx, `DELETE FROM role_permissions WHERE role_arn = ?`, roleARN)
}

func (t *tx) PutManagedPolicy(ctx context.Context, p store.ManagedPolicy) (err error) {
	defer wrap(&err, "sqlite.PutManagedPolicy(%q)", p.ARN)
	_, err = t.exec(ctx, putManagedPolicy, p.ARN, p.AccountID, p.Name, p.Path, p.Document, sqlcodec.Micros(p.UpdatedAt))
	return err
}

func (t *tx) DeleteManagedPolicy(ctx context.Context, arn string) (err error) {
	defer wrap(&err, "sqlite.DeleteManagedPolicy(%q)", arn)
	return t.remove(ctx, `DELETE FROM managed_policies WHERE arn = ?`, arn)
}
