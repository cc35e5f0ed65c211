// Package render turns an SNS message into what a chat channel shows: it
// decodes the message (a CloudWatch alarm, an EventBridge event, an AWS
// Chatbot custom notification, or plain text) into a Notification, then
// writes that as Slack Block Kit blocks, a Microsoft Teams Adaptive Card or
// Amazon Chime's webhook text. Everything here is a pure function over
// values: no I/O, no clock.
package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Kind is what a message was recognized as.
type Kind string

// The kinds of message.
const (
	KindAlarm  Kind = "cloudwatch-alarm"
	KindEvent  Kind = "eventbridge-event"
	KindCustom Kind = "custom"
	KindText   Kind = "text"
)

// Severity colours a notification.
type Severity string

// Severities.
const (
	SeverityNone    Severity = ""
	SeverityGood    Severity = "good"
	SeverityWarning Severity = "warning"
	SeverityDanger  Severity = "danger"
)

// Field is a labelled value shown with a notification.
type Field struct{ Name, Value string }

// Notification is a message as chat shows it.
type Notification struct {
	Kind        Kind
	Title       string
	Description string
	Severity    Severity
	Fields      []Field
	NextSteps   []string
	Keywords    []string
	// ThreadID groups notifications into one chat thread (custom
	// notifications' metadata.threadId); empty when none.
	ThreadID string
}

// MaxTextBytes bounds the text Decode keeps of any one value, so that
// what it renders stays within the chat platforms' limits (Slack's section
// text is 3,000 characters).
const MaxTextBytes = 2900

// Decode recognizes a message and returns what it says. A body that is
// none of the recognized JSON shapes is plain text, with the subject as
// its title. It never fails: anything decodes, at worst as text.
func Decode(subject, body string) Notification {
	trimmed := bytes.TrimSpace([]byte(body))
	if len(trimmed) > 0 && trimmed[0] == '{' {
		if n, ok := decodeCustom(trimmed); ok {
			return n
		}
		if n, ok := decodeAlarm(trimmed); ok {
			return n
		}
		if n, ok := decodeEvent(trimmed); ok {
			return n
		}
	}
	title := subject
	if title == "" {
		title = "Notification"
	}
	return Notification{Kind: KindText, Title: clip(title), Description: clip(body)}
}

// customNotification is AWS Chatbot's custom notification schema.
type customNotification struct {
	Version string `json:"version"`
	Source  string `json:"source"`
	Content *struct {
		TextType    string   `json:"textType"`
		Title       string   `json:"title"`
		Description string   `json:"description"`
		NextSteps   []string `json:"nextSteps"`
		Keywords    []string `json:"keywords"`
	} `json:"content"`
	Metadata *struct {
		ThreadID          string            `json:"threadId"`
		Summary           string            `json:"summary"`
		EventType         string            `json:"eventType"`
		RelatedResources  []string          `json:"relatedResources"`
		AdditionalContext map[string]string `json:"additionalContext"`
	} `json:"metadata"`
}

func decodeCustom(b []byte) (Notification, bool) {
	var c customNotification
	if json.Unmarshal(b, &c) != nil || c.Version != "1.0" || c.Source != "custom" || c.Content == nil || c.Content.Description == "" {
		return Notification{}, false
	}
	n := Notification{Kind: KindCustom, Title: clip(c.Content.Title), Description: clip(c.Content.Description)}
	for _, s := range c.Content.NextSteps {
		n.NextSteps = append(n.NextSteps, clip(s))
	}
	for _, k := range c.Content.Keywords {
		n.Keywords = append(n.Keywords, clip(k))
	}
	if m := c.Metadata; m != nil {
		n.ThreadID = clip(m.ThreadID)
		if m.EventType != "" {
			n.Fields = append(n.Fields, Field{"Event type", clip(m.EventType)})
		}
		if len(m.RelatedResources) > 0 {
			n.Fields = append(n.Fields, Field{"Related resources", clip(strings.Join(m.RelatedResources, ", "))})
		}
		keys := make([]string, 0, len(m.AdditionalContext))
		for k := range m.AdditionalContext {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			n.Fields = append(n.Fields, Field{clip(k), clip(m.AdditionalContext[k])})
		}
	}
	if n.Title == "" {
		n.Title = "Notification"
	}
	return n, true
}

// cloudWatchAlarm is the message CloudWatch publishes when an alarm
// changes state.
type cloudWatchAlarm struct {
	AlarmName        string `json:"AlarmName"`
	AlarmDescription string `json:"AlarmDescription"`
	AWSAccountID     string `json:"AWSAccountId"`
	NewStateValue    string `json:"NewStateValue"`
	NewStateReason   string `json:"NewStateReason"`
	OldStateValue    string `json:"OldStateValue"`
	StateChangeTime  string `json:"StateChangeTime"`
	Region           string `json:"Region"`
	AlarmARN         string `json:"AlarmArn"`
	Trigger          *struct {
		MetricName string `json:"MetricName"`
		Namespace  string `json:"Namespace"`
	} `json:"Trigger"`
}

func decodeAlarm(b []byte) (Notification, bool) {
	var a cloudWatchAlarm
	if json.Unmarshal(b, &a) != nil || a.AlarmName == "" || a.NewStateValue == "" {
		return Notification{}, false
	}
	n := Notification{Kind: KindAlarm, Title: clip(fmt.Sprintf("%s | %s | %s", a.NewStateValue, a.AlarmName, a.Region)),
		Description: clip(a.NewStateReason)}
	switch a.NewStateValue {
	case "ALARM":
		n.Severity = SeverityDanger
	case "OK":
		n.Severity = SeverityGood
	default:
		n.Severity = SeverityWarning
	}
	add := func(name, v string) {
		if v != "" {
			n.Fields = append(n.Fields, Field{name, clip(v)})
		}
	}
	add("Description", a.AlarmDescription)
	if a.Trigger != nil {
		add("Metric", strings.Trim(a.Trigger.Namespace+" "+a.Trigger.MetricName, " "))
	}
	add("Previous state", a.OldStateValue)
	add("Account", a.AWSAccountID)
	add("Changed at", a.StateChangeTime)
	return n, true
}

// eventBridgeEvent is an EventBridge event as a rule sends it to SNS.
type eventBridgeEvent struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       string          `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`
}

func decodeEvent(b []byte) (Notification, bool) {
	var e eventBridgeEvent
	if json.Unmarshal(b, &e) != nil || e.DetailType == "" || e.Source == "" {
		return Notification{}, false
	}
	n := Notification{Kind: KindEvent, Title: clip(fmt.Sprintf("%s | %s | %s", e.DetailType, e.Source, e.Region))}
	if len(e.Detail) > 0 {
		// Laid out as json.Indent would, but only as far as clip keeps.
		n.Description = clip(string(indentPrefix(e.Detail, MaxTextBytes)))
	}
	add := func(name, v string) {
		if v != "" {
			n.Fields = append(n.Fields, Field{name, clip(v)})
		}
	}
	add("Account", e.Account)
	add("Time", e.Time)
	add("Resources", strings.Join(e.Resources, ", "))
	return n, true
}

// clip cuts s to MaxTextBytes, on a rune boundary, marking the cut.
func clip(s string) string {
	if len(s) <= MaxTextBytes {
		return s
	}
	cut := MaxTextBytes
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
