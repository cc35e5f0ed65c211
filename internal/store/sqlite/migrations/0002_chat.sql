-- Chat channel configurations, the chat directory, account preferences,
-- user identities and the compliance history, for SQLite.
--
-- None of these tables belongs to the organization's structure:
-- DeleteOrganization leaves them alone (chat data belongs to accounts).
--
-- Lists (SNS topics, guardrail policies) and tags are JSON text: an array of
-- strings and an object of strings, written without whitespace ('[]' and '{}'
-- when empty), so that Load can split the common case without a JSON parser.
-- Booleans are 0 or 1. Times are microseconds, NULL for the zero time, as in
-- 0001_init.sql.

CREATE TABLE chat_configurations (
	arn                         TEXT NOT NULL PRIMARY KEY,
	account_id                  TEXT NOT NULL,
	platform                    TEXT NOT NULL,
	name                        TEXT NOT NULL,
	iam_role_arn                TEXT NOT NULL,
	sns_topic_arns              TEXT NOT NULL,
	logging_level               TEXT NOT NULL,
	guardrail_policy_arns       TEXT NOT NULL,
	user_authorization_required INTEGER NOT NULL CHECK (user_authorization_required IN (0, 1)),
	slack_team_id               TEXT NOT NULL,
	slack_team_name             TEXT NOT NULL,
	slack_channel_id            TEXT NOT NULL,
	slack_channel_name          TEXT NOT NULL,
	tenant_id                   TEXT NOT NULL,
	team_id                     TEXT NOT NULL,
	team_name                   TEXT NOT NULL,
	channel_id                  TEXT NOT NULL,
	channel_name                TEXT NOT NULL,
	webhook_url                 TEXT NOT NULL,
	webhook_description         TEXT NOT NULL,
	tags                        TEXT NOT NULL,
	created_at                  INTEGER,
	updated_at                  INTEGER
) STRICT;

CREATE INDEX chat_configurations_account_id ON chat_configurations (account_id);

CREATE TABLE slack_channels (
	team_id      TEXT NOT NULL,
	team_name    TEXT NOT NULL,
	channel_id   TEXT NOT NULL,
	channel_name TEXT NOT NULL,
	visibility   TEXT NOT NULL,
	updated_at   INTEGER,
	PRIMARY KEY (team_id, channel_id)
) STRICT;

CREATE TABLE teams_teams (
	team_id    TEXT NOT NULL PRIMARY KEY,
	tenant_id  TEXT NOT NULL,
	team_name  TEXT NOT NULL,
	updated_at INTEGER
) STRICT;

CREATE TABLE account_preferences (
	account_id                       TEXT NOT NULL PRIMARY KEY,
	user_authorization_required      INTEGER NOT NULL CHECK (user_authorization_required IN (0, 1)),
	training_data_collection_enabled INTEGER NOT NULL CHECK (training_data_collection_enabled IN (0, 1))
) STRICT;

-- A configuration's identities go with it; the primary key serves the
-- cascade.
CREATE TABLE user_identities (
	configuration_arn TEXT NOT NULL REFERENCES chat_configurations (arn) ON DELETE CASCADE,
	chat_user_id      TEXT NOT NULL,
	team_id           TEXT NOT NULL,
	tenant_id         TEXT NOT NULL,
	channel_id        TEXT NOT NULL,
	iam_role_arn      TEXT NOT NULL,
	aws_user_identity TEXT NOT NULL,
	created_at        INTEGER,
	PRIMARY KEY (configuration_arn, chat_user_id)
) STRICT;

-- The compliance history is append-only. IDs are chatgov's, not SQLite's:
-- INTEGER PRIMARY KEY makes them the rowid, so the table is one B-tree in ID
-- order and appending in ID order is appending to it.
CREATE TABLE compliance_causes (
	id         INTEGER PRIMARY KEY,
	time       INTEGER,
	operation  TEXT NOT NULL,
	caller_arn TEXT NOT NULL,
	detail     TEXT NOT NULL
) STRICT;

-- Events outlive their configurations (no key to chat_configurations).
-- Every entry of a rowid table's index ends with the rowid, so the two
-- indexes below are (account_id, id) and (configuration_arn, id): each serves
-- its ComplianceQuery filter already in ID order, from AfterID on.
-- (0004_compliance_write_cost.sql drops the configuration_arn index.)
CREATE TABLE compliance_events (
	id                INTEGER PRIMARY KEY,
	cause_id          INTEGER NOT NULL REFERENCES compliance_causes (id),
	time              INTEGER,
	configuration_arn TEXT NOT NULL,
	account_id        TEXT NOT NULL,
	platform          TEXT NOT NULL,
	old_state         TEXT NOT NULL,
	new_state         TEXT NOT NULL,
	reason            TEXT NOT NULL
) STRICT;

CREATE INDEX compliance_events_account_id ON compliance_events (account_id);
CREATE INDEX compliance_events_configuration_arn ON compliance_events (configuration_arn);
