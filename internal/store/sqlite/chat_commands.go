package sqlite

import (
	"context"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

var (
	putSigningSecret   = upsert("signing_secrets", []string{"platform", "workspace_id"}, "secret", "updated_at")
	putCustomAction    = upsert("custom_actions", []string{"arn"}, "account_id", "name", "alias_name", "command_text", "attachments", "tags", "created_at", "updated_at")
	putChatAssociation = upsert("chat_associations", []string{"configuration_arn", "resource_arn"}, "created_at")
)

func (t *tx) PutSigningSecret(ctx context.Context, s store.SigningSecret) (err error) {
	defer wrap(&err, "sqlite.PutSigningSecret(%q, %q)", s.Platform, s.WorkspaceID)
	_, err = t.exec(ctx, putSigningSecret, s.Platform, s.WorkspaceID, s.Secret, sqlcodec.Micros(s.UpdatedAt))
	return err
}

func (t *tx) DeleteSigningSecret(ctx context.Context, platform, workspaceID string) (err error) {
	defer wrap(&err, "sqlite.DeleteSigningSecret(%q, %q)", platform, workspaceID)
	return t.remove(ctx, `DELETE FROM signing_secrets WHERE platform = ? AND workspace_id = ?`, platform, workspaceID)
}

func (t *tx) PutCustomAction(ctx context.Context, a store.CustomAction) (err error) {
	defer wrap(&err, "sqlite.PutCustomAction(%q)", a.ARN)
	_, err = t.exec(ctx, putCustomAction, a.ARN, a.AccountID, a.Name, a.AliasName, a.CommandText, sqlcodec.Attachments(a.Attachments),
		sqlcodec.EncodeTags(a.Tags), sqlcodec.Micros(a.CreatedAt), sqlcodec.Micros(a.UpdatedAt))
	return err
}

func (t *tx) DeleteCustomAction(ctx context.Context, arn string) (err error) {
	defer wrap(&err, "sqlite.DeleteCustomAction(%q)", arn)
	return t.remove(ctx, `DELETE FROM custom_actions WHERE arn = ?`, arn)
}

func (t *tx) PutChatAssociation(ctx context.Context, a store.ChatAssociation) (err error) {
	defer wrap(&err, "sqlite.PutChatAssociation(%q, %q)", a.ConfigurationARN, a.ResourceARN)
	_, err = t.exec(ctx, putChatAssociation, a.ConfigurationARN, a.ResourceARN, sqlcodec.Micros(a.CreatedAt))
	return err
}

func (t *tx) DeleteChatAssociation(ctx context.Context, configurationARN, resourceARN string) (err error) {
	defer wrap(&err, "sqlite.DeleteChatAssociation(%q, %q)", configurationARN, resourceARN)
	return t.remove(ctx, `DELETE FROM chat_associations WHERE configuration_arn = ? AND resource_arn = ?`, configurationARN, resourceARN)
}
