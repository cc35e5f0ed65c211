-- The inbox of commands typed in chat, for PostgreSQL (see store.CommandInbox).
-- The gateway stores a Slack event or slash command here, in one write,
-- before it acknowledges the request; retry_key is Slack's retry key, so a retry
-- meets the primary key (also after a restart) and is not done twice. A
-- worker claims due rows with a lease (next_attempt_at), as sns_deliveries
-- are claimed; done rows stay a retention, then are pruned.
--
-- kind and payload are the gateway's (payload JSON); stage is ACCEPTED,
-- EXECUTING, REPLYING or DONE; reply is the answer once decided.
-- Times are microseconds, NULL for the zero time, as in 0001_init.sql.
CREATE TABLE chat_command_inbox (
	retry_key       TEXT PRIMARY KEY,
	kind            TEXT NOT NULL,
	payload         TEXT NOT NULL,
	stage           TEXT NOT NULL,
	attempts        INTEGER NOT NULL,
	next_attempt_at BIGINT,
	reply           TEXT NOT NULL,
	created_at      BIGINT,
	done_at         BIGINT
);

-- The claim's scan: unfinished commands, the earliest due first.
CREATE INDEX chat_command_inbox_due ON chat_command_inbox (next_attempt_at, retry_key) WHERE stage <> 'DONE';
-- The pruning's scan: done commands, the oldest first.
CREATE INDEX chat_command_inbox_done ON chat_command_inbox (done_at, retry_key) WHERE stage = 'DONE';
