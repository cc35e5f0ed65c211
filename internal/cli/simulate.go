package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatauthz"
	"github.com/chatgov/chatgov/internal/chatcmd"
	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/jsondoc"
)

// simulateArgs are the flags of `chatgov simulate`.
type simulateArgs struct {
	sa  serverArgs
	oa  orgArgs
	out outputFlag

	configPath   string
	command      string
	user         string
	userRole     string
	policies     []string // ARN=FILE
	rolePolicies []string // ROLE_ARN=FILE or ROLE_ARN=POLICY_ARN
	now          string
	management   bool

	configurationARN string
	// simulatedARN is the configuration simulated: --configuration, or
	// offline the ARN the configuration file was created with.
	simulatedARN string
}

func newSimulateCmd(s Streams) *cobra.Command {
	var a simulateArgs
	c := &cobra.Command{
		Use:   "simulate (--org ORG --config CONFIG.json | --configuration ARN) --command TEXT",
		Short: "Decide whether a command typed in a chat channel may run, gate by gate",
		Long: `Decide whether a command typed to AWS Chatbot in a chat channel ("@aws lambda invoke
--function-name f out.json") may run, and say why, gate by gate:

  configuration             the channel configuration is ENABLED under the chat applications policy
  role-setting              the role it runs with (the member's user role, else the channel role)
                            is one the policy allows
  chatbot-blocked           AWS Chatbot runs the action from chat at all
  guardrails                the configuration's guardrail policies allow the request
                            (AdministratorAccess when it names none)
  role-permissions          the role's own policies allow it (NOT_EVALUATED when unknown)
  service-control-policies  every level from the root to the account allows it and none denies it

Offline, on files: --org ORG --config CONFIG.json, where CONFIG is the Chatbot create request
that "chatgov policy check" reads (with IamRoleArn, and optionally GuardrailPolicyArns and
AccountId; --account otherwise). The server's own simulation runs on the org file: the
configuration is created in its account as the Chatbot API creates it (and checked as the API
checks it), before the file's policies are attached, so that its state is the one they give it.
--user-role ROLE_ARN is the role mapped to the member who types the command (--user CHAT_USER_ID
names them); without it the command runs with the channel role, unless the configuration requires
user roles. Guardrails are AWS managed policies, which chatgov holds, or customer managed ones
given with --policy ARN=FILE, registered in the account of the ARN. --role-policy ROLE_ARN=FILE
(or =POLICY_ARN) registers a permission policy of a role, once per policy. As on a server, a
configuration sees its own account's roles and policies only; a role or a guardrail it does not
see is NOT_EVALUATED. SCPs come from the org file: while SERVICE_CONTROL_POLICY is enabled, every
node has FullAWSAccess unless it says detachFullAWSAccess: true. The organization's management
account, which SCPs never restrict, is outside the file, unless --management says the
configuration's account is. Commands without --region run in ` + gov.DefaultCommandRegion + `; --now sets aws:CurrentTime.

With --server URL (or $CHATGOV_SERVER) and --configuration ARN, a running chatgov server decides
on its own state: the configuration's state, the chat user's mapped role (--user), the guardrails
and role permissions registered with "chatgov iam", and the organization's SCPs. Requests are
signed with the credentials the AWS CLI would
use (--profile, AWS_PROFILE, AWS_ACCESS_KEY_ID, the shared config and credentials files).

-o json prints, in both modes, the server's simulate-chat-command answer:
  {"Decision": "ALLOWED"|"DENIED",
   "Command": {"Service", "Operation", "Action", "Region", "Resources": [...]},
   "Requests": [{"Action", "Resource", "Decision",
     "Gates": [{"Name", "Outcome": "ALLOWED"|"DENIED"|"NOT_EVALUATED", "Reason",
       "Statements": [{"PolicyId", "PolicyName", "StatementIndex", "Sid", "Effect", "Description"}],
       "Levels": [{"NodeId", "NodeType", "NodeName", "Decision", "Reason"}]}]}]}
one request per resource; Statements (the statements that decided a policy gate) and Levels (the
SCP chain, root first, each level ALLOWED or DENIED) only where there are any.

Exit status: 0 when the command may run, 1 when it may not (or the server refuses: "chatgov:
<Code>: <message>"), 2 on usage errors: bad flags, unreadable or invalid files, and a command that
cannot be parsed (with its column and what you may have meant).`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := a.out.json()
			if err != nil {
				return err
			}
			var res simulateOut
			switch {
			case a.oa.orgPath != "" && (a.sa.flagged(c) || a.configurationARN != ""):
				return usageErr("give --org and --config (offline, on files) or --configuration with --server (on a running server), not both")
			case a.oa.orgPath != "":
				res, err = a.offline(c, s)
			case a.sa.chosen(c, s) || a.configurationARN != "":
				res, err = a.online(c, s)
			default:
				return usageErr("give --org ORG --config CONFIG.json to decide on files, or --configuration ARN (and --server URL) to ask a running server")
			}
			if err != nil {
				return err
			}
			if asJSON {
				if err := writeJSON(s.Out, res); err != nil {
					return err
				}
			} else {
				printSimulation(s.Out, res, a.roleSettingFix, s.colour())
			}
			if res.Decision != string(chatauthz.Allowed) {
				return failed
			}
			return nil
		},
	}
	a.sa.register(c)
	a.out.register(c)
	f := c.Flags()
	// Not orgArgs.register, which makes --org required: here it is
	// required offline only.
	f.StringVar(&a.oa.orgPath, "org", "", "offline: org file (YAML or JSON) describing the organization")
	f.StringVar(&a.oa.account, "account", "", "offline: the configuration's account (ID or unique name in the org file), if it has no AccountId")
	f.StringVar(&a.configPath, "config", "", "offline: channel configuration file (a Chatbot create request, JSON)")
	f.StringVar(&a.command, "command", "", `the chat command, as typed: "@aws lambda invoke --function-name f out.json"`)
	f.StringVar(&a.user, "user", "", "the chat user (member) who types the command")
	f.StringVar(&a.userRole, "user-role", "", "offline: the IAM role mapped to the member for this configuration")
	f.StringArrayVar(&a.policies, "policy", nil, "offline: a customer managed policy, `ARN=FILE` (repeatable)")
	f.StringArrayVar(&a.rolePolicies, "role-policy", nil, "offline: a permission policy of a role, `ROLE_ARN=FILE` or ROLE_ARN=POLICY_ARN (repeatable)")
	f.StringVar(&a.now, "now", "", "offline: when the command runs (RFC 3339; default now)")
	f.BoolVar(&a.management, "management", false, "offline: the account is the organization's management account (SCPs do not restrict it)")
	f.StringVar(&a.configurationARN, "configuration", "", "with --server: the channel configuration's ARN")
	_ = c.MarkFlagRequired("command")
	return c
}

