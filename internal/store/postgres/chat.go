package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

var (
	chatConfigurationsTable = newTable("chat_configurations", 1, text("arn"), text("account_id"), text("platform"), text("name"), text("iam_role_arn"),
		text("sns_topic_arns"), text("logging_level"), text("guardrail_policy_arns"), boolean("user_authorization_required"),
		text("slack_team_id"), text("slack_team_name"), text("slack_channel_id"), text("slack_channel_name"),
		text("tenant_id"), text("team_id"), text("team_name"), text("channel_id"), text("channel_name"),
		text("webhook_url"), text("webhook_description"), text("tags"), micro("created_at"), micro("updated_at"))
	slackChannelsTable      = newTable("slack_channels", 2, text("team_id"), text("channel_id"), text("team_name"), text("channel_name"), text("visibility"), micro("updated_at"))
	teamsTeamsTable         = newTable("teams_teams", 1, text("team_id"), text("tenant_id"), text("team_name"), micro("updated_at"))
	accountPreferencesTable = newTable("account_preferences", 1, text("account_id"), boolean("user_authorization_required"), boolean("training_data_collection_enabled"))
)

func (t *tx) PutChatConfiguration(ctx context.Context, c store.ChatConfiguration) (err error) {
	defer wrap(&err, "postgres.PutChatConfiguration(%q)", c.ARN)
	return t.put(ctx, chatConfigurationsTable, sqlcodec.ChatConfigurationValues(make([]any, 0, len(chatConfigurationsTable.cols)), &c)...)
}

func (t *tx) DeleteChatConfiguration(ctx context.Context, arn string) (err error) {
	defer wrap(&err, "postgres.DeleteChatConfiguration(%q)", arn)
	// The user identities go by ON DELETE CASCADE.
	return t.remove(ctx, `DELETE FROM chat_configurations WHERE arn = $1`, arn)
}

func (t *tx) PutSlackChannel(ctx context.Context, c store.SlackChannel) (err error) {
	defer wrap(&err, "postgres.PutSlackChannel(%q, %q)", c.TeamID, c.ChannelID)
	return t.put(ctx, slackChannelsTable, c.TeamID, c.ChannelID, c.TeamName, c.ChannelName, c.Visibility, sqlcodec.Micros(c.UpdatedAt))
}

func (t *tx) DeleteSlackChannel(ctx context.Context, teamID, channelID string) (err error) {
	defer wrap(&err, "postgres.DeleteSlackChannel(%q, %q)", teamID, channelID)
	return t.remove(ctx, `DELETE FROM slack_channels WHERE team_id = $1 AND channel_id = $2`, teamID, channelID)
}

func (t *tx) PutTeamsTeam(ctx context.Context, tm store.TeamsTeam) (err error) {
	defer wrap(&err, "postgres.PutTeamsTeam(%q)", tm.TeamID)
	return t.put(ctx, teamsTeamsTable, tm.TeamID, tm.TenantID, tm.TeamName, sqlcodec.Micros(tm.UpdatedAt))
}

func (t *tx) DeleteTeamsTeam(ctx context.Context, teamID string) (err error) {
	defer wrap(&err, "postgres.DeleteTeamsTeam(%q)", teamID)
	return t.remove(ctx, `DELETE FROM teams_teams WHERE team_id = $1`, teamID)
}

func (t *tx) PutAccountPreferences(ctx context.Context, p store.AccountPreferences) (err error) {
	defer wrap(&err, "postgres.PutAccountPreferences(%q)", p.AccountID)
	return t.put(ctx, accountPreferencesTable, p.AccountID, p.UserAuthorizationRequired, p.TrainingDataCollectionEnabled)
}

func (t *tx) PutUserIdentity(ctx context.Context, u store.UserIdentity) (err error) {
	defer wrap(&err, "postgres.PutUserIdentity(%q, %q)", u.ConfigurationARN, u.ChatUserID)
	// Not queued: whether the configuration exists is known only once
	// the queued configurations are sent. The EXISTS test rather than the
	// foreign key, which would abort the transaction.
	n, err := t.exec(ctx, `INSERT INTO user_identities (configuration_arn, chat_user_id, team_id, tenant_id, channel_id, iam_role_arn, aws_user_identity, created_at)
		SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::bigint
		WHERE EXISTS (SELECT 1 FROM chat_configurations WHERE arn = $1::text)
		ON CONFLICT (configuration_arn, chat_user_id) DO UPDATE SET team_id = excluded.team_id, tenant_id = excluded.tenant_id,
		channel_id = excluded.channel_id, iam_role_arn = excluded.iam_role_arn, aws_user_identity = excluded.aws_user_identity,
		created_at = excluded.created_at`,
		u.ConfigurationARN, u.ChatUserID, u.TeamID, u.TenantID, u.ChannelID, u.IamRoleARN, u.AwsUserIdentity, sqlcodec.Micros(u.CreatedAt))
	if err == nil && n == 0 {
		err = fmt.Errorf("%w: no configuration %q", store.ErrNotFound, u.ConfigurationARN)
	}
	return err
}

func (t *tx) DeleteUserIdentity(ctx context.Context, configurationARN, chatUserID string) (err error) {
	defer wrap(&err, "postgres.DeleteUserIdentity(%q, %q)", configurationARN, chatUserID)
	return t.remove(ctx, `DELETE FROM user_identities WHERE configuration_arn = $1 AND chat_user_id = $2`, configurationARN, chatUserID)
}

