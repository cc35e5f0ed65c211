package gov

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/chatgov/chatgov/internal/chatauthz"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/iam/managed"
	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/policy"
)

// GateIdentity is the gate of the principal's own identity policies in a
// request simulation. The other gates are chatauthz's: the SCP chain
// (chatauthz.GateSCPs) and the guardrails (chatauthz.GateGuardrails).
const GateIdentity chatauthz.GateName = "identity-policies"

// Limits on a request simulation's input.
const (
	MaxSimulatedResources   = 50
	MaxSimulatedPolicies    = 20 // identity policies, and guardrails
	MaxSimulatedContextKeys = 100
	MaxSimulatedKeyValues   = 50
)

var (
	reSimAction       = regexp.MustCompile(`^[A-Za-z0-9-]{1,64}:[A-Za-z0-9_-]{1,128}$`)
	reSimPrincipalARN = regexp.MustCompile(`^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):[\x21-\x7e]{1,1000}$`)
	reSimContextKey   = regexp.MustCompile(`^[\x21-\x7e]{1,256}$`)
)

// RequestInput is an arbitrary IAM request to decide in an account: an
// action on resources with a request context, made by a principal, against
// the account's SCP chain and, when given, identity and guardrail policies.
type RequestInput struct {
	// AccountID is the account whose SCP chain decides.
	AccountID string
	// Action is "service:Action", without wildcards.
	Action string
	// Resources are the ARNs the action is on; none means "*". Each is
	// decided as its own request.
	Resources []string
	// Context holds condition keys and their values. aws:PrincipalAccount
	// and aws:PrincipalArn are filled from the principal unless given.
	Context map[string][]string
	// PrincipalARN is the caller (an IAM user, role or session ARN);
	// optional. PrincipalAccount is its account; it defaults to the ARN's
	// account, else to AccountID.
	PrincipalARN     string
	PrincipalAccount string
	// IdentityPolicies are the principal's permission policies; none leaves
	// the identity gate not evaluated. Guardrails are policies that bound
	// the request further (a chat configuration's guardrails); none leaves
	// that gate not evaluated.
	IdentityPolicies []PolicyInput
	Guardrails       []PolicyInput
}

// PolicyInput is a policy given with a request: a document (an IAM
// identity policy) or the ARN of an AWS managed policy chatgov holds.
type PolicyInput struct {
	// Name names a document in the answer; optional.
	Name     string
	Document string
	ARN      string
}

// RequestEnv is what a request decision needs from the organization: the
// SCP chain from the root to the account, whether SCPs are enabled, and
// whether the account is the management account, which SCPs never restrict.
type RequestEnv struct {
	SCPs              []iam.Level
	SCPsEnabled       bool
	ManagementAccount bool
}

// RequestDecision is the verdict on a request: the request as decided
// (resources defaulted, context with the principal's keys) and, per
// resource, every gate with the statements and SCP levels that decided it.
type RequestDecision struct {
	Request RequestInput
	chatauthz.Verdict
}

// SimulateRequest decides an arbitrary request in an account against the
// SCPs the organization holds, plus the identity and guardrail policies the
// input gives. Any account may ask about itself; the management account and
// the chatbot delegated administrator about any account of the organization
// (authorizeFor). It returns Invalid (INVALID_PATTERN) for a malformed
// account ID, AccessDenied for another account, NotFound (ResAccount) for an
// account outside the organization, and the errors of DecideRequest.
func (s *Service) SimulateRequest(c Caller, in RequestInput) (RequestDecision, error) {
	m := s.model()
	if in.AccountID == "" {
		in.AccountID = c.AccountID
	}
	if !reAccountID.MatchString(in.AccountID) {
		return RequestDecision{}, invalid(ReasonInvalidPattern, "AccountId %q is not a 12-digit account ID", in.AccountID)
	}
	if err := m.authorizeFor(c, opSimulateRequest, in.AccountID); err != nil {
		return RequestDecision{}, err
	}
	var env RequestEnv
	if m.Org != nil {
		_, inOrg := m.Accounts.Get(in.AccountID)
		if !inOrg && in.AccountID != c.AccountID {
			return RequestDecision{}, notFound(ResAccount, "account %s is not in organization %s", in.AccountID, m.Org.ID)
		}
		env.ManagementAccount = in.AccountID == m.Org.ManagementAccountID
		if inOrg && m.Enabled[policy.ServiceControlPolicy] {
			env.SCPsEnabled, env.SCPs = true, m.scpPath(in.AccountID)
		}
	}
	return DecideRequest(in, env)
}

