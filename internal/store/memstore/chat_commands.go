package memstore

import (
	"context"
	"fmt"

	"github.com/chatgov/chatgov/internal/store"
)

func secretsT(d *data) (*map[pair]store.SigningSecret, table)  { return &d.secrets, tSecrets }
func actionsT(d *data) (*map[string]store.CustomAction, table) { return &d.actions, tActions }
func assocsT(d *data) (*map[pair]store.ChatAssociation, table) { return &d.assocs, tAssocs }

func (t *tx) PutSigningSecret(_ context.Context, s store.SigningSecret) error {
	s.UpdatedAt = at(s.UpdatedAt)
	return put(t, secretsT, pair{s.Platform, s.WorkspaceID}, s)
}

func (t *tx) DeleteSigningSecret(_ context.Context, platform, workspaceID string) error {
	return remove(t, secretsT, pair{platform, workspaceID}, fmt.Sprintf("DeleteSigningSecret(%q, %q)", platform, workspaceID))
}

func (t *tx) PutCustomAction(_ context.Context, a store.CustomAction) error {
	a.CreatedAt, a.UpdatedAt = at(a.CreatedAt), at(a.UpdatedAt)
	if a.Attachments == "" {
		a.Attachments = "[]"
	}
	a.Tags = strMap(a.Tags)
	return put(t, actionsT, a.ARN, a)
}

func (t *tx) DeleteCustomAction(_ context.Context, arn string) error {
	return remove(t, actionsT, arn, fmt.Sprintf("DeleteCustomAction(%q)", arn))
}

func (t *tx) PutChatAssociation(_ context.Context, a store.ChatAssociation) error {
	a.CreatedAt = at(a.CreatedAt)
	return put(t, assocsT, pair{a.ConfigurationARN, a.ResourceARN}, a)
}

func (t *tx) DeleteChatAssociation(_ context.Context, configurationARN, resourceARN string) error {
	return remove(t, assocsT, pair{configurationARN, resourceARN}, fmt.Sprintf("DeleteChatAssociation(%q, %q)", configurationARN, resourceARN))
}
