package gov_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

func snsWant(kind gov.Kind, code string) wantErr {
	return wantErr{kind: kind, resource: gov.ResTopic, reason: code}
}

// TestTopics checks the SNS subset's rules: topics belong to the caller's
// account and region, CreateTopic returns an existing topic, and what SNS
// refuses is refused with SNS's codes.
func TestTopics(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	member, other := rootOf(f.account("member")), rootOf(f.account("other"))
	member.Region = "eu-west-1"
	tp, err := f.svc.CreateTopic(ctx, member, "alarms", map[string]string{"DisplayName": "Alarms"}, map[string]string{"team": "ops"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "arn:aws:sns:eu-west-1:" + member.AccountID + ":alarms"; tp.ARN != want {
		t.Fatalf("ARN %s, want %s", tp.ARN, want)
	}
	big := strings.Repeat("x", gov.MaxSNSMessageBytes+1)
	invalid := snsWant(gov.Invalid, gov.SNSInvalidParameter)
	tests := []struct {
		name string
		call func() error
		want wantErr
	}{
		{"create again", func() error {
			again, err := f.svc.CreateTopic(ctx, member, "alarms", nil, nil)
			if err == nil && again.ARN != tp.ARN {
				t.Errorf("CreateTopic again: %s", again.ARN)
			}
			return err
		}, ok},
		{"create again, other tags", func() error {
			_, err := f.svc.CreateTopic(ctx, member, "alarms", nil, map[string]string{"team": "dev"})
			return err
		}, invalid},
		{"bad name", func() error { _, err := f.svc.CreateTopic(ctx, member, "a b", nil, nil); return err }, invalid},
		{"FIFO", func() error { _, err := f.svc.CreateTopic(ctx, member, "a.fifo", nil, nil); return err }, invalid},
		{"unknown attribute", func() error {
			_, err := f.svc.CreateTopic(ctx, member, "b", map[string]string{"Colour": "red"}, nil)
			return err
		}, invalid},
		{"another account's topic", func() error { _, err := f.svc.GetTopicAttributes(ctx, other, tp.ARN); return err },
			snsWant(gov.AccessDenied, gov.SNSAuthorizationError)},
		{"publish to another account's topic", func() error {
			_, err := f.svc.Publish(ctx, other, gov.PublishInput{TopicARN: tp.ARN, Message: "x"})
			return err
		}, snsWant(gov.AccessDenied, gov.SNSAuthorizationError)},
		{"publish to no topic", func() error {
			_, err := f.svc.Publish(ctx, member, gov.PublishInput{TopicARN: tp.ARN + "x", Message: "x"})
			return err
		}, snsWant(gov.NotFound, gov.SNSNotFound)},
		{"empty message", func() error { _, err := f.svc.Publish(ctx, member, gov.PublishInput{TopicARN: tp.ARN}); return err }, invalid},
		{"message too long", func() error {
			_, err := f.svc.Publish(ctx, member, gov.PublishInput{TopicARN: tp.ARN, Message: big})
			return err
		}, invalid},
		{"JSON without default", func() error {
			_, err := f.svc.Publish(ctx, member, gov.PublishInput{TopicARN: tp.ARN, Message: `{"email":"x"}`, MessageStructure: "json"})
			return err
		}, invalid},
		{"subject with a line break", func() error {
			_, err := f.svc.Publish(ctx, member, gov.PublishInput{TopicARN: tp.ARN, Message: "x", Subject: "a\nb"})
			return err
		}, invalid},
		{"attribute type", func() error {
			_, err := f.svc.Publish(ctx, member, gov.PublishInput{TopicARN: tp.ARN, Message: "x",
				Attributes: map[string]store.MessageAttribute{"a": {DataType: "Text", Value: "v"}}})
			return err
		}, snsWant(gov.Invalid, gov.SNSParameterValueInvalid)},
		{"empty batch", func() error { _, err := f.svc.PublishBatch(ctx, member, tp.ARN, nil); return err },
			snsWant(gov.Invalid, gov.SNSEmptyBatch)},
		{"batch IDs repeat", func() error {
			e := gov.BatchEntry{ID: "a", PublishInput: gov.PublishInput{Message: "x"}}
			_, err := f.svc.PublishBatch(ctx, member, tp.ARN, []gov.BatchEntry{e, e})
			return err
		}, snsWant(gov.Invalid, gov.SNSBatchIDsNotDistinct)},
		{"batch too large", func() error {
			_, err := f.svc.PublishBatch(ctx, member, tp.ARN, make([]gov.BatchEntry, 11))
			return err
		}, snsWant(gov.Constraint, gov.SNSTooManyEntries)},
		{"tag a missing topic", func() error { return f.svc.TagTopic(ctx, member, tp.ARN+"x", map[string]string{"a": "b"}) },
			snsWant(gov.NotFound, gov.SNSResourceNotFound)},
		{"delete a missing topic", func() error { return f.svc.DeleteTopic(ctx, member, tp.ARN+"x") }, ok},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.want.check(t, tc.call()) })
	}
	// A batch publishes the entries SNS accepts and reports the others.
	res, err := f.svc.PublishBatch(ctx, member, tp.ARN, []gov.BatchEntry{
		{ID: "good", PublishInput: gov.PublishInput{Message: "x"}}, {ID: "bad", PublishInput: gov.PublishInput{}}})
	if err != nil || len(res.Published) != 1 || res.Published[0].ID != "good" || len(res.Failed) != 1 || res.Failed[0].Code != gov.SNSInvalidParameter {
		t.Errorf("PublishBatch: %+v %v", res, err)
	}
	// Topics are listed per region.
	if p, err := f.svc.ListTopics(ctx, member, ""); err != nil || len(p.Items) != 1 {
		t.Errorf("ListTopics: %+v %v", p, err)
	}
	usEast := member
	usEast.Region = "us-east-1"
	if p, err := f.svc.ListTopics(ctx, usEast, ""); err != nil || len(p.Items) != 0 {
		t.Errorf("ListTopics in another region: %+v %v", p, err)
	}
}

