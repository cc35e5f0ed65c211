package cli

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatgovapi"
)

// The notifications commands read the record of the gateway's deliveries
// on a server: what was posted, what waits for a retry, the dead-letter
// list, and what a policy suppressed.

func newNotificationsCmd(s Streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "notifications",
		Short: "Read the deliveries of SNS notifications to chat channels on a server",
	}
	c.AddCommand(newNotificationsListCmd(s))
	return c
}

func newNotificationsListCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var in chatgovapi.ListNotificationDeliveriesInput
	c := &cobra.Command{
		Use:   "list [--status PENDING|DELIVERED|DEAD|SUPPRESSED] [--configuration ARN] [--message ID]",
		Short: "List deliveries: DEAD is the dead-letter list, SUPPRESSED what a policy stopped",
		Long: `List the deliveries of SNS messages to the caller's channel configurations, every page of
them (the management account and the chatbot delegated administrator see every account's).
DETAIL is the last error of a pending or dead delivery, or the policy's reason for a suppressed one.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			switch in.Status {
			case "", "PENDING", "DELIVERED", "DEAD", "SUPPRESSED":
			default:
				return usageErr("--status must be PENDING, DELIVERED, DEAD or SUPPRESSED, not %q", in.Status)
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			var all []chatgovapi.NotificationDelivery
			for {
				page, err := sc.c.ListNotificationDeliveries(c.Context(), in)
				if err != nil {
					return sc.fail(err)
				}
				all = append(all, page.Deliveries...)
				if page.NextToken == "" {
					break
				}
				in.NextToken = page.NextToken
			}
			if asJSON {
				return writeJSON(s.Out, struct {
					Deliveries []chatgovapi.NotificationDelivery `json:"Deliveries"`
				}{all})
			}
			fmt.Fprintf(s.Out, "Deliveries: %d\n", len(all))
			if len(all) > 0 {
				tw := tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "  MESSAGE\tCONFIGURATION\tSTATUS\tATTEMPTS\tCREATED\tDETAIL")
				for _, d := range all {
					fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%s\t%s\n", d.MessageID, d.ConfigurationARN, d.Status, d.Attempts,
						time.Time(d.CreatedTimestamp).UTC().Format(time.RFC3339), d.Detail)
				}
				tw.Flush()
			}
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	f := c.Flags()
	f.StringVar(&in.Status, "status", "", "PENDING, DELIVERED, DEAD (the dead-letter list) or SUPPRESSED")
	f.StringVar(&in.ConfigurationARN, "configuration", "", "a chat configuration's ARN")
	f.StringVar(&in.MessageID, "message", "", "an SNS MessageId")
	return c
}
