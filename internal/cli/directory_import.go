package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

func newDirectoryImportCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Record every Slack channel and Microsoft Teams team of a directory file (YAML or JSON)",
		Long: `Record every entry of a directory file, YAML or JSON ("-" reads standard input):

  slackChannels:
    - {teamId: T0AAAAAAA, teamName: Acme, channelId: C0PRIVATE, channelName: ops, visibility: private}
  teamsTeams:
    - {tenantId: 11111111-1111-4111-8111-111111111111, teamId: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa, teamName: Ops}

Every field is required but updatedAt, which is ignored (the output of "directory list -o json"
imports as it is). The whole file is checked first: if anything is wrong (unknown or missing
fields, invalid IDs or visibilities, duplicate entries), every problem is reported with its line
and column, nothing is recorded, and the exit status is 2. Entries already in the directory are
replaced; entries not in the file are left as they are.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			name := args[0]
			data, err := readInput(s, name)
			if err != nil {
				return usageErr("%v", err)
			}
			f, probs := parseDirectoryFile(data)
			if len(probs) > 0 {
				lines := make([]string, len(probs))
				for i, p := range probs {
					lines[i] = "  " + name + ":" + p.String()
				}
				return usageErr("%s: %d %s; nothing was recorded\n%s", name, len(probs), plural(len(probs), "problem", "problems"), strings.Join(lines, "\n"))
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			total := len(f.SlackChannels) + len(f.TeamsTeams)
			done := 0
			stopped := func(err error, what string) error {
				var ee *exitError
				if errors.As(err, &ee) {
					ee.msg = fmt.Sprintf("%s\n  at %s of %s; %d of %d entries were recorded before it", ee.msg, what, name, done, total)
				}
				return err
			}
			for i, e := range f.SlackChannels {
				if _, err := sc.c.PutSlackChannel(c.Context(), e.request()); err != nil {
					return stopped(sc.fail(err), fmt.Sprintf("slackChannels[%d] (%s/%s)", i, e.TeamID, e.ChannelID))
				}
				done++
			}
			for i, e := range f.TeamsTeams {
				if _, err := sc.c.PutTeamsTeam(c.Context(), e.request()); err != nil {
					return stopped(sc.fail(err), fmt.Sprintf("teamsTeams[%d] (%s)", i, e.TeamID))
				}
				done++
			}
			if asJSON {
				return writeJSON(s.Out, struct {
					File          string `json:"File"`
					SlackChannels int    `json:"SlackChannels"`
					TeamsTeams    int    `json:"TeamsTeams"`
				}{name, len(f.SlackChannels), len(f.TeamsTeams)})
			}
			fmt.Fprintf(s.Out, "Recorded %d Slack %s and %d Microsoft Teams %s from %s.\n", len(f.SlackChannels),
				plural(len(f.SlackChannels), "channel", "channels"), len(f.TeamsTeams), plural(len(f.TeamsTeams), "team", "teams"), name)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	return c
}