// commandErr is chatcmd's refusal as a usage error, with the command and a
// caret under the column when the command is one line.
func commandErr(err error) error {
	var ce *chatcmd.Error
	if !errors.As(err, &ce) || ce.Text == "" || strings.ContainsAny(ce.Text, "\n\r\t") {
		return usageErr("%v", err)
	}
	col := utf8.RuneCountInString(ce.Text[:min(max(ce.Offset, 0), len(ce.Text))])
	return usageErr("%s\n  %s\n  %s^", ce.Error(), ce.Text, strings.Repeat(" ", col))
}

// chatUserOffline is the member a --user-role is mapped to when --user
// names none: the service maps roles to chat users.
const chatUserOffline = "offline-member"

// offline decides on files: the org file with the configuration created
// in its account, the registrations and the member's role the flags
// bring, and the server's SimulateChatCommand.
func (a *simulateArgs) offline(c *cobra.Command, s Streams) (simulateOut, error) {
	var none simulateOut
	switch {
	case a.configPath == "":
		return none, usageErr("give the channel configuration with --config CONFIG.json")
	case a.configurationARN != "":
		return none, usageErr("--configuration names a server's configuration; offline, give the file with --config")
	}
	var now time.Time
	if a.now != "" {
		t, err := time.Parse(time.RFC3339, a.now)
		if err != nil {
			return none, usageErr("--now %q is not an RFC 3339 time such as 2026-11-22T12:00:00Z", a.now)
		}
		now = t
	}
	cf, err := readConfigFile(s, a.configPath)
	if err != nil {
		return none, err
	}
	if a.userRole != "" && !gov.ValidRoleARN(a.userRole) {
		return none, usageErr("--user-role %q is not an IAM role ARN such as arn:aws:iam::111111111111:role/name", a.userRole)
	}
	policies, err := readCustomerPolicies(s, a.policies)
	if err != nil {
		return none, err
	}
	roles, err := readRolePolicies(s, a.rolePolicies)
	if err != nil {
		return none, err
	}
	if a.oa.account == "" && cf.req.AccountID == "" {
		return none, usageErr("give --account, or AccountId in the configuration")
	}
	o, err := a.oa.load()
	if err != nil {
		return none, err
	}
	acct, err := cf.inAccount(o, a.oa.account)
	if err != nil {
		return none, err
	}
	// Parsed here too, for a usage error with the command and a caret.
	if _, err := chatcmd.Parse(a.command, chatcmd.Env{AccountID: acct.ID, DefaultRegion: gov.DefaultCommandRegion}); err != nil {
		return none, commandErr(err)
	}
	channels, err := directory([]*configFile{cf})
	if err != nil {
		return none, err
	}
	in := offlineInputs{now: now, channels: channels, policies: policies, roles: roles, configs: []*configFile{cf}}
	if a.management {
		in.management = acct.ID
	}
	user := a.user
	if a.userRole != "" {
		if user == "" {
			user = chatUserOffline
		}
		in.users = []userRole{{config: 0, chatUser: user, role: a.userRole}}
	}
	oo, err := openOrg(c.Context(), o, in)
	if err != nil {
		return none, err
	}
	a.simulatedARN = oo.arns[0]
	d, err := oo.svc.SimulateChatCommand(oo.mgmt, gov.CommandInput{ConfigurationARN: oo.arns[0], Command: a.command, ChatUserID: user})
	if err != nil {
		return none, usageErr("%s", gov.ErrorOf(err).Message)
	}
	return simulateResult(d.Command, d.Verdict), nil
}

