package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/store/postgres/pgtest"
)

// slackCounter stands in for Slack's Web API: it keeps every post, and
// lists none in a channel's history, so a delivery made twice is posted
// twice.
type slackCounter struct {
	mu    sync.Mutex
	posts map[string]int // by text
	n     int
	// threaded are the posts of a thread, in order, each its ts and the
	// thread_ts it was posted with.
	threaded []threadedPost
}

type threadedPost struct{ text, ts, threadTS string }

func (s *slackCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/api/chat.postMessage":
		s.mu.Lock()
		s.n++
		s.posts[r.Form.Get("text")]++
		ts := fmt.Sprintf("1700000000.%06d", s.n)
		if strings.Contains(r.Form.Get("text"), "deploy step") {
			s.threaded = append(s.threaded, threadedPost{r.Form.Get("text"), ts, r.Form.Get("thread_ts")})
		}
		s.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": r.Form.Get("channel"), "ts": ts})
	case "/api/conversations.history":
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "messages": []any{}, "has_more": false})
	default:
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": "unknown_method"})
	}
}

// TestNotificationsOnceAcrossReplicas publishes through three replicas,
// whose gateways all run: every message reaches Slack once, and the
// notifications of one thread, published through each replica in turn
// (its gateway is woken first), reply in the thread the first started.
func TestNotificationsOnceAcrossReplicas(t *testing.T) {
	t.Parallel()
	storeURL := pgtest.Schema(t)
	slack := &slackCounter{posts: map[string]int{}}
	api := httptest.NewServer(slack)
	defer api.Close()
	var svcs []*gov.Service
	for range 3 {
		cfg := serverConfig(t.TempDir(), storeURL)
		cfg.SlackAPIURL = api.URL + "/api/"
		svcs = append(svcs, mustStart(t, cfg, ServerOptions{}).Service)
	}
	ctx := context.Background()
	mgmt := gov.Caller{AccountID: testMgmtAccount, ARN: "arn:aws:iam::" + testMgmtAccount + ":root"}
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	_, err := svcs[0].CreateOrganization(ctx, mgmt, gov.FeatureSetAll)
	check("organization", err)
	check("bot token", svcs[1].PutSlackBotToken(ctx, mgmt, "T0AAAAAAA", "xoxb-test-token"))
	tp, err := svcs[2].CreateTopic(ctx, mgmt, "alarms", nil, nil)
	check("topic", err)
	role := "arn:aws:iam::" + testMgmtAccount + ":role/chat"
	_, err = svcs[0].CreateChatConfiguration(ctx, mgmt, gov.NewChatConfiguration{Platform: gov.PlatformSlack, Name: "alerts",
		SlackTeamID: "T0AAAAAAA", SlackChannelID: "C0ALERTS"}, gov.ChatInput{IamRoleARN: &role, SnsTopicARNs: &[]string{tp.ARN}})
	check("configuration", err)
	var head int64
	for _, s := range svcs {
		head = max(head, s.Revision())
	}
	for i, s := range svcs {
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		if !s.WaitRevision(wctx, head) {
			t.Fatalf("replica %d did not reach revision %d", i, head)
		}
		cancel()
	}
	const messages = 30
	var wg sync.WaitGroup
	for i := range messages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := svcs[i%3].Publish(ctx, mgmt, gov.PublishInput{TopicARN: tp.ARN, Message: fmt.Sprintf("message %02d", i)})
			if err != nil {
				t.Errorf("publish %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(20 * time.Second)
	for {
		slack.mu.Lock()
		got := len(slack.posts)
		slack.mu.Unlock()
		if got >= messages || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // a second delivery would come by now
	checkThreadAcrossReplicas(t, svcs, tp.ARN, slack)
	slack.mu.Lock()
	defer slack.mu.Unlock()
	if len(slack.posts) != messages+threadSteps {
		t.Errorf("%d distinct messages reached Slack, want %d", len(slack.posts), messages+threadSteps)
	}
	for text, n := range slack.posts {
		if n != 1 {
			t.Errorf("%q was posted %d times", text, n)
		}
	}
}

// threadSteps is how many notifications of one thread
// checkThreadAcrossReplicas publishes.
const threadSteps = 6

// checkThreadAcrossReplicas publishes the notifications of one thread
// through the replicas in turn, each once the one before is posted: all
// after the first reply in its thread.
func checkThreadAcrossReplicas(t *testing.T, svcs []*gov.Service, topic string, slack *slackCounter) {
	t.Helper()
	mgmt := gov.Caller{AccountID: testMgmtAccount, ARN: "arn:aws:iam::" + testMgmtAccount + ":root"}
	for i := range threadSteps {
		msg := fmt.Sprintf(`{"version":"1.0","source":"custom","content":{"description":"deploy step %d"},"metadata":{"threadId":"deploy-42"}}`, i)
		if _, err := svcs[i%len(svcs)].Publish(context.Background(), mgmt, gov.PublishInput{TopicARN: topic, Message: msg}); err != nil {
			t.Fatalf("publish step %d: %v", i, err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			slack.mu.Lock()
			got := len(slack.threaded)
			slack.mu.Unlock()
			if got > i {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("deploy step %d did not reach Slack", i)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	slack.mu.Lock()
	defer slack.mu.Unlock()
	first := slack.threaded[0]
	if first.threadTS != "" {
		t.Errorf("the thread's first post went to thread %q", first.threadTS)
	}
	for _, p := range slack.threaded[1:] {
		if p.threadTS != first.ts {
			t.Errorf("%q went to thread %q, want the first's %q", p.text, p.threadTS, first.ts)
		}
	}
}
