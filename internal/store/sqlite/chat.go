package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

// configurationsPerInsert is how many queued configurations one upsert
// carries: 2,300 parameters. A million configurations one statement each
// took three times as long, most of it the cost of each statement.
const configurationsPerInsert = 100

var (
	putChatConfiguration  = upsert("chat_configurations", sqlcodec.ChatConfigurationColumns[:1], sqlcodec.ChatConfigurationColumns[1:]...)
	putChatConfigurations = upsertRows("chat_configurations", sqlcodec.ChatConfigurationColumns[:1], sqlcodec.ChatConfigurationColumns[1:], configurationsPerInsert)
	putSlackChannel       = upsert("slack_channels", []string{"team_id", "channel_id"}, "team_name", "channel_name", "visibility", "updated_at")
	putTeamsTeam          = upsert("teams_teams", []string{"team_id"}, "tenant_id", "team_name", "updated_at")
	putAccountPreferences = upsert("account_preferences", []string{"account_id"}, "user_authorization_required", "training_data_collection_enabled")
	// Inserts only when the configuration exists, so that a missing one is
	// ErrNotFound (no row changed) rather than a foreign-key failure.
	putUserIdentity = `INSERT INTO user_identities (configuration_arn, chat_user_id, team_id, tenant_id, channel_id, iam_role_arn, aws_user_identity, created_at)
		SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM chat_configurations WHERE arn = ?1)
		ON CONFLICT (configuration_arn, chat_user_id) DO UPDATE SET team_id = excluded.team_id, tenant_id = excluded.tenant_id,
		channel_id = excluded.channel_id, iam_role_arn = excluded.iam_role_arn, aws_user_identity = excluded.aws_user_identity,
		created_at = excluded.created_at`
)

// PutChatConfiguration queues c, encoded at once so that the caller may
// change its lists and tags afterwards. A full queue is sent at once; the
// rest before the next statement or the commit. An upsert of a row that
// references nothing cannot fail on a constraint, so a queued write fails
// only when SQLite cannot write at all, and then it fails the call that
// sent it and the transaction.
func (t *tx) PutChatConfiguration(ctx context.Context, c store.ChatConfiguration) (err error) {
	defer wrap(&err, "sqlite.PutChatConfiguration(%q)", c.ARN)
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(); err != nil {
		return err
	}
	t.configs = sqlcodec.ChatConfigurationValues(t.configs, &c)
	if len(t.configs) == configurationsPerInsert*len(sqlcodec.ChatConfigurationColumns) {
		return t.flushConfigurations(ctx)
	}
	return nil
}

// flushConfigurations sends the queued configurations: a full queue as one
// statement, a partial one row by row (which saves preparing a statement
// for each length). Rows queued twice are written in turn, the later
// replacing the earlier, as separate upserts would. t.mu is held.
func (t *tx) flushConfigurations(ctx context.Context) error {
	if len(t.configs) == 0 {
		return nil
	}
	args := t.configs
	t.configs = t.configs[:0]
	query, step := putChatConfiguration, len(sqlcodec.ChatConfigurationColumns)
	if len(args) == configurationsPerInsert*step {
		query, step = putChatConfigurations, len(args)
	}
	st, err := t.prepare(ctx, query)
	for ; err == nil && len(args) > 0; args = args[step:] {
		_, err = st.ExecContext(ctx, args[:step]...)
	}
	clear(t.configs[:cap(t.configs)]) // let go of the strings
	if err != nil {
		t.failed = fmt.Errorf("writing queued chat configurations: %w", err)
		return t.failed
	}
	return nil
}

func (t *tx) DeleteChatConfiguration(ctx context.Context, arn string) (err error) {
	defer wrap(&err, "sqlite.DeleteChatConfiguration(%q)", arn)
	// The user identities go by ON DELETE CASCADE.
	return t.remove(ctx, `DELETE FROM chat_configurations WHERE arn = ?`, arn)
}

func (t *tx) PutSlackChannel(ctx context.Context, c store.SlackChannel) (err error) {
	defer wrap(&err, "sqlite.PutSlackChannel(%q, %q)", c.TeamID, c.ChannelID)
	_, err = t.exec(ctx, putSlackChannel, c.TeamID, c.ChannelID, c.TeamName, c.ChannelName, c.Visibility, sqlcodec.Micros(c.UpdatedAt))
	return err
}

