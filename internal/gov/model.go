package gov

import (
	"sort"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// model is one immutable version of chatgov's state. Reads and decisions
// use the current model without locks; a write builds the next model from
// the current one, sharing everything it does not change.
type model struct {
	rev      int64
	settings map[string]string
	org      *organization // nil when no organization exists
	// enabled holds the policy types enabled on the root.
	enabled map[policy.Type]bool
	tree    *org.Tree // nil when no organization exists
	ous     cowMap[*ouRec]
	accts   cowMap[*accountRec]
	creates cowMap[*store.CreateAccountStatus]
	pols    cowMap[*policyRec]
	// attached maps a target to its attachments of every type, in attach order.
	attached cowMap[[]attachment]
	// targets maps a policy to the targets it is attached to, in attach order.
	targets   cowMap[[]string]
	tags      cowMap[map[string]string]
	delegated cowMap[map[string]time.Time] // account → service principal → since
	services  map[string]time.Time
	creds     cowMap[*store.Credential]
	// seq is the last attachment sequence number handed out.
	seq int64
	// eff caches effective states per management policy type.
	eff map[policy.Type]*effCache
	// Chat channel configurations by account, the chat directory, account
	// preferences, and user identities by configuration ARN.
	chats  cowMap[*accountChats]
	slack  cowMap[*store.SlackChannel]
	teams  cowMap[*store.TeamsTeam]
	prefs  cowMap[*store.AccountPreferences]
	idents cowMap[[]*store.UserIdentity]
	// Registered IAM roles by role ARN, and customer managed policies by
	// ARN.
	roles    cowMap[*roleRec]
	custPols cowMap[*customerPolicy]
	// Handshakes of the organization by ID, and the accounts chatgov knows
	// outside it by account ID (see membership.go).
	handshakes cowMap[*store.Handshake]
	standalone cowMap[*store.StandaloneAccount]
	// resPolicy is the organization's resource-based delegation policy, or
	// nil.
	resPolicy *resourcePolicy
	// gw holds the chat gateway's secrets and custom actions
	// (chat_gateway_state.go).
	gw *gatewayState
	// causeSeq and eventSeq are the last compliance cause and event IDs.
	causeSeq, eventSeq int64
	// derived holds values computed from this version on first use.
	derived *derived
}

// derived holds lazily computed views of one model version.
type derived struct {
	accountsOnce sync.Once
	accountIDs   []string // every account, in tree order
}

// accountIDs returns every account ID in tree order (parents before
// children, in the order they joined).
func (m *model) accountIDs() []string {
	d := m.derived
	d.accountsOnce.Do(func() {
		d.accountIDs = make([]string, 0, m.accts.Len())
		m.tree.Walk(func(n *org.Node) bool {
			if n.Type == org.Account {
				d.accountIDs = append(d.accountIDs, n.ID)
			}
			return true
		})
	})
	return d.accountIDs
}

type organization struct {
	store.Organization
}

type ouRec struct {
	store.OU
}

type accountRec struct {
	store.Account
}

type policyRec struct {
	store.Policy
	typ policy.Type
	doc *policy.Document // management types
	iam *iam.Policy      // SCP, RCP
}

type attachment struct {
	policyID string
	seq      int64
}

// clone returns a shallow copy to build the next model from. Fields that
// are replaced whole (maps that are small) must be copied before changing.
func (m *model) clone() *model {
	c := *m
	c.derived = &derived{}
	return &c
}

// fromStore builds the model from what the store loaded. It takes the
// configurations' array (see loadChats): st must not be used afterwards.
func fromStore(st *store.State) (*model, error) {
	chats := layChats(st.ChatConfigurations)
	defer chats.wait() // on every return: the layout works on st
	m := &model{rev: st.Revision, settings: map[string]string{}, enabled: map[policy.Type]bool{},
		services: map[string]time.Time{}, eff: map[policy.Type]*effCache{}, derived: &derived{}}
	for k, v := range st.Settings {
		m.settings[k] = v
	}
	creds := m.creds.edit()
	for i := range st.Credentials {
		c := st.Credentials[i]
		creds.set(c.AccessKeyID, &c)
	}
	m.creds = creds.done()
	m.gw = loadGatewayState(st)
	m.loadIAM(st)
	m.loadMembership(st)
	if st.Organization == nil {
		m.loadChats(st, chats)
		return m, nil
	}
	o := *st.Organization
	m.org = &organization{o}
	if err := m.loadResourcePolicy(); err != nil {
		return nil, err
	}
	tree, err := org.New(o.RootID, o.RootName)
	if err != nil {
		return nil, err
	}
	for _, pt := range st.PolicyTypes {
		m.enabled[policy.Type(pt.Type)] = true
	}
	// OUs must be added parents first: order them by depth.
	byParent := map[string][]store.OU{}
	for _, ou := range st.OUs {
		byParent[ou.ParentID] = append(byParent[ou.ParentID], ou)
	}
	ous := m.ous.edit()
	queue := []string{o.RootID}
	for len(queue) > 0 {
		parent := queue[0]
		queue = queue[1:]
		kids := byParent[parent]
		sort.Slice(kids, func(i, j int) bool {
			return kids[i].CreatedAt.Before(kids[j].CreatedAt) || kids[i].CreatedAt.Equal(kids[j].CreatedAt) && kids[i].ID < kids[j].ID
		})
		for _, ou := range kids {
			if _, err := tree.AddOU(ou.ParentID, ou.ID, ou.Name); err != nil {
				return nil, err
			}
			ous.set(ou.ID, &ouRec{ou})
			queue = append(queue, ou.ID)
		}
	}
	m.ous = ous.done()
	accts := st.Accounts
	sort.Slice(accts, func(i, j int) bool {
		return accts[i].JoinedAt.Before(accts[j].JoinedAt) || accts[i].JoinedAt.Equal(accts[j].JoinedAt) && accts[i].ID < accts[j].ID
	})
	ae := m.accts.edit()
	for _, a := range accts {
		if _, err := tree.AddAccount(a.ParentID, a.ID, a.Name); err != nil {
			return nil, err
		}
		ae.set(a.ID, &accountRec{a})
	}
	m.accts = ae.done()
	m.tree = tree
	ce := m.creates.edit()
	for i := range st.CreateStatuses {
		s := st.CreateStatuses[i]
		ce.set(s.ID, &s)
	}
	m.creates = ce.done()
	pe := m.pols.edit()
	for _, p := range st.Policies {
		rec, err := parsePolicyRecord(p)
		if err != nil {
			return nil, err
		}
		pe.set(p.ID, rec)
	}
	m.pols = pe.done()
	at, tg := m.attached.edit(), m.targets.edit()
	for _, a := range st.Attachments { // ordered by Seq
		cur, _ := at.get(a.TargetID)
		at.set(a.TargetID, append(cur, attachment{a.PolicyID, a.Seq}))
		ts, _ := tg.get(a.PolicyID)
		tg.set(a.PolicyID, append(ts, a.TargetID))
		if a.Seq > m.seq {
			m.seq = a.Seq
		}
	}
	m.attached, m.targets = at.done(), tg.done()
	te := m.tags.edit()
	for _, t := range st.Tags {
		cur, _ := te.get(t.ResourceID)
		if cur == nil {
			cur = map[string]string{}
		}
		cur[t.Key] = t.Value
		te.set(t.ResourceID, cur)
	}
	m.tags = te.done()
	de := m.delegated.edit()
	for _, d := range st.DelegatedAdmins {
		cur, _ := de.get(d.AccountID)
		if cur == nil {
			cur = map[string]time.Time{}
		}
		cur[d.ServicePrincipal] = d.EnabledAt
		de.set(d.AccountID, cur)
	}
	m.delegated = de.done()
	for _, s := range st.ServiceAccess {
		m.services[s.ServicePrincipal] = s.EnabledAt
	}
	for t := range m.enabled {
		if info, _ := policy.Lookup(t); info.Management {
			m.eff[t] = buildEffCache(m, t, time.Time{})
		}
	}
	m.loadChats(st, chats)
	return m, nil
}

// parsePolicyRecord parses a stored policy. Stored documents were valid
// when written; AWS-managed documents skip the size limit.
func parsePolicyRecord(p store.Policy) (*policyRec, error) {
	rec := &policyRec{Policy: p, typ: policy.Type(p.Type)}
	var err error
	switch rec.typ {
	case policy.ServiceControlPolicy:
		rec.iam, err = iam.ParseManaged(p.Content, iam.SCP)
	case policy.ResourceControlPolicy:
		rec.iam, err = iam.ParseManaged(p.Content, iam.RCP)
	default:
		rec.doc, err = policy.Parse(rec.typ, p.Content)
	}
	if err != nil {
		return nil, internal(err, "stored policy %s does not parse", p.ID)
	}
	return rec, nil
}

// attachmentsOf returns the policies of one type attached to a target, in attach order.
func (m *model) attachmentsOf(targetID string, t policy.Type) []*policyRec {
	as, _ := m.attached.Get(targetID)
	var out []*policyRec
	for _, a := range as {
		if p, ok := m.pols.Get(a.policyID); ok && p.typ == t {
			out = append(out, p)
		}
	}
	return out
}
