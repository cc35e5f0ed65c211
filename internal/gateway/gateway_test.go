package gateway_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

const alarm = `{"AlarmName":"cpu-high","AWSAccountId":"123456789012","NewStateValue":"ALARM","NewStateReason":"Threshold Crossed",` +
	`"StateChangeTime":"2026-05-01T10:00:00.000+0000","Region":"US East (N. Virginia)","OldStateValue":"OK"}`

func custom(title, thread string) string {
	return `{"version":"1.0","source":"custom","content":{"title":"` + title + `","description":"details of ` + title + `"},"metadata":{"threadId":"` + thread + `"}}`
}

// TestDeliversToSlackAndTeams publishes with the AWS SDK and checks what
// the Slack and Teams stand-ins receive: the rendered alarm, the delivery's
// key as Slack metadata, and custom notifications of one thread in one
// Slack thread.
func TestDeliversToSlackAndTeams(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fastGateway())
	id := w.publish(alarm)
	eventually(t, "the alarm in Slack and Teams", func() bool { return len(w.slack.received()) == 1 && len(w.teams.received()) == 1 })
	post := w.slack.received()[0]
	blocks, _ := json.Marshal(post.Blocks)
	if post.Channel != "C0ALERTS" || !strings.Contains(string(blocks), "ALARM | cpu-high") || !strings.Contains(post.Text, "Threshold Crossed") {
		t.Errorf("Slack received %+v", post)
	}
	if post.Metadata.EventType != "chatgov_notification" || post.Metadata.EventPayload["message_id"] != id ||
		!strings.HasPrefix(post.Metadata.EventPayload["delivery_id"].(string), id) {
		t.Errorf("Slack metadata %+v", post.Metadata)
	}
	if card := string(w.teams.received()[0]); !strings.Contains(card, "AdaptiveCard") || !strings.Contains(card, "ALARM | cpu-high") {
		t.Errorf("Teams received %s", card)
	}
	eventually(t, "the deliveries recorded", func() bool {
		ds := w.deliveries(id)
		return ds["slack-alerts"].Status == "DELIVERED" && ds["teams-ops"].Status == "DELIVERED"
	})

	w.publish(custom("deploy 1", "deploy-42"))
	eventually(t, "the first of the thread", func() bool { return len(w.slack.received()) == 2 })
	w.publish(custom("deploy 2", "deploy-42"))
	w.publish(custom("other", "other-thread"))
	eventually(t, "the rest of the thread", func() bool { return len(w.slack.received()) == 4 })
	posts := w.slack.received()
	first := posts[1]
	for _, p := range posts[2:] {
		isReply := strings.Contains(p.Text, "deploy 2")
		if isReply && p.ThreadTS != first.TS || !isReply && p.ThreadTS != "" {
			t.Errorf("post %q in thread %q; the thread deploy-42 started at %s", p.Text, p.ThreadTS, first.TS)
		}
	}
}

// TestPolicyStopsDeliveries attaches a chat applications policy that
// disables the configurations: the next message reaches no channel and
// its deliveries are recorded as suppressed with the policy's reason;
// once detached, the next message arrives and the missed one is not
// replayed.
func TestPolicyStopsDeliveries(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fastGateway())
	ctx := context.Background()
	w.publish("before")
	eventually(t, "the first message", func() bool { return len(w.slack.received()) == 1 && len(w.teams.received()) == 1 })
	must(t, w.srv.Service.AttachPolicy(ctx, mgmt, w.policyP, w.member.AccountID))
	missed := w.publish("while disabled")
	ds := w.deliveries(missed)
	for _, name := range []string{"slack-alerts", "teams-ops"} {
		if d := ds[name]; d.Status != "SUPPRESSED" || !strings.Contains(d.Detail, "policy") {
			t.Errorf("%s: %s %q, want SUPPRESSED with the policy's reason", name, d.Status, d.Detail)
		}
	}
	must(t, w.srv.Service.DetachPolicy(ctx, mgmt, w.policyP, w.member.AccountID))
	w.publish("after")
	eventually(t, "the message after", func() bool { return len(w.slack.received()) == 2 && len(w.teams.received()) == 2 })
	time.Sleep(200 * time.Millisecond) // a replay would come now
	for _, p := range w.slack.received() {
		if strings.Contains(p.Text, "while disabled") {
			t.Errorf("Slack received a message published while disabled: %+v", p)
		}
	}
	if n := len(w.slack.received()); n != 2 {
		t.Errorf("Slack received %d messages, want 2", n)
	}
}

