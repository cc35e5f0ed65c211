package sqlcodec

import (
	"fmt"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// ChatConfigurationColumns are the columns of chat_configurations, in the
// order of ChatConfigurationValues and ChatConfigurationRow.Dest. The
// first is the primary key.
var ChatConfigurationColumns = []string{"arn", "account_id", "platform", "name", "iam_role_arn",
	"sns_topic_arns", "logging_level", "guardrail_policy_arns", "user_authorization_required",
	"slack_team_id", "slack_team_name", "slack_channel_id", "slack_channel_name",
	"tenant_id", "team_id", "team_name", "channel_id", "channel_name",
	"webhook_url", "webhook_description", "tags", "created_at", "updated_at"}

// ChatConfigurationValues appends c's column values to dst, in the order
// of ChatConfigurationColumns: strings, a bool, and Micros' int64 or nil.
// The lists and tags are encoded at once, so the caller may change them
// afterwards.
func ChatConfigurationValues(dst []any, c *store.ChatConfiguration) []any {
	return append(dst, c.ARN, c.AccountID, c.Platform, c.Name, c.IamRoleARN,
		EncodeList(c.SnsTopicARNs), c.LoggingLevel, EncodeList(c.GuardrailPolicyARNs), c.UserAuthorizationRequired,
		c.SlackTeamID, c.SlackTeamName, c.SlackChannelID, c.SlackChannelName,
		c.TenantID, c.TeamID, c.TeamName, c.ChannelID, c.ChannelName,
		c.WebhookURL, c.WebhookDescription, EncodeTags(c.Tags), Micros(c.CreatedAt), Micros(c.UpdatedAt))
}

// ChatConfigurationRow holds, as scanned, the columns of a configuration
// that need decoding; the others scan straight into the record.
type ChatConfigurationRow[N any] struct {
	SNSTopicARNs, GuardrailPolicyARNs, Tags string
	CreatedAt, UpdatedAt                    N
}

// Dest appends to dst the scan destinations of every column, in the order
// of ChatConfigurationColumns: c's fields, and f's for the columns Decode
// then decodes into c.
func (f *ChatConfigurationRow[N]) Dest(dst []any, c *store.ChatConfiguration) []any {
	return append(dst, &c.ARN, &c.AccountID, &c.Platform, &c.Name, &c.IamRoleARN,
		&f.SNSTopicARNs, &c.LoggingLevel, &f.GuardrailPolicyARNs, &c.UserAuthorizationRequired,
		&c.SlackTeamID, &c.SlackTeamName, &c.SlackChannelID, &c.SlackChannelName,
		&c.TenantID, &c.TeamID, &c.TeamName, &c.ChannelID, &c.ChannelName,
		&c.WebhookURL, &c.WebhookDescription, &f.Tags, &f.CreatedAt, &f.UpdatedAt)
}

// Decode sets c's lists, tags and times from f, with toTime decoding a
// time column. It returns an error naming the column that is not the JSON
// it should be.
func (f *ChatConfigurationRow[N]) Decode(c *store.ChatConfiguration, toTime func(N) time.Time) (err error) {
	if c.SnsTopicARNs, err = DecodeList(f.SNSTopicARNs); err != nil {
		return fmt.Errorf("sns_topic_arns: %w", err)
	}
	if c.GuardrailPolicyARNs, err = DecodeList(f.GuardrailPolicyARNs); err != nil {
		return fmt.Errorf("guardrail_policy_arns: %w", err)
	}
	if c.Tags, err = DecodeTags(f.Tags); err != nil {
		return fmt.Errorf("tags: %w", err)
	}
	c.CreatedAt, c.UpdatedAt = toTime(f.CreatedAt), toTime(f.UpdatedAt)
	return nil
}
