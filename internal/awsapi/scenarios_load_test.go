package awsapi_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/orgfile"
	"github.com/chatgov/chatgov/internal/policy"
)

// fileOrg is an org file's organization built in a server through the API,
// the one the offline commands build in memory: the server's management
// account is the one the offline state adds (orgfile.ManagementAccount),
// the accounts join with the file's IDs (created standalone, invited and
// accepted), and the configurations are created in their accounts before
// the policies are attached, as the offline commands create them. The
// root, the OUs, the policies and the organization get IDs the server
// draws: server maps them back to the file's.
type fileOrg struct {
	ts *testServer
	o  *orgfile.Org
	// nodes and policies map the file's IDs to the server's.
	nodes, policies map[string]string
	// creds are the accounts' root credentials.
	creds map[string]aws.Config
	// configs are the configurations created, with the ARNs the server
	// gave them.
	configs []*fileConfig
	// server maps the IDs the server drew to the file's.
	server *strings.Replacer
}

// fileConfig is a channel configuration file, for the offline commands
// and for the Chatbot API.
type fileConfig struct {
	path    string
	account string
	body    map[string]any
	arn     string // once created on the server
}

// writeConfig writes a configuration of account, the body of a corpus
// decision or an example, renamed: name is its ConfigurationName and
// suffixes its Slack channel, since an account has one configuration per
// channel and the corpus reuses channels.
func writeConfig(t *testing.T, dir, account, name, body string) *fileConfig {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	m["AccountId"], m["ConfigurationName"] = account, name
	if ch, ok := m["SlackChannelId"].(string); ok {
		m["SlackChannelId"] = ch + strings.ToUpper(strings.ReplaceAll(name, "-", ""))
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return &fileConfig{path: path, account: account, body: m}
}

// startFileServer starts a server whose management account is the one
// the offline commands give o's organization.
func startFileServer(t *testing.T, o *orgfile.Org) *testServer {
	return startServer(t, func(c *config.Config) { c.ManagementAccountID = o.ManagementAccount() })
}

// loadFile builds o in the server, with the configurations given, and
// restarts the server, which then holds what the offline commands load.
func (ts *testServer) loadFile(o *orgfile.Org, configs []*fileConfig) *fileOrg {
	ts.t.Helper()
	ctx := context.Background()
	c := ts.mgmtOrgs()
	root := ts.org()
	f := &fileOrg{ts: ts, o: o, nodes: map[string]string{o.Tree.Root().ID: root}, policies: map[string]string{}, creds: map[string]aws.Config{}}
	for _, t := range o.EnabledTypes() {
		if t != policy.ServiceControlPolicy { // enabled with the organization
			ts.enable(root, types.PolicyType(t))
		}
	}
	if !o.Enabled(policy.ServiceControlPolicy) {
		try(c.DisablePolicyType(ctx, &organizations.DisablePolicyTypeInput{RootId: aws.String(root),
			PolicyType: types.PolicyTypeServiceControlPolicy})).must(ts.t)
	}
	o.Tree.Walk(func(n *org.Node) bool {
		if n.Type == org.OU {
			f.nodes[n.ID] = ts.ou(f.nodes[n.ParentID], n.Name)
		}
		return true
	})
	o.Tree.Walk(func(n *org.Node) bool {
		if n.Type == org.Account {
			f.nodes[n.ID] = n.ID
			f.creds[n.ID] = ts.joinAs(n.ID, n.Name)
			if parent := f.nodes[n.ParentID]; parent != root {
				ts.move(n.ID, root, parent)
			}
		}
		return true
	})
	for _, p := range o.Policies {
		out := try(c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String(p.Name), Description: aws.String(p.Description),
			Type: types.PolicyType(p.Type), Content: aws.String(p.Content)})).must(ts.t)
		f.policies[p.ID] = *out.Policy.PolicySummary.Id
	}
	for _, cfg := range configs {
		cfg.arn = ts.createConfig(f.creds[cfg.account], cfg.body)
		f.configs = append(f.configs, cfg)
	}
	o.Tree.Walk(func(n *org.Node) bool {
		for _, p := range o.AttachedTo(n.ID) {
			ts.attach(c, f.policies[p.ID], f.nodes[n.ID])
		}
		return true
	})
	st, err := o.State(orgfile.StateOptions{})
	if err != nil {
		ts.t.Fatal(err)
	}
	full := map[string]bool{}
	for _, a := range st.Attachments {
		full[a.TargetID] = full[a.TargetID] || a.PolicyID == orgfile.FullAWSAccessID
	}
	o.Tree.Walk(func(n *org.Node) bool {
		if o.Enabled(policy.ServiceControlPolicy) && !full[n.ID] {
			try(c.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String(orgfile.FullAWSAccessID),
				TargetId: aws.String(f.nodes[n.ID])})).must(ts.t)
		}
		return true
	})
	orgID := *try(c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})).must(ts.t).Organization.Id
	// Longer IDs first: an OU's ID holds the root's suffix.
	var pairs []string
	for file, server := range f.nodes {
		if strings.HasPrefix(server, "ou-") {
			pairs = append(pairs, server, file)
		}
	}
	for file, server := range f.policies {
		pairs = append(pairs, server, file)
	}
	pairs = append(pairs, orgID, o.OrganizationID(), root, o.Tree.Root().ID)
	f.server = strings.NewReplacer(pairs...)
	// A restarted server holds its state as it loads it, as the offline
	// commands hold theirs.
	ts.restart()
	return f
}

