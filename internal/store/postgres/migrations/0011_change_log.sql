-- The change log: every committed write of chatgov's application, in
-- revision order, so that the processes sharing this store (replicas) apply
-- each other's writes. data is the application's encoding of the change;
-- committed_at is microseconds since the epoch on the database's clock.
--
-- The log is pruned from its oldest end; a replica that falls further
-- behind than the log reaches loads the whole state again.
CREATE TABLE change_log (
	revision     BIGINT PRIMARY KEY,
	data         BYTEA NOT NULL,
	committed_at BIGINT NOT NULL
);
