package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/chatgov/chatgov/internal/gov"
)

// slackEnvelope is what the gateway reads of an Events API request before
// its signature is verified: which workspace's secret verifies it.
type slackEnvelope struct {
	Type    string `json:"type"`
	TeamID  string `json:"team_id"`
	EventID string `json:"event_id"`
}

// decodeSlackEnvelope reads an Events API body's type and workspace. It
// returns an error for a body that is not a JSON object or that names no
// workspace outside url_verification.
func decodeSlackEnvelope(body []byte) (slackEnvelope, error) {
	var e slackEnvelope
	if err := json.Unmarshal(body, &e); err != nil {
		return e, fmt.Errorf("the body is not an Events API request: %w", err)
	}
	if e.Type == "" {
		return e, fmt.Errorf("the body has no type")
	}
	if e.Type != slackevents.URLVerification && e.TeamID == "" {
		return e, fmt.Errorf("the %s request names no team_id", e.Type)
	}
	return e, nil
}

// verifySlack checks a request's v0 signature (HMAC-SHA256 of
// "v0:timestamp:body") against each secret in turn, in constant time,
// and its timestamp against a five-minute window. It returns why it fails.
func verifySlack(header http.Header, body []byte, secrets ...string) error {
	if len(secrets) == 0 {
		return fmt.Errorf("no signing secret is registered for the workspace")
	}
	var err error
	for _, secret := range secrets {
		var v slack.SecretsVerifier
		if v, err = slack.NewSecretsVerifier(header, secret); err != nil {
			return err // missing headers, a bad signature's form, a stale timestamp: the same for every secret
		}
		v.Write(body)
		if err = v.Ensure(); err == nil {
			return nil
		}
	}
	return err
}

func (h *Handler) serveSlackEvents(w http.ResponseWriter, r *http.Request) {
	body, ok := h.readBody(w, r)
	if !ok {
		return
	}
	env, err := decodeSlackEnvelope(body)
	if err != nil {
		// Nothing names a secret to verify with: refused as unsigned.
		h.refuse(w, r, gov.PlatformSlack, "", err.Error())
		return
	}
	var secrets []string
	if env.Type == slackevents.URLVerification {
		secrets = h.gov.SigningSecrets(gov.PlatformSlack)
	} else if s, ok := h.gov.SigningSecret(gov.PlatformSlack, env.TeamID); ok {
		secrets = []string{s}
	}
	if err := verifySlack(r.Header, body, secrets...); err != nil {
		h.refuse(w, r, gov.PlatformSlack, env.TeamID, err.Error())
		return
	}
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		h.log.Warn("slack event not understood", "team", env.TeamID, "error", err)
		http.Error(w, "the event could not be read: "+err.Error(), http.StatusBadRequest)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		ch, _ := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if ch == nil {
			http.Error(w, "url_verification without a challenge", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(slackevents.ChallengeResponse{Challenge: ch.Challenge})
		return
	case slackevents.CallbackEvent:
	default:
		w.WriteHeader(http.StatusOK)
		return
	}
	// Slack retries an event it thinks went unanswered, with the same
	// event_id: the work is done once.
	key := "slack-event:" + env.TeamID + ":" + env.EventID
	if env.EventID != "" && !h.seen.first(key, h.now()) {
		h.log.Info("slack retry of an event already handled", "team", env.TeamID, "event", env.EventID,
			"retry", r.Header.Get("X-Slack-Retry-Num"), "reason", r.Header.Get("X-Slack-Retry-Reason"))
		w.WriteHeader(http.StatusOK)
		return
	}
	mention, ok := ev.InnerEvent.Data.(*slackevents.AppMentionEvent)
	if !ok {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.WriteHeader(http.StatusOK) // within Slack's three seconds: the work comes after
	in := gov.ChannelCommandInput{Platform: gov.PlatformSlack, SlackTeamID: env.TeamID, SlackChannelID: mention.Channel,
		ChatUserID: mention.User, Text: mention.Text}
	thread := mention.ThreadTimeStamp
	if thread == "" {
		thread = mention.TimeStamp
	}
	h.later("slack app_mention "+env.EventID, func(ctx context.Context) {
		reply := h.answer(ctx, in)
		h.postSlack(ctx, env.TeamID, mention.Channel, thread, reply)
	})
}

// postSlack answers in a thread with chat.postMessage and the workspace's
// bot token.
func (h *Handler) postSlack(ctx context.Context, teamID, channel, thread, text string) {
	if h.tokens == nil {
		h.log.Error("slack reply not sent: no bot tokens are configured", "team", teamID, "channel", channel)
		return
	}
	token, err := h.tokens.SlackBotToken(ctx, teamID)
	if err != nil {
		h.log.Error("slack reply not sent: no bot token", "team", teamID, "channel", channel, "error", err)
		return
	}
	opts := []slack.Option{slack.OptionHTTPClient(h.client)}
	if h.slackAPI != "" {
		opts = append(opts, slack.OptionAPIURL(h.slackAPI))
	}
	api := slack.New(token, opts...)
	if _, _, err := api.PostMessageContext(ctx, channel, slack.MsgOptionText(text, false), slack.MsgOptionTS(thread)); err != nil {
		h.log.Error("slack reply failed", "team", teamID, "channel", channel, "error", err)
	}
}

// decodeSlashCommand reads a slash command's form; it returns an error for
// a body that is not a form or names no workspace, channel or response URL.
func decodeSlashCommand(body []byte) (slack.SlashCommand, error) {
	req, err := http.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	if err != nil {
		return slack.SlashCommand{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	s, err := slack.SlashCommandParse(req)
	if err != nil {
		return s, fmt.Errorf("the body is not a slash command's form: %w", err)
	}
	switch {
	case s.TeamID == "":
		return s, fmt.Errorf("the slash command names no team_id")
	case s.ChannelID == "":
		return s, fmt.Errorf("the slash command names no channel_id")
	}
	if u, err := url.Parse(s.ResponseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return s, fmt.Errorf("the slash command's response_url %q is not an HTTP URL", s.ResponseURL)
	}
	return s, nil
}

func (h *Handler) serveSlackCommand(w http.ResponseWriter, r *http.Request) {
	body, ok := h.readBody(w, r)
	if !ok {
		return
	}
	form, _ := url.ParseQuery(string(body))
	team := form.Get("team_id")
	var secrets []string
	if s, ok := h.gov.SigningSecret(gov.PlatformSlack, team); ok {
		secrets = []string{s}
	}
	if err := verifySlack(r.Header, body, secrets...); err != nil {
		h.refuse(w, r, gov.PlatformSlack, team, err.Error())
		return
	}
	cmd, err := decodeSlashCommand(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if cmd.TriggerID != "" && !h.seen.first("slack-command:"+cmd.TeamID+":"+cmd.TriggerID, h.now()) {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.WriteHeader(http.StatusOK)
	in := gov.ChannelCommandInput{Platform: gov.PlatformSlack, SlackTeamID: cmd.TeamID, SlackChannelID: cmd.ChannelID,
		ChatUserID: cmd.UserID, Text: strings.TrimSpace(cmd.Text)}
	h.later("slack "+cmd.Command, func(ctx context.Context) {
		reply := h.answer(ctx, in)
		msg := &slack.WebhookMessage{Text: reply, ResponseType: slack.ResponseTypeInChannel}
		if err := slack.PostWebhookCustomHTTPContext(ctx, cmd.ResponseURL, h.client, msg); err != nil {
			h.log.Error("slack slash command reply failed", "team", cmd.TeamID, "channel", cmd.ChannelID, "error", err)
		}
	})
}
