package awsapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	cbtypes "github.com/aws/aws-sdk-go-v2/service/chatbot/types"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/client"
	"github.com/chatgov/chatgov/internal/scenario"
)

func (ts *testServer) chatbot(cfg aws.Config) *chatbot.Client {
	return chatbot.NewFromConfig(cfg, func(o *chatbot.Options) { o.BaseEndpoint = aws.String(ts.srv.URL()) })
}

// chatgov returns a client of chatgov's own operations for the credentials of cfg.
func (ts *testServer) chatgov(cfg aws.Config) *client.Client {
	ts.t.Helper()
	creds, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		ts.t.Fatal(err)
	}
	return client.New(ts.srv.URL(), creds)
}

// putSlackChannel records a channel's visibility in the directory (as the
// management account).
func (ts *testServer) putSlackChannel(team, channel, visibility string) {
	ts.t.Helper()
	_, err := ts.chatgov(ts.mgmt()).PutSlackChannel(context.Background(), api.PutSlackChannelInput{
		SlackTeamID: team, SlackTeamName: "Workspace " + team, SlackChannelID: channel, SlackChannelName: "chan-" + strings.ToLower(channel),
		ChannelVisibility: visibility})
	if err != nil {
		ts.t.Fatalf("put-slack-channel: %v", err)
	}
}

// topicsOf returns the SNS topic ARNs moved to account acct: a
// configuration subscribes to its own account's topics only.
func topicsOf(acct string, arns []string) []string {
	var out []string
	for _, a := range arns {
		parts := strings.SplitN(a, ":", 6)
		if len(parts) == 6 {
			parts[4] = acct
		}
		out = append(out, strings.Join(parts, ":"))
	}
	return out
}

// createFromRequest creates the configuration a corpus request body
// describes (a Chatbot create request plus ChannelVisibility), through the
// SDK, as the given account. A Slack channel ID gets the configuration's
// name as a suffix, since an account has at most one configuration per
// channel and the corpus reuses channels across decisions.
func (ts *testServer) createFromRequest(c *chatbot.Client, acct, name string, body string) (*string, *string, error) {
	ts.t.Helper()
	var in struct {
		SlackTeamId, SlackChannelId, ChannelVisibility, TenantId, TeamId, ChannelId, WebhookUrl, WebhookDescription string
		UserAuthorizationRequired                                                                                   bool
		SnsTopicArns                                                                                                []string
	}
	if err := json.Unmarshal([]byte(body), &in); err != nil {
		ts.t.Fatal(err)
	}
	ctx := context.Background()
	role := aws.String("arn:aws:iam::111111111111:role/chatbot-ops")
	switch {
	case in.SlackTeamId != "":
		in.SlackChannelId += strings.ToUpper(strings.ReplaceAll(name, "-", ""))
		if in.ChannelVisibility != "" {
			ts.putSlackChannel(in.SlackTeamId, in.SlackChannelId, in.ChannelVisibility)
		} else {
			// Unknown visibility: make sure the directory does not know the channel.
			_, _ = ts.chatgov(ts.mgmt()).DeleteSlackChannel(ctx, api.DeleteSlackChannelInput{SlackTeamID: in.SlackTeamId, SlackChannelID: in.SlackChannelId})
		}
		out, err := c.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String(name),
			SlackTeamId: aws.String(in.SlackTeamId), SlackChannelId: aws.String(in.SlackChannelId), IamRoleArn: role,
			UserAuthorizationRequired: aws.Bool(in.UserAuthorizationRequired)})
		if err != nil {
			return nil, nil, err
		}
		return out.ChannelConfiguration.State, out.ChannelConfiguration.ChatConfigurationArn, nil
	case in.TenantId != "":
		out, err := c.CreateMicrosoftTeamsChannelConfiguration(ctx, &chatbot.CreateMicrosoftTeamsChannelConfigurationInput{ConfigurationName: aws.String(name),
			TenantId: aws.String(in.TenantId), TeamId: aws.String(in.TeamId), ChannelId: aws.String(in.ChannelId), IamRoleArn: role,
			UserAuthorizationRequired: aws.Bool(in.UserAuthorizationRequired)})
		if err != nil {
			return nil, nil, err
		}
		return out.ChannelConfiguration.State, out.ChannelConfiguration.ChatConfigurationArn, nil
	}
	out, err := c.CreateChimeWebhookConfiguration(ctx, &chatbot.CreateChimeWebhookConfigurationInput{ConfigurationName: aws.String(name),
		WebhookUrl: aws.String(in.WebhookUrl), WebhookDescription: aws.String(in.WebhookDescription), SnsTopicArns: topicsOf(acct, in.SnsTopicArns), IamRoleArn: role})
	if err != nil {
		return nil, nil, err
	}
	return out.WebhookConfiguration.State, out.WebhookConfiguration.ChatConfigurationArn, nil
}

