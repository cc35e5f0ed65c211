package memstore

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// tx is the store.Tx of one Update: its writes go to d, the version the
// Update commits. A write cannot fail halfway, so a failed write changes
// nothing and the transaction goes on.
type tx struct {
	mu   sync.Mutex
	d    *data
	done bool
}

var _ store.Tx = (*tx)(nil)

func (t *tx) end() {
	t.mu.Lock()
	t.done = true
	t.mu.Unlock()
}

// write runs fn on the transaction's version, unless the Update is over.
func (t *tx) write(fn func(d *data) error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return errTxDone
	}
	return fn(t.d)
}

// put inserts or replaces a record.
func put[K comparable, V any](t *tx, table func(d *data) (*map[K]V, table), k K, v V) error {
	return t.write(func(d *data) error {
		m, id := table(d)
		own(d, m, id)[k] = v
		return nil
	})
}

// remove deletes a record; what names it in the error.
func remove[K comparable, V any](t *tx, table func(d *data) (*map[K]V, table), k K, what string) error {
	return t.write(func(d *data) error {
		m, id := table(d)
		if _, ok := (*m)[k]; !ok {
			return fmt.Errorf("memstore: %s: %w", what, store.ErrNotFound)
		}
		delete(own(d, m, id), k)
		return nil
	})
}

func settingsT(d *data) (*map[string]string, table)              { return &d.settings, tSettings }
func policyTypesT(d *data) (*map[string]store.PolicyType, table) { return &d.policyTypes, tPolicyTypes }
func ousT(d *data) (*map[string]store.OU, table)                 { return &d.ous, tOUs }
func accountsT(d *data) (*map[string]store.Account, table)       { return &d.accounts, tAccounts }
func createsT(d *data) (*map[string]store.CreateAccountStatus, table) {
	return &d.createStatuses, tCreateStatuses
}
func policiesT(d *data) (*map[string]store.Policy, table)          { return &d.policies, tPolicies }
func attachmentsT(d *data) (*map[pair]store.Attachment, table)     { return &d.attachments, tAttachments }
func delegatedT(d *data) (*map[pair]store.DelegatedAdmin, table)   { return &d.delegated, tDelegated }
func servicesT(d *data) (*map[string]store.ServiceAccess, table)   { return &d.services, tServices }
func credentialsT(d *data) (*map[string]store.Credential, table)   { return &d.credentials, tCredentials }
func chatsT(d *data) (*map[string]store.ChatConfiguration, table)  { return &d.chats, tChats }
func slackT(d *data) (*map[pair]store.SlackChannel, table)         { return &d.slack, tSlack }
func teamsT(d *data) (*map[string]store.TeamsTeam, table)          { return &d.teams, tTeams }
func prefsT(d *data) (*map[string]store.AccountPreferences, table) { return &d.prefs, tPrefs }
func identsT(d *data) (*map[pair]store.UserIdentity, table)        { return &d.idents, tIdents }
func rolesT(d *data) (*map[string]store.RolePermissions, table)    { return &d.roles, tRoles }
func managedT(d *data) (*map[string]store.ManagedPolicy, table)    { return &d.managed, tManaged }
func handshakesT(d *data) (*map[string]store.Handshake, table)     { return &d.handshakes, tHandshakes }
func standaloneT(d *data) (*map[string]store.StandaloneAccount, table) {
	return &d.standalone, tStandalone
}

func (t *tx) PutSetting(_ context.Context, key, value string) error {
	return put(t, settingsT, key, value)
}

func (t *tx) PutOrganization(_ context.Context, o store.Organization) error {
	o.CreatedAt = at(o.CreatedAt)
	return t.write(func(d *data) error {
		d.org = &o
		return nil
	})
}

