package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// ChannelsPerTeam is how many Slack channels of each workspace the
// directory knows.
const ChannelsPerTeam = 20

// Chat returns n channel configurations spread over the organization's
// member accounts (Slack 60%, Microsoft Teams 30%, Chime 10%), and the chat
// directory they use. The same organization and n give the same result.
func (o *Org) Chat(n int, seed uint64) ([]store.ChatConfiguration, []store.SlackChannel, []store.TeamsTeam) {
	rng := rand.New(rand.NewPCG(seed, seed^0xc4a7))
	var accounts []string
	o.Tree.Walk(func(nd *org.Node) bool {
		if nd.Type == org.Account && nd.ID != o.ManagementAccountID() {
			accounts = append(accounts, nd.ID)
		}
		return true
	})
	var channels []store.SlackChannel
	for _, team := range o.SlackTeams {
		for c := 0; c < ChannelsPerTeam; c++ {
			vis := "private"
			if c%3 == 0 {
				vis = "public"
			}
			channels = append(channels, store.SlackChannel{TeamID: team, TeamName: "Workspace " + team,
				ChannelID: fmt.Sprintf("C%s%02d", team[1:], c), ChannelName: fmt.Sprintf("channel-%d", c), Visibility: vis})
		}
	}
	var teams []store.TeamsTeam
	for i, team := range o.Teams {
		teams = append(teams, store.TeamsTeam{TenantID: o.Tenants[i%len(o.Tenants)], TeamID: team, TeamName: fmt.Sprintf("Team %d", i)})
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	configs := make([]store.ChatConfiguration, n)
	for i := range configs {
		acct := accounts[rng.IntN(len(accounts))]
		c := store.ChatConfiguration{AccountID: acct, Name: fmt.Sprintf("config-%d", i),
			IamRoleARN: "arn:aws:iam::" + acct + ":role/chatbot", LoggingLevel: "ERROR",
			UserAuthorizationRequired: rng.IntN(2) == 0, CreatedAt: at, UpdatedAt: at}
		switch p := rng.IntN(10); {
		case p < 6:
			ch := channels[rng.IntN(len(channels))]
			c.Platform, c.SlackTeamID, c.SlackTeamName, c.SlackChannelID, c.SlackChannelName =
				store.PlatformSlack, ch.TeamID, ch.TeamName, ch.ChannelID, ch.ChannelName
			c.ARN = "arn:aws:chatbot::" + acct + ":chat-configuration/slack-channel/" + c.Name
		case p < 9:
			t := teams[rng.IntN(len(teams))]
			c.Platform, c.TenantID, c.TeamID, c.TeamName = store.PlatformTeams, t.TenantID, t.TeamID, t.TeamName
			c.ChannelID = fmt.Sprintf("19%%3a%032x%%40thread.tacv2", i)
			c.ARN = "arn:aws:chatbot::" + acct + ":chat-configuration/microsoft-teams-channel/" + c.Name
		default:
			c.Platform, c.WebhookURL, c.WebhookDescription = store.PlatformChime,
				fmt.Sprintf("https://hooks.chime.aws/incomingwebhooks/%d?token=t%d", i, i), "room"
			c.SnsTopicARNs = []string{"arn:aws:sns:us-east-1:" + acct + ":alerts"}
			c.ARN = "arn:aws:chatbot::" + acct + ":chat-configuration/chime-webhook/" + c.Name
		}
		configs[i] = c
	}
	return configs, channels, teams
}

// ManagementAccountID is the generated organization's management account:
// its first account.
func (o *Org) ManagementAccountID() string { return fmt.Sprintf("%012d", 100_000_000_000) }

// OrganizationID and the root's ID of generated organizations.
const OrganizationID = "o-synthorg01"

// Write stores the organization, with CHATBOT_POLICY enabled, its policies
// and attachments, and the given chat data, in one Update. When the
// organization has SCPs, SERVICE_CONTROL_POLICY is enabled too, with
// FullAWSAccess stored and attached to every node. It returns the
// Update's error.
func (o *Org) Write(ctx context.Context, st store.Updater, configs []store.ChatConfiguration,
	channels []store.SlackChannel, teams []store.TeamsTeam) error {
	return o.WriteProgress(ctx, st, configs, channels, teams, nil)
}

// Records returns how many records Write stores with that much chat data,
// the total WriteProgress reports against.
func (o *Org) Records(configs, channels, teams int) int {
	n := 2 + len(o.Policies) + configs + channels + teams // organization and policy type
	o.Tree.Walk(func(nd *org.Node) bool {
		if nd.Type != org.Root {
			n++
		}
		n += len(o.Attachments[nd.ID])
		if len(o.SCPs) > 0 {
			n += 1 + len(o.SCPAttachments[nd.ID])
		}
		return true
	})
	if len(o.SCPs) > 0 {
		n += 2 + len(o.SCPs) // policy type and FullAWSAccess
	}
	return n
}

// progressEvery is how many records Write stores between two calls of its
// progress function.
const progressEvery = 2000

// writtenAt is the creation time of every record Write stores.
var writtenAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteProgress is Write, calling progress (when not nil) with the number
// of records stored so far and Records' total, every few thousand records
// and once at the end, so that a caller can show how a long load goes.
func (o *Org) WriteProgress(ctx context.Context, st store.Updater, configs []store.ChatConfiguration,
	channels []store.SlackChannel, teams []store.TeamsTeam, progress func(done, total int)) error {
	total := o.Records(len(configs), len(channels), len(teams))
	done := 0
	// stored counts one record; a retried transaction starts over.
	stored := func() {
		done++
		if progress != nil && (done%progressEvery == 0 || done == total) {
			progress(done, total)
		}
	}
	return st.Update(ctx, func(ctx context.Context, tx store.Tx) error {
		done = 0
		if err := o.writeOrganization(ctx, tx, stored); err != nil {
			return err
		}
		if err := o.writeTree(ctx, tx, stored); err != nil {
			return err
		}
		if err := o.writePolicies(ctx, tx, stored); err != nil {
			return err
		}
		return writeChat(ctx, tx, configs, channels, teams, stored)
	})
}

// writeOrganization stores the organization and enables its policy types.
func (o *Org) writeOrganization(ctx context.Context, w store.OrganizationWriter, stored func()) error {
	root := o.Tree.Root()
	if err := w.PutOrganization(ctx, store.Organization{ID: OrganizationID, FeatureSet: "ALL",
		ManagementAccountID: o.ManagementAccountID(), ManagementAccountEmail: "management@example.com",
		RootID: root.ID, RootName: root.Name, CreatedAt: writtenAt}); err != nil {
		return err
	}
	stored()
	if err := w.PutPolicyType(ctx, store.PolicyType{Type: string(policy.ChatbotPolicy), Status: "ENABLED"}); err != nil {
		return err
	}
	stored()
	if len(o.SCPs) > 0 {
		if err := w.PutPolicyType(ctx, store.PolicyType{Type: string(policy.ServiceControlPolicy), Status: "ENABLED"}); err != nil {
			return err
		}
		stored()
	}
	return nil
}

// writeTree stores the OUs and accounts.
func (o *Org) writeTree(ctx context.Context, w store.TreeWriter, stored func()) error {
	var err error
	o.Tree.Walk(func(n *org.Node) bool {
		switch n.Type {
		case org.OU:
			err = w.PutOU(ctx, store.OU{ID: n.ID, ParentID: n.ParentID, Name: n.Name, CreatedAt: writtenAt})
		case org.Account:
			err = w.PutAccount(ctx, store.Account{ID: n.ID, ParentID: n.ParentID, Name: n.Name,
				Email: n.ID + "@example.com", Status: "ACTIVE", JoinedMethod: "CREATED", JoinedAt: writtenAt,
				RoleName: "OrganizationAccountAccessRole"})
		}
		if n.Type != org.Root {
			stored()
		}
		return err == nil
	})
	return err
}

// writePolicies stores the policies, then their attachments.
func (o *Org) writePolicies(ctx context.Context, w store.PolicyWriter, stored func()) error {
	put := func(p store.Policy) error {
		p.CreatedAt, p.UpdatedAt = writtenAt, writtenAt
		if err := w.PutPolicy(ctx, p); err != nil {
			return err
		}
		stored()
		return nil
	}
	for _, p := range o.Policies {
		if err := put(store.Policy{ID: p.ID, Name: p.Name, Description: "synthetic", Type: string(p.Type), Content: p.Content}); err != nil {
			return err
		}
	}
	if len(o.SCPs) > 0 {
		if err := put(store.Policy{ID: FullAWSAccessID, Name: "FullAWSAccess", Description: "Allows access to every operation",
			Type: string(policy.ServiceControlPolicy), AWSManaged: true, Content: fullAWSAccessContent}); err != nil {
			return err
		}
		for _, p := range o.SCPs {
			if err := put(store.Policy{ID: p.ID, Name: p.Name, Description: "synthetic", Type: string(p.Type), Content: p.Content}); err != nil {
				return err
			}
		}
	}
	seq := int64(0)
	var err error
	attach := func(n *org.Node, ids []string) bool {
		for _, pid := range ids {
			seq++
			if err = w.Attach(ctx, store.Attachment{PolicyID: pid, TargetID: n.ID, Seq: seq}); err != nil {
				return false
			}
			stored()
		}
		return true
	}
	o.Tree.Walk(func(n *org.Node) bool { return attach(n, o.Attachments[n.ID]) })
	if err == nil && len(o.SCPs) > 0 {
		// After the chat applications policies' attachments, so that
		// theirs keep their sequence numbers; FullAWSAccess first at each
		// node, as enabling the type attached it before any other SCP.
		o.Tree.Walk(func(n *org.Node) bool { return attach(n, append([]string{FullAWSAccessID}, o.SCPAttachments[n.ID]...)) })
	}
	return err
}

// writeChat stores the chat directory, then the configurations.
func writeChat(ctx context.Context, w store.ChatWriter, configs []store.ChatConfiguration,
	channels []store.SlackChannel, teams []store.TeamsTeam, stored func()) error {
	for _, c := range channels {
		if err := w.PutSlackChannel(ctx, c); err != nil {
			return err
		}
		stored()
	}
	for _, t := range teams {
		if err := w.PutTeamsTeam(ctx, t); err != nil {
			return err
		}
		stored()
	}
	for _, c := range configs {
		if err := w.PutChatConfiguration(ctx, c); err != nil {
			return err
		}
		stored()
	}
	return nil
}
