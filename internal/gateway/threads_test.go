package gateway_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gateway"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/store/sqlite"
)

// replicas is one SQLite store and gov over it, and gateways over that
// gov: each gateway is a replica's, with a thread book of its own; the
// store is what they share. Deliveries are driven with RunOnce, so that a
// test chooses which replica posts which notification.
type replicas struct {
	t     *testing.T
	path  string
	svc   *gov.Service
	close func()
	slack *slackStandIn
	topic string
}

func newReplicas(t *testing.T) *replicas {
	r := &replicas{t: t, path: filepath.Join(t.TempDir(), "chatgov.db"), slack: newSlackStandIn(t, botToken)}
	r.open()
	t.Cleanup(func() { r.close() })
	ctx := context.Background()
	must(t, err2(r.svc.CreateOrganization(ctx, mgmt, gov.FeatureSetAll)))
	must(t, r.svc.PutSlackBotToken(ctx, mgmt, slackTeam, botToken))
	tp, err := r.svc.CreateTopic(ctx, mgmt, "deploys", nil, nil)
	must(t, err)
	r.topic = tp.ARN
	role := "arn:aws:iam::" + mgmtAccount + ":role/chat"
	must(t, err2(r.svc.CreateChatConfiguration(ctx, mgmt, gov.NewChatConfiguration{Platform: gov.PlatformSlack, Name: "deploys",
		SlackTeamID: slackTeam, SlackChannelID: "C0DEPLOYS"}, gov.ChatInput{IamRoleARN: &role, SnsTopicARNs: &[]string{tp.ARN}})))
	return r
}

// open opens the store (again, after restart) and gov over it.
func (r *replicas) open() {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, r.path)
	must(r.t, err)
	svc, err := gov.New(ctx, st, gov.Options{})
	if err != nil {
		st.Close()
		r.t.Fatal(err)
	}
	r.svc = svc
	r.close = func() {
		if err := st.Close(); err != nil {
			r.t.Errorf("closing the store: %v", err)
		}
		r.close = func() {}
	}
}

// restart closes the store and opens it again, with a new gov.
func (r *replicas) restart() {
	r.close()
	r.open()
}

