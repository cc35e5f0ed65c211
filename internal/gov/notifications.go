package gov

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/store"
)

// Notifications: what Publish stores and the gateway delivers. Publish
// answers once the message and one delivery per subscribed configuration
// are stored, in one transaction: a configuration that is ENABLED gets a
// pending delivery, one that is DISABLED a suppressed one that records the
// policy's reason, and nothing is ever replayed to it. The gateway claims
// pending deliveries (ClaimNotifications), posts them, and reports the
// outcome.

// MessageAttribute is a message attribute: its data type and value.
type MessageAttribute = store.MessageAttribute

// PublishInput is one message to publish.
type PublishInput struct {
	TopicARN string
	Subject  string
	Message  string
	// MessageStructure is "json" when Message is a JSON object of
	// messages per protocol (its "default" is used), else "".
	MessageStructure string
	Attributes       map[string]MessageAttribute
}

// BatchEntry is one entry of PublishBatch.
type BatchEntry struct {
	ID string
	PublishInput
}

// BatchResult is PublishBatch's answer: the entries published, by entry
// ID, and those that failed, with their errors.
type BatchResult struct {
	Published []BatchPublished
	Failed    []BatchFailed
}

// BatchPublished is an entry that was published.
type BatchPublished struct{ ID, MessageID string }

// BatchFailed is an entry that was not, with SNS's code and message;
// SenderFault is true when the request was at fault.
type BatchFailed struct {
	ID, Code, Message string
	SenderFault       bool
}

// published wakes the gateway when a message is stored; see Published.
func (s *Service) publishedChan() chan struct{} {
	s.pubOnce.Do(func() { s.pub = make(chan struct{}, 1) })
	return s.pub
}

// Published returns a channel that receives when messages have been
// stored since the last receive, so that the gateway need not poll to see
// them soon.
func (s *Service) Published() <-chan struct{} { return s.publishedChan() }

