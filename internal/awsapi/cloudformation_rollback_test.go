package awsapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
)

// guardedChat is an OU, a chat applications policy on the root that
// allows one Slack workspace (the parameter), and a Slack configuration
// in workspace T0OTHER, in YAML with short forms.
const guardedChat = `AWSTemplateFormatVersion: "2010-09-09"
Description: guarded chat
Parameters:
  RootId:
    Type: String
    AllowedPattern: "r-[0-9a-z]{4,32}"
  Workspace:
    Type: String
    Default: T0ALLOWED
Conditions:
  Open: !Equals [!Ref Workspace, T0OTHER]
Resources:
  ChatOU:
    Type: AWS::Organizations::OrganizationalUnit
    Properties:
      Name: !Sub "${AWS::StackName}-chat"
      ParentId: !Ref RootId
  Guard:
    Type: AWS::Organizations::Policy
    Properties:
      Type: CHATBOT_POLICY
      Name: !Join ["-", [!Ref "AWS::StackName", guard]]
      Description: !If [Open, open, closed]
      Content:
        chatbot:
          platforms:
            slack:
              client: {"@@assign": enabled}
              workspaces: {"@@assign": [!Ref Workspace]}
      TargetIds: [!Ref RootId]
  Ops:
    Type: AWS::Chatbot::SlackChannelConfiguration
    DependsOn: Guard
    Properties:
      ConfigurationName: !Sub "${AWS::StackName}-ops"
      IamRoleArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/chatbot-ops"
      SlackWorkspaceId: T0OTHER
      SlackChannelId: !Select [1, !Split [",", "C0FIRST,C0SECOND"]]
Outputs:
  Unit:
    Value: !GetAtt ChatOU.Id
    Export:
      Name: !Sub "${AWS::StackName}-ou"
  Config:
    Value: !Ref Ops
`

// TestCloudFormationRollback: a Slack configuration that the template's
// own chat applications policy denies fails the stack, with chatgov's
// reason on the resource's event, and the OU and the policy created
// before it are removed (ROLLBACK_COMPLETE). The same template with the
// workspace allowed deploys, with intrinsic functions, conditions and
// outputs resolved.
func TestCloudFormationRollback(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	root := ts.enableChatbotPolicies(t)
	c := ts.cloudformation(ts.mgmt())
	rootParam := cfntypes.Parameter{ParameterKey: aws.String("RootId"), ParameterValue: aws.String(root)}

	id := aws.ToString(try(c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("denied"), TemplateBody: aws.String(guardedChat),
		Parameters: []cfntypes.Parameter{rootParam}})).must(t).StackId)
	st := try(c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(id)})).must(t).Stacks[0]
	if st.StackStatus != cfntypes.StackStatusRollbackComplete {
		t.Fatalf("stack %s: %s", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	events := try(c.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(id)})).must(t).StackEvents
	var failed, rollback string
	var order []string
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if aws.ToString(e.LogicalResourceId) == "Ops" && e.ResourceStatus == cfntypes.ResourceStatusCreateFailed {
			failed = aws.ToString(e.ResourceStatusReason)
		}
		if aws.ToString(e.LogicalResourceId) == "denied" && e.ResourceStatus == cfntypes.ResourceStatusRollbackInProgress {
			rollback = aws.ToString(e.ResourceStatusReason)
		}
		if e.ResourceStatus == cfntypes.ResourceStatusDeleteComplete {
			order = append(order, aws.ToString(e.LogicalResourceId))
		}
	}
	if !strings.Contains(failed, "T0OTHER") {
		t.Errorf("Ops failed with %q, want chatgov's denial naming the workspace", failed)
	}
	if rollback != "The following resource(s) failed to create: [Ops]. Rollback requested by user." {
		t.Errorf("rollback reason %q", rollback)
	}
	if strings.Join(order, ",") != "Guard,ChatOU" {
		t.Errorf("removed %v, want the reverse of the creation order", order)
	}
	pols := try(ts.mgmtOrgs().ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: orgtypes.PolicyTypeChatbotPolicy})).must(t).Policies
	ous := try(ts.mgmtOrgs().ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})).must(t)
	if len(pols) != 0 || len(ous.OrganizationalUnits) != 0 {
		t.Errorf("left behind: %d policies, %d OUs", len(pols), len(ous.OrganizationalUnits))
	}
	try(c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("denied")})).must(t)

	// Allowed, the same template deploys.
	open := cfntypes.Parameter{ParameterKey: aws.String("Workspace"), ParameterValue: aws.String("T0OTHER")}
	try(c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("allowed"), TemplateBody: aws.String(guardedChat),
		Parameters: []cfntypes.Parameter{rootParam, open}})).must(t)
	st = try(c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("allowed")})).must(t).Stacks[0]
	if st.StackStatus != cfntypes.StackStatusCreateComplete {
		t.Fatalf("stack %s: %s", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	outs := map[string]cfntypes.Output{}
	for _, o := range st.Outputs {
		outs[aws.ToString(o.OutputKey)] = o
	}
	if !strings.HasPrefix(aws.ToString(outs["Unit"].OutputValue), "ou-") || aws.ToString(outs["Unit"].ExportName) != "allowed-ou" ||
		aws.ToString(outs["Config"].OutputValue) != "arn:aws:chatbot::"+mgmtAccount+":chat-configuration/slack-channel/allowed-ops" {
		t.Errorf("outputs %+v", outs)
	}
	rs := try(c.ListStackResources(ctx, &cloudformation.ListStackResourcesInput{StackName: aws.String("allowed")})).must(t).StackResourceSummaries
	if len(rs) != 3 {
		t.Errorf("resources %+v", rs)
	}
	pols = try(ts.mgmtOrgs().ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: orgtypes.PolicyTypeChatbotPolicy})).must(t).Policies
	if len(pols) != 1 || aws.ToString(pols[0].Name) != "allowed-guard" || aws.ToString(pols[0].Description) != "open" {
		t.Errorf("policies %+v", pols)
	}
	summary := try(c.GetTemplateSummary(ctx, &cloudformation.GetTemplateSummaryInput{StackName: aws.String("allowed")})).must(t)
	if len(summary.Parameters) != 2 || len(summary.ResourceTypes) != 3 {
		t.Errorf("summary %+v", summary)
	}
}

