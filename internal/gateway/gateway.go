// Package gateway carries chatgov's chat traffic out: it delivers the
// notifications published to SNS topics (the outbox gov keeps) to the
// channels of the configurations subscribed to them, on Slack (the Web
// API's chat.postMessage, through slack-go), Microsoft Teams (an incoming
// webhook) and Amazon Chime (the configuration's webhook).
//
// Delivery is at least once: gov stores a message and its deliveries
// before Publish answers; the gateway claims due deliveries for a lease,
// posts them, and records each outcome. A delivery whose process dies
// holding it is claimed again when its lease ends; a failed attempt is
// retried with exponential backoff (Slack's and Teams' Retry-After
// honoured) until the last attempt, after which it goes to the dead-letter
// list. Each delivery's ID travels with it as a de-duplication key: on
// Slack, as message metadata that a retry looks for in the channel's
// history before posting again.
package gateway

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/chatgov/chatgov/internal/gov"
)

// Outbox is what the gateway needs of gov: the outbox and its pruning,
// the chat directory's secrets, and the Slack threads notifications
// started. *gov.Service implements it.
type Outbox interface {
	ClaimNotifications(ctx context.Context, limit int, lease time.Duration) ([]gov.Notification, error)
	NotificationsDelivered(ctx context.Context, ns []gov.Notification) error
	NotificationFailed(ctx context.Context, n gov.Notification, next time.Time, cause error) error
	Published() <-chan struct{}
	PruneNotifications(ctx context.Context, retention time.Duration, limit int) (int, error)
	SlackBotToken(ctx context.Context, teamID string) (string, error)
	TeamsWebhookURL(ctx context.Context, teamID, channelID string) (string, error)
	// The Slack threads notifications started (threads.go).
	SlackThread(ctx context.Context, key string) (gov.SlackThread, bool, error)
	StartSlackThread(ctx context.Context, key, ts string) (gov.SlackThread, error)
	PruneSlackThreads(ctx context.Context, retention time.Duration, limit int) (int, error)
}

// Options configure a Gateway. Zero values take the defaults below.
type Options struct {
	// SlackAPIURL is the Slack Web API's base URL (Slack's own by default).
	SlackAPIURL string
	// HTTPClient posts to Slack, Teams and Chime; its Timeout is set to
	// half the lease when it has none.
	HTTPClient *http.Client
	Logger     *slog.Logger
	// MaxAttempts is how many times a delivery is tried before it goes to
	// the dead-letter list.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the wait before a retry, which
	// doubles with each attempt.
	MinBackoff, MaxBackoff time.Duration
	// Lease is how long a claimed delivery is held: a process that dies
	// holding it loses it then.
	Lease time.Duration
	// PollInterval is how often the gateway looks for due retries when no
	// Publish wakes it.
	PollInterval time.Duration
	// Concurrency is how many deliveries are posted at once.
	Concurrency int
	// ThreadRetention is how long a Slack thread is continued after its
	// first notification: then it is pruned, and the thread's next
	// notification starts a new one.
	ThreadRetention time.Duration
	// NotificationRetention is how long finished deliveries (delivered,
	// dead or suppressed) and their messages are kept after they were
	// done; then they are pruned. Unlike the other options, 0 has no
	// default: it keeps them for ever (the server's configuration, not
	// the gateway, defaults it to 30 days).
	NotificationRetention time.Duration
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
}

// Defaults.
const (
	DefaultMaxAttempts  = 8
	DefaultMinBackoff   = time.Second
	DefaultMaxBackoff   = 5 * time.Minute
	DefaultLease        = 60 * time.Second
	DefaultPollInterval = time.Second
	DefaultConcurrency  = 16
	// DefaultThreadRetention: an alarm's ALARM and OK, a deployment's
	// steps, fall well within it.
	DefaultThreadRetention = 30 * 24 * time.Hour
)

// Gateway delivers notifications. Start it with Run.
type Gateway struct {
	out  Outbox
	opts Options
	log  *slog.Logger
	now  func() time.Time

	threads *threadBook
}

