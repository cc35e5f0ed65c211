// Package chatbot decides whether a chat channel configuration complies
// with an account's effective chat applications policy (CHATBOT_POLICY),
// and says why, naming the rule, the policy path and the policies behind
// the value that decided.
//
// The evaluation follows AWS's policy syntax, the behaviour recorded from the
// real service and the project's decisions D5-D7: a platform's client
// setting, falling back to chatbot.default.client; the Slack workspace list
// and the Teams tenant and team lists, where "*" allows all; channel types
// (Slack only) and role settings, taken from the workspace's or team's
// override field by field, else from default, else unrestricted. No
// effective policy allows everything.
//
// Identifiers: the effective policy publishes every key lower-cased, Slack
// workspace IDs in overrides included, so Slack workspace IDs compare
// without regard to case, in overrides and in the workspaces list alike.
// Teams tenant and team IDs are lower-case UUIDs in a policy; a
// configuration's IDs are lower-cased before they are compared. A tenant
// key "*" (in tenants or overrides) applies to every tenant: a tenant is
// allowed when tenants has its ID or "*", and its teams are those listed
// under either; an override under "*" applies to its team in any tenant,
// after the tenant's own override and before default.
//
// The package is pure (no I/O). Compile an effective state once, then
// Decide as often as needed: a decision does no parsing and few allocations.
package chatbot

import (
	"strings"

	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/policy"
)

// Platform is a chat application.
type Platform string

// The platforms a chat applications policy governs. Their values are the
// policy's keys under chatbot.platforms.
const (
	Slack          Platform = "slack"
	MicrosoftTeams Platform = "microsoft_teams"
	Chime          Platform = "chime"
)

// Title returns the platform's name for people.
func (p Platform) Title() string {
	switch p {
	case Slack:
		return "Slack"
	case MicrosoftTeams:
		return "Microsoft Teams"
	case Chime:
		return "Amazon Chime"
	}
	return string(p)
}

// Visibility is a Slack channel's visibility.
type Visibility string

// The channel visibilities; Unknown when the chat directory does not know the channel.
const (
	Unknown Visibility = ""
	Public  Visibility = "public"
	Private Visibility = "private"
)

// The role settings of supported_role_settings.
const (
	UserRole    = "user_role"
	ChannelRole = "channel_role"
)

// Config is what a decision needs to know of a channel configuration.
type Config struct {
	Platform Platform
	// Slack.
	SlackTeamID       string
	SlackChannelID    string
	ChannelVisibility Visibility
	// Microsoft Teams.
	TenantID  string
	TeamID    string
	ChannelID string
	// UserAuthorizationRequired is true when the configuration, or its
	// account's preferences, require members to use their own user roles.
	UserAuthorizationRequired bool
}

// RoleSetting returns the role setting the configuration uses (D6).
func (c Config) RoleSetting() string {
	if c.UserAuthorizationRequired {
		return UserRole
	}
	return ChannelRole
}

// Effective is a compiled effective CHATBOT_POLICY, ready for decisions.
// A nil *Effective means no policy applies.
type Effective struct {
	state         *policy.State
	defaultClient scalar
	slack         slackView
	teams         teamsView
	chime         scalar
}

// State returns the effective state the view was compiled from.
func (e *Effective) State() *policy.State { return e.state }

type scalar struct {
	present bool
	value   string
	values  []string // value as a one-element slice, for reasons
	path    string
	sources []*policy.Source
}

// list is a compiled list setting: its values as a set, with provenance.
type list struct {
	present bool
	path    string
	values  []string
	// set maps each value to the source that put it in the list, as a
	// one-element slice so that a decision can cite it without allocating.
	set      map[string][]*policy.Source
	wildcard []*policy.Source
	removed  map[string]*policy.Source
	// sources are the distinct policies behind the list's current content.
	sources []*policy.Source
	// upper is true for a list whose values compare without regard to case
	// (Slack workspace IDs): set and removed are keyed in upper case.
	upper bool
}

func (l *list) allows(v string) (bool, []*policy.Source) {
	if !l.present {
		return true, nil
	}
	if l.wildcard != nil {
		return true, l.wildcard
	}
	src, ok := l.set[v]
	if !ok && l.upper && hasLower(v) {
		src, ok = l.set[strings.ToUpper(v)]
	}
	return ok, src
}

