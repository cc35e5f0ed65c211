package sqlite

import (
	"context"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

var putStack = upsert("cfn_stacks", []string{"id"}, "account_id", "name", "status", "document", "updated_at")

func (t *tx) PutStack(ctx context.Context, s store.Stack) (err error) {
	defer wrap(&err, "sqlite.PutStack(%q)", s.ID)
	_, err = t.exec(ctx, putStack, s.ID, s.AccountID, s.Name, s.Status, s.Document, sqlcodec.Micros(s.UpdatedAt))
	return err
}

func (t *tx) DeleteStack(ctx context.Context, id string) (err error) {
	defer wrap(&err, "sqlite.DeleteStack(%q)", id)
	return t.remove(ctx, `DELETE FROM cfn_stacks WHERE id = ?`, id)
}
