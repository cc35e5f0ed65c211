package cli

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/orgfile"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
	"github.com/chatgov/chatgov/internal/store/memstore"
)

// The offline commands ask the server's questions of an org file: the file
// is loaded into a store in memory (orgfile.State), the service opens over
// it as it opens over a server's store, and the command calls the use case
// the server's API calls, as the management account. What a command brings
// beside the file (channel configurations, the chat directory, IAM
// registrations, a member's user role) goes in through the use cases that
// put it there on a server, checked as the server checks it. So the two
// answer the same question with the same bytes (awsapi's scenario tests
// check it), and no rule lives twice.

// offlineSeed is the fixed seed of the service's randomness offline: the
// IDs it draws (a simulated policy's) are the same at every run.
var offlineSeed = sha256.Sum256([]byte("chatgov offline"))

// offlineInputs are what a command brings beside the org file.
type offlineInputs struct {
	// management is the account of the file that is the management
	// account (--management); empty, the organization gets one outside
	// the file.
	management string
	// now is the service's clock (--now); the current time when zero.
	now time.Time
	// channels are Slack channels for the chat directory, with their
	// visibility.
	channels []gov.SlackChannel
	// policies are customer managed policies to register (--policy).
	policies []customerPolicy
	// roles are roles' permission policies to register (--role-policy).
	roles []rolePolicies
	// configs are channel configurations to create in their accounts.
	configs []*configFile
	// users map chat users to roles in configs[i] (--user, --user-role).
	users []userRole
}

type customerPolicy struct {
	arn, file, document string
}

type rolePolicies struct {
	role    string
	managed []string
	inline  []gov.InlinePolicy
}

type userRole struct {
	config         int
	chatUser, role string
}

// offlineOrg is an org file loaded into the service.
type offlineOrg struct {
	file *orgfile.Org
	svc  *gov.Service
	// mgmt is the management account, as the offline commands call.
	mgmt gov.Caller
	// arns are the ARNs of the configurations created, by inputs' index.
	arns []string
}

// rootCaller is an account's root user. Offline, the command line stands
// for every account of the file.
func rootCaller(account string) gov.Caller {
	return gov.Caller{AccountID: account, ARN: "arn:aws:iam::" + account + ":root"}
}

