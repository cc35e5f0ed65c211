package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

// errTxDone is returned by a Tx that is used after its Update returned.
var errTxDone = errors.New("sqlite: transaction used after its Update returned")

// tx is the store.Tx of one Update. Each distinct statement is prepared on
// first use and reused for the rest of the transaction, so a bulk load of
// 100,000 accounts parses its INSERT once.
//
// PutChatConfiguration, whose imports run to a million rows, is queued and
// sent as multi-row upserts (see queueConfiguration): every other call
// first sends the queue, so that statements take effect in the order fn
// made them.
type tx struct {
	mu    sync.Mutex
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	done  bool
	// configs holds the arguments of the queued configurations, in
	// groups of len(sqlcodec.ChatConfigurationColumns).
	configs []any
	// failed is set when a write failed halfway, leaving part of its
	// rows written: every later call, and the commit, report it.
	failed error
	// revision is what AppendChanges set the revision to (0: add one).
	revision int64
}

// usable returns why t cannot be used, if it cannot. t.mu is held.
func (t *tx) usable() error {
	switch {
	case t.done:
		return errTxDone
	case t.failed != nil:
		return fmt.Errorf("transaction failed earlier: %w", t.failed)
	}
	return nil
}

func (t *tx) end() {
	t.mu.Lock()
	t.done = true
	t.mu.Unlock()
}

// stmt sends the queued configurations and returns query prepared. t.mu
// is held.
func (t *tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if err := t.usable(); err != nil {
		return nil, err
	}
	if err := t.flushConfigurations(ctx); err != nil {
		return nil, err
	}
	return t.prepare(ctx, query)
}

// prepare returns query prepared, preparing it on first use. t.mu is held.
func (t *tx) prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	// Statements prepared on a sql.Tx are closed with it.
	st, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

// exec runs a write and returns how many rows it changed.
func (t *tx) exec(ctx context.Context, query string, args ...any) (int64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st, err := t.stmt(ctx, query)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, translate(err)
	}
	return res.RowsAffected()
}

// remove runs a DELETE that must find its row.
func (t *tx) remove(ctx context.Context, query string, args ...any) error {
	n, err := t.exec(ctx, query, args...)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	return err
}

// exists runs a SELECT EXISTS query.
func (t *tx) exists(ctx context.Context, query string, args ...any) (bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st, err := t.stmt(ctx, query)
	if err != nil {
		return false, err
	}
	var ok bool
	err = st.QueryRowContext(ctx, args...).Scan(&ok)
	return ok, err
}

// upsertRows returns an upsert like upsert's of n rows.
func upsertRows(table string, key, cols []string, n int) string {
	one := upsert(table, key, cols...)
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(key)+len(cols)), ", ") + ")"
	return strings.Replace(one, "VALUES "+row, "VALUES "+strings.TrimSuffix(strings.Repeat(row+", ", n), ", "), 1)
}

// upsert returns an INSERT of key and cols that replaces the row with the
// same key. It updates the row in place (never INSERT OR REPLACE, which
// deletes first and so would trip the attachments' foreign key).
func upsert(table string, key []string, cols ...string) string {
	all := append(append([]string{}, key...), cols...)
	var set []string
	for _, c := range cols {
		set = append(set, c+" = excluded."+c)
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) DO UPDATE SET %s",
		table, strings.Join(all, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(all)), ", "),
		strings.Join(key, ", "), strings.Join(set, ", "))
}

var (
	putSetting             = upsert("settings", []string{"key"}, "value")
	putOrganization        = upsert("organization", []string{"singleton"}, "id", "feature_set", "management_account_id", "management_account_email", "root_id", "root_name", "created_at")
	putPolicyType          = upsert("policy_types", []string{"type"}, "status")
	putOU                  = upsert("ous", []string{"id"}, "parent_id", "name", "created_at")
	putAccount             = upsert("accounts", []string{"id"}, "parent_id", "name", "email", "status", "joined_method", "joined_at", "role_name", "closed_at")
	putCreateAccountStatus = upsert("create_account_statuses", []string{"id"}, "account_name", "email", "state", "account_id", "failure_reason", "requested_at", "completed_at")
	putPolicy              = upsert("policies", []string{"id"}, "name", "description", "type", "content", "aws_managed", "created_at", "updated_at")
	putTag                 = upsert("tags", []string{"resource_id", "key"}, "value")
	putDelegatedAdmin      = upsert("delegated_admins", []string{"account_id", "service_principal"}, "enabled_at")
	putServiceAccess       = upsert("service_access", []string{"service_principal"}, "enabled_at")
	putCredential          = upsert("credentials", []string{"access_key_id"}, "secret_access_key", "session_token", "account_id", "principal_arn", "expires_at")
)

