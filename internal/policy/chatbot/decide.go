package chatbot

import (
	"fmt"
	"strings"

	"github.com/chatgov/chatgov/internal/policy"
)

// Rule names one check of a decision.
type Rule string

// The rules a decision checks, in the order it checks them.
const (
	RuleNoPolicy    Rule = "no-policy"
	RuleClient      Rule = "platform-client"
	RuleWorkspace   Rule = "slack-workspace"
	RuleChannelType Rule = "slack-channel-type"
	RuleTenant      Rule = "teams-tenant"
	RuleTeam        Rule = "teams-team"
	RuleRoleSetting Rule = "role-setting"
)

type detail uint8

const (
	unrestricted detail = iota
	clientSet
	clientDefault
	listed
	listedWildcard
	anyTenant
	notListed
	removedBy
	visibilityUnknown
	noPolicy
)

// Reason is the outcome of one rule: what was checked, against which
// setting of the effective policy, and which policies set that value.
type Reason struct {
	Rule    Rule
	Allowed bool
	// Path is the JSON path of the setting that decided; empty when no
	// setting restricts the rule.
	Path string
	// Subject is the configuration's value that was checked: a platform, a
	// workspace, tenant or team ID, a channel type or a role setting.
	Subject string
	// Values are the policy's value or values that decided.
	Values []string
	// Sources are the policies (on their nodes, with their operators) behind
	// the deciding value. For a value removed by @@remove, the remover comes first.
	Sources []*policy.Source

	detail detail
}

// Decision is the verdict on a channel configuration, with every rule checked.
type Decision struct {
	Allowed bool
	// HasPolicy is false when no chat applications policy applies.
	HasPolicy bool
	Reasons   []Reason
}

// Denials returns the reasons that denied the configuration.
func (d Decision) Denials() []Reason {
	var out []Reason
	for _, r := range d.Reasons {
		if !r.Allowed {
			out = append(out, r)
		}
	}
	return out
}

// Decide checks a configuration against a compiled effective policy (nil
// when none applies) and returns the verdict with every rule's outcome.
func Decide(e *Effective, c Config) Decision {
	return DecideInto(e, c, make([]Reason, 0, 4))
}

// DecideInto is Decide writing the reasons into buf (from its start), so
// that a caller deciding many configurations in turn reuses one buffer. The
// decision's Reasons share buf's array: copy them before the next call.
func DecideInto(e *Effective, c Config, buf []Reason) Decision {
	if e == nil {
		return Decision{Allowed: true, Reasons: append(buf[:0], Reason{Rule: RuleNoPolicy, Allowed: true, detail: noPolicy})}
	}
	d := Decision{Allowed: true, HasPolicy: true, Reasons: buf[:0]}
	d.add(e.client(c.Platform))
	switch c.Platform {
	case Slack:
		ok, src := e.slack.workspaces.allows(c.SlackTeamID)
		d.add(listReason(RuleWorkspace, &e.slack.workspaces, c.SlackTeamID, ok, src))
		ov := e.slack.override(c.SlackTeamID)
		d.add(channelType(pick(ov, nil, &e.slack.def, channelTypes), c.ChannelVisibility))
		d.add(role(pick(ov, nil, &e.slack.def, roles), c.RoleSetting()))
	case MicrosoftTeams:
		tenant, team := fold(c.TenantID), fold(c.TeamID)
		if e.teams.tenantsExists {
			tl, det := e.teams.tenants[tenant], listed
			if tl == nil {
				tl, det = e.teams.anyTenant, anyTenant
			}
			if tl == nil {
				d.add(Reason{Rule: RuleTenant, Path: e.teams.tenantsPath, Subject: c.TenantID,
					Values: e.teams.tenantIDs, Sources: e.teams.tenantSources, detail: notListed})
			} else {
				d.add(Reason{Rule: RuleTenant, Allowed: true, Path: e.teams.tenantsPath, Subject: c.TenantID,
					Sources: tl.sources, detail: det})
				ok, src := tl.allows(team)
				d.add(listReason(RuleTeam, tl, c.TeamID, ok, src))
			}
		} else {
			d.add(Reason{Rule: RuleTenant, Allowed: true, Subject: c.TenantID})
		}
		var ov, anyOv *settings
		if teams := e.teams.overrides[tenant]; teams != nil {
			ov = teams[team]
		}
		if teams := e.teams.overrides[policy.Wildcard]; teams != nil {
			anyOv = teams[team]
		}
		d.add(role(pick(ov, anyOv, &e.teams.def, roles), c.RoleSetting()))
	}
	return d
}

