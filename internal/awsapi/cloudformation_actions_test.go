package awsapi_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// actionStack is a custom action and a Slack configuration associated
// with it through CustomizationResourceArns.
func actionStack(name, alias, command string) string {
	return `{"Resources":{
	"Action":{"Type":"AWS::Chatbot::CustomAction","Properties":{"ActionName":"` + name + `","AliasName":"` + alias + `",
		"Definition":{"CommandText":"` + command + `"},"Tags":[{"Key":"team","Value":"ops"}],
		"Attachments":[{"ButtonText":"Restart","NotificationType":"CloudWatch","Criteria":[{"Operator":"HAS_VALUE","VariableName":"Instance"}]}]}},
	"Ops":{"Type":"AWS::Chatbot::SlackChannelConfiguration","Properties":{"ConfigurationName":"ops","IamRoleArn":"` + opsRole + `",
		"SlackWorkspaceId":"T12341234","SlackChannelId":"C0CHANNEL","CustomizationResourceArns":[{"Ref":"Action"}]}}},
	"Outputs":{"ActionArn":{"Value":{"Fn::GetAtt":["Action","CustomActionArn"]}},"ConfigArn":{"Value":{"Ref":"Ops"}}}}`
}

// TestCloudFormationCustomAction: a stack creates a custom action and
// associates it with its configuration; an update of the alias and the
// command keeps the action's ARN, one of ActionName replaces it (and
// moves the association); deleting the stack deletes both. Bad
// definitions fail the resource with the property named.
func TestCloudFormationCustomAction(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	c := ts.cloudformation(ts.mgmt())
	cb := ts.chatbot(ts.mgmt())
	outputs := func(st cfntypes.Stack) map[string]string {
		m := map[string]string{}
		for _, o := range st.Outputs {
			m[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
		}
		return m
	}
	associations := func(cfg string) []string {
		var out []string
		for _, a := range try(cb.ListAssociations(ctx, &chatbot.ListAssociationsInput{ChatConfiguration: aws.String(cfg)})).must(t).Associations {
			out = append(out, aws.ToString(a.Resource))
		}
		return out
	}

	st := deployChangeSet(t, c, "actions", actionStack("restart", "restart", "ec2 reboot-instances --instance-ids $Instance"), true)
	out := outputs(st)
	arn, cfg := out["ActionArn"], out["ConfigArn"]
	if !strings.HasSuffix(arn, ":custom-action/restart") {
		t.Fatalf("outputs %v", out)
	}
	act := try(cb.GetCustomAction(ctx, &chatbot.GetCustomActionInput{CustomActionArn: aws.String(arn)})).must(t).CustomAction
	if aws.ToString(act.AliasName) != "restart" || aws.ToString(act.Definition.CommandText) != "ec2 reboot-instances --instance-ids $Instance" ||
		len(act.Attachments) != 1 || aws.ToString(act.Attachments[0].ButtonText) != "Restart" || len(act.Attachments[0].Criteria) != 1 {
		t.Fatalf("custom action %+v", act)
	}
	if got := associations(cfg); !slices.Equal(got, []string{arn}) {
		t.Fatalf("associations %v, want %s", got, arn)
	}

	// No interruption: the alias and the command change in place.
	st = deployChangeSet(t, c, "actions", actionStack("restart", "reboot", "ec2 reboot-instances --instance-ids ${Instance}"), false)
	if got := outputs(st)["ActionArn"]; got != arn {
		t.Fatalf("the update replaced the action: %s, was %s", got, arn)
	}
	act = try(cb.GetCustomAction(ctx, &chatbot.GetCustomActionInput{CustomActionArn: aws.String(arn)})).must(t).CustomAction
	if aws.ToString(act.AliasName) != "reboot" || !strings.Contains(aws.ToString(act.Definition.CommandText), "${Instance}") {
		t.Fatalf("updated custom action %+v", act)
	}

	// ActionName requires a replacement: the new action, associated; the old one gone.
	try(c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("actions"),
		TemplateBody: aws.String(actionStack("reboot", "bounce", "ec2 reboot-instances --instance-ids $Instance"))})).must(t)
	st = try(c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("actions")})).must(t).Stacks[0]
	if st.StackStatus != cfntypes.StackStatusUpdateComplete {
		for _, e := range try(c.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String("actions")})).must(t).StackEvents {
			t.Log(aws.ToString(e.LogicalResourceId), e.ResourceStatus, aws.ToString(e.ResourceStatusReason))
		}
		t.Fatalf("stack %s %s", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	next := outputs(st)["ActionArn"]
	if !strings.HasSuffix(next, ":custom-action/reboot") {
		t.Fatalf("outputs after the replacement %v", outputs(st))
	}
	if got := associations(cfg); !slices.Equal(got, []string{next}) {
		t.Errorf("associations after the replacement %v, want %s", got, next)
	}
	if _, err := cb.GetCustomAction(ctx, &chatbot.GetCustomActionInput{CustomActionArn: aws.String(arn)}); err == nil {
		t.Errorf("the replaced action %s is still there", arn)
	}

	try(c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("actions")})).must(t)
	if _, err := cb.GetCustomAction(ctx, &chatbot.GetCustomActionInput{CustomActionArn: aws.String(next)}); err == nil {
		t.Errorf("the stack's action %s outlived the stack", next)
	}

	for _, tc := range []struct{ name, props, want string }{
		{"no definition", `"ActionName":"a1"`, "required key [Definition] not found"},
		{"definition not an object", `"ActionName":"a2","Definition":"ls"`, "#/Definition: expected type: JSONObject"},
		{"unknown definition key", `"ActionName":"a3","Definition":{"CommandText":"ls","Shell":"sh"}`, "extraneous key [Shell]"},
		{"unknown attachment key", `"ActionName":"a4","Definition":{"CommandText":"ls"},"Attachments":[{"Button":"x"}]`, "#/Attachments/0"},
		{"bad name", `"ActionName":"no spaces","Definition":{"CommandText":"ls"}`, "ActionName"},
		{"association of a missing action", `"ActionName":"a5","Definition":{"CommandText":"ls"}}},
			"Cfg":{"Type":"AWS::Chatbot::SlackChannelConfiguration","Properties":{"ConfigurationName":"bad","IamRoleArn":"` + opsRole + `",
			"SlackWorkspaceId":"T12341234","SlackChannelId":"C0BAD","CustomizationResourceArns":["arn:aws:chatbot::111111111111:custom-action/nope"]`, "nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := "bad-" + strings.ReplaceAll(tc.name, " ", "-")
			body := `{"Resources":{"Action":{"Type":"AWS::Chatbot::CustomAction","Properties":{` + tc.props + `}}}}`
			try(c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String(name), TemplateBody: aws.String(body)})).must(t)
			ev := try(c.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(name)})).must(t).StackEvents
			var reasons []string
			for _, e := range ev {
				if e.ResourceStatus == cfntypes.ResourceStatusCreateFailed {
					reasons = append(reasons, aws.ToString(e.ResourceStatusReason))
				}
			}
			if !strings.Contains(strings.Join(reasons, "|"), tc.want) {
				t.Errorf("failure reasons %q, want one naming %q", reasons, tc.want)
			}
		})
	}
}