// removedBy returns the policy that removed v from the list, or nil.
func (l *list) removedBy(v string) *policy.Source {
	if l.removed == nil {
		return nil
	}
	if l.upper {
		return l.removed[strings.ToUpper(v)]
	}
	if src := l.removed[v]; src != nil {
		return src
	}
	return l.removed[strings.ToLower(v)] // Teams IDs are lower-case in a policy
}

// hasLower reports whether s has a lower-case ASCII letter, that is,
// whether folding it to upper case would change it.
func hasLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= 0x80 {
			return true
		}
	}
	return false
}

type settings struct {
	channelTypes list
	roles        list
}

type slackView struct {
	client     scalar
	workspaces list
	def        settings
	// overrides are keyed by workspace ID in upper case.
	overrides map[string]*settings
}

// override returns the settings of workspace id's override, or nil.
func (v *slackView) override(id string) *settings {
	if v.overrides == nil {
		return nil
	}
	if s := v.overrides[id]; s != nil || !hasLower(id) {
		return s
	}
	return v.overrides[strings.ToUpper(id)]
}

type teamsView struct {
	client        scalar
	tenantsPath   string
	tenantsExists bool
	// tenants maps each tenant ID to its teams; with a "*" tenant, each
	// tenant's list also holds the teams listed under "*".
	tenants map[string]*list
	// anyTenant is the "*" tenant's list, or nil.
	anyTenant     *list
	tenantIDs     []string
	tenantSources []*policy.Source
	def           settings
	// overrides maps tenant ID (or "*") and team ID to the team's settings.
	overrides map[string]map[string]*settings
}

var (
	pathChatbot   = jsondoc.Key(jsondoc.Root, "chatbot")
	pathPlatforms = jsondoc.Key(pathChatbot, "platforms")
)

// Compile builds the decision view of an effective CHATBOT_POLICY state.
// It returns nil when the state holds no effective policy.
func Compile(s *policy.State) *Effective {
	if s == nil || !s.Exists() {
		return nil
	}
	e := &Effective{state: s}
	cb := s.Lookup("chatbot")
	e.defaultClient = compileScalar(cb.Child("default").Child("client"), jsondoc.Key(jsondoc.Key(pathChatbot, "default"), "client"))
	pl := cb.Child("platforms")

	sl := pl.Child(string(Slack))
	slPath := jsondoc.Key(pathPlatforms, string(Slack))
	e.slack.client = compileScalar(sl.Child("client"), jsondoc.Key(slPath, "client"))
	e.slack.workspaces = compileFoldedList(sl.Child("workspaces"), jsondoc.Key(slPath, "workspaces"))
	e.slack.def = compileSettings(sl.Child("default"), jsondoc.Key(slPath, "default"))
	ov := sl.Child("overrides")
	for _, id := range ov.Keys() {
		if e.slack.overrides == nil {
			e.slack.overrides = map[string]*settings{}
		}
		st := compileSettings(ov.Child(id), jsondoc.Key(jsondoc.Key(slPath, "overrides"), id))
		e.slack.overrides[strings.ToUpper(id)] = &st
	}

	tm := pl.Child(string(MicrosoftTeams))
	tmPath := jsondoc.Key(pathPlatforms, string(MicrosoftTeams))
	e.teams.client = compileScalar(tm.Child("client"), jsondoc.Key(tmPath, "client"))
	tenants := tm.Child("tenants")
	e.teams.tenantsPath = jsondoc.Key(tmPath, "tenants")
	if tenants.Exists() {
		e.teams.tenantsExists = true
		e.teams.tenants = map[string]*list{}
		var srcs []*policy.Source
		if any := tenants.Child(policy.Wildcard); any.IsList() {
			l := compileList(any, jsondoc.Key(e.teams.tenantsPath, policy.Wildcard))
			e.teams.anyTenant = &l
		}
		for _, id := range tenants.Keys() {
			l := compileList(tenants.Child(id), jsondoc.Key(e.teams.tenantsPath, id))
			srcs = appendSources(srcs, l.sources...)
			e.teams.tenantIDs = append(e.teams.tenantIDs, id)
			if id == policy.Wildcard {
				continue
			}
			if e.teams.anyTenant != nil {
				l = union(&l, e.teams.anyTenant)
			}
			e.teams.tenants[id] = &l
		}
		e.teams.tenantSources = srcs
	}
	e.teams.def = compileSettings(tm.Child("default"), jsondoc.Key(tmPath, "default"))
	tov := tm.Child("overrides")
	for _, tenant := range tov.Keys() {
		if e.teams.overrides == nil {
			e.teams.overrides = map[string]map[string]*settings{}
		}
		teams := map[string]*settings{}
		tpath := jsondoc.Key(jsondoc.Key(tmPath, "overrides"), tenant)
		for _, team := range tov.Child(tenant).Keys() {
			st := compileSettings(tov.Child(tenant).Child(team), jsondoc.Key(tpath, team))
			teams[team] = &st
		}
		e.teams.overrides[tenant] = teams
	}

	ch := pl.Child(string(Chime))
	e.chime = compileScalar(ch.Child("client"), jsondoc.Key(jsondoc.Key(pathPlatforms, string(Chime)), "client"))
	return e
}