// VisibilityMatters reports whether a Slack channel's visibility can change
// the decision on it in workspace teamID: whether the channel types that
// apply there are restricted to one of public and private. When it does
// not, a caller may leave Config.ChannelVisibility Unknown and spare
// itself the directory lookup.
func (e *Effective) VisibilityMatters(teamID string) bool {
	if e == nil {
		return false
	}
	l := pick(e.slack.override(teamID), nil, &e.slack.def, channelTypes)
	if !l.present {
		return false
	}
	_, pub := l.set[string(Public)]
	_, priv := l.set[string(Private)]
	return !pub || !priv
}

func (d *Decision) add(r Reason) {
	d.Reasons = append(d.Reasons, r)
	if !r.Allowed {
		d.Allowed = false
	}
}

func roles(s *settings) *list        { return &s.roles }
func channelTypes(s *settings) *list { return &s.channelTypes }

// pick applies D5: a field comes from the override when the override sets
// it, otherwise from the override of the "*" tenant (Teams; nil for Slack),
// otherwise from default (which may leave it unrestricted).
func pick(ov, anyOv, def *settings, field func(*settings) *list) *list {
	for _, s := range [2]*settings{ov, anyOv} {
		if s != nil {
			if l := field(s); l.present {
				return l
			}
		}
	}
	return field(def)
}

func (e *Effective) client(p Platform) Reason {
	var c *scalar
	switch p {
	case Slack:
		c = &e.slack.client
	case MicrosoftTeams:
		c = &e.teams.client
	case Chime:
		c = &e.chime
	}
	r := Reason{Rule: RuleClient, Subject: string(p), Allowed: true}
	det := clientSet
	if c == nil || !c.present {
		c, det = &e.defaultClient, clientDefault
	}
	if !c.present {
		return r
	}
	r.Path, r.Values, r.Sources, r.detail = c.path, c.values, c.sources, det
	r.Allowed = c.value != "disabled"
	return r
}

func listReason(rule Rule, l *list, subject string, ok bool, cite []*policy.Source) Reason {
	r := Reason{Rule: rule, Allowed: ok, Subject: subject}
	if !l.present {
		return r
	}
	r.Path, r.Values = l.path, l.values
	switch {
	case ok && l.wildcard != nil:
		r.detail, r.Sources = listedWildcard, cite
	case ok:
		r.detail, r.Sources = listed, cite
	default:
		r.detail, r.Sources = notListed, l.sources
		if rm := l.removedBy(subject); rm != nil {
			r.detail = removedBy
			r.Sources = appendSources([]*policy.Source{rm}, l.sources...)
		}
	}
	return r
}

func channelType(l *list, v Visibility) Reason {
	if !l.present {
		return Reason{Rule: RuleChannelType, Allowed: true, Subject: string(v)}
	}
	if v == Unknown {
		_, pub := l.set[string(Public)]
		_, priv := l.set[string(Private)]
		r := Reason{Rule: RuleChannelType, Allowed: pub && priv, Path: l.path, Values: l.values, Sources: l.sources, detail: listed}
		if !r.Allowed {
			r.detail = visibilityUnknown
		}
		return r
	}
	ok, src := l.allows(string(v))
	return listReason(RuleChannelType, l, string(v), ok, src)
}

func role(l *list, setting string) Reason {
	ok, src := l.allows(setting)
	return listReason(RuleRoleSetting, l, setting, ok, src)
}

