package postgres

import (
	"context"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

var (
	signingSecretsTable   = newTable("signing_secrets", 2, text("platform"), text("workspace_id"), text("secret"), micro("updated_at"))
	customActionsTable    = newTable("custom_actions", 1, text("arn"), text("account_id"), text("name"), text("alias_name"), text("command_text"), text("attachments"), text("tags"), micro("created_at"), micro("updated_at"))
	chatAssociationsTable = newTable("chat_associations", 2, text("configuration_arn"), text("resource_arn"), micro("created_at"))
)

func (t *tx) PutSigningSecret(ctx context.Context, s store.SigningSecret) (err error) {
	defer wrap(&err, "postgres.PutSigningSecret(%q, %q)", s.Platform, s.WorkspaceID)
	return t.put(ctx, signingSecretsTable, s.Platform, s.WorkspaceID, s.Secret, sqlcodec.Micros(s.UpdatedAt))
}

func (t *tx) DeleteSigningSecret(ctx context.Context, platform, workspaceID string) (err error) {
	defer wrap(&err, "postgres.DeleteSigningSecret(%q, %q)", platform, workspaceID)
	return t.remove(ctx, `DELETE FROM signing_secrets WHERE platform = $1 AND workspace_id = $2`, platform, workspaceID)
}

func (t *tx) PutCustomAction(ctx context.Context, a store.CustomAction) (err error) {
	defer wrap(&err, "postgres.PutCustomAction(%q)", a.ARN)
	return t.put(ctx, customActionsTable, a.ARN, a.AccountID, a.Name, a.AliasName, a.CommandText, sqlcodec.Attachments(a.Attachments),
		sqlcodec.EncodeTags(a.Tags), sqlcodec.Micros(a.CreatedAt), sqlcodec.Micros(a.UpdatedAt))
}

func (t *tx) DeleteCustomAction(ctx context.Context, arn string) (err error) {
	defer wrap(&err, "postgres.DeleteCustomAction(%q)", arn)
	return t.remove(ctx, `DELETE FROM custom_actions WHERE arn = $1`, arn)
}

func (t *tx) PutChatAssociation(ctx context.Context, a store.ChatAssociation) (err error) {
	defer wrap(&err, "postgres.PutChatAssociation(%q, %q)", a.ConfigurationARN, a.ResourceARN)
	return t.put(ctx, chatAssociationsTable, a.ConfigurationARN, a.ResourceARN, sqlcodec.Micros(a.CreatedAt))
}

func (t *tx) DeleteChatAssociation(ctx context.Context, configurationARN, resourceARN string) (err error) {
	defer wrap(&err, "postgres.DeleteChatAssociation(%q, %q)", configurationARN, resourceARN)
	return t.remove(ctx, `DELETE FROM chat_associations WHERE configuration_arn = $1 AND resource_arn = $2`, configurationARN, resourceARN)
}
