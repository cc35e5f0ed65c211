package commands

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

// Governor is what the gateway asks of the application service.
type Governor interface {
	// SigningSecret returns a workspace's (Slack team's, Teams team's)
	// signing secret; false when none is registered.
	SigningSecret(platform, workspaceID string) (string, bool)
	// SigningSecrets returns every secret of a platform.
	SigningSecrets(platform string) []string
	// DecideChannelCommand decides a command typed in a channel.
	DecideChannelCommand(in gov.ChannelCommandInput) (gov.ChannelCommand, error)
	// Inbox keeps the commands acknowledged to Slack.
	Inbox
}

// BotTokens gives the Slack bot token of a workspace, to answer app
// mentions with chat.postMessage. The directory keeps the tokens.
type BotTokens interface {
	// SlackBotToken returns the token of teamID, or an error when the
	// directory has none.
	SlackBotToken(ctx context.Context, teamID string) (string, error)
}

// Options configure a Handler.
type Options struct {
	Gov Governor
	// Tokens answers app mentions; without it they are decided and logged
	// but cannot be answered (slash commands answer through their
	// response_url and need no token).
	Tokens BotTokens
	// Executor carries out allowed commands; DecideOnly when nil.
	Executor Executor
	// SlackAPIURL is the Slack Web API's base URL, ending in a slash;
	// Slack's own when empty.
	SlackAPIURL string
	// HTTPClient posts replies; http.DefaultClient when nil.
	HTTPClient *http.Client
	Logger     *slog.Logger
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
	// MaxBodyBytes bounds request bodies; 1 MiB when zero.
	MaxBodyBytes int64
	// TeamsBudget bounds the work done for a Teams message, which is
	// answered in the response to it (Teams waits about 5 s); 4 s when
	// zero.
	TeamsBudget time.Duration
}

// Handler serves the gateway's command endpoints:
//
//	POST /slack/events          Slack Events API (url_verification, app_mention)
//	POST /slack/commands        Slack slash commands
//	POST /teams/{team}/messages Microsoft Teams outgoing webhook of team {team}
type Handler struct {
	gov      Governor
	tokens   BotTokens
	exec     Executor
	slackAPI string
	client   *http.Client
	log      *slog.Logger
	now      func() time.Time
	maxBody  int64
	budget   time.Duration
	inbox    Inbox
	mux      *http.ServeMux

	// The inbox's worker claims while claiming lasts; the work it starts
	// runs under working. Shutdown ends claiming, waits for the work, and
	// ends working when its context ends first.
	claiming     context.Context
	stopClaiming context.CancelFunc
	working      context.Context
	stopWorking  context.CancelFunc
	loop         sync.WaitGroup // the worker's loop
	work         sync.WaitGroup // the commands it runs, and Teams requests
	slots        chan struct{}
	wake         chan struct{}
}

// Paths the Handler serves: Serves reports whether a path is one of them.
const (
	PathSlackEvents   = "/slack/events"
	PathSlackCommands = "/slack/commands"
	pathTeamsPrefix   = "/teams/"
)

// Serves reports whether path is one of the gateway's endpoints.
func Serves(path string) bool {
	return path == PathSlackEvents || path == PathSlackCommands || strings.HasPrefix(path, pathTeamsPrefix)
}

// New returns a Handler; Close it when the server stops.
func New(opts Options) *Handler {
	h := &Handler{gov: opts.Gov, tokens: opts.Tokens, exec: opts.Executor, slackAPI: opts.SlackAPIURL, client: opts.HTTPClient,
		log: opts.Logger, now: opts.Now, maxBody: opts.MaxBodyBytes, budget: opts.TeamsBudget,
		inbox: opts.Gov, slots: make(chan struct{}, 16), wake: make(chan struct{}, 1)}
	if h.exec == nil {
		h.exec = DecideOnly{}
	}
	if h.client == nil {
		h.client = http.DefaultClient
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = time.Now
	}
	if h.maxBody == 0 {
		h.maxBody = 1 << 20
	}
	if h.budget == 0 {
		h.budget = 4 * time.Second
	}
	h.claiming, h.stopClaiming = context.WithCancel(context.Background())
	h.working, h.stopWorking = context.WithCancel(context.Background())
	h.mux = http.NewServeMux()
	h.mux.HandleFunc("POST "+PathSlackEvents, h.serveSlackEvents)
	h.mux.HandleFunc("POST "+PathSlackCommands, h.serveSlackCommand)
	h.mux.HandleFunc("POST /teams/{team}/messages", h.serveTeams)
	h.loop.Add(1)
	go h.runInbox() // resumes at once what an earlier run left unfinished
	return h
}