// splitAssignment splits a NAME=VALUE flag value at its first "=".
func splitAssignment(flag, v, want string) (string, string, error) {
	name, value, ok := strings.Cut(v, "=")
	if !ok || name == "" || value == "" {
		return "", "", usageErr("--%s %q: give %s", flag, v, want)
	}
	return name, value, nil
}

// documentProblems lists a policy document's problems as `policy
// validate` does: "FILE: N problems" and one line per problem with its
// position and JSON path.
func documentProblems(file string, err error) string {
	var je *jsondoc.Error
	if !errors.As(err, &je) {
		return fmt.Sprintf("%s: %v", file, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d %s", file, len(je.Problems), plural(len(je.Problems), "problem", "problems"))
	for _, p := range je.Problems {
		fmt.Fprintf(&b, "\n  %s:%s [%s]", file, p, p.Code)
	}
	return b.String()
}

// readIdentityPolicy reads and parses an identity policy document; the
// problems of an invalid one are returned as text for a usage error. The
// warnings of a valid one go to stderr, "chatgov: warning: ...".
func readIdentityPolicy(s Streams, file string) (string, *iam.Policy, string) {
	data, err := readInput(s, file)
	if err != nil {
		return "", nil, err.Error()
	}
	p, err := iam.Parse(string(data), iam.Identity)
	if err != nil {
		return "", nil, documentProblems(file, err)
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(s.Err, "chatgov: warning: %s:%s [%s]\n", file, w, w.Code)
	}
	return string(data), p, ""
}

// readCustomerPolicies reads the --policy ARN=FILE flags. Every problem of
// every flag and file is reported at once.
func readCustomerPolicies(s Streams, flags []string) ([]customerPolicy, error) {
	var out []customerPolicy
	seen := map[string]bool{}
	var probs []string
	for _, v := range flags {
		arn, file, err := splitAssignment("policy", v, "ARN=FILE, such as arn:aws:iam::111111111111:policy/name=policy.json")
		if err != nil {
			return nil, err
		}
		if !gov.ValidManagedPolicyARN(arn) {
			probs = append(probs, fmt.Sprintf("--policy: %q is not an IAM policy ARN such as arn:aws:iam::111111111111:policy/name", arn))
			continue
		}
		if seen[arn] {
			probs = append(probs, fmt.Sprintf("--policy: %s is given twice", arn))
			continue
		}
		seen[arn] = true
		doc, _, prob := readIdentityPolicy(s, file)
		if prob != "" {
			probs = append(probs, prob)
			continue
		}
		out = append(out, customerPolicy{arn: arn, file: file, document: doc})
	}
	if len(probs) > 0 {
		return nil, usageErr("%s", strings.Join(probs, "\n"))
	}
	return out, nil
}

// readRolePolicies reads the --role-policy flags: each gives one
// permission policy of a role, a file (an inline policy named after it) or
// the ARN of a managed policy (AWS managed, or given with --policy). The
// roles are in the order the flags first name them.
func readRolePolicies(s Streams, flags []string) ([]rolePolicies, error) {
	var out []rolePolicies
	index := map[string]int{}
	var probs []string
	for _, v := range flags {
		role, ref, err := splitAssignment("role-policy", v, "ROLE_ARN=FILE or ROLE_ARN=POLICY_ARN")
		if err != nil {
			return nil, err
		}
		if !gov.ValidRoleARN(role) {
			probs = append(probs, fmt.Sprintf("--role-policy: %q is not an IAM role ARN such as arn:aws:iam::111111111111:role/name", role))
			continue
		}
		i, ok := index[role]
		if !ok {
			i = len(out)
			index[role] = i
			out = append(out, rolePolicies{role: role})
		}
		if strings.HasPrefix(ref, "arn:") {
			out[i].managed = append(out[i].managed, ref)
			continue
		}
		doc, _, prob := readIdentityPolicy(s, ref)
		if prob != "" {
			probs = append(probs, prob)
			continue
		}
		out[i].inline = append(out[i].inline, gov.InlinePolicy{Name: strings.TrimSuffix(filepath.Base(ref), filepath.Ext(ref)), Document: doc})
	}
	if len(probs) > 0 {
		return nil, usageErr("%s", strings.Join(probs, "\n"))
	}
	return out, nil
}

// online asks a server.
func (a *simulateArgs) online(c *cobra.Command, s Streams) (simulateOut, error) {
	var none simulateOut
	var offline []string
	for _, name := range []string{"config", "account", "user-role", "policy", "role-policy", "now", "management"} {
		if c.Flags().Changed(name) {
			offline = append(offline, "--"+name)
		}
	}
	if len(offline) > 0 {
		return none, usageErr("%s %s offline-only (with --org): the server knows the configuration, its roles, policies and time",
			strings.Join(offline, ", "), plural(len(offline), "is", "are"))
	}
	if a.configurationARN == "" {
		return none, usageErr("give the channel configuration's ARN with --configuration")
	}
	a.simulatedARN = a.configurationARN
	account, ok := gov.ConfigurationAccount(a.configurationARN)
	if !ok {
		return none, usageErr("--configuration %q is not a chat configuration ARN such as arn:aws:chatbot::111111111111:chat-configuration/slack-channel/name", a.configurationARN)
	}
	// Parse here too, so that a typo is the same usage error, with its
	// column, as offline, before anything is sent.
	if _, err := chatcmd.Parse(a.command, chatcmd.Env{AccountID: account, DefaultRegion: gov.DefaultCommandRegion}); err != nil {
		return none, commandErr(err)
	}
	sc, err := a.sa.connect(c.Context(), s)
	if err != nil {
		return none, err
	}
	resp, err := sc.c.SimulateChatCommand(c.Context(), chatgovapi.SimulateChatCommandInput{ChatConfigurationArn: a.configurationARN,
		Command: a.command, ChatUserID: a.user})
	if err != nil {
		return none, sc.fail(err)
	}
	cmd := resp.Command
	out := simulateOut{Decision: resp.Decision, Requests: requestsOut(resp.Requests),
		Command: commandOut{Service: cmd.Service, Operation: cmd.Operation, Action: cmd.Action, Region: cmd.Region, Resources: cmd.Resources}}
	if out.Command.Resources == nil {
		out.Command.Resources = []string{}
	}
	return out, nil
}

// roleSettingFix says which command fixes a denied role-setting gate:
// mapping the member to a user role (chatgov identity put) when the
// configuration or the policy wants user roles and the member has none,
// removing the member's mapping (chatgov identity delete) when the policy
// allows only the channel role. Offline and on a server alike (offline,
// --user-role plays the mapping). Other gates get "".
func (a *simulateArgs) roleSettingFix(g gateOut) string {
	if g.Name != string(chatauthz.GateRoleSetting) {
		return ""
	}
	arn, user := a.simulatedARN, a.user
	if arn == "" {
		arn = "ARN"
	}
	if user == "" {
		user = "ID"
	}
	wantsUserRole := strings.Contains(g.Reason, "requires members to use their own user roles") ||
		strings.HasPrefix(g.Reason, "the "+chatauthz.ChannelRole+" setting")
	switch {
	case wantsUserRole:
		return fmt.Sprintf("map the member to a user role: chatgov identity put --configuration %s --user %s --role arn:aws:iam::%s:role/NAME",
			arn, user, configAccount(a.simulatedARN))
	case strings.HasPrefix(g.Reason, "the "+chatauthz.UserRole+" setting"):
		return fmt.Sprintf("the policy allows only the channel role: chatgov identity delete --configuration %s --user %s (and turn off UserAuthorizationRequired if the configuration sets it)", arn, user)
	}
	return ""
}

// configAccount is the account of a configuration ARN, or "ACCOUNT".
func configAccount(arn string) string {
	if acct, ok := gov.ConfigurationAccount(arn); ok {
		return acct
	}
	return "ACCOUNT"
}
