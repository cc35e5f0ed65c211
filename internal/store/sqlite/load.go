package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/chatgov/chatgov/internal/memhint"
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

		ChatConfigurations: []store.ChatConfiguration{},
		SlackChannels:      []store.SlackChannel{},
		TeamsTeams:         []store.TeamsTeam{},
		Preferences:        []store.AccountPreferences{},
		UserIdentities:     []store.UserIdentity{},

		ManagedPolicies: []store.ManagedPolicy{},

		StandaloneAccounts: []store.StandaloneAccount{},
	}
	if err := sqlTx.QueryRowContext(ctx, `SELECT value FROM revision WHERE id = 1`).Scan(&st.Revision); err != nil {
		return nil, err
	}
	// MAX of a rowid is one step down the table's B-tree.
	if err := sqlTx.QueryRowContext(ctx, `SELECT COALESCE((SELECT MAX(id) FROM compliance_causes), 0),
		COALESCE((SELECT MAX(id) FROM compliance_events), 0)`).Scan(&st.LastComplianceCauseID, &st.LastComplianceEventID); err != nil {
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
		if err := each(ctx, sqlTx, q.query, q.dest, q.row); err != nil {
			return nil, err
		}
	}
	if st.ChatConfigurations, err = db.loadChatConfigurations(ctx, sqlTx, st.Revision); err != nil {
		return nil, err
	}
	if st.RolePermissions, err = loadRolePermissions(ctx, sqlTx); err != nil {
		return nil, err
	}
	if st.Handshakes, err = loadHandshakes(ctx, sqlTx); err != nil {
		return nil, err
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

// chatConfigurationsQuery selects each configuration as one string: its
// rowid and its columns joined by the record separator, U+001E (NULL times
// as empty fields).
//
// One column rather than 23, because the driver enters the connection's
// mutex three times for each column of each row, and allocates a string
// for each: reading a million configurations column by column took 8 s,
// this way about 3 s, and one string per row is one allocation rather
// than a dozen. A value holding the separator itself is detected by the
// count of separators, and its row read again column by column.
var chatConfigurationsQuery = func() string {
	args := []string{"rowid"}
	for _, c := range chatConfigurationColumns {
		if strings.HasSuffix(c, "_at") { // NULL for the zero time
			c = "ifnull(" + c + ", '')"
		}
		args = append(args, c)
	}
	return "SELECT concat_ws(char(30), " + strings.Join(args, ", ") + ") FROM chat_configurations"
}()

const recordSeparator = "\x1e"

// loadChatConfigurations reads the configurations into a slice sized up
// front: a million configurations are some 400 MB of records, which append
// would copy over and over as it grew them.
//
// The table is read in two halves at once, by rowid, each on a connection
// of its own with a goroutine that steps SQLite through the rows and one
// that decodes them: stepping SQLite is most of the work, and one
// connection keeps one core busy. The lower half fills the slice from the
// start and the upper half from the end, so neither needs to know the
// other's count. The second connection's read transaction must see the
// same snapshot as sqlTx: it checks the revision, and when another write
// has committed in between, sqlTx reads the whole table alone.
func (db *DB) loadChatConfigurations(ctx context.Context, sqlTx *sql.Tx, revision int64) ([]store.ChatConfiguration, error) {
	var n int
	var lo, hi int64
	if err := sqlTx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MIN(rowid), 0), COALESCE(MAX(rowid), 0) FROM chat_configurations`).Scan(&n, &lo, &hi); err != nil {
		return nil, err
	}
	out := make([]store.ChatConfiguration, n)
	memhint.Prefault(out)
	if n == 0 {
		return out, nil
	}
	lower := half{tx: sqlTx, query: chatConfigurationsQuery + ` WHERE rowid <= ? ORDER BY rowid`, arg: hi,
		slot: func(i int) *store.ChatConfiguration { return &out[i] }}
	if n >= parallelLoadMin {
		// A second transaction that cannot begin only costs the speed-up.
		if tx2, err := db.snapshotTx(ctx, revision); err == nil && tx2 != nil {
			defer tx2.Rollback()
			mid := lo + (hi-lo)/2
			lower.arg = mid
			upper := half{tx: tx2, query: chatConfigurationsQuery + ` WHERE rowid > ? ORDER BY rowid DESC`, arg: mid,
				slot: func(i int) *store.ChatConfiguration { return &out[n-1-i] }}
			var wg sync.WaitGroup
			wg.Go(func() { upper.read(ctx, n) })
			lower.read(ctx, n)
			wg.Wait()
			return finishHalves(ctx, sqlTx, out, lower, upper)
		}
	}
	lower.read(ctx, n)
	return finishHalves(ctx, sqlTx, out, lower)
}

// parallelLoadMin is the number of configurations from which two
// connections read them: below it, a second transaction costs more than it
// saves.
const parallelLoadMin = 10_000

// snapshotTx begins a read transaction on another connection that sees
// the state of revision, or returns nil when a write has committed since.
func (db *DB) snapshotTx(ctx context.Context, revision int64) (*sql.Tx, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	// In WAL mode the first read fixes the transaction's snapshot.
	var rev int64
	if err := tx.QueryRowContext(ctx, `SELECT value FROM revision WHERE id = 1`).Scan(&rev); err != nil {
		tx.Rollback()
		return nil, err
	}
	if rev != revision {
		tx.Rollback()
		return nil, nil
	}
	return tx, nil
}

// half is a part of the configurations table read by one connection.
type half struct {
	tx    *sql.Tx
	query string
	arg   int64
	// slot returns where the i-th row this half reads goes.
	slot func(i int) *store.ChatConfiguration
	// What read found: the rows decoded, the rows that hold the separator
	// in a value (their rowid and slot), and the first error.
	count int
	again map[int64]int
	err   error
}

// read decodes the half's rows into their slots, at most max of them. SQLite
// steps through the rows on another goroutine while this one decodes
// them.
func (h *half) read(ctx context.Context, max int) {
	h.again = map[int64]int{}
	rows, err := h.tx.QueryContext(ctx, h.query, h.arg)
	if err != nil {
		h.err = err
		return
	}
	const batchSize = 1024
	batches := make(chan []string, 16)
	stop := make(chan struct{})
	var readErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(batches)
		defer rows.Close()
		batch := make([]string, 0, batchSize)
		for rows.Next() {
			var row string
			if readErr = rows.Scan(&row); readErr != nil {
				return
			}
			if batch = append(batch, row); len(batch) == batchSize {
				select {
				case batches <- batch:
				case <-stop:
					return
				}
				batch = make([]string, 0, batchSize)
			}
		}
		if readErr = rows.Err(); readErr == nil && len(batch) > 0 {
			select {
			case batches <- batch:
			case <-stop:
			}
		}
	})
	var decodeErr error
decode:
	for batch := range batches {
		for _, row := range batch {
			if h.count == max {
				decodeErr = fmt.Errorf("more configurations than the %d counted", max)
			} else {
				// Decoded in place: a record is 400 bytes to copy.
				rowid, err := unpackChatConfiguration(row, h.slot(h.count))
				switch {
				case errors.Is(err, errSeparatorInValue):
					h.again[rowid] = h.count
				case err != nil:
					decodeErr = fmt.Errorf("chat configuration %.100q: %w", row, err)
				}
				h.count++
			}
			if decodeErr != nil {
				close(stop)
				for range batches {
				}
				break decode
			}
		}
	}
	wg.Wait()
	h.err = errors.Join(readErr, decodeErr)
}

// finishHalves checks that the halves read every counted configuration,
// and reads again, column by column, the rows that hold the separator.
func finishHalves(ctx context.Context, sqlTx *sql.Tx, out []store.ChatConfiguration, halves ...half) ([]store.ChatConfiguration, error) {
	total := 0
	for _, h := range halves {
		if h.err != nil {
			return nil, h.err
		}
		total += h.count
	}
	if total != len(out) {
		return nil, fmt.Errorf("read %d configurations of the %d counted", total, len(out))
	}
	for _, h := range halves {
		for rowid, i := range h.again {
			c, err := readChatConfiguration(ctx, sqlTx, rowid)
			if err != nil {
				return nil, err
			}
			*h.slot(i) = c
		}
	}
	return out, nil
}

var errSeparatorInValue = errors.New("a value holds the record separator")

// unpackChatConfiguration decodes a row of chatConfigurationsQuery into c,
// whose strings then share the row's memory, and returns its rowid. It
// returns errSeparatorInValue when the row cannot be split.
func unpackChatConfiguration(row string, c *store.ChatConfiguration) (rowid int64, err error) {
	r := fieldReader{row}
	if rowid, err = strconv.ParseInt(r.next(), 10, 64); err != nil {
		return 0, fmt.Errorf("rowid: %w", err)
	}
	if strings.Count(r.s, recordSeparator) != len(chatConfigurationColumns)-1 {
		return rowid, errSeparatorInValue
	}
	var f configurationFields
	c.ARN, c.AccountID, c.Platform, c.Name, c.IamRoleARN = r.next(), r.next(), r.next(), r.next(), r.next()
	f.sns, c.LoggingLevel, f.guardrails = r.next(), r.next(), r.next()
	c.UserAuthorizationRequired = r.next() == "1"
	c.SlackTeamID, c.SlackTeamName, c.SlackChannelID, c.SlackChannelName = r.next(), r.next(), r.next(), r.next()
	c.TenantID, c.TeamID, c.TeamName, c.ChannelID, c.ChannelName = r.next(), r.next(), r.next(), r.next(), r.next()
	c.WebhookURL, c.WebhookDescription = r.next(), r.next()
	f.tags = r.next()
	if f.createdAt, err = parseMicros(r.next()); err == nil {
		f.updatedAt, err = parseMicros(r.next())
	}
	if err != nil {
		return rowid, err
	}
	return rowid, f.decode(c)
}

// fieldReader returns the fields of a row of chatConfigurationsQuery in
// turn.
type fieldReader struct{ s string }

func (r *fieldReader) next() string {
	i := strings.IndexByte(r.s, recordSeparator[0])
	if i < 0 {
		v := r.s
		r.s = ""
		return v
	}
	v := r.s[:i]
	r.s = r.s[i+1:]
	return v
}

// parseMicros parses a time column as concat_ws renders it.
func parseMicros(v string) (sql.NullInt64, error) {
	if v == "" {
		return sql.NullInt64{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return sql.NullInt64{}, fmt.Errorf("time %q: %w", v, err)
	}
	return sql.NullInt64{Int64: n, Valid: true}, nil
}

// configurationFields are the columns of a configuration that need
// decoding.
type configurationFields struct {
	sns, guardrails, tags string
	createdAt, updatedAt  sql.NullInt64
}

func (f *configurationFields) decode(c *store.ChatConfiguration) (err error) {
	if c.SnsTopicARNs, err = decodeList(f.sns); err != nil {
		return fmt.Errorf("sns_topic_arns: %w", err)
	}
	if c.GuardrailPolicyARNs, err = decodeList(f.guardrails); err != nil {
		return fmt.Errorf("guardrail_policy_arns: %w", err)
	}
	if c.Tags, err = decodeTags(f.tags); err != nil {
		return fmt.Errorf("tags: %w", err)
	}
	c.CreatedAt, c.UpdatedAt = fromMicros(f.createdAt), fromMicros(f.updatedAt)
	return nil
}

// readChatConfiguration reads one configuration column by column.
func readChatConfiguration(ctx context.Context, sqlTx *sql.Tx, rowid int64) (c store.ChatConfiguration, err error) {
	var f configurationFields
	err = sqlTx.QueryRowContext(ctx, "SELECT "+strings.Join(chatConfigurationColumns, ", ")+" FROM chat_configurations WHERE rowid = ?", rowid).Scan(
		&c.ARN, &c.AccountID, &c.Platform, &c.Name, &c.IamRoleARN, &f.sns, &c.LoggingLevel, &f.guardrails, &c.UserAuthorizationRequired,
		&c.SlackTeamID, &c.SlackTeamName, &c.SlackChannelID, &c.SlackChannelName,
		&c.TenantID, &c.TeamID, &c.TeamName, &c.ChannelID, &c.ChannelName,
		&c.WebhookURL, &c.WebhookDescription, &f.tags, &f.createdAt, &f.updatedAt)
	if err == nil {
		err = f.decode(&c)
	}
	if err != nil {
		return c, fmt.Errorf("chat configuration at rowid %d: %w", rowid, err)
	}
	return c, nil
}