// TestRetries checks Slack's rate limit (HTTP 429 with Retry-After) is
// waited out, and that a delivery failing every attempt goes to the
// dead-letter list with its error.
func TestRetries(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fastGateway())
	w.slack.mu.Lock()
	w.slack.fail = func(n int) (int, http.Header, string) {
		if n == 1 {
			return http.StatusTooManyRequests, http.Header{"Retry-After": {"1"}}, ""
		}
		return 0, nil, ""
	}
	w.slack.mu.Unlock()
	start := time.Now()
	id := w.publish("rate limited")
	eventually(t, "the message after the rate limit", func() bool { return len(w.slack.received()) == 1 })
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("delivered after %v, before Retry-After's second", waited)
	}
	eventually(t, "the delivery recorded", func() bool { return w.deliveries(id)["slack-alerts"].Status == "DELIVERED" })
	if d := w.deliveries(id)["slack-alerts"]; d.Attempts != 2 {
		t.Errorf("attempts %d, want 2", d.Attempts)
	}

	w.slack.mu.Lock()
	w.slack.fail = func(int) (int, http.Header, string) { return http.StatusInternalServerError, nil, "" }
	w.slack.mu.Unlock()
	dead := w.publish("never delivered")
	eventually(t, "the dead letter", func() bool { return w.deliveries(dead)["slack-alerts"].Status == "DEAD" })
	d := w.deliveries(dead)["slack-alerts"]
	if d.Attempts != 4 || !strings.Contains(d.Detail, "500") {
		t.Errorf("dead letter %+v, want 4 attempts and the HTTP 500", d)
	}
	dl, err := w.srv.Service.Deliveries(context.Background(), w.member, gov.DeliveryQuery{Status: "DEAD"})
	if err != nil || len(dl) != 1 || dl[0].MessageID != dead {
		t.Errorf("dead-letter list %+v %v", dl, err)
	}

	// A channel Slack says does not exist is dead at once.
	w.slack.mu.Lock()
	w.slack.fail = func(int) (int, http.Header, string) { return http.StatusOK, nil, "channel_not_found" }
	w.slack.mu.Unlock()
	gone := w.publish("to a deleted channel")
	eventually(t, "the dead letter", func() bool { return w.deliveries(gone)["slack-alerts"].Status == "DEAD" })
	if d := w.deliveries(gone)["slack-alerts"]; d.Attempts != 1 {
		t.Errorf("a permanent error was tried %d times", d.Attempts)
	}
}

// TestRestartLosesNothing stops the server while Slack holds its posts
// unanswered (the posts reached Slack; the server never learnt it), as a
// kill -9 would leave the store: the deliveries are claimed and not done.
// The restarted server delivers every message, and the posts that had
// reached Slack are found by their key and not posted twice.
func TestRestartLosesNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fastGateway())
	w.slack.mu.Lock()
	w.slack.hang = make(chan struct{})
	w.slack.mu.Unlock()
	var ids []string
	for i := range 5 {
		ids = append(ids, w.publish("message "+string(rune('a'+i))))
	}
	eventually(t, "the posts to reach Slack", func() bool { return len(w.slack.received()) == 5 })
	w.stop()
	w.slack.release()
	w.slack.mu.Lock()
	w.slack.hang = nil
	w.slack.mu.Unlock()
	w.start()
	eventually(t, "every delivery done", func() bool {
		for _, id := range ids {
			if ds := w.deliveries(id); ds["slack-alerts"].Status != "DELIVERED" || ds["teams-ops"].Status != "DELIVERED" {
				return false
			}
		}
		return true
	})
	seen := map[string]int{}
	for _, p := range w.slack.received() {
		seen[p.Text]++
	}
	for text, n := range seen {
		if n != 1 {
			t.Errorf("%q posted %d times", text, n)
		}
	}
	if len(seen) != 5 || len(w.teams.received()) != 5 {
		t.Errorf("Slack has %d messages, Teams %d; want 5 each", len(seen), len(w.teams.received()))
	}
}
