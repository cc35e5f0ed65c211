package commands_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	cbtypes "github.com/aws/aws-sdk-go-v2/service/chatbot/types"
)

// Custom actions through the AWS SDK, and "@aws run ALIAS" deciding the
// expanded command through the same gates.
func TestCustomActions(t *testing.T) {
	w := newWorld(t, nil)
	ctx := context.Background()
	cb := w.chatbot(w.memberCfg())
	created, err := cb.CreateCustomAction(ctx, &chatbot.CreateCustomActionInput{ActionName: aws.String("describe-ou"), AliasName: aws.String("ou"),
		Definition: &cbtypes.CustomActionDefinition{CommandText: aws.String("organizations describe-organizational-unit --organizational-unit-id $ou")},
		Attachments: []cbtypes.CustomActionAttachment{{ButtonText: aws.String("Describe"), NotificationType: aws.String("CloudWatch"),
			Variables: map[string]string{"ou": "event.detail.ou"},
			Criteria:  []cbtypes.CustomActionAttachmentCriteria{{Operator: cbtypes.CustomActionAttachmentCriteriaOperatorHasValue, VariableName: aws.String("ou")}}}}})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(created.CustomActionArn)
	if want := "arn:aws:chatbot::" + w.member + ":custom-action/describe-ou"; arn != want {
		t.Errorf("CustomActionArn %s, want %s", arn, want)
	}
	got, err := cb.GetCustomAction(ctx, &chatbot.GetCustomActionInput{CustomActionArn: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	if a := got.CustomAction; aws.ToString(a.AliasName) != "ou" || aws.ToString(a.ActionName) != "describe-ou" || len(a.Attachments) != 1 ||
		a.Attachments[0].Variables["ou"] != "event.detail.ou" || a.Attachments[0].Criteria[0].Operator != cbtypes.CustomActionAttachmentCriteriaOperatorHasValue {
		t.Errorf("GetCustomAction = %+v", a)
	}
	if _, err := cb.CreateCustomAction(ctx, &chatbot.CreateCustomActionInput{ActionName: aws.String("other"), AliasName: aws.String("OU"),
		Definition: &cbtypes.CustomActionDefinition{CommandText: aws.String("organizations list-roots")}}); !isCode(err, "ConflictException") {
		t.Errorf("a second action with the alias: %v, want ConflictException", err)
	}
	if _, err := w.chatbot(w.mgmt()).GetCustomAction(ctx, &chatbot.GetCustomActionInput{CustomActionArn: aws.String(arn)}); !isCode(err, "ResourceNotFoundException") {
		t.Errorf("another account's GetCustomAction: %v, want ResourceNotFoundException", err)
	}
	list, err := cb.ListCustomActions(ctx, &chatbot.ListCustomActionsInput{})
	if err != nil || !slices.Equal(list.CustomActions, []string{arn}) {
		t.Errorf("ListCustomActions = %v, %v", list, err)
	}

	// Not associated yet: run does not find it.
	say := func(id, text string) string {
		t.Helper()
		n := len(w.slack.wait(t, 0))
		w.post("/slack/events", "application/json", mention(id, "U0MEMBER01", text, "1700000003.0001"+id[len(id)-2:]), slackSecret, time.Now(), nil)
		return w.slack.wait(t, n+1)[n].Text
	}
	if text := say("Ev0CUSTOM01", "run ou ou=ou-abcd-12345678"); !strings.Contains(text, `no custom action with the alias "ou" is associated`) {
		t.Errorf("before association: %q", text)
	}
	if _, err := cb.AssociateToConfiguration(ctx, &chatbot.AssociateToConfigurationInput{ChatConfiguration: aws.String(w.config), Resource: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	assoc, err := cb.ListAssociations(ctx, &chatbot.ListAssociationsInput{ChatConfiguration: aws.String(w.config)})
	if err != nil || len(assoc.Associations) != 1 || aws.ToString(assoc.Associations[0].Resource) != arn {
		t.Errorf("ListAssociations = %+v, %v", assoc, err)
	}
	if text := say("Ev0CUSTOM02", "run ou ou=ou-abcd-12345678"); !strings.Contains(text, "run ou` → `aws organizations describe-organizational-unit --organizational-unit-id ou-abcd-12345678") {
		t.Errorf("run: %q", text)
	}
	if text := say("Ev0CUSTOM03", "run ou"); !strings.Contains(text, "needs a value for ou: type @aws run ou ou=VALUE") {
		t.Errorf("run without the variable: %q", text)
	}
	runs := w.rec.ran()
	if len(runs) != 1 || runs[0].Command.Action != "organizations:DescribeOrganizationalUnit" ||
		!slices.Equal(runs[0].Command.Params["organizational-unit-id"], []string{"ou-abcd-12345678"}) {
		t.Errorf("runs %+v, want one DescribeOrganizationalUnit of ou-abcd-12345678", runs)
	}

	// An action whose command the gates deny is denied, not run.
	if _, err := cb.UpdateCustomAction(ctx, &chatbot.UpdateCustomActionInput{CustomActionArn: aws.String(arn), AliasName: aws.String("ou"),
		Definition: &cbtypes.CustomActionDefinition{CommandText: aws.String("iam list-users --path-prefix $ou")}}); err != nil {
		t.Fatal(err)
	}
	if text := say("Ev0CUSTOM04", "run ou ou=/ops/"); !strings.Contains(text, "AWS Chatbot's blocked actions") || !strings.Contains(text, contactSentence) {
		t.Errorf("denied action: %q", text)
	}
	if n := len(w.rec.ran()); n != 1 {
		t.Errorf("%d runs after a denied action, want still 1", n)
	}

	if _, err := cb.DisassociateFromConfiguration(ctx, &chatbot.DisassociateFromConfigurationInput{ChatConfiguration: aws.String(w.config), Resource: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	if _, err := cb.DisassociateFromConfiguration(ctx, &chatbot.DisassociateFromConfigurationInput{ChatConfiguration: aws.String(w.config), Resource: aws.String(arn)}); !isCode(err, "ResourceNotFoundException") {
		t.Errorf("disassociating again: %v, want ResourceNotFoundException", err)
	}
	if _, err := cb.DeleteCustomAction(ctx, &chatbot.DeleteCustomActionInput{CustomActionArn: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	if _, err := cb.GetCustomAction(ctx, &chatbot.GetCustomActionInput{CustomActionArn: aws.String(arn)}); !isCode(err, "ResourceNotFoundException") {
		t.Errorf("GetCustomAction after delete: %v, want ResourceNotFoundException", err)
	}
	for name, in := range map[string]*chatbot.CreateCustomActionInput{
		"BadName":   {ActionName: aws.String("no spaces"), Definition: &cbtypes.CustomActionDefinition{CommandText: aws.String("x")}},
		"NoCommand": {ActionName: aws.String("empty"), Definition: &cbtypes.CustomActionDefinition{CommandText: aws.String(" ")}},
	} {
		if _, err := cb.CreateCustomAction(ctx, in); !isCode(err, "InvalidParameterException") {
			t.Errorf("%s: %v, want InvalidParameterException", name, err)
		}
	}
}

// isCode reports whether err is the AWS error code.
func isCode(err error, code string) bool {
	var ae interface{ ErrorCode() string }
	return errors.As(err, &ae) && ae.ErrorCode() == code
}

var _ = http.StatusOK