func (t *tx) DeleteSlackChannel(ctx context.Context, teamID, channelID string) (err error) {
	defer wrap(&err, "sqlite.DeleteSlackChannel(%q, %q)", teamID, channelID)
	return t.remove(ctx, `DELETE FROM slack_channels WHERE team_id = ? AND channel_id = ?`, teamID, channelID)
}

func (t *tx) PutTeamsTeam(ctx context.Context, tm store.TeamsTeam) (err error) {
	defer wrap(&err, "sqlite.PutTeamsTeam(%q)", tm.TeamID)
	_, err = t.exec(ctx, putTeamsTeam, tm.TeamID, tm.TenantID, tm.TeamName, sqlcodec.Micros(tm.UpdatedAt))
	return err
}

func (t *tx) DeleteTeamsTeam(ctx context.Context, teamID string) (err error) {
	defer wrap(&err, "sqlite.DeleteTeamsTeam(%q)", teamID)
	return t.remove(ctx, `DELETE FROM teams_teams WHERE team_id = ?`, teamID)
}

func (t *tx) PutAccountPreferences(ctx context.Context, p store.AccountPreferences) (err error) {
	defer wrap(&err, "sqlite.PutAccountPreferences(%q)", p.AccountID)
	_, err = t.exec(ctx, putAccountPreferences, p.AccountID, p.UserAuthorizationRequired, p.TrainingDataCollectionEnabled)
	return err
}

func (t *tx) PutUserIdentity(ctx context.Context, u store.UserIdentity) (err error) {
	defer wrap(&err, "sqlite.PutUserIdentity(%q, %q)", u.ConfigurationARN, u.ChatUserID)
	n, err := t.exec(ctx, putUserIdentity, u.ConfigurationARN, u.ChatUserID, u.TeamID, u.TenantID, u.ChannelID,
		u.IamRoleARN, u.AwsUserIdentity, sqlcodec.Micros(u.CreatedAt))
	if err == nil && n == 0 {
		err = fmt.Errorf("%w: no configuration %q", store.ErrNotFound, u.ConfigurationARN)
	}
	return err
}

func (t *tx) DeleteUserIdentity(ctx context.Context, configurationARN, chatUserID string) (err error) {
	defer wrap(&err, "sqlite.DeleteUserIdentity(%q, %q)", configurationARN, chatUserID)
	return t.remove(ctx, `DELETE FROM user_identities WHERE configuration_arn = ? AND chat_user_id = ?`, configurationARN, chatUserID)
}

func (t *tx) AddComplianceCause(ctx context.Context, c store.ComplianceCause) (err error) {
	defer wrap(&err, "sqlite.AddComplianceCause(%d)", c.ID)
	// A taken ID fails the primary key: ErrConflict.
	_, err = t.exec(ctx, `INSERT INTO compliance_causes (id, time, operation, caller_arn, detail) VALUES (?, ?, ?, ?, ?)`,
		c.ID, sqlcodec.Micros(c.Time), c.Operation, c.CallerARN, c.Detail)
	return err
}

// eventsPerInsert is how many events one INSERT statement carries: with 9
// columns, 900 parameters, well under SQLite's limit of 32,766. Fewer
// statements matter more than the size of each: a million events are 10,000
// executions of one prepared statement instead of a million.
const eventsPerInsert = 100

var eventColumns = len(sqlcodec.ComplianceEventColumns)

