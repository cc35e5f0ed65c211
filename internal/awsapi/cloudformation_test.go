package awsapi_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
)

func (ts *testServer) cloudformation(cfg aws.Config) *cloudformation.Client {
	return cloudformation.NewFromConfig(cfg, func(o *cloudformation.Options) { o.BaseEndpoint = aws.String(ts.srv.URL()) })
}

// figure4 is the seed's Figure 4 template, verbatim.
func figure4(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../cfn/testdata/figure4.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// enableChatbotPolicies creates the organization, enables chat
// applications policies and returns the root's ID.
func (ts *testServer) enableChatbotPolicies(t *testing.T) string {
	t.Helper()
	root := ts.org()
	try(ts.mgmtOrgs().EnablePolicyType(context.Background(), &organizations.EnablePolicyTypeInput{RootId: aws.String(root),
		PolicyType: orgtypes.PolicyTypeChatbotPolicy})).must(t)
	return root
}

// deployChangeSet deploys body as the CLI's deploy does: a change set,
// its waiter, its execution, the stack's waiter. It returns the stack.
func deployChangeSet(t *testing.T, c *cloudformation.Client, name, body string, create bool) cfntypes.Stack {
	t.Helper()
	ctx := context.Background()
	typ := cfntypes.ChangeSetTypeUpdate
	if create {
		typ = cfntypes.ChangeSetTypeCreate
	}
	cs := try(c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String(name), ChangeSetName: aws.String("deploy-" + strings.ToLower(string(typ))),
		TemplateBody: aws.String(body), ChangeSetType: typ})).must(t)
	if err := cloudformation.NewChangeSetCreateCompleteWaiter(c).Wait(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: cs.Id}, 10*time.Second); err != nil {
		t.Fatalf("change set: %v", err)
	}
	try(c.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{ChangeSetName: cs.Id})).must(t)
	in := &cloudformation.DescribeStacksInput{StackName: aws.String(name)}
	var err error
	if create {
		err = cloudformation.NewStackCreateCompleteWaiter(c).Wait(ctx, in, 10*time.Second)
	} else {
		err = cloudformation.NewStackUpdateCompleteWaiter(c).Wait(ctx, in, 10*time.Second)
	}
	if err != nil {
		t.Fatalf("stack: %v", err)
	}
	return try(c.DescribeStacks(ctx, in)).must(t).Stacks[0]
}

