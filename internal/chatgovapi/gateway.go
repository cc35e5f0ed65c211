package chatgovapi

// The gateway: the chat directory's secrets that notifications are posted
// with (write-only: no operation returns them), and the record of each
// notification's delivery. The management account and the chatbot
// delegated administrator put the secrets; an account lists the
// deliveries of its own configurations (those two, every account's).

// PutSlackBotTokenInput registers a Slack workspace's bot token (xoxb-...);
// an empty BotToken removes it.
type PutSlackBotTokenInput struct {
	SlackTeamID string `json:"SlackTeamId"`
	BotToken    string `json:"BotToken"`
}

type PutSlackBotTokenOutput struct{}

// PutTeamsWebhookURLInput registers the incoming-webhook (or Workflows)
// URL of a Microsoft Teams channel; an empty WebhookUrl removes it.
type PutTeamsWebhookURLInput struct {
	TeamID     string `json:"TeamId"`
	ChannelID  string `json:"ChannelId"`
	WebhookURL string `json:"WebhookUrl"`
}

type PutTeamsWebhookURLOutput struct{}

// ListNotificationDeliveriesInput selects deliveries: by Status (PENDING,
// DELIVERED, DEAD: the dead-letter list, SUPPRESSED: stopped by a
// policy), configuration or SNS message; NextToken continues a list.
type ListNotificationDeliveriesInput struct {
	Status           string `json:"Status,omitempty"`
	ConfigurationARN string `json:"ChatConfigurationArn,omitempty"`
	MessageID        string `json:"MessageId,omitempty"`
	MaxResults       int    `json:"MaxResults,omitempty"`
	NextToken        string `json:"NextToken,omitempty"`
}

type ListNotificationDeliveriesOutput struct {
	Deliveries []NotificationDelivery `json:"Deliveries"`
	NextToken  string                 `json:"NextToken,omitempty"`
}

// NotificationDelivery is one SNS message on its way to one configuration.
// Detail is the last error (PENDING, DEAD) or the policy's reason
// (SUPPRESSED).
type NotificationDelivery struct {
	AccountID        string `json:"AccountId"`
	Attempts         int    `json:"Attempts"`
	ConfigurationARN string `json:"ChatConfigurationArn"`
	CreatedTimestamp Time   `json:"CreatedTimestamp"`
	DeliveryID       string `json:"DeliveryId"`
	Detail           string `json:"Detail,omitempty"`
	DoneTimestamp    *Time  `json:"DoneTimestamp,omitempty"`
	MessageID        string `json:"MessageId"`
	Status           string `json:"Status"`
}
