package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/chatgov/chatgov/internal/gov"
)

// Inbox keeps the commands the gateway acknowledged (gov.Service does,
// in the store): a command is stored under its platform's retry key before
// the platform is answered, then claimed, done and marked done by the
// handler's worker.
type Inbox interface {
	// AcceptChatCommand stores a command; false when key is stored
	// already (a retry). Its error is the store's.
	AcceptChatCommand(ctx context.Context, key, kind, payload string) (bool, error)
	// ClaimChatCommands claims due commands, each held until lease ends.
	ClaimChatCommands(ctx context.Context, limit int, lease time.Duration) ([]gov.InboxCommand, error)
	// AdvanceChatCommand records a claimed command's stage and reply.
	AdvanceChatCommand(ctx context.Context, key, stage, reply string) error
	// ReleaseChatCommand makes a claimed command due again at once.
	ReleaseChatCommand(ctx context.Context, key string) error
	// PruneChatCommands deletes up to limit commands done more than
	// retention ago.
	PruneChatCommands(ctx context.Context, retention time.Duration, limit int) (int, error)
}

// Kinds of stored commands: how their payload reads and where the reply
// goes.
const (
	kindSlackMention = "slack-app-mention" // chat.postMessage in the thread
	kindSlackSlash   = "slack-slash-command"
)

// Timing of the inbox's worker.
const (
	// workLimit bounds the work on one command, the executor's included.
	workLimit = 2 * time.Minute
	// inboxLease is how long a claim holds a command: longer than
	// workLimit, so that a live worker is never overtaken; a command held
	// by a process that died is resumed when it ends.
	inboxLease = workLimit + time.Minute
	// inboxPoll is how often the worker looks for due commands besides
	// being woken by each accepted one.
	inboxPoll = time.Second
	// inboxRetention is how long a done command's key is kept to recognise
	// retries (Slack retries within minutes) before it is pruned.
	inboxRetention = 24 * time.Hour
	pruneEvery     = 10 * time.Minute
	pruneBatch     = 500
	pruneBatches   = 20 // per round, so that one round stays short
)

// inboxPayload is what a stored command holds: the command and where its
// answer goes.
type inboxPayload struct {
	In gov.ChannelCommandInput `json:"in"`
	// Thread is an app mention's thread (chat.postMessage).
	Thread string `json:"thread,omitempty"`
	// ResponseURL is a slash command's.
	ResponseURL string `json:"response_url,omitempty"`
}

// accept stores a command before its request is acknowledged. It returns
// false with nil error for a retry of a stored key.
func (h *Handler) accept(ctx context.Context, key, kind string, p inboxPayload) (bool, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return false, err
	}
	ok, err := h.inbox.AcceptChatCommand(ctx, key, kind, string(b))
	if ok {
		select {
		case h.wake <- struct{}{}:
		default:
		}
	}
	return ok, err
}

// runInbox claims due commands while the handler runs, and prunes old
// done ones now and then.
func (h *Handler) runInbox() {
	defer h.loop.Done()
	tick := time.NewTicker(inboxPoll)
	defer tick.Stop()
	var pruned time.Time
	for {
		h.claim()
		if now := time.Now(); now.Sub(pruned) >= pruneEvery {
			pruned = now
			h.prune()
		}
		select {
		case <-h.claiming.Done():
			return
		case <-h.wake:
		case <-tick.C:
		}
	}
}

// claim takes as many due commands as there are free slots and starts
// them.
func (h *Handler) claim() {
	free := cap(h.slots) - len(h.slots)
	if free == 0 {
		return
	}
	cs, err := h.inbox.ClaimChatCommands(h.claiming, free, inboxLease)
	if err != nil {
		if h.claiming.Err() == nil {
			h.log.Error("chat commands not claimed", "error", err)
		}
		return
	}
	for _, c := range cs {
		h.slots <- struct{}{} // free: only this goroutine fills slots
		h.work.Add(1)
		go func() {
			defer func() { <-h.slots; h.work.Done() }()
			h.process(c)
		}()
	}
}

