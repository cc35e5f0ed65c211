package awsapi_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// TestCloudFormationDebianAWSCLI deploys the seed's Figure 4 template,
// unchanged, with `aws cloudformation deploy` of Debian's AWS CLI, then
// deletes the stack with `delete-stack`: the policy lands, and stays
// (DeletionPolicy Retain).
func TestCloudFormationDebianAWSCLI(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(debianAWSCLI); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the Debian AWS CLI is required under CI=true: %v", err)
		}
		t.Skipf("the Debian AWS CLI is not installed (apt-get install awscli): %v", err)
	}
	ts := startServer(t)
	ctx := context.Background()
	root := ts.enableChatbotPolicies(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "figure4.json")
	if err := os.WriteFile(file, []byte(figure4(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	cli := func(args ...string) string {
		t.Helper()
		start := time.Now()
		out, errOut, err := ts.awsCLI(t, args...)
		t.Logf("aws %s: %v", args[1], time.Since(start))
		if err != nil {
			t.Fatalf("aws %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
		}
		return out
	}
	out := cli("cloudformation", "deploy", "--template-file", file, "--stack-name", "chat-governance")
	if !strings.Contains(out, "Successfully created/updated stack - chat-governance") {
		t.Fatalf("deploy said %q", out)
	}
	// The CLI's own calls are slow to start (seconds each on a shared
	// machine): the checks in between go through the SDK.
	c := ts.cloudformation(ts.mgmt())
	st := try(c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("chat-governance")})).must(t).Stacks
	if len(st) != 1 || st[0].StackStatus != cfntypes.StackStatusCreateComplete {
		t.Fatalf("stacks %+v", st)
	}
	res := try(c.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{StackName: aws.String("chat-governance"),
		LogicalResourceId: aws.String("PolicyTestTemplate")})).must(t).StackResourceDetail
	pid := aws.ToString(res.PhysicalResourceId)
	// The policy applies once attached: to the root, here.
	try(ts.mgmtOrgs().AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(pid), TargetId: aws.String(root)})).must(t)
	eff := try(ts.mgmtOrgs().DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: orgtypes.EffectivePolicyTypeChatbotPolicy,
		TargetId: aws.String(mgmtAccount)})).must(t).EffectivePolicy
	if !strings.Contains(aws.ToString(eff.PolicyContent), `"workspaces":["T12341234"]`) {
		t.Fatalf("effective policy %s", aws.ToString(eff.PolicyContent))
	}
	// Deploying the same template again changes nothing.
	out, errOut, err := ts.awsCLI(t, "cloudformation", "deploy", "--template-file", file, "--stack-name", "chat-governance", "--no-fail-on-empty-changeset")
	if err != nil || !strings.Contains(out, "No changes to deploy. Stack chat-governance is up to date") {
		t.Fatalf("empty redeploy: %v %s%s", err, out, errOut)
	}
	cli("cloudformation", "delete-stack", "--stack-name", "chat-governance")
	cli("cloudformation", "wait", "stack-delete-complete", "--stack-name", aws.ToString(st[0].StackId))
	try(ts.mgmtOrgs().DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(pid)})).must(t)
	_, errOut, err = ts.awsCLI(t, "cloudformation", "describe-stacks", "--stack-name", "chat-governance")
	if err == nil || !strings.Contains(errOut, "(ValidationError)") || !strings.Contains(errOut, "Stack with id chat-governance does not exist") {
		t.Fatalf("describe-stacks after delete-stack: %v %s", err, errOut)
	}
}
