package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

// errTxDone is returned by a Tx that is used after its Update returned.
var errTxDone = errors.New("postgres: transaction used after its Update returned")

// tx is the store.Tx of one Update. Puts are queued per table (see
// table); every other call first sends the queues, so that statements take
// effect in the order fn made them. pgx prepares each distinct statement
// once per connection and reuses it.
type tx struct {
	mu     sync.Mutex
	tx     pgx.Tx
	queues map[*table]*tableRows
	// err is the first failure of a statement. PostgreSQL aborts the
	// transaction on any error, so every later call reports this one
	// rather than "current transaction is aborted".
	err  error
	done bool
	// revision is the store's revision as this Update read it, then as
	// AppendChanges set it (which also stored it); 0 when neither ran.
	revision int64
	// logged: AppendChanges set the revision, so Update leaves it.
	logged bool
}

func (t *tx) end() {
	t.mu.Lock()
	t.done = true
	t.mu.Unlock()
}

func (t *tx) usable() error {
	switch {
	case t.done:
		return errTxDone
	case t.err != nil:
		return fmt.Errorf("transaction failed earlier: %w", t.err)
	}
	return nil
}

// flush sends the queued Puts of only, or of every table if only is nil.
// Their errors are not translated into store sentinels: a failed upsert is
// never a not-found or a conflict, and must not be mistaken for the result
// of the call that happened to send it.
func (t *tx) flush(ctx context.Context, only *table) error {
	if err := send(ctx, t.tx, t.queues, only); err != nil {
		t.err = err
		return err
	}
	return nil
}

// finish sends what is still queued and closes the Tx to fn.
func (t *tx) finish(ctx context.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(); err != nil {
		return err
	}
	t.done = true
	return t.flush(ctx, nil)
}

// put queues a row of tbl, sending the table's queue when it is full.
func (t *tx) put(ctx context.Context, tbl *table, row ...any) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(); err != nil {
		return err
	}
	if t.queues == nil {
		t.queues = map[*table]*tableRows{}
	}
	q := t.queues[tbl]
	if q == nil {
		q = &tableRows{}
		t.queues[tbl] = q
	}
	q.add(tbl, row)
	if len(q.rows) >= maxQueued {
		return t.flush(ctx, tbl)
	}
	return nil
}

// exec sends the queue, then runs query and returns how many rows it
// changed.
func (t *tx) exec(ctx context.Context, query string, args ...any) (int64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(); err != nil {
		return 0, err
	}
	if err := t.flush(ctx, nil); err != nil {
		return 0, err
	}
	tag, err := t.tx.Exec(ctx, query, args...)
	if err != nil {
		t.err = err
		return 0, translate(err)
	}
	return tag.RowsAffected(), nil
}

// remove runs a DELETE that must find its row.
func (t *tx) remove(ctx context.Context, query string, args ...any) error {
	n, err := t.exec(ctx, query, args...)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	return err
}

// exists sends the queue, then runs a SELECT EXISTS query.
func (t *tx) exists(ctx context.Context, query string, args ...any) (bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.usable(); err != nil {
		return false, err
	}
	if err := t.flush(ctx, nil); err != nil {
		return false, err
	}
	var ok bool
	if err := t.tx.QueryRow(ctx, query, args...).Scan(&ok); err != nil {
		t.err = err
		return false, err
	}
	return ok, nil
}

func (t *tx) PutSetting(ctx context.Context, key, value string) (err error) {
	defer wrap(&err, "postgres.PutSetting(%q)", key)
	return t.put(ctx, settingsTable, key, value)
}

func (t *tx) PutOrganization(ctx context.Context, o store.Organization) (err error) {
	defer wrap(&err, "postgres.PutOrganization(%q)", o.ID)
	return t.put(ctx, organizationTable, int64(1), o.ID, o.FeatureSet, o.ManagementAccountID, o.ManagementAccountEmail, o.RootID, o.RootName, sqlcodec.Micros(o.CreatedAt))
}

