package gov

import (
	"context"
	"regexp"
	"sort"
	"strings"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
	"github.com/chatgov/chatgov/internal/store"
)

// ResChatConfiguration is the resource of Chatbot API errors about
// configurations; ResChatResource of other Chatbot resources (workspaces,
// teams, identities).
const (
	ResChatConfiguration = "ChatConfiguration"
	ResChatResource      = "ChatResource"
	// ResSlackChannel: a Slack channel that already has a configuration in
	// the account (AWS Chatbot answers InvalidRequestException).
	ResSlackChannel = "SlackChannel"
)

// MaxChatTags is how many tags a configuration may carry.
const MaxChatTags = 50

var (
	reConfigName    = regexp.MustCompile(`^[A-Za-z0-9-_]{1,128}$`)
	reServiceARN    = regexp.MustCompile(`^arn:aws:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]*$`)
	reGuardrailARN  = regexp.MustCompile(`^arn:aws:iam:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:policy/[A-Za-z0-9:_/+=,@.-]+$`)
	reSlackTeam     = chatbot.SlackTeamIDFormat
	reSlackChannel  = chatbot.SlackChannelIDFormat
	reUUID          = chatbot.TeamsIDFormat
	reTeamsChannel  = regexp.MustCompile(`^([a-zA-Z0-9-_=+/.,])*%3[aA]([a-zA-Z0-9-_=+/.,])*%40([a-zA-Z0-9-_=+/.,])*$`)
	reWebhookURL    = regexp.MustCompile(`^https://hooks\.chime\.aws/incomingwebhooks/[A-Za-z0-9\-]+?\?token=[A-Za-z0-9\-]+$`)
	reChatConfigARN = regexp.MustCompile(`^arn:aws:chatbot::(\d{12}):chat-configuration/(slack-channel|microsoft-teams-channel|chime-webhook)/([A-Za-z0-9-_]{1,128})$`)
)

// arnSegments names each platform in configuration ARNs.
var arnSegments = map[string]string{
	store.PlatformSlack: "slack-channel",
	store.PlatformTeams: "microsoft-teams-channel",
	store.PlatformChime: "chime-webhook",
}

func chatARN(account, platform, name string) string {
	return "arn:aws:chatbot::" + account + ":chat-configuration/" + arnSegments[platform] + "/" + name
}

// ChatInput holds the fields of a configuration a create or update gives;
// on update, nil fields stay as they are.
type ChatInput struct {
	IamRoleARN                *string
	SnsTopicARNs              *[]string
	LoggingLevel              *string
	GuardrailPolicyARNs       *[]string
	UserAuthorizationRequired *bool
	SlackChannelName          *string
	ChannelName               *string
	TeamName                  *string
	WebhookURL                *string
	WebhookDescription        *string
}

// apply copies the given fields onto rec and checks them.
func (in ChatInput) apply(rec *store.ChatConfiguration) error {
	if in.IamRoleARN != nil {
		rec.IamRoleARN = *in.IamRoleARN
	}
	if in.SnsTopicARNs != nil {
		rec.SnsTopicARNs = append([]string(nil), *in.SnsTopicARNs...)
	}
	if in.LoggingLevel != nil {
		rec.LoggingLevel = *in.LoggingLevel
	}
	if in.GuardrailPolicyARNs != nil {
		rec.GuardrailPolicyARNs = append([]string(nil), *in.GuardrailPolicyARNs...)
	}
	if in.UserAuthorizationRequired != nil {
		rec.UserAuthorizationRequired = *in.UserAuthorizationRequired
	}
	if in.SlackChannelName != nil {
		rec.SlackChannelName = *in.SlackChannelName
	}
	if in.ChannelName != nil {
		rec.ChannelName = *in.ChannelName
	}
	if in.TeamName != nil {
		rec.TeamName = *in.TeamName
	}
	if in.WebhookURL != nil {
		rec.WebhookURL = *in.WebhookURL
	}
	if in.WebhookDescription != nil {
		rec.WebhookDescription = *in.WebhookDescription
	}
	return checkChat(rec)
}

