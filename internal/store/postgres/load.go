package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/chatgov/chatgov/internal/memhint"
	"github.com/chatgov/chatgov/internal/store"
)

// Load returns everything stored; see store.Store. It reads in one
// REPEATABLE READ transaction, so the revision and the rows always belong
// to the same committed Update.
func (db *DB) Load(ctx context.Context) (_ *store.State, err error) {
	defer wrap(&err, "postgres.Load")
	pgTx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, err
	}
	defer pgTx.Rollback(context.WithoutCancel(ctx))

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

		ChatConfigurations: []store.ChatConfiguration{},
		SlackChannels:      []store.SlackChannel{},
		TeamsTeams:         []store.TeamsTeam{},
		Preferences:        []store.AccountPreferences{},
		UserIdentities:     []store.UserIdentity{},

		ManagedPolicies: []store.ManagedPolicy{},

		StandaloneAccounts: []store.StandaloneAccount{},
	}
	if err := pgTx.QueryRow(ctx, `SELECT value FROM revision WHERE id = 1`).Scan(&st.Revision); err != nil {
		return nil, err
	}
	// MAX of a primary key is one step down its index.
	if err := pgTx.QueryRow(ctx, `SELECT COALESCE((SELECT MAX(id) FROM compliance_causes), 0),
		COALESCE((SELECT MAX(id) FROM compliance_events), 0)`).Scan(&st.LastComplianceCauseID, &st.LastComplianceEventID); err != nil {
		return nil, err
	}
	// Each query scans its rows into the variables of dest, and row then
	// appends the record they make.
	var (
		t0, t1          pgtype.Int8
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
		sc              store.SlackChannel
		tt              store.TeamsTeam
		ap              store.AccountPreferences
		ui              store.UserIdentity
		mp              store.ManagedPolicy
		sa1             store.StandaloneAccount
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
		{`SELECT id, parent_id, name, email, status, joined_method, joined_at, role_name, closed_at FROM accounts`,
			[]any{&a.ID, &a.ParentID, &a.Name, &a.Email, &a.Status, &a.JoinedMethod, &t0, &a.RoleName, &t1},
			func() {
				a.JoinedAt, a.ClosedAt = fromMicros(t0), fromMicros(t1)
				st.Accounts = append(st.Accounts, a)
			}},
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
		{`SELECT team_id, team_name, channel_id, channel_name, visibility, updated_at FROM slack_channels`,
			[]any{&sc.TeamID, &sc.TeamName, &sc.ChannelID, &sc.ChannelName, &sc.Visibility, &t0},
			func() { sc.UpdatedAt = fromMicros(t0); st.SlackChannels = append(st.SlackChannels, sc) }},
		{`SELECT tenant_id, team_id, team_name, updated_at FROM teams_teams`,
			[]any{&tt.TenantID, &tt.TeamID, &tt.TeamName, &t0},
			func() { tt.UpdatedAt = fromMicros(t0); st.TeamsTeams = append(st.TeamsTeams, tt) }},
		{`SELECT account_id, user_authorization_required, training_data_collection_enabled FROM account_preferences`,
			[]any{&ap.AccountID, &ap.UserAuthorizationRequired, &ap.TrainingDataCollectionEnabled},
			func() { st.Preferences = append(st.Preferences, ap) }},
		{`SELECT configuration_arn, chat_user_id, team_id, tenant_id, channel_id, iam_role_arn, aws_user_identity, created_at FROM user_identities`,
			[]any{&ui.ConfigurationARN, &ui.ChatUserID, &ui.TeamID, &ui.TenantID, &ui.ChannelID, &ui.IamRoleARN, &ui.AwsUserIdentity, &t0},
			func() { ui.CreatedAt = fromMicros(t0); st.UserIdentities = append(st.UserIdentities, ui) }},
		{`SELECT arn, account_id, name, path, document, updated_at FROM managed_policies`,
			[]any{&mp.ARN, &mp.AccountID, &mp.Name, &mp.Path, &mp.Document, &t0},
			func() { mp.UpdatedAt = fromMicros(t0); st.ManagedPolicies = append(st.ManagedPolicies, mp) }},
		{`SELECT id, name, email, status, role_name, created_at, closed_at FROM standalone_accounts`,
			[]any{&sa1.ID, &sa1.Name, &sa1.Email, &sa1.Status, &sa1.RoleName, &t0, &t1},
			func() {
				sa1.CreatedAt, sa1.ClosedAt = fromMicros(t0), fromMicros(t1)
				st.StandaloneAccounts = append(st.StandaloneAccounts, sa1)
			}},
	}
	for _, q := range queries {
		if err := each(ctx, pgTx, q.query, q.dest, q.row); err != nil {
			return nil, err
		}
	}
	if st.ChatConfigurations, err = loadChatConfigurations(ctx, pgTx); err != nil {
		return nil, err
	}
	if st.RolePermissions, err = loadRolePermissions(ctx, pgTx); err != nil {
		return nil, err
	}
	if st.Handshakes, err = loadHandshakes(ctx, pgTx); err != nil {
		return nil, err
	}
	if hasOrganization {
		st.Organization = &o
	}
	return st, nil
}

// each scans every row of query into dest and calls row after each.
func each(ctx context.Context, pgTx pgx.Tx, query string, dest []any, row func()) error {
	rows, err := pgTx.Query(ctx, query)
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

// loadChatConfigurations reads the configurations into a slice sized up
// front, each scanned in place: a million configurations are some 400 MB
// of records, which append would copy over and over as it grew them.
func loadChatConfigurations(ctx context.Context, pgTx pgx.Tx) ([]store.ChatConfiguration, error) {
	var n int
	if err := pgTx.QueryRow(ctx, `SELECT COUNT(*) FROM chat_configurations`).Scan(&n); err != nil {
		return nil, err
	}
	out := make([]store.ChatConfiguration, 0, n)
	memhint.Prefault(out)
	rows, err := pgTx.Query(ctx, `SELECT `+strings.Join(chatConfigurationColumns, ", ")+` FROM chat_configurations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		sns, guard, tags string
		t0, t1           pgtype.Int8
		dest             = make([]any, len(chatConfigurationColumns))
	)
	for rows.Next() {
		out = append(out, store.ChatConfiguration{})
		c := &out[len(out)-1]
		dest = append(dest[:0], &c.ARN, &c.AccountID, &c.Platform, &c.Name, &c.IamRoleARN, &sns, &c.LoggingLevel, &guard,
			&c.UserAuthorizationRequired, &c.SlackTeamID, &c.SlackTeamName, &c.SlackChannelID, &c.SlackChannelName,
			&c.TenantID, &c.TeamID, &c.TeamName, &c.ChannelID, &c.ChannelName, &c.WebhookURL, &c.WebhookDescription, &tags,
			&t0, &t1)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if c.SnsTopicARNs, err = decodeList(sns); err != nil {
			return nil, fmt.Errorf("configuration %q: sns_topic_arns: %w", c.ARN, err)
		}
		if c.GuardrailPolicyARNs, err = decodeList(guard); err != nil {
			return nil, fmt.Errorf("configuration %q: guardrail_policy_arns: %w", c.ARN, err)
		}
		if c.Tags, err = decodeTags(tags); err != nil {
			return nil, fmt.Errorf("configuration %q: tags: %w", c.ARN, err)
		}
		c.CreatedAt, c.UpdatedAt = fromMicros(t0), fromMicros(t1)
	}
	return out, rows.Err()
}
