package commands_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gateway/commands"
)

// stuck is an Executor that never finishes on its own: it reports each
// run on started and returns only when its context ends (the server
// stopping).
type stuck struct{ started chan string }

func (s stuck) Execute(ctx context.Context, r commands.Run) (string, error) {
	s.started <- r.Command.String()
	<-ctx.Done()
	return "", ctx.Err()
}

// waitStarted waits for n runs of a stuck executor.
func (s stuck) waitStarted(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-s.started:
		case <-time.After(10 * time.Second):
			t.Fatal("the executor was not reached")
		}
	}
}

// A server stopped after acknowledging commands, while it runs them, loses
// none: the next server on the same store answers each exactly once, and
// Slack's retries reaching it after the restart are not done again.
func TestRestartAnswersAcknowledgedCommandsOnce(t *testing.T) {
	tests := []struct {
		name string
		// after is the executor of the server after the restart.
		after commands.Executor
		// want is in each answer.
		want string
		runs int // runs of the recorder after the restart
	}{
		// decide-only runs nothing: the interrupted command is decided
		// again and answered with the request it would make.
		{"DecideOnlyAnswersAgain", commands.DecideOnly{}, "would run", 0},
		// an executor that runs commands does not run an interrupted one
		// again: it may have completed.
		{"RunningExecutorDoesNotRunAgain", nil, "was not run again", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			block := stuck{started: make(chan string, 4)}
			w := newWorld(t, block)
			mentionBody := mention("Ev0RESTART1", "U0MEMBER01", "organizations describe-organization", "1700000000.000300")
			slashBody := slash(w, "organizations describe-organization", "restart1", "13345224609.0.restart")
			send := func(header http.Header) {
				t.Helper()
				if status, body := w.post("/slack/events", "application/json", mentionBody, slackSecret, time.Now(), header); status != http.StatusOK {
					t.Fatalf("event: status %d %s", status, body)
				}
				if status, body := w.post("/slack/commands", "application/x-www-form-urlencoded", slashBody, slackSecret, time.Now(), header); status != http.StatusOK {
					t.Fatalf("slash command: status %d %s", status, body)
				}
			}
			send(nil)
			block.waitStarted(t, 2) // acknowledged, and running when the server stops

			after := tt.after
			if after == nil {
				after = w.rec
			}
			w.restart(300*time.Millisecond, after)
			w.slack.wait(t, 2) // both answered after the restart
			// Slack's retries, after the restart, are recognised by the store.
			send(http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}})
			time.Sleep(2500 * time.Millisecond) // more than the worker's poll: time for a second answer, were there one
			posts := w.slack.wait(t, 2)
			if len(posts) != 2 {
				t.Fatalf("%d answers to two commands and their retries, want 2: %+v", len(posts), posts)
			}
			via := map[string]int{}
			for _, p := range posts {
				via[p.Via]++
				if !strings.Contains(p.Text, tt.want) || !strings.Contains(p.Text, "organizations describe-organization") {
					t.Errorf("answer %q does not say %q", p.Text, tt.want)
				}
			}
			if via["chat.postMessage"] != 1 || via["response_url"] != 1 {
				t.Errorf("answers %v, want one in the thread and one at the response URL", via)
			}
			if runs := w.rec.ran(); len(runs) != tt.runs {
				t.Errorf("the executor after the restart ran %d commands, want %d: %+v", len(runs), tt.runs, runs)
			}
		})
	}
}