func (t *tx) PutSetting(ctx context.Context, key, value string) (err error) {
	defer wrap(&err, "sqlite.PutSetting(%q)", key)
	_, err = t.exec(ctx, putSetting, key, value)
	return err
}

func (t *tx) PutOrganization(ctx context.Context, o store.Organization) (err error) {
	defer wrap(&err, "sqlite.PutOrganization(%q)", o.ID)
	_, err = t.exec(ctx, putOrganization, 1, o.ID, o.FeatureSet, o.ManagementAccountID, o.ManagementAccountEmail, o.RootID, o.RootName, sqlcodec.Micros(o.CreatedAt))
	return err
}

func (t *tx) DeleteOrganization(ctx context.Context) (err error) {
	defer wrap(&err, "sqlite.DeleteOrganization")
	if err := t.remove(ctx, `DELETE FROM organization`); err != nil {
		return err
	}
	for _, table := range sqlcodec.OrganizationTables {
		if _, err := t.exec(ctx, "DELETE FROM "+table); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) PutPolicyType(ctx context.Context, pt store.PolicyType) (err error) {
	defer wrap(&err, "sqlite.PutPolicyType(%q)", pt.Type)
	_, err = t.exec(ctx, putPolicyType, pt.Type, pt.Status)
	return err
}

func (t *tx) DeletePolicyType(ctx context.Context, policyType string) (err error) {
	defer wrap(&err, "sqlite.DeletePolicyType(%q)", policyType)
	return t.remove(ctx, `DELETE FROM policy_types WHERE type = ?`, policyType)
}

func (t *tx) PutOU(ctx context.Context, ou store.OU) (err error) {
	defer wrap(&err, "sqlite.PutOU(%q)", ou.ID)
	_, err = t.exec(ctx, putOU, ou.ID, ou.ParentID, ou.Name, sqlcodec.Micros(ou.CreatedAt))
	return err
}

func (t *tx) DeleteOU(ctx context.Context, id string) (err error) {
	defer wrap(&err, "sqlite.DeleteOU(%q)", id)
	return t.remove(ctx, `DELETE FROM ous WHERE id = ?`, id)
}

func (t *tx) PutAccount(ctx context.Context, a store.Account) (err error) {
	defer wrap(&err, "sqlite.PutAccount(%q)", a.ID)
	_, err = t.exec(ctx, putAccount, a.ID, a.ParentID, a.Name, a.Email, a.Status, a.JoinedMethod, sqlcodec.Micros(a.JoinedAt), a.RoleName, sqlcodec.Micros(a.ClosedAt))
	return err
}

func (t *tx) DeleteAccount(ctx context.Context, id string) (err error) {
	defer wrap(&err, "sqlite.DeleteAccount(%q)", id)
	return t.remove(ctx, `DELETE FROM accounts WHERE id = ?`, id)
}

func (t *tx) PutCreateAccountStatus(ctx context.Context, s store.CreateAccountStatus) (err error) {
	defer wrap(&err, "sqlite.PutCreateAccountStatus(%q)", s.ID)
	_, err = t.exec(ctx, putCreateAccountStatus, s.ID, s.AccountName, s.Email, s.State, s.AccountID, s.FailureReason, sqlcodec.Micros(s.RequestedAt), sqlcodec.Micros(s.CompletedAt))
	return err
}

func (t *tx) PutPolicy(ctx context.Context, p store.Policy) (err error) {
	defer wrap(&err, "sqlite.PutPolicy(%q)", p.ID)
	_, err = t.exec(ctx, putPolicy, p.ID, p.Name, p.Description, p.Type, p.Content, p.AWSManaged, sqlcodec.Micros(p.CreatedAt), sqlcodec.Micros(p.UpdatedAt))
	return err
}

func (t *tx) DeletePolicy(ctx context.Context, id string) (err error) {
	defer wrap(&err, "sqlite.DeletePolicy(%q)", id)
	// Checked first rather than left to the foreign key, to name the
	// problem; the key still guards against a driver bug.
	attached, err := t.exists(ctx, `SELECT EXISTS (SELECT 1 FROM attachments WHERE policy_id = ?)`, id)
	if err != nil {
		return err
	}
	if attached {
		return fmt.Errorf("%w: policy is still attached", store.ErrConflict)
	}
	return t.remove(ctx, `DELETE FROM policies WHERE id = ?`, id)
}

func (t *tx) Attach(ctx context.Context, a store.Attachment) (err error) {
	defer wrap(&err, "sqlite.Attach(%q, %q)", a.PolicyID, a.TargetID)
	n, err := t.exec(ctx, `INSERT INTO attachments (policy_id, target_id, seq)
		SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM policies WHERE id = ?1)
		ON CONFLICT (policy_id, target_id) DO NOTHING`, a.PolicyID, a.TargetID, a.Seq)
	if err != nil || n == 1 {
		return err
	}
	// Nothing inserted: either the policy is missing or the pair exists.
	ok, err := t.exists(ctx, `SELECT EXISTS (SELECT 1 FROM policies WHERE id = ?)`, a.PolicyID)
	switch {
	case err != nil:
		return err
	case !ok:
		return fmt.Errorf("%w: no policy %q", store.ErrNotFound, a.PolicyID)
	}
	return fmt.Errorf("%w: already attached", store.ErrConflict)
}

func (t *tx) Detach(ctx context.Context, policyID, targetID string) (err error) {
	defer wrap(&err, "sqlite.Detach(%q, %q)", policyID, targetID)
	return t.remove(ctx, `DELETE FROM attachments WHERE policy_id = ? AND target_id = ?`, policyID, targetID)
}

func (t *tx) PutTag(ctx context.Context, tag store.Tag) (err error) {
	defer wrap(&err, "sqlite.PutTag(%q, %q)", tag.ResourceID, tag.Key)
	_, err = t.exec(ctx, putTag, tag.ResourceID, tag.Key, tag.Value)
	return err
}

func (t *tx) DeleteTag(ctx context.Context, resourceID, key string) (err error) {
	defer wrap(&err, "sqlite.DeleteTag(%q, %q)", resourceID, key)
	return t.remove(ctx, `DELETE FROM tags WHERE resource_id = ? AND key = ?`, resourceID, key)
}

func (t *tx) DeleteTags(ctx context.Context, resourceID string) (err error) {
	defer wrap(&err, "sqlite.DeleteTags(%q)", resourceID)
	_, err = t.exec(ctx, `DELETE FROM tags WHERE resource_id = ?`, resourceID)
	return err
}

func (t *tx) PutDelegatedAdmin(ctx context.Context, d store.DelegatedAdmin) (err error) {
	defer wrap(&err, "sqlite.PutDelegatedAdmin(%q, %q)", d.AccountID, d.ServicePrincipal)
	_, err = t.exec(ctx, putDelegatedAdmin, d.AccountID, d.ServicePrincipal, sqlcodec.Micros(d.EnabledAt))
	return err
}

func (t *tx) DeleteDelegatedAdmin(ctx context.Context, accountID, servicePrincipal string) (err error) {
	defer wrap(&err, "sqlite.DeleteDelegatedAdmin(%q, %q)", accountID, servicePrincipal)
	return t.remove(ctx, `DELETE FROM delegated_admins WHERE account_id = ? AND service_principal = ?`, accountID, servicePrincipal)
}

func (t *tx) PutServiceAccess(ctx context.Context, s store.ServiceAccess) (err error) {
	defer wrap(&err, "sqlite.PutServiceAccess(%q)", s.ServicePrincipal)
	_, err = t.exec(ctx, putServiceAccess, s.ServicePrincipal, sqlcodec.Micros(s.EnabledAt))
	return err
}

func (t *tx) DeleteServiceAccess(ctx context.Context, servicePrincipal string) (err error) {
	defer wrap(&err, "sqlite.DeleteServiceAccess(%q)", servicePrincipal)
	return t.remove(ctx, `DELETE FROM service_access WHERE service_principal = ?`, servicePrincipal)
}

func (t *tx) PutCredential(ctx context.Context, c store.Credential) (err error) {
	defer wrap(&err, "sqlite.PutCredential(%q)", c.AccessKeyID)
	_, err = t.exec(ctx, putCredential, c.AccessKeyID, c.SecretAccessKey, c.SessionToken, c.AccountID, c.PrincipalARN, sqlcodec.Micros(c.ExpiresAt))
	return err
}

func (t *tx) DeleteCredential(ctx context.Context, accessKeyID string) (err error) {
	defer wrap(&err, "sqlite.DeleteCredential(%q)", accessKeyID)
	return t.remove(ctx, `DELETE FROM credentials WHERE access_key_id = ?`, accessKeyID)
}

func (t *tx) DeleteExpiredCredentials(ctx context.Context, before time.Time) (_ int, err error) {
	defer wrap(&err, "sqlite.DeleteExpiredCredentials(%s)", before.Format(time.RFC3339Nano))
	// Long-term keys have a NULL expiry and never match.
	n, err := t.exec(ctx, `DELETE FROM credentials WHERE expires_at < ?`, before.UnixMicro())
	return int(n), err
}
