package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/chatgov/chatgov/internal/store"
)

var (
	putRolePermissions = upsert("role_permissions", []string{"role_arn"}, "account_id", "managed_policy_arns", "inline_policies", "updated_at")
	putManagedPolicy   = upsert("managed_policies", []string{"arn"}, "account_id", "name", "path", "document", "updated_at")
)

func (t *tx) PutRolePermissions(ctx context.Context, r store.RolePermissions) (err error) {
	defer wrap(&err, "sqlite.PutRolePermissions(%q)", r.RoleARN)
	_, err = t.exec(ctx, putRolePermissions, r.RoleARN, r.AccountID, encodeList(r.ManagedPolicyARNs), encodeInlinePolicies(r.InlinePolicies), micros(r.UpdatedAt))
	return err
}

func (t *tx) DeleteRolePermissions(ctx context.Context, roleARN string) (err error) {
	defer wrap(&err, "sqlite.DeleteRolePermissions(%q)", roleARN)
	return t.remove(ctx, `DELETE FROM role_permissions WHERE role_arn = ?`, roleARN)
}

func (t *tx) PutManagedPolicy(ctx context.Context, p store.ManagedPolicy) (err error) {
	defer wrap(&err, "sqlite.PutManagedPolicy(%q)", p.ARN)
	_, err = t.exec(ctx, putManagedPolicy, p.ARN, p.AccountID, p.Name, p.Path, p.Document, micros(p.UpdatedAt))
	return err
}

func (t *tx) DeleteManagedPolicy(ctx context.Context, arn string) (err error) {
	defer wrap(&err, "sqlite.DeleteManagedPolicy(%q)", arn)
	return t.remove(ctx, `DELETE FROM managed_policies WHERE arn = ?`, arn)
}

// loadRolePermissions reads every role's registered policies. Its JSON
// columns need decoding, which can fail, so it is not one of Load's plain
// queries.
func loadRolePermissions(ctx context.Context, sqlTx *sql.Tx) ([]store.RolePermissions, error) {
	rows, err := sqlTx.QueryContext(ctx, `SELECT role_arn, account_id, managed_policy_arns, inline_policies, updated_at FROM role_permissions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.RolePermissions{}
	for rows.Next() {
		var (
			r               store.RolePermissions
			managed, inline string
			updatedAt       sql.NullInt64
		)
		if err := rows.Scan(&r.RoleARN, &r.AccountID, &managed, &inline, &updatedAt); err != nil {
			return nil, err
		}
		if r.ManagedPolicyARNs, err = decodeList(managed); err != nil {
			return nil, fmt.Errorf("role %q: managed_policy_arns: %w", r.RoleARN, err)
		}
		if r.InlinePolicies, err = decodeInlinePolicies(inline); err != nil {
			return nil, fmt.Errorf("role %q: inline_policies: %w", r.RoleARN, err)
		}
		r.UpdatedAt = fromMicros(updatedAt)
		out = append(out, r)
	}
	return out, rows.Err()
}
