package commands_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/client"
)

const contactSentence = "Contact your organization's management account or delegated administrator."

// A request is believed only when its signature verifies with the
// workspace's secret within five minutes; anything else is 401, does
// nothing and posts nothing.
func TestSlackSignatures(t *testing.T) {
	w := newWorld(t, nil)
	now := time.Now()
	challenge := `{"token":"unused","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`
	event := mention("Ev0SIGNED01", "U0MEMBER01", "organizations describe-organization", "1700000000.000100")
	tests := []struct {
		name, path, ctype, body, secret string
		at                              time.Time
		want                            int
		wantBody                        string
	}{
		{"ChallengeSigned", "/slack/events", "application/json", challenge, slackSecret, now, http.StatusOK, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"},
		{"ChallengeUnsigned", "/slack/events", "application/json", challenge, "", now, http.StatusUnauthorized, ""},
		{"ChallengeWrongSecret", "/slack/events", "application/json", challenge, "another-apps-secret-0000000000", now, http.StatusUnauthorized, ""},
		{"EventUnsigned", "/slack/events", "application/json", event, "", now, http.StatusUnauthorized, ""},
		{"EventStale", "/slack/events", "application/json", event, slackSecret, now.Add(-6 * time.Minute), http.StatusUnauthorized, ""},
		{"EventFuture", "/slack/events", "application/json", event, slackSecret, now.Add(6 * time.Minute), http.StatusUnauthorized, ""},
		{"EventWrongSecret", "/slack/events", "application/json", event, "another-apps-secret-0000000000", now, http.StatusUnauthorized, ""},
		{"EventOtherWorkspace", "/slack/events", "application/json", strings.Replace(event, slackTeam, "T0STRANGER", 1), slackSecret, now, http.StatusUnauthorized, ""},
		{"NotJSON", "/slack/events", "application/json", "team_id=" + slackTeam, slackSecret, now, http.StatusUnauthorized, ""},
		{"CommandUnsigned", "/slack/commands", "application/x-www-form-urlencoded", slash(w, "organizations describe-organization", "r1", "t1"), "", now, http.StatusUnauthorized, ""},
		{"CommandStale", "/slack/commands", "application/x-www-form-urlencoded", slash(w, "organizations describe-organization", "r2", "t2"), slackSecret, now.Add(-10 * time.Minute), http.StatusUnauthorized, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := w.post(tt.path, tt.ctype, tt.body, tt.secret, tt.at, nil)
			if status != tt.want || !strings.Contains(body, tt.wantBody) {
				t.Errorf("status %d body %q, want %d with %q", status, body, tt.want, tt.wantBody)
			}
		})
	}
	// A tampered body fails even with a signature that was valid for
	// the original.
	req, _ := http.NewRequest(http.MethodPost, w.url()+"/slack/events", strings.NewReader(strings.Replace(event, "describe-organization", "list-accounts", 1)))
	slackSign(req, event, slackSecret, now)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("tampered body: status %d, want 401", resp.StatusCode)
	}
	time.Sleep(200 * time.Millisecond)
	if runs := w.rec.ran(); len(runs) != 0 {
		t.Errorf("refused requests ran %+v", runs)
	}
	if posts := w.slack.wait(t, 0); len(posts) != 0 {
		t.Errorf("refused requests were answered: %+v", posts)
	}
}

