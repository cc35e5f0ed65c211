package console

import (
	"net/http"
	"strings"

	"github.com/chatgov/chatgov/internal/gov"
)

// movePage previews moving an account before it is confirmed, as the
// attach page does for a policy: gov's what-if (SimulatePolicyChange,
// MoveAccount) says how many effective policies change, the diff for a
// chosen account, and which configurations would become DISABLED or
// ENABLED and why. The confirmation posts to /console/org/move.
func (c *Console) movePage(w http.ResponseWriter, r *http.Request, ss *session) {
	q := r.URL.Query()
	account, source, dest := strings.TrimSpace(q.Get("account")), strings.TrimSpace(q.Get("source")), strings.TrimSpace(q.Get("destination"))
	data := map[string]any{"Account": account, "Source": source, "Destination": dest}
	switch {
	case account == "":
		data["Problem"] = "Name the account to move (an account ID)."
	case dest == "":
		data["Problem"] = "Name where to move the account: the root's or an OU's ID."
	default:
		res, err := c.gov.SimulatePolicyChange(ss.caller, gov.Simulation{Action: "MoveAccount", AccountID: account, SourceParentID: source, TargetID: dest})
		if err != nil {
			if statusOf(err) == http.StatusForbidden {
				c.failErr(w, r, ss, err)
				return
			}
			data["Problem"] = messageOf(err)
			break
		}
		data["Preview"] = res
		if len(res.Accounts) > 0 {
			data["Chosen"] = res.Accounts[0]
		}
	}
	c.render(w, r, ss, "move", http.StatusOK, data)
}