// TestScenarioDecisionsThroughChatbotAPI creates every configuration of
// the corpus's decisions through the Chatbot API, in the account the
// decision names: allowed ones are created ENABLED, denied ones fail with
// D11's InvalidRequestException and create nothing.
func TestScenarioDecisionsThroughChatbotAPI(t *testing.T) {
	t.Parallel()
	all, err := scenario.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range all {
		if len(sc.Decisions) == 0 {
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			o, err := sc.Org()
			if err != nil {
				t.Fatal(err)
			}
			ts := startServer(t)
			ids := ts.load(o)
			clients := map[string]*chatbot.Client{}
			allowed := map[string]int{}
			for i, d := range sc.Decisions {
				acct := ids.nodes[d.Account]
				c := clients[acct]
				if c == nil {
					c = ts.chatbot(ts.assume(acct))
					clients[acct] = c
				}
				state, arn, err := ts.createFromRequest(c, acct, fmt.Sprintf("decision-%d", i), d.Config)
				if d.Allowed {
					if err != nil || *state != "ENABLED" {
						t.Errorf("%s: want created ENABLED, got %v %v", d.Name, state, err)
					}
					allowed[acct]++
					continue
				}
				var ire *cbtypes.InvalidRequestException
				if !errors.As(err, &ire) {
					t.Errorf("%s: want InvalidRequestException, got %v (created %v)", d.Name, err, arn)
					continue
				}
				if !strings.Contains(*ire.Message, "not allowed by your organization's chat applications policy") ||
					!strings.Contains(*ire.Message, "management account or delegated administrator") {
					t.Errorf("%s: message %q", d.Name, *ire.Message)
				}
			}
			// Denied requests stored nothing.
			for acct, c := range clients {
				n := 0
				ctx := context.Background()
				n += len(try(c.DescribeSlackChannelConfigurations(ctx, &chatbot.DescribeSlackChannelConfigurationsInput{})).must(t).SlackChannelConfigurations)
				n += len(try(c.ListMicrosoftTeamsChannelConfigurations(ctx, &chatbot.ListMicrosoftTeamsChannelConfigurationsInput{})).must(t).TeamChannelConfigurations)
				n += len(try(c.DescribeChimeWebhookConfigurations(ctx, &chatbot.DescribeChimeWebhookConfigurationsInput{})).must(t).WebhookConfigurations)
				if n != allowed[acct] {
					t.Errorf("account %s has %d configurations; %d were allowed", acct, n, allowed[acct])
				}
			}
		})
	}
}

// TestOneConfigurationPerSlackChannel: AWS Chatbot refuses a second
// configuration of a Slack channel in one account, on create and on an
// update that moves a configuration to the channel; other accounts may.
func TestOneConfigurationPerSlackChannel(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	ts.org()
	dev, prod := ts.account("dev"), ts.account("prod")
	create := func(c *chatbot.Client, name, channel string) error {
		_, err := c.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String(name),
			SlackTeamId: aws.String("T0AAAAAAA"), SlackChannelId: aws.String(channel), IamRoleArn: aws.String("arn:aws:iam::111111111111:role/chatbot")})
		return err
	}
	devc, prodc := ts.chatbot(ts.assume(dev)), ts.chatbot(ts.assume(prod))
	try(0, create(devc, "first", "C0SHARED1")).must(t)
	err := create(devc, "second", "C0SHARED1")
	var ire *cbtypes.InvalidRequestException
	if !errors.As(err, &ire) || !strings.HasPrefix(*ire.Message, "Slack channel with ID C0SHARED1 in Slack team T0AAAAAAA has already been configured for AWS account "+dev) {
		t.Fatalf("second configuration of the channel: %v", err)
	}
	try(0, create(prodc, "first", "C0SHARED1")).must(t)
	try(0, create(devc, "other", "C0OTHER01")).must(t)
	arn := "arn:aws:chatbot::" + dev + ":chat-configuration/slack-channel/other"
	_, err = devc.UpdateSlackChannelConfiguration(ctx, &chatbot.UpdateSlackChannelConfigurationInput{ChatConfigurationArn: aws.String(arn),
		SlackChannelId: aws.String("C0SHARED1")})
	if !errors.As(err, &ire) {
		t.Fatalf("moving a configuration to a configured channel: %v", err)
	}
	// Updating a configuration in its own channel is no conflict.
	try(devc.UpdateSlackChannelConfiguration(ctx, &chatbot.UpdateSlackChannelConfigurationInput{ChatConfigurationArn: aws.String(arn),
		SlackChannelId: aws.String("C0OTHER01"), LoggingLevel: aws.String("INFO")})).must(t)
	out := try(devc.DescribeSlackChannelConfigurations(ctx, &chatbot.DescribeSlackChannelConfigurationsInput{})).must(t)
	if len(out.SlackChannelConfigurations) != 2 {
		t.Errorf("configurations %d", len(out.SlackChannelConfigurations))
	}
}
