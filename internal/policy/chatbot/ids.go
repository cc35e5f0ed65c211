package chatbot

import "regexp"

// IDFormat is the format of an identifier a chat platform gives, as AWS
// Chatbot checks it. The formats are kept here, once, for every layer
// that checks them: this package's request parser, the service, and the
// command line before it sends anything.
type IDFormat struct{ re *regexp.Regexp }

// MatchString reports whether s has the format.
func (f IDFormat) MatchString(s string) bool { return f.re.MatchString(s) }

// The formats of the platforms' identifiers.
var (
	// SlackTeamIDFormat is a Slack workspace (team) ID: upper-case letters
	// and digits, such as T0123ABCD.
	SlackTeamIDFormat = IDFormat{regexp.MustCompile(`^[0-9A-Z]{1,255}$`)}
	// SlackChannelIDFormat is a Slack channel ID: letters and digits, such
	// as C0123ABCD.
	SlackChannelIDFormat = IDFormat{regexp.MustCompile(`^[A-Za-z0-9]{1,255}$`)}
	// TeamsIDFormat is a Microsoft Teams tenant or team ID: a UUID.
	TeamsIDFormat = IDFormat{regexp.MustCompile(`^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$`)}
)
