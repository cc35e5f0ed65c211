package awsapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
)

// unitAndGuard is an OU and a chat applications policy on the root that
// allows Slack workspace T0ALLOWED only; extra goes into Resources.
func unitAndGuard(root, ouName, extra string) string {
	return `{"Resources":{
		"Unit":{"Type":"AWS::Organizations::OrganizationalUnit","Properties":{"Name":"` + ouName + `","ParentId":"` + root + `"}},
		"Guard":{"Type":"AWS::Organizations::Policy","Properties":{"Type":"CHATBOT_POLICY","Name":"guard","TargetIds":["` + root + `"],
			"Content":"{\"chatbot\":{\"platforms\":{\"slack\":{\"client\":{\"@@assign\":\"enabled\"},\"workspaces\":{\"@@assign\":[\"T0ALLOWED\"]}}}}}"}}` +
		extra + `}}`
}

const deniedConfig = `,"Ops":{"Type":"AWS::Chatbot::SlackChannelConfiguration","DependsOn":["Unit","Guard"],"Properties":{
	"ConfigurationName":"ops","IamRoleArn":"arn:aws:iam::111111111111:role/chatbot-ops","SlackWorkspaceId":"T0OTHER","SlackChannelId":"C0CHANNEL"}}`

// TestCloudFormationUpdateRollback: an UpdateStack whose new resource is
// refused puts back what the update changed in place (the OU's name) and
// removes what it created; with rollback disabled the stack stops in
// UPDATE_FAILED with the changes kept, and a later update repairs it.
func TestCloudFormationUpdateRollback(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	root := ts.enableChatbotPolicies(t)
	c := ts.cloudformation(ts.mgmt())
	try(c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("s"), TemplateBody: aws.String(unitAndGuard(root, "before", ""))})).must(t)
	unitID := func() string {
		return aws.ToString(try(c.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{StackName: aws.String("s"),
			LogicalResourceId: aws.String("Unit")})).must(t).StackResourceDetail.PhysicalResourceId)
	}
	ou := unitID()
	ouName := func() string {
		return aws.ToString(try(ts.mgmtOrgs().DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{
			OrganizationalUnitId: aws.String(ou)})).must(t).OrganizationalUnit.Name)
	}

	try(c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("s"), TemplateBody: aws.String(unitAndGuard(root, "after", deniedConfig))})).must(t)
	st := try(c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("s")})).must(t).Stacks[0]
	if st.StackStatus != cfntypes.StackStatusUpdateRollbackComplete {
		t.Fatalf("stack %s %s", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	if got := ouName(); got != "before" || unitID() != ou {
		t.Errorf("OU after the rollback: %q (%s), want %q (%s)", got, unitID(), "before", ou)
	}
	tpl := try(c.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String("s")})).must(t)
	if strings.Contains(aws.ToString(tpl.TemplateBody), "Ops") {
		t.Errorf("the rolled-back template is the stack's")
	}

	try(c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("s"), DisableRollback: aws.Bool(true),
		TemplateBody: aws.String(unitAndGuard(root, "kept", deniedConfig))})).must(t)
	st = try(c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("s")})).must(t).Stacks[0]
	if st.StackStatus != cfntypes.StackStatusUpdateFailed || ouName() != "kept" {
		t.Errorf("stack %s, OU %q", st.StackStatus, ouName())
	}
	// The failed stack still holds both resources: an update repairs it.
	rs := try(c.ListStackResources(ctx, &cloudformation.ListStackResourcesInput{StackName: aws.String("s")})).must(t).StackResourceSummaries
	if len(rs) != 2 {
		t.Fatalf("resources of the failed stack: %+v", rs)
	}
	try(c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("s"), TemplateBody: aws.String(unitAndGuard(root, "repaired", ""))})).must(t)
	st = try(c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("s")})).must(t).Stacks[0]
	if st.StackStatus != cfntypes.StackStatusUpdateComplete || ouName() != "repaired" {
		t.Errorf("repaired stack %s, OU %q", st.StackStatus, ouName())
	}
}
