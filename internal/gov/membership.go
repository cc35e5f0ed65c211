package gov

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/store"
)

// Who is in the organization. Accounts join by CreateAccount or by
// accepting an invitation (handshakes.go), and go by leaving, by being
// removed, or stay as closed (SUSPENDED) members. An account that goes
// becomes a standalone account: chatgov keeps its record, its root
// credentials and its chat configurations, as AWS keeps the account, so
// that it can be invited again and answer the invitation.

// Account statuses and join methods beyond ACTIVE and CREATED.
const (
	AccountSuspended = "SUSPENDED"
	JoinedInvited    = "INVITED"
)

// Membership limits, from AWS Organizations' quotas page.
const (
	// CreatedAccountMinAge is how long a created account must exist
	// before it can leave or be removed (invited accounts need not wait).
	CreatedAccountMinAge = 4 * 24 * time.Hour
	// ClosureWindow is the rolling period the closure quota counts.
	ClosureWindow = 30 * 24 * time.Hour
)

// Reasons of ConstraintViolationException for membership changes.
const (
	ReasonCannotRemoveDelegatedAdmin = "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG"
	ReasonWaitPeriodActive           = "WAIT_PERIOD_ACTIVE"
	ReasonCannotCloseManagement      = "CANNOT_CLOSE_MANAGEMENT_ACCOUNT"
	ReasonCloseAccountQuota          = "CLOSE_ACCOUNT_QUOTA_EXCEEDED"
	ReasonNotAllFeatures             = "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE"
	ReasonCannotRegisterSuspended    = "CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR"
)

// Resources of membership errors (see awsapi's error table).
const (
	// ResManagementAccount: the management account cannot leave
	// (MasterCannotLeaveOrganizationException).
	ResManagementAccount = "ManagementAccount"
	// ResAccountClosed: the account is already closed
	// (AccountAlreadyClosedException).
	ResAccountClosed = "AccountClosed"
	// ResStandaloneAccount: an account outside the organization.
	ResStandaloneAccount = "StandaloneAccount"
)

// loadMembership fills the model's handshakes and standalone accounts.
func (m model) loadMembership(st *store.State) {
	he := &m.Handshakes
	for i := range st.Handshakes {
		h := st.Handshakes[i]
		he.Set(h.ID, &h)
	}
	se := &m.Standalone
	for i := range st.StandaloneAccounts {
		a := st.StandaloneAccounts[i]
		se.Set(a.ID, &a)
	}
}

// putStandalone records an account outside the organization.
func (ch *change) putStandalone(a store.StandaloneAccount) {
	ch.m.Standalone.Set(a.ID, &a)
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutStandaloneAccount(ctx, a) })
}

// forgetStandalone drops every standalone account (emulator reset).
func (ch *change) forgetStandalone() {
	for _, a := range ch.m.Standalone.Values() {
		id := a.ID
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteStandaloneAccount(ctx, id) })
	}
}

// accountClosed reports whether an account, a member or a standalone one,
// is closed.
func (m model) accountClosed(id string) bool {
	if a, ok := m.Accounts.Get(id); ok {
		return a.Status == AccountSuspended
	}
	a, ok := m.Standalone.Get(id)
	return ok && a.Status == AccountSuspended
}

// emailOf returns the email address of an account chatgov knows, member
// or standalone; "" when it knows none.
func (m model) emailOf(id string) string {
	if a, ok := m.Accounts.Get(id); ok {
		return a.Email
	}
	if a, ok := m.Standalone.Get(id); ok {
		return a.Email
	}
	return ""
}

// emailTaken reports whether an account chatgov knows has the address (AWS
// compares them without regard to case).
func (m model) emailTaken(email string) bool {
	taken := false
	find := func(e string) bool { taken = strings.EqualFold(e, email); return !taken }
	m.Accounts.Range(func(_ string, a *snapshot.AccountRec) bool { return find(a.Email) })
	if !taken {
		m.Standalone.Range(func(_ string, a *store.StandaloneAccount) bool { return find(a.Email) })
	}
	return taken
}

// LeaveOrganization makes the caller's member account leave the
// organization; it becomes a standalone account. It returns Constraint
// (ResManagementAccount) for the management account, Constraint
// (CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG) for a delegated
// administrator, Constraint (WAIT_PERIOD_ACTIVE) for an account created less
// than four days ago, and the errors of authorize.
func (s *Service) LeaveOrganization(ctx context.Context, c Caller) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opLeaveOrganization, ""); err != nil {
			return err
		}
		if c.AccountID == m.Org.ManagementAccountID {
			return newErr(Constraint, ResManagementAccount, "", "You can't remove a management account from an organization. "+
				"Account %s is the management account of %s: remove every member account, then delete the organization", c.AccountID, m.Org.ID)
		}
		a, _ := m.Accounts.Get(c.AccountID)
		if err := m.checkDeparture(a, ch.now); err != nil {
			return err
		}
		ch.because(opLeaveOrganization.String(), c, "account %s left organization %s", a.ID, m.Org.ID)
		return ch.depart(a)
	})
}

