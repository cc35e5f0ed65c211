package console

import (
	"net/http"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
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

// compliancePage shows configurations by state for the caller's scope
// (the organization, an OU or an account), the disabled ones with their
// reasons, and the timeline of compliance events with their causes.
func (c *Console) compliancePage(w http.ResponseWriter, r *http.Request, ss *session) {
	q := r.URL.Query()
	f := gov.ComplianceFilter{AccountID: strings.TrimSpace(q.Get("account")), OUID: strings.TrimSpace(q.Get("ou")),
		NextToken: q.Get("token"), MaxResults: 50}
	if f.AccountID == "" && f.OUID == "" && ss.caller.AccountID != c.gov.ManagementAccountID() {
		f.AccountID = ss.caller.AccountID
	}
	res, err := c.gov.ListComplianceEvents(r.Context(), ss.caller, f)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	data := map[string]any{"Account": f.AccountID, "OU": f.OUID, "Summary": res.Summary, "Events": res.Events, "Next": res.NextToken}
	if f.AccountID == ss.caller.AccountID {
		// The caller's own configurations, with their current state.
		if own, err := c.ownConfigurations(ss.caller); err == nil {
			data["Configs"] = own
		}
	} else if f.AccountID != "" {
		data["Disabled"] = c.currentlyDisabled(r, ss, f.AccountID)
	}
	c.render(w, r, ss, "compliance", http.StatusOK, data)
}

// disabledConfig is a configuration whose latest compliance event disabled it.
type disabledConfig struct {
	ARN, Platform, Reason string
	Since                 time.Time
}

// currentlyDisabled reads an account's compliance history (its latest
// 1,000 events) and returns the configurations it leaves DISABLED, with
// the reason of the event that disabled them. The management account sees
// other accounts' configurations only through this history.
func (c *Console) currentlyDisabled(r *http.Request, ss *session, account string) []disabledConfig {
	latest := map[string]gov.ComplianceEvent{}
	var order []string
	f := gov.ComplianceFilter{AccountID: account, MaxResults: 1000}
	for i := 0; i < 10; i++ {
		res, err := c.gov.ListComplianceEvents(r.Context(), ss.caller, f)
		if err != nil {
			return nil
		}
		for _, e := range res.Events {
			if _, seen := latest[e.ConfigurationARN]; !seen {
				order = append(order, e.ConfigurationARN)
			}
			latest[e.ConfigurationARN] = e
		}
		if res.NextToken == "" {
			break
		}
		f.NextToken = res.NextToken
	}
	var out []disabledConfig
	for _, arn := range order {
		if e := latest[arn]; e.NewState == gov.StateDisabled {
			out = append(out, disabledConfig{ARN: arn, Platform: e.Platform, Reason: e.Reason, Since: e.Time})
		}
	}
	return out
}
