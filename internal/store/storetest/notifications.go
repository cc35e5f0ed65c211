package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/store"
)

// testNotifications pins the SNS topics and the outbox: topics round-trip
// and page, a message is stored with its deliveries or not at all, a claim
// hides what it took until its lease ends, and everything outlives Close.
func testNotifications(t *testing.T, s suite) {
	st := s.store(t)
	ctx := t.Context()
	t0 := time.Date(2026, 5, 1, 10, 0, 0, 123456000, time.UTC)
	topic := func(acct, name string) store.Topic {
		return store.Topic{ARN: "arn:aws:sns:us-east-1:" + acct + ":" + name, AccountID: acct, Region: "us-east-1", Name: name,
			Attributes: map[string]string{"DisplayName": "Alarms of " + name}, Tags: map[string]string{"team": "ops"}, CreatedAt: t0}
	}
	a, b, other := topic("111111111111", "a"), topic("111111111111", "b"), topic("222222222222", "a")
	for _, tp := range []store.Topic{b, a, other} {
		if err := st.PutTopic(ctx, tp); err != nil {
			t.Fatalf("PutTopic: %v", err)
		}
	}
	got, err := st.Topics(ctx, "111111111111", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]store.Topic{a, b}, got); diff != "" {
		t.Errorf("Topics (-want +got):\n%s", diff)
	}
	if got, _ := st.Topics(ctx, "111111111111", a.ARN, 1); len(got) != 1 || got[0].ARN != b.ARN {
		t.Errorf("Topics after %s = %v, want %s", a.ARN, got, b.ARN)
	}
	b.Tags = nil
	if err := st.PutTopic(ctx, b); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Topic(ctx, b.ARN); err != nil || len(got.Tags) != 0 || got.Tags == nil {
		t.Errorf("Topic after replacing its tags: %+v %v (want empty, not nil, tags)", got, err)
	}
	if err := st.DeleteTopic(ctx, b.ARN); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Topic(ctx, b.ARN); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Topic of a deleted topic: %v, want ErrNotFound", err)
	}
	if err := st.DeleteTopic(ctx, b.ARN); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteTopic twice: %v, want ErrNotFound", err)
	}

	msg := func(id string) store.Message {
		return store.Message{ID: id, TopicARN: a.ARN, Subject: "ALARM", Body: `{"AlarmName":"cpu"}`,
			Attributes: map[string]store.MessageAttribute{"severity": {DataType: "String", Value: "high"}}, PublishedAt: t0}
	}
	pending := func(id, msgID string, due time.Time) store.Delivery {
		return store.Delivery{ID: id, MessageID: msgID, ConfigurationARN: "arn:aws:chatbot::111111111111:chat-configuration/slack-channel/ops",
			AccountID: "111111111111", Status: store.DeliveryPending, NextAttemptAt: due, CreatedAt: t0}
	}
	if err := st.Enqueue(ctx, b.ARN, []store.Message{msg("m0")}, []store.Delivery{pending("d0", "m0", t0)}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Enqueue to a deleted topic: %v, want ErrNotFound", err)
	}
	suppressed := pending("d3", "m2", time.Time{})
	suppressed.Status, suppressed.Detail, suppressed.DoneAt = store.DeliverySuppressed, "disabled by policy p-1", t0
	if err := st.Enqueue(ctx, a.ARN, []store.Message{msg("m1"), msg("m2")},
		[]store.Delivery{pending("d2", "m2", t0.Add(time.Second)), pending("d1", "m1", t0), suppressed}); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	// A batch with a taken ID stores nothing of itself.
	if err := st.Enqueue(ctx, a.ARN, []store.Message{msg("m9"), msg("m1")}, []store.Delivery{pending("d9", "m9", t0)}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Enqueue of a taken message ID: %v, want ErrConflict", err)
	}
	if ds, _ := st.Deliveries(ctx, store.DeliveryQuery{MessageID: "m9"}); len(ds) != 0 {
		t.Errorf("a refused batch left deliveries: %v", ds)
	}

	lease := t0.Add(time.Minute)
	claimed, err := st.ClaimDeliveries(ctx, t0.Add(time.Second), lease, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range claimed {
		ids = append(ids, c.ID)
		if c.Attempts != 1 || !c.NextAttemptAt.Equal(lease) || c.Message.ID != c.MessageID || c.Message.Attributes["severity"].Value != "high" {
			t.Errorf("claimed %+v", c)
		}
	}
	if diff := cmp.Diff([]string{"d1", "d2"}, ids); diff != "" {
		t.Errorf("claimed (-want +got):\n%s", diff)
	}
	if again, _ := st.ClaimDeliveries(ctx, t0.Add(30*time.Second), lease, 10); len(again) != 0 {
		t.Errorf("claimed during the lease: %v", again)
	}
	if err := st.RetryDelivery(ctx, "d2", t0.Add(2*time.Minute), "HTTP 500"); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishDelivery(ctx, "d1", store.DeliveryDelivered, "", t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishDeliveries(ctx, []string{"d2", "nope"}, store.DeliveryDelivered, "", t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("FinishDeliveries with an unknown delivery: %v", err)
	}
	if err := st.FinishDelivery(ctx, "nope", store.DeliveryDead, "", t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("FinishDelivery of an unknown delivery: %v", err)
	}

	// A claim that was never finished comes back when its lease ends, after a restart too.
	st.Close()
	st = s.store(t)
	after, err := st.ClaimDeliveries(ctx, t0.Add(2*time.Minute), t0.Add(3*time.Minute), 10)
	if err != nil || len(after) != 1 || after[0].ID != "d2" || after[0].Attempts != 2 || after[0].Detail != "HTTP 500" {
		t.Errorf("claim after the retry time: %+v %v", after, err)
	}
	all, err := st.Deliveries(ctx, store.DeliveryQuery{})
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, d := range all {
		status[d.ID] = d.Status + " " + d.Detail
	}
	want := map[string]string{"d1": "DELIVERED ", "d2": "PENDING HTTP 500", "d3": "SUPPRESSED disabled by policy p-1"}
	if diff := cmp.Diff(want, status); diff != "" {
		t.Errorf("deliveries (-want +got):\n%s", diff)
	}
	if got, _ := st.Deliveries(ctx, store.DeliveryQuery{Status: store.DeliverySuppressed, Limit: 5}); len(got) != 1 || !got[0].DoneAt.Equal(t0) {
		t.Errorf("suppressed deliveries: %+v", got)
	}
}