func badParam(format string, args ...any) *Error {
	return newErr(Invalid, ResChatConfiguration, ReasonInvalidPattern, format, args...)
}

// checkChat validates a configuration's fields as the Chatbot API does.
func checkChat(c *store.ChatConfiguration) error {
	if !reConfigName.MatchString(c.Name) {
		return badParam("ConfigurationName %q must be 1 to 128 letters, digits, - or _", c.Name)
	}
	if len(c.IamRoleARN) < 12 || len(c.IamRoleARN) > 1224 || !reServiceARN.MatchString(c.IamRoleARN) {
		return badParam("IamRoleArn %q is not a valid ARN", c.IamRoleARN)
	}
	for _, a := range c.SnsTopicARNs {
		if !reServiceARN.MatchString(a) {
			return badParam("SnsTopicArns holds %q, which is not a valid ARN", a)
		}
		if parts := strings.SplitN(a, ":", 6); parts[2] == "sns" && parts[4] != c.AccountID {
			return badParam("SnsTopicArns holds %q, a topic of account %s: a configuration subscribes to topics of its own account (%s) only",
				a, parts[4], c.AccountID)
		}
	}
	switch c.LoggingLevel {
	case "", "ERROR", "INFO", "NONE":
	default:
		return badParam("LoggingLevel must be ERROR, INFO or NONE, not %q", c.LoggingLevel)
	}
	for _, a := range c.GuardrailPolicyARNs {
		if !reGuardrailARN.MatchString(a) || strings.Contains(a, "/aws-service-role/") {
			return badParam("GuardrailPolicyArns holds %q, which is not an IAM policy ARN that can be a guardrail", a)
		}
	}
	switch c.Platform {
	case store.PlatformSlack:
		if !reSlackTeam.MatchString(c.SlackTeamID) {
			return badParam("SlackTeamId %q is not a Slack workspace ID (upper-case letters and digits)", c.SlackTeamID)
		}
		if !reSlackChannel.MatchString(c.SlackChannelID) {
			return badParam("SlackChannelId %q is not a Slack channel ID (letters and digits)", c.SlackChannelID)
		}
	case store.PlatformTeams:
		if !reUUID.MatchString(c.TenantID) {
			return badParam("TenantId %q is not a Microsoft Teams tenant ID (a UUID)", c.TenantID)
		}
		if !reUUID.MatchString(c.TeamID) {
			return badParam("TeamId %q is not a Microsoft Teams team ID (a UUID)", c.TeamID)
		}
		if len(c.ChannelID) > 256 || !reTeamsChannel.MatchString(c.ChannelID) {
			return badParam("ChannelId %q is not a Microsoft Teams channel ID (such as 19%%3a...%%40thread.tacv2)", c.ChannelID)
		}
	case store.PlatformChime:
		if !reWebhookURL.MatchString(c.WebhookURL) {
			return badParam("WebhookUrl is not an Amazon Chime incoming webhook URL")
		}
		if l := len(c.WebhookDescription); l < 1 || l > 255 {
			return badParam("WebhookDescription must be 1 to 255 characters")
		}
		if len(c.SnsTopicARNs) == 0 {
			return badParam("SnsTopicArns is required for a Chime webhook configuration")
		}
	}
	return nil
}

func checkChatTags(tags map[string]string) error {
	if len(tags) > MaxChatTags {
		return newErr(Constraint, ResChatConfiguration, "TOO_MANY_TAGS", "%d tags given; a configuration holds at most %d", len(tags), MaxChatTags)
	}
	for k, v := range tags {
		if len(k) < 1 || len(k) > 128 || len(v) > 256 {
			return badParam("tag %q: keys are 1 to 128 characters and values at most 256", k)
		}
	}
	return nil
}