// openOrg loads o into the service over a store in memory, with in. A
// problem of the file or of what in brings, as the service reports it, is
// a usage error.
func openOrg(ctx context.Context, o *orgfile.Org, in offlineInputs) (*offlineOrg, error) {
	// Configurations are created before the policies are attached, as on a
	// server: a create the policies deny stores nothing, and a
	// configuration they disable is one they came to deny.
	unattached := len(in.configs) > 0
	st, err := o.State(orgfile.StateOptions{Management: in.management, Unattached: unattached})
	if err != nil {
		return nil, usageErr("--management: %v", err)
	}
	mem, err := memstore.NewFrom(ctx, st)
	if err != nil {
		return nil, usageErr("%s: %v", o.Path, err)
	}
	now := time.Now
	if !in.now.IsZero() {
		now = func() time.Time { return in.now }
	}
	svc, err := gov.New(ctx, mem, gov.Options{Now: now, Rand: rand.NewChaCha8(offlineSeed)})
	if err != nil {
		return nil, usageErr("%s: %s", o.Path, gov.ErrorOf(err).Message)
	}
	oo := &offlineOrg{file: o, svc: svc, mgmt: rootCaller(st.Organization.ManagementAccountID)}
	for _, ch := range in.channels {
		if err := svc.PutSlackChannel(ctx, oo.mgmt, ch); err != nil {
			return nil, offlineErr(err, "Slack channel %s/%s", ch.TeamID, ch.ChannelID)
		}
	}
	for _, p := range in.policies {
		if err := oo.putManagedPolicy(ctx, p); err != nil {
			return nil, err
		}
	}
	for _, r := range in.roles {
		account, _, _ := strings.Cut(strings.TrimPrefix(r.role, "arn:aws:iam::"), ":")
		if _, err := svc.PutRolePermissions(ctx, rootCaller(account), gov.RolePermissionsInput{RoleARN: r.role,
			ManagedPolicyARNs: r.managed, InlinePolicies: r.inline}); err != nil {
			return nil, offlineErr(err, "--role-policy %s", r.role)
		}
	}
	for _, c := range in.configs {
		nc, ci := c.newConfiguration()
		cfg, err := svc.CreateChatConfiguration(ctx, rootCaller(c.account), nc, ci)
		if err != nil {
			return nil, offlineErr(err, "%s", c.path)
		}
		oo.arns = append(oo.arns, cfg.ARN)
	}
	for _, u := range in.users {
		if _, err := svc.PutUserIdentity(ctx, rootCaller(in.configs[u.config].account), gov.UserIdentityInput{ConfigurationARN: oo.arns[u.config],
			ChatUserID: u.chatUser, IamRoleARN: u.role}); err != nil {
			return nil, offlineErr(err, "--user-role %s", u.role)
		}
	}
	if unattached {
		var failed error
		o.Tree.Walk(func(n *org.Node) bool {
			for _, p := range o.AttachedTo(n.ID) {
				if err := svc.AttachPolicy(ctx, oo.mgmt, p.ID, n.ID); err != nil {
					failed = offlineErr(err, "%s: attaching %s (%s) to %s", o.Path, p.ID, p.Name, n.ID)
					return false
				}
			}
			return true
		})
		if failed != nil {
			return nil, failed
		}
	}
	return oo, nil
}

// putManagedPolicy registers a customer managed policy in the account its
// ARN names, at the path and name it names.
func (oo *offlineOrg) putManagedPolicy(ctx context.Context, p customerPolicy) error {
	rest, ok := strings.CutPrefix(p.arn, "arn:aws:iam::")
	account, resource, _ := strings.Cut(rest, ":")
	pathName, ok2 := strings.CutPrefix(resource, "policy")
	if !ok || !ok2 || account == "aws" {
		return usageErr("--policy: %s is not a customer managed policy's ARN (AWS managed policies are built in)", p.arn)
	}
	cut := strings.LastIndexByte(pathName, '/')
	got, err := oo.svc.PutManagedPolicy(ctx, rootCaller(account), gov.ManagedPolicyInput{Name: pathName[cut+1:], Path: pathName[:cut+1], Document: p.document})
	if err != nil {
		return offlineErr(err, "--policy %s=%s", p.arn, p.file)
	}
	if got.ARN != p.arn {
		return usageErr("--policy: %s is not a customer managed policy's ARN such as arn:aws:iam::111111111111:policy/name", p.arn)
	}
	return nil
}

// offlineErr is the service's refusal of an offline input as a usage
// error: what was refused, and the service's message.
func offlineErr(err error, format string, args ...any) error {
	return usageErr("%s: %s", fmt.Sprintf(format, args...), gov.ErrorOf(err).Message)
}

// configFile is a channel configuration file: the body of a Chatbot create
// request (CreateSlackChannelConfiguration, ...), whose fields tell the
// platform, with chatgov's additions ChannelVisibility (Slack) and
// AccountId.
type configFile struct {
	path    string
	req     chatbot.Request
	account string // req.AccountID, or the account the command gave
	fields  struct {
		IamRoleArn          *string
		SnsTopicArns        *[]string
		LoggingLevel        *string
		GuardrailPolicyArns *[]string
		SlackChannelName    *string
		TeamName            *string
		ChannelName         *string
		WebhookUrl          *string
		WebhookDescription  *string
		Tags                []struct{ TagKey, TagValue string }
	}
}

