-- Who is in the organization, for SQLite: handshakes (invitations and the
-- steps of enabling all features), the accounts chatgov knows outside the
-- organization, and when a member account was closed.
--
-- Handshakes belong to the organization (DeleteOrganization empties the
-- table); standalone accounts do not: an account that left, or that the
-- management account made standalone, outlives the organization, as its
-- credentials do. Load reads both tables whole, so the primary keys are the
-- only indexes.
--
-- Times are microseconds, NULL for the zero time, as in 0001_init.sql.

-- closed_at is NULL while the account is open.
ALTER TABLE accounts ADD COLUMN closed_at INTEGER;

-- parties and resources are JSON arrays written and read whole, as
-- 0003_iam.sql's inline policies are: a handshake is always written whole
-- (PutHandshake replaces it) and nothing looks a party up alone. parties
-- is [{"Type":...,"Id":...}], resources [{"Type":...,"Value":...,
-- "Resources":[...]}], nested as the API nests them; tags is a JSON object
-- of strings as 0002_chat.sql's configuration tags are ('{}' when none).
-- parent_id is '' when the handshake has no parent.
CREATE TABLE handshakes (
	id           TEXT NOT NULL PRIMARY KEY,
	action       TEXT NOT NULL,
	state        TEXT NOT NULL,
	parties      TEXT NOT NULL,
	resources    TEXT NOT NULL,
	parent_id    TEXT NOT NULL,
	tags         TEXT NOT NULL,
	requested_at INTEGER,
	expires_at   INTEGER,
	updated_at   INTEGER
) STRICT;

CREATE TABLE standalone_accounts (
	id         TEXT NOT NULL PRIMARY KEY,
	name       TEXT NOT NULL,
	email      TEXT NOT NULL,
	status     TEXT NOT NULL,
	role_name  TEXT NOT NULL,
	created_at INTEGER,
	closed_at  INTEGER
) STRICT;
