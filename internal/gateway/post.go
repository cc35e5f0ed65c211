package gateway

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/chatgov/chatgov/internal/gateway/render"
	"github.com/chatgov/chatgov/internal/gov"
)

// metadataEventType names the Slack message metadata chatgov posts with
// each notification; its payload's delivery_id is the de-duplication key.
const metadataEventType = "chatgov_notification"

// post sends one notification to its platform.
func (g *Gateway) post(ctx context.Context, n gov.Notification) error {
	msg := render.Decode(n.Message.Subject, n.Message.Body)
	switch n.Platform {
	case gov.PlatformSlack:
		return g.postSlack(ctx, n, msg)
	case gov.PlatformTeams:
		url, err := g.out.TeamsWebhookURL(ctx, n.TeamsTeamID, n.TeamsChannelID)
		if err != nil {
			return fmt.Errorf("teams: %w", err) // registered later, a retry delivers it
		}
		return g.postWebhook(ctx, "teams", url, render.Teams(msg))
	case gov.PlatformChime:
		return g.postWebhook(ctx, "chime", n.ChimeWebhookURL, render.Chime(msg))
	}
	return &permanentError{fmt.Errorf("no way to post to platform %q", n.Platform)}
}

// slackPermanent are Slack's errors that no retry fixes.
var slackPermanent = map[string]bool{
	"channel_not_found": true, "not_in_channel": true, "is_archived": true, "invalid_auth": true, "not_authed": true,
	"account_inactive": true, "token_revoked": true, "token_expired": true, "no_permission": true, "missing_scope": true,
	"msg_too_long": true, "no_text": true, "invalid_blocks": true, "restricted_action": true, "team_access_not_granted": true,
	"invalid_metadata_format": true, "invalid_metadata_schema": true,
}

func (g *Gateway) postSlack(ctx context.Context, n gov.Notification, msg render.Notification) error {
	token, err := g.out.SlackBotToken(ctx, n.SlackTeamID)
	if err != nil {
		return fmt.Errorf("slack: %w", err) // registered later, a retry delivers it
	}
	api := slack.New(token, slack.OptionAPIURL(strings.TrimSuffix(g.opts.SlackAPIURL, "/")+"/"), slack.OptionHTTPClient(g.opts.HTTPClient))
	threadKey := ""
	if msg.ThreadID != "" {
		threadKey = n.SlackTeamID + "/" + n.SlackChannelID + "/" + msg.ThreadID
		unlock := g.threads.lock(threadKey)
		defer unlock()
	}
	if n.Attempt > 1 {
		// An earlier attempt may have posted and died before recording it,
		// or before recording the thread it started.
		if m, posted, err := g.slackPosted(ctx, api, n); err == nil && posted {
			if threadKey != "" && (m.ThreadTimestamp == "" || m.ThreadTimestamp == m.Timestamp) {
				g.startThread(ctx, threadKey, m.Timestamp)
			}
			return nil
		}
	}
	blocks, fallback := render.Slack(msg)
	opts := []slack.MsgOption{slack.MsgOptionBlocks(blocks...), slack.MsgOptionText(fallback, false),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: metadataEventType, EventPayload: map[string]any{
			"delivery_id": n.DeliveryID, "message_id": n.Message.ID, "topic_arn": n.Message.TopicARN}})}
	threadTS := ""
	if threadKey != "" {
		if threadTS, err = g.threadTS(ctx, threadKey); err != nil {
			// Posted outside its thread, the message would split it: a
			// retry posts it once the thread can be read.
			return err
		}
		if threadTS != "" {
			opts = append(opts, slack.MsgOptionTS(threadTS))
		}
	}
	_, ts, err := api.PostMessageContext(ctx, n.SlackChannelID, opts...)
	if err != nil {
		return slackError(err)
	}
	if threadKey != "" && threadTS == "" {
		g.startThread(ctx, threadKey, ts)
	}
	return nil
}

// slackPosted looks in the channel's history, since the message was
// published, for a message carrying this delivery's key, and returns it.
// It needs the channels:history (or groups:history) scope; without it, the
// error makes the caller post, at least once. The history lists a
// channel's messages, not the replies in threads.
func (g *Gateway) slackPosted(ctx context.Context, api *slack.Client, n gov.Notification) (slack.Message, bool, error) {
	oldest := n.Message.PublishedAt.Add(-time.Minute)
	cursor := ""
	for range 10 {
		h, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: n.SlackChannelID,
			Oldest: fmt.Sprintf("%d.%06d", oldest.Unix(), oldest.Nanosecond()/1000), Limit: 200, IncludeAllMetadata: true, Cursor: cursor})
		if err != nil {
			return slack.Message{}, false, err
		}
		for _, m := range h.Messages {
			if m.Metadata.EventType == metadataEventType && m.Metadata.EventPayload["delivery_id"] == n.DeliveryID {
				return m, true, nil
			}
		}
		if !h.HasMore || h.ResponseMetaData.NextCursor == "" {
			return slack.Message{}, false, nil
		}
		cursor = h.ResponseMetaData.NextCursor
	}
	return slack.Message{}, false, nil
}

// slackError classifies a Slack failure: rate limits carry Retry-After,
// some errors are permanent, the rest are retried.
func slackError(err error) error {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return &retryAfterError{after: rl.RetryAfter, err: fmt.Errorf("slack: %w", err)}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && slackPermanent[se.Err] {
		return &permanentError{fmt.Errorf("slack: %w", err)}
	}
	if slackPermanent[err.Error()] {
		return &permanentError{fmt.Errorf("slack: %w", err)}
	}
	return fmt.Errorf("slack: %w", err)
}

// postWebhook posts a JSON body to a webhook: 2xx is delivered; 429 and
// 503 are retried after Retry-After when given; other 4xx are permanent;
// the rest are retried.
func (g *Gateway) postWebhook(ctx context.Context, platform, url string, body []byte) error {
	if url == "" {
		return &permanentError{fmt.Errorf("%s: the configuration has no webhook URL", platform)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return &permanentError{fmt.Errorf("%s: the webhook URL does not make a request: %w", platform, err)}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := g.opts.HTTPClient.Do(req)
	if err != nil {
		// The URL carries a secret: say what failed without it.
		var ue interface{ Unwrap() error }
		if errors.As(err, &ue) && ue.Unwrap() != nil {
			err = ue.Unwrap()
		}
		return fmt.Errorf("%s: posting to the webhook: %w", platform, err)
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 256))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	failure := fmt.Errorf("%s: the webhook answered %s: %s", platform, resp.Status, strings.TrimSpace(string(snippet)))
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
		after, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		return &retryAfterError{after: time.Duration(after) * time.Second, err: failure}
	case resp.StatusCode/100 == 4 && resp.StatusCode != http.StatusRequestTimeout:
		return &permanentError{failure}
	}
	return failure
}
