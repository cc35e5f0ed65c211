package gov_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store/sqlite"
	"github.com/chatgov/chatgov/internal/synth"
)

// eventIDs returns the IDs of the whole compliance history, in order.
func eventIDs(t *testing.T, svc *gov.Service, c gov.Caller) []int64 {
	t.Helper()
	var ids []int64
	f := gov.ComplianceFilter{MaxResults: 100}
	for {
		page, err := svc.ListComplianceEvents(context.Background(), c, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Events {
			ids = append(ids, e.ID)
		}
		if page.NextToken == "" {
			return ids
		}
		f.NextToken = page.NextToken
	}
}

// TestPruneComplianceInBatches checks that pruning keeps the newest events
// it is asked to keep, in as many transactions as its batch size needs,
// while other writes go on.
func TestPruneComplianceInBatches(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o, err := synth.Generate(synth.Spec{Accounts: 300, OUs: 20, MaxDepth: 3, ChatbotPolicies: 10, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	configs, channels, teams := o.Chat(3000, 3)
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "prune.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := o.Write(ctx, st, configs, channels, teams); err != nil {
		t.Fatal(err)
	}
	svc, err := gov.New(ctx, st, gov.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mgmt := gov.Caller{AccountID: o.ManagementAccountID(), ARN: "arn:aws:iam::" + o.ManagementAccountID() + ":root"}
	root := o.Tree.Root().ID
	var remove []string
	for _, id := range o.BaselineSlackTeams {
		remove = append(remove, `"`+id+`"`)
	}
	p, err := svc.CreatePolicy(ctx, mgmt, gov.CreatePolicyInput{Name: "slack-off", Description: "test", Type: policy.ChatbotPolicy,
		Content: `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@remove":[` + strings.Join(remove, ",") + `]}}}}}`})
	if err != nil {
		t.Fatal(err)
	}
	// Attaching and detaching it flips hundreds of configurations each time.
	for range 3 {
		if err := svc.AttachPolicy(ctx, mgmt, p.ID, root); err != nil {
			t.Fatal(err)
		}
		if err := svc.DetachPolicy(ctx, mgmt, p.ID, root); err != nil {
			t.Fatal(err)
		}
	}
	before := eventIDs(t, svc, mgmt)
	if len(before) < 1000 {
		t.Fatalf("only %d events", len(before))
	}
	const keep, batch = 250, 97
	// Writes go on while pruning runs.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 5 {
			if _, err := svc.CreatePolicy(ctx, mgmt, gov.CreatePolicyInput{Name: fmt.Sprintf("during-%d", i), Description: "t",
				Type: policy.ChatbotPolicy, Content: `{"chatbot":{}}`}); err != nil {
				t.Error(err)
			}
		}
	}()
	got, err := svc.PruneCompliance(ctx, gov.Retention{MaxEvents: keep, Batch: batch})
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	after := eventIDs(t, svc, mgmt)
	if want := before[len(before)-keep:]; got.Events != len(before)-keep || len(after) != keep || after[0] != want[0] || after[keep-1] != want[keep-1] {
		t.Errorf("pruned %+v: %d events left (%d..%d), want the newest %d of %d", got, len(after), after[0], after[len(after)-1], keep, len(before))
	}
	// The causes of the first five writes went with their events; the
	// events that remain still have theirs.
	if got.Causes < 4 {
		t.Errorf("%d causes pruned", got.Causes)
	}
	page, err := svc.ListComplianceEvents(ctx, mgmt, gov.ComplianceFilter{MaxResults: 1})
	if err != nil || page.Events[0].Cause.Operation == "" {
		t.Errorf("the oldest remaining event's cause: %+v %v", page.Events, err)
	}
	// Nothing is due now.
	if got, err := svc.PruneCompliance(ctx, gov.Retention{MaxEvents: keep, Batch: batch}); err != nil || got.Events != 0 {
		t.Errorf("a second prune: %+v %v", got, err)
	}
}