func (t *tx) AddComplianceCause(ctx context.Context, c store.ComplianceCause) (err error) {
	defer wrap(&err, "postgres.AddComplianceCause(%d)", c.ID)
	// ON CONFLICT rather than the primary key's error, which would abort
	// the transaction.
	n, err := t.exec(ctx, `INSERT INTO compliance_causes (id, time, operation, caller_arn, detail) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (id) DO NOTHING`, c.ID, sqlcodec.Micros(c.Time), c.Operation, c.CallerARN, c.Detail)
	if err == nil && n == 0 {
		err = fmt.Errorf("%w: cause %d exists", store.ErrConflict, c.ID)
	}
	return err
}

// eventRows is a pgx.CopyFromSource over events. pgx encodes each row
// before it asks for the next, so one array of values serves them all.
type eventRows struct {
	events []store.ComplianceEvent
	next   int
	vals   [9]any
}

func (r *eventRows) Next() bool { r.next++; return r.next <= len(r.events) }
func (r *eventRows) Err() error { return nil }
func (r *eventRows) Values() ([]any, error) {
	e := &r.events[r.next-1]
	return sqlcodec.ComplianceEventValues(r.vals[:0], e), nil
}

func (t *tx) AddComplianceEvents(ctx context.Context, events []store.ComplianceEvent) (err error) {
	defer wrap(&err, "postgres.AddComplianceEvents(%d events)", len(events))
	if len(events) == 0 {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(); err != nil {
		return err
	}
	if err := t.flush(ctx, nil); err != nil {
		return err
	}
	// Causes are checked here, and only here: 0004 dropped the foreign
	// key, which cost a third of a large write. The check holds until
	// commit because Updates run one at a time under the advisory lock and
	// a cause is deleted only when no event references it
	// (PruneCompliance), which these events will. Events of one write
	// share their cause, so this is usually one ID.
	seen := map[int64]bool{}
	var causes []int64
	for _, e := range events {
		if !seen[e.CauseID] {
			seen[e.CauseID] = true
			causes = append(causes, e.CauseID)
		}
	}
	var missing []int64
	if err := t.tx.QueryRow(ctx, `SELECT COALESCE(array_agg(u.id), '{}') FROM unnest($1::bigint[]) AS u (id)
		WHERE NOT EXISTS (SELECT 1 FROM compliance_causes c WHERE c.id = u.id)`, causes).Scan(&missing); err != nil {
		t.err = err
		return err
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: no cause %s", store.ErrNotFound, joinIDs(missing))
	}
	// COPY, the fastest way in, inside a savepoint: a taken ID aborts the
	// COPY, and rolling back to the savepoint undoes it alone and keeps
	// the transaction usable.
	sp, err := t.tx.Begin(ctx)
	if err != nil {
		t.err = err
		return err
	}
	_, err = sp.CopyFrom(ctx, pgx.Identifier{"compliance_events"}, sqlcodec.ComplianceEventColumns, &eventRows{events: events})
	if err != nil {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if rerr := sp.Rollback(rctx); rerr != nil {
			t.err = err
			return fmt.Errorf("%w (and rolling back: %v)", err, rerr)
		}
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
			return fmt.Errorf("%w: %s: %w", store.ErrConflict, pe.Detail, err)
		}
		t.err = err
		return err
	}
	if err := sp.Commit(ctx); err != nil {
		t.err = err
		return err
	}
	// A large batch can change the table's statistics more than the
	// planner would guess until autovacuum next analyzes it (up to a
	// minute later, or never before the first batch): without them, a
	// query for 50 accounts' latest events scanned the table in ID order
	// for 1.3 s instead of reading their 500 events by index in 2 ms.
	// ANALYZE samples a fixed number of rows, some 0.2 s.
	if len(events) >= analyzeAfter {
		if _, err := t.tx.Exec(ctx, `ANALYZE compliance_events`); err != nil {
			t.err = err
			return err
		}
	}
	return nil
}

// analyzeAfter is how many events in one AddComplianceEvents call make it
// refresh the table's statistics.
const analyzeAfter = 10_000

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}

// inlineAccounts is up to how many account IDs ComplianceEvents matches
// with = ANY (an index condition); more are joined from unnest, which the
// planner can hash.
const inlineAccounts = 32

// complianceDialect is PostgreSQL's part of the compliance query.
var complianceDialect = sqlcodec.ComplianceDialect{
	Param: func(n int) string { return "$" + strconv.Itoa(n) },
	AccountIn: func(ids []string, arg func(any) string) string {
		if len(ids) > inlineAccounts {
			return "e.account_id IN (SELECT unnest(" + arg(ids) + "::text[]))"
		}
		return "e.account_id = ANY (" + arg(ids) + "::text[])"
	},
}

// ComplianceEvents returns the events that match q; see store.ComplianceReader.
// It reads on a pooled connection of its own, so it sees committed events
// only and does not wait for a running Update.
func (db *DB) ComplianceEvents(ctx context.Context, q store.ComplianceQuery) (_ []store.ComplianceRecord, err error) {
	defer wrap(&err, "postgres.ComplianceEvents")
	query, args, none := sqlcodec.ComplianceQuery(q, complianceDialect)
	if none {
		return []store.ComplianceRecord{}, nil
	}
	rows, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return sqlcodec.ComplianceRecords(rows, q.Limit, fromMicros)
}
