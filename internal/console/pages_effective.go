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
	// gov explains; chatgov's API (describe-effective-policy-explanation)
	// and `chatgov policy effective --explain` answer the same.
	eff, err := c.gov.ExplainEffectivePolicy(ss.caller, t, account)
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
	ex := eff.Explanation
	data["Values"], data["Removed"], data["Restrictions"] = ex.Values, ex.Removed, ex.Restrictions
	data["Errors"], data["ErrorsListed"] = ex.Errors, eff.ErrorsListed
	c.render(w, r, ss, "effective", http.StatusOK, data)
}
