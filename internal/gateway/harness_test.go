package gateway_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/chatgov/chatgov/internal/cli"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/gateway"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

const (
	mgmtAccount = "111111111111"
	rootKey     = "AKIAMANAGEMENTROOT01"
	rootSecret  = "management-root-secret-key-0000000001"
	botToken    = "xoxb-1-2-chatgov-test"
	slackTeam   = "T0GATEWAY"
	tenantID    = "11111111-2222-3333-4444-555555555555"
	teamsTeam   = "66666666-7777-8888-9999-000000000000"
	teamsChan   = "19%3a0123456789abcdef%40thread.tacv2"
)

var mgmt = gov.Caller{AccountID: mgmtAccount, ARN: "arn:aws:iam::" + mgmtAccount + ":root"}

// world is a chatgov server with an organization, a member account, its
// topic and the stand-ins of Slack and Teams.
type world struct {
	t       testing.TB
	cfg     config.Config
	gw      gateway.Options
	srv     *cli.Server
	slack   *slackStandIn
	teams   *webhookStandIn
	member  gov.Caller
	topic   string
	sns     *sns.Client
	policyP string
	// now is the server's clock, time.Now when nil.
	now func() time.Time
}

// fastGateway retries and re-claims within a test's patience.
func fastGateway() gateway.Options {
	return gateway.Options{MinBackoff: 50 * time.Millisecond, MaxBackoff: 400 * time.Millisecond, Lease: 2 * time.Second,
		PollInterval: 50 * time.Millisecond, MaxAttempts: 4}
}

func newWorld(t testing.TB, gw gateway.Options) *world {
	t.Helper()
	w := &world{t: t, gw: gw, slack: newSlackStandIn(t, botToken), teams: newWebhookStandIn(t)}
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.ManagementAccountID = mgmtAccount
	cfg.RootAccessKeyID = rootKey
	cfg.RootSecretAccessKey = config.Secret(rootSecret)
	cfg.SlackAPIURL = w.slack.URL + "/api/"
	w.cfg = cfg
	w.start()
	t.Cleanup(w.stop)
	ctx := context.Background()
	svc := w.srv.Service
	must(t, err2(svc.CreateOrganization(ctx, mgmt, gov.FeatureSetAll)))
	st, err := svc.CreateAccount(ctx, mgmt, gov.CreateAccountInput{Email: "member@example.com", AccountName: "member"})
	must(t, err)
	done, err := svc.DescribeCreateAccountStatus(mgmt, st.ID)
	must(t, err)
	w.member = gov.Caller{AccountID: done.AccountID, ARN: "arn:aws:iam::" + done.AccountID + ":root"}
	must(t, svc.PutSlackBotToken(ctx, mgmt, slackTeam, botToken))
	must(t, svc.PutSlackChannel(ctx, mgmt, gov.SlackChannel{TeamID: slackTeam, ChannelID: "C0ALERTS", ChannelName: "alerts", Visibility: "public"}))
	must(t, svc.PutTeamsTeam(ctx, mgmt, gov.TeamsTeam{TenantID: tenantID, TeamID: teamsTeam, TeamName: "ops"}))
	must(t, svc.PutTeamsWebhookURL(ctx, mgmt, teamsTeam, teamsChan, w.teams.URL+"/webhookb2/ops"))
	roots, err := svc.ListRoots(mgmt, "", 0)
	must(t, err)
	must(t, err2(svc.EnablePolicyType(ctx, mgmt, roots.Items[0].ID, policy.ChatbotPolicy)))
	p, err := svc.CreatePolicy(ctx, mgmt, gov.CreatePolicyInput{Name: "no-chat", Type: policy.ChatbotPolicy,
		Content: `{"chatbot":{"default":{"client":{"@@assign":"disabled"}}}}`})
	must(t, err)
	w.policyP = p.ID

	// The member publishes with the AWS SDK, as the role CreateAccount made.
	w.sns = w.snsClient(w.assume(done.AccountID))
	out, err := w.sns.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("alarms")})
	must(t, err)
	w.topic = *out.TopicArn
	role := "arn:aws:iam::" + done.AccountID + ":role/chat"
	topics := &[]string{w.topic}
	info := "INFO"
	must(t, err2(svc.CreateChatConfiguration(ctx, w.member, gov.NewChatConfiguration{Platform: gov.PlatformSlack, Name: "slack-alerts",
		SlackTeamID: slackTeam, SlackChannelID: "C0ALERTS"}, gov.ChatInput{IamRoleARN: &role, SnsTopicARNs: topics, LoggingLevel: &info})))
	must(t, err2(svc.CreateChatConfiguration(ctx, w.member, gov.NewChatConfiguration{Platform: gov.PlatformTeams, Name: "teams-ops",
		TenantID: tenantID, TeamID: teamsTeam, ChannelID: teamsChan}, gov.ChatInput{IamRoleARN: &role, SnsTopicARNs: topics})))
	return w
}

func (w *world) start() {
	w.t.Helper()
	srv, err := cli.StartServer(context.Background(), w.cfg, cli.ServerOptions{Gateway: w.gw, Now: w.now})
	must(w.t, err)
	w.srv = srv
	w.cfg.Listen = srv.Addr
}

func (w *world) stop() {
	if w.srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := w.srv.Close(ctx); err != nil {
		w.t.Errorf("closing the server: %v", err)
	}
	w.srv = nil
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
}

func (w *world) awsConfig(key, secret, token string) aws.Config {
	return aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(key, secret, token),
		RetryMaxAttempts: 1, HTTPClient: &http.Client{Timeout: 30 * time.Second}}
}

func (w *world) assume(account string) aws.Config {
	w.t.Helper()
	return w.assumeURL(w.srv.URL(), account)
}

func (w *world) assumeURL(url, account string) aws.Config {
	w.t.Helper()
	c := sts.NewFromConfig(w.awsConfig(rootKey, rootSecret, ""), func(o *sts.Options) { o.BaseEndpoint = aws.String(url) })
	out, err := c.AssumeRole(context.Background(), &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + account + ":role/OrganizationAccountAccessRole"),
		RoleSessionName: aws.String("gateway-test")})
	must(w.t, err)
	return w.awsConfig(*out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken)
}

func (w *world) snsClient(cfg aws.Config) *sns.Client {
	// The endpoint is read at each call, so that a restarted server on
	// the same address serves the same client.
	return sns.NewFromConfig(cfg, func(o *sns.Options) { o.BaseEndpoint = aws.String("http://" + w.cfg.Listen) })
}

func (w *world) publish(body string) string {
	w.t.Helper()
	out, err := w.sns.Publish(context.Background(), &sns.PublishInput{TopicArn: aws.String(w.topic), Message: aws.String(body)})
	must(w.t, err)
	return *out.MessageId
}

// deliveries returns the deliveries of a message, by configuration name.
func (w *world) deliveries(messageID string) map[string]gov.Delivery {
	w.t.Helper()
	ds, err := w.srv.Service.Deliveries(context.Background(), w.member, gov.DeliveryQuery{MessageID: messageID})
	must(w.t, err)
	out := map[string]gov.Delivery{}
	for _, d := range ds {
		out[d.ConfigurationARN[strings.LastIndex(d.ConfigurationARN, "/")+1:]] = d
	}
	return out
}

// eventually polls cond until it holds or 15 seconds pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func err2[T any](_ T, err error) error { return err }
