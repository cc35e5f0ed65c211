package gateway_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// slackPost is a chat.postMessage the Slack stand-in received.
type slackPost struct {
	Token, Channel, Text, ThreadTS, TS string
	Blocks                             []map[string]any
	Metadata                           struct {
		EventType    string         `json:"event_type"`
		EventPayload map[string]any `json:"event_payload"`
	}
}

// slackStandIn answers the Slack Web API's chat.postMessage and
// conversations.history as Slack does (form posts, a bearer token, JSON
// answers with ok and error), recording what it receives. fail, when set,
// chooses a failure for a request before it is handled; hang makes
// chat.postMessage record the post and then never answer.
type slackStandIn struct {
	*httptest.Server
	token string

	mu    sync.Mutex
	posts []slackPost
	seq   int
	fail  func(n int) (status int, header http.Header, slackErr string)
	hang  chan struct{} // closed to release hung requests
	calls int
}

func newSlackStandIn(t testing.TB, token string) *slackStandIn {
	s := &slackStandIn{token: token}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		s.release()
		s.Close()
	})
	return s
}

func (s *slackStandIn) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hang != nil {
		select {
		case <-s.hang:
		default:
			close(s.hang)
		}
	}
}

func (s *slackStandIn) answer(w http.ResponseWriter, v map[string]any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}

func (s *slackStandIn) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	// Slack takes the token as a bearer token or as the form's token.
	if r.Header.Get("Authorization") != "Bearer "+s.token && r.Form.Get("token") != s.token {
		s.answer(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	s.mu.Lock()
	s.calls++
	n := s.calls
	fail := s.fail
	s.mu.Unlock()
	switch r.URL.Path {
	case "/api/chat.postMessage":
		if fail != nil {
			if status, h, slackErr := fail(n); status != 0 {
				for k, v := range h {
					w.Header()[k] = v
				}
				if slackErr != "" {
					w.WriteHeader(status)
					s.answer(w, map[string]any{"ok": false, "error": slackErr})
				} else {
					w.WriteHeader(status)
				}
				return
			}
		}
		p := slackPost{Token: s.token, Channel: r.Form.Get("channel"), Text: r.Form.Get("text"), ThreadTS: r.Form.Get("thread_ts")}
		if b := r.Form.Get("blocks"); b != "" {
			_ = json.Unmarshal([]byte(b), &p.Blocks)
		}
		if m := r.Form.Get("metadata"); m != "" {
			_ = json.Unmarshal([]byte(m), &p.Metadata)
		}
		s.mu.Lock()
		s.seq++
		p.TS = fmt.Sprintf("1700000000.%06d", s.seq)
		s.posts = append(s.posts, p)
		hang := s.hang
		s.mu.Unlock()
		if hang != nil {
			select {
			case <-hang:
			case <-r.Context().Done():
			}
			return
		}
		s.answer(w, map[string]any{"ok": true, "channel": p.Channel, "ts": p.TS, "message": map[string]any{"type": "message", "text": p.Text, "ts": p.TS}})
	case "/api/conversations.history":
		channel := r.Form.Get("channel")
		var msgs []map[string]any
		s.mu.Lock()
		for i := len(s.posts) - 1; i >= 0; i-- { // newest first, as Slack lists them
			p := s.posts[i]
			if p.Channel != channel {
				continue
			}
			m := map[string]any{"type": "message", "ts": p.TS, "text": p.Text}
			if p.ThreadTS != "" {
				m["thread_ts"] = p.ThreadTS
			}
			if r.Form.Get("include_all_metadata") == "1" && p.Metadata.EventType != "" {
				m["metadata"] = p.Metadata
			}
			msgs = append(msgs, m)
		}
		s.mu.Unlock()
		s.answer(w, map[string]any{"ok": true, "messages": msgs, "has_more": false})
	default:
		s.answer(w, map[string]any{"ok": false, "error": "unknown_method"})
	}
}

// received returns the posts so far.
func (s *slackStandIn) received() []slackPost {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]slackPost(nil), s.posts...)
}

// webhookStandIn records what a Teams (or Chime) incoming webhook
// receives and answers as Teams does (200, body "1").
type webhookStandIn struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
}

func newWebhookStandIn(t testing.TB) *webhookStandIn {
	return startWebhookStandIn(t, httptest.NewServer)
}

// newTLSWebhookStandIn is a webhook stand-in served over TLS (httptest's
// certificate, for example.com).
func newTLSWebhookStandIn(t testing.TB) *webhookStandIn {
	return startWebhookStandIn(t, httptest.NewTLSServer)
}

func startWebhookStandIn(t testing.TB, serve func(http.Handler) *httptest.Server) *webhookStandIn {
	s := &webhookStandIn{}
	s.Server = serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			http.Error(w, "Bad payload", http.StatusBadRequest)
			return
		}
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, b)
		s.mu.Unlock()
		io.WriteString(w, "1")
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *webhookStandIn) received() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.bodies...)
}