// An allowed app mention runs once and is answered in its thread with the
// workspace's bot token; Slack's retry of the same event does nothing.
func TestSlackMentionAllowedOnceAcrossRetries(t *testing.T) {
	w := newWorld(t, nil)
	body := mention("Ev0ALLOWED1", "U0MEMBER01", "organizations describe-organization", "1700000000.000100")
	if status, _ := w.post("/slack/events", "application/json", body, slackSecret, time.Now(), nil); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	retry := http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}}
	if status, _ := w.post("/slack/events", "application/json", body, slackSecret, time.Now(), retry); status != http.StatusOK {
		t.Fatalf("retry: status %d", status)
	}
	w.slack.wait(t, 1)
	time.Sleep(300 * time.Millisecond) // time for a second answer, were there one
	posts := w.slack.wait(t, 1)
	if len(posts) != 1 {
		t.Fatalf("%d answers to one event and its retry, want 1: %+v", len(posts), posts)
	}
	p := posts[0]
	if p.Via != "chat.postMessage" || p.Token != botToken || p.Channel != slackChannel || p.ThreadTS != "1700000000.000100" {
		t.Errorf("answer %+v, want chat.postMessage in channel %s, thread 1700000000.000100, with the bot token", p, slackChannel)
	}
	if !strings.Contains(p.Text, "aws organizations describe-organization") || !strings.Contains(p.Text, "would run") {
		t.Errorf("answer %q does not give the request", p.Text)
	}
	runs := w.rec.ran()
	if len(runs) != 1 || runs[0].RoleARN != w.memberRole() || runs[0].ConfigurationARN != w.config || runs[0].Command.Action != "organizations:DescribeOrganization" {
		t.Errorf("runs %+v, want one DescribeOrganization with %s", runs, w.memberRole())
	}
}

// Denied commands are answered with the gate, the policy and the
// statement, and never reach the executor.
func TestSlackMentionDenied(t *testing.T) {
	w := newWorld(t, nil)
	ctx := context.Background()
	orgs := w.orgs(w.mgmt())
	scp, err := orgs.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("no-chat-terminate"), Description: aws.String("x"),
		Type: orgtypes.PolicyTypeServiceControlPolicy,
		Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Sid":"NoTerminateFromChat","Effect":"Deny","Action":"ec2:TerminateInstances",` +
			`"Resource":"*","Condition":{"StringLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*"}}}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orgs.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: scp.Policy.PolicySummary.Id, TargetId: aws.String(w.member)}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"Blocked", "iam list-users", []string{"AWS Chatbot's blocked actions", "iam:ListUsers", "AWS Chatbot never runs IAM"}},
		{"SCP", "ec2 terminate-instances --instance-ids i-0123456789abcdef0 --region eu-west-1", []string{"the service control policies",
			*scp.Policy.PolicySummary.Id, "NoTerminateFromChat", "ec2:TerminateInstances"}},
	}
	for i, tt := range tests {
		body := mention("Ev0DENIED0"+string(rune('0'+i)), "U0MEMBER01", tt.text, "1700000001.00010"+string(rune('0'+i)))
		if status, _ := w.post("/slack/events", "application/json", body, slackSecret, time.Now(), nil); status != http.StatusOK {
			t.Fatalf("%s: status %d", tt.name, status)
		}
		p := w.slack.wait(t, i+1)[i]
		for _, want := range append(tt.want, "was not run", contactSentence) {
			if !strings.Contains(p.Text, want) {
				t.Errorf("%s: answer %q lacks %q", tt.name, p.Text, want)
			}
		}
	}
	// The chat applications policy disables Slack: the configuration is
	// DISABLED, and the answer says it is that policy.
	if _, err := orgs.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: w.root(), PolicyType: orgtypes.PolicyTypeChatbotPolicy}); err != nil {
		t.Fatal(err)
	}
	chat, err := orgs.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("no-slack"), Description: aws.String("x"),
		Type: orgtypes.PolicyTypeChatbotPolicy, Content: aws.String(`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"disabled"}}}}}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orgs.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: chat.Policy.PolicySummary.Id, TargetId: aws.String(w.member)}); err != nil {
		t.Fatal(err)
	}
	body := mention("Ev0DENIED09", "U0MEMBER01", "organizations describe-organization", "1700000002.000100")
	w.post("/slack/events", "application/json", body, slackSecret, time.Now(), nil)
	p := w.slack.wait(t, 3)[2]
	for _, want := range []string{"the channel configuration's state (chat applications policy)", "DISABLED",
		"This action is not allowed by your organization's chat applications policy.", contactSentence} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("chat policy: answer %q lacks %q", p.Text, want)
		}
	}
	if runs := w.rec.ran(); len(runs) != 0 {
		t.Errorf("denied commands ran: %+v", runs)
	}
}

