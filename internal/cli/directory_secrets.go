package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatgovapi"
)

// The directory's secrets: the Slack bot token and Teams webhook URLs the
// gateway posts notifications with. They are read from a file or standard
// input, never from a flag's value, so that they stay out of the shell's
// history and the process list.

// readSecret reads a secret from path ("-": standard input), trimmed.
func readSecret(s Streams, flag, path string) (string, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(io.LimitReader(s.In, 1<<16))
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return "", usageErr("--%s: %v", flag, err)
	}
	return strings.TrimSpace(string(b)), nil
}

func newPutSlackBotTokenCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var team, tokenFile string
	c := &cobra.Command{
		Use:   "put-slack-bot-token --team ID --token-file PATH|-",
		Short: "Register a Slack workspace's bot token, which notifications are posted with (never shown again)",
		Long: `Register the bot token (xoxb-...) of the Slack app installed in a workspace; the gateway posts
the notifications of that workspace's channel configurations with it (chat.postMessage, scope
chat:write; channels:history lets a retry find a post that already arrived). The token is read
from the file given, or standard input with -; an empty file removes it. No operation returns it.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := checkFlags(flagCheck{"team", team, slackTeamRule}); err != nil {
				return err
			}
			token, err := readSecret(s, "token-file", tokenFile)
			if err != nil {
				return err
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			if _, err := sc.c.PutSlackBotToken(c.Context(), chatgovapi.PutSlackBotTokenInput{SlackTeamID: team, BotToken: token}); err != nil {
				return sc.fail(err)
			}
			if token == "" {
				fmt.Fprintf(s.Out, "Removed the bot token of Slack workspace %s.\n", team)
			} else {
				fmt.Fprintf(s.Out, "Registered the bot token of Slack workspace %s.\n", team)
			}
			return nil
		},
	}
	sa.register(c)
	c.Flags().StringVar(&team, "team", "", "Slack workspace (team) ID, such as T0123ABCD")
	c.Flags().StringVar(&tokenFile, "token-file", "", "file holding the bot token, or - for standard input")
	requireFlags(c, "team", "token-file")
	return c
}

func newPutTeamsWebhookURLCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var team, channel, urlFile string
	c := &cobra.Command{
		Use:   "put-ms-teams-webhook-url --team ID --channel ID --url-file PATH|-",
		Short: "Register a Microsoft Teams channel's incoming-webhook URL (never shown again)",
		Long: `Register the incoming-webhook (or Workflows "post to a channel when a webhook request is
received") URL of a Microsoft Teams channel; the gateway posts the notifications of that channel's
configurations to it as Adaptive Cards. The team must be in the directory (put-ms-teams-team).
The URL is read from the file given, or standard input with -; an empty file removes it.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if team == "" || channel == "" {
				return usageErr("--team and --channel must not be empty")
			}
			u, err := readSecret(s, "url-file", urlFile)
			if err != nil {
				return err
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			if _, err := sc.c.PutTeamsWebhookURL(c.Context(), chatgovapi.PutTeamsWebhookURLInput{TeamID: team, ChannelID: channel, WebhookURL: u}); err != nil {
				return sc.fail(err)
			}
			fmt.Fprintf(s.Out, "Registered the webhook URL of Microsoft Teams channel %s of team %s.\n", channel, team)
			return nil
		},
	}
	sa.register(c)
	c.Flags().StringVar(&team, "team", "", "Microsoft Teams team ID (a UUID)")
	c.Flags().StringVar(&channel, "channel", "", "Microsoft Teams channel ID, such as 19%3a...%40thread.tacv2")
	c.Flags().StringVar(&urlFile, "url-file", "", "file holding the webhook URL, or - for standard input")
	requireFlags(c, "team", "channel", "url-file")
	return c
}
