// Package snswire holds the wire contract of the Amazon SNS operations
// chatgov serves (CreateTopic, DeleteTopic, ListTopics, GetTopicAttributes,
// Publish, PublishBatch, TagResource, UntagResource, ListTagsForResource)
// in the awsQuery protocol: a request is a form whose maps and lists are
// flattened into numbered members (Attributes.entry.1.key,
// Tags.member.1.Key, ...), an answer an XML document in SNS's namespace.
// Element and member names are SNS's; Go field names follow Go's.
//
// Like stswire, the package is data only and imports nothing but the
// standard library.
package snswire

import (
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Namespace is the XML namespace of SNS's answers, and Version the API
// version its requests name.
const (
	Namespace = "http://sns.amazonaws.com/doc/2010-03-31/"
	Version   = "2010-03-31"
)

// MaxListMembers bounds the index of a numbered member that Parse reads,
// so that a form cannot make it allocate without end.
const MaxListMembers = 1000

// MemberError is a form member that cannot be read; its text is the
// message of SNS's InvalidParameter.
type MemberError struct {
	Member string // the member's name, as the form spells it
	Reason string
}

func (e *MemberError) Error() string {
	return "Invalid parameter: " + e.Member + " Reason: " + e.Reason
}

// indexed collects the numbered members prefix.N.rest of a form: for each
// N (1, 2, ... in order), the values of its sub-members by rest.
func indexed(form url.Values, prefix string) ([]map[string]string, error) {
	byN := map[int]map[string]string{}
	for k, vs := range form {
		rest, ok := strings.CutPrefix(k, prefix+".")
		if !ok {
			continue
		}
		num, sub, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || n > MaxListMembers || strconv.Itoa(n) != num {
			return nil, &MemberError{Member: k, Reason: "the member's index must be a number from 1 to " + strconv.Itoa(MaxListMembers)}
		}
		if byN[n] == nil {
			byN[n] = map[string]string{}
		}
		if len(vs) > 0 {
			byN[n][sub] = vs[0]
		}
	}
	ns := make([]int, 0, len(byN))
	for n := range byN {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	out := make([]map[string]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, byN[n])
	}
	return out, nil
}

// stringMap reads a map member (prefix.entry.N.key / .value).
func stringMap(form url.Values, prefix string) (map[string]string, error) {
	entries, err := indexed(form, prefix+".entry")
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, nil
	}
	out := map[string]string{}
	for _, e := range entries {
		k, ok := e["key"]
		if !ok {
			return nil, &MemberError{Member: prefix, Reason: "an entry has no key"}
		}
		if _, dup := out[k]; dup {
			return nil, &MemberError{Member: prefix, Reason: "the key " + strconv.Quote(k) + " is given twice"}
		}
		out[k] = e["value"]
	}
	return out, nil
}

// Tags reads a Tags.member.N.Key / .Value list. Duplicate keys are an error.
func Tags(form url.Values) (map[string]string, error) {
	members, err := indexed(form, "Tags.member")
	if err != nil {
		return nil, err
	}
	if len(members) == 0 {
		return nil, nil
	}
	out := map[string]string{}
	for _, m := range members {
		k, ok := m["Key"]
		if !ok {
			return nil, &MemberError{Member: "Tags", Reason: "a tag has no Key"}
		}
		if _, dup := out[k]; dup {
			return nil, &MemberError{Member: "Tags", Reason: "Duplicated keys are not allowed (" + strconv.Quote(k) + ")"}
		}
		out[k] = m["Value"]
	}
	return out, nil
}

// TagKeys reads a TagKeys.member.N list.
func TagKeys(form url.Values) ([]string, error) {
	members, err := indexed(form, "TagKeys.member")
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(members))
	for _, m := range members {
		out = append(out, m[""])
	}
	return out, nil
}

// CreateTopicRequest is CreateTopic's request.
type CreateTopicRequest struct {
	Name       string
	Attributes map[string]string
	Tags       map[string]string
}

// ParseCreateTopic reads CreateTopic's members; a *MemberError when a map
// or list member is malformed.
func ParseCreateTopic(form url.Values) (CreateTopicRequest, error) {
	in := CreateTopicRequest{Name: form.Get("Name")}
	var err error
	if in.Attributes, err = stringMap(form, "Attributes"); err != nil {
		return in, err
	}
	in.Tags, err = Tags(form)
	return in, err
}

// MessageAttribute is one message attribute as Publish carries it.
type MessageAttribute struct {
	DataType string
	// Value is StringValue, or BinaryValue decoded from base64.
	Value string
}

// PublishRequest is Publish's request, and an entry of PublishBatch's.
type PublishRequest struct {
	ID               string // PublishBatch's entry ID
	TopicARN         string
	TargetARN        string
	PhoneNumber      string
	Message          string
	Subject          string
	MessageStructure string
	Attributes       map[string]MessageAttribute
	GroupID          string
}

// ParsePublish reads Publish's members; a *MemberError when the message
// attributes are malformed.
func ParsePublish(form url.Values) (PublishRequest, error) {
	in := PublishRequest{TopicARN: form.Get("TopicArn"), TargetARN: form.Get("TargetArn"), PhoneNumber: form.Get("PhoneNumber"),
		Message: form.Get("Message"), Subject: form.Get("Subject"), MessageStructure: form.Get("MessageStructure"),
		GroupID: form.Get("MessageGroupId")}
	var err error
	in.Attributes, err = messageAttributes(indexedValues(form), "MessageAttributes")
	return in, err
}

