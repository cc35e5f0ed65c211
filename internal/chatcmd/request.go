package chatcmd

import (
	"strconv"
	"time"

	"github.com/chatgov/chatgov/internal/iam"
)

// Caller is who runs a command and from where: what the request context
// needs beyond the command itself. The engine has no clock, so the caller
// gives the time.
type Caller struct {
	// ConfigurationARN is the channel configuration the command came from,
	// arn:aws:chatbot::ACCOUNT:chat-configuration/slack-channel/NAME.
	ConfigurationARN string
	// RoleARN is the IAM role the command runs as: the channel role or the
	// member's user role.
	RoleARN string
	// OrganizationID, when set, is the organization of the role's account.
	OrganizationID string
	// Time is when the command runs.
	Time time.Time
}

// Requests returns the IAM requests the command makes, one per resource,
// each with the request context AWS would build for a session that AWS
// Chatbot starts from chat:
//
//   - aws:ChatbotSourceArn: the channel configuration ARN, which Chatbot
//     sets on every session it starts;
//   - aws:PrincipalArn: the role (for an assumed role, IAM gives the role's
//     ARN, not the session's); aws:PrincipalType: AssumedRole;
//   - aws:PrincipalAccount: Env.AccountID; aws:PrincipalOrgID: the
//     organization, when given;
//   - aws:RequestedRegion: the command's region;
//   - aws:CurrentTime (ISO 8601, UTC) and aws:EpochTime (seconds);
//   - aws:SecureTransport: true, since the CLI calls AWS over HTTPS.
//
// Keys whose value is unknown (an empty field) are left out, so that
// conditions on them see an absent key, as IAM would.
func (c Command) Requests(caller Caller) []iam.Request {
	ctx := make(map[string][]string, 9) // the keys below, without growing
	ctx["aws:PrincipalType"] = []string{"AssumedRole"}
	ctx["aws:SecureTransport"] = []string{"true"}
	set := func(key, value string) {
		if value != "" {
			ctx[key] = []string{value}
		}
	}
	set("aws:ChatbotSourceArn", caller.ConfigurationARN)
	set("aws:PrincipalArn", caller.RoleARN)
	set("aws:PrincipalAccount", c.Account)
	set("aws:PrincipalOrgID", caller.OrganizationID)
	set("aws:RequestedRegion", c.Region)
	if !caller.Time.IsZero() {
		t := caller.Time.UTC()
		set("aws:CurrentTime", t.Format(time.RFC3339))
		set("aws:EpochTime", strconv.FormatInt(t.Unix(), 10))
	}
	context := iam.NewContext(ctx)
	resources := c.Resources
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	out := make([]iam.Request, len(resources))
	for i, r := range resources {
		out[i] = iam.Request{Action: c.Action, Resource: r, Context: context}
	}
	return out
}