// A slash command is acknowledged at once and answered at its
// response_url.
func TestSlackSlashCommand(t *testing.T) {
	w := newWorld(t, nil)
	status, _ := w.post("/slack/commands", "application/x-www-form-urlencoded", slash(w, "organizations list-roots", "resp-1", "trig-1"), slackSecret, time.Now(), nil)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	p := w.slack.wait(t, 1)[0]
	if p.Via != "response_url" || p.Channel != "resp-1" || !strings.Contains(p.Text, "aws organizations list-roots") {
		t.Errorf("answer %+v, want the decision at response_url resp-1", p)
	}
	// A command in a channel that no configuration covers is answered
	// with that, and runs nothing.
	other := strings.Replace(slash(w, "organizations list-roots", "resp-2", "trig-2"), slackChannel, "C0ELSEWHERE", 1)
	w.post("/slack/commands", "application/x-www-form-urlencoded", other, slackSecret, time.Now(), nil)
	p = w.slack.wait(t, 2)[1]
	if !strings.Contains(p.Text, "no channel configuration is set up for Slack channel C0ELSEWHERE") {
		t.Errorf("answer %q, want that no configuration covers the channel", p.Text)
	}
	if runs := w.rec.ran(); len(runs) != 1 {
		t.Errorf("%d runs, want 1", len(runs))
	}
}

func (w *world) root() *string {
	out, err := w.orgs(w.mgmt()).ListRoots(context.Background(), &organizations.ListRootsInput{})
	if err != nil {
		w.t.Fatal(err)
	}
	return out.Roots[0].Id
}

// A member with a mapped user role runs with it; a channel that two
// accounts configured is not guessed at.
func TestSlackRolesAndAmbiguousChannels(t *testing.T) {
	w := newWorld(t, nil)
	ctx := context.Background()
	mc := w.memberCfg()
	creds, err := mc.Credentials.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	userRole := "arn:aws:iam::" + w.member + ":role/juan-readonly"
	if _, err := client.New(w.url(), creds).PutUserIdentity(ctx, api.PutUserIdentityInput{ChatConfigurationArn: w.config, ChatUserID: "U0JUAN0001",
		IamRoleArn: userRole}); err != nil {
		t.Fatal(err)
	}
	w.post("/slack/events", "application/json", mention("Ev0ROLES001", "U0JUAN0001", "organizations list-roots", "1700000006.000100"), slackSecret, time.Now(), nil)
	w.post("/slack/events", "application/json", mention("Ev0ROLES002", "U0OTHER001", "organizations list-roots", "1700000006.000200"), slackSecret, time.Now(), nil)
	w.slack.wait(t, 2)
	roles := map[string]string{}
	for _, r := range w.rec.ran() {
		roles[r.ChatUserID] = r.RoleARN
	}
	if roles["U0JUAN0001"] != userRole || roles["U0OTHER001"] != w.memberRole() {
		t.Errorf("roles %v, want %s for the mapped member and the channel role for the other", roles, userRole)
	}

	if _, err := w.chatbot(w.mgmt()).CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{
		ConfigurationName: aws.String("mgmt-ops"), SlackTeamId: aws.String(slackTeam), SlackChannelId: aws.String(slackChannel),
		IamRoleArn: aws.String("arn:aws:iam::" + mgmtAccount + ":role/ops")}); err != nil {
		t.Fatal(err)
	}
	w.post("/slack/events", "application/json", mention("Ev0ROLES003", "U0OTHER001", "organizations list-roots", "1700000006.000300"), slackSecret, time.Now(), nil)
	if p := w.slack.wait(t, 3)[2]; !strings.Contains(p.Text, "has configurations in several accounts") {
		t.Errorf("answer %q, want that several accounts configured the channel", p.Text)
	}
	if n := len(w.rec.ran()); n != 2 {
		t.Errorf("%d runs, want 2", n)
	}
}
