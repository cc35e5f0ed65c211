-- The Slack threads the notification gateway started (see store.SlackThreads):
-- per thread key (workspace/channel/thread ID, the gateway's format), the
-- timestamp of the thread's first message, to which later notifications of
-- the thread reply. In the store, so that every replica and a restarted
-- process continue the same thread; the first insert of a key wins.
--
-- started_at is microseconds since the epoch (the zero time as year 1's,
-- never NULL); threads older than the gateway's retention are pruned.
CREATE TABLE slack_threads (
	thread_key TEXT NOT NULL PRIMARY KEY,
	ts         TEXT NOT NULL,
	started_at INTEGER NOT NULL
) STRICT;

-- The pruning's scan: the oldest threads first.
CREATE INDEX slack_threads_started ON slack_threads (started_at, thread_key);
