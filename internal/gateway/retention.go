package gateway

import "context"

// The outbox's retention. A delivery that is done (delivered, dead or
// suppressed) is kept for NotificationRetention after it was done, for
// ListNotificationDeliveries and the dead-letter list; then it is
// deleted, and its message with its last delivery. Every gateway prunes;
// replicas sharing a PostgreSQL store skip the deliveries another one is
// deleting.

// Timing of the outbox's pruning: in the same rounds as the threads'
// (threadPruneEvery), at most notificationPruneBatches transactions of
// notificationPruneBatch deliveries (and as many messages) a round, so
// that a backlog goes over a few rounds and other writes pass between.
const (
	notificationPruneBatch   = 500
	notificationPruneBatches = 20
)

// pruneNotifications deletes the deliveries finished more than
// NotificationRetention ago and the messages left without any, in
// batches; nothing when NotificationRetention is 0 (kept for ever).
func (g *Gateway) pruneNotifications(ctx context.Context) {
	if g.opts.NotificationRetention <= 0 {
		return
	}
	for range notificationPruneBatches {
		n, err := g.out.PruneNotifications(ctx, g.opts.NotificationRetention, notificationPruneBatch)
		if err != nil {
			if ctx.Err() == nil {
				g.log.Error("gateway: notifications not pruned", "err", err)
			}
			return
		}
		if n < notificationPruneBatch {
			return
		}
	}
}
