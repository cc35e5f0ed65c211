package sqlcodec

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// NotifyTx is a driver's transaction as Notifications uses it. Statements
// are written with ? placeholders; the driver's Rebind turns them into its
// dialect's.
type NotifyTx interface {
	// Exec runs a statement and returns the number of rows it changed;
	// a uniqueness violation is an error wrapping store.ErrConflict.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	// Each runs query and, for each row, scans it into dest and calls row.
	Each(ctx context.Context, query string, args []any, dest []any, row func() error) error
}

// Notifications implements store.Notifications over a driver's
// transactions, the same for both SQL dialects. Time columns scan into
// sql.NullInt64, which both drivers accept.
type Notifications struct {
	// Run runs fn in one transaction that commits when fn returns nil.
	Run func(ctx context.Context, fn func(tx NotifyTx) error) error
	// Rebind turns ? placeholders into the dialect's.
	Rebind func(query string) string
	// ClaimLock ends the claim's SELECT: " FOR UPDATE SKIP LOCKED" where
	// several processes may claim at once and the dialect has row locks;
	// "" where the transaction is the only writer (SQLite).
	ClaimLock string
}

var _ store.Notifications = Notifications{}

// RebindDollar turns ? placeholders into $1, $2, ... (PostgreSQL). The
// statements here hold no ? in literals.
func RebindDollar(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (n Notifications) q(s string) string {
	if n.Rebind == nil {
		return s
	}
	return n.Rebind(s)
}

const topicColumns = `arn, account_id, region, name, attributes, tags, created_at`

// topicRow scans a topic.
type topicRow struct {
	t           store.Topic
	attrs, tags string
	created     sql.NullInt64
}

func (r *topicRow) dest() []any {
	return []any{&r.t.ARN, &r.t.AccountID, &r.t.Region, &r.t.Name, &r.attrs, &r.tags, &r.created}
}

func (r *topicRow) topic() (store.Topic, error) {
	t := r.t
	var err error
	if t.Attributes, err = DecodeTags(r.attrs); err != nil {
		return t, fmt.Errorf("topic %s: attributes: %w", t.ARN, err)
	}
	if t.Tags, err = DecodeTags(r.tags); err != nil {
		return t, fmt.Errorf("topic %s: tags: %w", t.ARN, err)
	}
	t.CreatedAt = Time(r.created.Int64, r.created.Valid)
	return t, nil
}

// PutTopic inserts or replaces a topic; see store.Notifications.
func (n Notifications) PutTopic(ctx context.Context, t store.Topic) error {
	return n.Run(ctx, func(tx NotifyTx) error {
		_, err := tx.Exec(ctx, n.q(`INSERT INTO sns_topics (`+topicColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (arn) DO UPDATE SET account_id = excluded.account_id, region = excluded.region, name = excluded.name,
			attributes = excluded.attributes, tags = excluded.tags, created_at = excluded.created_at`),
			t.ARN, t.AccountID, t.Region, t.Name, EncodeTags(t.Attributes), EncodeTags(t.Tags), Micros(t.CreatedAt))
		return err
	})
}

// DeleteTopic removes a topic; see store.Notifications.
func (n Notifications) DeleteTopic(ctx context.Context, arn string) error {
	return n.Run(ctx, func(tx NotifyTx) error {
		c, err := tx.Exec(ctx, n.q(`DELETE FROM sns_topics WHERE arn = ?`), arn)
		if err == nil && c == 0 {
			err = fmt.Errorf("topic %s: %w", arn, store.ErrNotFound)
		}
		return err
	})
}

// Topic returns a topic; see store.Notifications.
func (n Notifications) Topic(ctx context.Context, arn string) (store.Topic, error) {
	var out []store.Topic
	err := n.Run(ctx, func(tx NotifyTx) (err error) {
		out, err = n.topics(ctx, tx, `SELECT `+topicColumns+` FROM sns_topics WHERE arn = ?`, arn)
		return err
	})
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("topic %s: %w", arn, store.ErrNotFound)
	}
	if err != nil {
		return store.Topic{}, err
	}
	return out[0], nil
}

// Topics returns an account's topics; see store.Notifications.
func (n Notifications) Topics(ctx context.Context, accountID, afterARN string, limit int) ([]store.Topic, error) {
	q := `SELECT ` + topicColumns + ` FROM sns_topics WHERE account_id = ? AND arn > ? ORDER BY arn`
	args := []any{accountID, afterARN}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	var out []store.Topic
	err := n.Run(ctx, func(tx NotifyTx) (err error) {
		out, err = n.topics(ctx, tx, q, args...)
		return err
	})
	return out, err
}

func (n Notifications) topics(ctx context.Context, tx NotifyTx, q string, args ...any) ([]store.Topic, error) {
	var r topicRow
	var out []store.Topic
	err := tx.Each(ctx, n.q(q), args, r.dest(), func() error {
		t, err := r.topic()
		out = append(out, t)
		return err
	})
	return out, err
}

// Enqueue stores messages and their deliveries; see store.Notifications.
func (n Notifications) Enqueue(ctx context.Context, topicARN string, msgs []store.Message, ds []store.Delivery) error {
	return n.Run(ctx, func(tx NotifyTx) error {
		found := false
		var arn string
		if err := tx.Each(ctx, n.q(`SELECT arn FROM sns_topics WHERE arn = ?`), []any{topicARN}, []any{&arn}, func() error {
			found = true
			return nil
		}); err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("topic %s: %w", topicARN, store.ErrNotFound)
		}
		for _, m := range msgs {
			attrs, err := json.Marshal(m.Attributes)
			if err != nil {
				return err
			}
			if m.Attributes == nil {
				attrs = []byte("{}")
			}
			if _, err := tx.Exec(ctx, n.q(`INSERT INTO sns_messages (id, topic_arn, subject, body, attributes, published_at) VALUES (?, ?, ?, ?, ?, ?)`),
				m.ID, topicARN, m.Subject, m.Body, string(attrs), Micros(m.PublishedAt)); err != nil {
				return err
			}
		}
		for _, d := range ds {
			if _, err := tx.Exec(ctx, n.q(`INSERT INTO sns_deliveries (`+deliveryColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
				d.ID, d.MessageID, d.ConfigurationARN, d.AccountID, d.Status, d.Attempts, Micros(d.NextAttemptAt), d.Detail,
				Micros(d.CreatedAt), Micros(d.DoneAt)); err != nil {
				return err
			}
		}
		return nil
	})
}

const deliveryColumns = `id, message_id, configuration_arn, account_id, status, attempts, next_attempt_at, detail, created_at, done_at`

// deliveryRow scans a delivery, and its message when the query joins it.
type deliveryRow struct {
	d                   store.Delivery
	next, created, done sql.NullInt64
	m                   store.Message
	attrs               string
	published           sql.NullInt64
}

func (r *deliveryRow) dest(withMessage bool) []any {
	d := []any{&r.d.ID, &r.d.MessageID, &r.d.ConfigurationARN, &r.d.AccountID, &r.d.Status, &r.d.Attempts, &r.next, &r.d.Detail, &r.created, &r.done}
	if withMessage {
		d = append(d, &r.m.ID, &r.m.TopicARN, &r.m.Subject, &r.m.Body, &r.attrs, &r.published)
	}
	return d
}

func (r *deliveryRow) delivery() store.Delivery {
	d := r.d
	d.NextAttemptAt = Time(r.next.Int64, r.next.Valid)
	d.CreatedAt = Time(r.created.Int64, r.created.Valid)
	d.DoneAt = Time(r.done.Int64, r.done.Valid)
	return d
}

func (r *deliveryRow) message() (store.Message, error) {
	m := r.m
	m.Attributes = map[string]store.MessageAttribute{}
	if err := json.Unmarshal([]byte(r.attrs), &m.Attributes); err != nil {
		return m, fmt.Errorf("message %s: attributes: %w", m.ID, err)
	}
	m.PublishedAt = Time(r.published.Int64, r.published.Valid)
	return m, nil
}

// ClaimDeliveries claims due deliveries; see store.Notifications.
func (n Notifications) ClaimDeliveries(ctx context.Context, now, until time.Time, limit int) ([]store.ClaimedDelivery, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []store.ClaimedDelivery
	err := n.Run(ctx, func(tx NotifyTx) error {
		out = out[:0]
		var r deliveryRow
		cols := "d." + strings.ReplaceAll(deliveryColumns, ", ", ", d.")
		q := `SELECT ` + cols + `, m.id, m.topic_arn, m.subject, m.body, m.attributes, m.published_at
			FROM sns_deliveries d JOIN sns_messages m ON m.id = d.message_id
			WHERE d.status = 'PENDING' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.id LIMIT ?` + n.ClaimLock
		if err := tx.Each(ctx, n.q(q), []any{now.UnixMicro(), limit}, r.dest(true), func() error {
			m, err := r.message()
			out = append(out, store.ClaimedDelivery{Delivery: r.delivery(), Message: m})
			return err
		}); err != nil {
			return err
		}
		for i := range out {
			d := &out[i]
			d.Attempts++
			d.NextAttemptAt = until.UTC().Truncate(time.Microsecond)
			if _, err := tx.Exec(ctx, n.q(`UPDATE sns_deliveries SET attempts = ?, next_attempt_at = ? WHERE id = ?`),
				d.Attempts, Micros(d.NextAttemptAt), d.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// RetryDelivery leaves a delivery pending; see store.Notifications.
func (n Notifications) RetryDelivery(ctx context.Context, id string, next time.Time, lastError string) error {
	return n.set(ctx, id, `UPDATE sns_deliveries SET next_attempt_at = ?, detail = ? WHERE id = ?`, Micros(next), lastError, id)
}

// FinishDelivery gives a delivery its final status; see store.Notifications.
func (n Notifications) FinishDelivery(ctx context.Context, id, status, detail string, at time.Time) error {
	return n.set(ctx, id, `UPDATE sns_deliveries SET status = ?, detail = ?, done_at = ?, next_attempt_at = NULL WHERE id = ?`,
		status, detail, Micros(at), id)
}

// FinishDeliveries gives deliveries their final status; see store.Notifications.
func (n Notifications) FinishDeliveries(ctx context.Context, ids []string, status, detail string, at time.Time) error {
	return n.Run(ctx, func(tx NotifyTx) error {
		for _, id := range ids {
			c, err := tx.Exec(ctx, n.q(`UPDATE sns_deliveries SET status = ?, detail = ?, done_at = ?, next_attempt_at = NULL WHERE id = ?`),
				status, detail, Micros(at), id)
			if err == nil && c == 0 {
				err = fmt.Errorf("delivery %s: %w", id, store.ErrNotFound)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func (n Notifications) set(ctx context.Context, id, q string, args ...any) error {
	return n.Run(ctx, func(tx NotifyTx) error {
		c, err := tx.Exec(ctx, n.q(q), args...)
		if err == nil && c == 0 {
			err = fmt.Errorf("delivery %s: %w", id, store.ErrNotFound)
		}
		return err
	})
}

// Deliveries returns the deliveries q selects; see store.Notifications.
func (n Notifications) Deliveries(ctx context.Context, dq store.DeliveryQuery) ([]store.Delivery, error) {
	q := `SELECT ` + deliveryColumns + ` FROM sns_deliveries WHERE id > ?`
	args := []any{dq.AfterID}
	for _, f := range []struct{ col, v string }{{"status", dq.Status}, {"configuration_arn", dq.ConfigurationARN}, {"message_id", dq.MessageID}, {"account_id", dq.AccountID}} {
		if f.v != "" {
			q += ` AND ` + f.col + ` = ?`
			args = append(args, f.v)
		}
	}
	q += ` ORDER BY id`
	if dq.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, dq.Limit)
	}
	var out []store.Delivery
	err := n.Run(ctx, func(tx NotifyTx) error {
		out = out[:0]
		var r deliveryRow
		return tx.Each(ctx, n.q(q), args, r.dest(false), func() error {
			out = append(out, r.delivery())
			return nil
		})
	})
	return out, err
}

// PruneNotifications deletes old finished deliveries and the messages left
// without any; see store.Notifications. The deliveries' scan locks what it
// takes as a claim does (ClaimLock), so that replicas pruning at once skip
// each other's rows rather than wait for them. A message is deleted only
// once no delivery names it, which the foreign key checks as well.
func (n Notifications) PruneNotifications(ctx context.Context, before time.Time, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	var total int64
	err := n.Run(ctx, func(tx NotifyTx) error {
		ds, err := tx.Exec(ctx, n.q(`DELETE FROM sns_deliveries WHERE id IN (SELECT d.id FROM sns_deliveries d
			WHERE d.status <> 'PENDING' AND d.done_at < ? ORDER BY d.done_at, d.id LIMIT ?`+n.ClaimLock+`)`),
			before.UnixMicro(), limit)
		if err != nil {
			return err
		}
		ms, err := tx.Exec(ctx, n.q(`DELETE FROM sns_messages WHERE id IN (SELECT m.id FROM sns_messages m
			WHERE m.published_at < ? AND NOT EXISTS (SELECT 1 FROM sns_deliveries d WHERE d.message_id = m.id)
			ORDER BY m.published_at, m.id LIMIT ?)`), before.UnixMicro(), limit)
		total = ds + ms
		return err
	})
	if err != nil {
		return 0, err
	}
	return int(total), nil
}