// DeleteOrganization removes the organization and what belongs to it, as
// the contract lists.
func (t *tx) DeleteOrganization(context.Context) error {
	return t.write(func(d *data) error {
		if d.org == nil {
			return fmt.Errorf("memstore: DeleteOrganization: %w", store.ErrNotFound)
		}
		d.org = nil
		d.policyTypes, d.ous, d.accounts = map[string]store.PolicyType{}, map[string]store.OU{}, map[string]store.Account{}
		d.createStatuses, d.policies = map[string]store.CreateAccountStatus{}, map[string]store.Policy{}
		d.attachments, d.tags, d.delegated = map[pair]store.Attachment{}, map[string]map[string]store.Tag{}, map[pair]store.DelegatedAdmin{}
		d.services, d.handshakes = map[string]store.ServiceAccess{}, map[string]store.Handshake{}
		for _, id := range []table{tPolicyTypes, tOUs, tAccounts, tCreateStatuses, tPolicies, tAttachments, tTags, tDelegated, tServices, tHandshakes} {
			d.owned |= 1 << id
		}
		return nil
	})
}

func (t *tx) PutPolicyType(_ context.Context, pt store.PolicyType) error {
	return put(t, policyTypesT, pt.Type, pt)
}

func (t *tx) DeletePolicyType(_ context.Context, policyType string) error {
	return remove(t, policyTypesT, policyType, fmt.Sprintf("DeletePolicyType(%q)", policyType))
}

func (t *tx) PutOU(_ context.Context, ou store.OU) error {
	ou.CreatedAt = at(ou.CreatedAt)
	return put(t, ousT, ou.ID, ou)
}

func (t *tx) DeleteOU(_ context.Context, id string) error {
	return remove(t, ousT, id, fmt.Sprintf("DeleteOU(%q)", id))
}

func (t *tx) PutAccount(_ context.Context, a store.Account) error {
	a.JoinedAt, a.ClosedAt = at(a.JoinedAt), at(a.ClosedAt)
	return put(t, accountsT, a.ID, a)
}

func (t *tx) DeleteAccount(_ context.Context, id string) error {
	return remove(t, accountsT, id, fmt.Sprintf("DeleteAccount(%q)", id))
}

func (t *tx) PutCreateAccountStatus(_ context.Context, s store.CreateAccountStatus) error {
	s.RequestedAt, s.CompletedAt = at(s.RequestedAt), at(s.CompletedAt)
	return put(t, createsT, s.ID, s)
}

func (t *tx) PutPolicy(_ context.Context, p store.Policy) error {
	p.CreatedAt, p.UpdatedAt = at(p.CreatedAt), at(p.UpdatedAt)
	return put(t, policiesT, p.ID, p)
}

// DeletePolicy refuses a policy that is still attached (ErrConflict).
func (t *tx) DeletePolicy(_ context.Context, id string) error {
	return t.write(func(d *data) error {
		if _, ok := d.policies[id]; !ok {
			return fmt.Errorf("memstore: DeletePolicy(%q): %w", id, store.ErrNotFound)
		}
		for k := range d.attachments {
			if k.a == id {
				return fmt.Errorf("memstore: DeletePolicy(%q): policy is still attached to %s: %w", id, k.b, store.ErrConflict)
			}
		}
		delete(own(d, &d.policies, tPolicies), id)
		return nil
	})
}

// Attach inserts an attachment of an existing policy; an existing pair is
// ErrConflict, a missing policy ErrNotFound.
func (t *tx) Attach(_ context.Context, a store.Attachment) error {
	return t.write(func(d *data) error {
		what := fmt.Sprintf("Attach(%q, %q)", a.PolicyID, a.TargetID)
		if _, ok := d.policies[a.PolicyID]; !ok {
			return fmt.Errorf("memstore: %s: no policy %q: %w", what, a.PolicyID, store.ErrNotFound)
		}
		k := pair{a.PolicyID, a.TargetID}
		if _, ok := d.attachments[k]; ok {
			return fmt.Errorf("memstore: %s: already attached: %w", what, store.ErrConflict)
		}
		own(d, &d.attachments, tAttachments)[k] = a
		return nil
	})
}

func (t *tx) Detach(_ context.Context, policyID, targetID string) error {
	return remove(t, attachmentsT, pair{policyID, targetID}, fmt.Sprintf("Detach(%q, %q)", policyID, targetID))
}

// A resource's tags are a table of their own within tags, copied when
// they change: a version shares the others with the one it was made from.

