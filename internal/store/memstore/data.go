package memstore

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// data is one version of a database. A committed version is never
// changed: an Update writes to the next version, which shares every table
// with the committed one until its first write to it (see own).
type data struct {
	revision int64
	// changes is the change log, from revision logStart on.
	changes  []store.Change
	logStart int64
	// revisionSet: the Update logged changes, which set the revision.
	revisionSet    bool
	settings       map[string]string
	org            *store.Organization
	policyTypes    map[string]store.PolicyType
	ous            map[string]store.OU
	accounts       map[string]store.Account
	createStatuses map[string]store.CreateAccountStatus
	policies       map[string]store.Policy
	attachments    map[pair]store.Attachment       // policy, target
	tags           map[string]map[string]store.Tag // resource, then key
	delegated      map[pair]store.DelegatedAdmin
	services       map[string]store.ServiceAccess
	credentials    map[string]store.Credential
	chats          map[string]store.ChatConfiguration
	slack          map[pair]store.SlackChannel // team, channel
	teams          map[string]store.TeamsTeam  // team
	prefs          map[string]store.AccountPreferences
	idents         map[pair]store.UserIdentity // configuration, chat user
	roles          map[string]store.RolePermissions
	managed        map[string]store.ManagedPolicy
	handshakes     map[string]store.Handshake
	standalone     map[string]store.StandaloneAccount
	secrets        map[pair]store.SigningSecret // platform, workspace
	actions        map[string]store.CustomAction
	assocs         map[pair]store.ChatAssociation // configuration, resource
	stacks         map[string]store.Stack
	causes         map[int64]store.ComplianceCause
	events         map[int64]store.ComplianceEvent
	// owned holds a bit per table (see table) that this version has
	// copied from the one it was made from, and may write.
	owned uint32
}

// pair is the key of a table keyed by two strings.
type pair struct{ a, b string }

// table names a table of data, for data.owned.
type table uint8

const (
	tSettings table = iota
	tPolicyTypes
	tOUs
	tAccounts
	tCreateStatuses
	tPolicies
	tAttachments
	tTags
	tDelegated
	tServices
	tCredentials
	tChats
	tSlack
	tTeams
	tPrefs
	tIdents
	tRoles
	tManaged
	tHandshakes
	tStandalone
	tSecrets
	tActions
	tAssocs
	tStacks
	tCauses
	tEvents
)

func newData() *data {
	return &data{
		settings: map[string]string{}, policyTypes: map[string]store.PolicyType{}, ous: map[string]store.OU{},
		accounts: map[string]store.Account{}, createStatuses: map[string]store.CreateAccountStatus{},
		policies: map[string]store.Policy{}, attachments: map[pair]store.Attachment{}, tags: map[string]map[string]store.Tag{},
		delegated: map[pair]store.DelegatedAdmin{}, services: map[string]store.ServiceAccess{},
		credentials: map[string]store.Credential{}, chats: map[string]store.ChatConfiguration{},
		slack: map[pair]store.SlackChannel{}, teams: map[string]store.TeamsTeam{}, prefs: map[string]store.AccountPreferences{},
		idents: map[pair]store.UserIdentity{}, roles: map[string]store.RolePermissions{}, managed: map[string]store.ManagedPolicy{},
		handshakes: map[string]store.Handshake{}, standalone: map[string]store.StandaloneAccount{},
		secrets: map[pair]store.SigningSecret{}, actions: map[string]store.CustomAction{}, assocs: map[pair]store.ChatAssociation{},
		stacks: map[string]store.Stack{},
		causes: map[int64]store.ComplianceCause{}, events: map[int64]store.ComplianceEvent{},
	}
}

// next returns the version an Update writes to: a copy of d sharing every
// table, owning none.
func (d *data) next() *data {
	n := *d
	n.owned = 0
	return &n
}

// own returns d's own copy of the table *m, copying it on the first call
// for that table: the version d was made from keeps its own.
func own[K comparable, V any](d *data, m *map[K]V, t table) map[K]V {
	if d.owned&(1<<t) == 0 {
		*m = maps.Clone(*m)
		d.owned |= 1 << t
	}
	return *m
}

