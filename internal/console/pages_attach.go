package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/chatgov/chatgov/internal/gov"
)

// actions of the attach page: the path's last segment.
var attachActions = map[string]string{"attach": "AttachPolicy", "detach": "DetachPolicy"}

// attachPage is the blog's Figure 3: pick a target in the tree and, before
// confirming, see what the change would do, from gov's what-if use case
// (SimulatePolicyChange): the accounts whose effective policies change,
// the diff for one of them, and the configurations that would become
// DISABLED or ENABLED, with why.
func (c *Console) attachPage(w http.ResponseWriter, r *http.Request, ss *session) {
	action := r.PathValue("action")
	op, ok := attachActions[action]
	if !ok {
		c.fail(w, r, ss, http.StatusNotFound, "There is no console page at "+r.URL.Path+".")
		return
	}
	p, err := c.gov.DescribePolicy(ss.caller, r.PathValue("id"))
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	q := r.URL.Query()
	target := strings.TrimSpace(q.Get("target_id"))
	if target == "" {
		target = strings.TrimSpace(q.Get("target"))
	}
	data := map[string]any{"Policy": p, "Action": action, "Target": target}
	// The targets to pick from: the root and the first page of its OUs;
	// any other node by its ID.
	root, err := c.rootOf(ss.caller)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	choices := []treeNode{{ID: root.ID, Name: root.Name + " (every account)", Type: "ROOT"}}
	if ous, err := c.gov.ListOrganizationalUnitsForParent(ss.caller, root.ID, "", pageSize); err == nil {
		for _, ou := range ous.Items {
			choices = append(choices, treeNode{ID: ou.ID, Name: ou.Name, Type: "ORGANIZATIONAL_UNIT"})
		}
	}
	if action == "detach" {
		choices = nil
		if ts, err := c.gov.ListTargetsForPolicy(ss.caller, p.ID, "", pageSize); err == nil {
			for _, t := range ts.Items {
				choices = append(choices, treeNode{ID: t.TargetID, Name: t.Name, Type: string(t.Type)})
			}
		}
	}
	data["Choices"] = choices
	if target != "" {
		res, err := c.gov.SimulatePolicyChange(ss.caller, gov.Simulation{Action: op, PolicyID: p.ID, TargetID: target})
		if err != nil {
			if statusOf(err) == http.StatusForbidden {
				c.failErr(w, r, ss, err)
				return
			}
			data["Problem"] = messageOf(err)
		} else {
			data["Preview"] = res
			chosen := q.Get("account")
			for _, a := range res.Accounts {
				if chosen == "" || a.AccountID == chosen {
					data["Chosen"] = a
					break
				}
			}
		}
	}
	c.render(w, r, ss, "attach", http.StatusOK, data)
}

func (c *Console) attach(w http.ResponseWriter, r *http.Request, ss *session) {
	action, id, target := r.PathValue("action"), r.PathValue("id"), strings.TrimSpace(r.PostFormValue("target"))
	var err error
	switch action {
	case "attach":
		err = c.gov.AttachPolicy(r.Context(), ss.caller, id, target)
	case "detach":
		err = c.gov.DetachPolicy(r.Context(), ss.caller, id, target)
	default:
		c.fail(w, r, ss, http.StatusNotFound, "There is no console page at "+r.URL.Path+".")
		return
	}
	if err != nil {
		c.refused(w, r, ss, "/console/policies/"+url.PathEscape(id)+"/"+action+"?target="+url.QueryEscape(target), err)
		return
	}
	verb := map[string]string{"attach": "Attached to ", "detach": "Detached from "}[action]
	c.done(w, r, ss, "/console/policies/"+url.PathEscape(id), verb+target+".")
}
