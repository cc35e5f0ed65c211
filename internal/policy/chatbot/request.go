package chatbot

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/chatgov/chatgov/internal/jsondoc"
)

// Problem codes of ParseRequest.
const (
	CodeUnknownField  jsondoc.Code = "UNKNOWN_FIELD"
	CodeMissingField  jsondoc.Code = "MISSING_FIELD"
	CodeInvalidField  jsondoc.Code = "INVALID_FIELD"
	CodeWhichPlatform jsondoc.Code = "PLATFORM_UNKNOWN"
)

// Request is a channel configuration read from a Chatbot create request
// body (CreateSlackChannelConfiguration, CreateMicrosoftTeamsChannelConfiguration
// or CreateChimeWebhookConfiguration), with chatgov's two additions:
// ChannelVisibility for Slack channels and AccountId, the account that owns
// the configuration.
type Request struct {
	Config            Config
	ConfigurationName string
	AccountID         string
}

type fieldKind uint8

const (
	fString fieldKind = iota
	fBool
	fStringList
	fTags
)

type field struct {
	platform Platform // "" for fields every platform has
	kind     fieldKind
	pattern  *regexp.Regexp
	hint     string
	required bool
}

var (
	slackTeamRe    = SlackTeamIDFormat.re
	slackChannelRe = SlackChannelIDFormat.re
	uuidRe         = TeamsIDFormat.re
	configNameRe   = regexp.MustCompile(`^[A-Za-z0-9-_]{1,128}$`)
	accountRe      = regexp.MustCompile(`^\d{12}$`)
	visibilityRe   = regexp.MustCompile(`^(public|private)$`)
	loggingRe      = regexp.MustCompile(`^(ERROR|INFO|NONE)$`)
	webhookRe      = regexp.MustCompile(`^https://hooks\.chime\.aws/incomingwebhooks/[A-Za-z0-9\-]+?\?token=[A-Za-z0-9\-]+$`)
)

var requestFields = map[string]field{
	"ConfigurationName":         {kind: fString, pattern: configNameRe, hint: "1-128 letters, digits, - or _"},
	"IamRoleArn":                {kind: fString},
	"SnsTopicArns":              {kind: fStringList},
	"LoggingLevel":              {kind: fString, pattern: loggingRe, hint: "ERROR, INFO or NONE"},
	"GuardrailPolicyArns":       {kind: fStringList},
	"UserAuthorizationRequired": {kind: fBool},
	"Tags":                      {kind: fTags},
	"AccountId":                 {kind: fString, pattern: accountRe, hint: "a 12-digit account ID"},
	"SlackTeamId":               {platform: Slack, kind: fString, pattern: slackTeamRe, hint: "a Slack workspace ID (upper-case letters and digits)", required: true},
	"SlackChannelId":            {platform: Slack, kind: fString, pattern: slackChannelRe, hint: "a Slack channel ID (letters and digits)", required: true},
	"SlackChannelName":          {platform: Slack, kind: fString},
	"ChannelVisibility":         {platform: Slack, kind: fString, pattern: visibilityRe, hint: `"public" or "private"`},
	"TenantId":                  {platform: MicrosoftTeams, kind: fString, pattern: uuidRe, hint: "a Microsoft Teams tenant ID (a UUID)", required: true},
	"TeamId":                    {platform: MicrosoftTeams, kind: fString, pattern: uuidRe, hint: "a Microsoft Teams team ID (a UUID)", required: true},
	"TeamName":                  {platform: MicrosoftTeams, kind: fString},
	"ChannelId":                 {platform: MicrosoftTeams, kind: fString, required: true},
	"ChannelName":               {platform: MicrosoftTeams, kind: fString},
	"WebhookUrl":                {platform: Chime, kind: fString, pattern: webhookRe, hint: "a Chime incoming webhook URL", required: true},
	"WebhookDescription":        {platform: Chime, kind: fString},
}