// TestCloudFormationFigure4 deploys the seed's Figure 4 template as it is,
// through change sets and waiters as the CLI's deploy does; attaches it
// by an update of the template; changes the workspace by another update,
// which disables a configuration that it no longer allows; and deletes
// the stack, which retains the policy (DeletionPolicy Retain).
func TestCloudFormationFigure4(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	root := ts.enableChatbotPolicies(t)
	dev := ts.account("dev")
	ou := ts.ou(root, "chat")
	ts.move(dev, root, ou)
	cb := ts.chatbot(ts.assume(dev))
	cfgARN := *try(cb.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String("ops"),
		SlackTeamId: aws.String("T12341234"), SlackChannelId: aws.String("C0CHANNEL"), IamRoleArn: aws.String(opsRole),
		UserAuthorizationRequired: aws.Bool(true)})).must(t).ChannelConfiguration.ChatConfigurationArn

	c := ts.cloudformation(ts.mgmt())
	body := figure4(t)
	st := deployChangeSet(t, c, "chat-governance", body, true)
	if st.StackStatus != cfntypes.StackStatusCreateComplete || aws.ToString(st.Description) != "AWS CloudFormation Organizations Template Example" {
		t.Fatalf("stack %+v", st)
	}
	res := try(c.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{StackName: aws.String("chat-governance"),
		LogicalResourceId: aws.String("PolicyTestTemplate")})).must(t).StackResourceDetail
	pid := aws.ToString(res.PhysicalResourceId)
	if res.ResourceStatus != cfntypes.ResourceStatusCreateComplete || !strings.HasPrefix(pid, "p-") {
		t.Fatalf("resource %+v", res)
	}
	pol := try(ts.mgmtOrgs().DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(pid)})).must(t).Policy
	if aws.ToString(pol.PolicySummary.Name) != "AllowOnlySlackWithUserRolePolicy" || pol.PolicySummary.Type != orgtypes.PolicyTypeChatbotPolicy ||
		!strings.Contains(aws.ToString(pol.Content), `"workspaces":{"@@assign":["T12341234"]}`) {
		t.Fatalf("policy %+v %s", pol.PolicySummary, aws.ToString(pol.Content))
	}
	if got := try(c.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String("chat-governance")})).must(t); aws.ToString(got.TemplateBody) != body {
		t.Errorf("GetTemplate changed the template")
	}

	// Attached to the OU by an update of the template: the account's
	// effective policy shows it, and the configuration stays enabled.
	attached := strings.Replace(body, `"Type":"CHATBOT_POLICY",`, `"Type":"CHATBOT_POLICY","TargetIds":["`+ou+`"],`, 1)
	st = deployChangeSet(t, c, "chat-governance", attached, false)
	if st.StackStatus != cfntypes.StackStatusUpdateComplete {
		t.Fatalf("stack %+v", st)
	}
	eff := try(ts.mgmtOrgs().DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: orgtypes.EffectivePolicyTypeChatbotPolicy,
		TargetId: aws.String(dev)})).must(t).EffectivePolicy
	if !strings.Contains(aws.ToString(eff.PolicyContent), `"workspaces":["T12341234"]`) {
		t.Fatalf("effective policy %s", aws.ToString(eff.PolicyContent))
	}
	if state, why := slackState(t, cb, cfgARN); state != "ENABLED" {
		t.Fatalf("configuration %s: %s", state, why)
	}

	// Another workspace: the policy changes in place (same ID) and the
	// configuration is disabled.
	other := strings.Replace(attached, "T12341234", "T99999999", 1)
	cs := try(c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String("chat-governance"), ChangeSetName: aws.String("workspace"),
		TemplateBody: aws.String(other)})).must(t)
	desc := try(c.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: cs.Id})).must(t)
	if len(desc.Changes) != 1 || desc.Changes[0].ResourceChange.Action != cfntypes.ChangeActionModify ||
		desc.Changes[0].ResourceChange.Replacement != cfntypes.ReplacementFalse || aws.ToString(desc.Changes[0].ResourceChange.PhysicalResourceId) != pid {
		t.Fatalf("change set %+v", desc.Changes)
	}
	try(c.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{ChangeSetName: cs.Id})).must(t)
	if state, why := slackState(t, cb, cfgARN); state != "DISABLED" || !strings.Contains(why, "T12341234") {
		t.Fatalf("configuration %s: %s", state, why)
	}

	// Deleting the stack retains the policy, still attached.
	try(c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("chat-governance")})).must(t)
	if err := cloudformation.NewStackDeleteCompleteWaiter(c).Wait(ctx, &cloudformation.DescribeStacksInput{StackName: st.StackId}, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	try(ts.mgmtOrgs().DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(pid)})).must(t)
	_, err := c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("chat-governance")})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "ValidationError" || ae.ErrorMessage() != "Stack with id chat-governance does not exist" {
		t.Fatalf("DescribeStacks after deletion: %v", err)
	}
	events := try(c.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: st.StackId})).must(t).StackEvents
	if events[0].ResourceStatus != cfntypes.ResourceStatusDeleteComplete || !hasEvent(events, "PolicyTestTemplate", cfntypes.ResourceStatusDeleteSkipped) {
		t.Errorf("events %+v", events[:2])
	}
}

func hasEvent(events []cfntypes.StackEvent, logical string, status cfntypes.ResourceStatus) bool {
	for _, e := range events {
		if aws.ToString(e.LogicalResourceId) == logical && e.ResourceStatus == status {
			return true
		}
	}
	return false
}
