package gov

import (
	"context"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/store"
)

// The gateway's side of the outbox: it claims the deliveries that are due,
// each with its message and where it goes, posts them, and reports how
// each went. These methods are chatgov's own, never served to callers.

// Message, Delivery and DeliveryQuery are the outbox's records, as the
// gateway and the API read them.
type (
	Message       = store.Message
	Delivery      = store.Delivery
	DeliveryQuery = store.DeliveryQuery
)

// Notification is a claimed delivery: the message, the configuration it
// goes to, and the attempt it is.
type Notification struct {
	DeliveryID string // also the de-duplication key
	Attempt    int    // 1 for the first
	Message    store.Message
	// The configuration, with its secrets: the Chime webhook URL.
	ConfigurationARN string
	AccountID        string
	Platform         string
	LoggingLevel     string
	SlackTeamID      string
	SlackChannelID   string
	TeamsTeamID      string
	TeamsChannelID   string
	ChimeWebhookURL  string
}

// ClaimNotifications claims up to limit deliveries that are due and
// returns those to post, each held until lease ends (when a process dies
// holding it, another claim takes it then). A delivery whose configuration
// is DISABLED now is recorded as suppressed with the policy's reason, and
// one whose configuration was deleted as suppressed too; neither is
// returned. It returns Internal when the store fails.
func (s *Service) ClaimNotifications(ctx context.Context, limit int, lease time.Duration) ([]Notification, error) {
	now := s.now().UTC()
	claimed, err := s.st.ClaimDeliveries(ctx, now, now.Add(lease), limit)
	if err != nil {
		return nil, internal(err, "claiming deliveries")
	}
	m := s.model()
	out := make([]Notification, 0, len(claimed))
	for _, d := range claimed {
		ac, _ := m.Chats.Get(d.AccountID)
		i := ac.Find(d.ConfigurationARN)
		if i < 0 {
			if err := s.st.FinishDelivery(ctx, d.ID, store.DeliverySuppressed, "the configuration was deleted", now); err != nil {
				return out, internal(err, "recording delivery %s", d.ID)
			}
			continue
		}
		rec, st := ac.Configs[i], ac.States[i]
		if !st.Enabled {
			reason := stateReason(st, rec)
			if err := s.st.FinishDelivery(ctx, d.ID, store.DeliverySuppressed, reason, now); err != nil {
				return out, internal(err, "recording delivery %s", d.ID)
			}
			s.logDelivery(rec, true, "notification suppressed", "delivery", d.ID, "reason", reason)
			continue
		}
		out = append(out, Notification{DeliveryID: d.ID, Attempt: d.Attempts, Message: d.Message,
			ConfigurationARN: rec.ARN, AccountID: rec.AccountID, Platform: rec.Platform, LoggingLevel: rec.LoggingLevel,
			SlackTeamID: rec.SlackTeamID, SlackChannelID: rec.SlackChannelID, TeamsTeamID: rec.TeamID, TeamsChannelID: rec.ChannelID,
			ChimeWebhookURL: rec.WebhookURL})
	}
	return out, nil
}

// NotificationDelivered records that a notification was posted. It
// returns Internal when the store fails.
func (s *Service) NotificationDelivered(ctx context.Context, n Notification) error {
	if err := s.st.FinishDelivery(ctx, n.DeliveryID, store.DeliveryDelivered, "", s.now().UTC()); err != nil {
		return internal(err, "recording delivery %s", n.DeliveryID)
	}
	s.logNotification(n, false, "notification delivered", "delivery", n.DeliveryID, "attempt", n.Attempt)
	return nil
}

// NotificationsDelivered records that notifications were posted, in one
// write. It returns Internal when the store fails.
func (s *Service) NotificationsDelivered(ctx context.Context, ns []Notification) error {
	ids := make([]string, len(ns))
	for i, n := range ns {
		ids[i] = n.DeliveryID
	}
	if err := s.st.FinishDeliveries(ctx, ids, store.DeliveryDelivered, "", s.now().UTC()); err != nil {
		return internal(err, "recording %d deliveries", len(ids))
	}
	for _, n := range ns {
		s.logNotification(n, false, "notification delivered", "delivery", n.DeliveryID, "attempt", n.Attempt)
	}
	return nil
}

// NotificationFailed records a failed attempt: the delivery is tried
// again at next, or, when next is zero (the last attempt), goes to the
// dead-letter list with the error. It returns Internal when the store
// fails.
func (s *Service) NotificationFailed(ctx context.Context, n Notification, next time.Time, cause error) error {
	var err error
	if next.IsZero() {
		err = s.st.FinishDelivery(ctx, n.DeliveryID, store.DeliveryDead, cause.Error(), s.now().UTC())
		s.logNotification(n, true, "notification dead-lettered", "delivery", n.DeliveryID, "attempt", n.Attempt, "err", cause.Error())
	} else {
		err = s.st.RetryDelivery(ctx, n.DeliveryID, next.UTC(), cause.Error())
		s.logNotification(n, true, "notification attempt failed", "delivery", n.DeliveryID, "attempt", n.Attempt, "retry_at", next, "err", cause.Error())
	}
	if err != nil {
		return internal(err, "recording delivery %s", n.DeliveryID)
	}
	return nil
}

func (s *Service) logNotification(n Notification, failure bool, msg string, args ...any) {
	s.logDelivery(&snapshot.ChatRec{ARN: n.ConfigurationARN, LoggingLevel: n.LoggingLevel}, failure, msg, args...)
}

// Deliveries lists the deliveries of the caller's account's configurations
// that q selects (the dead-letter list is Status DEAD; suppressed ones say
// which policy stopped them); the management account and the chatbot
// delegated administrator see every account's (and may select one with
// q.AccountID). It returns Internal when the store fails.
func (s *Service) Deliveries(ctx context.Context, c Caller, q store.DeliveryQuery) ([]store.Delivery, error) {
	m := s.model()
	if r := m.roleOf(c); r != management && r != chatbotAdmin {
		q.AccountID = c.AccountID
	}
	ds, err := s.st.Deliveries(ctx, q)
	if err != nil {
		return nil, internal(err, "reading deliveries")
	}
	return ds, nil
}

// PruneNotifications deletes up to limit deliveries finished (delivered,
// dead or suppressed) more than retention ago, the oldest first, then up
// to limit messages published more than retention ago that no delivery
// names any more, and returns how many deliveries and messages it deleted
// together (less than limit: nothing more is due). A pending delivery and
// its message are kept whatever their age. It returns Internal when the
// store fails.
func (s *Service) PruneNotifications(ctx context.Context, retention time.Duration, limit int) (int, error) {
	n, err := s.st.PruneNotifications(ctx, s.now().UTC().Add(-retention), limit)
	if err != nil {
		return n, internal(err, "pruning notifications")
	}
	return n, nil
}