// RemoveAccountFromOrganization removes a member account, which becomes a
// standalone account. It returns Invalid (INPUT_REQUIRED, INVALID_PATTERN)
// and NotFound (ResAccount) for the account, Constraint
// (ACCOUNT_CANNOT_LEAVE_ORGANIZATION) for the management account, Constraint
// (CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG, WAIT_PERIOD_ACTIVE) as
// LeaveOrganization, and the errors of authorize.
func (s *Service) RemoveAccountFromOrganization(ctx context.Context, c Caller, accountID string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opRemoveAccountFromOrganization, ""); err != nil {
			return err
		}
		a, err := m.account(accountID)
		if err != nil {
			return err
		}
		if a.ID == m.Org.ManagementAccountID {
			return constraint(ReasonCannotRemoveMaster, "%s is the management account, which cannot leave its organization", a.ID)
		}
		if err := m.checkDeparture(a, ch.now); err != nil {
			return err
		}
		ch.because(opRemoveAccountFromOrganization.String(), c, "removed account %s from organization %s", a.ID, m.Org.ID)
		return ch.depart(a)
	})
}

// checkDeparture checks that a member account may leave: it is no
// delegated administrator, and a created account is old enough.
func (m model) checkDeparture(a *snapshot.AccountRec, now time.Time) error {
	if ds, ok := m.Delegated.Get(a.ID); ok && len(ds) > 0 {
		sps := make([]string, 0, len(ds))
		for sp := range ds {
			sps = append(sps, sp)
		}
		sort.Strings(sps)
		return constraint(ReasonCannotRemoveDelegatedAdmin, "account %s is the delegated administrator for %s; deregister it (DeregisterDelegatedAdministrator) before it leaves the organization",
			a.ID, strings.Join(sps, ", "))
	}
	if a.JoinedMethod == JoinedCreated {
		if ready := a.JoinedAt.Add(CreatedAccountMinAge); now.Before(ready) {
			return constraint(ReasonWaitPeriodActive, "account %s was created on %s; a created account can leave its organization four days after its creation, from %s",
				a.ID, a.JoinedAt.Format(time.RFC3339), ready.Format(time.RFC3339))
		}
	}
	return nil
}

// depart takes a member account out of the organization: its attachments
// and tags go, it becomes a standalone account that keeps its root
// credentials (its role sessions end: the organization's access role
// trusts the management account only while the account is a member), the
// handshakes still waiting on it are canceled, and its chat configurations,
// which it keeps, are checked again outside the organization's policies.
func (ch *change) depart(a *snapshot.AccountRec) error {
	m := ch.m
	ch.forget(a.ID)
	if err := ch.tree().Remove(a.ID); err != nil {
		return internal(err, "removing account")
	}
	ch.m.Accounts.Delete(a.ID)
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteAccount(ctx, a.ID) })
	ch.putStandalone(store.StandaloneAccount{ID: a.ID, Name: a.Name, Email: a.Email, Status: a.Status, RoleName: a.RoleName,
		CreatedAt: ch.now, ClosedAt: a.ClosedAt})
	ch.dropCredentials(a.ID, func(cr *store.Credential) bool { return cr.SessionToken != "" })
	ch.cancelHandshakesTo(a.ID)
	ch.touch(a.ID)
	if m.Org != nil {
		ch.settleAllFeatures()
	}
	return nil
}

// dropCredentials removes the access keys of an account that drop selects.
func (ch *change) dropCredentials(accountID string, drop func(*store.Credential) bool) {
	var keys []string
	ch.m.Credentials.Range(func(k string, cr *store.Credential) bool {
		if cr.AccountID == accountID && drop(cr) {
			keys = append(keys, k)
		}
		return true
	})
	sort.Strings(keys)
	for _, k := range keys {
		key := k
		ch.m.Credentials.Delete(key)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteCredential(ctx, key) })
	}
}

