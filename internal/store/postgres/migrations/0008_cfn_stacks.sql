-- CloudFormation stacks (issue 16). A stack's template, parameters,
-- resources, events and change sets are one JSON document (TEXT, written
-- and read whole, as 0006_membership.sql's handshake parties are): a stack
-- is rewritten whole at each step of its operation, and Load reads the
-- table whole, so the primary key is the only index. Stacks belong to
-- accounts, not to the organization: DeleteOrganization leaves them.
CREATE TABLE cfn_stacks (
	id          TEXT PRIMARY KEY,
	account_id  TEXT NOT NULL,
	name        TEXT NOT NULL,
	status      TEXT NOT NULL,
	document    TEXT NOT NULL,
	updated_at  BIGINT
);
