package memstore

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// outbox holds a DB's SNS topics, messages and deliveries
// (store.Notifications), under a lock of its own: they are not part of the
// State that Updates version.
type outbox struct {
	mu         sync.Mutex
	topics     map[string]store.Topic
	messages   map[string]store.Message
	deliveries map[string]store.Delivery
}

func (o *outbox) init() {
	if o.topics == nil {
		o.topics = map[string]store.Topic{}
		o.messages = map[string]store.Message{}
		o.deliveries = map[string]store.Delivery{}
	}
}

func (s *Store) outbox(ctx context.Context) (*outbox, error) {
	if s.closed.Load() {
		return nil, errClosed
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o := &s.db.outbox
	o.mu.Lock()
	o.init()
	return o, nil
}

func micro(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

func copyTopic(t store.Topic) store.Topic {
	t.Attributes = maps.Clone(t.Attributes)
	if t.Attributes == nil {
		t.Attributes = map[string]string{}
	}
	t.Tags = maps.Clone(t.Tags)
	if t.Tags == nil {
		t.Tags = map[string]string{}
	}
	t.CreatedAt = micro(t.CreatedAt)
	return t
}

func copyMessage(m store.Message) store.Message {
	m.Attributes = maps.Clone(m.Attributes)
	if m.Attributes == nil {
		m.Attributes = map[string]store.MessageAttribute{}
	}
	m.PublishedAt = micro(m.PublishedAt)
	return m
}

func copyDelivery(d store.Delivery) store.Delivery {
	d.NextAttemptAt, d.CreatedAt, d.DoneAt = micro(d.NextAttemptAt), micro(d.CreatedAt), micro(d.DoneAt)
	return d
}

// PutTopic inserts or replaces a topic; see store.Notifications.
func (s *Store) PutTopic(ctx context.Context, t store.Topic) error {
	o, err := s.outbox(ctx)
	if err != nil {
		return err
	}
	defer o.mu.Unlock()
	o.topics[t.ARN] = copyTopic(t)
	return nil
}

// DeleteTopic removes a topic; see store.Notifications.
func (s *Store) DeleteTopic(ctx context.Context, arn string) error {
	o, err := s.outbox(ctx)
	if err != nil {
		return err
	}
	defer o.mu.Unlock()
	if _, ok := o.topics[arn]; !ok {
		return fmt.Errorf("topic %s: %w", arn, store.ErrNotFound)
	}
	delete(o.topics, arn)
	return nil
}

// Topic returns a topic; see store.Notifications.
func (s *Store) Topic(ctx context.Context, arn string) (store.Topic, error) {
	o, err := s.outbox(ctx)
	if err != nil {
		return store.Topic{}, err
	}
	defer o.mu.Unlock()
	t, ok := o.topics[arn]
	if !ok {
		return store.Topic{}, fmt.Errorf("topic %s: %w", arn, store.ErrNotFound)
	}
	return copyTopic(t), nil
}

// Topics returns an account's topics; see store.Notifications.
func (s *Store) Topics(ctx context.Context, accountID, afterARN string, limit int) ([]store.Topic, error) {
	o, err := s.outbox(ctx)
	if err != nil {
		return nil, err
	}
	defer o.mu.Unlock()
	var out []store.Topic
	for _, t := range o.topics {
		if t.AccountID == accountID && t.ARN > afterARN {
			out = append(out, copyTopic(t))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ARN < out[j].ARN })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Enqueue stores messages and their deliveries; see store.Notifications.
func (s *Store) Enqueue(ctx context.Context, topicARN string, msgs []store.Message, ds []store.Delivery) error {
	o, err := s.outbox(ctx)
	if err != nil {
		return err
	}
	defer o.mu.Unlock()
	if _, ok := o.topics[topicARN]; !ok {
		return fmt.Errorf("topic %s: %w", topicARN, store.ErrNotFound)
	}
	ids := map[string]bool{}
	for _, m := range msgs {
		if _, taken := o.messages[m.ID]; taken || ids[m.ID] {
			return fmt.Errorf("message %s: %w", m.ID, store.ErrConflict)
		}
		ids[m.ID] = true
	}
	for _, d := range ds {
		_, known := o.messages[d.MessageID]
		if _, taken := o.deliveries[d.ID]; taken || ids["d/"+d.ID] || !known && !ids[d.MessageID] {
			return fmt.Errorf("delivery %s: %w", d.ID, store.ErrConflict)
		}
		ids["d/"+d.ID] = true
	}
	for _, m := range msgs {
		m = copyMessage(m)
		m.TopicARN = topicARN
		o.messages[m.ID] = m
	}
	for _, d := range ds {
		o.deliveries[d.ID] = copyDelivery(d)
	}
	return nil
}

// ClaimDeliveries claims due deliveries; see store.Notifications.
func (s *Store) ClaimDeliveries(ctx context.Context, now, until time.Time, limit int) ([]store.ClaimedDelivery, error) {
	o, err := s.outbox(ctx)
	if err != nil {
		return nil, err
	}
	defer o.mu.Unlock()
	var due []store.Delivery
	for _, d := range o.deliveries {
		if d.Status == store.DeliveryPending && !d.NextAttemptAt.After(now) {
			due = append(due, d)
		}
	}
	sort.Slice(due, func(i, j int) bool {
		if !due[i].NextAttemptAt.Equal(due[j].NextAttemptAt) {
			return due[i].NextAttemptAt.Before(due[j].NextAttemptAt)
		}
		return due[i].ID < due[j].ID
	})
	if limit <= 0 {
		return nil, nil
	}
	if len(due) > limit {
		due = due[:limit]
	}
	out := make([]store.ClaimedDelivery, 0, len(due))
	for _, d := range due {
		d.Attempts++
		d.NextAttemptAt = micro(until)
		o.deliveries[d.ID] = d
		out = append(out, store.ClaimedDelivery{Delivery: d, Message: copyMessage(o.messages[d.MessageID])})
	}
	return out, nil
}

// RetryDelivery leaves a delivery pending; see store.Notifications.
func (s *Store) RetryDelivery(ctx context.Context, id string, next time.Time, lastError string) error {
	return s.editDelivery(ctx, id, func(d *store.Delivery) {
		d.NextAttemptAt, d.Detail = micro(next), lastError
	})
}

// FinishDelivery gives a delivery its final status; see store.Notifications.
func (s *Store) FinishDelivery(ctx context.Context, id, status, detail string, at time.Time) error {
	return s.editDelivery(ctx, id, func(d *store.Delivery) {
		d.Status, d.Detail, d.DoneAt, d.NextAttemptAt = status, detail, micro(at), time.Time{}
	})
}

// FinishDeliveries gives deliveries their final status; see store.Notifications.
func (s *Store) FinishDeliveries(ctx context.Context, ids []string, status, detail string, at time.Time) error {
	o, err := s.outbox(ctx)
	if err != nil {
		return err
	}
	defer o.mu.Unlock()
	for _, id := range ids {
		if _, ok := o.deliveries[id]; !ok {
			return fmt.Errorf("delivery %s: %w", id, store.ErrNotFound)
		}
	}
	for _, id := range ids {
		d := o.deliveries[id]
		d.Status, d.Detail, d.DoneAt, d.NextAttemptAt = status, detail, micro(at), time.Time{}
		o.deliveries[id] = d
	}
	return nil
}

func (s *Store) editDelivery(ctx context.Context, id string, edit func(*store.Delivery)) error {
	o, err := s.outbox(ctx)
	if err != nil {
		return err
	}
	defer o.mu.Unlock()
	d, ok := o.deliveries[id]
	if !ok {
		return fmt.Errorf("delivery %s: %w", id, store.ErrNotFound)
	}
	edit(&d)
	o.deliveries[id] = d
	return nil
}

// Deliveries returns the deliveries q selects; see store.Notifications.
func (s *Store) Deliveries(ctx context.Context, q store.DeliveryQuery) ([]store.Delivery, error) {
	o, err := s.outbox(ctx)
	if err != nil {
		return nil, err
	}
	defer o.mu.Unlock()
	var out []store.Delivery
	for _, d := range o.deliveries {
		if d.ID > q.AfterID && (q.Status == "" || d.Status == q.Status) &&
			(q.ConfigurationARN == "" || d.ConfigurationARN == q.ConfigurationARN) && (q.MessageID == "" || d.MessageID == q.MessageID) &&
			(q.AccountID == "" || d.AccountID == q.AccountID) {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

// PruneNotifications deletes old finished deliveries and the messages left
// without any; see store.Notifications.
func (s *Store) PruneNotifications(ctx context.Context, before time.Time, limit int) (int, error) {
	o, err := s.outbox(ctx)
	if err != nil {
		return 0, err
	}
	defer o.mu.Unlock()
	if limit <= 0 {
		return 0, nil
	}
	var done []store.Delivery
	for _, d := range o.deliveries {
		if d.Status != store.DeliveryPending && !d.DoneAt.IsZero() && d.DoneAt.Before(before) {
			done = append(done, d)
		}
	}
	sort.Slice(done, func(i, j int) bool {
		if !done[i].DoneAt.Equal(done[j].DoneAt) {
			return done[i].DoneAt.Before(done[j].DoneAt)
		}
		return done[i].ID < done[j].ID
	})
	done = done[:min(len(done), limit)]
	for _, d := range done {
		delete(o.deliveries, d.ID)
	}
	named := map[string]bool{}
	for _, d := range o.deliveries {
		named[d.MessageID] = true
	}
	var free []store.Message
	for _, m := range o.messages {
		if !named[m.ID] && !m.PublishedAt.IsZero() && m.PublishedAt.Before(before) {
			free = append(free, m)
		}
	}
	sort.Slice(free, func(i, j int) bool {
		if !free[i].PublishedAt.Equal(free[j].PublishedAt) {
			return free[i].PublishedAt.Before(free[j].PublishedAt)
		}
		return free[i].ID < free[j].ID
	})
	free = free[:min(len(free), limit)]
	for _, m := range free {
		delete(o.messages, m.ID)
	}
	return len(done) + len(free), nil
}
