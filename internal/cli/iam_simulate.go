package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatauthz"
	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
)

// iamSimulateArgs are the flags of `chatgov iam simulate`.
type iamSimulateArgs struct {
	sa  serverArgs
	oa  orgArgs
	out outputFlag

	action           string
	resources        []string
	context          []string // KEY=VALUE
	principalARN     string
	principalAccount string
	identity         []string // FILE or AWS managed policy ARN
	guardrails       []string
	management       bool
}

// iamSimulateOut is the answer of `chatgov iam simulate -o json`, offline
// and with --server alike: the server's simulate-request answer.
type iamSimulateOut struct {
	Decision string        `json:"Decision"`
	Request  iamRequestOut `json:"Request"`
	Requests []requestOut  `json:"Requests"`
}

// iamRequestOut is the request as decided: resources defaulted to "*" and
// the context with the principal's keys filled in.
type iamRequestOut struct {
	AccountID        string              `json:"AccountId"`
	Action           string              `json:"Action"`
	Resources        []string            `json:"Resources"`
	PrincipalARN     string              `json:"PrincipalArn,omitempty"`
	PrincipalAccount string              `json:"PrincipalAccount"`
	Context          map[string][]string `json:"Context"`
}

func newIAMSimulateCmd(s Streams) *cobra.Command {
	var a iamSimulateArgs
	c := &cobra.Command{
		Use:   "simulate --action ACTION [--resource ARN ...] [--context KEY=VALUE ...] (--org ORG --account ACCOUNT | --server URL [--account ID])",
		Short: "Decide an arbitrary IAM request against an account's SCPs, identity policies and guardrails",
		Long: `Decide whether a request (an action on resources, with condition keys, by a principal) is
allowed in an account, and say why, gate by gate:

  service-control-policies  every level from the root to the account allows it and none denies it
                            (the management account is exempt; allowed when SCPs are not enabled)
  identity-policies         the principal's policies given with --identity-policy allow it
                            (NOT_EVALUATED when none is given)
  guardrails                the policies given with --guardrail allow it, such as a chat
                            configuration's guardrails (NOT_EVALUATED when none is given)

Every condition key is evaluated in the SCPs, global ones included (aws:RequestedRegion,
aws:PrincipalArn, aws:PrincipalTag/..., aws:SourceIp, ...): AWS's own IAM policy simulator skips
the SCPs that use global condition keys, chatgov does not. A key the request does not carry is
absent, as it would be on AWS: give it with --context KEY=VALUE, once per value for a key with
several values (--context aws:TagKeys=a --context aws:TagKeys=b). aws:PrincipalAccount (from
--principal-account, else --principal-arn's account, else the account) and aws:PrincipalArn
(from --principal-arn) are filled in unless --context gives them.

Each --resource is decided as its own request (default "*"). --identity-policy and --guardrail
take a policy file (an IAM identity policy; "-" reads standard input) or the ARN of an AWS managed
policy chatgov holds (arn:aws:iam::aws:policy/ReadOnlyAccess, ...), and may be repeated.

Offline, on files: --org ORG --account ACCOUNT (ID or unique name) asks the server's own
simulation, run on the org file: the SCPs on the account's path are the file's (while
SERVICE_CONTROL_POLICY is enabled, every node has FullAWSAccess unless it says
detachFullAWSAccess: true). The organization's management account, which SCPs never restrict, is
outside the file, unless --management says the account is.

With --server URL (or $CHATGOV_SERVER), a running chatgov server decides with the SCPs it holds
(--account defaults to the caller's account). The management account and the chatbot delegated
administrator may ask about any account, a member account about its own. Requests are signed with
the credentials the AWS CLI would
use (--profile, AWS_PROFILE, AWS_ACCESS_KEY_ID, the shared config and credentials files).

-o json prints, in both modes, the server's simulate-request answer:
  {"Decision": "ALLOWED"|"DENIED",
   "Request": {"AccountId", "Action", "Resources", "PrincipalArn", "PrincipalAccount", "Context"},
   "Requests": [{"Action", "Resource", "Decision",
     "Gates": [{"Name", "Outcome": "ALLOWED"|"DENIED"|"NOT_EVALUATED", "Reason",
       "Statements": [{"PolicyId", "PolicyName", "StatementIndex", "Sid", "Effect", "Description"}],
       "Levels": [{"NodeId", "NodeType", "NodeName", "Decision", "Reason"}]}]}]}

Exit status: 0 when every request is allowed, 1 when one is denied (or the server refuses:
"chatgov: <Code>: <message>"), 2 on usage errors: bad flags, unreadable or invalid files.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := a.out.json()
			if err != nil {
				return err
			}
			in, err := a.input(s)
			if err != nil {
				return err
			}
			var res iamSimulateOut
			switch {
			case a.oa.orgPath != "" && a.sa.flagged(c):
				return usageErr("give --org (offline, on files) or --server (on a running server), not both")
			case a.oa.orgPath != "":
				res, err = a.offline(c, in)
			case a.sa.chosen(c, s):
				if a.management {
					return usageErr("--management is offline-only (with --org): the server knows its management account")
				}
				res, err = a.online(c, s, in)
			default:
				return usageErr("give --org ORG --account ACCOUNT to decide on files, or --server URL to ask a running server")
			}
			if err != nil {
				return err
			}
			if asJSON {
				if err := writeJSON(s.Out, res); err != nil {
					return err
				}
			} else {
				printIAMSimulation(s.Out, res, s.colour())
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
	f.StringVar(&a.oa.orgPath, "org", "", "offline: org file (YAML or JSON) describing the organization")
	f.StringVar(&a.oa.account, "account", "", "the account whose SCPs decide (offline: ID or unique name; with --server: ID, default the caller's)")
	f.StringVar(&a.action, "action", "", "the IAM action, such as s3:PutObject")
	f.StringArrayVar(&a.resources, "resource", nil, "a resource ARN the action is on (repeatable; default \"*\")")
	f.StringArrayVar(&a.context, "context", nil, "a condition key and one value, `KEY=VALUE` (repeatable; repeat a key for several values)")
	f.StringVar(&a.principalARN, "principal-arn", "", "the principal making the request (IAM user, role, role session or account root ARN)")
	f.StringVar(&a.principalAccount, "principal-account", "", "the principal's account (default: --principal-arn's account, else the account)")
	f.StringArrayVar(&a.identity, "identity-policy", nil, "an identity policy of the principal, `FILE` or AWS managed policy ARN (repeatable)")
	f.StringArrayVar(&a.guardrails, "guardrail", nil, "a guardrail policy, `FILE` or AWS managed policy ARN (repeatable)")
	f.BoolVar(&a.management, "management", false, "offline: the account is the organization's management account (SCPs do not restrict it)")
	_ = c.MarkFlagRequired("action")
	return c
}

// input reads the flags and files into a request. Every problem is a usage
// error; invalid policy files are reported with their problems.
func (a *iamSimulateArgs) input(s Streams) (gov.RequestInput, error) {
	in := gov.RequestInput{Action: a.action, Resources: a.resources, PrincipalARN: a.principalARN, PrincipalAccount: a.principalAccount}
	if a.oa.orgPath == "" {
		in.AccountID = a.oa.account
	}
	for _, kv := range a.context {
		key, value, ok := strings.Cut(kv, "=")
		if !ok || key == "" {
			return in, usageErr("--context %q: give KEY=VALUE, such as aws:RequestedRegion=eu-west-1", kv)
		}
		if in.Context == nil {
			in.Context = map[string][]string{}
		}
		in.Context[key] = append(in.Context[key], value)
	}
	var probs []string
	read := func(flag string, refs []string) []gov.PolicyInput {
		var out []gov.PolicyInput
		for _, ref := range refs {
			if strings.HasPrefix(ref, "arn:") {
				out = append(out, gov.PolicyInput{ARN: ref})
				continue
			}
			doc, _, prob := readIdentityPolicy(s, ref)
			if prob != "" {
				probs = append(probs, "--"+flag+": "+prob)
				continue
			}
			out = append(out, gov.PolicyInput{Name: strings.TrimSuffix(filepath.Base(ref), filepath.Ext(ref)), Document: doc})
		}
		return out
	}
	in.IdentityPolicies = read("identity-policy", a.identity)
	in.Guardrails = read("guardrail", a.guardrails)
	if len(probs) > 0 {
		return in, usageErr("%s", strings.Join(probs, "\n"))
	}
	return in, nil
}

// offline decides on the org file with the server's SimulateRequest.
func (a *iamSimulateArgs) offline(c *cobra.Command, in gov.RequestInput) (iamSimulateOut, error) {
	if a.oa.account == "" {
		return iamSimulateOut{}, usageErr("give the account whose SCPs decide with --account")
	}
	o, err := a.oa.load()
	if err != nil {
		return iamSimulateOut{}, err
	}
	acct, err := resolveAccount(o, a.oa.account)
	if err != nil {
		return iamSimulateOut{}, err
	}
	var oi offlineInputs
	if a.management {
		oi.management = acct.ID
	}
	oo, err := openOrg(c.Context(), o, oi)
	if err != nil {
		return iamSimulateOut{}, err
	}
	in.AccountID = acct.ID
	d, err := oo.svc.SimulateRequest(oo.mgmt, in)
	if err != nil {
		return iamSimulateOut{}, usageErr("%s", gov.ErrorOf(err).Message)
	}
	return iamSimulateResult(d), nil
}

// online asks a server's simulate-request.
func (a *iamSimulateArgs) online(c *cobra.Command, s Streams, in gov.RequestInput) (iamSimulateOut, error) {
	var none iamSimulateOut
	// Check here too, so that a malformed request is the same usage error
	// as offline, before anything is sent.
	check := in
	if check.AccountID == "" {
		check.AccountID = "000000000000"
	}
	if _, err := gov.DecideRequest(check, gov.RequestEnv{}); err != nil {
		return none, usageErr("%s", gov.ErrorOf(err).Message)
	}
	sc, err := a.sa.connect(c.Context(), s)
	if err != nil {
		return none, err
	}
	policies := func(ps []gov.PolicyInput) []chatgovapi.RequestPolicy {
		var out []chatgovapi.RequestPolicy
		for _, p := range ps {
			if p.ARN != "" {
				out = append(out, chatgovapi.RequestPolicy{PolicyArn: p.ARN})
			} else {
				out = append(out, chatgovapi.RequestPolicy{PolicyName: p.Name, PolicyDocument: p.Document})
			}
		}
		return out
	}
	resp, err := sc.c.SimulateRequest(c.Context(), chatgovapi.SimulateRequestInput{AccountID: in.AccountID, Action: in.Action,
		Resources: in.Resources, Context: in.Context, PrincipalArn: in.PrincipalARN, PrincipalAccount: in.PrincipalAccount,
		IdentityPolicies: policies(in.IdentityPolicies), Guardrails: policies(in.Guardrails)})
	if err != nil {
		return none, sc.fail(err)
	}
	r := resp.Request
	out := iamSimulateOut{Decision: resp.Decision, Requests: requestsOut(resp.Requests),
		Request: iamRequestOut{AccountID: r.AccountID, Action: r.Action, Resources: r.Resources, PrincipalARN: r.PrincipalArn,
			PrincipalAccount: r.PrincipalAccount, Context: r.Context}}
	if out.Request.Resources == nil {
		out.Request.Resources = []string{}
	}
	if out.Request.Context == nil {
		out.Request.Context = map[string][]string{}
	}
	return out, nil
}

// iamSimulateResult turns a decision into the answer's shape.
func iamSimulateResult(d gov.RequestDecision) iamSimulateOut {
	ctx := map[string][]string{}
	for k, v := range d.Request.Context {
		ctx[k] = append([]string{}, v...)
	}
	out := iamSimulateOut{Decision: verdictWord(d.Allowed), Requests: []requestOut{},
		Request: iamRequestOut{AccountID: d.Request.AccountID, Action: d.Request.Action, Resources: append([]string{}, d.Request.Resources...),
			PrincipalARN: d.Request.PrincipalARN, PrincipalAccount: d.Request.PrincipalAccount, Context: ctx}}
	for _, r := range d.Requests {
		ro := requestOut{Action: r.Action, Resource: r.Resource, Decision: verdictWord(r.Allowed), Gates: []gateOut{}}
		for _, g := range r.Gates {
			gate := gateOut{Name: string(g.Name), Outcome: string(g.Outcome), Reason: g.Reason}
			for _, m := range g.Statements {
				gate.Statements = append(gate.Statements, statementOut{PolicyID: m.PolicyID, PolicyName: m.PolicyName,
					StatementIndex: m.StatementIndex, Sid: m.Sid, Effect: string(m.Effect), Description: m.String()})
			}
			for _, l := range g.Levels {
				gate.Levels = append(gate.Levels, levelOut{NodeID: l.Node.ID, NodeType: string(l.Node.Type), NodeName: l.Node.Name,
					Decision: verdictWord(l.Decision.Allowed()), Reason: l.Reason})
			}
			ro.Gates = append(ro.Gates, gate)
		}
		out.Requests = append(out.Requests, ro)
	}
	return out
}

// printIAMSimulation writes the answer for people: the verdict, the
// request context that was evaluated, then every gate of every request
// with its outcome and reason, and below a gate the statements and SCP
// levels behind it.
func printIAMSimulation(w io.Writer, v iamSimulateOut, colour bool) {
	resources := make([]string, len(v.Requests))
	for i, r := range v.Requests {
		resources[i] = r.Resource
	}
	fmt.Fprintf(w, "%s: %s on %s in account %s\n", v.Decision, v.Request.Action, strings.Join(resources, ", "), v.Request.AccountID)
	keys := make([]string, 0, len(v.Request.Context))
	for k := range v.Request.Context {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		for _, val := range v.Request.Context[k] {
			pairs = append(pairs, k+"="+val)
		}
	}
	fmt.Fprintf(w, "  context: %s\n", strings.Join(pairs, ", "))
	indent := "  "
	for _, r := range v.Requests {
		if len(v.Requests) > 1 {
			fmt.Fprintf(w, "  %s on %s: %s\n", r.Action, r.Resource, r.Decision)
			indent = "    "
		}
		for _, g := range r.Gates {
			printGate(w, indent, g, colour)
		}
	}
}
