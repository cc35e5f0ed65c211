package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatauthz"
	"github.com/chatgov/chatgov/internal/chatcmd"
	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/iam/managed"
	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/orgfile"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
)

// defaultCommandRegion is where a command without --region runs: a channel
// whose members never chose a default region (@aws configure) uses
// us-east-1.
const defaultCommandRegion = "us-east-1"

// The formats of the ARNs offline simulate takes, checked before anything
// is read so that a typo is a usage error. (With --server, and in the iam
// commands, the server's own checks apply: see gov.ValidRoleARN.)
var (
	roleARNRe   = regexp.MustCompile(`^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role/[\w+=,.@/-]{1,512}$`)
	policyARNRe = regexp.MustCompile(`^arn:aws(?:-cn|-us-gov)?:iam::(?:\d{12}|aws):policy/[\w+=,.@/-]{1,640}$`)
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
AccountId; --account otherwise). The configuration's state is the account's effective
CHATBOT_POLICY's decision on it. --user-role ROLE_ARN is the role mapped to the member who types
the command (--user CHAT_USER_ID names them in the reasons); without it the command runs with the
channel role, unless the configuration requires user roles. Guardrails are AWS managed policies,
which chatgov holds, or customer managed ones given with --policy ARN=FILE. --role-policy
ROLE_ARN=FILE (or =POLICY_ARN) gives a role's permission policies, once per policy; a role given
at least once is evaluated, any other is NOT_EVALUATED. SCPs come from the org file: while
SERVICE_CONTROL_POLICY is enabled, every node has FullAWSAccess unless it says
detachFullAWSAccess: true. --management says the account is the management account, which SCPs
never restrict. Commands without --region run in ` + defaultCommandRegion + `; --now sets aws:CurrentTime.

With --server URL (or $CHATGOV_SERVER) and --configuration ARN, a running chatgov server decides
on its own state: the configuration's state, the chat user's mapped role (--user), the guardrails
and role permissions registered with "chatgov iam", and the organization's SCPs. Requests are
signed with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.

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
			case a.oa.orgPath != "" && (c.Flags().Changed("server") || a.configurationARN != ""):
				return usageErr("give --org and --config (offline, on files) or --configuration with --server (on a running server), not both")
			case a.oa.orgPath != "":
				res, err = a.offline(s)
			case c.Flags().Changed("server") || a.configurationARN != "" || s.getenv(envServer) != "":
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
				printSimulation(s.Out, res)
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

// configFile is what simulate needs of a configuration file beyond what
// chatbot.ParseRequest reads, which has already checked these fields'
// types.
type configFile struct {
	IamRoleArn          string
	GuardrailPolicyArns []string
}

// offline decides on files.
func (a *simulateArgs) offline(s Streams) (simulateOut, error) {
	var none simulateOut
	switch {
	case a.configPath == "":
		return none, usageErr("give the channel configuration with --config CONFIG.json")
	case a.configurationARN != "":
		return none, usageErr("--configuration names a server's configuration; offline, give the file with --config")
	}
	now := time.Now()
	if a.now != "" {
		t, err := time.Parse(time.RFC3339, a.now)
		if err != nil {
			return none, usageErr("--now %q is not an RFC 3339 time such as 2026-11-22T12:00:00Z", a.now)
		}
		now = t
	}
	data, err := readInput(s, a.configPath)
	if err != nil {
		return none, usageErr("%v", err)
	}
	req, err := chatbot.ParseRequest(data)
	if err != nil {
		return none, usageErr("%s: %v", a.configPath, err)
	}
	var extra configFile
	if err := json.Unmarshal(data, &extra); err != nil {
		return none, usageErr("%s: %v", a.configPath, err)
	}
	if err := checkConfigForCommands(a.configPath, req, extra); err != nil {
		return none, err
	}
	if a.oa.account == "" {
		a.oa.account = req.AccountID
	}
	if a.oa.account == "" {
		return none, usageErr("give --account, or AccountId in the configuration")
	}
	if a.userRole != "" && !roleARNRe.MatchString(a.userRole) {
		return none, usageErr("--user-role %q is not an IAM role ARN such as arn:aws:iam::111111111111:role/name", a.userRole)
	}
	customer, err := readCustomerPolicies(s, a.policies)
	if err != nil {
		return none, err
	}
	lookup := func(arn string) (*iam.Policy, bool) {
		if p, ok := customer[arn]; ok {
			return p, true
		}
		return managed.Lookup(arn)
	}
	roles, err := readRolePolicies(s, a.rolePolicies, lookup)
	if err != nil {
		return none, err
	}
	o, err := a.oa.load()
	if err != nil {
		return none, err
	}
	acct, err := resolveAccount(o, a.oa.account)
	if err != nil {
		return none, err
	}
	if req.AccountID != "" && req.AccountID != acct.ID {
		return none, usageErr("the configuration's AccountId %s is not account %s", req.AccountID, acct.ID)
	}
	cmd, err := chatcmd.Parse(a.command, chatcmd.Env{AccountID: acct.ID, DefaultRegion: defaultCommandRegion})
	if err != nil {
		return none, commandErr(err)
	}
	sit, err := offlineSituation(o, acct, req, extra, lookup, roles)
	if err != nil {
		return none, err
	}
	sit.ChatUserID, sit.UserRoleARN, sit.ManagementAccount = a.user, a.userRole, a.management
	return simulateResult(cmd, chatauthz.DecideAll(chatauthz.Inputs(sit, cmd, now))), nil
}