func (t *tx) DeleteOrganization(ctx context.Context) (err error) {
	defer wrap(&err, "postgres.DeleteOrganization")
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
	defer wrap(&err, "postgres.PutPolicyType(%q)", pt.Type)
	return t.put(ctx, policyTypesTable, pt.Type, pt.Status)
}

func (t *tx) DeletePolicyType(ctx context.Context, policyType string) (err error) {
	defer wrap(&err, "postgres.DeletePolicyType(%q)", policyType)
	return t.remove(ctx, `DELETE FROM policy_types WHERE type = $1`, policyType)
}

func (t *tx) PutOU(ctx context.Context, ou store.OU) (err error) {
	defer wrap(&err, "postgres.PutOU(%q)", ou.ID)
	return t.put(ctx, ousTable, ou.ID, ou.ParentID, ou.Name, sqlcodec.Micros(ou.CreatedAt))
}

func (t *tx) DeleteOU(ctx context.Context, id string) (err error) {
	defer wrap(&err, "postgres.DeleteOU(%q)", id)
	return t.remove(ctx, `DELETE FROM ous WHERE id = $1`, id)
}

func (t *tx) PutAccount(ctx context.Context, a store.Account) (err error) {
	defer wrap(&err, "postgres.PutAccount(%q)", a.ID)
	return t.put(ctx, accountsTable, a.ID, a.ParentID, a.Name, a.Email, a.Status, a.JoinedMethod, sqlcodec.Micros(a.JoinedAt), a.RoleName, sqlcodec.Micros(a.ClosedAt))
}

func (t *tx) DeleteAccount(ctx context.Context, id string) (err error) {
	defer wrap(&err, "postgres.DeleteAccount(%q)", id)
	return t.remove(ctx, `DELETE FROM accounts WHERE id = $1`, id)
}

func (t *tx) PutCreateAccountStatus(ctx context.Context, s store.CreateAccountStatus) (err error) {
	defer wrap(&err, "postgres.PutCreateAccountStatus(%q)", s.ID)
	return t.put(ctx, createStatusesTable, s.ID, s.AccountName, s.Email, s.State, s.AccountID, s.FailureReason, sqlcodec.Micros(s.RequestedAt), sqlcodec.Micros(s.CompletedAt))
}

func (t *tx) PutPolicy(ctx context.Context, p store.Policy) (err error) {
	defer wrap(&err, "postgres.PutPolicy(%q)", p.ID)
	return t.put(ctx, policiesTable, p.ID, p.Name, p.Description, p.Type, p.Content, p.AWSManaged, sqlcodec.Micros(p.CreatedAt), sqlcodec.Micros(p.UpdatedAt))
}

func (t *tx) DeletePolicy(ctx context.Context, id string) (err error) {
	defer wrap(&err, "postgres.DeletePolicy(%q)", id)
	// Checked first rather than left to the foreign key: a violation
	// would abort the whole transaction, and the caller may want to go on.
	attached, err := t.exists(ctx, `SELECT EXISTS (SELECT 1 FROM attachments WHERE policy_id = $1)`, id)
	if err != nil {
		return err
	}
	if attached {
		return fmt.Errorf("%w: policy is still attached", store.ErrConflict)
	}
	return t.remove(ctx, `DELETE FROM policies WHERE id = $1`, id)
}

func (t *tx) Attach(ctx context.Context, a store.Attachment) (err error) {
	defer wrap(&err, "postgres.Attach(%q, %q)", a.PolicyID, a.TargetID)
	// ON CONFLICT and the EXISTS test instead of the constraints, for the
	// same reason as in DeletePolicy.
	n, err := t.exec(ctx, `INSERT INTO attachments (policy_id, target_id, seq)
		SELECT $1::text, $2::text, $3::bigint WHERE EXISTS (SELECT 1 FROM policies WHERE id = $1::text)
		ON CONFLICT (policy_id, target_id) DO NOTHING`, a.PolicyID, a.TargetID, a.Seq)
	if err != nil || n == 1 {
		return err
	}
	// Nothing inserted: either the policy is missing or the pair exists.
	ok, err := t.exists(ctx, `SELECT EXISTS (SELECT 1 FROM policies WHERE id = $1)`, a.PolicyID)
	switch {
	case err != nil:
		return err
	case !ok:
		return fmt.Errorf("%w: no policy %q", store.ErrNotFound, a.PolicyID)
	}
	return fmt.Errorf("%w: already attached", store.ErrConflict)
}