func (t *tx) PutTag(_ context.Context, tag store.Tag) error {
	return t.write(func(d *data) error {
		m := own(d, &d.tags, tTags)
		keys := maps.Clone(m[tag.ResourceID])
		if keys == nil {
			keys = map[string]store.Tag{}
		}
		keys[tag.Key] = tag
		m[tag.ResourceID] = keys
		return nil
	})
}

func (t *tx) DeleteTag(_ context.Context, resourceID, key string) error {
	return t.write(func(d *data) error {
		if _, ok := d.tags[resourceID][key]; !ok {
			return fmt.Errorf("memstore: DeleteTag(%q, %q): %w", resourceID, key, store.ErrNotFound)
		}
		m := own(d, &d.tags, tTags)
		keys := maps.Clone(m[resourceID])
		delete(keys, key)
		if len(keys) == 0 {
			delete(m, resourceID)
		} else {
			m[resourceID] = keys
		}
		return nil
	})
}

func (t *tx) DeleteTags(_ context.Context, resourceID string) error {
	return t.write(func(d *data) error {
		if _, ok := d.tags[resourceID]; ok {
			delete(own(d, &d.tags, tTags), resourceID)
		}
		return nil
	})
}

func (t *tx) PutDelegatedAdmin(_ context.Context, a store.DelegatedAdmin) error {
	a.EnabledAt = at(a.EnabledAt)
	return put(t, delegatedT, pair{a.AccountID, a.ServicePrincipal}, a)
}

func (t *tx) DeleteDelegatedAdmin(_ context.Context, accountID, servicePrincipal string) error {
	return remove(t, delegatedT, pair{accountID, servicePrincipal}, fmt.Sprintf("DeleteDelegatedAdmin(%q, %q)", accountID, servicePrincipal))
}

func (t *tx) PutServiceAccess(_ context.Context, s store.ServiceAccess) error {
	s.EnabledAt = at(s.EnabledAt)
	return put(t, servicesT, s.ServicePrincipal, s)
}

func (t *tx) DeleteServiceAccess(_ context.Context, servicePrincipal string) error {
	return remove(t, servicesT, servicePrincipal, fmt.Sprintf("DeleteServiceAccess(%q)", servicePrincipal))
}

func (t *tx) PutCredential(_ context.Context, c store.Credential) error {
	c.ExpiresAt = at(c.ExpiresAt)
	return put(t, credentialsT, c.AccessKeyID, c)
}

func (t *tx) DeleteCredential(_ context.Context, accessKeyID string) error {
	return remove(t, credentialsT, accessKeyID, fmt.Sprintf("DeleteCredential(%q)", accessKeyID))
}

// DeleteExpiredCredentials removes the temporary credentials (those with
// an expiry) that expired strictly before before.
func (t *tx) DeleteExpiredCredentials(_ context.Context, before time.Time) (int, error) {
	n := 0
	err := t.write(func(d *data) error {
		var gone []string
		for k, c := range d.credentials {
			if !c.ExpiresAt.IsZero() && c.ExpiresAt.Before(before) {
				gone = append(gone, k)
			}
		}
		if len(gone) > 0 {
			m := own(d, &d.credentials, tCredentials)
			for _, k := range gone {
				delete(m, k)
			}
		}
		n = len(gone)
		return nil
	})
	return n, err
}

func (t *tx) PutChatConfiguration(_ context.Context, c store.ChatConfiguration) error {
	return put(t, chatsT, c.ARN, chatCopy(c))
}

// DeleteChatConfiguration removes a configuration with its user identities.
func (t *tx) DeleteChatConfiguration(_ context.Context, arn string) error {
	return t.write(func(d *data) error {
		if _, ok := d.chats[arn]; !ok {
			return fmt.Errorf("memstore: DeleteChatConfiguration(%q): %w", arn, store.ErrNotFound)
		}
		delete(own(d, &d.chats, tChats), arn)
		var gone []pair
		for k := range d.idents {
			if k.a == arn {
				gone = append(gone, k)
			}
		}
		if len(gone) > 0 {
			m := own(d, &d.idents, tIdents)
			for _, k := range gone {
				delete(m, k)
			}
		}
		return nil
	})
}

