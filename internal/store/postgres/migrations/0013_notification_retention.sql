-- The outbox's pruning (store.Notifications.PruneNotifications): finished
-- deliveries are deleted once older than the retention, the oldest first,
-- then the messages no delivery names any more.
--
-- The deliveries' scan: finished ones by the time they were done.
CREATE INDEX sns_deliveries_done ON sns_deliveries (done_at, id) WHERE status <> 'PENDING';
-- The messages' scan: the oldest first.
CREATE INDEX sns_messages_published ON sns_messages (published_at, id);
-- Whether a message has a delivery left: the pruning asks, and so does
-- the foreign key when a message is deleted.
CREATE INDEX sns_deliveries_message ON sns_deliveries (message_id, id);