// New returns a gateway over out.
func New(out Outbox, opts Options) *Gateway {
	if opts.SlackAPIURL == "" {
		opts.SlackAPIURL = slack.APIURL
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = DefaultMinBackoff
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultMaxBackoff
	}
	if opts.Lease <= 0 {
		opts.Lease = DefaultLease
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultPollInterval
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.ThreadRetention <= 0 {
		opts.ThreadRetention = DefaultThreadRetention
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{}
	}
	if opts.HTTPClient.Timeout == 0 {
		c := *opts.HTTPClient
		c.Timeout = opts.Lease / 2
		opts.HTTPClient = &c
	}
	g := &Gateway{out: out, opts: opts, log: opts.Logger, now: opts.Now, threads: newThreadBook(10000, opts.ThreadRetention/2)}
	if g.log == nil {
		g.log = slog.New(slog.DiscardHandler)
	}
	if g.now == nil {
		g.now = time.Now
	}
	return g
}

// Run delivers notifications until ctx is done; it returns nil then. A
// failure to read or write the outbox is logged and retried at the next
// poll. It prunes expired Slack threads, and notifications older than
// NotificationRetention, at start and every ten minutes.
func (g *Gateway) Run(ctx context.Context) error {
	tick := time.NewTicker(g.opts.PollInterval)
	defer tick.Stop()
	var pruned time.Time
	for {
		if now := time.Now(); now.Sub(pruned) >= threadPruneEvery {
			pruned = now
			g.pruneThreads(ctx)
			g.pruneNotifications(ctx)
		}
		n, err := g.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			g.log.Error("gateway: delivering notifications", "err", err)
		}
		if n > 0 && err == nil {
			continue // there may be more due
		}
		select {
		case <-ctx.Done():
			return nil
		case <-g.out.Published():
		case <-tick.C:
		}
	}
}

// RunOnce claims one batch of due deliveries and posts them; it returns
// how many it claimed.
func (g *Gateway) RunOnce(ctx context.Context) (int, error) {
	ns, err := g.out.ClaimNotifications(ctx, g.opts.Concurrency*4, g.opts.Lease)
	if err != nil || len(ns) == 0 {
		return len(ns), err
	}
	sem := make(chan struct{}, g.opts.Concurrency)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	var delivered []gov.Notification
	for _, n := range ns {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			ok, err := g.deliver(ctx, n)
			mu.Lock()
			defer mu.Unlock()
			if ok {
				delivered = append(delivered, n)
			}
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	wg.Wait()
	if len(delivered) > 0 {
		// Recorded in one write, and even while the server shuts down: a
		// post that reached the platform and is not recorded would be
		// posted again.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		errs = append(errs, g.out.NotificationsDelivered(rctx, delivered))
	}
	return len(ns), errors.Join(errs...)
}

// deliver posts one notification; it records a failure, and reports a
// success for RunOnce to record with the batch's.
func (g *Gateway) deliver(ctx context.Context, n gov.Notification) (bool, error) {
	err := g.post(ctx, n)
	if err == nil {
		return true, nil
	}
	if ctx.Err() != nil {
		return false, nil // shutting down: the lease brings it back
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	var next time.Time
	var pe *permanentError
	if !errors.As(err, &pe) && n.Attempt < g.opts.MaxAttempts {
		next = g.now().Add(g.backoff(n.Attempt, err))
	}
	return false, g.out.NotificationFailed(rctx, n, next, err)
}

// backoff is the wait before the attempt after attempt: what the platform
// asked for (Retry-After), else MinBackoff doubled per attempt up to
// MaxBackoff, with up to a fifth taken off at random so that retries of
// one burst spread out.
func (g *Gateway) backoff(attempt int, err error) time.Duration {
	var rl *retryAfterError
	if errors.As(err, &rl) && rl.after > 0 {
		return rl.after
	}
	d := g.opts.MinBackoff
	for i := 1; i < attempt && d < g.opts.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, g.opts.MaxBackoff)
	return d - time.Duration(rand.Int64N(int64(d)/5+1))
}

// permanentError is a failure that another attempt cannot fix (a channel
// that does not exist, a revoked token): the delivery goes to the
// dead-letter list at once.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// retryAfterError is a failure the platform said to retry after a while.
type retryAfterError struct {
	after time.Duration
	err   error
}

func (e *retryAfterError) Error() string { return e.err.Error() }
func (e *retryAfterError) Unwrap() error { return e.err }