// Publish publishes a message to a topic of the caller's account and
// returns its MessageId once it is stored with its deliveries. It returns
// the errors of topic (NotFound, InvalidParameter, AuthorizationError),
// Invalid (InvalidParameter, ParameterValueInvalid) for a message SNS
// would refuse, and Internal when the store fails.
func (s *Service) Publish(ctx context.Context, c Caller, in PublishInput) (string, error) {
	if err := s.model().authorize(c, opPublish, ""); err != nil {
		return "", err
	}
	if err := ownTopic(c, in.TopicARN, "Publish", "TopicArn"); err != nil {
		return "", err
	}
	msg, err := checkMessage(in)
	if err != nil {
		return "", err
	}
	ids, err := s.enqueue(ctx, in.TopicARN, []store.Message{msg})
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

// PublishBatch publishes up to 10 messages to a topic of the caller's
// account, all stored in one transaction. An entry SNS would refuse fails
// alone; the request fails as a whole (Invalid or Constraint, with SNS's
// code as Reason) when it holds no entry, more than 10, IDs that repeat
// or are malformed, or more than 256 KiB in all; and with the errors of
// topic.
func (s *Service) PublishBatch(ctx context.Context, c Caller, topicARN string, entries []BatchEntry) (BatchResult, error) {
	if err := s.model().authorize(c, opPublish, ""); err != nil {
		return BatchResult{}, err
	}
	if err := ownTopic(c, topicARN, "Publish", "TopicArn"); err != nil {
		return BatchResult{}, err
	}
	switch {
	case len(entries) == 0:
		return BatchResult{}, snsErr(Invalid, SNSEmptyBatch, "The batch request doesn't contain any entries")
	case len(entries) > MaxSNSBatchEntries:
		return BatchResult{}, snsErr(Constraint, SNSTooManyEntries, "The batch request contains more entries than permissible (%d, at most %d)", len(entries), MaxSNSBatchEntries)
	}
	seen := map[string]bool{}
	total := 0
	for _, e := range entries {
		if !reBatchEntryID.MatchString(e.ID) {
			return BatchResult{}, snsErr(Invalid, SNSInvalidBatchEntryID, "The Id of a batch entry in a batch request doesn't abide by the specification (%q: 1 to %d letters, digits, hyphens or underscores)", e.ID, snsBatchEntryIDChars)
		}
		if seen[e.ID] {
			return BatchResult{}, snsErr(Invalid, SNSBatchIDsNotDistinct, "Two or more batch entries in the request have the same Id (%s)", e.ID)
		}
		seen[e.ID] = true
		total += len(e.Message) + len(e.Subject)
	}
	if total > MaxSNSMessageBytes {
		return BatchResult{}, snsErr(Invalid, SNSBatchTooLong, "The length of all the messages put together is more than the limit (%d bytes, at most %d)", total, MaxSNSMessageBytes)
	}
	var res BatchResult
	var msgs []store.Message
	var msgEntries []string
	for _, e := range entries {
		e.TopicARN = topicARN
		msg, err := checkMessage(e.PublishInput)
		if err != nil {
			ge := ErrorOf(err)
			res.Failed = append(res.Failed, BatchFailed{ID: e.ID, Code: ge.Reason, Message: ge.Message, SenderFault: true})
			continue
		}
		msgs = append(msgs, msg)
		msgEntries = append(msgEntries, e.ID)
	}
	if len(msgs) == 0 {
		return res, nil
	}
	ids, err := s.enqueue(ctx, topicARN, msgs)
	if err != nil {
		return BatchResult{}, err
	}
	for i, id := range ids {
		res.Published = append(res.Published, BatchPublished{ID: msgEntries[i], MessageID: id})
	}
	return res, nil
}

// checkMessage validates a message as SNS does and returns it as stored
// (without its ID and time).
func checkMessage(in PublishInput) (store.Message, error) {
	body := in.Message
	switch {
	case body == "":
		return store.Message{}, snsInvalid("Invalid parameter: Empty message")
	case len(body) > MaxSNSMessageBytes:
		return store.Message{}, snsInvalid("Invalid parameter: Message too long (%d bytes, at most %d)", len(body), MaxSNSMessageBytes)
	case !utf8.ValidString(body):
		return store.Message{}, snsInvalid("Invalid parameter: Message Reason: the message is not valid UTF-8")
	}
	switch in.MessageStructure {
	case "":
	case "json":
		var per map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &per); err != nil {
			return store.Message{}, snsInvalid("Invalid parameter: Message Structure - JSON message body failed to parse")
		}
		var def string
		if raw, ok := per["default"]; !ok || json.Unmarshal(raw, &def) != nil {
			return store.Message{}, snsInvalid("Invalid parameter: Message Structure - No default entry in JSON message body")
		}
		if raw, ok := per["https"]; ok {
			_ = json.Unmarshal(raw, &def) // chat webhooks are https endpoints
		}
		body = def
	default:
		return store.Message{}, snsInvalid("Invalid parameter: MessageStructure Reason: %q is not json", in.MessageStructure)
	}
	if in.Subject != "" {
		if utf8.RuneCountInString(in.Subject) > snsSubjectMaxChars {
			return store.Message{}, snsInvalid("Invalid parameter: Subject Reason: at most %d characters", snsSubjectMaxChars)
		}
		for _, r := range in.Subject {
			if r < 0x20 || r > 0x7e {
				return store.Message{}, snsInvalid("Invalid parameter: Subject Reason: must contain only printable ASCII characters, without line breaks")
			}
		}
	}
	if len(in.Attributes) > MaxSNSMessageAttrs {
		return store.Message{}, snsInvalid("Invalid parameter: MessageAttributes Reason: %d attributes, at most %d", len(in.Attributes), MaxSNSMessageAttrs)
	}
	for name, a := range in.Attributes {
		base, _, _ := strings.Cut(a.DataType, ".")
		switch {
		case name == "" || len(name) > 256 || strings.HasPrefix(strings.ToLower(name), "aws.") || strings.HasPrefix(strings.ToLower(name), "amazon."):
			return store.Message{}, snsErr(Invalid, SNSInvalidParameter, "Invalid parameter: MessageAttributes Reason: attribute name %q is not allowed", name)
		case base != "String" && base != "Number" && base != "Binary":
			return store.Message{}, snsErr(Invalid, SNSParameterValueInvalid, "The message attribute '%s' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.", name)
		case a.Value == "":
			return store.Message{}, snsErr(Invalid, SNSParameterValueInvalid, "The message attribute '%s' must contain non-empty message attribute value for message attribute type '%s'.", name, a.DataType)
		}
	}
	return store.Message{TopicARN: in.TopicARN, Subject: in.Subject, Body: body, Attributes: in.Attributes}, nil
}

