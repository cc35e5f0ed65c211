package gov

import (
	"sort"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// model is the use cases' view of one version of the state: the
// snapshot, with the questions gov asks of it (authorization, records,
// decisions) as methods. It is a value: a use case passes it around
// without allocating.
type model struct {
	*snapshot.Model
}

// fromStore builds the model from what the store loaded. It takes the
// configurations' array (see loadChats): st must not be used afterwards.
func fromStore(st *store.State) (model, error) {
	chats := layChats(st.ChatConfigurations)
	defer chats.wait() // on every return: the layout works on st
	m := model{snapshot.New()}
	m.Rev = st.Revision
	for k, v := range st.Settings {
		m.Settings[k] = v
	}
	creds := &m.Credentials
	for i := range st.Credentials {
		c := st.Credentials[i]
		creds.Set(c.AccessKeyID, &c)
	}
	m.loadIAM(st)
	m.loadMembership(st)
	m.loadGatewayState(st)
	if st.Organization == nil {
		m.loadChats(st, chats)
		m.Freeze()
		return m, nil
	}
	o := *st.Organization
	m.Org = &snapshot.Org{Organization: o}
	if err := m.loadResourcePolicy(); err != nil {
		return model{}, err
	}
	tree, err := org.New(o.RootID, o.RootName)
	if err != nil {
		return model{}, err
	}
	for _, pt := range st.PolicyTypes {
		m.Enabled[policy.Type(pt.Type)] = true
	}
	// OUs must be added parents first: order them by depth.
	byParent := map[string][]store.OU{}
	for _, ou := range st.OUs {
		byParent[ou.ParentID] = append(byParent[ou.ParentID], ou)
	}
	ous := &m.OUs
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
				return model{}, err
			}
			ous.Set(ou.ID, &snapshot.OURec{OU: ou})
			queue = append(queue, ou.ID)
		}
	}
	accts := st.Accounts
	sort.Slice(accts, func(i, j int) bool {
		return accts[i].JoinedAt.Before(accts[j].JoinedAt) || accts[i].JoinedAt.Equal(accts[j].JoinedAt) && accts[i].ID < accts[j].ID
	})
	ae := &m.Accounts
	for _, a := range accts {
		if _, err := tree.AddAccount(a.ParentID, a.ID, a.Name); err != nil {
			return model{}, err
		}
		ae.Set(a.ID, &snapshot.AccountRec{Account: a})
	}
	m.Tree = tree
	ce := &m.CreateStatuses
	for i := range st.CreateStatuses {
		s := st.CreateStatuses[i]
		ce.Set(s.ID, &s)
	}
	pe := &m.Policies
	for _, p := range st.Policies {
		rec, err := parsePolicyRecord(p)
		if err != nil {
			return model{}, err
		}
		pe.Set(p.ID, rec)
	}
	at, tg := &m.Attached, &m.Targets
	for _, a := range st.Attachments { // ordered by Seq
		cur, _ := at.Get(a.TargetID)
		at.Set(a.TargetID, append(cur, snapshot.Attachment{PolicyID: a.PolicyID, Seq: a.Seq}))
		ts, _ := tg.Get(a.PolicyID)
		tg.Set(a.PolicyID, append(ts, a.TargetID))
		if a.Seq > m.AttachSeq {
			m.AttachSeq = a.Seq
		}
	}
	te := &m.Tags
	for _, t := range st.Tags {
		cur, _ := te.Get(t.ResourceID)
		if cur == nil {
			cur = map[string]string{}
		}
		cur[t.Key] = t.Value
		te.Set(t.ResourceID, cur)
	}
	de := &m.Delegated
	for _, d := range st.DelegatedAdmins {
		cur, _ := de.Get(d.AccountID)
		if cur == nil {
			cur = map[string]time.Time{}
		}
		cur[d.ServicePrincipal] = d.EnabledAt
		de.Set(d.AccountID, cur)
	}
	for _, s := range st.ServiceAccess {
		m.Services[s.ServicePrincipal] = s.EnabledAt
	}
	for t := range m.Enabled {
		if info, _ := policy.Lookup(t); info.Management {
			m.Effective[t] = snapshot.BuildEffectiveCache(m.Model, t, time.Time{})
		}
	}
	m.loadChats(st, chats)
	m.Freeze()
	return m, nil
}

// parsePolicyRecord parses a stored policy. Stored documents were valid
// when written; AWS-managed documents skip the size limit.
func parsePolicyRecord(p store.Policy) (*snapshot.PolicyRec, error) {
	rec := &snapshot.PolicyRec{Policy: p, PolicyType: policy.Type(p.Type)}
	var err error
	switch rec.PolicyType {
	case policy.ServiceControlPolicy:
		rec.IAM, err = iam.ParseManaged(p.Content, iam.SCP)
	case policy.ResourceControlPolicy:
		rec.IAM, err = iam.ParseManaged(p.Content, iam.RCP)
	default:
		rec.Doc, err = policy.Parse(rec.PolicyType, p.Content)
	}
	if err != nil {
		return nil, internal(err, "stored policy %s does not parse", p.ID)
	}
	return rec, nil
}
