-- chatgov's first schema for SQLite.
--
-- Times are INTEGER microseconds since the Unix epoch (UTC), the precision
-- store.go promises; NULL is Go's zero time, so that the epoch itself and
-- "never" stay distinct. Tables are STRICT so that a wrong type is an error,
-- not a silent conversion.
--
-- Only attachments reference another table: an attachment's policy must
-- exist. Parents, targets and tagged resources are free-form IDs because
-- they may name a root, an OU or an account, and chatgov (not the schema)
-- keeps the tree consistent.

-- The revision of the last committed Update; exactly one row.
CREATE TABLE revision (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	value INTEGER NOT NULL
) STRICT;
INSERT INTO revision (id, value) VALUES (1, 0);

CREATE TABLE settings (
	key   TEXT NOT NULL PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- At most one organization: the constant key makes PutOrganization an
-- upsert of the one row whatever the organization's ID.
CREATE TABLE organization (
	singleton                INTEGER PRIMARY KEY CHECK (singleton = 1),
	id                       TEXT NOT NULL,
	feature_set              TEXT NOT NULL,
	management_account_id    TEXT NOT NULL,
	management_account_email TEXT NOT NULL,
	root_id                  TEXT NOT NULL,
	root_name                TEXT NOT NULL,
	created_at               INTEGER
) STRICT;

CREATE TABLE policy_types (
	type   TEXT NOT NULL PRIMARY KEY,
	status TEXT NOT NULL
) STRICT;

CREATE TABLE ous (
	id         TEXT NOT NULL PRIMARY KEY,
	parent_id  TEXT NOT NULL,
	name       TEXT NOT NULL,
	created_at INTEGER
) STRICT;

CREATE TABLE accounts (
	id            TEXT NOT NULL PRIMARY KEY,
	parent_id     TEXT NOT NULL,
	name          TEXT NOT NULL,
	email         TEXT NOT NULL,
	status        TEXT NOT NULL,
	joined_method TEXT NOT NULL,
	joined_at     INTEGER,
	role_name     TEXT NOT NULL
) STRICT;

CREATE TABLE create_account_statuses (
	id             TEXT NOT NULL PRIMARY KEY,
	account_name   TEXT NOT NULL,
	email          TEXT NOT NULL,
	state          TEXT NOT NULL,
	account_id     TEXT NOT NULL,
	failure_reason TEXT NOT NULL,
	requested_at   INTEGER,
	completed_at   INTEGER
) STRICT;

CREATE TABLE policies (
	id          TEXT NOT NULL PRIMARY KEY,
	name        TEXT NOT NULL,
	description TEXT NOT NULL,
	type        TEXT NOT NULL,
	content     TEXT NOT NULL,
	aws_managed INTEGER NOT NULL CHECK (aws_managed IN (0, 1)),
	created_at  INTEGER,
	updated_at  INTEGER
) STRICT;

-- The primary key also serves DeletePolicy's "still attached?" check.
CREATE TABLE attachments (
	policy_id TEXT NOT NULL REFERENCES policies (id),
	target_id TEXT NOT NULL,
	seq       INTEGER NOT NULL,
	PRIMARY KEY (policy_id, target_id)
) STRICT;

CREATE TABLE tags (
	resource_id TEXT NOT NULL,
	key         TEXT NOT NULL,
	value       TEXT NOT NULL,
	PRIMARY KEY (resource_id, key)
) STRICT;

CREATE TABLE delegated_admins (
	account_id        TEXT NOT NULL,
	service_principal TEXT NOT NULL,
	enabled_at        INTEGER,
	PRIMARY KEY (account_id, service_principal)
) STRICT;

CREATE TABLE service_access (
	service_principal TEXT NOT NULL PRIMARY KEY,
	enabled_at        INTEGER
) STRICT;

CREATE TABLE credentials (
	access_key_id     TEXT NOT NULL PRIMARY KEY,
	secret_access_key TEXT NOT NULL,
	session_token     TEXT NOT NULL,
	account_id        TEXT NOT NULL,
	principal_arn     TEXT NOT NULL,
	expires_at        INTEGER
) STRICT;

-- Temporary credentials pile up; DeleteExpiredCredentials finds them here.
CREATE INDEX credentials_expires_at ON credentials (expires_at) WHERE expires_at IS NOT NULL;