// indexedValues flattens a form to its first values.
func indexedValues(form url.Values) map[string]string {
	out := make(map[string]string, len(form))
	for k, vs := range form {
		if len(vs) > 0 {
			out[k] = vs[0]
		}
	}
	return out
}

func messageAttributes(members map[string]string, prefix string) (map[string]MessageAttribute, error) {
	form := url.Values{}
	for k, v := range members {
		form.Set(k, v)
	}
	entries, err := indexed(form, prefix+".entry")
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, nil
	}
	out := map[string]MessageAttribute{}
	for _, e := range entries {
		name, ok := e["Name"]
		if !ok {
			return nil, &MemberError{Member: prefix, Reason: "an attribute has no Name"}
		}
		if _, dup := out[name]; dup {
			return nil, &MemberError{Member: prefix, Reason: "the attribute " + strconv.Quote(name) + " is given twice"}
		}
		a := MessageAttribute{DataType: e["Value.DataType"], Value: e["Value.StringValue"]}
		if b, ok := e["Value.BinaryValue"]; ok {
			raw, err := base64.StdEncoding.DecodeString(b)
			if err != nil {
				return nil, &MemberError{Member: prefix, Reason: "the binary value of " + strconv.Quote(name) + " is not base64"}
			}
			a.Value = string(raw)
		}
		out[name] = a
	}
	return out, nil
}

// ParsePublishBatch reads PublishBatch's members: its topic and entries,
// in order.
func ParsePublishBatch(form url.Values) (topicARN string, entries []PublishRequest, err error) {
	members, err := indexed(form, "PublishBatchRequestEntries.member")
	if err != nil {
		return "", nil, err
	}
	for _, m := range members {
		e := PublishRequest{ID: m["Id"], Message: m["Message"], Subject: m["Subject"], MessageStructure: m["MessageStructure"], GroupID: m["MessageGroupId"]}
		if e.Attributes, err = messageAttributes(m, "MessageAttributes"); err != nil {
			return "", nil, err
		}
		entries = append(entries, e)
	}
	return form.Get("TopicArn"), entries, nil
}

// ResponseMetadata carries the request's ID in every answer.
type ResponseMetadata struct {
	RequestID string `xml:"RequestId"`
}

// Response is an answer: the element <Action>Response holding
// <Action>Result (omitted when Result is nil) and the metadata.
type Response struct {
	XMLName          xml.Name
	Xmlns            string `xml:"xmlns,attr"`
	Result           any
	ResponseMetadata ResponseMetadata `xml:"ResponseMetadata"`
}

// NewResponse returns the answer to action with result (nil for none).
func NewResponse(action, requestID string, result any) Response {
	return Response{XMLName: xml.Name{Local: action + "Response"}, Xmlns: Namespace, Result: result,
		ResponseMetadata: ResponseMetadata{RequestID: requestID}}
}

// CreateTopicResult is CreateTopic's result.
type CreateTopicResult struct {
	XMLName  xml.Name `xml:"CreateTopicResult"`
	TopicARN string   `xml:"TopicArn"`
}

// TopicMember is one topic of ListTopics.
type TopicMember struct {
	TopicARN string `xml:"TopicArn"`
}

// ListTopicsResult is ListTopics's result.
type ListTopicsResult struct {
	XMLName   xml.Name      `xml:"ListTopicsResult"`
	Topics    []TopicMember `xml:"Topics>member"`
	NextToken string        `xml:"NextToken,omitempty"`
}

// Entry is a map entry.
type Entry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

// GetTopicAttributesResult is GetTopicAttributes's result.
type GetTopicAttributesResult struct {
	XMLName    xml.Name `xml:"GetTopicAttributesResult"`
	Attributes []Entry  `xml:"Attributes>entry"`
}

// Entries returns m as entries sorted by key.
func Entries(m map[string]string) []Entry {
	out := make([]Entry, 0, len(m))
	for k, v := range m {
		out = append(out, Entry{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// PublishResult is Publish's result.
type PublishResult struct {
	XMLName   xml.Name `xml:"PublishResult"`
	MessageID string   `xml:"MessageId"`
}

// BatchSuccess is a published entry of PublishBatch.
type BatchSuccess struct {
	ID        string `xml:"Id"`
	MessageID string `xml:"MessageId"`
}

// BatchFailure is an entry of PublishBatch that failed.
type BatchFailure struct {
	ID          string `xml:"Id"`
	Code        string `xml:"Code"`
	Message     string `xml:"Message"`
	SenderFault bool   `xml:"SenderFault"`
}

// PublishBatchResult is PublishBatch's result.
type PublishBatchResult struct {
	XMLName    xml.Name       `xml:"PublishBatchResult"`
	Successful []BatchSuccess `xml:"Successful>member"`
	Failed     []BatchFailure `xml:"Failed>member"`
}

// Tag is a tag of ListTagsForResource.
type Tag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

// ListTagsForResourceResult is ListTagsForResource's result.
type ListTagsForResourceResult struct {
	XMLName xml.Name `xml:"ListTagsForResourceResult"`
	Tags    []Tag    `xml:"Tags>member"`
}

// EmptyResult is the empty result of TagResource and UntagResource.
type EmptyResult struct {
	XMLName xml.Name
}

// NewEmptyResult returns <action>Result with nothing in it.
func NewEmptyResult(action string) EmptyResult {
	return EmptyResult{XMLName: xml.Name{Local: action + "Result"}}
}

// String describes a request for logs, without its message.
func (r PublishRequest) String() string {
	return fmt.Sprintf("Publish(%s, %d bytes)", r.TopicARN, len(r.Message))
}