// chatView returns a configuration with its state.
func (m model) chatView(ac *snapshot.AccountChats, i int) ChatConfiguration {
	c := store.ChatConfiguration(*ac.Configs[i])
	c.SnsTopicARNs = append([]string{}, c.SnsTopicARNs...)
	c.GuardrailPolicyARNs = append([]string(nil), c.GuardrailPolicyARNs...)
	c.WebhookURL = "" // a secret of its own: never returned
	if c.Platform == store.PlatformSlack {
		// The directory's own channel names its workspace in one lookup;
		// only a channel it does not hold needs the workspace looked for.
		ch, known := m.SlackChannels.Get(slackKey(c.SlackTeamID, c.SlackChannelID))
		if known && ch.TeamName != "" {
			c.SlackTeamName = ch.TeamName
		} else {
			c.SlackTeamName = m.slackTeamName(c.SlackTeamID)
		}
		if c.SlackChannelName == "" {
			if known {
				c.SlackChannelName = ch.ChannelName
			} else {
				c.SlackChannelName = c.SlackChannelID
			}
		}
	}
	st := ac.States[i]
	return chatConfigurationOf(c, stateName(st), stateReason(st, ac.Configs[i]))
}

// slackTeamName names a workspace from the directory, or by its ID.
func (m model) slackTeamName(teamID string) string {
	name := teamID
	m.SlackChannels.Range(func(_ string, ch *store.SlackChannel) bool {
		if ch.TeamID == teamID && ch.TeamName != "" {
			name = ch.TeamName
			return false
		}
		return true
	})
	return name
}

// CreateChatConfiguration creates the configuration nc names, with the
// fields of in, in the caller's account after the account's effective
// chat applications policy allows it; a denial stores nothing.
func (s *Service) CreateChatConfiguration(ctx context.Context, c Caller, nc NewChatConfiguration, in ChatInput) (ChatConfiguration, error) {
	// The answer is rendered once the write is committed, outside the
	// serialized part of the write (commit.go), from the version it built.
	var view func() ChatConfiguration
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opCreateChatConfiguration, ""); err != nil {
			return err
		}
		rec, err := wouldBe(c.AccountID, nc, in, ch.now)
		if err != nil {
			return err
		}
		ac, _ := m.Chats.Get(c.AccountID)
		if ac.Find(rec.ARN) >= 0 {
			return newErr(AlreadyExists, ResChatConfiguration, "", "a configuration named %q already exists (%s)", rec.Name, rec.ARN)
		}
		if err := checkSlackChannelFree(ac, rec); err != nil {
			return err
		}
		r, d := m.admit(rec)
		if !d.Allowed {
			return deniedByPolicy(d)
		}
		next := ac.With(r, snapshot.ChatState{Enabled: true})
		ch.m.Chats.Set(c.AccountID, next)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutChatConfiguration(ctx, rec) })
		ch.because(chatOperations[rec.Platform].create, c, "created %s", rec.ARN)
		view = func() ChatConfiguration { return m.chatView(next, next.Find(rec.ARN)) }
		return nil
	})
	if err != nil {
		return ChatConfiguration{}, err
	}
	return view(), nil
}

// ownConfig finds a configuration of the caller's account by ARN (of the
// platform, when one is given). It returns Invalid (ResChatConfiguration,
// INVALID_PATTERN) for a malformed ARN, and NotFound (ResChatConfiguration)
// for a configuration the caller's account does not have, another
// account's included.
func (m model) ownConfig(c Caller, arn, platform string) (*snapshot.AccountChats, int, error) {
	match := reChatConfigARN.FindStringSubmatch(arn)
	if match == nil {
		return nil, -1, badParam("ChatConfigurationArn %q is not a chat configuration ARN", arn)
	}
	notFound := newErr(NotFound, ResChatConfiguration, "", "there is no configuration %s in account %s", arn, c.AccountID)
	if match[1] != c.AccountID || (platform != "" && match[2] != arnSegments[platform]) {
		return nil, -1, notFound
	}
	ac, _ := m.Chats.Get(c.AccountID)
	i := ac.Find(arn)
	if i < 0 {
		return nil, -1, notFound
	}
	return ac, i, nil
}

