package gov

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// SNS topics, the subset of Amazon SNS that AWS Chatbot consumes: an
// account creates topics and publishes to them; a channel configuration
// that names a topic in SnsTopicArns receives what is published there
// (notifications.go). Topics are not part of the model: they live in the
// store (store.Notifications) and are read from it, so that several
// chatgov processes on one database see the same topics.

// ResTopic is the resource of SNS errors. Their Reason is the SNS error
// code (the awsQuery protocol's Code), so that the API maps them as is.
const ResTopic = "Topic"

// SNS error codes, as Reasons of errors about topics.
const (
	SNSInvalidParameter      = "InvalidParameter"
	SNSParameterValueInvalid = "ParameterValueInvalid"
	SNSNotFound              = "NotFound"
	SNSResourceNotFound      = "ResourceNotFound"
	SNSAuthorizationError    = "AuthorizationError"
	SNSTagLimitExceeded      = "TagLimitExceeded"
	SNSTooManyEntries        = "TooManyEntriesInBatchRequest"
	SNSEmptyBatch            = "EmptyBatchRequest"
	SNSBatchIDsNotDistinct   = "BatchEntryIdsNotDistinct"
	SNSInvalidBatchEntryID   = "InvalidBatchEntryId"
	SNSBatchTooLong          = "BatchRequestTooLong"
)

// Limits of SNS.
const (
	MaxSNSMessageBytes   = 256 * 1024
	MaxSNSBatchEntries   = 10
	MaxSNSTopicTags      = 50
	MaxSNSMessageAttrs   = 10
	snsTopicsPerPage     = 100
	defaultSNSRegion     = "us-east-1"
	snsSubjectMaxChars   = 100
	snsBatchEntryIDChars = 80
)

var (
	reTopicName    = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
	reTopicARN     = regexp.MustCompile(`^arn:([a-z-]+):sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$`)
	reBatchEntryID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)
)

// settableTopicAttributes are the topic attributes CreateTopic accepts.
var settableTopicAttributes = map[string]bool{
	"DisplayName": true, "Policy": true, "DeliveryPolicy": true, "KmsMasterKeyId": true,
	"TracingConfig": true, "SignatureVersion": true, "DataProtectionPolicy": true,
}

func snsErr(kind Kind, code, format string, args ...any) *Error {
	return newErr(kind, ResTopic, code, format, args...)
}

func snsInvalid(format string, args ...any) *Error {
	return snsErr(Invalid, SNSInvalidParameter, format, args...)
}

// Topic is an SNS topic.
type Topic struct {
	ARN        string
	AccountID  string
	Region     string
	Name       string
	Attributes map[string]string
	Tags       map[string]string
	CreatedAt  time.Time
}

func topicOf(t store.Topic) Topic { return Topic(t) }

// snsRegion is the region of a caller's SNS request.
func snsRegion(c Caller) string {
	if c.Region == "" {
		return defaultSNSRegion
	}
	return c.Region
}

// ownTopic parses a topic ARN and checks that it is the caller's. It
// returns Invalid (InvalidParameter) for a malformed ARN, and
// AccessDenied (AuthorizationError) for another account's topic, as SNS
// answers a caller that no topic policy lets in.
func ownTopic(c Caller, arn, action, member string) error {
	m := reTopicARN.FindStringSubmatch(arn)
	if m == nil {
		return snsInvalid("Invalid parameter: %s Reason: %q is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)", member, arn)
	}
	if m[3] != c.AccountID {
		return snsErr(AccessDenied, SNSAuthorizationError, "User: %s is not authorized to perform: SNS:%s on resource: %s (a topic of account %s; chatgov serves topics to their own account only)",
			c.ARN, action, arn, m[3])
	}
	return nil
}

// topic reads a topic of the caller's account. It returns the errors of
// ownTopic, NotFound (NotFound) when there is no such topic, and Internal
// when the store fails.
func (s *Service) topic(ctx context.Context, c Caller, arn, action, member string) (store.Topic, error) {
	if err := ownTopic(c, arn, action, member); err != nil {
		return store.Topic{}, err
	}
	t, err := s.st.Topic(ctx, arn)
	if errors.Is(err, store.ErrNotFound) {
		return store.Topic{}, snsErr(NotFound, SNSNotFound, "Topic does not exist")
	}
	if err != nil {
		return store.Topic{}, internal(err, "reading topic %s", arn)
	}
	return t, nil
}

