package gov_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/store"
)

// TestPruneNotifications checks the outbox's retention through gov: a
// delivery finished more than the retention ago goes, with its message
// and a message no configuration received; the limit bounds each call;
// a pending delivery stays however old it is.
func TestPruneNotifications(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	acct := f.account("member")
	c := rootOf(acct)
	subscribed, err := f.svc.CreateTopic(ctx, c, "alarms", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	unheard, err := f.svc.CreateTopic(ctx, c, "unheard", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cc := slackConfig(acct, "ops", "C012ABC")
	cc.in.SnsTopicARNs = &[]string{subscribed.ARN}
	if _, err := cc.create(ctx, f.svc, c); err != nil {
		t.Fatal(err)
	}
	t0 := f.clock.now()
	publish := func(topic, text string) string {
		t.Helper()
		id, err := f.svc.Publish(ctx, c, gov.PublishInput{TopicARN: topic, Message: text})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	delivered := publish(subscribed.ARN, "one")
	publish(unheard.ARN, "to no one")
	f.clock.advance(time.Second)
	ns, err := f.svc.ClaimNotifications(ctx, 10, time.Minute)
	if err != nil || len(ns) != 1 {
		t.Fatalf("claimed %+v %v", ns, err)
	}
	if err := f.svc.NotificationsDelivered(ctx, ns); err != nil { // done at t0+1s
		t.Fatal(err)
	}
	f.clock.advance(time.Hour)
	pending := publish(subscribed.ARN, "two") // never claimed

	const day = 24 * time.Hour
	tests := []struct {
		name      string
		now       time.Time
		retention time.Duration
		limit     int
		want      int
		left      []string // messages whose deliveries are left
	}{
		{"nothing older than the retention", t0.Add(day), day, 10, 0, []string{delivered, pending}},
		{"the delivered one and one message", t0.Add(day + 2*time.Second), day, 1, 2, []string{pending}},
		{"the other message", t0.Add(day + 2*time.Second), day, 1, 1, []string{pending}},
		{"nothing more", t0.Add(day + 2*time.Second), day, 10, 0, []string{pending}},
		{"pending, however old", t0.Add(1000 * day), time.Hour, 10, 0, []string{pending}},
	}
	for _, tt := range tests {
		f.clock.advance(tt.now.Sub(f.clock.now()))
		n, err := f.svc.PruneNotifications(ctx, tt.retention, tt.limit)
		if err != nil || n != tt.want {
			t.Errorf("%s: PruneNotifications = %d, %v; want %d", tt.name, n, err, tt.want)
		}
		ds, err := f.svc.Deliveries(ctx, c, store.DeliveryQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var left []string
		for _, d := range ds {
			left = append(left, d.MessageID)
		}
		slices.Sort(left)
		want := slices.Sorted(slices.Values(tt.left))
		if !slices.Equal(left, want) {
			t.Errorf("%s: deliveries of messages %v left, want %v", tt.name, left, want)
		}
	}
}
