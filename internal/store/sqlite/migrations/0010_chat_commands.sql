-- Commands typed in chat, for SQLite: the secrets Slack and Microsoft Teams
-- sign their requests with, AWS Chatbot custom actions, and their
-- associations with channel configurations.
--
-- Load reads the three tables whole, so the primary keys are the only
-- indexes. An association names its configuration and action without a
-- foreign key: the service removes a configuration's or an action's
-- associations in the same transaction as the configuration or action.
--
-- Times are microseconds, NULL for the zero time, as in 0001_init.sql.

-- platform is 'slack' (workspace_id a Slack team ID) or 'microsoft_teams'
-- (workspace_id a Teams team ID, lower-case). secret is what the platform
-- signs with; the API never returns it.
CREATE TABLE signing_secrets (
	platform     TEXT NOT NULL,
	workspace_id TEXT NOT NULL,
	secret       TEXT NOT NULL,
	updated_at   INTEGER,
	PRIMARY KEY (platform, workspace_id)
) STRICT;

-- alias_name is '' when the action has none; attachments is the JSON array
-- of the action's notification buttons as the API shapes them ('[]' when
-- none), written and read whole; tags is a JSON object of strings as
-- 0002_chat.sql's configuration tags are ('{}' when none).
CREATE TABLE custom_actions (
	arn          TEXT NOT NULL PRIMARY KEY,
	account_id   TEXT NOT NULL,
	name         TEXT NOT NULL,
	alias_name   TEXT NOT NULL,
	command_text TEXT NOT NULL,
	attachments  TEXT NOT NULL,
	tags         TEXT NOT NULL,
	created_at   INTEGER,
	updated_at   INTEGER
) STRICT;

CREATE TABLE chat_associations (
	configuration_arn TEXT NOT NULL,
	resource_arn      TEXT NOT NULL,
	created_at        INTEGER,
	PRIMARY KEY (configuration_arn, resource_arn)
) STRICT;