// insertEvents returns an INSERT of n events.
func insertEvents(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", eventColumns), ", ") + ")"
	return "INSERT INTO compliance_events (" + strings.Join(sqlcodec.ComplianceEventColumns, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

var insertEventsFull = insertEvents(eventsPerInsert)

func (t *tx) AddComplianceEvents(ctx context.Context, events []store.ComplianceEvent) (err error) {
	defer wrap(&err, "sqlite.AddComplianceEvents(%d events)", len(events))
	if len(events) == 0 {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(); err != nil {
		return err
	}
	// Everything that could fail a row is checked before the first is
	// written, so that a missing cause or a taken ID writes nothing and
	// the transaction goes on. (A savepoint around the batch would undo a
	// failed one just as well, but makes SQLite copy each page the batch
	// changes into its statement journal and truncate that journal after
	// every statement: a million events into a table of a million took
	// minutes instead of seconds.)
	if err := t.checkCauses(ctx, events); err != nil {
		return err
	}
	if err := t.checkEventIDs(ctx, events); err != nil {
		return err
	}
	if err := t.insertEvents(ctx, events); err != nil {
		// Some rows may be written: the transaction must not commit.
		t.failed = fmt.Errorf("writing %d compliance events: %w", len(events), err)
		return err
	}
	return nil
}

// checkCauses returns ErrNotFound, naming the cause, unless every event's
// cause exists. Events of one write share their cause, so this is usually
// one lookup. t.mu is held.
func (t *tx) checkCauses(ctx context.Context, events []store.ComplianceEvent) error {
	exists, err := t.stmt(ctx, `SELECT EXISTS (SELECT 1 FROM compliance_causes WHERE id = ?)`)
	if err != nil {
		return err
	}
	checked := map[int64]bool{}
	last := events[0].CauseID + 1 // not events[0].CauseID
	for _, e := range events {
		if e.CauseID == last || checked[e.CauseID] {
			continue
		}
		var ok bool
		if err := exists.QueryRowContext(ctx, e.CauseID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: event %d: no cause %d", store.ErrNotFound, e.ID, e.CauseID)
		}
		checked[e.CauseID], last = true, e.CauseID
	}
	return nil
}

// checkEventIDs returns ErrConflict, naming the ID, when events repeat an
// ID or reuse a stored one. New IDs follow the stored ones, so the stored
// IDs between the lowest and highest new one are usually none. t.mu is
// held.
func (t *tx) checkEventIDs(ctx context.Context, events []store.ComplianceEvent) error {
	ids := make([]int64, len(events))
	sorted := true
	for i, e := range events {
		ids[i] = e.ID
		sorted = sorted && (i == 0 || ids[i-1] < e.ID)
	}
	if !sorted {
		slices.Sort(ids)
		for i := 1; i < len(ids); i++ {
			if ids[i] == ids[i-1] {
				return fmt.Errorf("%w: event ID %d given twice", store.ErrConflict, ids[i])
			}
		}
	}
	stored, err := t.stmt(ctx, `SELECT id FROM compliance_events WHERE id BETWEEN ? AND ?`)
	if err != nil {
		return err
	}
	rows, err := stored.QueryContext(ctx, ids[0], ids[len(ids)-1])
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if _, found := slices.BinarySearch(ids, id); found {
			return fmt.Errorf("%w: event ID %d is taken", store.ErrConflict, id)
		}
	}
	return rows.Err()
}

// insertEvents inserts events in statements of eventsPerInsert, the rest
// in one statement of its own. t.mu is held.
func (t *tx) insertEvents(ctx context.Context, events []store.ComplianceEvent) error {
	args := make([]any, 0, eventsPerInsert*eventColumns)
	for len(events) > 0 {
		n := min(len(events), eventsPerInsert)
		query := insertEventsFull
		if n < eventsPerInsert {
			query = insertEvents(n)
		}
		st, err := t.stmt(ctx, query)
		if err != nil {
			return err
		}
		args = args[:0]
		for i := range events[:n] {
			args = sqlcodec.ComplianceEventValues(args, &events[i])
		}
		// Not translated: the checks passed, so this is no conflict the
		// caller could carry on after.
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
		events = events[n:]
	}
	return nil
}

// inlineAccounts is how many account IDs ComplianceEvents writes into the
// query as parameters; more go as one JSON array through json_each, which
// takes any number.
const inlineAccounts = 32

// complianceDialect is SQLite's part of the compliance query.
var complianceDialect = sqlcodec.ComplianceDialect{
	Param: func(int) string { return "?" },
	AccountIn: func(ids []string, arg func(any) string) string {
		if len(ids) > inlineAccounts {
			return "e.account_id IN (SELECT value FROM json_each(" + arg(sqlcodec.EncodeList(ids)) + "))"
		}
		params := make([]string, len(ids))
		for i, id := range ids {
			params[i] = arg(id)
		}
		return "e.account_id IN (" + strings.Join(params, ", ") + ")"
	},
}

// ComplianceEvents returns the events that match q; see store.ComplianceReader.
// It reads on the reader connections, so it sees committed events only and
// does not wait for a running Update.
func (db *DB) ComplianceEvents(ctx context.Context, q store.ComplianceQuery) (_ []store.ComplianceRecord, err error) {
	defer wrap(&err, "sqlite.ComplianceEvents")
	query, args, none := sqlcodec.ComplianceQuery(q, complianceDialect)
	if none {
		return []store.ComplianceRecord{}, nil
	}
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return sqlcodec.ComplianceRecords(rows, q.Limit, fromMicros)
}