// readConfigFile reads a configuration file ("-": standard input); an
// unreadable or invalid one is a usage error listing every problem.
func readConfigFile(s Streams, path string) (*configFile, error) {
	data, err := readInput(s, path)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	c := &configFile{path: path}
	if c.req, err = chatbot.ParseRequest(data); err != nil {
		return nil, usageErr("%s: %v", path, err)
	}
	if err := json.Unmarshal(data, &c.fields); err != nil {
		return nil, usageErr("%s: %v", path, err)
	}
	c.account = c.req.AccountID
	return c, nil
}

// inAccount sets the configuration's account from ref (an ID or unique
// name in the org file; AccountId when empty). It returns a usage error
// when neither names one, ref names no account, or ref is not the file's
// AccountId.
func (c *configFile) inAccount(o *orgfile.Org, ref string) (*org.Node, error) {
	if ref == "" {
		ref = c.req.AccountID
	}
	if ref == "" {
		return nil, usageErr("give --account, or AccountId in the configuration")
	}
	acct, err := resolveAccount(o, ref)
	if err != nil {
		return nil, err
	}
	if c.req.AccountID != "" && c.req.AccountID != acct.ID {
		return nil, usageErr("the configuration's AccountId %s is not account %s", c.req.AccountID, acct.ID)
	}
	c.account = acct.ID
	return acct, nil
}

// newConfiguration is the create request the file is.
func (c *configFile) newConfiguration() (gov.NewChatConfiguration, gov.ChatInput) {
	cfg := c.req.Config
	nc := gov.NewChatConfiguration{Platform: string(cfg.Platform), Name: c.req.ConfigurationName,
		SlackTeamID: cfg.SlackTeamID, SlackChannelID: cfg.SlackChannelID, TenantID: cfg.TenantID, TeamID: cfg.TeamID, ChannelID: cfg.ChannelID}
	if len(c.fields.Tags) > 0 {
		nc.Tags = map[string]string{}
		for _, t := range c.fields.Tags {
			nc.Tags[t.TagKey] = t.TagValue
		}
	}
	f := c.fields
	in := gov.ChatInput{IamRoleARN: f.IamRoleArn, SnsTopicARNs: f.SnsTopicArns, LoggingLevel: f.LoggingLevel,
		GuardrailPolicyARNs: f.GuardrailPolicyArns, SlackChannelName: f.SlackChannelName, ChannelName: f.ChannelName,
		TeamName: f.TeamName, WebhookURL: f.WebhookUrl, WebhookDescription: f.WebhookDescription}
	uar := cfg.UserAuthorizationRequired
	in.UserAuthorizationRequired = &uar
	return nc, in
}

// channel is the directory's entry for the configuration's Slack channel,
// when the file gives its visibility.
func (c *configFile) channel() (gov.SlackChannel, bool) {
	cfg := c.req.Config
	if cfg.Platform != chatbot.Slack || cfg.ChannelVisibility == "" {
		return gov.SlackChannel{}, false
	}
	ch := gov.SlackChannel{TeamID: cfg.SlackTeamID, ChannelID: cfg.SlackChannelID, Visibility: string(cfg.ChannelVisibility)}
	if c.fields.SlackChannelName != nil {
		ch.ChannelName = *c.fields.SlackChannelName
	}
	return ch, true
}

// directory returns the directory entries of configurations, refusing two
// visibilities for one channel.
func directory(configs []*configFile) ([]gov.SlackChannel, error) {
	var out []gov.SlackChannel
	from := map[string]*configFile{}
	for _, c := range configs {
		ch, ok := c.channel()
		if !ok {
			continue
		}
		key := ch.TeamID + "/" + ch.ChannelID
		if prev, dup := from[key]; dup {
			if p, _ := prev.channel(); p.Visibility != ch.Visibility {
				return nil, usageErr("%s and %s give Slack channel %s two visibilities", prev.path, c.path, key)
			}
			continue
		}
		from[key] = c
		out = append(out, ch)
	}
	return out, nil
}
