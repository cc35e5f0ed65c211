package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/chatgov/chatgov/internal/store"
)

var (
	rolePermissionsTable = newTable("role_permissions", 1, text("role_arn"), text("account_id"), text("managed_policy_arns"), text("inline_policies"), micro("updated_at"))
	managedPoliciesTable = newTable("managed_policies", 1, text("arn"), text("account_id"), text("name"), text("path"), text("document"), micro("updated_at"))
)

func (t *tx) PutRolePermissions(ctx context.Context, r store.RolePermissions) (err error) {
	defer wrap(&err, "postgres.PutRolePermissions(%q)", r.RoleARN)
	// Encoded now, so that the caller may change the lists once Put returns.
	return t.put(ctx, rolePermissionsTable, r.RoleARN, r.AccountID, encodeList(r.ManagedPolicyARNs), encodeInlinePolicies(r.InlinePolicies), micros(r.UpdatedAt))
}

func (t *tx) DeleteRolePermissions(ctx context.Context, roleARN string) (err error) {
	defer wrap(&err, "postgres.DeleteRolePermissions(%q)", roleARN)
	return t.remove(ctx, `DELETE FROM role_permissions WHERE role_arn = $1`, roleARN)
}

func (t *tx) PutManagedPolicy(ctx context.Context, p store.ManagedPolicy) (err error) {
	defer wrap(&err, "postgres.PutManagedPolicy(%q)", p.ARN)
	return t.put(ctx, managedPoliciesTable, p.ARN, p.AccountID, p.Name, p.Path, p.Document, micros(p.UpdatedAt))
}

func (t *tx) DeleteManagedPolicy(ctx context.Context, arn string) (err error) {
	defer wrap(&err, "postgres.DeleteManagedPolicy(%q)", arn)
	return t.remove(ctx, `DELETE FROM managed_policies WHERE arn = $1`, arn)
}

// loadRolePermissions reads every role's registered policies. Its JSON
// columns need decoding, which can fail, so it is not one of Load's plain
// queries.
func loadRolePermissions(ctx context.Context, pgTx pgx.Tx) ([]store.RolePermissions, error) {
	rows, err := pgTx.Query(ctx, `SELECT role_arn, account_id, managed_policy_arns, inline_policies, updated_at FROM role_permissions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.RolePermissions{}
	for rows.Next() {
		var (
			r               store.RolePermissions
			managed, inline string
			updatedAt       pgtype.Int8
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
