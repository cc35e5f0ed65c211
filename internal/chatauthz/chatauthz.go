// Package chatauthz decides whether a command typed in a chat channel may
// run, gate by gate, as AWS Chatbot and IAM would: the channel
// configuration must be enabled, the role setting it uses allowed by the
// chat applications policy, the action one AWS Chatbot runs from chat,
// and then the configuration's guardrails, the role's own permissions and
// the organization's SCPs must all allow the request.
//
// It is a pure engine: the caller gathers the inputs (the configuration's
// state, the compiled policies, the SCP path) and Decide evaluates them,
// naming for every gate what decided it. Gates that the caller could not
// evaluate (a role whose permissions nobody registered) are reported as
// such and do not deny.
package chatauthz

import (
	"fmt"
	"strings"

	"github.com/chatgov/chatgov/internal/iam"
)

// GateName names a gate.
type GateName string

// The gates, in the order Decide walks them.
const (
	GateConfiguration   GateName = "configuration"
	GateRoleSetting     GateName = "role-setting"
	GateChatbotBlocked  GateName = "chatbot-blocked"
	GateGuardrails      GateName = "guardrails"
	GateRolePermissions GateName = "role-permissions"
	GateSCPs            GateName = "service-control-policies"
)

// Outcome is a gate's verdict.
type Outcome string

// The outcomes. NotEvaluated means the gate's input is unknown to chatgov;
// such a gate does not deny.
const (
	Allowed      Outcome = "ALLOWED"
	Denied       Outcome = "DENIED"
	NotEvaluated Outcome = "NOT_EVALUATED"
)

// Gate is one gate's verdict and why.
type Gate struct {
	Name    GateName
	Outcome Outcome
	Reason  string
	// Statements are the IAM statements that decided a policy gate
	// (guardrails, role permissions): the denying ones for a denial, the
	// allowing ones otherwise.
	Statements []iam.Match
	// Levels is the SCP chain's verdict per level, root first.
	Levels []iam.LevelResult
}

// Decision is the verdict on a command: allowed when no gate denies.
type Decision struct {
	Allowed bool
	Gates   []Gate
}

// Role settings, as chat applications policies name them.
const (
	ChannelRole = "channel_role"
	UserRole    = "user_role"
)

// Input is everything a decision needs. The caller fills it from its
// state; nothing in it is changed.
type Input struct {
	// Request is the IAM request the command makes: action, resource and
	// context (aws:ChatbotSourceArn and the other keys).
	Request iam.Request

	// ConfigurationARN names the configuration; Enabled and StateReason are
	// its state under the chat applications policy.
	ConfigurationARN string
	Enabled          bool
	StateReason      string

	// RoleSetting is the setting the command runs under (ChannelRole or
	// UserRole) and RoleARN the role it assumes. RoleError, when set, says
	// why no role can be used (a user role is required and the member has
	// none mapped); RoleSettingDenial, when set, is the policy's reason for
	// refusing the setting.
	RoleSetting       string
	RoleARN           string
	RoleError         string
	RoleSettingDenial string

	// Blocked, when set, is why AWS Chatbot never runs the action from chat.
	Blocked string

	// Guardrails are the configuration's guardrail policies that chatgov
	// knows; UnknownGuardrails the ARNs of those it does not. DefaultGuardrail
	// says the configuration names none, so AdministratorAccess applies.
	Guardrails        []iam.Named
	UnknownGuardrails []string
	DefaultGuardrail  bool

	// RolePolicies are the role's permission policies, when RoleRegistered.
	RolePolicies   []iam.Named
	RoleRegistered bool

	// SCPs is the path from the root to the configuration's account, with
	// the SCPs attached at each level; SCPsEnabled is false when the
	// organization does not use them (or there is no organization).
	// ManagementAccount exempts the account from SCPs.
	SCPs              []iam.Level
	SCPsEnabled       bool
	ManagementAccount bool
}

// Decide walks every gate in order and reports each, even after one has
// denied, so that the answer shows everything that stands in the way.
func Decide(in *Input) Decision {
	gates := []Gate{
		configurationGate(in),
		roleSettingGate(in),
		blockedGate(in),
		policyGate(GateGuardrails, in, in.Guardrails, true),
		rolePermissionsGate(in),
		scpGate(in),
	}
	d := Decision{Allowed: true, Gates: gates}
	for _, g := range gates {
		if g.Outcome == Denied {
			d.Allowed = false
		}
	}
	return d
}

