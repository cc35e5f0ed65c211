package policy

import (
	"regexp"
	"sort"
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
// lists treat "*" as a wildcard and which quotas apply to the effective policy.
type Schema struct {
	Kind SchemaKind
	// Fields are a Block's members; Required names those that must be present.
	Fields   map[string]*Schema
	Required []string
	// Elem describes each value of a Map.
	Elem *Schema
	// KeyPattern and KeyHint constrain a Map's keys ("a Slack workspace ID").
	KeyPattern *regexp.Regexp
	KeyHint    string
	// FoldKeys lower-cases a Map's keys when a document is read, so that
	// identifiers AWS compares case-insensitively merge as one key.
	FoldKeys bool
	// MaxKeys bounds a Map's keys, in a document and in the effective policy.
	MaxKeys int
	// Enum lists the values a setting (or each list item) may take.
	Enum []string
	// ValuePattern and ValueHint constrain a setting's values when Enum is empty.
	ValuePattern *regexp.Regexp
	ValueHint    string
	// FoldValues lower-cases values when a document is read.
	FoldValues bool
	// Wildcard makes "*" a valid list item that stands for every value.
	Wildcard bool
	// MaxItems bounds a list, in a document and in the effective policy.
	MaxItems int
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

// Wildcard is the list item that allows every value where a schema says so.
const Wildcard = "*"

var (
	slackTeamIDRe = regexp.MustCompile(`^[0-9A-Z]{1,255}$`)
	uuidRe        = regexp.MustCompile(`^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$`)
)

// The CHATBOT_POLICY schema, from AWS's chat applications policy syntax.
// Slack IDs are upper-case alphanumerics and compare exactly; Microsoft Teams
// tenant and team IDs are UUIDs that compare case-insensitively (D8), so they
// are folded to lower case when read.
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
	slackID := "a Slack workspace ID (upper-case letters and digits, such as T0123ABCD)"
	uuidHint := func(what string) string { return "a Microsoft Teams " + what + " ID (a UUID)" }
	slack := &Schema{Kind: Block, Fields: map[string]*Schema{
		"client": client(),
		"workspaces": {Kind: ListSetting, ValuePattern: slackTeamIDRe, ValueHint: slackID,
			Wildcard: true, MaxItems: 255},
		"default": slackSettings(),
		"overrides": {Kind: Map, KeyPattern: slackTeamIDRe, KeyHint: slackID, MaxKeys: 255,
			Elem: slackSettings()},
	}}
	teams := &Schema{Kind: Block, Fields: map[string]*Schema{
		"client": client(),
		"tenants": {Kind: Map, KeyPattern: uuidRe, KeyHint: uuidHint("tenant"), FoldKeys: true, MaxKeys: 36,
			Elem: &Schema{Kind: ListSetting, ValuePattern: uuidRe, ValueHint: uuidHint("team"),
				FoldValues: true, Wildcard: true, MaxItems: 36}},
		"default": teamsSettings(),
		"overrides": {Kind: Map, KeyPattern: uuidRe, KeyHint: uuidHint("tenant"), FoldKeys: true, MaxKeys: 36,
			Elem: &Schema{Kind: Map, KeyPattern: uuidRe, KeyHint: uuidHint("team"), FoldKeys: true, MaxKeys: 36,
				Elem: teamsSettings()}},
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
