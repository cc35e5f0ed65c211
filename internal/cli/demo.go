package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// The demo organization is the one of AWS's blog post on chat applications
// policies: a Slack-only chatbot policy for one workspace with user roles
// (its Figure 4) on the root, and an SCP that keeps chat channels to
// invoking Lambda functions and starting SSM automations (its Figure 5) on
// the Engineering OU. Its chat configurations are created before the
// policies are attached, as they would have been before the organization
// adopted them, so that the policy disables those it does not allow.

// demoChatbotPolicy is the content of the blog's Figure 4.
const demoChatbotPolicy = `{
  "chatbot": {
    "default": {"client": {"@@assign": "disabled"}},
    "platforms": {
      "slack": {
        "client": {"@@assign": "enabled"},
        "default": {"supported_role_settings": {"@@assign": ["user_role"]}},
        "workspaces": {"@@assign": ["T12341234"]}
      }
    }
  }
}`

// demoSCP is the blog's Figure 5.
const demoSCP = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "NotAction": ["ssm:StartAutomationExecution", "lambda:InvokeFunction"],
      "Resource": "*",
      "Condition": {"ArnLike": {"aws:ChatbotSourceArn": "arn:aws:chatbot::*:chat-configuration/*"}}
    }
  ]
}`

// The demo's chat directory.
const (
	demoWorkspace       = "T12341234" // the workspace Figure 4 allows
	demoOtherWorkspace  = "T0CONTRAC" // one it does not
	demoTenant          = "5e7b2c1d-3f4a-4b8e-9c6d-0a1b2c3d4e5f"
	demoTeam            = "9c1f4e2a-7b3d-4e5f-8a6b-1c2d3e4f5a6b"
	demoTeamsChannel    = "19%3aops%40thread.tacv2"
	demoChatbotName     = "AllowOnlySlackWithUserRolePolicy"
	demoSCPName         = "DenyChatCommandsButLambdaAndSSM"
	demoAccountRoleName = "OrganizationAccountAccessRole"
)

var demoSlackChannels = []gov.SlackChannel{
	{TeamID: demoWorkspace, TeamName: "Acme", ChannelID: "C0DEVOPS1", ChannelName: "dev-ops", Visibility: "private"},
	{TeamID: demoWorkspace, TeamName: "Acme", ChannelID: "C0PRODALR", ChannelName: "prod-alerts", Visibility: "public"},
	{TeamID: demoWorkspace, TeamName: "Acme", ChannelID: "C0LEDGER1", ChannelName: "ledger", Visibility: "private"},
	{TeamID: demoOtherWorkspace, TeamName: "Acme Contractors", ChannelID: "C0CONTRA1", ChannelName: "contractors", Visibility: "private"},
}

// demoAccount is a member account of the demo and the OU it sits in.
type demoAccount struct{ name, ou string }

var demoAccounts = []demoAccount{{"dev", "Engineering"}, {"prod", "Prod"}, {"ledger", "Finance"}}

// demoConfig is a chat configuration of the demo: which account has it,
// on which channel, and whether users need their own role.
type demoConfig struct {
	account, name, platform, channel string
	userRole                         bool
}

var demoConfigs = []demoConfig{
	{"dev", "dev-ops", gov.PlatformSlack, "C0DEVOPS1", true},          // allowed
	{"prod", "prod-alerts", gov.PlatformSlack, "C0PRODALR", true},     // allowed
	{"ledger", "ledger", gov.PlatformSlack, "C0LEDGER1", false},       // a channel role: disabled
	{"dev", "contractors", gov.PlatformSlack, "C0CONTRA1", true},      // another workspace: disabled
	{"prod", "prod-teams", gov.PlatformTeams, demoTeamsChannel, true}, // Teams: disabled
}

// demoOrg is what the demo seeded, with the IDs its next steps name.
type demoOrg struct {
	OrganizationID string
	RootID         string
	OUs            map[string]string // by name
	Accounts       map[string]string // by name
	ChatbotPolicy  string
	SCP            string
	Configurations []gov.ChatConfiguration
}

// errStoreNotFresh refuses the demo on a store that holds anything.
var errStoreNotFresh = errors.New("the demo seeds only a fresh store, and this one already holds")

// seedDemo seeds the demo organization through the service's use cases,
// as the management account's root user and, for their configurations,
// the member accounts'. It refuses a store that already has an
// organization, a chat directory or configurations.
func seedDemo(ctx context.Context, svc *gov.Service, mgmtAccount string) (*demoOrg, error) {
	mgmt := rootCaller(mgmtAccount)
	if o, err := svc.DescribeOrganization(mgmt); err == nil {
		return nil, fmt.Errorf("%w the organization %s", errStoreNotFresh, o.ID)
	}
	if dir, err := svc.ListDirectory(mgmt); err == nil && len(dir.SlackChannels)+len(dir.TeamsTeams) > 0 {
		return nil, fmt.Errorf("%w a chat directory", errStoreNotFresh)
	}
	if p, err := svc.ListChatConfigurations(mgmt, "", "", "", "", 0); err == nil && len(p.Items) > 0 {
		return nil, fmt.Errorf("%w chat configurations", errStoreNotFresh)
	}
	step := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("seeding the demo: %s: %s", what, gov.ErrorOf(err).Message)
		}
		return nil
	}
	d := &demoOrg{OUs: map[string]string{}, Accounts: map[string]string{}}
	o, err := svc.CreateOrganization(ctx, mgmt, "ALL")
	if err := step("creating the organization", err); err != nil {
		return nil, err
	}
	d.OrganizationID = o.ID
	roots, err := svc.ListRoots(mgmt, "", 0)
	if err == nil && len(roots.Items) == 0 {
		err = errors.New("no root")
	}
	if err := step("listing the roots", err); err != nil {
		return nil, err
	}
	d.RootID = roots.Items[0].ID
	// A new organization has SCPs enabled, as on AWS.
	if _, err := svc.EnablePolicyType(ctx, mgmt, d.RootID, policy.ChatbotPolicy); err != nil {
		return nil, step("enabling CHATBOT_POLICY", err)
	}
	for _, ou := range []struct{ name, parent string }{{"Engineering", ""}, {"Prod", "Engineering"}, {"Finance", ""}} {
		parent := d.RootID
		if ou.parent != "" {
			parent = d.OUs[ou.parent]
		}
		created, err := svc.CreateOrganizationalUnit(ctx, mgmt, parent, ou.name, nil)
		if err := step("creating the OU "+ou.name, err); err != nil {
			return nil, err
		}
		d.OUs[ou.name] = created.ID
	}
	for _, a := range demoAccounts {
		id, err := createDemoAccount(ctx, svc, mgmt, a.name)
		if err := step("creating the account "+a.name, err); err != nil {
			return nil, err
		}
		d.Accounts[a.name] = id
		if err := step("moving "+a.name, svc.MoveAccount(ctx, mgmt, id, d.RootID, d.OUs[a.ou])); err != nil {
			return nil, err
		}
	}
	for _, ch := range demoSlackChannels {
		if err := step("adding the Slack channel "+ch.ChannelName, svc.PutSlackChannel(ctx, mgmt, ch)); err != nil {
			return nil, err
		}
	}
	team := gov.TeamsTeam{TenantID: demoTenant, TeamID: demoTeam, TeamName: "Acme Engineering"}
	if err := step("adding the Teams team", svc.PutTeamsTeam(ctx, mgmt, team)); err != nil {
		return nil, err
	}
	var arns []string
	for _, c := range demoConfigs {
		account := d.Accounts[c.account]
		nc := gov.NewChatConfiguration{Platform: c.platform, Name: c.name, Tags: map[string]string{"demo": "true"}}
		role := "arn:aws:iam::" + account + ":role/chatbot-" + c.name
		in := gov.ChatInput{IamRoleARN: &role, UserAuthorizationRequired: &c.userRole}
		if c.platform == gov.PlatformSlack {
			nc.SlackTeamID, nc.SlackChannelID = demoTeamOf(c.channel), c.channel
		} else {
			nc.TenantID, nc.TeamID, nc.ChannelID = demoTenant, demoTeam, c.channel
			channel, teamName := "ops", team.TeamName
			in.ChannelName, in.TeamName = &channel, &teamName
		}
		created, err := svc.CreateChatConfiguration(ctx, rootCaller(account), nc, in)
		if err := step("creating the configuration "+c.name, err); err != nil {
			return nil, err
		}
		arns = append(arns, created.ARN)
	}
	policies := []struct {
		name, description, content, target string
		t                                  policy.Type
		id                                 *string
	}{
		{demoChatbotName, "Slack only, workspace T12341234, user roles only (the blog's Figure 4)", demoChatbotPolicy, d.RootID, policy.ChatbotPolicy, &d.ChatbotPolicy},
		{demoSCPName, "From chat channels, deny all but invoking Lambda functions and starting SSM automations (the blog's Figure 5)", demoSCP, d.OUs["Engineering"], policy.ServiceControlPolicy, &d.SCP},
	}
	for _, p := range policies {
		created, err := svc.CreatePolicy(ctx, mgmt, gov.CreatePolicyInput{Name: p.name, Description: p.description, Type: p.t, Content: p.content})
		if err := step("creating the policy "+p.name, err); err != nil {
			return nil, err
		}
		*p.id = created.ID
		if err := step("attaching "+p.name, svc.AttachPolicy(ctx, mgmt, created.ID, p.target)); err != nil {
			return nil, err
		}
	}
	for i, c := range demoConfigs {
		got, err := svc.GetChatConfiguration(rootCaller(d.Accounts[c.account]), arns[i], c.platform)
		if err := step("reading "+c.name, err); err != nil {
			return nil, err
		}
		d.Configurations = append(d.Configurations, got)
	}
	return d, nil
}

func demoTeamOf(channel string) string {
	for _, ch := range demoSlackChannels {
		if ch.ChannelID == channel {
			return ch.TeamID
		}
	}
	return ""
}

// createDemoAccount creates a member account and returns its ID.
func createDemoAccount(ctx context.Context, svc *gov.Service, mgmt gov.Caller, name string) (string, error) {
	st, err := svc.CreateAccount(ctx, mgmt, gov.CreateAccountInput{Email: name + "@example.com", AccountName: name, RoleName: demoAccountRoleName})
	if err != nil {
		return "", err
	}
	if st.AccountID == "" {
		if st, err = svc.DescribeCreateAccountStatus(mgmt, st.ID); err != nil {
			return "", err
		}
	}
	if st.AccountID == "" {
		return "", fmt.Errorf("the account was not created: %s %s", st.State, st.FailureReason)
	}
	return st.AccountID, nil
}

// printDemo says what the demo seeded and what to try, with its IDs.
func printDemo(w io.Writer, d *demoOrg, url string) {
	a := d.Accounts
	fmt.Fprintf(w, "chatgov seeded the demo organization %s (AWS's blog post on chat applications policies):\n\n", d.OrganizationID)
	fmt.Fprintf(w, "  root %-36s CHATBOT_POLICY %s %s (Figure 4)\n", d.RootID, d.ChatbotPolicy, demoChatbotName)
	fmt.Fprintf(w, "    OU Engineering %-24s SCP %s %s (Figure 5)\n", d.OUs["Engineering"], d.SCP, demoSCPName)
	fmt.Fprintf(w, "      account dev %s\n", a["dev"])
	fmt.Fprintf(w, "      OU Prod %s\n", d.OUs["Prod"])
	fmt.Fprintf(w, "        account prod %s\n", a["prod"])
	fmt.Fprintf(w, "    OU Finance %s\n", d.OUs["Finance"])
	fmt.Fprintf(w, "      account ledger %s\n\n", a["ledger"])
	fmt.Fprintf(w, "Chat configurations, created before the policies were attached:\n\n")
	for _, c := range d.Configurations {
		reason := ""
		if c.State == gov.StateDisabled {
			reason = ": " + c.StateReason
		}
		fmt.Fprintf(w, "  %-8s %s%s\n", c.State, c.ARN, reason)
	}
	var disabled string
	for _, c := range d.Configurations {
		if c.State == gov.StateDisabled && disabled == "" {
			disabled = c.ARN
		}
	}
	fmt.Fprintf(w, "\nNext, with the export lines above pasted (chatgov calls the server at %s):\n\n", url)
	fmt.Fprintf(w, "  # the chatbot policy in effect for the ledger account, and where it comes from\n")
	fmt.Fprintf(w, "  aws --endpoint-url \"$AWS_ENDPOINT_URL\" organizations describe-effective-policy --policy-type CHATBOT_POLICY --target-id %s\n", a["ledger"])
	fmt.Fprintf(w, "  # why the policy disabled %s\n", disabled)
	fmt.Fprintf(w, "  chatgov compliance --server \"$AWS_ENDPOINT_URL\" --account %s\n", a["ledger"])
	fmt.Fprintf(w, "  # what detaching the chatbot policy from the root would change\n")
	fmt.Fprintf(w, "  chatgov policy what-if --server \"$AWS_ENDPOINT_URL\" --detach-policy %s --target %s\n", d.ChatbotPolicy, d.RootID)
	fmt.Fprintf(w, "  # the same organization in a browser: sign in with the access key ID and secret above\n")
	fmt.Fprintf(w, "  %s/console/\n\n", url)
}
