package cli

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatgovapi"
)

// newPutSigningSecretCmd registers the secret a Slack workspace's or a
// Teams team's requests are signed with. The secret is read from standard
// input, never from a flag, so that it stays out of shell history and
// process listings.
func newPutSigningSecretCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var in chatgovapi.PutSigningSecretInput
	c := &cobra.Command{
		Use:   "put-signing-secret --platform slack|microsoft_teams --workspace ID < secret",
		Short: "Register the secret Slack or a Teams outgoing webhook signs a workspace's requests with (read from stdin)",
		Long: `Register the secret the chat gateway verifies a workspace's requests with: for --platform slack,
the Slack app's signing secret (Basic Information, App Credentials) and the workspace's team ID;
for --platform microsoft_teams, the security token Teams shows when the outgoing webhook is
created, and the team's ID. The secret is read from standard input; it is never shown again.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			line, err := bufio.NewReader(s.In).ReadString('\n')
			if err != nil && line == "" {
				return usageErr("give the secret on standard input")
			}
			in.SigningSecret = strings.TrimSpace(line)
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			if _, err := sc.c.PutSigningSecret(c.Context(), in); err != nil {
				return sc.fail(err)
			}
			fmt.Fprintf(s.Out, "Registered the signing secret of %s workspace %s.\n", in.Platform, in.WorkspaceID)
			return nil
		},
	}
	sa.register(c)
	f := c.Flags()
	f.StringVar(&in.Platform, "platform", "slack", "slack or microsoft_teams")
	f.StringVar(&in.WorkspaceID, "workspace", "", "Slack team ID (T0123ABCD) or Microsoft Teams team ID (a UUID)")
	requireFlags(c, "workspace")
	return c
}