// joinAs creates a standalone account with the given ID and name, invites
// it and has it accept; it returns its root credentials.
func (ts *testServer) joinAs(id, name string) aws.Config {
	ts.t.Helper()
	ctx := context.Background()
	out, err := ts.chatgov(ts.mgmt()).CreateStandaloneAccount(ctx, api.CreateStandaloneAccountInput{AccountID: id, AccountName: name,
		Email: "account-" + id + "@example.com"})
	if err != nil {
		ts.t.Fatalf("create-standalone-account %s: %v", id, err)
	}
	cfg := ts.awsConfig(out.AccessKey.AccessKeyID, out.AccessKey.SecretAccessKey, "")
	h := ts.invite(types.HandshakePartyTypeAccount, id)
	if _, err := ts.orgs(cfg).AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: h.Id}); err != nil {
		ts.t.Fatalf("AcceptHandshake by %s: %v", id, err)
	}
	return cfg
}

// chatBody is a configuration file's fields.
type chatBody struct {
	ConfigurationName, IamRoleArn, LoggingLevel                      string
	SlackTeamId, SlackChannelId, SlackChannelName, ChannelVisibility string
	TenantId, TeamId, TeamName, ChannelId, ChannelName               string
	WebhookUrl, WebhookDescription                                   string
	UserAuthorizationRequired                                        bool
	SnsTopicArns, GuardrailPolicyArns                                []string
}

// createChat creates the configuration of body through the Chatbot API
// with the account's credentials, after recording its Slack channel's
// visibility in the directory, as the offline commands do.
func (ts *testServer) createChat(creds aws.Config, body map[string]any) (string, error) {
	ts.t.Helper()
	data, _ := json.Marshal(body)
	var b chatBody
	if err := json.Unmarshal(data, &b); err != nil {
		ts.t.Fatal(err)
	}
	ctx := context.Background()
	c := ts.chatbot(creds)
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return aws.String(s)
	}
	switch {
	case b.SlackTeamId != "":
		if b.ChannelVisibility != "" {
			if _, err := ts.chatgov(ts.mgmt()).PutSlackChannel(ctx, api.PutSlackChannelInput{SlackTeamID: b.SlackTeamId, SlackChannelID: b.SlackChannelId,
				SlackChannelName: b.SlackChannelName, ChannelVisibility: b.ChannelVisibility}); err != nil {
				ts.t.Fatalf("put-slack-channel: %v", err)
			}
		}
		out, err := c.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{ConfigurationName: aws.String(b.ConfigurationName),
			SlackTeamId: aws.String(b.SlackTeamId), SlackChannelId: aws.String(b.SlackChannelId), SlackChannelName: opt(b.SlackChannelName),
			IamRoleArn: aws.String(b.IamRoleArn), LoggingLevel: opt(b.LoggingLevel), SnsTopicArns: b.SnsTopicArns,
			GuardrailPolicyArns: b.GuardrailPolicyArns, UserAuthorizationRequired: aws.Bool(b.UserAuthorizationRequired)})
		if err != nil {
			return "", err
		}
		return *out.ChannelConfiguration.ChatConfigurationArn, nil
	case b.TenantId != "":
		out, err := c.CreateMicrosoftTeamsChannelConfiguration(ctx, &chatbot.CreateMicrosoftTeamsChannelConfigurationInput{
			ConfigurationName: aws.String(b.ConfigurationName), TenantId: aws.String(b.TenantId), TeamId: aws.String(b.TeamId),
			TeamName: opt(b.TeamName), ChannelId: aws.String(b.ChannelId), ChannelName: opt(b.ChannelName), IamRoleArn: aws.String(b.IamRoleArn),
			LoggingLevel: opt(b.LoggingLevel), SnsTopicArns: b.SnsTopicArns, GuardrailPolicyArns: b.GuardrailPolicyArns,
			UserAuthorizationRequired: aws.Bool(b.UserAuthorizationRequired)})
		if err != nil {
			return "", err
		}
		return *out.ChannelConfiguration.ChatConfigurationArn, nil
	}
	out, err := c.CreateChimeWebhookConfiguration(ctx, &chatbot.CreateChimeWebhookConfigurationInput{ConfigurationName: aws.String(b.ConfigurationName),
		WebhookUrl: aws.String(b.WebhookUrl), WebhookDescription: aws.String(b.WebhookDescription), IamRoleArn: aws.String(b.IamRoleArn),
		LoggingLevel: opt(b.LoggingLevel), SnsTopicArns: b.SnsTopicArns})
	if err != nil {
		return "", err
	}
	return *out.WebhookConfiguration.ChatConfigurationArn, nil
}

// createConfig creates a configuration that must be created.
func (ts *testServer) createConfig(creds aws.Config, body map[string]any) string {
	ts.t.Helper()
	arn, err := ts.createChat(creds, body)
	if err != nil {
		ts.t.Fatalf("creating %v: %v", body["ConfigurationName"], err)
	}
	return arn
}
