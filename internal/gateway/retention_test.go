package gateway_test

import (
	"context"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

// TestNotificationRetention restarts a server with its clock moved on and
// checks what its gateway pruned at start: a notification delivered less
// than the retention ago is kept, and so is every one when the retention
// is 0; one delivered longer ago is gone. The server's configuration
// carries the retention to the gateway.
func TestNotificationRetention(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fastGateway())
	delivered := func(id string) bool {
		ds := w.deliveries(id)
		return ds["slack-alerts"].Status == "DELIVERED" && ds["teams-ops"].Status == "DELIVERED"
	}
	first := w.publish(alarm)
	eventually(t, "the first notification delivered", func() bool { return delivered(first) })

	const day = 24 * time.Hour
	var barriers []string
	tests := []struct {
		name      string
		retention time.Duration
		later     time.Duration
		kept      bool
	}{
		{"within the retention", 30 * day, 29 * day, true},
		{"kept for ever", 0, 400 * day, true},
		{"older than the retention", 30 * day, 31 * day, false},
	}
	for _, tt := range tests {
		w.stop()
		w.cfg.NotificationRetention = tt.retention
		later := tt.later
		w.now = func() time.Time { return time.Now().Add(later) }
		w.start()
		// The gateway prunes before it delivers: once a notification
		// published now is delivered, the pruning at start is done. (The
		// SDK's signature would be refused by the moved clock: gov
		// publishes it.)
		id, err := w.srv.Service.Publish(context.Background(), w.member, gov.PublishInput{TopicARN: w.topic, Message: tt.name})
		must(t, err)
		eventually(t, tt.name+": a notification delivered after the restart", func() bool { return delivered(id) })
		barriers = append(barriers, id)
		if got := len(w.deliveries(first)); tt.kept && got != 2 || !tt.kept && got != 0 {
			t.Errorf("%s: %d deliveries of the first notification left, want them kept: %v", tt.name, got, tt.kept)
		}
	}
	// The last pruning, 31 days on, kept what was delivered 29 days on
	// (two days before) and 400 days on (in its future).
	if n, m := len(w.deliveries(barriers[0])), len(w.deliveries(barriers[1])); n != 2 || m != 2 {
		t.Errorf("deliveries left of the notifications delivered 29 and 400 days on: %d and %d, want 2 each", n, m)
	}
}
