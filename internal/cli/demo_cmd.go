package cli

import "github.com/spf13/cobra"

// demoDataDir is where chatgov demo keeps its store unless told otherwise:
// apart from serve's, so that the demo never meets a real store.
const demoDataDir = "./chatgov-demo"

// newDemoCmd is chatgov demo: serve --demo on a store of its own.
func newDemoCmd(s Streams) *cobra.Command {
	c := newServeCmd(s)
	c.Use = "demo"
	c.Short = "Run the server on a fresh store seeded with the demo organization"
	c.Long = `Run chatgov's server on a fresh store seeded with the organization of AWS's blog post on chat
applications policies, then print the root credentials and copy-paste next steps with the
organization's IDs. The same as chatgov serve --demo, with the store in ` + demoDataDir + ` unless
--data or --store says otherwise.

The demo creates, through the same use cases as the API: an organization with the OUs Engineering
(with Prod under it) and Finance and the accounts dev, prod and ledger; a chat directory of Slack
channels in two workspaces and a Microsoft Teams team; five chat configurations; then the Figure 4
chatbot policy (Slack only, one workspace, user roles only), attached to the root, and the Figure 5
SCP (chat channels may only invoke Lambda functions and start SSM automations), attached to
Engineering. The policy disables three of the configurations, each with its reason.

It refuses a store that already holds an organization, a chat directory or configurations: remove
` + demoDataDir + ` to start over.`
	f := c.Flags()
	for name, v := range map[string]string{"demo": "true", "data": demoDataDir} {
		fl := f.Lookup(name)
		_ = fl.Value.Set(v)
		fl.DefValue = v
	}
	_ = f.MarkHidden("demo")
	return c
}
