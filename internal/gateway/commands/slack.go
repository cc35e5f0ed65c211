package commands

import (
	"bytes"
	"context"
	"crypto/rand"
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
	mention, ok := ev.InnerEvent.Data.(*slackevents.AppMentionEvent)
	if !ok {
		w.WriteHeader(http.StatusOK)
		return
	}
	thread := mention.ThreadTimeStamp
	if thread == "" {
		thread = mention.TimeStamp
	}
	p := inboxPayload{In: gov.ChannelCommandInput{Platform: gov.PlatformSlack, SlackTeamID: env.TeamID, SlackChannelID: mention.Channel,
		ChatUserID: mention.User, Text: mention.Text}, Thread: thread}
	// Slack retries an event it thinks went unanswered, with the same
	// event_id: the store knows the key, and the work is done once.
	h.acknowledge(w, r, retryKey("slack-event", env.TeamID, env.EventID), kindSlackMention, p)
}

// retryKey is a request's key in the inbox: the platform's retry key, or,
// for a request that has none, a key of its own (it cannot be
// de-duplicated).
func retryKey(kind, team, id string) string {
	if id == "" {
		return kind + ":" + team + ":no-id-" + rand.Text()
	}
	return kind + ":" + team + ":" + id
}

// acknowledge stores a command, then answers 200: the work comes after,
// from the store. A retry of a stored command is answered 200 and not done
// again; a command that could not be stored is answered 500, so that
// Slack tries again.
func (h *Handler) acknowledge(w http.ResponseWriter, r *http.Request, key, kind string, p inboxPayload) {
	ok, err := h.accept(r.Context(), key, kind, p)
	switch {
	case err != nil:
		h.log.Error("chat command not stored; refused so that Slack retries", "key", key, "error", err)
		http.Error(w, "the command could not be stored; try again", http.StatusInternalServerError)
		return
	case !ok:
		h.log.Info("slack retry of a command already accepted", "key", key,
			"retry", r.Header.Get("X-Slack-Retry-Num"), "reason", r.Header.Get("X-Slack-Retry-Reason"))
	}
	w.WriteHeader(http.StatusOK) // within Slack's three seconds
}

// postSlack answers in a thread with chat.postMessage and the workspace's
// bot token.
// It returns why the reply could not be posted.
func (h *Handler) postSlack(ctx context.Context, teamID, channel, thread, text string) error {
	if h.tokens == nil {
		return fmt.Errorf("no bot tokens are configured")
	}
	token, err := h.tokens.SlackBotToken(ctx, teamID)
	if err != nil {
		return fmt.Errorf("no bot token for team %s: %w", teamID, err)
	}
	opts := []slack.Option{slack.OptionHTTPClient(h.client)}
	if h.slackAPI != "" {
		opts = append(opts, slack.OptionAPIURL(h.slackAPI))
	}
	api := slack.New(token, opts...)
	_, _, err = api.PostMessageContext(ctx, channel, slack.MsgOptionText(text, false), slack.MsgOptionTS(thread))
	return err
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
	p := inboxPayload{In: gov.ChannelCommandInput{Platform: gov.PlatformSlack, SlackTeamID: cmd.TeamID, SlackChannelID: cmd.ChannelID,
		ChatUserID: cmd.UserID, Text: strings.TrimSpace(cmd.Text)}, ResponseURL: cmd.ResponseURL}
	h.acknowledge(w, r, retryKey("slack-command", cmd.TeamID, cmd.TriggerID), kindSlackSlash, p)
}
