package store

import (
	"context"
	"time"
)

// Notifications keeps SNS topics and the outbox of notifications: the
// messages published to topics and one delivery per subscribed
// configuration. They are not part of State: messages and deliveries grow
// with traffic, not with the organization, and the gateway reads the
// deliveries that are due a batch at a time. Each method is a transaction
// of its own, independent of Update (it does not change the revision).
type Notifications interface {
	// PutTopic inserts or replaces a topic, its tags included.
	PutTopic(ctx context.Context, t Topic) error
	// DeleteTopic removes a topic; ErrNotFound when absent. Its messages
	// and their deliveries stay: what was acknowledged is still delivered.
	DeleteTopic(ctx context.Context, arn string) error
	// Topic returns a topic; ErrNotFound when absent.
	Topic(ctx context.Context, arn string) (Topic, error)
	// Topics returns an account's topics, by ARN, those after afterARN
	// only, at most limit of them (all when limit is 0 or negative).
	Topics(ctx context.Context, accountID, afterARN string, limit int) ([]Topic, error)
	// Enqueue stores messages of one topic and their deliveries in one
	// transaction: all or none of them are stored. It returns ErrNotFound
	// when the topic does not exist, and ErrConflict when a message or
	// delivery ID is taken. Each delivery's MessageID names one of msgs.
	Enqueue(ctx context.Context, topicARN string, msgs []Message, ds []Delivery) error
	// ClaimDeliveries returns up to limit deliveries in status
	// DeliveryPending whose NextAttemptAt is at or before now, the
	// earliest first, with their messages; each is claimed: its Attempts
	// grows by one and its NextAttemptAt becomes until, so that no other
	// claim returns it before then (a worker that dies holding it loses it
	// at until, and the delivery is claimed again).
	ClaimDeliveries(ctx context.Context, now, until time.Time, limit int) ([]ClaimedDelivery, error)
	// RetryDelivery leaves a delivery pending for another attempt at next,
	// recording the last attempt's error; ErrNotFound when absent.
	RetryDelivery(ctx context.Context, id string, next time.Time, lastError string) error
	// FinishDelivery gives a delivery its final status (DeliveryDelivered,
	// DeliveryDead or DeliverySuppressed), with an error or reason and the
	// time; ErrNotFound when absent.
	FinishDelivery(ctx context.Context, id, status, detail string, at time.Time) error
	// FinishDeliveries is FinishDelivery for several deliveries in one
	// transaction, all with the same status, detail and time; ErrNotFound
	// (and none changed) when one is absent.
	FinishDeliveries(ctx context.Context, ids []string, status, detail string, at time.Time) error
	// Deliveries returns the deliveries q selects, by ID.
	Deliveries(ctx context.Context, q DeliveryQuery) ([]Delivery, error)
	// PruneNotifications deletes, in one transaction, up to limit
	// finished deliveries (any status but DeliveryPending) done before
	// before, the oldest first, then up to limit messages published
	// before before that have no delivery left (those the deleted
	// deliveries freed, and those stored with none, published when no
	// configuration was subscribed). A pending delivery, and a message
	// with any delivery, are never deleted. It returns how many
	// deliveries and messages it deleted together: less than limit means
	// nothing more was due.
	PruneNotifications(ctx context.Context, before time.Time, limit int) (int, error)
}

// Topic is an SNS topic.
type Topic struct {
	ARN       string // arn:aws:sns:REGION:ACCOUNT:NAME
	AccountID string
	Region    string
	Name      string
	// Attributes are the topic's settable attributes (DisplayName, ...)
	// (nil and empty load alike, as empty).
	Attributes map[string]string
	// Tags (nil and empty load alike, as empty).
	Tags      map[string]string
	CreatedAt time.Time
}

// Message is a message published to a topic.
type Message struct {
	ID       string // SNS's MessageId, a UUID
	TopicARN string
	Subject  string
	Body     string
	// Attributes are the message attributes, by name, each as its data
	// type and value (nil and empty load alike, as empty).
	Attributes  map[string]MessageAttribute
	PublishedAt time.Time
}

// MessageAttribute is one message attribute.
type MessageAttribute struct {
	DataType string
	Value    string
}

// Delivery statuses.
const (
	DeliveryPending    = "PENDING"
	DeliveryDelivered  = "DELIVERED"
	DeliveryDead       = "DEAD"
	DeliverySuppressed = "SUPPRESSED"
)

// Delivery is one message on its way to one configuration.
type Delivery struct {
	ID               string // also the de-duplication key sent with it
	MessageID        string
	ConfigurationARN string
	AccountID        string
	Status           string
	Attempts         int
	NextAttemptAt    time.Time
	// Detail is the last error while pending or dead, the policy reason
	// when suppressed, empty when delivered.
	Detail    string
	CreatedAt time.Time
	// DoneAt is when the status became final; zero while pending.
	DoneAt time.Time
}

// ClaimedDelivery is a delivery with its message.
type ClaimedDelivery struct {
	Delivery
	Message Message
}

// DeliveryQuery selects deliveries. Zero fields select all.
type DeliveryQuery struct {
	Status           string
	ConfigurationARN string
	MessageID        string
	AccountID        string
	AfterID          string // deliveries with a greater ID (for paging)
	Limit            int
}