// CloseAccount closes a member account. As on AWS the closure is
// asynchronous (PENDING_CLOSURE, then SUSPENDED); chatgov settles it at
// once. The closed account stays in the organization, listed as SUSPENDED,
// but is out of policy scope: it has no effective policy, its chat
// configurations are DISABLED because it is closed, and its credentials and
// sessions stop working. It returns Invalid (INPUT_REQUIRED,
// INVALID_PATTERN) and NotFound (ResAccount) for the account, AlreadyExists
// (ResAccountClosed) for a closed one, Constraint
// (CANNOT_CLOSE_MANAGEMENT_ACCOUNT, ORGANIZATION_NOT_IN_ALL_FEATURES_MODE,
// CLOSE_ACCOUNT_QUOTA_EXCEEDED), and the errors of authorize.
func (s *Service) CloseAccount(ctx context.Context, c Caller, accountID string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opCloseAccount, ""); err != nil {
			return err
		}
		a, err := m.account(accountID)
		if err != nil {
			return err
		}
		if a.ID == m.Org.ManagementAccountID {
			return constraint(ReasonCannotCloseManagement, "%s is the management account; close or remove every member account, then close it as a standalone account", a.ID)
		}
		if m.Org.FeatureSet != FeatureSetAll {
			return constraint(ReasonNotAllFeatures, "accounts can be closed in an organization with all features; %s has %s (see EnableAllFeatures)", m.Org.ID, m.Org.FeatureSet)
		}
		if a.Status == AccountSuspended {
			return newErr(AlreadyExists, ResAccountClosed, "", "You attempted to close an account that is already closed. Account %s was closed on %s",
				a.ID, a.ClosedAt.Format(time.RFC3339))
		}
		if n, quota := m.closures(ch.now), closureQuota(m.Accounts.Len()-1); n >= quota {
			return constraint(ReasonCloseAccountQuota, "%d accounts were closed in the last 30 days, the most this organization may close in that time "+
				"(the greater of 250 and 20%% of its member accounts, at most 1,000)", n)
		}
		rec := a.Account
		rec.Status, rec.ClosedAt = AccountSuspended, ch.now
		ch.m.Accounts.Set(rec.ID, &snapshot.AccountRec{Account: rec})
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutAccount(ctx, rec) })
		ch.dropCredentials(rec.ID, func(*store.Credential) bool { return true })
		ch.cancelHandshakesTo(rec.ID)
		ch.because(opCloseAccount.String(), c, "closed account %s", rec.ID)
		ch.touch(rec.ID)
		return nil
	})
}

// closureQuota is how many member accounts an organization of members
// accounts may close in ClosureWindow: the greater of 250 and 20% of
// them, at most 1,000.
func closureQuota(members int) int {
	return min(1000, max(250, members/5))
}

// closures counts the accounts closed in the ClosureWindow before now,
// members and former members alike.
func (m model) closures(now time.Time) int {
	since := now.Add(-ClosureWindow)
	n := 0
	count := func(closed time.Time) {
		if !closed.IsZero() && closed.After(since) {
			n++
		}
	}
	m.Accounts.Range(func(_ string, a *snapshot.AccountRec) bool { count(a.ClosedAt); return true })
	m.Standalone.Range(func(_ string, a *store.StandaloneAccount) bool { count(a.ClosedAt); return true })
	return n
}

// closedReason is the StateReason of a configuration of a closed account.
func closedReason(accountID string) string {
	return "Account " + accountID + " is closed (SUSPENDED): AWS Chatbot runs no configuration of a closed account, " +
		"and the account is out of the organization's policy scope."
}

// joinOrganization makes an account a member under the root, as an
// accepted invitation does: with the tags the invitation carried, the
// full-access policies of the enabled authorization types (as for a
// created account), and its chat configurations checked again under the
// organization's policies.
func (ch *change) joinOrganization(accountID string, h *store.Handshake) error {
	m := ch.m
	a := store.Account{ID: accountID, ParentID: m.Tree.Root().ID, Name: accountID, Status: AccountActive,
		JoinedMethod: JoinedInvited, JoinedAt: ch.now}
	if solo, ok := m.Standalone.Get(accountID); ok {
		a.Name, a.Email, a.RoleName = solo.Name, solo.Email, solo.RoleName
		ch.m.Standalone.Delete(accountID)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteStandaloneAccount(ctx, accountID) })
	}
	if a.Email == "" {
		// An account chatgov has no record of (emulator mode): the
		// address it was invited at, or one made up as for the
		// management account.
		a.Email = "account+" + accountID + "@example.com"
		if p := recipientOf(h); p.Type == PartyEmail {
			a.Email = p.ID
		}
	}
	if _, err := ch.tree().AddAccount(a.ParentID, a.ID, a.Name); err != nil {
		return internal(err, "adding account")
	}
	ch.m.Accounts.Set(a.ID, &snapshot.AccountRec{Account: a})
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutAccount(ctx, a) })
	if len(h.Tags) > 0 {
		ch.setTags(a.ID, sortedTagList(h.Tags))
	}
	ch.attachFullAccess(a.ID)
	ch.touch(a.ID)
	return nil
}

func sortedTagList(m map[string]string) []Tag {
	out := make([]Tag, 0, len(m))
	for k, v := range m {
		out = append(out, Tag{Key: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
