package sqlite

import (
	"context"
	"database/sql"

	"github.com/chatgov/chatgov/internal/store"
)

// Load returns everything stored; see store.Store. It reads in one
// transaction, which in WAL mode is a snapshot: the revision and the rows
// always belong to the same committed Update.
func (db *DB) Load(ctx context.Context) (_ *store.State, err error) {
	defer wrap(&err, "sqlite.Load")
	sqlTx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer sqlTx.Rollback()

	st := &store.State{
		Settings:        map[string]string{},
		PolicyTypes:     []store.PolicyType{},
		OUs:             []store.OU{},
		Accounts:        []store.Account{},
		CreateStatuses:  []store.CreateAccountStatus{},
		Policies:        []store.Policy{},
		Attachments:     []store.Attachment{},
		Tags:            []store.Tag{},
		DelegatedAdmins: []store.DelegatedAdmin{},
		ServiceAccess:   []store.ServiceAccess{},
		Credentials:     []store.Credential{},
	}
	if err := sqlTx.QueryRowContext(ctx, `SELECT value FROM revision WHERE id = 1`).Scan(&st.Revision); err != nil {
		return nil, err
	}
	// Each query scans its rows into the variables of dest, and row then
	// appends the record they make.
	var (
		t0, t1          sql.NullInt64
		k, v            string
		o               store.Organization
		pt              store.PolicyType
		ou              store.OU
		a               store.Account
		cs              store.CreateAccountStatus
		p               store.Policy
		at              store.Attachment
		tag             store.Tag
		da              store.DelegatedAdmin
		sa              store.ServiceAccess
		c               store.Credential
		hasOrganization bool
	)
	queries := []struct {
		query string
		dest  []any
		row   func()
	}{
		{`SELECT key, value FROM settings`, []any{&k, &v}, func() { st.Settings[k] = v }},
		{`SELECT id, feature_set, management_account_id, management_account_email, root_id, root_name, created_at FROM organization`,
			[]any{&o.ID, &o.FeatureSet, &o.ManagementAccountID, &o.ManagementAccountEmail, &o.RootID, &o.RootName, &t0},
			func() { o.CreatedAt = fromMicros(t0); hasOrganization = true }},
		{`SELECT type, status FROM policy_types`, []any{&pt.Type, &pt.Status},
			func() { st.PolicyTypes = append(st.PolicyTypes, pt) }},
		{`SELECT id, parent_id, name, created_at FROM ous`, []any{&ou.ID, &ou.ParentID, &ou.Name, &t0},
			func() { ou.CreatedAt = fromMicros(t0); st.OUs = append(st.OUs, ou) }},
		{`SELECT id, parent_id, name, email, status, joined_method, joined_at, role_name FROM accounts`,
			[]any{&a.ID, &a.ParentID, &a.Name, &a.Email, &a.Status, &a.JoinedMethod, &t0, &a.RoleName},
			func() { a.JoinedAt = fromMicros(t0); st.Accounts = append(st.Accounts, a) }},
		{`SELECT id, account_name, email, state, account_id, failure_reason, requested_at, completed_at FROM create_account_statuses`,
			[]any{&cs.ID, &cs.AccountName, &cs.Email, &cs.State, &cs.AccountID, &cs.FailureReason, &t0, &t1},
			func() {
				cs.RequestedAt, cs.CompletedAt = fromMicros(t0), fromMicros(t1)
				st.CreateStatuses = append(st.CreateStatuses, cs)
			}},
		{`SELECT id, name, description, type, content, aws_managed, created_at, updated_at FROM policies`,
			[]any{&p.ID, &p.Name, &p.Description, &p.Type, &p.Content, &p.AWSManaged, &t0, &t1},
			func() {
				p.CreatedAt, p.UpdatedAt = fromMicros(t0), fromMicros(t1)
				st.Policies = append(st.Policies, p)
			}},
		// Ties in seq are not expected; the rest of the key makes the
		// order deterministic anyway.
		{`SELECT policy_id, target_id, seq FROM attachments ORDER BY seq, target_id, policy_id`,
			[]any{&at.PolicyID, &at.TargetID, &at.Seq}, func() { st.Attachments = append(st.Attachments, at) }},
		{`SELECT resource_id, key, value FROM tags`, []any{&tag.ResourceID, &tag.Key, &tag.Value},
			func() { st.Tags = append(st.Tags, tag) }},
		{`SELECT account_id, service_principal, enabled_at FROM delegated_admins`, []any{&da.AccountID, &da.ServicePrincipal, &t0},
			func() { da.EnabledAt = fromMicros(t0); st.DelegatedAdmins = append(st.DelegatedAdmins, da) }},
		{`SELECT service_principal, enabled_at FROM service_access`, []any{&sa.ServicePrincipal, &t0},
			func() { sa.EnabledAt = fromMicros(t0); st.ServiceAccess = append(st.ServiceAccess, sa) }},
		{`SELECT access_key_id, secret_access_key, session_token, account_id, principal_arn, expires_at FROM credentials`,
			[]any{&c.AccessKeyID, &c.SecretAccessKey, &c.SessionToken, &c.AccountID, &c.PrincipalARN, &t0},
			func() { c.ExpiresAt = fromMicros(t0); st.Credentials = append(st.Credentials, c) }},
	}
	for _, q := range queries {
		if err := each(ctx, sqlTx, q.query, q.dest, q.row); err != nil {
			return nil, err
		}
	}
	if hasOrganization {
		st.Organization = &o
	}
	return st, nil
}

// each scans every row of query into dest and calls row after each.
func each(ctx context.Context, sqlTx *sql.Tx, query string, dest []any, row func()) error {
	rows, err := sqlTx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		row()
	}
	return rows.Err()
}