// UpdateChatConfiguration changes a configuration of the caller's account
// after the policy allows the result; a denial changes nothing. channelID
// is the Slack or Teams channel (required by the API for those platforms).
func (s *Service) UpdateChatConfiguration(ctx context.Context, c Caller, arn, platform, channelID string, in ChatInput) (ChatConfiguration, error) {
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opUpdateChatConfiguration, ""); err != nil {
			return err
		}
		ac, i, err := m.ownConfig(c, arn, platform)
		if err != nil {
			return err
		}
		rec := store.ChatConfiguration(*ac.Configs[i])
		rec.SnsTopicARNs = append([]string(nil), rec.SnsTopicARNs...)
		rec.GuardrailPolicyARNs = append([]string(nil), rec.GuardrailPolicyARNs...)
		switch platform {
		case store.PlatformSlack:
			if channelID != rec.SlackChannelID && in.SlackChannelName == nil {
				rec.SlackChannelName = ""
			}
			rec.SlackChannelID = channelID
		case store.PlatformTeams:
			rec.ChannelID = channelID
		}
		if err := in.apply(&rec); err != nil {
			return err
		}
		if err := checkSlackChannelFree(ac, rec); err != nil {
			return err
		}
		rec.UpdatedAt = ch.now
		r, d := m.admit(rec)
		if !d.Allowed {
			return deniedByPolicy(d)
		}
		// The configuration keeps its state; the re-check that follows every
		// write sets it, and records the change if it was disabled.
		next := ac.With(r, ac.States[i])
		ch.m.Chats.Set(c.AccountID, next)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutChatConfiguration(ctx, rec) })
		ch.because(chatOperations[platform].update, c, "updated %s", rec.ARN)
		ch.touch(c.AccountID)
		return nil
	})
	if err != nil {
		return ChatConfiguration{}, err
	}
	return s.GetChatConfiguration(c, arn, platform)
}

// DeleteChatConfiguration deletes a configuration of the caller's account,
// with its user identities. It returns the errors of ownConfig.
func (s *Service) DeleteChatConfiguration(ctx context.Context, c Caller, arn, platform string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opDeleteChatConfiguration, ""); err != nil {
			return err
		}
		ac, i, err := m.ownConfig(c, arn, platform)
		if err != nil {
			return err
		}
		if next := ac.Without(i); next == nil {
			ch.m.Chats.Delete(c.AccountID)
		} else {
			ch.m.Chats.Set(c.AccountID, next)
		}
		ch.m.Identities.Delete(arn)
		ch.dropAssociations(arn)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteChatConfiguration(ctx, arn) })
		return nil
	})
}

// ListChatConfigurations lists the caller's configurations of one platform,
// by ARN. arn, when set, keeps only that one (an ARN that matches nothing
// gives an empty list, as AWS does); teamID keeps one Teams team. It returns
// Invalid (ResChatConfiguration, INVALID_PATTERN) for a malformed ARN or
// team ID, and Invalid (INVALID_NEXT_TOKEN) for a token of another list.
func (s *Service) ListChatConfigurations(c Caller, platform, arn, teamID, token string, max int) (Page[ChatConfiguration], error) {
	m := s.model()
	if err := m.authorize(c, opListChatConfigurations, ""); err != nil {
		return Page[ChatConfiguration]{}, err
	}
	if arn != "" && !reChatConfigARN.MatchString(arn) {
		return Page[ChatConfiguration]{}, badParam("ChatConfigurationArn %q is not a chat configuration ARN", arn)
	}
	if teamID != "" && !reUUID.MatchString(teamID) {
		return Page[ChatConfiguration]{}, badParam("TeamId %q is not a Microsoft Teams team ID (a UUID)", teamID)
	}
	ac, _ := m.Chats.Get(c.AccountID)
	var out []ChatConfiguration
	if ac != nil {
		for i, rec := range ac.Configs {
			if rec.Platform != platform || arn != "" && rec.ARN != arn || teamID != "" && teamsKey(rec.TeamID) != teamsKey(teamID) {
				continue
			}
			out = append(out, m.chatView(ac, i))
		}
	}
	return paginate(out, token, max)
}

