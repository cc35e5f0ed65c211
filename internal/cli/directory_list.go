package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatgovapi"
)

// listDirectory reads the server's directory.
func listDirectory(ctx context.Context, sc *serverConn) (directoryFile, error) {
	resp, err := sc.c.ListDirectory(ctx, chatgovapi.ListDirectoryInput{})
	if err != nil {
		return directoryFile{}, sc.fail(err)
	}
	d := directoryFile{SlackChannels: []slackEntry{}, TeamsTeams: []teamsEntry{}}
	for _, c := range resp.SlackChannels {
		d.SlackChannels = append(d.SlackChannels, slackEntry{TeamID: c.SlackTeamID, TeamName: c.SlackTeamName, ChannelID: c.SlackChannelID,
			ChannelName: c.SlackChannelName, Visibility: c.ChannelVisibility, UpdatedAt: rfc3339(c.UpdatedTimestamp)})
	}
	for _, t := range resp.MicrosoftTeamsTeams {
		d.TeamsTeams = append(d.TeamsTeams, teamsEntry{TenantID: t.TenantID, TeamID: t.TeamID, TeamName: t.TeamName, UpdatedAt: rfc3339(t.UpdatedTimestamp)})
	}
	return d, nil
}

func newDirectoryListCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	c := &cobra.Command{
		Use:   "list",
		Short: "List the directory's Slack channels and Microsoft Teams teams",
		Long: `List the directory's Slack channels and Microsoft Teams teams. With -o json the output is a
directory file that "chatgov directory import" reads back.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			d, err := listDirectory(c.Context(), sc)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(s.Out, d)
			}
			printDirectory(s.Out, d)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	return c
}

func printDirectory(w io.Writer, d directoryFile) {
	named := func(id, name string) string {
		if name == "" {
			return id
		}
		return id + " (" + name + ")"
	}
	fmt.Fprintf(w, "Slack channels: %d\n", len(d.SlackChannels))
	if len(d.SlackChannels) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  WORKSPACE\tCHANNEL\tVISIBILITY\tUPDATED")
		for _, c := range d.SlackChannels {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", named(c.TeamID, c.TeamName), named(c.ChannelID, c.ChannelName), c.Visibility, c.UpdatedAt)
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "Microsoft Teams teams: %d\n", len(d.TeamsTeams))
	if len(d.TeamsTeams) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  TENANT\tTEAM\tUPDATED")
		for _, t := range d.TeamsTeams {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", t.TenantID, named(t.TeamID, t.TeamName), t.UpdatedAt)
		}
		tw.Flush()
	}
}
