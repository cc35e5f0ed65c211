package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
)

// The identity commands map a chat user of a channel configuration to the
// IAM role their commands run with (AWS Chatbot maps them when the user
// signs in from chat; chatgov cannot see that, so an operator records
// it), list the mappings and remove them.

func newIdentityCmd(s Streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "identity",
		Short: "Map chat users to IAM roles for a channel configuration on a server",
		Long: `Map a chat user (a Slack member ID such as U0123ABCD, or a Microsoft Teams user ID) of one of
your account's channel configurations to the IAM role their commands run with, as AWS Chatbot
does when a member chooses their own user role. A configuration that requires user roles (or
a chat applications policy that allows only user_role) denies a member with none mapped:
"chatgov simulate" then names the identity put command that fixes it.

The server is --endpoint-url (or --server), else $AWS_ENDPOINT_URL, the profile's endpoint_url,
$CHATGOV_SERVER, else ` + defaultServer + `; requests are signed with the credentials the AWS CLI
would use (--profile, AWS_PROFILE, AWS_ACCESS_KEY_ID, the shared config and credentials files).
The configuration must be in the caller's account.
Exit status: 0 on success, 1 when the server refuses ("chatgov: <Code>: <message>"), 2 on usage
errors and missing or rejected credentials.`,
	}
	c.AddCommand(newIdentityPutCmd(s), newIdentityListCmd(s), newIdentityDeleteCmd(s))
	return c
}

func configARNRule(v string) string {
	if _, ok := gov.ConfigurationAccount(v); !ok {
		return fmt.Sprintf("%q is not a chat configuration ARN such as arn:aws:chatbot::111111111111:chat-configuration/slack-channel/name", v)
	}
	return ""
}

func chatUserRule(v string) string {
	if len(v) > 255 {
		return "must be at most 255 characters"
	}
	return ""
}

func newIdentityPutCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var in chatgovapi.PutUserIdentityInput
	c := &cobra.Command{
		Use:   "put --configuration ARN --user ID --role ARN",
		Short: "Map a chat user to an IAM role for a configuration (an existing mapping is replaced)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			if err := checkFlags(flagCheck{"configuration", in.ChatConfigurationArn, configARNRule}, flagCheck{"user", in.ChatUserID, chatUserRule},
				flagCheck{"role", in.IamRoleArn, roleARNRule}); err != nil {
				return err
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			res, err := sc.c.PutUserIdentity(c.Context(), in)
			if err != nil {
				return sc.fail(err)
			}
			if asJSON {
				return writeJSON(s.Out, res)
			}
			u := res.UserIdentity
			fmt.Fprintf(s.Out, "Mapped chat user %s of %s to %s.\n", u.ChatUserID, u.ChatConfigurationArn, u.IamRoleArn)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	f := c.Flags()
	f.StringVar(&in.ChatConfigurationArn, "configuration", "", "the channel configuration's ARN")
	f.StringVar(&in.ChatUserID, "user", "", "the chat user's ID (Slack member ID, Microsoft Teams user ID)")
	f.StringVar(&in.IamRoleArn, "role", "", "the IAM role the user's commands run with")
	requireFlags(c, "configuration", "user", "role")
	return c
}

func newIdentityListCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var arn string
	c := &cobra.Command{
		Use:   "list [--configuration ARN]",
		Short: "List the chat users mapped to roles in your account's configurations",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			if c.Flags().Changed("configuration") {
				if err := checkFlags(flagCheck{"configuration", arn, configARNRule}); err != nil {
					return err
				}
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			all := chatgovapi.ListUserIdentitiesOutput{UserIdentities: []chatgovapi.UserIdentity{}}
			in := chatgovapi.ListUserIdentitiesInput{ChatConfigurationArn: arn}
			for {
				page, err := sc.c.ListUserIdentities(c.Context(), in)
				if err != nil {
					return sc.fail(err)
				}
				all.UserIdentities = append(all.UserIdentities, page.UserIdentities...)
				if page.NextToken == "" {
					break
				}
				in.NextToken = page.NextToken
			}
			if asJSON {
				return writeJSON(s.Out, all)
			}
			fmt.Fprintf(s.Out, "User identities: %d\n", len(all.UserIdentities))
			if len(all.UserIdentities) == 0 {
				return nil
			}
			tw := tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "CONFIGURATION\tUSER\tROLE")
			for _, u := range all.UserIdentities {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", u.ChatConfigurationArn, u.ChatUserID, u.IamRoleArn)
			}
			return tw.Flush()
		},
	}
	sa.register(c)
	out.register(c)
	c.Flags().StringVar(&arn, "configuration", "", "only this configuration's users")
	return c
}

func newIdentityDeleteCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var in chatgovapi.DeleteUserIdentityInput
	c := &cobra.Command{
		Use:   "delete --configuration ARN --user ID",
		Short: "Remove a chat user's role mapping (their commands then run with the channel role, if any)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			if err := checkFlags(flagCheck{"configuration", in.ChatConfigurationArn, configARNRule}, flagCheck{"user", in.ChatUserID, chatUserRule}); err != nil {
				return err
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			if _, err := sc.c.DeleteUserIdentity(c.Context(), in); err != nil {
				return sc.fail(err)
			}
			if asJSON {
				return writeJSON(s.Out, in)
			}
			fmt.Fprintf(s.Out, "Removed the role mapping of chat user %s of %s.\n", in.ChatUserID, in.ChatConfigurationArn)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	f := c.Flags()
	f.StringVar(&in.ChatConfigurationArn, "configuration", "", "the channel configuration's ARN")
	f.StringVar(&in.ChatUserID, "user", "", "the chat user's ID")
	requireFlags(c, "configuration", "user")
	return c
}
