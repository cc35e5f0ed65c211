package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// pageSize is how many items a console list shows at once: pages stay
// small at any organization's size.
const pageSize = 20

func (c *Console) home(w http.ResponseWriter, r *http.Request, ss *session) {
	data := map[string]any{}
	if o, err := c.gov.DescribeOrganization(ss.caller); err == nil {
		data["Org"] = o
	} else {
		data["OrgProblem"] = messageOf(err)
		// Not in an organization: offer to create one (gov decides whether
		// this caller may).
		data["CanCreate"] = statusOf(err) == http.StatusNotFound
	}
	configs, err := c.ownConfigurations(ss.caller)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	data["Configs"] = configs
	c.render(w, r, ss, "home", http.StatusOK, data)
}

// ownConfigurations lists the caller's account's configurations on every
// platform (the first page of each).
func (c *Console) ownConfigurations(caller gov.Caller) ([]gov.ChatConfiguration, error) {
	var out []gov.ChatConfiguration
	for _, p := range []string{gov.PlatformSlack, gov.PlatformTeams, gov.PlatformChime} {
		page, err := c.gov.ListChatConfigurations(caller, p, "", "", "", 100)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
	}
	return out, nil
}

// treeNode is a root, OU or account as the organization page shows it.
type treeNode struct {
	ID, Name, Type string
	Counts         gov.StateCount
	Policies       []gov.PolicySummary
}

// orgPage shows one node of the tree: its path, attached policies,
// configurations by state, and a page of its children. The tree opens one
// node at a time, so the page costs the same at any organization's size.
func (c *Console) orgPage(w http.ResponseWriter, r *http.Request, ss *session) {
	caller := ss.caller
	q := r.URL.Query()
	if find := strings.TrimSpace(q.Get("find")); find != "" {
		http.Redirect(w, r, "/console/org?node="+url.QueryEscape(find), http.StatusSeeOther)
		return
	}
	roots, err := c.gov.ListRoots(caller, "", 1)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	if len(roots.Items) == 0 {
		c.fail(w, r, ss, http.StatusNotFound, "The organization has no root.")
		return
	}
	root := roots.Items[0]
	var enabled []policy.Type
	for _, pt := range root.PolicyTypes {
		if pt.Status == gov.StatusEnabled {
			enabled = append(enabled, pt.Type)
		}
	}
	id := q.Get("node")
	if id == "" {
		id = root.ID
	}
	node := treeNode{ID: id}
	switch {
	case id == root.ID:
		node.Name, node.Type = root.Name, "ROOT"
	case strings.HasPrefix(id, "ou-"):
		ou, err := c.gov.DescribeOrganizationalUnit(caller, id)
		if err != nil {
			c.failErr(w, r, ss, err)
			return
		}
		node.Name, node.Type = ou.Name, "ORGANIZATIONAL_UNIT"
	default:
		a, err := c.gov.DescribeAccount(caller, id)
		if err != nil {
			c.failErr(w, r, ss, err)
			return
		}
		node.Name, node.Type = a.Name, "ACCOUNT"
	}
	for _, t := range enabled {
		page, err := c.gov.ListPoliciesForTarget(caller, id, t, "", pageSize)
		if err != nil {
			c.failErr(w, r, ss, err)
			return
		}
		node.Policies = append(node.Policies, page.Items...)
	}
	filter := gov.ComplianceFilter{MaxResults: 1}
	switch node.Type {
	case "ORGANIZATIONAL_UNIT":
		filter.OUID = id
	case "ACCOUNT":
		filter.AccountID = id
	}
	sum, err := c.gov.ListComplianceEvents(r.Context(), caller, filter)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	node.Counts = sum.Summary.Total
	data := map[string]any{"Node": node, "Root": root}
	// The path from the root, one ListParents per level (at most five).
	var path []treeNode
	for cur := id; cur != root.ID; {
		parents, err := c.gov.ListParents(caller, cur, "", 1)
		if err != nil || len(parents.Items) == 0 {
			break
		}
		cur = parents.Items[0].ID
		pn := treeNode{ID: cur, Name: root.Name}
		if cur != root.ID {
			if ou, err := c.gov.DescribeOrganizationalUnit(caller, cur); err == nil {
				pn.Name = ou.Name
			}
		}
		path = append([]treeNode{pn}, path...)
	}
	data["Path"] = path
	if node.Type == "ACCOUNT" {
		if len(path) > 0 {
			data["Parent"] = path[len(path)-1].ID
		}
		c.render(w, r, ss, "org", http.StatusOK, data)
		return
	}
	ous, err := c.gov.ListOrganizationalUnitsForParent(caller, id, q.Get("ous"), pageSize)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	accounts, err := c.gov.ListAccountsForParent(caller, id, q.Get("accounts"), pageSize)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	ouCounts := map[string]gov.StateCount{}
	for _, nc := range sum.Summary.OUs {
		ouCounts[nc.ID] = nc.StateCount
	}
	var kids []treeNode
	for _, ou := range ous.Items {
		kids = append(kids, treeNode{ID: ou.ID, Name: ou.Name, Type: "ORGANIZATIONAL_UNIT", Counts: ouCounts[ou.ID]})
	}
	for _, a := range accounts.Items {
		k := treeNode{ID: a.ID, Name: a.Name, Type: "ACCOUNT"}
		if s, err := c.gov.ListComplianceEvents(r.Context(), caller, gov.ComplianceFilter{AccountID: a.ID, MaxResults: 1}); err == nil {
			k.Counts = s.Summary.Total
		}
		kids = append(kids, k)
	}
	for i := range kids {
		for _, t := range enabled {
			if page, err := c.gov.ListPoliciesForTarget(caller, kids[i].ID, t, "", pageSize); err == nil {
				kids[i].Policies = append(kids[i].Policies, page.Items...)
			}
		}
	}
	data["Children"] = kids
	data["NextOUs"], data["NextAccounts"] = ous.NextToken, accounts.NextToken
	c.render(w, r, ss, "org", http.StatusOK, data)
}

