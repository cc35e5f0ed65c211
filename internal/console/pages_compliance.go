package console

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

// compliancePage shows configurations by state for the caller's scope
// (the organization, an OU or an account), the disabled ones with their
// reasons, and the timeline of compliance events with their causes.
func (c *Console) compliancePage(w http.ResponseWriter, r *http.Request, ss *session) {
	q := r.URL.Query()
	f := gov.ComplianceFilter{AccountID: strings.TrimSpace(q.Get("account")), OUID: strings.TrimSpace(q.Get("ou")),
		NextToken: q.Get("token"), MaxResults: 50}
	if f.AccountID == "" && f.OUID == "" {
		// A caller that cannot read the organization sees its own account.
		if _, err := c.gov.ListRoots(ss.caller, "", 1); err != nil {
			f.AccountID = ss.caller.AccountID
		}
	}
	res, err := c.gov.ListComplianceEvents(r.Context(), ss.caller, f)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	data := map[string]any{"Account": f.AccountID, "OU": f.OUID, "Total": res.Summary.Total,
		"OUs": mostDisabled(res.Summary.OUs, summaryRows), "Accounts": mostDisabled(res.Summary.Accounts, summaryRows),
		"Events": res.Events, "Next": res.NextToken}
	data["Days"] = c.changesByDay(r, ss, gov.ComplianceFilter{AccountID: f.AccountID, OUID: f.OUID})
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

// summaryRows bounds the OUs and the accounts the page lists: at the
// bench's size the summary holds thousands of OUs and up to every account,
// a page of tens of megabytes.
const summaryRows = 50

// nodeRows are the first rows of a summary's OUs or accounts, and how many
// there are in all.
type nodeRows struct {
	Rows  []gov.NodeCount
	Total int
}

// mostDisabled returns the n nodes with the most disabled configurations
// (then the most configurations, then by ID), so that a page at any size
// shows where to look first.
func mostDisabled(nodes []gov.NodeCount, n int) nodeRows {
	rows := slices.Clone(nodes)
	slices.SortFunc(rows, func(a, b gov.NodeCount) int {
		return cmp.Or(cmp.Compare(b.Disabled, a.Disabled), cmp.Compare(b.Configurations, a.Configurations), strings.Compare(a.ID, b.ID))
	})
	return nodeRows{Rows: rows[:min(n, len(rows))], Total: len(nodes)}
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

// dayChanges counts the state changes of one day, for the compliance chart.
type dayChanges struct {
	Day                 string
	Disabled, Enabled   int
	DisabledW, EnabledW int // bar widths, percent of the busiest day
}

// chartEvents bounds the history the chart reads: the first 1,000 events
// of the last 30 days in scope at most, so that the page costs the same at
// any size.
const chartEvents = 1000

// changesByDay counts, per day of the last 30, the configurations that
// became DISABLED and ENABLED in scope (the first chartEvents events).
func (c *Console) changesByDay(r *http.Request, ss *session, f gov.ComplianceFilter) []dayChanges {
	f.MaxResults = chartEvents
	f.Since = c.now().AddDate(0, 0, -30)
	res, err := c.gov.ListComplianceEvents(r.Context(), ss.caller, f)
	if err != nil || len(res.Events) == 0 {
		return nil
	}
	var days []dayChanges
	idx := map[string]int{}
	most := 1
	for _, e := range res.Events {
		d := e.Time.UTC().Format("2006-01-02")
		i, ok := idx[d]
		if !ok {
			i = len(days)
			idx[d] = i
			days = append(days, dayChanges{Day: d})
		}
		switch e.NewState {
		case gov.StateDisabled:
			days[i].Disabled++
		case gov.StateEnabled:
			days[i].Enabled++
		}
		most = max(most, days[i].Disabled, days[i].Enabled)
	}
	for i := range days {
		days[i].DisabledW, days[i].EnabledW = days[i].Disabled*100/most, days[i].Enabled*100/most
	}
	return days
}
