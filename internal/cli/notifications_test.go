package cli

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// TestNotificationsList lists the deliveries of a message published while
// a policy disables the configuration: suppressed, with the policy's
// reason, seen by the member and the management account, and nothing
// posted anywhere.
func TestNotificationsList(t *testing.T) {
	t.Parallel()
	ls := startLiveServer(t)
	_, _, acct := ls.org()
	ctx, svc := context.Background(), ls.srv.Service
	mgmtCaller := gov.Caller{AccountID: testMgmtAccount, ARN: "arn:aws:iam::" + testMgmtAccount + ":root"}
	member := gov.Caller{AccountID: acct, ARN: "arn:aws:iam::" + acct + ":root"}
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	tp, err := svc.CreateTopic(ctx, member, "alarms", nil, nil)
	check(err)
	role := "arn:aws:iam::" + acct + ":role/chat"
	_, err = svc.CreateChatConfiguration(ctx, member, gov.NewChatConfiguration{Platform: gov.PlatformSlack, Name: "alerts",
		SlackTeamID: "T0AAAAAAA", SlackChannelID: "C0ALERTS"}, gov.ChatInput{IamRoleARN: &role, SnsTopicARNs: &[]string{tp.ARN}})
	check(err)
	p, err := svc.CreatePolicy(ctx, mgmtCaller, gov.CreatePolicyInput{Name: "no-chat", Type: policy.ChatbotPolicy,
		Content: `{"chatbot":{"default":{"client":{"@@assign":"disabled"}}}}`})
	check(err)
	check(svc.AttachPolicy(ctx, mgmtCaller, p.ID, acct))
	id, err := svc.Publish(ctx, member, gov.PublishInput{TopicARN: tp.ARN, Message: "disk full"})
	check(err)
	url := ls.srv.URL()
	expect(t, env(ls.assume(acct), url), "", ExitOK, []string{"Deliveries: 1\n", id, "SUPPRESSED", "policy"},
		"notifications", "list", "--status", "SUPPRESSED")
	expect(t, env(mgmtCreds, url), "", ExitOK, []string{"Deliveries: 0\n"}, "notifications", "list", "--status", "DEAD")
	out := expect(t, env(mgmtCreds, url), "", ExitOK, nil, "notifications", "list", "--message", id, "-o", "json")
	var got struct {
		Deliveries []struct{ Status, MessageId string }
	}
	check(json.Unmarshal([]byte(out), &got))
	if len(got.Deliveries) != 1 || got.Deliveries[0].Status != "SUPPRESSED" || got.Deliveries[0].MessageId != id {
		t.Errorf("JSON %s", out)
	}
	expect(t, env(mgmtCreds, url), "", ExitUsage, []string{"--status must be"}, "notifications", "list", "--status", "LOST")
}