// gateway returns a new gateway (a replica's, or a restarted one's) over
// the current gov, claiming at most claim deliveries at a time.
func (r *replicas) gateway(claim int) *gateway.Gateway {
	return gateway.New(claimLimit{r.svc, claim}, gateway.Options{SlackAPIURL: r.slack.URL + "/api/", Concurrency: claim,
		Lease: 2 * time.Second, MinBackoff: 10 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
}

// claimLimit is gov with claims of at most max deliveries.
type claimLimit struct {
	*gov.Service
	max int
}

func (c claimLimit) ClaimNotifications(ctx context.Context, limit int, lease time.Duration) ([]gov.Notification, error) {
	return c.Service.ClaimNotifications(ctx, min(limit, c.max), lease)
}

func (r *replicas) publish(title, thread string) {
	r.t.Helper()
	_, err := r.svc.Publish(context.Background(), mgmt, gov.PublishInput{TopicARN: r.topic, Message: custom(title, thread)})
	must(r.t, err)
}

// deliver runs one round of g and checks that it posted want deliveries.
func deliver(t *testing.T, g *gateway.Gateway, want int) {
	t.Helper()
	n, err := g.RunOnce(context.Background())
	if err != nil || n != want {
		t.Fatalf("RunOnce: %d %v, want %d delivered", n, err, want)
	}
}

// postOf returns the post of the notification title.
func postOf(t *testing.T, posts []slackPost, title string) slackPost {
	t.Helper()
	for _, p := range posts {
		if strings.Contains(p.Text, title) {
			return p
		}
	}
	t.Fatalf("no post of %q among %d", title, len(posts))
	return slackPost{}
}

// TestThreadsAcrossReplicasAndRestarts delivers the notifications of one
// thread alternately from two replicas' gateways over one store, then from
// the gateway of a restarted server: every notification after the first
// replies in the first's Slack thread, and another thread stays apart.
func TestThreadsAcrossReplicasAndRestarts(t *testing.T) {
	t.Parallel()
	r := newReplicas(t)
	a, b := r.gateway(1), r.gateway(1)
	steps := []struct {
		on            string // a, b, or restarted (a new gov and gateway over the reopened store)
		title, thread string
		startedBy     string // the title of the post whose thread it replies in; "" for a new thread
	}{
		{"a", "deploy 1", "deploy-42", ""},
		{"b", "deploy 2", "deploy-42", "deploy 1"},
		{"a", "deploy 3", "deploy-42", "deploy 1"},
		{"b", "rollback 1", "rollback-7", ""},
		{"b", "deploy 4", "deploy-42", "deploy 1"},
		{"a", "rollback 2", "rollback-7", "rollback 1"},
		{"restarted", "deploy 5", "deploy-42", "deploy 1"},
		{"restarted", "rollback 3", "rollback-7", "rollback 1"},
	}
	var restarted *gateway.Gateway
	for _, s := range steps {
		r.publish(s.title, s.thread)
		switch s.on {
		case "a":
			deliver(t, a, 1)
		case "b":
			deliver(t, b, 1)
		case "restarted":
			if restarted == nil {
				r.restart()
				restarted = r.gateway(1)
			}
			deliver(t, restarted, 1)
		}
		posts := r.slack.received()
		got := postOf(t, posts, s.title)
		want := ""
		if s.startedBy != "" {
			want = postOf(t, posts, s.startedBy).TS
		}
		if got.ThreadTS != want {
			t.Errorf("%q, posted by %s, went to thread %q; want %q (the thread of %q)", s.title, s.on, got.ThreadTS, want, s.startedBy)
		}
	}
}

// TestThreadRaceConverges has two replicas post the first two
// notifications of a thread at the same moment: both start a thread in
// Slack (nothing serializes them across replicas), and every later
// notification, from either replica, replies in the one recorded first.
func TestThreadRaceConverges(t *testing.T) {
	t.Parallel()
	r := newReplicas(t)
	a, b := r.gateway(1), r.gateway(1)
	// The stand-in holds each post until both have arrived.
	var arrived sync.WaitGroup
	arrived.Add(2)
	r.slack.mu.Lock()
	r.slack.fail = func(n int) (int, http.Header, string) {
		if n <= 2 {
			arrived.Done()
			arrived.Wait()
		}
		return 0, nil, ""
	}
	r.slack.mu.Unlock()
	r.publish("deploy 1", "deploy-42")
	r.publish("deploy 2", "deploy-42")
	var wg sync.WaitGroup
	for _, g := range []*gateway.Gateway{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if n, err := g.RunOnce(context.Background()); n != 1 || err != nil {
				t.Errorf("RunOnce: %d %v, want 1 delivered", n, err)
			}
		}()
	}
	wg.Wait()
	posts := r.slack.received()
	if len(posts) != 2 || posts[0].ThreadTS != "" || posts[1].ThreadTS != "" {
		t.Fatalf("the two racing posts: %+v; want two threads started", posts)
	}
	for i, g := range []*gateway.Gateway{a, b, a, b} {
		title := "deploy " + string(rune('3'+i))
		r.publish(title, "deploy-42")
		deliver(t, g, 1)
	}
	posts = r.slack.received()
	winner := posts[2].ThreadTS
	if winner != posts[0].TS && winner != posts[1].TS {
		t.Fatalf("deploy 3 went to thread %q, started by neither racer (%s, %s)", winner, posts[0].TS, posts[1].TS)
	}
	for _, p := range posts[2:] {
		if p.ThreadTS != winner {
			t.Errorf("%q went to thread %q; the others after the race to %q", p.Text, p.ThreadTS, winner)
		}
	}
}

// TestThreadRecordedOnRetry loses the answer to a thread's first post
// (Slack posted it; the gateway timed out): the retry finds the post in the
// channel's history and records the thread it started, so that the next
// notification, on another replica, replies in it.
func TestThreadRecordedOnRetry(t *testing.T) {
	t.Parallel()
	r := newReplicas(t)
	a, b := r.gateway(1), r.gateway(1)
	r.slack.mu.Lock()
	r.slack.hang = make(chan struct{})
	r.slack.mu.Unlock()
	r.publish("deploy 1", "deploy-42")
	deliver(t, a, 1) // the post times out after half the lease
	r.slack.release()
	r.slack.mu.Lock()
	r.slack.hang = nil
	r.slack.mu.Unlock()
	time.Sleep(50 * time.Millisecond) // past the retry's backoff
	deliver(t, a, 1)
	if posts := r.slack.received(); len(posts) != 1 {
		t.Fatalf("%d posts after the retry, want the first attempt's only", len(posts))
	}
	r.publish("deploy 2", "deploy-42")
	deliver(t, b, 1)
	posts := r.slack.received()
	if got, want := postOf(t, posts, "deploy 2").ThreadTS, postOf(t, posts, "deploy 1").TS; got != want {
		t.Errorf("deploy 2 went to thread %q, want deploy 1's %q", got, want)
	}
}
