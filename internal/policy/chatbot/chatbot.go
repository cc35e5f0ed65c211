// Package chatbot decides whether a chat channel configuration complies
// with an account's effective chat applications policy (CHATBOT_POLICY),
// and says why, naming the rule, the policy path and the policies behind
// the value that decided.
//
// The evaluation follows AWS's policy syntax and the project's decisions
// D5-D8: a platform's client setting, falling back to chatbot.default.client;
// the Slack workspace list and the Teams tenant and team lists, where "*"
// allows all; channel types (Slack only) and role settings, taken from the
// workspace's or team's override field by field, else from default, else
// unrestricted. No effective policy allows everything.
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
}

func (l *list) allows(v string) (bool, []*policy.Source) {
	if !l.present {
		return true, nil
	}
	if l.wildcard != nil {
		return true, l.wildcard
	}
	src, ok := l.set[v]
	return ok, src
}

type settings struct {
	channelTypes list
	roles        list
}

type slackView struct {
	client     scalar
	workspaces list
	def        settings
	overrides  map[string]*settings
}

type teamsView struct {
	client        scalar
	tenantsPath   string
	tenantsExists bool
	tenants       map[string]*list
	tenantIDs     []string
	tenantSources []*policy.Source
	def           settings
	overrides     map[string]map[string]*settings
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
	e.slack.workspaces = compileList(sl.Child("workspaces"), jsondoc.Key(slPath, "workspaces"))
	e.slack.def = compileSettings(sl.Child("default"), jsondoc.Key(slPath, "default"))
	ov := sl.Child("overrides")
	for _, id := range ov.Keys() {
		if e.slack.overrides == nil {
			e.slack.overrides = map[string]*settings{}
		}
		st := compileSettings(ov.Child(id), jsondoc.Key(jsondoc.Key(slPath, "overrides"), id))
		e.slack.overrides[id] = &st
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
		for _, id := range tenants.Keys() {
			l := compileList(tenants.Child(id), jsondoc.Key(e.teams.tenantsPath, id))
			e.teams.tenants[id] = &l
			e.teams.tenantIDs = append(e.teams.tenantIDs, id)
			srcs = appendSources(srcs, l.sources...)
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

func compileList(st policy.Setting, path string) list {
	if !st.IsList() {
		return list{}
	}
	elems := st.Elems()
	l := list{present: true, path: path, set: make(map[string][]*policy.Source, len(elems))}
	cites := make([]*policy.Source, len(elems))
	for i, el := range elems {
		v := el.Value.Text
		cites[i] = el.Source
		cite := cites[i : i+1 : i+1]
		l.values = append(l.values, v)
		l.set[v] = cite
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
		l.removed[el.Value.Text] = el.Source
		l.sources = appendSources(l.sources, el.Source)
	}
	return l
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