// TestCloudFormationErrors: requests CloudFormation refuses reach the SDK
// as its typed errors, with AWS's messages naming what is wrong.
func TestCloudFormationErrors(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	root := ts.enableChatbotPolicies(t)
	c := ts.cloudformation(ts.mgmt())
	ou := `{"Resources":{"U":{"Type":"AWS::Organizations::OrganizationalUnit","Properties":{"Name":"u","ParentId":"` + root + `"}}}}`
	try(c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("s"), TemplateBody: aws.String(ou)})).must(t)

	_, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("s"), TemplateBody: aws.String(ou)})
	var exists *cfntypes.AlreadyExistsException
	if !errors.As(err, &exists) {
		t.Errorf("second CreateStack: %v", err)
	}
	_, err = c.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{StackName: aws.String("s"), ChangeSetName: aws.String("nope")})
	var csNotFound *cfntypes.ChangeSetNotFoundException
	if !errors.As(err, &csNotFound) {
		t.Errorf("DescribeChangeSet: %v", err)
	}
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"unsupported type", func() error {
			_, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("b"),
				TemplateBody: aws.String(`{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}`)})
			return err
		}, "Template format error: Unrecognized resource types: [AWS::S3::Bucket]"},
		{"unresolved", func() error {
			_, err := c.ValidateTemplate(ctx, &cloudformation.ValidateTemplateInput{
				TemplateBody: aws.String("Resources:\n  U:\n    Type: AWS::Organizations::OrganizationalUnit\n    Properties:\n      Name: !Ref Nope\n")})
			return err
		}, "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template"},
		{"cycle", func() error {
			_, err := c.ValidateTemplate(ctx, &cloudformation.ValidateTemplateInput{TemplateBody: aws.String(
				`{"Resources":{"A":{"Type":"AWS::Organizations::OrganizationalUnit","DependsOn":"B"},"B":{"Type":"AWS::Organizations::OrganizationalUnit","DependsOn":"A"}}}`)})
			return err
		}, "Circular dependency between resources: [A, B]"},
		{"missing parameter", func() error {
			_, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("p"), TemplateBody: aws.String(guardedChat)})
			return err
		}, "Parameters: [RootId] must have values"},
		{"no such stack", func() error {
			_, err := c.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String("ghost")})
			return err
		}, "Stack with id ghost does not exist"},
		{"no updates", func() error {
			_, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("s"), UsePreviousTemplate: aws.Bool(true)})
			return err
		}, "No updates are to be performed."},
		{"bad name", func() error {
			_, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("1bad_name"), TemplateBody: aws.String(ou)})
			return err
		}, "Value '1bad_name' at 'stackName' failed to satisfy constraint"},
	}
	for _, tt := range tests {
		err := tt.call()
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != "ValidationError" || !strings.Contains(ae.ErrorMessage(), tt.want) {
			t.Errorf("%s: %v, want a ValidationError containing %q", tt.name, err, tt.want)
		}
	}
	// Another account sees none of the management account's stacks.
	other := ts.cloudformation(ts.assume(ts.account("dev")))
	_, err = other.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("s")})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorMessage() != "Stack with id s does not exist" {
		t.Errorf("another account's DescribeStacks: %v", err)
	}
	if list := try(other.ListStacks(ctx, &cloudformation.ListStacksInput{})).must(t); len(list.StackSummaries) != 0 {
		t.Errorf("another account lists %+v", list.StackSummaries)
	}
}
