package metrics

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/memstore"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Result().Body)
	return string(b)
}

// TestStoreCountsCommittedEvents: the timed store counts every Update and
// the compliance events of the committed ones only.
func TestStoreCountsCommittedEvents(t *testing.T) {
	t.Parallel()
	m := New()
	st := m.Store(memstore.New())
	ctx := context.Background()
	now := time.Now()
	add := func(cause int64, events ...int64) func(ctx context.Context, tx store.Tx) error {
		return func(ctx context.Context, tx store.Tx) error {
			if err := tx.AddComplianceCause(ctx, store.ComplianceCause{ID: cause, Time: now, Operation: "AttachPolicy"}); err != nil {
				return err
			}
			var evs []store.ComplianceEvent
			for _, id := range events {
				evs = append(evs, store.ComplianceEvent{ID: id, CauseID: cause, Time: now, OldState: "ENABLED", NewState: "DISABLED",
					ConfigurationARN: "arn:aws:chatbot::111111111111:chat-configuration/slack-channel/x", AccountID: "111111111111", Platform: "slack"})
			}
			return tx.AddComplianceEvents(ctx, evs)
		}
	}
	if err := st.Update(ctx, add(1, 1, 2)); err != nil {
		t.Fatal(err)
	}
	rolledBack := errors.New("rolled back")
	if err := st.Update(ctx, func(ctx context.Context, tx store.Tx) error {
		if err := add(2, 3)(ctx, tx); err != nil {
			return err
		}
		return rolledBack
	}); !errors.Is(err, rolledBack) {
		t.Fatal(err)
	}
	page := scrape(t, m)
	for _, want := range []string{
		"chatgov_compliance_events_written_total 2\n",
		"chatgov_store_commit_duration_seconds_count 2\n",
		"chatgov_store_commit_failures_total 1\n",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("/metrics lacks %q", strings.TrimSpace(want))
		}
	}
	if strings.Contains(page, "111111111111") {
		t.Error("/metrics shows an account")
	}
}

func TestObserveRequestAndConfigurations(t *testing.T) {
	t.Parallel()
	m := New()
	if page := scrape(t, m); strings.Contains(page, "chatgov_chat_configurations{") {
		t.Error("configurations reported before a source is set")
	}
	m.CountConfigurations(func() map[string]int { return map[string]int{"ENABLED": 4, "DISABLED": 1} })
	m.ObserveRequest("sts", "GetCallerIdentity", 200, time.Millisecond)
	m.ObserveRequest("sts", Unknown, 0, time.Millisecond)
	page := scrape(t, m)
	for _, want := range []string{
		`chatgov_chat_configurations{state="ENABLED"} 4`,
		`chatgov_chat_configurations{state="DISABLED"} 1`,
		`chatgov_requests_total{code="200",operation="GetCallerIdentity",service="sts"} 1`,
		`chatgov_requests_total{code="other",operation="unknown",service="sts"} 1`,
		`chatgov_request_duration_seconds_bucket{operation="GetCallerIdentity",service="sts",le="0.001"} 1`,
	} {
		if !strings.Contains(page, want+"\n") {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
