-- SNS topics and the outbox of notifications, for SQLite (see
-- store.Notifications). Topics belong to an account; messages are what
-- Publish acknowledged; deliveries are one message on its way to one
-- configuration. A message and its deliveries are written in one
-- transaction, so an acknowledged message always has them.
--
-- attributes and tags are JSON objects of strings ('{}' when none), a
-- message's attributes a JSON object of {"DataType":..,"Value":..}.
-- Times are microseconds, NULL for the zero time, as in 0001_init.sql.
CREATE TABLE sns_topics (
	arn        TEXT NOT NULL PRIMARY KEY,
	account_id TEXT NOT NULL,
	region     TEXT NOT NULL,
	name       TEXT NOT NULL,
	attributes TEXT NOT NULL,
	tags       TEXT NOT NULL,
	created_at INTEGER
) STRICT;

CREATE INDEX sns_topics_account ON sns_topics (account_id, arn);

-- A message outlives its topic: what was acknowledged is still delivered.
CREATE TABLE sns_messages (
	id           TEXT NOT NULL PRIMARY KEY,
	topic_arn    TEXT NOT NULL,
	subject      TEXT NOT NULL,
	body         TEXT NOT NULL,
	attributes   TEXT NOT NULL,
	published_at INTEGER
) STRICT;

CREATE TABLE sns_deliveries (
	id                TEXT NOT NULL PRIMARY KEY,
	message_id        TEXT NOT NULL REFERENCES sns_messages (id),
	configuration_arn TEXT NOT NULL,
	account_id        TEXT NOT NULL,
	status            TEXT NOT NULL,
	attempts          INTEGER NOT NULL,
	next_attempt_at   INTEGER,
	detail            TEXT NOT NULL,
	created_at        INTEGER,
	done_at           INTEGER
) STRICT;

-- The claim's scan: pending deliveries, the earliest due first.
CREATE INDEX sns_deliveries_due ON sns_deliveries (next_attempt_at, id) WHERE status = 'PENDING';
CREATE INDEX sns_deliveries_configuration ON sns_deliveries (configuration_arn, id);
