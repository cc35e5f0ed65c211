package gov_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDeliveryLoggingLevel checks that a configuration's LoggingLevel
// decides what the gateway's deliveries log: INFO everything, ERROR
// failures and suppressions only, NONE nothing.
func TestDeliveryLoggingLevel(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	var logs syncBuffer
	svc, err := gov.New(ctx, f.st, gov.Options{Now: f.clock.now, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	f.svc = svc // the fixture's helpers write through the logging service
	acct := f.account("member")
	c := rootOf(acct)
	tp, err := svc.CreateTopic(ctx, c, "alarms", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, level := range []string{"INFO", "ERROR", "NONE"} {
		cc := slackConfig(acct, "level-"+level, "C00"+string(rune('A'+i)))
		cc.in.SnsTopicARNs = &[]string{tp.ARN}
		cc.in.LoggingLevel = strp(level)
		if _, err := cc.create(ctx, svc, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Publish(ctx, c, gov.PublishInput{TopicARN: tp.ARN, Message: "m"}); err != nil {
		t.Fatal(err)
	}
	f.clock.t = f.clock.t.Add(time.Second)
	ns, err := svc.ClaimNotifications(ctx, 10, time.Minute)
	if err != nil || len(ns) != 3 {
		t.Fatalf("claimed %d: %v", len(ns), err)
	}
	for _, n := range ns {
		if err := svc.NotificationDelivered(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	// Disabled by a policy: the next message is suppressed for all three.
	f.enable(policy.ChatbotPolicy)
	deny := f.policy("deny", policy.ChatbotPolicy, chatDenyAll)
	if err := svc.AttachPolicy(ctx, mgmt, deny, acct); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(ctx, c, gov.PublishInput{TopicARN: tp.ARN, Message: "m"}); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	count := func(msg, level string) int {
		n := 0
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, msg) && strings.Contains(line, "/level-"+level+" ") || strings.Contains(line, msg) && strings.HasSuffix(line, "/level-"+level) {
				n++
			}
		}
		return n
	}
	want := []struct {
		msg, level string
		n          int
	}{
		{"notification delivered", "INFO", 1}, {"notification delivered", "ERROR", 0}, {"notification delivered", "NONE", 0},
		{"notification suppressed", "INFO", 1}, {"notification suppressed", "ERROR", 1}, {"notification suppressed", "NONE", 0},
	}
	for _, w := range want {
		if got := count(w.msg, w.level); got != w.n {
			t.Errorf("%q for LoggingLevel %s: logged %d times, want %d\n%s", w.msg, w.level, got, w.n, out)
		}
	}
}
