package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"testing"

	"github.com/chatgov/chatgov/internal/org"
)

// fingerprint hashes what Generate returns for the chat applications part
// (tree, policies, attachments, identifier pools) and the chat data Chat
// derives from it: the figures of the existing benchmarks depend on all of
// it.
func fingerprint(o *Org, configs int) string {
	h := sha256.New()
	w := func(w io.Writer, format string, args ...any) { fmt.Fprintf(w, format, args...) }
	o.Tree.Walk(func(n *org.Node) bool {
		w(h, "node %s %s %s %d %s\n", n.ID, n.ParentID, n.Name, n.Depth, n.Type)
		for _, id := range o.Attachments[n.ID] {
			w(h, "  attach %s\n", id)
		}
		return true
	})
	for _, p := range o.Policies {
		w(h, "policy %s %s %s %s\n", p.ID, p.Name, p.Type, p.Content)
	}
	w(h, "pools %v %v %v %v\n", o.SlackTeams, o.Tenants, o.Teams, o.BaselineSlackTeams)
	cs, chans, teams := o.Chat(configs, 7)
	for _, c := range cs {
		w(h, "config %s %s %s %s %s %s %s %s %s %s %s %v\n", c.AccountID, c.Name, c.ARN, c.Platform, c.IamRoleARN,
			c.SlackTeamID, c.SlackChannelID, c.TenantID, c.TeamID, c.ChannelID, c.WebhookURL, c.UserAuthorizationRequired)
	}
	w(h, "%d %d\n", len(chans), len(teams))
	return hex.EncodeToString(h.Sum(nil))
}

// TestChatbotPartUnchanged pins the output of Generate and Chat as it was
// before SCPs were added to the generator (the hashes were taken from that
// code), with and without SCPs.
func TestChatbotPartUnchanged(t *testing.T) {
	t.Parallel()
	cases := []struct {
		spec Spec
		want string
	}{
		{Spec{Accounts: 3000, OUs: 150, MaxDepth: 5, ChatbotPolicies: 120, Seed: 1},
			"8cef1c90f4d7fb38b7022925d6dfa6d9894b05f4a67c7e89f5476e96b8d3bd79"},
		{Default(), "4531de4ca7b6be08004218da13cee598ab48bcd3d99815934e24a3afc29f7690"},
	}
	for _, tc := range cases {
		for _, scps := range []int{0, 300} {
			t.Run(fmt.Sprintf("%d-accounts-%d-scps", tc.spec.Accounts, scps), func(t *testing.T) {
				t.Parallel()
				if tc.spec.Accounts > 10_000 && testing.Short() {
					t.Skip("the default size takes a few seconds under -race")
				}
				spec := tc.spec
				spec.SCPs = scps
				o, err := Generate(spec)
				if err != nil {
					t.Fatal(err)
				}
				if got := fingerprint(o, 5000); got != tc.want {
					t.Errorf("fingerprint %s, want %s: the chat applications part changed", got, tc.want)
				}
				if len(o.SCPs) != scps {
					t.Errorf("%d SCPs, want %d", len(o.SCPs), scps)
				}
			})
		}
	}
}