// checkConfigForCommands checks that a configuration file describes a
// channel commands can be typed in, with the fields a decision needs.
func checkConfigForCommands(path string, req chatbot.Request, extra configFile) error {
	var probs []string
	if req.Config.Platform == chatbot.Chime {
		probs = append(probs, "an Amazon Chime webhook only receives notifications; commands are typed in Slack and Microsoft Teams channels")
	}
	if req.ConfigurationName == "" {
		probs = append(probs, "ConfigurationName is required: it names the configuration in aws:ChatbotSourceArn")
	}
	switch {
	case extra.IamRoleArn == "":
		probs = append(probs, "IamRoleArn is required: it is the channel role commands run with")
	case !roleARNRe.MatchString(extra.IamRoleArn):
		probs = append(probs, fmt.Sprintf("IamRoleArn %q is not an IAM role ARN", extra.IamRoleArn))
	}
	for i, arn := range extra.GuardrailPolicyArns {
		if !policyARNRe.MatchString(arn) {
			probs = append(probs, fmt.Sprintf("GuardrailPolicyArns[%d] %q is not an IAM policy ARN", i, arn))
		}
	}
	if len(probs) > 0 {
		return usageErr("%s: %s", path, strings.Join(probs, "; "))
	}
	return nil
}

// configurationARN is the ARN AWS Chatbot gives a configuration.
func configurationARN(accountID string, req chatbot.Request) string {
	kind := "slack-channel"
	if req.Config.Platform == chatbot.MicrosoftTeams {
		kind = "microsoft-teams-channel"
	}
	return "arn:aws:chatbot::" + accountID + ":chat-configuration/" + kind + "/" + req.ConfigurationName
}