func compileScalar(st policy.Setting, path string) scalar {
	el, ok := st.Scalar()
	if !ok {
		return scalar{}
	}
	return scalar{present: true, value: el.Value.Text, values: []string{el.Value.Text}, path: path,
		sources: []*policy.Source{el.Source}}
}

func compileList(st policy.Setting, path string) list { return compile(st, path, false) }

// compileFoldedList compiles a list whose values compare without regard to
// case (Slack workspace IDs).
func compileFoldedList(st policy.Setting, path string) list { return compile(st, path, true) }

func compile(st policy.Setting, path string, upper bool) list {
	if !st.IsList() {
		return list{upper: upper}
	}
	elems := st.Elems()
	l := list{present: true, path: path, set: make(map[string][]*policy.Source, len(elems)), upper: upper}
	key := func(v string) string {
		if upper {
			return strings.ToUpper(v)
		}
		return v
	}
	cites := make([]*policy.Source, len(elems))
	for i, el := range elems {
		v := el.Value.Text
		cites[i] = el.Source
		cite := cites[i : i+1 : i+1]
		l.values = append(l.values, v)
		if k := key(v); l.set[k] == nil {
			l.set[k] = cite
		}
		if v == policy.Wildcard {
			l.wildcard = cite
		}
		l.sources = appendSources(l.sources, el.Source)
	}
	if a := st.Assigned(); a != nil {
		l.sources = appendSources(l.sources, a)
	}
	for _, el := range st.Removed() {
		if l.removed == nil {
			l.removed = map[string]*policy.Source{}
		}
		l.removed[key(el.Value.Text)] = el.Source
		l.sources = appendSources(l.sources, el.Source)
	}
	return l
}

// union returns a tenant's team list with the teams of the "*" tenant
// added: both apply to the tenant. It keeps the tenant's path.
func union(own, any *list) list {
	u := list{present: true, path: own.path, set: make(map[string][]*policy.Source, len(own.set)+len(any.set))}
	u.values = append(u.values, own.values...)
	for v, src := range own.set {
		u.set[v] = src
	}
	for _, v := range any.values {
		if _, ok := u.set[v]; !ok {
			u.values = append(u.values, v)
			u.set[v] = any.set[v]
		}
	}
	u.wildcard = own.wildcard
	if u.wildcard == nil {
		u.wildcard = any.wildcard
	}
	for _, l := range []*list{own, any} {
		for v, src := range l.removed {
			if _, ok := u.set[v]; !ok {
				if u.removed == nil {
					u.removed = map[string]*policy.Source{}
				}
				if u.removed[v] == nil {
					u.removed[v] = src
				}
			}
		}
	}
	u.sources = appendSources(append([]*policy.Source(nil), own.sources...), any.sources...)
	return u
}

func compileSettings(st policy.Setting, path string) settings {
	return settings{
		channelTypes: compileList(st.Child("supported_channel_types"), jsondoc.Key(path, "supported_channel_types")),
		roles:        compileList(st.Child("supported_role_settings"), jsondoc.Key(path, "supported_role_settings")),
	}
}

func appendSources(dst []*policy.Source, srcs ...*policy.Source) []*policy.Source {
next:
	for _, s := range srcs {
		if s == nil {
			continue
		}
		for _, d := range dst {
			if d == s {
				continue next
			}
		}
		dst = append(dst, s)
	}
	return dst
}

// fold canonicalizes a Teams identifier the way the policy's keys and
// values were canonicalized when read (D8).
func fold(id string) string { return strings.ToLower(id) }