// TestPublishDeliveries checks that Publish stores one delivery per
// subscribed configuration: pending for an enabled one, suppressed with
// the policy's reason for a disabled one; that a configuration disabled
// after Publish gets its delivery suppressed when claimed; and that one
// enabled again receives only what is published after.
func TestPublishDeliveries(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	acct := f.account("member")
	c := rootOf(acct)
	tp, err := f.svc.CreateTopic(ctx, c, "alarms", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cc := slackConfig(acct, "ops", "C012ABC")
	cc.in.SnsTopicARNs = &[]string{tp.ARN}
	cfg, err := cc.create(ctx, f.svc, c)
	if err != nil {
		t.Fatal(err)
	}
	publish := func(text string) string {
		t.Helper()
		id, err := f.svc.Publish(ctx, c, gov.PublishInput{TopicARN: tp.ARN, Message: text})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	claim := func() []gov.Notification {
		t.Helper()
		f.clock.t = f.clock.t.Add(time.Second)
		ns, err := f.svc.ClaimNotifications(ctx, 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return ns
	}
	first := publish("one")
	select {
	case <-f.svc.Published():
	default:
		t.Error("Publish did not wake the gateway")
	}
	ns := claim()
	if len(ns) != 1 || ns[0].Message.ID != first || ns[0].SlackChannelID != "C012ABC" || ns[0].ConfigurationARN != cfg.ARN || ns[0].Attempt != 1 {
		t.Fatalf("claimed %+v", ns)
	}
	if err := f.svc.NotificationDelivered(ctx, ns[0]); err != nil {
		t.Fatal(err)
	}
	// Published, then disabled before delivery: suppressed when claimed.
	second := publish("two")
	f.enable(policy.ChatbotPolicy)
	deny := f.policy("deny", policy.ChatbotPolicy, chatDenyAll)
	if err := f.svc.AttachPolicy(ctx, mgmt, deny, acct); err != nil {
		t.Fatal(err)
	}
	if ns := claim(); len(ns) != 0 {
		t.Errorf("a disabled configuration's delivery was claimed: %+v", ns)
	}
	third := publish("three")
	if err := f.svc.DetachPolicy(ctx, mgmt, deny, acct); err != nil {
		t.Fatal(err)
	}
	fourth := publish("four")
	ns = claim()
	if len(ns) != 1 || ns[0].Message.ID != fourth {
		t.Errorf("after enabling again, claimed %+v; want only %s", ns, fourth)
	}
	ds, err := f.svc.Deliveries(ctx, c, store.DeliveryQuery{Status: store.DeliverySuppressed})
	if err != nil {
		t.Fatal(err)
	}
	suppressed := map[string]string{}
	for _, d := range ds {
		suppressed[d.MessageID] = d.Detail
	}
	for _, id := range []string{second, third} {
		if !strings.Contains(suppressed[id], "policy") {
			t.Errorf("message %s: suppressed with reason %q, want the policy's reason", id, suppressed[id])
		}
	}
	if _, ok := suppressed[fourth]; ok || len(suppressed) != 2 {
		t.Errorf("suppressed %v", suppressed)
	}
	// Another account sees none of these deliveries.
	if ds, _ := f.svc.Deliveries(ctx, rootOf(f.account("other")), store.DeliveryQuery{}); len(ds) != 0 {
		t.Errorf("another account sees %d deliveries", len(ds))
	}
}