// Allow returns Decide's verdict without the explanations and without
// allocating: the policies are decided with iam.Decide and iam.DecideSCPs.
func Allow(in *Input) bool {
	if !in.Enabled || in.RoleError != "" || in.RoleSettingDenial != "" || in.Blocked != "" {
		return false
	}
	switch iam.Decide(in.Guardrails, in.Request) {
	case iam.ExplicitDeny:
		return false
	case iam.ImplicitDeny:
		if len(in.UnknownGuardrails) == 0 {
			return false
		}
	}
	if in.RoleRegistered && iam.Decide(in.RolePolicies, in.Request) != iam.Allow {
		return false
	}
	return !in.SCPsEnabled || iam.DecideSCPs(in.SCPs, in.Request, in.ManagementAccount) == iam.Allow
}

func configurationGate(in *Input) Gate {
	g := Gate{Name: GateConfiguration, Outcome: Allowed, Reason: in.ConfigurationARN + " is ENABLED"}
	if !in.Enabled {
		g.Outcome, g.Reason = Denied, in.ConfigurationARN+" is DISABLED: "+in.StateReason
	}
	return g
}

func roleSettingGate(in *Input) Gate {
	g := Gate{Name: GateRoleSetting}
	switch {
	case in.RoleError != "":
		g.Outcome, g.Reason = Denied, in.RoleError
	case in.RoleSettingDenial != "":
		g.Outcome, g.Reason = Denied, in.RoleSettingDenial
	case in.RoleSetting == UserRole:
		g.Outcome, g.Reason = Allowed, "the command runs with the member's user role "+in.RoleARN+", which the policy allows"
	default:
		g.Outcome, g.Reason = Allowed, "the command runs with the channel role "+in.RoleARN+", which the policy allows"
	}
	return g
}

func blockedGate(in *Input) Gate {
	if in.Blocked != "" {
		return Gate{Name: GateChatbotBlocked, Outcome: Denied, Reason: in.Blocked}
	}
	return Gate{Name: GateChatbotBlocked, Outcome: Allowed,
		Reason: "AWS Chatbot runs " + in.Request.Action + " from chat"}
}

// policyGate decides a set of identity policies that bound the command,
// such as the guardrails: the request needs an Allow from one of them and
// no Deny from any. Guardrails chatgov does not know cannot deny, and
// might allow: with some of them, a Deny or an Allow among the known ones
// still decides, but no Allow leaves the gate not evaluated.
func policyGate(name GateName, in *Input, policies []iam.Named, guardrails bool) Gate {
	g := Gate{Name: name}
	what := "the guardrails"
	if !guardrails {
		what = "the role's policies"
	}
	r := iam.Evaluate(policies, in.Request)
	g.Statements = r.Deciding()
	prefix := ""
	if guardrails && in.DefaultGuardrail {
		prefix = "the configuration names no guardrail, so AdministratorAccess applies; "
	}
	switch {
	case r.Decision == iam.Allow:
		g.Outcome, g.Reason = Allowed, prefix+what+" allow "+in.Request.Action+": "+describe(r.Allow)
	case r.Decision == iam.ExplicitDeny:
		g.Outcome, g.Reason = Denied, prefix+what+" deny "+in.Request.Action+": "+describe(r.Deny)
	case guardrails && len(in.UnknownGuardrails) > 0:
		g.Outcome = NotEvaluated
		n := len(in.UnknownGuardrails)
		g.Reason = fmt.Sprintf("no known guardrail allows %s, and chatgov does not know the guardrail %s %s: register %s so that the guardrails can be evaluated",
			in.Request.Action, plural(n, "policy", "policies"), strings.Join(in.UnknownGuardrails, ", "), plural(n, "it", "them"))
	default:
		g.Outcome, g.Reason = Denied, prefix+"none of "+what+" allows "+in.Request.Action+" on "+in.Request.Resource
	}
	return g
}

func rolePermissionsGate(in *Input) Gate {
	if in.RoleARN == "" {
		return Gate{Name: GateRolePermissions, Outcome: NotEvaluated,
			Reason: "the command has no role to run with (see the role setting), so no role's permissions are evaluated"}
	}
	if !in.RoleRegistered {
		return Gate{Name: GateRolePermissions, Outcome: NotEvaluated,
			Reason: "the permissions of " + in.RoleARN + " are not registered with chatgov, so they are not evaluated"}
	}
	return policyGate(GateRolePermissions, in, in.RolePolicies, false)
}

func scpGate(in *Input) Gate {
	if !in.SCPsEnabled {
		return Gate{Name: GateSCPs, Outcome: Allowed, Reason: "service control policies are not enabled in the organization"}
	}
	r := iam.EvaluateSCPs(in.SCPs, in.Request, in.ManagementAccount)
	g := Gate{Name: GateSCPs, Outcome: Allowed, Reason: r.Reason, Levels: r.Levels}
	if r.Decision != iam.Allow {
		g.Outcome = Denied
	}
	return g
}

func describe(ms []iam.Match) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.String()
	}
	return strings.Join(parts, "; ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