// offlineSituation gathers what the gates need from the org file and the
// configuration, as the server gathers it from its state: the state is the
// account's effective chat applications policy's decision on the
// configuration, and the SCPs are those on the path to the account.
func offlineSituation(o *orgfile.Org, acct *org.Node, req chatbot.Request, extra configFile,
	lookup func(string) (*iam.Policy, bool), roles map[string][]iam.Named) (*chatauthz.Situation, error) {
	st, err := effectiveState(o, policy.ChatbotPolicy, acct.ID)
	if err != nil {
		return nil, err
	}
	view := chatbot.Compile(st)
	d := chatbot.Decide(view, req.Config)
	sit := &chatauthz.Situation{
		ConfigurationARN: configurationARN(acct.ID, req),
		Config:           req.Config,
		ChannelRoleARN:   extra.IamRoleArn,
		Enabled:          d.Allowed,
		View:             view,
		GuardrailARNs:    extra.GuardrailPolicyArns,
		Policy:           lookup,
		RolePolicies: func(role string) ([]iam.Named, bool) {
			ps, ok := roles[role]
			return ps, ok
		},
	}
	if !d.Allowed {
		sit.StateReason = d.StateReason()
	}
	levels, err := o.SCPPath(acct.ID)
	switch {
	case errors.Is(err, orgfile.ErrNotEnabled):
	case err != nil:
		return nil, usageErr("%v", err)
	default:
		sit.SCPs, sit.SCPsEnabled = levels, true
	}
	return sit, nil
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
// problems of an invalid one are returned as text for a usage error.
func readIdentityPolicy(s Streams, file string) (string, *iam.Policy, string) {
	data, err := readInput(s, file)
	if err != nil {
		return "", nil, err.Error()
	}
	p, err := iam.Parse(string(data), iam.Identity)
	if err != nil {
		return "", nil, documentProblems(file, err)
	}
	return string(data), p, ""
}

// readCustomerPolicies reads the --policy ARN=FILE flags. Every problem of
// every flag and file is reported at once.
func readCustomerPolicies(s Streams, flags []string) (map[string]*iam.Policy, error) {
	out := map[string]*iam.Policy{}
	var probs []string
	for _, v := range flags {
		arn, file, err := splitAssignment("policy", v, "ARN=FILE, such as arn:aws:iam::111111111111:policy/name=policy.json")
		if err != nil {
			return nil, err
		}
		if !policyARNRe.MatchString(arn) {
			probs = append(probs, fmt.Sprintf("--policy: %q is not an IAM policy ARN such as arn:aws:iam::111111111111:policy/name", arn))
			continue
		}
		if _, dup := out[arn]; dup {
			probs = append(probs, fmt.Sprintf("--policy: %s is given twice", arn))
			continue
		}
		_, p, prob := readIdentityPolicy(s, file)
		if prob != "" {
			probs = append(probs, prob)
			continue
		}
		out[arn] = p
	}
	if len(probs) > 0 {
		return nil, usageErr("%s", strings.Join(probs, "\n"))
	}
	return out, nil
}

// readRolePolicies reads the --role-policy flags: each gives one
// permission policy of a role, a file (an inline policy named after it) or
// the ARN of a managed policy (--policy or AWS managed).
func readRolePolicies(s Streams, flags []string, lookup func(string) (*iam.Policy, bool)) (map[string][]iam.Named, error) {
	out := map[string][]iam.Named{}
	var probs []string
	for _, v := range flags {
		role, ref, err := splitAssignment("role-policy", v, "ROLE_ARN=FILE or ROLE_ARN=POLICY_ARN")
		if err != nil {
			return nil, err
		}
		if !roleARNRe.MatchString(role) {
			probs = append(probs, fmt.Sprintf("--role-policy: %q is not an IAM role ARN such as arn:aws:iam::111111111111:role/name", role))
			continue
		}
		if strings.HasPrefix(ref, "arn:") {
			p, ok := lookup(ref)
			if !ok {
				probs = append(probs, fmt.Sprintf("--role-policy: chatgov does not know the policy %s: give its document with --policy ARN=FILE", ref))
				continue
			}
			out[role] = append(out[role], iam.Named{ID: ref, Name: policyARNName(ref), Policy: p})
			continue
		}
		_, p, prob := readIdentityPolicy(s, ref)
		if prob != "" {
			probs = append(probs, prob)
			continue
		}
		out[role] = append(out[role], iam.Named{Name: strings.TrimSuffix(filepath.Base(ref), filepath.Ext(ref)), Policy: p})
	}
	if len(probs) > 0 {
		return nil, usageErr("%s", strings.Join(probs, "\n"))
	}
	return out, nil
}

// policyARNName is the name of a policy ARN, its path left out.
func policyARNName(arn string) string {
	return arn[strings.LastIndexByte(arn, '/')+1:]
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
	account, ok := gov.ConfigurationAccount(a.configurationARN)
	if !ok {
		return none, usageErr("--configuration %q is not a chat configuration ARN such as arn:aws:chatbot::111111111111:chat-configuration/slack-channel/name", a.configurationARN)
	}
	// Parse here too, so that a typo is the same usage error, with its
	// column, as offline, before anything is sent.
	if _, err := chatcmd.Parse(a.command, chatcmd.Env{AccountID: account, DefaultRegion: defaultCommandRegion}); err != nil {
		return none, commandErr(err)
	}
	sc, err := a.sa.connect(s)
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
