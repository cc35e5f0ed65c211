package cli

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatgovapi"
)

// The largest page list-compliance-events returns.
const maxCompliancePage = 100

var (
	accountIDRe = regexp.MustCompile(`^\d{12}$`)
	daysRe      = regexp.MustCompile(`^(\d+)d$`)
)

// parseTimeFlag reads --since or --until: an RFC 3339 time, or a duration
// (24h, 90m, 7d) meaning that long before now. "" is the zero time.
func parseTimeFlag(flag, v string, now time.Time) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	d, err := time.ParseDuration(v)
	if m := daysRe.FindStringSubmatch(v); m != nil {
		n, convErr := strconv.Atoi(m[1])
		d, err = time.Duration(n)*24*time.Hour, convErr
	}
	if err != nil {
		return time.Time{}, usageErr("--%s %q is neither an RFC 3339 time (such as 2026-01-02T15:04:05Z) nor a duration (such as 24h, 90m or 7d)", flag, v)
	}
	if d <= 0 {
		return time.Time{}, usageErr("--%s %q: a duration means that long ago, so it must be positive", flag, v)
	}
	return now.Add(-d), nil
}

// The command's JSON output.
type (
	complianceCause struct {
		ID        int64  `json:"Id"`
		Time      string `json:"Time"`
		Operation string `json:"Operation"`
		Caller    string `json:"Caller"`
		Detail    string `json:"Detail"`
	}
	complianceEvent struct {
		ID               int64           `json:"Id"`
		Time             string          `json:"Time"`
		AccountID        string          `json:"AccountId"`
		ConfigurationARN string          `json:"ConfigurationArn"`
		Platform         string          `json:"Platform"`
		OldState         string          `json:"OldState"`
		NewState         string          `json:"NewState"`
		Reason           string          `json:"Reason,omitempty"`
		Cause            complianceCause `json:"Cause"`
	}
	stateCount struct {
		Configurations int `json:"Configurations"`
		Enabled        int `json:"Enabled"`
		Disabled       int `json:"Disabled"`
	}
	nodeCount struct {
		ID             string `json:"Id"`
		Name           string `json:"Name"`
		Configurations int    `json:"Configurations"`
		Enabled        int    `json:"Enabled"`
		Disabled       int    `json:"Disabled"`
	}
	complianceSummary struct {
		// Total counts the configurations in scope (the organization, the
		// OU, or the account asked for; a member's own account).
		Total stateCount `json:"Total"`
		// OrganizationalUnits counts each OU's subtree.
		OrganizationalUnits []nodeCount `json:"OrganizationalUnits"`
		// AccountsWithDisabled are the accounts that have disabled configurations.
		AccountsWithDisabled []nodeCount `json:"AccountsWithDisabled"`
	}
	complianceReport struct {
		Events  []complianceEvent `json:"Events"`
		Summary complianceSummary `json:"Summary"`
		// Truncated says that --max stopped the listing before the last event.
		Truncated bool `json:"Truncated,omitempty"`
	}
)

func nodeCountOf(n chatgovapi.NodeCount) nodeCount {
	return nodeCount{ID: n.ID, Name: n.Name, Configurations: n.Configurations, Enabled: n.Enabled, Disabled: n.Disabled}
}

func newComplianceCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var account, ou, configuration, since, until string
	var max, pageSize int
	c := &cobra.Command{
		Use:   "compliance [--account ID] [--ou ID] [--configuration ARN] [--since TIME] [--until TIME] [--max N]",
		Short: "List a server's compliance events: channel configurations disabled or enabled again, and why",
		Long: `List the compliance history of a running chatgov server, oldest first: every time a chat
channel configuration became DISABLED or ENABLED again, with the reason and the write that caused
it (a policy attached or changed, an account moved, a directory change, ...); then a summary of
the configurations' current states: in total, per OU, and the accounts with disabled
configurations.

--since and --until take an RFC 3339 time (2026-01-02T15:04:05Z) or a duration meaning that long
ago (24h, 90m, 7d); --since is inclusive, --until exclusive. --max stops after N events (0: all).
The management account and the chatbot delegated administrator see every account; a member
account sees its own.

The server is --endpoint-url (or --server), else $AWS_ENDPOINT_URL, the profile's endpoint_url,
$CHATGOV_SERVER, else ` + defaultServer + `; requests are signed
with the credentials the AWS CLI would
use (--profile, AWS_PROFILE, AWS_ACCESS_KEY_ID, the shared config and credentials files).
Exit status: 0 on success, 1 when the server refuses ("chatgov: <Code>: <message>"), 2 on usage
errors and missing or rejected credentials.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			now := time.Now()
			from, err := parseTimeFlag("since", since, now)
			if err != nil {
				return err
			}
			to, err := parseTimeFlag("until", until, now)
			if err != nil {
				return err
			}
			switch {
			case !from.IsZero() && !to.IsZero() && !from.Before(to):
				return usageErr("--since (%s) must be before --until (%s)", from.UTC().Format(time.RFC3339), to.UTC().Format(time.RFC3339))
			case account != "" && ou != "":
				return usageErr("give --account or --ou, not both")
			case account != "" && !accountIDRe.MatchString(account):
				return usageErr("--account %q is not an account ID (12 digits)", account)
			case max < 0:
				return usageErr("--max must be 0 (all events) or more, not %d", max)
			case pageSize < 1 || pageSize > maxCompliancePage:
				return usageErr("--page-size must be between 1 and %d, not %d", maxCompliancePage, pageSize)
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			in := chatgovapi.ListComplianceEventsInput{AccountID: account, OrganizationalUnitID: ou, ChatConfigurationArn: configuration,
				Since: chatgovapi.Seconds(from), Until: chatgovapi.Seconds(to)}
			rep := complianceReport{Events: []complianceEvent{}}
			first := true
			for {
				page := pageSize
				if max > 0 && max-len(rep.Events) < page {
					page = max - len(rep.Events)
				}
				in.MaxResults = &page
				resp, err := sc.c.ListComplianceEvents(c.Context(), in)
				if err != nil {
					return sc.fail(err)
				}
				if first {
					rep.Summary = summaryOut(resp.Summary)
					first = false
				}
				for _, e := range resp.Events {
					rep.Events = append(rep.Events, complianceEvent{ID: e.EventID, Time: rfc3339(e.Timestamp), AccountID: e.AccountID,
						ConfigurationARN: e.ChatConfigurationArn, Platform: e.Platform, OldState: e.OldState, NewState: e.NewState,
						Reason: e.StateReason, Cause: complianceCause{ID: e.Cause.CauseID, Time: rfc3339(e.Cause.Timestamp),
							Operation: e.Cause.Operation, Caller: e.Cause.Caller, Detail: e.Cause.Detail}})
				}
				if resp.NextToken == "" {
					break
				}
				if max > 0 && len(rep.Events) >= max {
					rep.Truncated = true
					break
				}
				in.NextToken = resp.NextToken
			}
			if asJSON {
				return writeJSON(s.Out, rep)
			}
			printCompliance(s.Out, rep)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	f := c.Flags()
	f.StringVar(&account, "account", "", "only this account's configurations")
	f.StringVar(&ou, "ou", "", "only the configurations of the accounts under this OU")
	f.StringVar(&configuration, "configuration", "", "only this configuration (its ARN)")
	f.StringVar(&since, "since", "", "events at or after this time (RFC 3339) or this long ago (24h, 7d)")
	f.StringVar(&until, "until", "", "events before this time (RFC 3339) or this long ago")
	f.IntVar(&max, "max", 0, "stop after this many events (0: all)")
	f.IntVar(&pageSize, "page-size", maxCompliancePage, "events per request")
	_ = f.MarkHidden("page-size")
	return c
}

func summaryOut(s chatgovapi.ComplianceSummary) complianceSummary {
	t := s.Total
	sum := complianceSummary{Total: stateCount{t.Configurations, t.Enabled, t.Disabled},
		OrganizationalUnits: []nodeCount{}, AccountsWithDisabled: []nodeCount{}}
	for _, n := range s.OrganizationalUnits {
		sum.OrganizationalUnits = append(sum.OrganizationalUnits, nodeCountOf(n))
	}
	for _, n := range s.Accounts {
		if n.Disabled > 0 {
			sum.AccountsWithDisabled = append(sum.AccountsWithDisabled, nodeCountOf(n))
		}
	}
	return sum
}

// shortConfiguration is a configuration ARN without its common prefix:
// slack-channel/ops.
func shortConfiguration(arn string) string {
	if i := strings.Index(arn, ":chat-configuration/"); i >= 0 {
		return arn[i+len(":chat-configuration/"):]
	}
	return arn
}

func (c stateCount) String() string {
	return fmt.Sprintf("%d %s, %d enabled, %d disabled", c.Configurations, plural(c.Configurations, "configuration", "configurations"), c.Enabled, c.Disabled)
}

func nodeName(id, name string) string {
	if name == "" {
		return id
	}
	return id + " (" + name + ")"
}

func printCompliance(w io.Writer, rep complianceReport) {
	if len(rep.Events) == 0 {
		fmt.Fprintln(w, "No compliance events.")
	} else {
		fmt.Fprintf(w, "%d compliance %s:\n", len(rep.Events), plural(len(rep.Events), "event", "events"))
	}
	for _, e := range rep.Events {
		fmt.Fprintf(w, "%s  %s  %s  %s → %s\n", e.Time, e.AccountID, shortConfiguration(e.ConfigurationARN), e.OldState, e.NewState)
		if e.Reason != "" {
			fmt.Fprintf(w, "    reason: %s\n", e.Reason)
		}
		cause := e.Cause.Operation
		if e.Cause.Detail != "" {
			cause += ": " + e.Cause.Detail
		}
		if e.Cause.Caller != "" {
			cause += " (by " + e.Cause.Caller + ")"
		}
		fmt.Fprintf(w, "    cause:  %s\n", cause)
	}
	if rep.Truncated {
		fmt.Fprintf(w, "(the first %d events; there are more: raise --max or narrow the filters)\n", len(rep.Events))
	}
	sum := rep.Summary
	fmt.Fprintf(w, "\nCurrent states: %s.\n", sum.Total)
	if len(sum.OrganizationalUnits) > 0 {
		fmt.Fprintln(w, "By OU:")
		for _, n := range sum.OrganizationalUnits {
			fmt.Fprintf(w, "  %s: %s\n", nodeName(n.ID, n.Name), stateCount{n.Configurations, n.Enabled, n.Disabled})
		}
	}
	if len(sum.AccountsWithDisabled) > 0 {
		fmt.Fprintln(w, "Accounts with disabled configurations:")
		for _, n := range sum.AccountsWithDisabled {
			fmt.Fprintf(w, "  %s: %d of %d disabled\n", nodeName(n.ID, n.Name), n.Disabled, n.Configurations)
		}
	}
}