func (h *Handler) prune() {
	for range pruneBatches {
		n, err := h.inbox.PruneChatCommands(h.claiming, inboxRetention, pruneBatch)
		if err != nil {
			h.log.Error("chat commands not pruned", "error", err)
			return
		}
		if n < pruneBatch {
			return
		}
	}
}

// process does a claimed command from the stage it reached: decides it,
// executes it when allowed, replies and marks it done. A command the
// handler is stopped in the middle of is given back, to be resumed by the
// next start (or another process).
//
// Resuming: a command that was EXECUTING when the process stopped may have
// run; it is decided again, and run again only by an executor that runs
// nothing (decide-only); another answers that it was interrupted and not
// run again. A command that was REPLYING may have been posted: its stored
// reply is posted again, so that an answer may come twice but is never
// lost (Slack's chat.postMessage and response URLs take no retry key).
func (h *Handler) process(c gov.InboxCommand) {
	ctx, cancel := context.WithTimeout(h.working, workLimit)
	defer cancel()
	var p inboxPayload
	if err := json.Unmarshal([]byte(c.Payload), &p); err != nil || (c.Kind != kindSlackMention && c.Kind != kindSlackSlash) {
		h.log.Error("chat command dropped: its stored form is not understood", "key", c.Key, "kind", c.Kind, "error", err)
		h.advance(c.Key, gov.InboxDone, "")
		return
	}
	if c.Attempts > 1 {
		h.log.Warn("chat command resumed", "key", c.Key, "stage", c.Stage, "attempt", c.Attempts)
	}
	reply := c.Reply
	if c.Stage == gov.InboxAccepted || c.Stage == gov.InboxExecuting {
		var ok bool
		if reply, ok = h.answer(ctx, p.In, c.Key, c.Stage == gov.InboxExecuting); !ok {
			h.giveBack(c.Key)
			return
		}
		if h.working.Err() != nil || !h.advance(c.Key, gov.InboxReplying, reply) {
			h.giveBack(c.Key)
			return
		}
	}
	err := h.reply(ctx, c.Kind, p, reply)
	if err != nil && h.working.Err() != nil {
		h.giveBack(c.Key)
		return
	}
	if err != nil {
		h.log.Error("chat command reply failed", "key", c.Key, "platform", p.In.Platform, "channel", p.In.SlackChannelID, "error", err)
	}
	h.advance(c.Key, gov.InboxDone, reply)
}

func (h *Handler) reply(ctx context.Context, kind string, p inboxPayload, text string) error {
	if kind == kindSlackSlash {
		msg := &slack.WebhookMessage{Text: text, ResponseType: slack.ResponseTypeInChannel}
		return slack.PostWebhookCustomHTTPContext(ctx, p.ResponseURL, h.client, msg)
	}
	return h.postSlack(ctx, p.In.SlackTeamID, p.In.SlackChannelID, p.Thread, text)
}

// advance records a stage, and reports whether it was recorded.
func (h *Handler) advance(key, stage, reply string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.inbox.AdvanceChatCommand(ctx, key, stage, reply); err != nil {
		h.log.Error("chat command progress not recorded; it is resumed when its lease ends", "key", key, "stage", stage, "error", err)
		return false
	}
	return true
}

// giveBack releases a command the handler stops in the middle of.
func (h *Handler) giveBack(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.inbox.ReleaseChatCommand(ctx, key); err != nil {
		h.log.Error("chat command not released; it is resumed when its lease ends", "key", key, "error", err)
		return
	}
	h.log.Info("chat command given back, to be resumed", "key", key)
}

// interruptedReply answers a command that was allowed and had started
// running when chatgov stopped.
func interruptedReply(d gov.ChannelCommand) string {
	return fmt.Sprintf(":warning: `%s` was allowed and had started when chatgov stopped; it was not run again, "+
		"since it may have completed. Check its effect before running it again.", commandText(d))
}
