package console

import (
	"net/http"

	"github.com/chatgov/chatgov/internal/policy"
)

// effectivePage shows an account's effective policy of one management
// type with the provenance of every value (gov's state explains itself:
// policy, node and operator) and the effective-policy validation errors.
func (c *Console) effectivePage(w http.ResponseWriter, r *http.Request, ss *session) {
	account := r.PathValue("id")
	t := policy.Type(r.URL.Query().Get("type"))
	if t == "" {
		t = policy.ChatbotPolicy
	}
	var types []policy.Type
	for _, ti := range policy.Types() {
		if ti.Management {
			types = append(types, ti.Type)
		}
	}
	data := map[string]any{"Account": account, "Type": t, "Types": types}
	eff, err := c.gov.DescribeEffectivePolicy(ss.caller, t, account)
	if err != nil {
		if statusOf(err) != http.StatusNotFound {
			c.failErr(w, r, ss, err)
			return
		}
		// Not enabled, or no such account: said on the page.
		data["Problem"] = messageOf(err)
		c.render(w, r, ss, "effective", http.StatusOK, data)
		return
	}
	data["Content"] = prettyJSON(eff.Content)
	data["LastUpdated"] = eff.LastUpdated
	ex := eff.State.Explain()
	data["Values"], data["Removed"], data["Restrictions"] = ex.Values, ex.Removed, ex.Restrictions
	if verrs, err := c.gov.ListEffectivePolicyValidationErrors(ss.caller, account, t, "", 100); err == nil {
		data["Errors"] = verrs.Page.Items
	} else if statusOf(err) != http.StatusForbidden {
		data["ErrorsProblem"] = messageOf(err)
	}
	c.render(w, r, ss, "effective", http.StatusOK, data)
}