// state returns a copy of everything d holds, each list in key order
// (attachments in Seq order, as the contract says), every list non-nil.
func (d *data) state() *store.State {
	st := &store.State{
		Revision:           d.revision,
		Settings:           maps.Clone(d.settings),
		PolicyTypes:        values(d.policyTypes, func(r store.PolicyType) string { return r.Type }),
		OUs:                values(d.ous, func(r store.OU) string { return r.ID }),
		Accounts:           values(d.accounts, func(r store.Account) string { return r.ID }),
		CreateStatuses:     values(d.createStatuses, func(r store.CreateAccountStatus) string { return r.ID }),
		Policies:           values(d.policies, func(r store.Policy) string { return r.ID }),
		DelegatedAdmins:    values(d.delegated, func(r store.DelegatedAdmin) string { return r.AccountID + "\x00" + r.ServicePrincipal }),
		ServiceAccess:      values(d.services, func(r store.ServiceAccess) string { return r.ServicePrincipal }),
		Credentials:        values(d.credentials, func(r store.Credential) string { return r.AccessKeyID }),
		ChatConfigurations: values(d.chats, func(r store.ChatConfiguration) string { return r.ARN }),
		SlackChannels:      values(d.slack, func(r store.SlackChannel) string { return r.TeamID + "\x00" + r.ChannelID }),
		TeamsTeams:         values(d.teams, func(r store.TeamsTeam) string { return r.TeamID }),
		Preferences:        values(d.prefs, func(r store.AccountPreferences) string { return r.AccountID }),
		UserIdentities:     values(d.idents, func(r store.UserIdentity) string { return r.ConfigurationARN + "\x00" + r.ChatUserID }),
		RolePermissions:    values(d.roles, func(r store.RolePermissions) string { return r.RoleARN }),
		ManagedPolicies:    values(d.managed, func(r store.ManagedPolicy) string { return r.ARN }),
		Handshakes:         values(d.handshakes, func(r store.Handshake) string { return r.ID }),
		StandaloneAccounts: values(d.standalone, func(r store.StandaloneAccount) string { return r.ID }),
		SigningSecrets:     values(d.secrets, func(r store.SigningSecret) string { return r.Platform + "\x00" + r.WorkspaceID }),
		CustomActions:      values(d.actions, func(r store.CustomAction) string { return r.ARN }),
		ChatAssociations:   values(d.assocs, func(r store.ChatAssociation) string { return r.ConfigurationARN + "\x00" + r.ResourceARN }),
		Stacks:             values(d.stacks, func(r store.Stack) string { return r.ID }),
	}
	st.Tags = []store.Tag{}
	for _, res := range slices.Sorted(maps.Keys(d.tags)) {
		st.Tags = append(st.Tags, values(d.tags[res], func(r store.Tag) string { return r.Key })...)
	}
	if d.org != nil {
		o := *d.org
		st.Organization = &o
	}
	st.Attachments = slices.SortedFunc(maps.Values(d.attachments), func(a, b store.Attachment) int {
		return cmp.Or(cmp.Compare(a.Seq, b.Seq), strings.Compare(a.TargetID, b.TargetID), strings.Compare(a.PolicyID, b.PolicyID))
	})
	if st.Attachments == nil {
		st.Attachments = []store.Attachment{}
	}
	// The records hold lists of their own: each record loaded gets copies.
	for i := range st.ChatConfigurations {
		st.ChatConfigurations[i] = chatCopy(st.ChatConfigurations[i])
	}
	for i := range st.RolePermissions {
		st.RolePermissions[i] = roleCopy(st.RolePermissions[i])
	}
	for i := range st.Handshakes {
		st.Handshakes[i] = handshakeCopy(st.Handshakes[i])
	}
	for i := range st.CustomActions {
		st.CustomActions[i].Tags = strMap(st.CustomActions[i].Tags)
	}
	for k := range d.causes {
		st.LastComplianceCauseID = max(st.LastComplianceCauseID, k)
	}
	for k := range d.events {
		st.LastComplianceEventID = max(st.LastComplianceEventID, k)
	}
	return st
}

// values returns the records of a table sorted by key, never nil.
func values[K comparable, V any](m map[K]V, key func(V) string) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b V) int { return strings.Compare(key(a), key(b)) })
	return out
}

// at is a time as a driver keeps it: in UTC, to the microsecond. The zero
// time stays zero.
func at(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// strs copies a list of strings, nil as empty.
func strs(s []string) []string { return append(make([]string, 0, len(s)), s...) }

// strMap copies a map of strings, nil as empty.
func strMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	maps.Copy(out, m)
	return out
}

func chatCopy(c store.ChatConfiguration) store.ChatConfiguration {
	c.SnsTopicARNs, c.GuardrailPolicyARNs, c.Tags = strs(c.SnsTopicARNs), strs(c.GuardrailPolicyARNs), strMap(c.Tags)
	c.CreatedAt, c.UpdatedAt = at(c.CreatedAt), at(c.UpdatedAt)
	return c
}

func roleCopy(r store.RolePermissions) store.RolePermissions {
	r.ManagedPolicyARNs = strs(r.ManagedPolicyARNs)
	r.InlinePolicies = append(make([]store.InlinePolicy, 0, len(r.InlinePolicies)), r.InlinePolicies...)
	r.UpdatedAt = at(r.UpdatedAt)
	return r
}

func handshakeCopy(h store.Handshake) store.Handshake {
	h.Parties = append(make([]store.HandshakeParty, 0, len(h.Parties)), h.Parties...)
	h.Resources = resourcesCopy(h.Resources)
	h.Tags = strMap(h.Tags)
	h.RequestedAt, h.ExpiresAt, h.UpdatedAt = at(h.RequestedAt), at(h.ExpiresAt), at(h.UpdatedAt)
	return h
}

func resourcesCopy(rs []store.HandshakeResource) []store.HandshakeResource {
	out := make([]store.HandshakeResource, len(rs))
	for i, r := range rs {
		r.Resources = resourcesCopy(r.Resources)
		out[i] = r
	}
	return out
}