// GetChatConfiguration returns one configuration of the caller's account,
// with its state. It returns the errors of ownConfig.
func (s *Service) GetChatConfiguration(c Caller, arn, platform string) (ChatConfiguration, error) {
	m := s.model()
	if err := m.authorize(c, opGetChatConfiguration, ""); err != nil {
		return ChatConfiguration{}, err
	}
	ac, i, err := m.ownConfig(c, arn, platform)
	if err != nil {
		return ChatConfiguration{}, err
	}
	return m.chatView(ac, i), nil
}

// TagChatConfiguration adds tags to a configuration of the caller's account.
// It returns the errors of ownConfig, Invalid (ResChatConfiguration,
// INVALID_PATTERN) for a key or value too long, and Constraint
// (ResChatConfiguration, TOO_MANY_TAGS) beyond MaxChatTags.
func (s *Service) TagChatConfiguration(ctx context.Context, c Caller, arn string, tags map[string]string) error {
	return s.retagChat(ctx, c, opTagChatConfiguration, arn, func(cur map[string]string) error {
		for k, v := range tags {
			cur[k] = v
		}
		return checkChatTags(cur)
	})
}

// UntagChatConfiguration removes tags from a configuration of the caller's
// account; absent keys are ignored. It returns the errors of ownConfig.
func (s *Service) UntagChatConfiguration(ctx context.Context, c Caller, arn string, keys []string) error {
	return s.retagChat(ctx, c, opUntagChatConfiguration, arn, func(cur map[string]string) error {
		for _, k := range keys {
			delete(cur, k)
		}
		return nil
	})
}

func (s *Service) retagChat(ctx context.Context, c Caller, op operation, arn string, edit func(map[string]string) error) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, op, ""); err != nil {
			return err
		}
		ac, i, err := m.ownConfig(c, arn, "")
		if err != nil {
			return err
		}
		rec := store.ChatConfiguration(*ac.Configs[i])
		tags := map[string]string{}
		for k, v := range rec.Tags {
			tags[k] = v
		}
		if err := edit(tags); err != nil {
			return err
		}
		rec.Tags = tags
		ch.m.Chats.Set(c.AccountID, ac.With(snapshot.NewChatRec(rec), ac.States[i]))
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutChatConfiguration(ctx, rec) })
		return nil
	})
}

// ChatTags returns a configuration's tags, by key. It returns the errors of
// ownConfig.
func (s *Service) ChatTags(c Caller, arn string) ([]Tag, error) {
	m := s.model()
	if err := m.authorize(c, opListChatTags, ""); err != nil {
		return nil, err
	}
	ac, i, err := m.ownConfig(c, arn, "")
	if err != nil {
		return nil, err
	}
	out := tagList(ac.Configs[i].Tags)
	sort.Slice(out, func(a, b int) bool { return out[a].Key < out[b].Key })
	return out, nil
}

// checkSlackChannelFree refuses a Slack configuration of a channel that
// another configuration of the account already has: AWS Chatbot allows one
// configuration per Slack channel in an account.
func checkSlackChannelFree(a *snapshot.AccountChats, rec store.ChatConfiguration) error {
	if a == nil || rec.Platform != store.PlatformSlack {
		return nil
	}
	for _, other := range a.Configs {
		// The channel first: it tells most configurations apart at once,
		// where ARNs share a long prefix.
		if other.SlackChannelID == rec.SlackChannelID && other.SlackTeamID == rec.SlackTeamID &&
			other.Platform == store.PlatformSlack && other.ARN != rec.ARN {
			return newErr(AlreadyExists, ResSlackChannel, "",
				"Slack channel with ID %s in Slack team %s has already been configured for AWS account %s (by %s); "+
					"a channel has at most one configuration in an account: update that one, or subscribe it to more SNS topics",
				rec.SlackChannelID, rec.SlackTeamID, rec.AccountID, other.ARN)
		}
	}
	return nil
}
