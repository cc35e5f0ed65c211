package store

import (
	"context"
	"time"
)

// ChatCommandWriter writes what commands typed in chat need: the secrets
// Slack and Microsoft Teams sign their requests with, AWS Chatbot custom
// actions, and their associations with channel configurations.
type ChatCommandWriter interface {
	// PutSigningSecret inserts or replaces a workspace's signing secret.
	PutSigningSecret(ctx context.Context, s SigningSecret) error
	// DeleteSigningSecret removes one; ErrNotFound when absent.
	DeleteSigningSecret(ctx context.Context, platform, workspaceID string) error
	// PutCustomAction inserts or replaces a custom action.
	PutCustomAction(ctx context.Context, a CustomAction) error
	// DeleteCustomAction removes a custom action; ErrNotFound when absent.
	// Its associations must have been removed first.
	DeleteCustomAction(ctx context.Context, arn string) error
	// PutChatAssociation records that a resource (a custom action) is
	// associated with a configuration; replacing an existing pair is not an
	// error.
	PutChatAssociation(ctx context.Context, a ChatAssociation) error
	// DeleteChatAssociation removes one; ErrNotFound when absent.
	DeleteChatAssociation(ctx context.Context, configurationARN, resourceARN string) error
}

// SigningSecret is the secret a chat platform signs the requests of one
// workspace with: a Slack app's signing secret for a Slack workspace (team
// ID), an outgoing webhook's security token for a Microsoft Teams team
// (team ID). It is never returned by the API once stored.
type SigningSecret struct {
	Platform    string // PlatformSlack or PlatformTeams
	WorkspaceID string
	Secret      string
	UpdatedAt   time.Time
}

// CustomAction is an AWS Chatbot custom action: a command with variables
// that a member runs by its alias (@aws run ALIAS) or from a notification's
// button.
type CustomAction struct {
	ARN         string // arn:aws:chatbot::ACCOUNT:custom-action/NAME
	AccountID   string
	Name        string
	AliasName   string // "" when the action has none
	CommandText string
	// Attachments is the action's notification buttons, as AWS Chatbot's
	// API shapes them, in JSON ("[]" when none).
	Attachments string
	Tags        map[string]string // nil and empty load alike, as empty
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// ChatAssociation associates a resource (a custom action) with a channel
// configuration.
type ChatAssociation struct {
	ConfigurationARN string
	ResourceARN      string
	CreatedAt        time.Time
}
