package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatgovapi"
)

// The directory commands record the organization's Slack channels and
// Microsoft Teams teams on a server (put, delete, import) and read them
// back (list). The file format is in directory_file.go and its reader in
// directory_yaml.go; list and import have files of their own.

func newDirectoryCmd(s Streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "directory",
		Short: "Manage a server's chat directory: Slack channels and Microsoft Teams teams",
		Long: `Manage the chat directory of a running chatgov server: the Slack channels (with their
visibility, which CHATBOT_POLICY's supported_channel_types decides on) and the Microsoft Teams
teams of the organization. Changes re-check the channel configurations concerned.

The server is --endpoint-url (or --server), else $AWS_ENDPOINT_URL, the profile's endpoint_url,
$CHATGOV_SERVER, else ` + defaultServer + `; requests are signed
with the credentials the AWS CLI would
use (--profile, AWS_PROFILE, AWS_ACCESS_KEY_ID, the shared config and credentials files). Only the management account
and the chatbot delegated administrator may change the directory; any account may list it.
Exit status: 0 on success, 1 when the server refuses ("chatgov: <Code>: <message>"), 2 on usage
errors, invalid files and missing or rejected credentials.`,
	}
	c.AddCommand(newPutSlackChannelCmd(s), newDeleteSlackChannelCmd(s), newPutTeamsTeamCmd(s), newDeleteTeamsTeamCmd(s),
		newDirectoryListCmd(s), newDirectoryImportCmd(s), newPutSlackBotTokenCmd(s), newPutTeamsWebhookURLCmd(s),
		newPutSigningSecretCmd(s))
	return c
}

// flagCheck is a flag's value and its rule.
type flagCheck struct {
	name, value string
	check       func(string) string
}

// checkFlags checks flag values against their rules; all problems at once.
func checkFlags(flags ...flagCheck) error {
	var probs []string
	for _, f := range flags {
		if f.value == "" {
			probs = append(probs, "--"+f.name+" must not be empty")
		} else if msg := f.check(f.value); msg != "" {
			probs = append(probs, "--"+f.name+" "+msg)
		}
	}
	if len(probs) > 0 {
		return usageErr("%s", strings.Join(probs, "; "))
	}
	return nil
}

func requireFlags(c *cobra.Command, names ...string) {
	for _, n := range names {
		_ = c.MarkFlagRequired(n)
	}
}

func newPutSlackChannelCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var e slackEntry
	c := &cobra.Command{
		Use:   "put-slack-channel --team ID --team-name NAME --channel ID --channel-name NAME --visibility public|private",
		Short: "Record a Slack channel and its visibility (an existing entry is replaced)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			if err := checkFlags(flagCheck{"team", e.TeamID, slackTeamRule}, flagCheck{"team-name", e.TeamName, nameRule},
				flagCheck{"channel", e.ChannelID, slackChannelRule}, flagCheck{"channel-name", e.ChannelName, nameRule},
				flagCheck{"visibility", e.Visibility, visibilityRule}); err != nil {
				return err
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			if _, err := sc.c.PutSlackChannel(c.Context(), e.request()); err != nil {
				return sc.fail(err)
			}
			if asJSON {
				return writeJSON(s.Out, struct {
					SlackChannel slackEntry `json:"SlackChannel"`
				}{e})
			}
			fmt.Fprintf(s.Out, "Recorded Slack channel %s (#%s) of workspace %s (%s) as %s.\n", e.ChannelID, e.ChannelName, e.TeamID, e.TeamName, e.Visibility)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	f := c.Flags()
	f.StringVar(&e.TeamID, "team", "", "Slack workspace (team) ID, such as T0123ABCD")
	f.StringVar(&e.TeamName, "team-name", "", "the workspace's name")
	f.StringVar(&e.ChannelID, "channel", "", "Slack channel ID, such as C0123ABCD")
	f.StringVar(&e.ChannelName, "channel-name", "", "the channel's name")
	f.StringVar(&e.Visibility, "visibility", "", "public or private")
	requireFlags(c, "team", "team-name", "channel", "channel-name", "visibility")
	return c
}

func newDeleteSlackChannelCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var team, channel string
	c := &cobra.Command{
		Use:   "delete-slack-channel --team ID --channel ID",
		Short: "Remove a Slack channel from the directory (its configurations' visibility becomes unknown)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			if _, err := sc.c.DeleteSlackChannel(c.Context(), chatgovapi.DeleteSlackChannelInput{SlackTeamID: team, SlackChannelID: channel}); err != nil {
				return sc.fail(err)
			}
			if asJSON {
				type deleted struct {
					ChannelID string `json:"ChannelId"`
					TeamID    string `json:"TeamId"`
				}
				return writeJSON(s.Out, struct {
					Deleted deleted `json:"Deleted"`
				}{deleted{channel, team}})
			}
			fmt.Fprintf(s.Out, "Deleted Slack channel %s of workspace %s from the directory.\n", channel, team)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	c.Flags().StringVar(&team, "team", "", "Slack workspace (team) ID")
	c.Flags().StringVar(&channel, "channel", "", "Slack channel ID")
	requireFlags(c, "team", "channel")
	return c
}

func newPutTeamsTeamCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var e teamsEntry
	c := &cobra.Command{
		Use:   "put-teams-team --tenant UUID --team UUID --team-name NAME",
		Short: "Record a Microsoft Teams team (an existing entry is replaced)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			if err := checkFlags(flagCheck{"tenant", e.TenantID, tenantRule}, flagCheck{"team", e.TeamID, teamRule},
				flagCheck{"team-name", e.TeamName, nameRule}); err != nil {
				return err
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			if _, err := sc.c.PutTeamsTeam(c.Context(), e.request()); err != nil {
				return sc.fail(err)
			}
			if asJSON {
				return writeJSON(s.Out, struct {
					TeamsTeam teamsEntry `json:"TeamsTeam"`
				}{e})
			}
			fmt.Fprintf(s.Out, "Recorded Microsoft Teams team %s (%s) of tenant %s.\n", e.TeamID, e.TeamName, e.TenantID)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	c.Flags().StringVar(&e.TenantID, "tenant", "", "Microsoft Teams tenant ID (a UUID)")
	c.Flags().StringVar(&e.TeamID, "team", "", "Microsoft Teams team ID (a UUID)")
	c.Flags().StringVar(&e.TeamName, "team-name", "", "the team's name")
	requireFlags(c, "tenant", "team", "team-name")
	return c
}

func newDeleteTeamsTeamCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var team string
	c := &cobra.Command{
		Use:   "delete-teams-team --team UUID",
		Short: "Remove a Microsoft Teams team from the directory",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			if _, err := sc.c.DeleteTeamsTeam(c.Context(), chatgovapi.DeleteTeamsTeamInput{TeamID: team}); err != nil {
				return sc.fail(err)
			}
			if asJSON {
				type deleted struct {
					TeamID string `json:"TeamId"`
				}
				return writeJSON(s.Out, struct {
					Deleted deleted `json:"Deleted"`
				}{deleted{team}})
			}
			fmt.Fprintf(s.Out, "Deleted Microsoft Teams team %s from the directory.\n", team)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	c.Flags().StringVar(&team, "team", "", "Microsoft Teams team ID (a UUID)")
	requireFlags(c, "team")
	return c
}
