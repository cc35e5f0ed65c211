package postgres

import (
	"context"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

var (
	handshakesTable         = newTable("handshakes", 1, text("id"), text("action"), text("state"), text("parties"), text("resources"), text("parent_id"), text("tags"), micro("requested_at"), micro("expires_at"), micro("updated_at"))
	standaloneAccountsTable = newTable("standalone_accounts", 1, text("id"), text("name"), text("email"), text("status"), text("role_name"), micro("created_at"), micro("closed_at"))
)

func (t *tx) PutHandshake(ctx context.Context, h store.Handshake) (err error) {
	defer wrap(&err, "postgres.PutHandshake(%q)", h.ID)
	// Encoded now, so that the caller may change the lists once Put returns.
	parties, resources, err := sqlcodec.EncodeHandshake(h)
	if err != nil {
		return err
	}
	return t.put(ctx, handshakesTable, h.ID, h.Action, h.State, parties, resources, h.ParentID, sqlcodec.EncodeTags(h.Tags),
		sqlcodec.Micros(h.RequestedAt), sqlcodec.Micros(h.ExpiresAt), sqlcodec.Micros(h.UpdatedAt))
}

func (t *tx) DeleteHandshake(ctx context.Context, id string) (err error) {
	defer wrap(&err, "postgres.DeleteHandshake(%q)", id)
	return t.remove(ctx, `DELETE FROM handshakes WHERE id = $1`, id)
}

func (t *tx) PutStandaloneAccount(ctx context.Context, a store.StandaloneAccount) (err error) {
	defer wrap(&err, "postgres.PutStandaloneAccount(%q)", a.ID)
	return t.put(ctx, standaloneAccountsTable, a.ID, a.Name, a.Email, a.Status, a.RoleName, sqlcodec.Micros(a.CreatedAt), sqlcodec.Micros(a.ClosedAt))
}

func (t *tx) DeleteStandaloneAccount(ctx context.Context, id string) (err error) {
	defer wrap(&err, "postgres.DeleteStandaloneAccount(%q)", id)
	return t.remove(ctx, `DELETE FROM standalone_accounts WHERE id = $1`, id)
}
