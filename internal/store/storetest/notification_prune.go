package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/store"
)

// testNotificationPrune pins the outbox's retention: finished deliveries
// done before the cut go, the oldest first and at most limit a call; a
// message goes once no delivery names it and it was published before the
// cut, a message published to no configuration included; a pending
// delivery, whatever its age, stays, and so does its message.
func testNotificationPrune(t *testing.T, s suite) {
	st := s.store(t)
	ctx := t.Context()
	cut := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	topic := store.Topic{ARN: "arn:aws:sns:us-east-1:111111111111:alarms", AccountID: "111111111111", Region: "us-east-1", Name: "alarms"}
	if err := st.PutTopic(ctx, topic); err != nil {
		t.Fatal(err)
	}
	msg := func(id string, published time.Time) store.Message {
		return store.Message{ID: id, TopicARN: topic.ARN, Subject: "ALARM", Body: "{}", PublishedAt: published}
	}
	delivery := func(id, msgID, status string, created, done time.Time) store.Delivery {
		d := store.Delivery{ID: id, MessageID: msgID, ConfigurationARN: "arn:aws:chatbot::111111111111:chat-configuration/slack-channel/ops",
			AccountID: "111111111111", Status: status, Attempts: 1, CreatedAt: created, DoneAt: done}
		if status == store.DeliveryPending {
			d.NextAttemptAt = created
		}
		return d
	}
	h := time.Hour
	msgs := []store.Message{
		msg("m-done", cut.Add(-3*h)),    // both deliveries finished long ago
		msg("m-pending", cut.Add(-5*h)), // one delivery still pending
		msg("m-late", cut.Add(-2*h)),    // published before the cut, delivered after
		msg("m-new", cut.Add(time.Minute)),
		msg("m-none", cut.Add(-h)), // published when no configuration was subscribed
		msg("m-none-new", cut.Add(time.Minute)),
	}
	ds := []store.Delivery{
		delivery("d-a", "m-done", store.DeliveryDelivered, cut.Add(-3*h), cut.Add(-3*h)),
		delivery("d-b", "m-done", store.DeliveryDead, cut.Add(-3*h), cut.Add(-2*h)),
		delivery("d-p", "m-pending", store.DeliveryPending, cut.Add(-5*h), time.Time{}),
		delivery("d-q", "m-pending", store.DeliverySuppressed, cut.Add(-5*h), cut.Add(-5*h)),
		delivery("d-r", "m-late", store.DeliveryDelivered, cut.Add(-2*h), cut.Add(time.Minute)),
		delivery("d-n", "m-new", store.DeliveryDelivered, cut.Add(time.Minute), cut.Add(2*time.Minute)),
	}
	if err := st.Enqueue(ctx, topic.ARN, msgs, ds); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	deliveries := func() []string {
		t.Helper()
		all, err := st.Deliveries(ctx, store.DeliveryQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, d := range all {
			ids = append(ids, d.ID)
		}
		return ids
	}
	// The contract reads no message by ID: storing a message again tells
	// whether it is there (ErrConflict) or gone (stored again, two centuries on, so
	// that the checks leave later steps alone).
	stored := func(id string) bool {
		t.Helper()
		err := st.Enqueue(ctx, topic.ARN, []store.Message{msg(id, cut.AddDate(200, 0, 0))}, nil)
		if err != nil && !errors.Is(err, store.ErrConflict) {
			t.Fatalf("Enqueue %s again: %v", id, err)
		}
		return err != nil
	}

	for _, step := range []struct {
		name       string
		cut        time.Time
		limit      int
		want       int
		deliveries []string
		gone, kept []string // messages
	}{
		{"no limit, nothing deleted", cut, 0, 0,
			[]string{"d-a", "d-b", "d-n", "d-p", "d-q", "d-r"}, nil, nil},
		{"the oldest finished delivery; its message keeps a pending one; a message with none from the start", cut, 1, 2,
			[]string{"d-a", "d-b", "d-n", "d-p", "d-r"}, []string{"m-none"}, []string{"m-pending"}},
		{"the next; its message keeps the other", cut, 1, 1,
			[]string{"d-b", "d-n", "d-p", "d-r"}, nil, []string{"m-done"}},
		{"the last old one, and its message with it", cut, 10, 2,
			[]string{"d-n", "d-p", "d-r"}, []string{"m-done"}, []string{"m-late", "m-new", "m-none-new"}},
		{"nothing more before the cut", cut, 10, 0,
			[]string{"d-n", "d-p", "d-r"}, nil, []string{"m-pending", "m-late", "m-new", "m-none-new"}},
		{"a cut a century on takes everything but the pending delivery and its message", cut.AddDate(100, 0, 0), 10, 5,
			[]string{"d-p"}, []string{"m-late", "m-new", "m-none-new"}, []string{"m-pending"}},
	} {
		n, err := st.PruneNotifications(ctx, step.cut, step.limit)
		if err != nil || n != step.want {
			t.Errorf("%s: PruneNotifications(limit %d) = %d, %v; want %d", step.name, step.limit, n, err, step.want)
		}
		if diff := cmp.Diff(step.deliveries, deliveries()); diff != "" {
			t.Errorf("%s: deliveries left (-want +got):\n%s", step.name, diff)
		}
		for _, id := range step.kept {
			if !stored(id) {
				t.Errorf("%s: message %s was deleted", step.name, id)
			}
		}
		for _, id := range step.gone {
			if stored(id) {
				t.Errorf("%s: message %s is still stored", step.name, id)
			}
		}
	}
	// The pending delivery is still claimed, with its message.
	claimed, err := st.ClaimDeliveries(ctx, cut, cut.Add(time.Minute), 10)
	if err != nil || len(claimed) != 1 || claimed[0].ID != "d-p" || claimed[0].Message.ID != "m-pending" {
		t.Errorf("claim after pruning: %+v %v, want d-p with m-pending", claimed, err)
	}
}