func (t *tx) Detach(ctx context.Context, policyID, targetID string) (err error) {
	defer wrap(&err, "postgres.Detach(%q, %q)", policyID, targetID)
	return t.remove(ctx, `DELETE FROM attachments WHERE policy_id = $1 AND target_id = $2`, policyID, targetID)
}

func (t *tx) PutTag(ctx context.Context, tag store.Tag) (err error) {
	defer wrap(&err, "postgres.PutTag(%q, %q)", tag.ResourceID, tag.Key)
	return t.put(ctx, tagsTable, tag.ResourceID, tag.Key, tag.Value)
}

func (t *tx) DeleteTag(ctx context.Context, resourceID, key string) (err error) {
	defer wrap(&err, "postgres.DeleteTag(%q, %q)", resourceID, key)
	return t.remove(ctx, `DELETE FROM tags WHERE resource_id = $1 AND key = $2`, resourceID, key)
}

func (t *tx) DeleteTags(ctx context.Context, resourceID string) (err error) {
	defer wrap(&err, "postgres.DeleteTags(%q)", resourceID)
	_, err = t.exec(ctx, `DELETE FROM tags WHERE resource_id = $1`, resourceID)
	return err
}

func (t *tx) PutDelegatedAdmin(ctx context.Context, d store.DelegatedAdmin) (err error) {
	defer wrap(&err, "postgres.PutDelegatedAdmin(%q, %q)", d.AccountID, d.ServicePrincipal)
	return t.put(ctx, delegatedTable, d.AccountID, d.ServicePrincipal, sqlcodec.Micros(d.EnabledAt))
}

func (t *tx) DeleteDelegatedAdmin(ctx context.Context, accountID, servicePrincipal string) (err error) {
	defer wrap(&err, "postgres.DeleteDelegatedAdmin(%q, %q)", accountID, servicePrincipal)
	return t.remove(ctx, `DELETE FROM delegated_admins WHERE account_id = $1 AND service_principal = $2`, accountID, servicePrincipal)
}

func (t *tx) PutServiceAccess(ctx context.Context, s store.ServiceAccess) (err error) {
	defer wrap(&err, "postgres.PutServiceAccess(%q)", s.ServicePrincipal)
	return t.put(ctx, serviceAccessTable, s.ServicePrincipal, sqlcodec.Micros(s.EnabledAt))
}

func (t *tx) DeleteServiceAccess(ctx context.Context, servicePrincipal string) (err error) {
	defer wrap(&err, "postgres.DeleteServiceAccess(%q)", servicePrincipal)
	return t.remove(ctx, `DELETE FROM service_access WHERE service_principal = $1`, servicePrincipal)
}

func (t *tx) PutCredential(ctx context.Context, c store.Credential) (err error) {
	defer wrap(&err, "postgres.PutCredential(%q)", c.AccessKeyID)
	return t.put(ctx, credentialsTable, c.AccessKeyID, c.SecretAccessKey, c.SessionToken, c.AccountID, c.PrincipalARN, sqlcodec.Micros(c.ExpiresAt))
}

func (t *tx) DeleteCredential(ctx context.Context, accessKeyID string) (err error) {
	defer wrap(&err, "postgres.DeleteCredential(%q)", accessKeyID)
	return t.remove(ctx, `DELETE FROM credentials WHERE access_key_id = $1`, accessKeyID)
}

func (t *tx) DeleteExpiredCredentials(ctx context.Context, before time.Time) (_ int, err error) {
	defer wrap(&err, "postgres.DeleteExpiredCredentials(%s)", before.Format(time.RFC3339Nano))
	// Long-term keys have a NULL expiry and never match.
	n, err := t.exec(ctx, `DELETE FROM credentials WHERE expires_at < $1`, before.UnixMicro())
	return int(n), err
}