// ServeHTTP routes a request to its endpoint.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// Shutdown stops claiming stored commands and waits for those running;
// when ctx ends first, it interrupts them and gives them back to the
// store, where the next start (or another process) resumes them. Nothing
// acknowledged is lost either way.
func (h *Handler) Shutdown(ctx context.Context) {
	h.stopClaiming()
	h.loop.Wait()
	done := make(chan struct{})
	go func() {
		h.work.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		h.stopWorking()
		<-done
	}
	h.stopWorking()
}

// Close is Shutdown without a time limit.
func (h *Handler) Close() { h.Shutdown(context.Background()) }

// readBody reads a request's body within the limit; it answers the
// request itself when it cannot.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		status := http.StatusBadRequest
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			status = http.StatusRequestEntityTooLarge
		}
		h.log.Warn("chat request refused: unreadable body", "path", r.URL.Path, "remote", r.RemoteAddr, "error", err)
		http.Error(w, "the request body could not be read", status)
		return nil, false
	}
	return body, true
}

// refuse answers 401 to a request whose signature does not verify, and
// logs why.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, platform, workspace, why string) {
	h.log.Warn("chat request refused: signature not verified", "platform", platform, "workspace", workspace,
		"path", r.URL.Path, "remote", r.RemoteAddr, "reason", why)
	http.Error(w, "the request's signature could not be verified", http.StatusUnauthorized)
}

// answer decides a command and, when it is allowed, executes it; it
// returns the reply for the channel. A stored command (key not empty) is
// recorded as executing before the executor runs it; interrupted says
// that it was when the process stopped, and then only an executor that
// runs nothing runs it again. ok is false when the executing stage could
// not be recorded: the command is left for later, not run.
func (h *Handler) answer(ctx context.Context, in gov.ChannelCommandInput, key string, interrupted bool) (reply string, ok bool) {
	d, err := h.gov.DecideChannelCommand(in)
	if err != nil {
		var ge *gov.Error
		if !errors.As(err, &ge) || ge.Kind == gov.Internal {
			h.log.Error("chat command not decided", "platform", in.Platform, "user", in.ChatUserID, "error", err)
		}
		return errorReply(err), true
	}
	if !d.Allowed {
		h.log.Info("chat command denied", "configuration", d.ConfigurationARN, "user", in.ChatUserID, "command", d.Command)
		return denialReply(d), true
	}
	if _, runsNothing := h.exec.(DecideOnly); interrupted && !runsNothing {
		h.log.Warn("chat command interrupted while running; not run again", "configuration", d.ConfigurationARN, "user", in.ChatUserID, "command", d.Command)
		return interruptedReply(d), true
	}
	if key != "" && !h.advance(key, gov.InboxExecuting, "") {
		return "", false
	}
	out, err := h.exec.Execute(ctx, Run{AccountID: d.AccountID, ConfigurationARN: d.ConfigurationARN, RoleARN: d.RoleARN,
		ChatUserID: in.ChatUserID, Command: d.CommandDecision.Command})
	if err != nil {
		h.log.Warn("chat command failed", "configuration", d.ConfigurationARN, "user", in.ChatUserID, "error", err)
	} else {
		h.log.Info("chat command run", "configuration", d.ConfigurationARN, "user", in.ChatUserID, "command", d.Command)
	}
	return allowedReply(d, out, err), true
}
