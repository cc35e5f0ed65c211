package postgres

import (
	"context"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

var stacksTable = newTable("cfn_stacks", 1, text("id"), text("account_id"), text("name"), text("status"), text("document"), micro("updated_at"))

func (t *tx) PutStack(ctx context.Context, s store.Stack) (err error) {
	defer wrap(&err, "postgres.PutStack(%q)", s.ID)
	return t.put(ctx, stacksTable, s.ID, s.AccountID, s.Name, s.Status, s.Document, sqlcodec.Micros(s.UpdatedAt))
}

func (t *tx) DeleteStack(ctx context.Context, id string) (err error) {
	defer wrap(&err, "postgres.DeleteStack(%q)", id)
	return t.remove(ctx, `DELETE FROM cfn_stacks WHERE id = $1`, id)
}
