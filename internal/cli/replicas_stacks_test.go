package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/chatgov/chatgov/internal/cfn/stack"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/store/postgres"
	"github.com/chatgov/chatgov/internal/store/postgres/pgtest"
)

// TestReplicasTakeOverStacks runs two servers on one PostgreSQL schema
// and a third replica that stops in the middle of a CloudFormation
// stack's creation: after StackAbandonedAfter, one of the running
// servers rolls the stack back, once, as the API shows from either.
func TestReplicasTakeOverStacks(t *testing.T) {
	t.Parallel()
	storeURL := pgtest.Schema(t)
	const abandoned = 3 * time.Second
	so := ServerOptions{StackSweepInterval: 100 * time.Millisecond, StackAbandonedAfter: abandoned}
	var urls []string
	for range 2 {
		urls = append(urls, mustStart(t, serverConfig(t.TempDir(), storeURL), so).URL())
	}
	ctx := context.Background()
	sess := &session{}
	cfg := sdkWith(mgmtCreds, sess)
	orgs := orgsAt(urls[0], cfg)
	if _, err := orgs.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		t.Fatal(err)
	}
	roots, err := orgs.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil {
		t.Fatal(err)
	}
	root := *roots.Roots[0].Id

	// The replica that stops: it creates the stack's OU, saves the stack
	// in progress, and is gone.
	st, err := postgres.Open(ctx, storeURL)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := gov.New(ctx, st, gov.Options{Feed: st, StackAbandonedAfter: abandoned})
	if err != nil {
		t.Fatal(err)
	}
	owner := gov.Caller{AccountID: testMgmtAccount, ARN: "arn:aws:iam::" + testMgmtAccount + ":root", Region: "us-east-1"}
	body := `{"Resources":{"U":{"Type":"AWS::Organizations::OrganizationalUnit","Properties":{"Name":"left","ParentId":"` + root + `"}}}}`
	id, err := stack.New(svc, stack.Options{}).CreateStack(ctx, owner, stack.Input{StackName: "left", TemplateBody: body})
	if err != nil {
		t.Fatal(err)
	}
	rec := svc.Stacks(owner)[0]
	var doc map[string]any
	if err := json.Unmarshal([]byte(rec.Document), &doc); err != nil {
		t.Fatal(err)
	}
	doc["status"] = stack.StatusCreateInProgress
	b, _ := json.Marshal(doc)
	rec.Document, rec.Status = string(b), stack.StatusCreateInProgress
	stopped := time.Now()
	var revs gov.Revisions
	if err := svc.PutStack(gov.WithRevisions(ctx, &revs), owner, rec); err != nil {
		t.Fatal(err)
	}
	st.Close()
	sess.rev.Store(revs.Last()) // the servers' answers come after the replica's last write

	cfnAt := func(i int) *cloudformation.Client {
		return cloudformation.NewFromConfig(cfg, func(o *cloudformation.Options) { o.BaseEndpoint = aws.String(urls[i]) })
	}
	status := func(i int) cfntypes.StackStatus {
		t.Helper()
		out, err := cfnAt(i).DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		return out.Stacks[0].StackStatus
	}
	// Not taken over while its replica might only be slow.
	if s := status(1); time.Since(stopped) < abandoned/2 && s != cfntypes.StackStatusCreateInProgress {
		t.Fatalf("the stack is %s %v after its replica stopped", s, time.Since(stopped))
	}
	deadline := time.Now().Add(30 * time.Second)
	for status(1) != cfntypes.StackStatusRollbackComplete {
		if time.Now().After(deadline) {
			t.Fatalf("the abandoned stack is still %s", status(1))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if took := time.Since(stopped); took < abandoned {
		t.Errorf("the stack was taken over %v after its last write, before %v", took, abandoned)
	}
	for i := range urls {
		if s := status(i); s != cfntypes.StackStatusRollbackComplete {
			t.Errorf("replica %d shows the stack %s", i, s)
		}
		events, err := cfnAt(i).DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range events.StackEvents {
			if strings.Contains(aws.ToString(e.ResourceStatusReason), "another took it over") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("replica %d shows %d take-overs, want 1", i, n)
		}
		ous, err := orgsAt(urls[i], cfg).ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})
		if err != nil {
			t.Fatal(err)
		}
		if len(ous.OrganizationalUnits) != 0 {
			t.Errorf("replica %d still has the stack's OU: %+v", i, ous.OrganizationalUnits)
		}
	}
}
