package sqlite

import (
	"context"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

var (
	putHandshake         = upsert("handshakes", []string{"id"}, "action", "state", "parties", "resources", "parent_id", "tags", "requested_at", "expires_at", "updated_at")
	putStandaloneAccount = upsert("standalone_accounts", []string{"id"}, "name", "email", "status", "role_name", "created_at", "closed_at")
)

func (t *tx) PutHandshake(ctx context.Context, h store.Handshake) (err error) {
	defer wrap(&err, "sqlite.PutHandshake(%q)", h.ID)
	parties, resources, err := sqlcodec.EncodeHandshake(h)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, putHandshake, h.ID, h.Action, h.State, parties, resources, h.ParentID, sqlcodec.EncodeTags(h.Tags),
		sqlcodec.Micros(h.RequestedAt), sqlcodec.Micros(h.ExpiresAt), sqlcodec.Micros(h.UpdatedAt))
	return err
}

func (t *tx) DeleteHandshake(ctx context.Context, id string) (err error) {
	defer wrap(&err, "sqlite.DeleteHandshake(%q)", id)
	return t.remove(ctx, `DELETE FROM handshakes WHERE id = ?`, id)
}

func (t *tx) PutStandaloneAccount(ctx context.Context, a store.StandaloneAccount) (err error) {
	defer wrap(&err, "sqlite.PutStandaloneAccount(%q)", a.ID)
	_, err = t.exec(ctx, putStandaloneAccount, a.ID, a.Name, a.Email, a.Status, a.RoleName, sqlcodec.Micros(a.CreatedAt), sqlcodec.Micros(a.ClosedAt))
	return err
}

func (t *tx) DeleteStandaloneAccount(ctx context.Context, id string) (err error) {
	defer wrap(&err, "sqlite.DeleteStandaloneAccount(%q)", id)
	return t.remove(ctx, `DELETE FROM standalone_accounts WHERE id = ?`, id)
}