// subscriber is a configuration that names a topic, with its state.
type subscriber struct {
	rec   *snapshot.ChatRec
	state snapshot.ChatState
}

// subscribers returns the configurations of the topic's account that name
// it in SnsTopicArns.
func (s *Service) subscribers(m model, topicARN string) []subscriber {
	match := reTopicARN.FindStringSubmatch(topicARN)
	if match == nil {
		return nil
	}
	ac, _ := m.Chats.Get(match[3])
	if ac == nil {
		return nil
	}
	var out []subscriber
	for i, rec := range ac.Configs {
		for _, t := range rec.SnsTopicARNs {
			if t == topicARN {
				out = append(out, subscriber{rec: rec, state: ac.States[i]})
				break
			}
		}
	}
	return out
}

// enqueue stores msgs with one delivery per subscribed configuration and
// returns their IDs. The configurations' states are read from the current
// model: a write that disables a configuration and returned before
// Publish was called suppresses this message.
func (s *Service) enqueue(ctx context.Context, topicARN string, msgs []store.Message) ([]string, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	subs := s.subscribers(s.model(), topicARN)
	ids := make([]string, len(msgs))
	var ds []store.Delivery
	for i := range msgs {
		id, err := s.newMessageID()
		if err != nil {
			return nil, err
		}
		ids[i] = id
		msgs[i].ID, msgs[i].PublishedAt = id, now
		for j, sub := range subs {
			d := store.Delivery{ID: fmt.Sprintf("%s.%d", id, j), MessageID: id, ConfigurationARN: sub.rec.ARN, AccountID: sub.rec.AccountID,
				Status: store.DeliveryPending, NextAttemptAt: now, CreatedAt: now}
			if !sub.state.Enabled {
				d.Status, d.Detail, d.DoneAt, d.NextAttemptAt = store.DeliverySuppressed, stateReason(sub.state, sub.rec), now, time.Time{}
				s.logDelivery(sub.rec, true, "notification suppressed", "delivery", d.ID, "reason", d.Detail)
			}
			ds = append(ds, d)
		}
	}
	err := s.st.Enqueue(ctx, topicARN, msgs, ds)
	if errors.Is(err, store.ErrNotFound) {
		return nil, snsErr(NotFound, SNSNotFound, "Topic does not exist")
	}
	if err != nil {
		return nil, internal(err, "storing messages of topic %s", topicARN)
	}
	select {
	case s.publishedChan() <- struct{}{}:
	default:
	}
	return ids, nil
}

// logDelivery logs an event of a delivery as the configuration's
// LoggingLevel says: NONE logs nothing, ERROR failures only (failure
// true), INFO everything.
func (s *Service) logDelivery(rec *snapshot.ChatRec, failure bool, msg string, args ...any) {
	switch rec.LoggingLevel {
	case "NONE":
		return
	case "ERROR", "":
		if !failure {
			return
		}
	}
	args = append(args, "configuration", rec.ARN)
	if failure {
		s.log.Warn(msg, args...)
	} else {
		s.log.Info(msg, args...)
	}
}
