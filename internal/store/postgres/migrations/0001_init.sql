-- chatgov's first schema for PostgreSQL.
--
-- Times are BIGINT microseconds since the Unix epoch (UTC) rather than
-- timestamptz: the SQLite schema stores the same numbers, so both drivers
-- share one encoding (and one truncation rule) that the conformance suite
-- pins, with no session time zone in the way. NULL is Go's zero time, so
-- that the epoch itself and "never" stay distinct.
--
-- Only attachments reference another table: an attachment's policy must
-- exist. Parents, targets and tagged resources are free-form IDs because
-- they may name a root, an OU or an account, and chatgov (not the schema)
-- keeps the tree consistent.

-- The revision of the last committed Update; exactly one row.
CREATE TABLE revision (
	id    SMALLINT PRIMARY KEY CHECK (id = 1),
	value BIGINT NOT NULL
);
INSERT INTO revision (id, value) VALUES (1, 0);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- At most one organization: the constant key makes PutOrganization an
-- upsert of the one row whatever the organization's ID.
CREATE TABLE organization (
	singleton                SMALLINT PRIMARY KEY CHECK (singleton = 1),
	id                       TEXT NOT NULL,
	feature_set              TEXT NOT NULL,
	management_account_id    TEXT NOT NULL,
	management_account_email TEXT NOT NULL,
	root_id                  TEXT NOT NULL,
	root_name                TEXT NOT NULL,
	created_at               BIGINT
);

CREATE TABLE policy_types (
	type   TEXT PRIMARY KEY,
	status TEXT NOT NULL
);

CREATE TABLE ous (
	id         TEXT PRIMARY KEY,
	parent_id  TEXT NOT NULL,
	name       TEXT NOT NULL,
	created_at BIGINT
);

CREATE TABLE accounts (
	id            TEXT PRIMARY KEY,
	parent_id     TEXT NOT NULL,
	name          TEXT NOT NULL,
	email         TEXT NOT NULL,
	status        TEXT NOT NULL,
	joined_method TEXT NOT NULL,
	joined_at     BIGINT,
	role_name     TEXT NOT NULL
);

CREATE TABLE create_account_statuses (
	id             TEXT PRIMARY KEY,
	account_name   TEXT NOT NULL,
	email          TEXT NOT NULL,
	state          TEXT NOT NULL,
	account_id     TEXT NOT NULL,
	failure_reason TEXT NOT NULL,
	requested_at   BIGINT,
	completed_at   BIGINT
);

CREATE TABLE policies (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	description TEXT NOT NULL,
	type        TEXT NOT NULL,
	content     TEXT NOT NULL,
	aws_managed BOOLEAN NOT NULL,
	created_at  BIGINT,
	updated_at  BIGINT
);

-- The primary key also serves DeletePolicy's "still attached?" check.
CREATE TABLE attachments (
	policy_id TEXT NOT NULL REFERENCES policies (id),
	target_id TEXT NOT NULL,
	seq       BIGINT NOT NULL,
	PRIMARY KEY (policy_id, target_id)
);

CREATE TABLE tags (
	resource_id TEXT NOT NULL,
	key         TEXT NOT NULL,
	value       TEXT NOT NULL,
	PRIMARY KEY (resource_id, key)
);

CREATE TABLE delegated_admins (
	account_id        TEXT NOT NULL,
	service_principal TEXT NOT NULL,
	enabled_at        BIGINT,
	PRIMARY KEY (account_id, service_principal)
);

CREATE TABLE service_access (
	service_principal TEXT PRIMARY KEY,
	enabled_at        BIGINT
);

CREATE TABLE credentials (
	access_key_id     TEXT PRIMARY KEY,
	secret_access_key TEXT NOT NULL,
	session_token     TEXT NOT NULL,
	account_id        TEXT NOT NULL,
	principal_arn     TEXT NOT NULL,
	expires_at        BIGINT
);

-- Temporary credentials pile up; DeleteExpiredCredentials finds them here.
CREATE INDEX credentials_expires_at ON credentials (expires_at) WHERE expires_at IS NOT NULL;