// CreateTopic creates a topic in the caller's account and the region of
// its request, or returns the one of that name that exists (as SNS does,
// when the tags given are the topic's or none). It returns Invalid
// (InvalidParameter) for a bad name, a FIFO topic, an attribute it does
// not know or tags that differ from the existing topic's; Constraint
// (TagLimitExceeded) for too many tags; and Internal when the store fails.
func (s *Service) CreateTopic(ctx context.Context, c Caller, name string, attrs, tags map[string]string) (Topic, error) {
	if err := s.model().authorize(c, opCreateTopic, ""); err != nil {
		return Topic{}, err
	}
	if !reTopicName.MatchString(name) {
		if strings.HasSuffix(name, ".fifo") {
			return Topic{}, snsInvalid("Invalid parameter: Topic Name Reason: chatgov serves standard topics only, not FIFO topics (%s)", name)
		}
		return Topic{}, snsInvalid("Invalid parameter: Topic Name Reason: %q must be 1 to 256 letters, digits, hyphens or underscores", name)
	}
	for k := range attrs {
		if k == "FifoTopic" || k == "ContentBasedDeduplication" {
			return Topic{}, snsInvalid("Invalid parameter: Attributes Reason: %s: chatgov serves standard topics only, not FIFO topics", k)
		}
		if !settableTopicAttributes[k] {
			return Topic{}, snsInvalid("Invalid parameter: Attributes Reason: unknown attribute %s", k)
		}
	}
	if err := checkTopicTags(tags); err != nil {
		return Topic{}, err
	}
	region := snsRegion(c)
	arn := "arn:" + Partition(region) + ":sns:" + region + ":" + c.AccountID + ":" + name
	old, err := s.st.Topic(ctx, arn)
	switch {
	case err == nil:
		if len(tags) > 0 && !maps.Equal(tags, old.Tags) {
			return Topic{}, snsInvalid("Invalid parameter: Tags Reason: Topic already exists with different tags")
		}
		return topicOf(old), nil
	case !errors.Is(err, store.ErrNotFound):
		return Topic{}, internal(err, "reading topic %s", arn)
	}
	t := store.Topic{ARN: arn, AccountID: c.AccountID, Region: region, Name: name, Attributes: maps.Clone(attrs), Tags: maps.Clone(tags),
		CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	if err := s.st.PutTopic(ctx, t); err != nil {
		return Topic{}, internal(err, "storing topic %s", arn)
	}
	s.log.Info("topic created", "topic", arn, "caller", c.ARN)
	return topicOf(t), nil
}

func checkTopicTags(tags map[string]string) error {
	if len(tags) > MaxSNSTopicTags {
		return snsErr(Constraint, SNSTagLimitExceeded, "Could not complete request: tag quota of per resource exceeded (%d tags, at most %d)", len(tags), MaxSNSTopicTags)
	}
	for k, v := range tags {
		if len(k) < 1 || len(k) > 128 || len(v) > 256 || strings.HasPrefix(k, "aws:") {
			return snsInvalid("Invalid parameter: Tags Reason: tag %q: keys are 1 to 128 characters, not starting with aws:, and values at most 256", k)
		}
	}
	return nil
}

// DeleteTopic deletes a topic of the caller's account. Deleting a topic
// that does not exist is not an error, as on SNS; messages already
// published are still delivered. It returns the errors of ownTopic and
// Internal when the store fails.
func (s *Service) DeleteTopic(ctx context.Context, c Caller, arn string) error {
	if err := s.model().authorize(c, opDeleteTopic, ""); err != nil {
		return err
	}
	if err := ownTopic(c, arn, "DeleteTopic", "TopicArn"); err != nil {
		return err
	}
	if err := s.st.DeleteTopic(ctx, arn); err != nil && !errors.Is(err, store.ErrNotFound) {
		return internal(err, "deleting topic %s", arn)
	}
	return nil
}

// ListTopics lists the caller's topics in the region of its request, a
// page of 100 at a time, by ARN. It returns Invalid (InvalidParameter) for
// a token it did not hand out, and Internal when the store fails.
func (s *Service) ListTopics(ctx context.Context, c Caller, token string) (Page[Topic], error) {
	if err := s.model().authorize(c, opListTopics, ""); err != nil {
		return Page[Topic]{}, err
	}
	after := ""
	if token != "" {
		b, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil || !reTopicARN.MatchString(string(b)) {
			return Page[Topic]{}, snsInvalid("Invalid parameter: NextToken")
		}
		after = string(b)
	}
	ts, err := s.st.Topics(ctx, c.AccountID, after, 0)
	if err != nil {
		return Page[Topic]{}, internal(err, "listing topics")
	}
	region := snsRegion(c)
	var p Page[Topic]
	for _, t := range ts {
		if t.Region != region {
			continue
		}
		if len(p.Items) == snsTopicsPerPage {
			p.NextToken = base64.RawURLEncoding.EncodeToString([]byte(p.Items[len(p.Items)-1].ARN))
			break
		}
		p.Items = append(p.Items, topicOf(t))
	}
	return p, nil
}

// GetTopicAttributes returns a topic's attributes as SNS names them. It
// returns the errors of topic.
func (s *Service) GetTopicAttributes(ctx context.Context, c Caller, arn string) (map[string]string, error) {
	if err := s.model().authorize(c, opGetTopicAttributes, ""); err != nil {
		return nil, err
	}
	t, err := s.topic(ctx, c, arn, "GetTopicAttributes", "TopicArn")
	if err != nil {
		return nil, err
	}
	subs := len(s.subscribers(s.model(), t.ARN))
	out := map[string]string{
		"TopicArn": t.ARN, "Owner": t.AccountID, "DisplayName": "",
		"SubscriptionsConfirmed": fmt.Sprint(subs), "SubscriptionsPending": "0", "SubscriptionsDeleted": "0",
		"Policy": defaultTopicPolicy(t.ARN, t.AccountID),
		"EffectiveDeliveryPolicy": `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,` +
			`"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}`,
	}
	for k, v := range t.Attributes {
		out[k] = v
	}
	return out, nil
}

// defaultTopicPolicy is the access policy SNS gives a new topic: the
// owner's account may use it.
func defaultTopicPolicy(arn, account string) string {
	return `{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow",` +
		`"Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission",` +
		`"SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"` + arn +
		`","Condition":{"StringEquals":{"AWS:SourceOwner":"` + account + `"}}}]}`
}

// TagTopic adds or replaces tags of a topic of the caller's account. It
// returns the errors of topic (with ResourceNotFound for a missing topic,
// as SNS's tagging answers), Constraint (TagLimitExceeded) past 50 tags,
// and Invalid (InvalidParameter) for a bad tag.
func (s *Service) TagTopic(ctx context.Context, c Caller, arn string, tags map[string]string) error {
	return s.retagTopic(ctx, c, opTagTopic, "TagResource", arn, func(t map[string]string) {
		maps.Copy(t, tags)
	})
}

// UntagTopic removes tags of a topic of the caller's account; see TagTopic
// for its errors.
func (s *Service) UntagTopic(ctx context.Context, c Caller, arn string, keys []string) error {
	return s.retagTopic(ctx, c, opUntagTopic, "UntagResource", arn, func(t map[string]string) {
		for _, k := range keys {
			delete(t, k)
		}
	})
}

func (s *Service) retagTopic(ctx context.Context, c Caller, op operation, action, arn string, edit func(map[string]string)) error {
	if err := s.model().authorize(c, op, ""); err != nil {
		return err
	}
	t, err := s.taggedTopic(ctx, c, arn, action)
	if err != nil {
		return err
	}
	t.Tags = maps.Clone(t.Tags)
	if t.Tags == nil {
		t.Tags = map[string]string{}
	}
	edit(t.Tags)
	if err := checkTopicTags(t.Tags); err != nil {
		return err
	}
	if err := s.st.PutTopic(ctx, t); err != nil {
		return internal(err, "storing topic %s", arn)
	}
	return nil
}

func (s *Service) taggedTopic(ctx context.Context, c Caller, arn, action string) (store.Topic, error) {
	t, err := s.topic(ctx, c, arn, action, "ResourceArn")
	if e := (*Error)(nil); errors.As(err, &e) && e.Reason == SNSNotFound {
		return store.Topic{}, snsErr(NotFound, SNSResourceNotFound, "Resource does not exist")
	}
	return t, err
}

// TopicTags returns a topic's tags, sorted by key; see TagTopic for its
// errors.
func (s *Service) TopicTags(ctx context.Context, c Caller, arn string) ([]Tag, error) {
	if err := s.model().authorize(c, opListTopicTags, ""); err != nil {
		return nil, err
	}
	t, err := s.taggedTopic(ctx, c, arn, "ListTagsForResource")
	if err != nil {
		return nil, err
	}
	out := make([]Tag, 0, len(t.Tags))
	for k, v := range t.Tags {
		out = append(out, Tag{Key: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// newMessageID returns a random UUID (version 4), as SNS's MessageIds are.
func (s *Service) newMessageID() (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(s.rand, b[:]); err != nil {
		return "", internal(err, "no randomness")
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}