// ParseRequest reads a channel configuration from a request body. The
// platform is the one whose fields the body has. On failure it returns a
// *jsondoc.Error listing every problem.
func ParseRequest(data []byte) (Request, error) {
	v, probs := jsondoc.Parse(data)
	if v == nil || len(probs) > 0 {
		return Request{}, &jsondoc.Error{Problems: probs}
	}
	if v.Kind != jsondoc.Object {
		return Request{}, &jsondoc.Error{Problems: []jsondoc.Problem{{Path: jsondoc.Root, Line: v.Pos.Line, Column: v.Pos.Column,
			Code: CodeInvalidField, Message: "a channel configuration must be a JSON object"}}}
	}
	var errs []jsondoc.Problem
	bad := func(m jsondoc.Member, code jsondoc.Code, msg string) {
		errs = append(errs, jsondoc.Problem{Path: jsondoc.Key(jsondoc.Root, m.Key), Line: m.KeyPos.Line,
			Column: m.KeyPos.Column, Code: code, Message: msg})
	}
	platforms := map[Platform]bool{}
	strs := map[string]string{}
	var req Request
	for _, m := range v.Members {
		f, ok := requestFields[m.Key]
		if !ok {
			bad(m, CodeUnknownField, fmt.Sprintf("unknown field %q; expected fields of a Slack, Microsoft Teams or Chime create request", m.Key))
			continue
		}
		if f.platform != "" {
			platforms[f.platform] = true
		}
		switch f.kind {
		case fString:
			if m.Value.Kind != jsondoc.String {
				bad(m, CodeInvalidField, fmt.Sprintf("%s must be a string, not %s", m.Key, m.Value.Kind.Phrase()))
				continue
			}
			if f.pattern != nil && !f.pattern.MatchString(m.Value.Str) {
				bad(m, CodeInvalidField, fmt.Sprintf("%s %q is not %s", m.Key, m.Value.Str, f.hint))
				continue
			}
			strs[m.Key] = m.Value.Str
		case fBool:
			if m.Value.Kind != jsondoc.Bool {
				bad(m, CodeInvalidField, fmt.Sprintf("%s must be true or false, not %s", m.Key, m.Value.Kind.Phrase()))
				continue
			}
			req.Config.UserAuthorizationRequired = m.Value.Bool
		case fStringList:
			if !isStringList(m.Value) {
				bad(m, CodeInvalidField, fmt.Sprintf("%s must be an array of strings", m.Key))
			}
		case fTags:
			if m.Value.Kind != jsondoc.Array {
				bad(m, CodeInvalidField, "Tags must be an array of {\"TagKey\": ..., \"TagValue\": ...} objects")
			}
		}
	}
	switch len(platforms) {
	case 0:
		errs = append(errs, jsondoc.Problem{Path: jsondoc.Root, Code: CodeWhichPlatform,
			Message: "cannot tell the platform: give SlackTeamId and SlackChannelId (Slack), TenantId, TeamId and ChannelId (Microsoft Teams), or WebhookUrl (Chime)"})
	case 1:
		for p := range platforms {
			req.Config.Platform = p
		}
		var missing []string
		for name, f := range requestFields {
			if f.platform == req.Config.Platform && f.required && v.Get(name) == nil {
				missing = append(missing, name)
			}
		}
		sort.Strings(missing)
		for _, name := range missing {
			errs = append(errs, jsondoc.Problem{Path: jsondoc.Root, Code: CodeMissingField,
				Message: fmt.Sprintf("%s is required for a %s configuration", name, req.Config.Platform.Title())})
		}
	default:
		var names []string
		for p := range platforms {
			names = append(names, p.Title())
		}
		sort.Strings(names)
		errs = append(errs, jsondoc.Problem{Path: jsondoc.Root, Code: CodeWhichPlatform,
			Message: "the body mixes fields of " + strings.Join(names, " and ") + "; a configuration belongs to one platform"})
	}
	if len(errs) > 0 {
		return Request{}, &jsondoc.Error{Problems: errs}
	}
	req.ConfigurationName = strs["ConfigurationName"]
	req.AccountID = strs["AccountId"]
	req.Config.SlackTeamID = strs["SlackTeamId"]
	req.Config.SlackChannelID = strs["SlackChannelId"]
	req.Config.ChannelVisibility = Visibility(strs["ChannelVisibility"])
	req.Config.TenantID = strs["TenantId"]
	req.Config.TeamID = strs["TeamId"]
	req.Config.ChannelID = strs["ChannelId"]
	return req, nil
}

func isStringList(v *jsondoc.Value) bool {
	if v.Kind != jsondoc.Array {
		return false
	}
	for _, e := range v.Elems {
		if e.Kind != jsondoc.String {
			return false
		}
	}
	return true
}