func (t *tx) PutSlackChannel(_ context.Context, c store.SlackChannel) error {
	c.UpdatedAt = at(c.UpdatedAt)
	return put(t, slackT, pair{c.TeamID, c.ChannelID}, c)
}

func (t *tx) DeleteSlackChannel(_ context.Context, teamID, channelID string) error {
	return remove(t, slackT, pair{teamID, channelID}, fmt.Sprintf("DeleteSlackChannel(%q, %q)", teamID, channelID))
}

func (t *tx) PutTeamsTeam(_ context.Context, tt store.TeamsTeam) error {
	tt.UpdatedAt = at(tt.UpdatedAt)
	return put(t, teamsT, tt.TeamID, tt)
}

func (t *tx) DeleteTeamsTeam(_ context.Context, teamID string) error {
	return remove(t, teamsT, teamID, fmt.Sprintf("DeleteTeamsTeam(%q)", teamID))
}

func (t *tx) PutAccountPreferences(_ context.Context, p store.AccountPreferences) error {
	return put(t, prefsT, p.AccountID, p)
}

// PutUserIdentity needs the configuration to exist (ErrNotFound otherwise).
func (t *tx) PutUserIdentity(_ context.Context, u store.UserIdentity) error {
	u.CreatedAt = at(u.CreatedAt)
	return t.write(func(d *data) error {
		if _, ok := d.chats[u.ConfigurationARN]; !ok {
			return fmt.Errorf("memstore: PutUserIdentity(%q, %q): no configuration %q: %w", u.ConfigurationARN, u.ChatUserID, u.ConfigurationARN, store.ErrNotFound)
		}
		own(d, &d.idents, tIdents)[pair{u.ConfigurationARN, u.ChatUserID}] = u
		return nil
	})
}

func (t *tx) DeleteUserIdentity(_ context.Context, configurationARN, chatUserID string) error {
	return remove(t, identsT, pair{configurationARN, chatUserID}, fmt.Sprintf("DeleteUserIdentity(%q, %q)", configurationARN, chatUserID))
}

func (t *tx) PutRolePermissions(_ context.Context, r store.RolePermissions) error {
	return put(t, rolesT, r.RoleARN, roleCopy(r))
}

func (t *tx) DeleteRolePermissions(_ context.Context, roleARN string) error {
	return remove(t, rolesT, roleARN, fmt.Sprintf("DeleteRolePermissions(%q)", roleARN))
}

func (t *tx) PutManagedPolicy(_ context.Context, p store.ManagedPolicy) error {
	p.UpdatedAt = at(p.UpdatedAt)
	return put(t, managedT, p.ARN, p)
}

func (t *tx) DeleteManagedPolicy(_ context.Context, arn string) error {
	return remove(t, managedT, arn, fmt.Sprintf("DeleteManagedPolicy(%q)", arn))
}

func (t *tx) PutHandshake(_ context.Context, h store.Handshake) error {
	return put(t, handshakesT, h.ID, handshakeCopy(h))
}

func (t *tx) DeleteHandshake(_ context.Context, id string) error {
	return remove(t, handshakesT, id, fmt.Sprintf("DeleteHandshake(%q)", id))
}

func (t *tx) PutStandaloneAccount(_ context.Context, a store.StandaloneAccount) error {
	a.CreatedAt, a.ClosedAt = at(a.CreatedAt), at(a.ClosedAt)
	return put(t, standaloneT, a.ID, a)
}

func (t *tx) DeleteStandaloneAccount(_ context.Context, id string) error {
	return remove(t, standaloneT, id, fmt.Sprintf("DeleteStandaloneAccount(%q)", id))
}

func stacksT(d *data) (*map[string]store.Stack, table) { return &d.stacks, tStacks }

func (t *tx) PutStack(_ context.Context, s store.Stack) error {
	s.UpdatedAt = at(s.UpdatedAt)
	return put(t, stacksT, s.ID, s)
}

func (t *tx) DeleteStack(_ context.Context, id string) error {
	return remove(t, stacksT, id, fmt.Sprintf("DeleteStack(%q)", id))
}