// DecideRequest checks a request and decides it in env, gate by gate: the
// SCP chain, the identity policies, the guardrails. It is pure, so that the
// server and the offline CLI decide alike. It returns Invalid
// (INVALID_PATTERN), naming every problem, for a malformed request, and
// Malformed for an invalid policy document.
func DecideRequest(in RequestInput, env RequestEnv) (RequestDecision, error) {
	in, err := checkRequest(in)
	if err != nil {
		return RequestDecision{}, err
	}
	identity, err := requestPolicies("IdentityPolicies", in.IdentityPolicies)
	if err != nil {
		return RequestDecision{}, err
	}
	guardrails, err := requestPolicies("Guardrails", in.Guardrails)
	if err != nil {
		return RequestDecision{}, err
	}
	out := RequestDecision{Request: in, Verdict: chatauthz.Verdict{Allowed: true}}
	for _, resource := range in.Resources {
		req := iam.Request{Action: in.Action, Resource: resource, Context: iam.NewContext(in.Context),
			Principal: iam.Principal{ARN: in.PrincipalARN, Account: in.PrincipalAccount}}
		d := chatauthz.Decision{Allowed: true, Gates: []chatauthz.Gate{
			scpRequestGate(env, req),
			policyRequestGate(GateIdentity, "identity policies", identity, req),
			policyRequestGate(chatauthz.GateGuardrails, "guardrails", guardrails, req),
		}}
		for _, g := range d.Gates {
			if g.Outcome == chatauthz.Denied {
				d.Allowed, out.Allowed = false, false
			}
		}
		out.Requests = append(out.Requests, chatauthz.RequestDecision{Action: in.Action, Resource: resource, Decision: d})
	}
	return out, nil
}

// checkRequest validates a request and fills its defaults: resources "*",
// the principal's account, and the principal's context keys.
func checkRequest(in RequestInput) (RequestInput, error) {
	var probs []string
	if !reAccountID.MatchString(in.AccountID) {
		probs = append(probs, fmt.Sprintf("AccountId %q is not a 12-digit account ID", in.AccountID))
	}
	if !reSimAction.MatchString(in.Action) {
		probs = append(probs, fmt.Sprintf("Action %q is not an IAM action such as s3:GetObject (service:Action, no wildcards)", in.Action))
	}
	if len(in.Resources) == 0 {
		in.Resources = []string{"*"}
	}
	if len(in.Resources) > MaxSimulatedResources {
		probs = append(probs, fmt.Sprintf("Resources has %d entries; at most %d", len(in.Resources), MaxSimulatedResources))
	}
	for i, r := range in.Resources {
		if r != "*" && (!strings.HasPrefix(r, "arn:") || strings.Count(r, ":") < 5 || len(r) > 2048) {
			probs = append(probs, fmt.Sprintf("Resources[%d] %q is not \"*\" or an ARN (arn:partition:service:region:account:resource)", i, r))
		}
	}
	if in.PrincipalARN != "" {
		m := reSimPrincipalARN.FindStringSubmatch(in.PrincipalARN)
		switch {
		case m == nil:
			probs = append(probs, fmt.Sprintf("PrincipalArn %q is not the ARN of an IAM user, role, role session or account root", in.PrincipalARN))
		case in.PrincipalAccount == "":
			in.PrincipalAccount = m[1]
		case in.PrincipalAccount != m[1]:
			probs = append(probs, fmt.Sprintf("PrincipalAccount %s is not the account of PrincipalArn %s", in.PrincipalAccount, in.PrincipalARN))
		}
	}
	if in.PrincipalAccount == "" {
		in.PrincipalAccount = in.AccountID
	}
	if !reAccountID.MatchString(in.PrincipalAccount) {
		probs = append(probs, fmt.Sprintf("PrincipalAccount %q is not a 12-digit account ID", in.PrincipalAccount))
	}
	ctx, ctxProbs := requestContext(in)
	in.Context = ctx
	probs = append(probs, ctxProbs...)
	if len(probs) > 0 {
		return in, invalid(ReasonInvalidPattern, "the request is not valid: %s", strings.Join(probs, "; "))
	}
	return in, nil
}

// requestContext checks the context keys and copies them, adding
// aws:PrincipalAccount and aws:PrincipalArn from the principal when the
// context does not give them (in any letter case).
func requestContext(in RequestInput) (map[string][]string, []string) {
	var probs []string
	if len(in.Context) > MaxSimulatedContextKeys {
		probs = append(probs, fmt.Sprintf("Context has %d keys; at most %d", len(in.Context), MaxSimulatedContextKeys))
	}
	out := make(map[string][]string, len(in.Context)+2)
	seen := map[string]string{}
	keys := make([]string, 0, len(in.Context))
	for k := range in.Context {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		vs := in.Context[k]
		switch lower := strings.ToLower(k); {
		case !reSimContextKey.MatchString(k):
			probs = append(probs, fmt.Sprintf("context key %q must be 1 to 256 printable characters without spaces", k))
		case seen[lower] != "":
			probs = append(probs, fmt.Sprintf("context keys %q and %q are one key (names are case-insensitive)", seen[lower], k))
		case len(vs) > MaxSimulatedKeyValues:
			probs = append(probs, fmt.Sprintf("context key %s has %d values; at most %d", k, len(vs), MaxSimulatedKeyValues))
		default:
			seen[lower] = k
			out[k] = append([]string{}, vs...)
		}
	}
	if seen["aws:principalaccount"] == "" {
		out["aws:PrincipalAccount"] = []string{in.PrincipalAccount}
	}
	if seen["aws:principalarn"] == "" && in.PrincipalARN != "" {
		out["aws:PrincipalArn"] = []string{in.PrincipalARN}
	}
	return out, probs
}

