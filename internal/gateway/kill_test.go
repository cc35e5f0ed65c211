package gateway_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/cli"
	"github.com/chatgov/chatgov/internal/client"
)

// childEnv makes the test binary run `chatgov serve` with its arguments
// (TestMain), so that a test can kill a real server process with SIGKILL.
const childEnv = "CHATGOV_GATEWAY_TEST_SERVE=1"

func TestMain(m *testing.M) {
	if os.Getenv("CHATGOV_GATEWAY_TEST_SERVE") == "1" {
		os.Exit(cli.Run(context.Background(), os.Args[1:], cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
	}
	os.Exit(m.Run())
}

// startChild starts `chatgov serve` in a process of its own.
func startChild(t *testing.T, addr, dir, slackURL string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--listen", addr, "--data", dir, "--slack-api-url", slackURL, "--notification-lease", "1s", "--log-level", "warn")
	cmd.Env = append(os.Environ(), childEnv, "CHATGOV_MANAGEMENT_ACCOUNT_ID="+mgmtAccount,
		"CHATGOV_ROOT_ACCESS_KEY_ID="+rootKey, "CHATGOV_ROOT_SECRET_ACCESS_KEY="+rootSecret)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	eventually(t, "the server to listen", func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == http.StatusOK
	})
	return cmd
}

// TestKill9LosesNothing kills a server process with SIGKILL while its
// posts to Slack are under way (they reached Slack; the server never
// learnt it): the restarted server delivers every acknowledged message,
// and does not post twice what had reached Slack.
func TestKill9LosesNothing(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts server processes")
	}
	slack := newSlackStandIn(t, botToken)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	child := startChild(t, addr, dir, slack.URL+"/api/")
	w := &world{t: t} // for its SDK helpers; the server is the child process
	ctx := context.Background()
	url := "http://" + addr
	root := w.awsConfig(rootKey, rootSecret, "")
	orgs := organizations.NewFromConfig(root, func(o *organizations.Options) { o.BaseEndpoint = aws.String(url) })
	must(t, err2(orgs.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll})))
	ca, err := orgs.CreateAccount(ctx, &organizations.CreateAccountInput{Email: aws.String("m@example.com"), AccountName: aws.String("member")})
	must(t, err)
	st, err := orgs.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: ca.CreateAccountStatus.Id})
	must(t, err)
	acct := *st.CreateAccountStatus.AccountId
	gc := client.New(url, aws.Credentials{AccessKeyID: rootKey, SecretAccessKey: rootSecret})
	must(t, err2(gc.PutSlackBotToken(ctx, chatgovapi.PutSlackBotTokenInput{SlackTeamID: slackTeam, BotToken: botToken})))
	must(t, err2(gc.PutSlackChannel(ctx, chatgovapi.PutSlackChannelInput{SlackTeamID: slackTeam, SlackChannelID: "C0ALERTS", ChannelVisibility: "public"})))
	memberCfg := w.assumeURL(url, acct)
	topics := sns.NewFromConfig(memberCfg, func(o *sns.Options) { o.BaseEndpoint = aws.String(url) })
	tp, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("alarms")})
	must(t, err)
	cb := chatbot.NewFromConfig(memberCfg, func(o *chatbot.Options) { o.BaseEndpoint = aws.String(url) })
	must(t, err2(cb.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String("alerts"),
		SlackTeamId: aws.String(slackTeam), SlackChannelId: aws.String("C0ALERTS"), IamRoleArn: aws.String("arn:aws:iam::" + acct + ":role/chat"),
		SnsTopicArns: []string{*tp.TopicArn}})))

	slack.mu.Lock()
	slack.hang = make(chan struct{})
	slack.mu.Unlock()
	for i := range 6 {
		must(t, err2(topics.Publish(ctx, &sns.PublishInput{TopicArn: tp.TopicArn, Message: aws.String("message " + string(rune('a'+i)))})))
	}
	eventually(t, "posts to reach Slack", func() bool { return len(slack.received()) >= 3 })
	must(t, child.Process.Kill()) // SIGKILL: no shutdown of any kind
	_ = child.Wait()
	slack.release()
	slack.mu.Lock()
	slack.hang = nil
	slack.mu.Unlock()

	startChild(t, addr, dir, slack.URL+"/api/")
	eventually(t, "every delivery done", func() bool {
		out, err := gc.ListNotificationDeliveries(ctx, chatgovapi.ListNotificationDeliveriesInput{})
		if err != nil || len(out.Deliveries) != 6 {
			return false
		}
		for _, d := range out.Deliveries {
			if d.Status != "DELIVERED" {
				return false
			}
		}
		return true
	})
	seen := map[string]int{}
	for _, p := range slack.received() {
		seen[p.Text]++
	}
	if len(seen) != 6 {
		t.Errorf("Slack has %d distinct messages, want 6: %v", len(seen), seen)
	}
	for text, n := range seen {
		if n != 1 {
			t.Errorf("%q posted %d times", strings.ReplaceAll(text, "\n", " "), n)
		}
	}
}