// Message says in a sentence what the rule found.
func (r Reason) Message() string {
	switch r.Rule {
	case RuleNoPolicy:
		return "no chat applications policy applies to the account, so every configuration is allowed"
	case RuleClient:
		name := Platform(r.Subject).Title()
		switch r.detail {
		case unrestricted:
			return name + " is allowed: no client setting restricts it"
		case clientDefault:
			if r.Allowed {
				return name + " is enabled by chatbot.default.client"
			}
			return name + " is disabled: it has no client setting of its own and chatbot.default.client is \"disabled\""
		}
		if r.Allowed {
			return name + " is enabled by its client setting"
		}
		return name + " is disabled by the policy's client setting"
	case RuleChannelType:
		switch r.detail {
		case unrestricted:
			return "channel types are not restricted"
		case visibilityUnknown:
			return fmt.Sprintf("only %s Slack channels are allowed, and the channel's visibility is unknown: register it in the chat directory", orList(r.Values))
		}
	}
	what := map[Rule]string{
		RuleWorkspace:   "Slack workspace",
		RuleTenant:      "Microsoft Teams tenant",
		RuleTeam:        "Microsoft Teams team",
		RuleChannelType: "channel type",
		RuleRoleSetting: "role setting",
	}[r.Rule]
	subject := fmt.Sprintf("%s %q", what, r.Subject)
	if r.Rule == RuleChannelType {
		subject = r.Subject + " channels"
	}
	if r.Rule == RuleRoleSetting {
		subject = fmt.Sprintf("the %s setting (%s)", r.Subject, roleMeaning(r.Subject))
	}
	is := " is"
	if r.Rule == RuleChannelType {
		is = " are"
	}
	switch r.detail {
	case unrestricted:
		return what + "s are not restricted"
	case listed:
		return subject + is + " allowed"
	case listedWildcard:
		return subject + is + ` allowed: the list holds "*"`
	case anyTenant:
		return subject + ` is allowed: tenants has the key "*", which stands for every tenant`
	case removedBy:
		s := r.Sources[0]
		return fmt.Sprintf("%s%s not allowed: policy %s (%s) on %s removed it with @@remove; allowed: %s",
			subject, is, s.PolicyID, s.PolicyName, s.Target.ID, listOrNone(r.Values))
	}
	return fmt.Sprintf("%s%s not allowed; allowed: %s", subject, is, listOrNone(r.Values))
}

func roleMeaning(s string) string {
	if s == UserRole {
		return "members must use their own user roles"
	}
	return "commands run with the channel's IAM role"
}

// maxListed is how many allowed values a message names; the policy path
// leads to the rest.
const maxListed = 10

func listOrNone(vs []string) string {
	switch {
	case len(vs) == 0:
		return "none (the list is empty)"
	case len(vs) > maxListed:
		return strings.Join(vs[:maxListed], ", ") + fmt.Sprintf(" and %d more", len(vs)-maxListed)
	}
	return strings.Join(vs, ", ")
}

func orList(vs []string) string {
	if len(vs) == 0 {
		return "no"
	}
	return strings.Join(vs, " or ")
}

// DenialMessage is the error a Chatbot API call gets when the policy denies
// a configuration (D11): not allowed by the organization's chat
// applications policy, each reason, and whom to contact.
func (d Decision) DenialMessage() string {
	return "This action is not allowed by your organization's chat applications policy: " + d.StateReason() +
		". Contact your organization's management account or delegated administrator to change the policy."
}

// StateReason summarizes the denials in one line, for a DISABLED
// configuration's StateReason: each with the setting's path and the
// policies that set it.
func (d Decision) StateReason() string {
	var parts []string
	for _, r := range d.Reasons {
		if !r.Allowed {
			msg := r.Message()
			if r.Path != "" {
				msg += " (" + r.Path + setBy(r) + ")"
			}
			parts = append(parts, msg)
		}
	}
	return strings.Join(parts, "; ")
}

// maxCited is how many policies a reason names before "and N more".
const maxCited = 3

// setBy names the policies behind a denying setting: ", set by policy
// p-1 (name) on ou-1". A removal already names its policy.
func setBy(r Reason) string {
	if r.detail == removedBy || len(r.Sources) == 0 {
		return ""
	}
	var names []string
	for i, s := range r.Sources {
		if i == maxCited {
			names = append(names, fmt.Sprintf("%d more", len(r.Sources)-maxCited))
			break
		}
		names = append(names, fmt.Sprintf("%s (%s) on %s", s.PolicyID, s.PolicyName, s.Target.ID))
	}
	word := "policy "
	if len(r.Sources) > 1 {
		word = "policies "
	}
	last := len(names) - 1
	if last == 0 {
		return ", set by " + word + names[0]
	}
	return ", set by " + word + strings.Join(names[:last], ", ") + " and " + names[last]
}
