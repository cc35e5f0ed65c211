package memstore_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/memstore"
	"github.com/chatgov/chatgov/internal/store/storetest"
)

// TestConformance runs the drivers' conformance suite: a database per
// test, which a second open of the same test opens again.
func TestConformance(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	dbs := map[string]*memstore.DB{}
	storetest.Run(t, func(t *testing.T) store.Store {
		mu.Lock()
		defer mu.Unlock()
		db, ok := dbs[t.Name()]
		if !ok {
			db = memstore.NewDB()
			dbs[t.Name()] = db
		}
		return db.Open()
	})
}

func TestNewFrom(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st := &store.State{
		Organization: &store.Organization{ID: "o-abcdef1234", RootID: "r-ab12", RootName: "Root"},
		Policies:     []store.Policy{{ID: "p-FullAWSAccess", Name: "FullAWSAccess", Type: "SERVICE_CONTROL_POLICY"}},
		Attachments:  []store.Attachment{{PolicyID: "p-FullAWSAccess", TargetID: "r-ab12", Seq: 1}},
		ChatConfigurations: []store.ChatConfiguration{{ARN: "arn:aws:chatbot::111111111111:chat-configuration/slack-channel/ops",
			AccountID: "111111111111", SnsTopicARNs: []string{"arn:aws:sns:us-east-1:111111111111:t"}}},
	}
	s, err := memstore.NewFrom(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Revision != 1 || got.Organization.ID != "o-abcdef1234" || len(got.Attachments) != 1 || len(got.ChatConfigurations) != 1 {
		t.Fatalf("loaded %+v", got)
	}
	// What Load returned is the caller's: changing it changes nothing stored.
	got.ChatConfigurations[0].SnsTopicARNs[0] = "changed"
	got.Organization.ID = "changed"
	again, _ := s.Load(ctx)
	if again.ChatConfigurations[0].SnsTopicARNs[0] != "arn:aws:sns:us-east-1:111111111111:t" || again.Organization.ID != "o-abcdef1234" {
		t.Errorf("a change to a loaded state reached the store: %+v", again)
	}
	// The records go through the writes' checks.
	bad := &store.State{Attachments: []store.Attachment{{PolicyID: "p-missing", TargetID: "r-ab12", Seq: 1}}}
	if _, err := memstore.NewFrom(ctx, bad); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "p-missing") {
		t.Errorf("an attachment of a missing policy: %v", err)
	}
}

func TestClosed(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := memstore.NewDB()
	s := db.Open()
	if err := s.Update(ctx, func(ctx context.Context, tx store.Tx) error { return tx.PutSetting(ctx, "k", "v") }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	ran := false
	if err := s.Update(ctx, func(context.Context, store.Tx) error { ran = true; return nil }); err == nil || ran {
		t.Errorf("Update after Close: %v, fn ran: %v", err, ran)
	}
	if _, err := s.Load(ctx); err == nil {
		t.Error("Load after Close succeeded")
	}
	if _, err := s.ComplianceEvents(ctx, store.ComplianceQuery{}); err == nil {
		t.Error("ComplianceEvents after Close succeeded")
	}
	// The database outlives the store.
	if got, err := db.Open().Load(ctx); err != nil || got.Settings["k"] != "v" || got.Revision != 1 {
		t.Errorf("reopened: %+v, %v", got, err)
	}
	// A context already done runs nothing.
	done, cancel := context.WithCancel(ctx)
	cancel()
	if err := db.Open().Update(done, func(context.Context, store.Tx) error { ran = true; return nil }); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("Update with a done context: %v, fn ran: %v", err, ran)
	}
}