func (c *Console) createOrganization(w http.ResponseWriter, r *http.Request, ss *session) {
	o, err := c.gov.CreateOrganization(r.Context(), ss.caller, gov.FeatureSetAll)
	if err != nil {
		c.refused(w, r, ss, "/console/", err)
		return
	}
	c.done(w, r, ss, "/console/org", "Created organization "+o.ID+" with all features.")
}

func (c *Console) createOU(w http.ResponseWriter, r *http.Request, ss *session) {
	parent, name := r.PostFormValue("parent"), strings.TrimSpace(r.PostFormValue("name"))
	ou, err := c.gov.CreateOrganizationalUnit(r.Context(), ss.caller, parent, name, nil)
	if err != nil {
		c.refused(w, r, ss, "/console/org?node="+url.QueryEscape(parent), err)
		return
	}
	c.done(w, r, ss, "/console/org?node="+url.QueryEscape(parent), "Created organizational unit "+ou.Name+" ("+ou.ID+").")
}

func (c *Console) renameOU(w http.ResponseWriter, r *http.Request, ss *session) {
	id, name := r.PostFormValue("id"), strings.TrimSpace(r.PostFormValue("name"))
	ou, err := c.gov.UpdateOrganizationalUnit(r.Context(), ss.caller, id, name)
	if err != nil {
		c.refused(w, r, ss, "/console/org?node="+url.QueryEscape(id), err)
		return
	}
	c.done(w, r, ss, "/console/org?node="+url.QueryEscape(id), "Renamed "+ou.ID+" to "+ou.Name+".")
}

func (c *Console) moveAccount(w http.ResponseWriter, r *http.Request, ss *session) {
	account, source, dest := r.PostFormValue("account"), r.PostFormValue("source"), strings.TrimSpace(r.PostFormValue("destination"))
	if err := c.gov.MoveAccount(r.Context(), ss.caller, account, source, dest); err != nil {
		c.refused(w, r, ss, "/console/org?node="+url.QueryEscape(account), err)
		return
	}
	c.done(w, r, ss, "/console/org?node="+url.QueryEscape(account), "Moved account "+account+" to "+dest+".")
}
