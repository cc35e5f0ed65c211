package chatauthz

import (
	"fmt"
	"time"

	"github.com/chatgov/chatgov/internal/chatcmd"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
)

// DefaultGuardrail is the policy AWS Chatbot applies when a configuration
// names no guardrail.
const DefaultGuardrail = "arn:aws:iam::aws:policy/AdministratorAccess"

// Situation is where a command is typed: the channel configuration, its
// account's policies and the organization's SCPs. The server fills it from
// its state and the command line from files; Inputs turns it into the
// gates' inputs, so that both decide alike.
type Situation struct {
	// ConfigurationARN, Config and ChannelRoleARN describe the configuration;
	// Config.UserAuthorizationRequired is set when the configuration or its
	// account's preferences require user roles.
	ConfigurationARN string
	Config           chatbot.Config
	ChannelRoleARN   string
	// Enabled and StateReason are the configuration's state.
	Enabled     bool
	StateReason string
	// View is the account's effective chat applications policy, compiled
	// (nil when none applies).
	View *chatbot.Effective

	// ChatUserID is the member who typed the command ("" when unknown) and
	// UserRoleARN the role mapped to them for this configuration ("" when
	// none).
	ChatUserID  string
	UserRoleARN string

	// GuardrailARNs are the configuration's guardrail policies (none means
	// DefaultGuardrail). Policy resolves a policy ARN (AWS managed or
	// customer managed) to its document, as the configuration's account
	// sees it: another account's policy must not resolve.
	GuardrailARNs []string
	Policy        func(arn string) (*iam.Policy, bool)
	// RolePolicies returns a role's registered permission policies, and
	// whether the role is registered at all (another account's role reads
	// as unregistered).
	RolePolicies func(roleARN string) ([]iam.Named, bool)

	// SCPs is the path from the root to the account; SCPsEnabled whether
	// the organization uses SCPs; ManagementAccount exempts the account.
	SCPs              []iam.Level
	SCPsEnabled       bool
	ManagementAccount bool
	OrganizationID    string
}

// Inputs returns the gates' inputs for each request the command makes (one
// per resource) in situation s at time now.
func Inputs(s *Situation, cmd chatcmd.Command, now time.Time) []*Input {
	base := Input{
		ConfigurationARN:  s.ConfigurationARN,
		Enabled:           s.Enabled,
		StateReason:       s.StateReason,
		SCPs:              s.SCPs,
		SCPsEnabled:       s.SCPsEnabled,
		ManagementAccount: s.ManagementAccount,
	}
	// The role: the member's own when one is mapped (members may choose it
	// even where a channel role is set), else the channel's, unless the
	// configuration requires user roles.
	cfg := s.Config
	switch {
	case s.UserRoleARN != "":
		base.RoleSetting, base.RoleARN = UserRole, s.UserRoleARN
		cfg.UserAuthorizationRequired = true
	case s.Config.UserAuthorizationRequired:
		base.RoleSetting = UserRole
		who := "the member"
		if s.ChatUserID != "" {
			who = "chat user " + s.ChatUserID
		}
		base.RoleError = fmt.Sprintf("the configuration requires members to use their own user roles, and %s has none mapped for it", who)
	default:
		base.RoleSetting, base.RoleARN = ChannelRole, s.ChannelRoleARN
	}
	if base.RoleError == "" {
		for _, r := range chatbot.Decide(s.View, cfg).Reasons {
			if r.Rule == chatbot.RuleRoleSetting && !r.Allowed {
				msg := r.Message()
				if r.Path != "" {
					msg += " (" + r.Path + ")"
				}
				base.RoleSettingDenial = msg
			}
		}
	}
	if reason, blocked := chatcmd.Blocked(cmd.Action); blocked {
		base.Blocked = reason
	}
	guardrails := s.GuardrailARNs
	if len(guardrails) == 0 {
		guardrails, base.DefaultGuardrail = []string{DefaultGuardrail}, true
	}
	for _, arn := range guardrails {
		if p, ok := s.Policy(arn); ok {
			base.Guardrails = append(base.Guardrails, iam.Named{ID: arn, Name: policyName(arn), Policy: p})
		} else {
			base.UnknownGuardrails = append(base.UnknownGuardrails, arn)
		}
	}
	if base.RoleARN != "" && s.RolePolicies != nil {
		base.RolePolicies, base.RoleRegistered = s.RolePolicies(base.RoleARN)
	}
	reqs := cmd.Requests(chatcmd.Caller{ConfigurationARN: s.ConfigurationARN, RoleARN: base.RoleARN,
		OrganizationID: s.OrganizationID, Time: now})
	out := make([]*Input, len(reqs))
	for i, r := range reqs {
		in := base
		in.Request = r
		out[i] = &in
	}
	return out
}

// policyName is the name part of a policy ARN (arn:aws:iam::aws:policy/X
// is X; a path is kept).
func policyName(arn string) string {
	const marker = ":policy/"
	for i := 0; i+len(marker) <= len(arn); i++ {
		if arn[i:i+len(marker)] == marker {
			return arn[i+len(marker):]
		}
	}
	return arn
}

// Verdict is the decision on a whole command: one Decision per request,
// allowed only when every request is.
type Verdict struct {
	Allowed  bool
	Requests []RequestDecision
}

// RequestDecision is the decision on one request of a command.
type RequestDecision struct {
	Action, Resource string
	Decision
}

// DecideAll decides every request of a command.
func DecideAll(inputs []*Input) Verdict {
	v := Verdict{Allowed: len(inputs) > 0}
	for _, in := range inputs {
		d := Decide(in)
		v.Requests = append(v.Requests, RequestDecision{Action: in.Request.Action, Resource: in.Request.Resource, Decision: d})
		if !d.Allowed {
			v.Allowed = false
		}
	}
	return v
}
