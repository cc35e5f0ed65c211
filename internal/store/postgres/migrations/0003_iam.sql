-- Registered IAM roles and customer managed policies, for PostgreSQL: what
-- chatgov cannot read from AWS but needs to decide chat commands.
--
-- Neither table belongs to the organization's structure: DeleteOrganization
-- leaves them alone (roles and policies belong to accounts, as chat data
-- does). Nothing references them and they reference nothing: a role may name
-- an AWS managed policy, or one registered later, and chatgov resolves ARNs
-- when it decides, not when it stores. Load reads both tables whole, so the
-- primary keys are the only indexes.
--
-- Times are microseconds, NULL for the zero time, as in 0001_init.sql.

-- managed_policy_arns is a JSON array of strings in a TEXT column, written
-- as 0002_chat.sql's lists are ('[]' when empty). inline_policies is a JSON
-- array of {"Name":...,"Document":...} objects in the role's order ('[]'
-- when none), not a child table: a role's inline policies are always written
-- and read whole (PutRolePermissions replaces them all), nothing looks one
-- up alone, and the array keeps their order without a sequence column. One
-- row per role also keeps PutRolePermissions a single upsert, which the
-- driver queues and sends in bulk, instead of a delete and an insert per
-- policy. TEXT rather than jsonb, as in 0002_chat.sql: the server passes
-- the text through untouched.
CREATE TABLE role_permissions (
	role_arn            TEXT PRIMARY KEY,
	account_id          TEXT NOT NULL,
	managed_policy_arns TEXT NOT NULL,
	inline_policies     TEXT NOT NULL,
	updated_at          BIGINT
);

CREATE TABLE managed_policies (
	arn        TEXT PRIMARY KEY,
	account_id TEXT NOT NULL,
	name       TEXT NOT NULL,
	path       TEXT NOT NULL,
	document   TEXT NOT NULL,
	updated_at BIGINT
);
