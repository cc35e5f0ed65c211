package policy

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// SchemaKind says what a schema node describes.
type SchemaKind uint8

// The schema node kinds.
const (
	// Block is an object with a fixed set of named members.
	Block SchemaKind = iota + 1
	// Map is an object whose keys are data (workspace IDs, tenant IDs),
	// every value described by the same Elem schema.
	Map
	// ScalarSetting is a setting holding one value; only @@assign applies.
	ScalarSetting
	// ListSetting is a setting holding a list of values.
	ListSetting
)

// Schema describes a policy type's documents, node by node. Documents of a
// type with a schema are checked against it; it also tells the merge which
// lists treat "*" as a wildcard and which compare their values without
// regard to case.
//
// Keys are case-insensitive in every management policy (AWS reads
// "Chatbot" as "chatbot"), so Fields are named in lower case and a Map's
// keys are published lower-cased. A Map's KeyFormat and a list's
// ValueFormat check identifiers as they are written.
type Schema struct {
	Kind SchemaKind
	// Fields are a Block's members; Required names those that must be present.
	Fields   map[string]*Schema
	Required []string
	// Elem describes each value of a Map.
	Elem *Schema
	// KeyFormat constrains a Map's keys.
	KeyFormat *IDFormat
	// Enum lists the values a setting (or each list item) may take.
	Enum []string
	// ValueFormat constrains a setting's values when Enum is empty.
	ValueFormat *IDFormat
	// Wildcard makes "*" a list item that stands for every value.
	Wildcard bool
	// CaseInsensitive makes a list's values compare without regard to case
	// when merged (@@append, @@remove) and when decided on. Values keep the
	// case they were written in.
	CaseInsensitive bool
}

// IDFormat is the format of an identifier used as a Map key or list value.
type IDFormat struct {
	// Pattern is the identifier's format. With LowerCase it is matched
	// against the identifier lower-cased, and an identifier that matches only
	// so is reported as needing lower case.
	Pattern *regexp.Regexp
	// Hint names the identifier for messages: "a Slack workspace ID".
	Hint string
	// Example is a valid identifier, for messages.
	Example string
	// MaxLen is the longest identifier, in characters.
	MaxLen int
	// LowerCase requires the identifier to be written in lower case.
	LowerCase bool
	// Wildcard accepts "*" as a key standing for every identifier.
	Wildcard bool
}

// check returns what is wrong with id, or "" when it is valid. orStar says
// that "*" is also accepted where id stands, for the message.
func (f *IDFormat) check(id string, orStar bool) string {
	if f.Wildcard && id == Wildcard {
		return ""
	}
	star := ""
	if orStar || f.Wildcard {
		star = `, or "*"`
	}
	if f.MaxLen > 0 && len(id) > f.MaxLen {
		return strconv.Quote(shorten(id)) + " is " + strconv.Itoa(len(id)) + " characters long; " + f.Hint +
			" has at most " + strconv.Itoa(f.MaxLen)
	}
	if f.LowerCase {
		lower := strings.ToLower(id)
		if f.Pattern.MatchString(lower) {
			if lower == id {
				return ""
			}
			return strconv.Quote(id) + " must be written in lower case, " + strconv.Quote(lower) +
				": a chat applications policy accepts " + f.Hint + " only in lower case"
		}
	} else if f.Pattern.MatchString(id) {
		return ""
	}
	return strconv.Quote(shorten(id)) + " is not " + f.Hint + ", such as " + f.Example + star
}

// shorten keeps messages about absurdly long identifiers readable.
func shorten(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}

// fieldNames returns a Block's member names, sorted, for error messages.
func (s *Schema) fieldNames() string {
	names := make([]string, 0, len(s.Fields))
	for k := range s.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// Wildcard is the list item that allows every value where a schema says so,
// and the key that stands for every tenant in a chat policy's Teams maps.
const Wildcard = "*"

// The identifier limits of AWS's chat applications policy syntax: "limit
// 255" and "limit 36" are the length of one ID (a UUID has 36 characters),
// not how many IDs a list or map may hold.
const (
	MaxSlackIDLength = 255
	MaxTeamsIDLength = 36
)

var (
	slackTeamIDRe = regexp.MustCompile(`^[0-9A-Za-z]+$`)
	uuidRe        = regexp.MustCompile(`^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$`)
)

// The CHATBOT_POLICY schema, from AWS's chat applications policy syntax and
// the behaviour recorded from the real service: Slack workspace IDs are
// letters and digits, compared without regard to case (override keys are
// published lower-cased); Microsoft Teams tenant and team IDs must be
// lower-case UUIDs, and "*" as a tenant key stands for every tenant.
var chatbotSchema = func() *Schema {
	client := func() *Schema {
		return &Schema{Kind: ScalarSetting, Enum: []string{"enabled", "disabled"}}
	}
	channelTypes := func() *Schema {
		return &Schema{Kind: ListSetting, Enum: []string{"public", "private"}}
	}
	roleSettings := func() *Schema {
		return &Schema{Kind: ListSetting, Enum: []string{"user_role", "channel_role"}}
	}
	slackSettings := func() *Schema {
		return &Schema{Kind: Block, Fields: map[string]*Schema{
			"supported_channel_types": channelTypes(),
			"supported_role_settings": roleSettings(),
		}}
	}
	teamsSettings := func() *Schema {
		return &Schema{Kind: Block, Fields: map[string]*Schema{
			"supported_role_settings": roleSettings(),
		}}
	}
	slackID := &IDFormat{Pattern: slackTeamIDRe, Hint: "a Slack workspace ID (letters and digits)",
		Example: "T0123ABCD", MaxLen: MaxSlackIDLength}
	uuid := func(what string, wildcard bool) *IDFormat {
		return &IDFormat{Pattern: uuidRe, Hint: "a Microsoft Teams " + what + " ID (a UUID)",
			Example: "11111111-1111-4111-8111-111111111111", MaxLen: MaxTeamsIDLength, LowerCase: true, Wildcard: wildcard}
	}
	slack := &Schema{Kind: Block, Fields: map[string]*Schema{
		"client":     client(),
		"workspaces": {Kind: ListSetting, ValueFormat: slackID, Wildcard: true, CaseInsensitive: true},
		"default":    slackSettings(),
		"overrides":  {Kind: Map, KeyFormat: slackID, Elem: slackSettings()},
	}}
	teams := &Schema{Kind: Block, Fields: map[string]*Schema{
		"client": client(),
		"tenants": {Kind: Map, KeyFormat: uuid("tenant", true),
			Elem: &Schema{Kind: ListSetting, ValueFormat: uuid("team", false), Wildcard: true}},
		"default": teamsSettings(),
		"overrides": {Kind: Map, KeyFormat: uuid("tenant", true),
			Elem: &Schema{Kind: Map, KeyFormat: uuid("team", false), Elem: teamsSettings()}},
	}}
	chime := &Schema{Kind: Block, Fields: map[string]*Schema{"client": client()}}
	return &Schema{Kind: Block, Required: []string{"chatbot"}, Fields: map[string]*Schema{
		"chatbot": {Kind: Block, Fields: map[string]*Schema{
			"platforms": {Kind: Block, Fields: map[string]*Schema{
				"slack":           slack,
				"microsoft_teams": teams,
				"chime":           chime,
			}},
			"default": {Kind: Block, Fields: map[string]*Schema{"client": client()}},
		}},
	}}
}()
