package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
)

// The directory file: what `directory import` reads and `directory list -o
// json` writes, and the rules its entries follow, which are the server's.

// maxNameLen bounds the names of workspaces, channels and teams.
const maxNameLen = 255

// slackEntry is a Slack channel of the directory, as directory files and
// `directory list -o json` write it.
type slackEntry struct {
	TeamID      string `yaml:"teamId" json:"TeamId"`
	TeamName    string `yaml:"teamName" json:"TeamName"`
	ChannelID   string `yaml:"channelId" json:"ChannelId"`
	ChannelName string `yaml:"channelName" json:"ChannelName"`
	Visibility  string `yaml:"visibility" json:"Visibility"`
	// UpdatedAt is written by list and ignored by import, so that list's
	// output can be imported.
	UpdatedAt string `yaml:"updatedAt" json:"UpdatedAt,omitempty"`
}

// teamsEntry is a Microsoft Teams team of the directory.
type teamsEntry struct {
	TenantID  string `yaml:"tenantId" json:"TenantId"`
	TeamID    string `yaml:"teamId" json:"TeamId"`
	TeamName  string `yaml:"teamName" json:"TeamName"`
	UpdatedAt string `yaml:"updatedAt" json:"UpdatedAt,omitempty"`
}

// directoryFile is a directory file (YAML or JSON).
type directoryFile struct {
	SlackChannels []slackEntry `yaml:"slackChannels" json:"SlackChannels"`
	TeamsTeams    []teamsEntry `yaml:"teamsTeams" json:"TeamsTeams"`
}

func (e slackEntry) request() chatgovapi.PutSlackChannelInput {
	return chatgovapi.PutSlackChannelInput{SlackTeamID: e.TeamID, SlackTeamName: e.TeamName, SlackChannelID: e.ChannelID,
		SlackChannelName: e.ChannelName, ChannelVisibility: e.Visibility}
}

func (e teamsEntry) request() chatgovapi.PutTeamsTeamInput {
	return chatgovapi.PutTeamsTeamInput{TenantID: e.TenantID, TeamID: e.TeamID, TeamName: e.TeamName}
}

// fieldRule checks one field of a directory entry; it returns what is
// wrong with a non-empty value, or "".
type fieldRule struct {
	name  string
	check func(v string) string
}

// idRule checks an ID against its platform's format.
func idRule(f chatbot.IDFormat, what string) func(string) string {
	return func(v string) string {
		if !f.MatchString(v) {
			return fmt.Sprintf("%q is not %s", v, what)
		}
		return ""
	}
}

func nameRule(v string) string {
	if len(v) > maxNameLen {
		return fmt.Sprintf("is %d bytes long; names are at most %d", len(v), maxNameLen)
	}
	return ""
}

func visibilityRule(v string) string {
	if v != string(chatbot.Public) && v != string(chatbot.Private) {
		return fmt.Sprintf("must be public or private, not %q", v)
	}
	return ""
}

// The rules of each field.
var (
	slackTeamRule    = idRule(chatbot.SlackTeamIDFormat, "a Slack workspace ID (upper-case letters and digits, such as T0123ABCD)")
	slackChannelRule = idRule(chatbot.SlackChannelIDFormat, "a Slack channel ID (letters and digits, such as C0123ABCD)")
	tenantRule       = idRule(chatbot.TeamsIDFormat, "a Microsoft Teams tenant ID (a UUID)")
	teamRule         = idRule(chatbot.TeamsIDFormat, "a Microsoft Teams team ID (a UUID)")
)

// The fields of each kind of entry, in the order problems are reported.
// Every field but updatedAt is required.
var (
	slackRules = []fieldRule{
		{"teamId", slackTeamRule},
		{"teamName", nameRule},
		{"channelId", slackChannelRule},
		{"channelName", nameRule},
		{"visibility", visibilityRule},
	}
	teamsRules = []fieldRule{
		{"tenantId", tenantRule},
		{"teamId", teamRule},
		{"teamName", nameRule},
	}
)

// updatedAtField is the field every entry may have, which import ignores.
const updatedAtField = "updatedAt"

func ruleNames(rules []fieldRule) string {
	var names []string
	for _, r := range rules {
		names = append(names, r.name)
	}
	names = append(names, updatedAtField)
	sort.Strings(names)
	return strings.Join(names, ", ")
}
