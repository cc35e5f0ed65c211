-- Chat channel configurations, the chat directory, account preferences,
-- user identities and the compliance history, for PostgreSQL.
--
-- None of these tables belongs to the organization's structure:
-- DeleteOrganization leaves them alone (chat data belongs to accounts).
--
-- Lists (SNS topics, guardrail policies) and tags are JSON in TEXT columns,
-- not jsonb: an array of strings and an object of strings, written without
-- whitespace ('[]' and '{}' when empty), which the server passes through
-- untouched and Load splits without a JSON parser in the common case. Cast
-- to jsonb to query them. Times are microseconds, NULL for the zero time, as
-- in 0001_init.sql.

CREATE TABLE chat_configurations (
	arn                         TEXT PRIMARY KEY,
	account_id                  TEXT NOT NULL,
	platform                    TEXT NOT NULL,
	name                        TEXT NOT NULL,
	iam_role_arn                TEXT NOT NULL,
	sns_topic_arns              TEXT NOT NULL,
	logging_level               TEXT NOT NULL,
	guardrail_policy_arns       TEXT NOT NULL,
	user_authorization_required BOOLEAN NOT NULL,
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
	created_at                  BIGINT,
	updated_at                  BIGINT
);

CREATE INDEX chat_configurations_account_id ON chat_configurations (account_id);

CREATE TABLE slack_channels (
	team_id      TEXT NOT NULL,
	team_name    TEXT NOT NULL,
	channel_id   TEXT NOT NULL,
	channel_name TEXT NOT NULL,
	visibility   TEXT NOT NULL,
	updated_at   BIGINT,
	PRIMARY KEY (team_id, channel_id)
);

CREATE TABLE teams_teams (
	team_id    TEXT PRIMARY KEY,
	tenant_id  TEXT NOT NULL,
	team_name  TEXT NOT NULL,
	updated_at BIGINT
);

CREATE TABLE account_preferences (
	account_id                       TEXT PRIMARY KEY,
	user_authorization_required      BOOLEAN NOT NULL,
	training_data_collection_enabled BOOLEAN NOT NULL
);

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
	created_at        BIGINT,
	PRIMARY KEY (configuration_arn, chat_user_id)
);

-- The compliance history is append-only; IDs are chatgov's.
CREATE TABLE compliance_causes (
	id         BIGINT PRIMARY KEY,
	time       BIGINT,
	operation  TEXT NOT NULL,
	caller_arn TEXT NOT NULL,
	detail     TEXT NOT NULL
);

-- Events outlive their configurations (no key to chat_configurations).
-- Causes are never deleted, so cause_id needs no index of its own. The
-- primary key serves AfterID and the order; the two indexes serve the
-- account and configuration filters already in ID order.
-- (0004_compliance_write_cost.sql drops the key to compliance_causes and the
-- configuration_arn index.)
CREATE TABLE compliance_events (
	id                BIGINT PRIMARY KEY,
	cause_id          BIGINT NOT NULL REFERENCES compliance_causes (id),
	time              BIGINT,
	configuration_arn TEXT NOT NULL,
	account_id        TEXT NOT NULL,
	platform          TEXT NOT NULL,
	old_state         TEXT NOT NULL,
	new_state         TEXT NOT NULL,
	reason            TEXT NOT NULL
);

CREATE INDEX compliance_events_account_id ON compliance_events (account_id, id);
CREATE INDEX compliance_events_configuration_arn ON compliance_events (configuration_arn, id);
