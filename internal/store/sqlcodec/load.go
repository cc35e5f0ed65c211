package sqlcodec

import (
	"context"
	"fmt"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// LoadTx is a driver's read transaction as Load uses it. It reads one
// snapshot: the revision and every row belong to the same committed
// Update.
type LoadTx[N any] interface {
	// Each runs query, which takes no arguments, and for each row scans it
	// into dest and calls row. It returns the first error of the query, of
	// a scan or of row.
	Each(ctx context.Context, query string, dest []any, row func() error) error
	// Time decodes a time column scanned into an N.
	Time(n N) time.Time
	// ChatConfigurations reads every chat configuration, each driver in
	// its own fastest way: a million of them load at start-up. revision is
	// the snapshot's.
	ChatConfigurations(ctx context.Context, revision int64) ([]store.ChatConfiguration, error)
}

// Rows is what the drivers' result sets have in common (*sql.Rows,
// pgx.Rows).
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// Each scans every row of rows into dest and calls row after each. It
// returns the first error of a scan, of row or of rows; the caller closes
// rows.
func Each(rows Rows, dest []any, row func() error) error {
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if err := row(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Load reads everything stored through tx; see store.Store. Its
// collections are empty rather than nil when a table is. It returns the
// first error of a read, or one naming the record whose JSON column does
// not decode.
func Load[N any](ctx context.Context, tx LoadTx[N]) (*store.State, error) {
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

		SlackChannels:  []store.SlackChannel{},
		TeamsTeams:     []store.TeamsTeam{},
		Preferences:    []store.AccountPreferences{},
		UserIdentities: []store.UserIdentity{},

		RolePermissions: []store.RolePermissions{},
		ManagedPolicies: []store.ManagedPolicy{},

		Handshakes:         []store.Handshake{},
		StandaloneAccounts: []store.StandaloneAccount{},

		SigningSecrets:   []store.SigningSecret{},
		CustomActions:    []store.CustomAction{},
		ChatAssociations: []store.ChatAssociation{},
		Stacks:           []store.Stack{},
	}
	if err := tx.Each(ctx, `SELECT value FROM revision WHERE id = 1`, []any{&st.Revision}, nop); err != nil {
		return nil, err
	}
	// MAX of a primary key is one step down its index (SQLite's rowid
	// B-tree).
	if err := tx.Each(ctx, `SELECT COALESCE((SELECT MAX(id) FROM compliance_causes), 0),
		COALESCE((SELECT MAX(id) FROM compliance_events), 0)`, []any{&st.LastComplianceCauseID, &st.LastComplianceEventID}, nop); err != nil {
		return nil, err
	}
	for _, r := range reads(st, tx.Time) {
		if err := tx.Each(ctx, r.query, r.dest, r.row); err != nil {
			return nil, err
		}
	}
	var err error
	if st.ChatConfigurations, err = tx.ChatConfigurations(ctx, st.Revision); err != nil {
		return nil, err
	}
	return st, nil
}

func nop() error { return nil }

// read is one query of Load: it scans each row into the variables of
// dest, and row then adds the record they make to the State.
type read struct {
	query string
	dest  []any
	row   func() error
}

// reads returns Load's queries, which fill st; toTime decodes times.
func reads[N any](st *store.State, toTime func(N) time.Time) []read {
	var (
		t0, t1, t2 N
		k, v       string
		o          store.Organization
		pt         store.PolicyType
		ou         store.OU
		a          store.Account
		cs         store.CreateAccountStatus
		p          store.Policy
		at         store.Attachment
		tag        store.Tag
		da         store.DelegatedAdmin
		sa         store.ServiceAccess
		c          store.Credential
		sc         store.SlackChannel
		tt         store.TeamsTeam
		ap         store.AccountPreferences
		ui         store.UserIdentity
		rp         store.RolePermissions
		mp         store.ManagedPolicy
		h          store.Handshake
		solo       store.StandaloneAccount
		ss         store.SigningSecret
		ca         store.CustomAction
		cas        store.ChatAssociation
		stack      store.Stack
		j0, j1, j2 string // JSON columns
	)
	return []read{
		{`SELECT key, value FROM settings`, []any{&k, &v}, func() error { st.Settings[k] = v; return nil }},
		{`SELECT id, feature_set, management_account_id, management_account_email, root_id, root_name, created_at FROM organization`,
			[]any{&o.ID, &o.FeatureSet, &o.ManagementAccountID, &o.ManagementAccountEmail, &o.RootID, &o.RootName, &t0},
			func() error { o.CreatedAt = toTime(t0); st.Organization = &o; return nil }},
		{`SELECT type, status FROM policy_types`, []any{&pt.Type, &pt.Status},
			func() error { st.PolicyTypes = append(st.PolicyTypes, pt); return nil }},
		{`SELECT id, parent_id, name, created_at FROM ous`, []any{&ou.ID, &ou.ParentID, &ou.Name, &t0},
			func() error { ou.CreatedAt = toTime(t0); st.OUs = append(st.OUs, ou); return nil }},
		{`SELECT id, parent_id, name, email, status, joined_method, joined_at, role_name, closed_at FROM accounts`,
			[]any{&a.ID, &a.ParentID, &a.Name, &a.Email, &a.Status, &a.JoinedMethod, &t0, &a.RoleName, &t1},
			func() error {
				a.JoinedAt, a.ClosedAt = toTime(t0), toTime(t1)
				st.Accounts = append(st.Accounts, a)
				return nil
			}},
		{`SELECT id, account_name, email, state, account_id, failure_reason, requested_at, completed_at FROM create_account_statuses`,
			[]any{&cs.ID, &cs.AccountName, &cs.Email, &cs.State, &cs.AccountID, &cs.FailureReason, &t0, &t1},
			func() error {
				cs.RequestedAt, cs.CompletedAt = toTime(t0), toTime(t1)
				st.CreateStatuses = append(st.CreateStatuses, cs)
				return nil
			}},
		{`SELECT id, name, description, type, content, aws_managed, created_at, updated_at FROM policies`,
			[]any{&p.ID, &p.Name, &p.Description, &p.Type, &p.Content, &p.AWSManaged, &t0, &t1},
			func() error {
				p.CreatedAt, p.UpdatedAt = toTime(t0), toTime(t1)
				st.Policies = append(st.Policies, p)
				return nil
			}},
		// Ties in seq are not expected; the rest of the key makes the
		// order deterministic anyway.
		{`SELECT policy_id, target_id, seq FROM attachments ORDER BY seq, target_id, policy_id`,
			[]any{&at.PolicyID, &at.TargetID, &at.Seq}, func() error { st.Attachments = append(st.Attachments, at); return nil }},
		{`SELECT resource_id, key, value FROM tags`, []any{&tag.ResourceID, &tag.Key, &tag.Value},
			func() error { st.Tags = append(st.Tags, tag); return nil }},
		{`SELECT account_id, service_principal, enabled_at FROM delegated_admins`, []any{&da.AccountID, &da.ServicePrincipal, &t0},
			func() error {
				da.EnabledAt = toTime(t0)
				st.DelegatedAdmins = append(st.DelegatedAdmins, da)
				return nil
			}},
		{`SELECT service_principal, enabled_at FROM service_access`, []any{&sa.ServicePrincipal, &t0},
			func() error { sa.EnabledAt = toTime(t0); st.ServiceAccess = append(st.ServiceAccess, sa); return nil }},
		{`SELECT access_key_id, secret_access_key, session_token, account_id, principal_arn, expires_at FROM credentials`,
			[]any{&c.AccessKeyID, &c.SecretAccessKey, &c.SessionToken, &c.AccountID, &c.PrincipalARN, &t0},
			func() error { c.ExpiresAt = toTime(t0); st.Credentials = append(st.Credentials, c); return nil }},
		{`SELECT team_id, team_name, channel_id, channel_name, visibility, updated_at FROM slack_channels`,
			[]any{&sc.TeamID, &sc.TeamName, &sc.ChannelID, &sc.ChannelName, &sc.Visibility, &t0},
			func() error { sc.UpdatedAt = toTime(t0); st.SlackChannels = append(st.SlackChannels, sc); return nil }},
		{`SELECT tenant_id, team_id, team_name, updated_at FROM teams_teams`,
			[]any{&tt.TenantID, &tt.TeamID, &tt.TeamName, &t0},
			func() error { tt.UpdatedAt = toTime(t0); st.TeamsTeams = append(st.TeamsTeams, tt); return nil }},
		{`SELECT account_id, user_authorization_required, training_data_collection_enabled FROM account_preferences`,
			[]any{&ap.AccountID, &ap.UserAuthorizationRequired, &ap.TrainingDataCollectionEnabled},
			func() error { st.Preferences = append(st.Preferences, ap); return nil }},
		{`SELECT configuration_arn, chat_user_id, team_id, tenant_id, channel_id, iam_role_arn, aws_user_identity, created_at FROM user_identities`,
			[]any{&ui.ConfigurationARN, &ui.ChatUserID, &ui.TeamID, &ui.TenantID, &ui.ChannelID, &ui.IamRoleARN, &ui.AwsUserIdentity, &t0},
			func() error { ui.CreatedAt = toTime(t0); st.UserIdentities = append(st.UserIdentities, ui); return nil }},
		{`SELECT role_arn, account_id, managed_policy_arns, inline_policies, updated_at FROM role_permissions`,
			[]any{&rp.RoleARN, &rp.AccountID, &j0, &j1, &t0},
			func() (err error) {
				if rp.ManagedPolicyARNs, err = DecodeList(j0); err != nil {
					return fmt.Errorf("role %q: managed_policy_arns: %w", rp.RoleARN, err)
				}
				if rp.InlinePolicies, err = DecodeInlinePolicies(j1); err != nil {
					return fmt.Errorf("role %q: inline_policies: %w", rp.RoleARN, err)
				}
				rp.UpdatedAt = toTime(t0)
				st.RolePermissions = append(st.RolePermissions, rp)
				return nil
			}},
		{`SELECT arn, account_id, name, path, document, updated_at FROM managed_policies`,
			[]any{&mp.ARN, &mp.AccountID, &mp.Name, &mp.Path, &mp.Document, &t0},
			func() error {
				mp.UpdatedAt = toTime(t0)
				st.ManagedPolicies = append(st.ManagedPolicies, mp)
				return nil
			}},
		{`SELECT id, action, state, parties, resources, parent_id, tags, requested_at, expires_at, updated_at FROM handshakes`,
			[]any{&h.ID, &h.Action, &h.State, &j0, &j1, &h.ParentID, &j2, &t0, &t1, &t2},
			func() (err error) {
				if h.Parties, h.Resources, err = DecodeHandshake(j0, j1); err != nil {
					return fmt.Errorf("handshake %q: %w", h.ID, err)
				}
				if h.Tags, err = DecodeTags(j2); err != nil {
					return fmt.Errorf("handshake %q: tags: %w", h.ID, err)
				}
				h.RequestedAt, h.ExpiresAt, h.UpdatedAt = toTime(t0), toTime(t1), toTime(t2)
				st.Handshakes = append(st.Handshakes, h)
				return nil
			}},
		{`SELECT id, name, email, status, role_name, created_at, closed_at FROM standalone_accounts`,
			[]any{&solo.ID, &solo.Name, &solo.Email, &solo.Status, &solo.RoleName, &t0, &t1},
			func() error {
				solo.CreatedAt, solo.ClosedAt = toTime(t0), toTime(t1)
				st.StandaloneAccounts = append(st.StandaloneAccounts, solo)
				return nil
			}},
		{`SELECT platform, workspace_id, secret, updated_at FROM signing_secrets`,
			[]any{&ss.Platform, &ss.WorkspaceID, &ss.Secret, &t0},
			func() error { ss.UpdatedAt = toTime(t0); st.SigningSecrets = append(st.SigningSecrets, ss); return nil }},
		{`SELECT arn, account_id, name, alias_name, command_text, attachments, tags, created_at, updated_at FROM custom_actions`,
			[]any{&ca.ARN, &ca.AccountID, &ca.Name, &ca.AliasName, &ca.CommandText, &ca.Attachments, &j0, &t0, &t1},
			func() (err error) {
				if ca.Tags, err = DecodeTags(j0); err != nil {
					return fmt.Errorf("custom action %q: tags: %w", ca.ARN, err)
				}
				ca.CreatedAt, ca.UpdatedAt = toTime(t0), toTime(t1)
				st.CustomActions = append(st.CustomActions, ca)
				return nil
			}},
		{`SELECT configuration_arn, resource_arn, created_at FROM chat_associations`,
			[]any{&cas.ConfigurationARN, &cas.ResourceARN, &t0},
			func() error {
				cas.CreatedAt = toTime(t0)
				st.ChatAssociations = append(st.ChatAssociations, cas)
				return nil
			}},
		{`SELECT id, account_id, name, status, document, updated_at FROM cfn_stacks`,
			[]any{&stack.ID, &stack.AccountID, &stack.Name, &stack.Status, &stack.Document, &t0},
			func() error {
				stack.UpdatedAt = toTime(t0)
				st.Stacks = append(st.Stacks, stack)
				return nil
			}},
	}
}