// requestPolicies parses the policies of one gate: documents as IAM
// identity policies, ARNs as AWS managed policies chatgov holds.
func requestPolicies(field string, ps []PolicyInput) ([]iam.Named, error) {
	if len(ps) > MaxSimulatedPolicies {
		return nil, invalid(ReasonMaxValue, "%s has %d policies; at most %d", field, len(ps), MaxSimulatedPolicies)
	}
	var out []iam.Named
	for i, p := range ps {
		where := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case (p.ARN == "") == (p.Document == ""):
			return nil, invalid(ReasonInvalidPattern, "%s: give a PolicyDocument or the PolicyArn of an AWS managed policy, not both or neither", where)
		case p.ARN != "":
			doc, ok := managed.Lookup(p.ARN)
			if !ok || !strings.HasPrefix(p.ARN, "arn:aws:iam::aws:policy/") {
				return nil, invalid(ReasonInvalidPattern, "%s: %q is not an AWS managed policy chatgov holds (%s); give its document instead",
					where, p.ARN, strings.Join(managed.Names(), ", "))
			}
			out = append(out, iam.Named{ID: p.ARN, Name: p.ARN[strings.LastIndexByte(p.ARN, '/')+1:], Policy: doc})
		default:
			doc, err := iam.Parse(p.Document, iam.Identity)
			if err != nil {
				return nil, requestDocumentError(where, p.Name, err)
			}
			name := p.Name
			if name == "" {
				name = where
			}
			out = append(out, iam.Named{Name: name, Policy: doc})
		}
	}
	return out, nil
}

// requestDocumentError reports every problem of a policy document given
// with a request, each with its JSON path and position.
func requestDocumentError(where, name string, err error) error {
	what := where
	if name != "" {
		what = fmt.Sprintf("%s (%s)", where, name)
	}
	var je *jsondoc.Error
	if !errors.As(err, &je) {
		return newErr(Malformed, "", "", "%s is not a valid IAM policy: %v", what, err)
	}
	parts := make([]string, len(je.Problems))
	for i, p := range je.Problems {
		parts[i] = p.String()
	}
	return newErr(Malformed, "", "", "%s is not a valid IAM policy (%d %s): %s", what, len(parts),
		plural(len(parts), "problem", "problems"), strings.Join(parts, "; "))
}

// scpRequestGate decides the SCP chain. Every condition key is evaluated,
// global ones included.
func scpRequestGate(env RequestEnv, req iam.Request) chatauthz.Gate {
	if !env.SCPsEnabled {
		return chatauthz.Gate{Name: chatauthz.GateSCPs, Outcome: chatauthz.Allowed,
			Reason: "service control policies are not enabled in the organization (or the account is in none)"}
	}
	r := iam.EvaluateSCPs(env.SCPs, req, env.ManagementAccount)
	g := chatauthz.Gate{Name: chatauthz.GateSCPs, Outcome: chatauthz.Allowed, Reason: r.Reason, Levels: r.Levels}
	if r.Decision != iam.Allow {
		g.Outcome = chatauthz.Denied
	}
	return g
}

// policyRequestGate decides a set of policies that must allow the request:
// an Allow from one and no Deny from any. No policies: not evaluated.
func policyRequestGate(name chatauthz.GateName, what string, policies []iam.Named, req iam.Request) chatauthz.Gate {
	g := chatauthz.Gate{Name: name}
	if len(policies) == 0 {
		g.Outcome, g.Reason = chatauthz.NotEvaluated, fmt.Sprintf("no %s were given, so they are not evaluated", what)
		return g
	}
	r := iam.Evaluate(policies, req)
	g.Statements = r.Deciding()
	switch r.Decision {
	case iam.Allow:
		g.Outcome, g.Reason = chatauthz.Allowed, fmt.Sprintf("the %s allow %s: %s", what, req.Action, joinMatches(r.Allow))
	case iam.ExplicitDeny:
		g.Outcome, g.Reason = chatauthz.Denied, fmt.Sprintf("the %s deny %s: %s", what, req.Action, joinMatches(r.Deny))
	default:
		g.Outcome, g.Reason = chatauthz.Denied, fmt.Sprintf("none of the %s allows %s on %s", what, req.Action, req.Resource)
	}
	return g
}

func joinMatches(ms []iam.Match) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.String()
	}
	return strings.Join(parts, "; ")
}
