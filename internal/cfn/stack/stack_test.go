package stack_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/chatgov/chatgov/internal/cfn/stack"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/store/memstore"
)

const mgmtID = "111111111111"

var mgmt = gov.Caller{AccountID: mgmtID, ARN: "arn:aws:iam::" + mgmtID + ":root", Region: "us-east-1"}

// service starts gov over st, as a server start does.
func service(t *testing.T, st *memstore.Store) *gov.Service {
	t.Helper()
	svc, err := gov.New(context.Background(), st, gov.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// leftInProgress are the operations a server can leave in progress, what
// finishing them ends in, and whether the stack's OU is gone after: the
// cases of TestResume and TestTakeOver.
var leftInProgress = []struct {
	name       string
	leftIn     string
	wantStatus string
	ouGone     bool
}{
	{"creation rolls back", stack.StatusCreateInProgress, stack.StatusRollbackComplete, true},
	{"deletion finishes", stack.StatusDeleteInProgress, stack.StatusDeleteComplete, true},
	{"cleanup finishes", stack.StatusUpdateCleanup, stack.StatusUpdateComplete, false},
}

// TestResume: a stack that a stopped server left in progress is rolled
// back (a creation) or finished (a deletion) by the next server, from
// what the store holds.
func TestResume(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := leftInProgress
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := memstore.New()
			svc := service(t, st)
			if _, err := svc.Bootstrap(ctx, gov.BootstrapInput{ManagementAccountID: mgmtID}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.CreateOrganization(ctx, mgmt, "ALL"); err != nil {
				t.Fatal(err)
			}
			roots, err := svc.ListRoots(mgmt, "", 1)
			if err != nil {
				t.Fatal(err)
			}
			rootID := roots.Items[0].ID
			body := `{"Resources":{"U":{"Type":"AWS::Organizations::OrganizationalUnit","Properties":{"Name":"u","ParentId":"` + rootID + `"}}}}`
			r := stack.New(svc, stack.Options{})
			id, err := r.CreateStack(ctx, mgmt, stack.Input{StackName: "s", TemplateBody: body})
			if err != nil {
				t.Fatal(err)
			}
			// The server stops with the operation in progress.
			rec := svc.Stacks(mgmt)[0]
			var doc map[string]any
			if err := json.Unmarshal([]byte(rec.Document), &doc); err != nil {
				t.Fatal(err)
			}
			doc["status"] = tt.leftIn
			if tt.leftIn == stack.StatusUpdateCleanup {
				doc["previous"] = map[string]any{"template": body, "resources": doc["resources"]}
			}
			b, _ := json.Marshal(doc)
			rec.Document, rec.Status = string(b), tt.leftIn
			if err := svc.PutStack(ctx, mgmt, rec); err != nil {
				t.Fatal(err)
			}

			svc = service(t, st)
			r = stack.New(svc, stack.Options{})
			if _, err := r.Resume(ctx); err != nil {
				t.Fatal(err)
			}
			stacks, err := r.ListStacks(mgmt, nil)
			if err != nil || len(stacks) != 1 || stacks[0].ID != id || stacks[0].Status != tt.wantStatus {
				t.Fatalf("stacks after resume: %+v %v", stacks, err)
			}
			ous, err := svc.ListOrganizationalUnitsForParent(mgmt, rootID, "", 20)
			if err != nil {
				t.Fatal(err)
			}
			if gone := len(ous.Items) == 0; gone != tt.ouGone {
				t.Errorf("OU gone = %v, want %v", gone, tt.ouGone)
			}
			if len(svc.UnfinishedStacks()) != 0 {
				t.Errorf("unfinished after resume: %+v", svc.UnfinishedStacks())
			}
		})
	}
}

// TestStacksBelongToTheirAccount: gov refuses a stack written for
// another account, and lists an account's stacks only.
func TestStacksBelongToTheirAccount(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc := service(t, memstore.New())
	other := gov.Caller{AccountID: "222222222222", ARN: "arn:aws:iam::222222222222:root"}
	err := svc.PutStack(ctx, other, gov.StackRecord{ID: "arn:x", AccountID: mgmtID, Name: "s"})
	if gov.ErrorOf(err).Kind != gov.AccessDenied {
		t.Fatalf("PutStack for another account: %v", err)
	}
	if err := svc.PutStack(ctx, mgmt, gov.StackRecord{ID: "arn:x", AccountID: mgmtID, Name: "s", Document: "{}"}); err != nil {
		t.Fatal(err)
	}
	if len(svc.Stacks(other)) != 0 || len(svc.Stacks(mgmt)) != 1 {
		t.Errorf("stacks: other %d, owner %d", len(svc.Stacks(other)), len(svc.Stacks(mgmt)))
	}
}
