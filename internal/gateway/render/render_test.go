package render_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/chatgov/chatgov/internal/gateway/render"
)

const (
	alarmBody = `{"AlarmName":"cpu-high","AlarmDescription":"CPU above 80%","AWSAccountId":"123456789012","NewStateValue":"ALARM",` +
		`"NewStateReason":"Threshold Crossed: 1 datapoint [91.0] was greater than the threshold (80.0).","StateChangeTime":"2026-05-01T10:00:00.000+0000",` +
		`"Region":"US East (N. Virginia)","OldStateValue":"OK","Trigger":{"MetricName":"CPUUtilization","Namespace":"AWS/EC2"}}`
	eventBody = `{"version":"0","id":"6a7e8feb","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"123456789012",` +
		`"time":"2026-05-01T10:00:00Z","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-1"],"detail":{"instance-id":"i-1","state":"stopped"}}`
	customBody = `{"version":"1.0","source":"custom","id":"c-1","content":{"textType":"client-markdown","title":":rocket: Deployed",` +
		`"description":"Version *42* is live.","nextSteps":["Watch the dashboard","Roll back if errors rise"],"keywords":["deploy","prod"]},` +
		`"metadata":{"threadId":"deploy-42","summary":"deployed","eventType":"deployment","relatedResources":["arn:aws:codedeploy:x"],"additionalContext":{"by":"ci"}}}`
)

// deepDetail is an event's detail nested 2,000 levels deep with 1,000
// values at the bottom: json.Indent lays it out in 8 MB, of which Decode
// keeps MaxTextBytes (testdata/fuzz/FuzzDecode/deep-detail-arrays).
var (
	deepDetail = strings.Repeat("[", 2000) + strings.Repeat("0,", 1000) + "0" + strings.Repeat("]", 2000)
	deepEvent  = `{"version":"0","detail-type":"t","source":"s","region":"r","detail":` + deepDetail + `}`
)

// indentedClip is detail as json.Indent lays it out, cut at
// render.MaxTextBytes and marked (detail's layout is ASCII).
func indentedClip(detail string) string {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(detail), "", "  "); err != nil {
		panic(err)
	}
	if b.Len() <= render.MaxTextBytes {
		return b.String()
	}
	return b.String()[:render.MaxTextBytes] + "…"
}

func TestDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, subject, body string
		want                render.Notification
	}{
		{"alarm", "ALARM: cpu-high", alarmBody, render.Notification{Kind: render.KindAlarm, Title: "ALARM | cpu-high | US East (N. Virginia)",
			Description: "Threshold Crossed: 1 datapoint [91.0] was greater than the threshold (80.0).", Severity: render.SeverityDanger,
			Fields: []render.Field{{"Description", "CPU above 80%"}, {"Metric", "AWS/EC2 CPUUtilization"}, {"Previous state", "OK"},
				{"Account", "123456789012"}, {"Changed at", "2026-05-01T10:00:00.000+0000"}}}},
		{"event", "", eventBody, render.Notification{Kind: render.KindEvent, Title: "EC2 Instance State-change Notification | aws.ec2 | us-east-1",
			Description: "{\n  \"instance-id\": \"i-1\",\n  \"state\": \"stopped\"\n}",
			Fields:      []render.Field{{"Account", "123456789012"}, {"Time", "2026-05-01T10:00:00Z"}, {"Resources", "arn:aws:ec2:us-east-1:123456789012:instance/i-1"}}}},
		{"custom", "", customBody, render.Notification{Kind: render.KindCustom, Title: ":rocket: Deployed", Description: "Version *42* is live.",
			NextSteps: []string{"Watch the dashboard", "Roll back if errors rise"}, Keywords: []string{"deploy", "prod"}, ThreadID: "deploy-42",
			Fields: []render.Field{{"Event type", "deployment"}, {"Related resources", "arn:aws:codedeploy:x"}, {"by", "ci"}}}},
		{"custom of another version is text", "s", strings.Replace(customBody, `"1.0"`, `"2.0"`, 1),
			render.Notification{Kind: render.KindText, Title: "s", Description: strings.Replace(customBody, `"1.0"`, `"2.0"`, 1)}},
		{"custom without description is text", "", `{"version":"1.0","source":"custom","content":{"title":"t"}}`,
			render.Notification{Kind: render.KindText, Title: "Notification", Description: `{"version":"1.0","source":"custom","content":{"title":"t"}}`}},
		{"plain text", "Hello", "world", render.Notification{Kind: render.KindText, Title: "Hello", Description: "world"}},
		{"broken JSON is text", "", `{"AlarmName":`, render.Notification{Kind: render.KindText, Title: "Notification", Description: `{"AlarmName":`}},
		{"deeply nested detail, laid out as far as it is kept", "", deepEvent, render.Notification{Kind: render.KindEvent, Title: "t | s | r",
			Description: indentedClip(deepDetail)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := render.Decode(tc.subject, tc.body); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Decode:\n got %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestRenderings(t *testing.T) {
	t.Parallel()
	n := render.Decode("", customBody)
	blocks, fallback := render.Slack(n)
	raw, err := json.Marshal(slack.Blocks{BlockSet: blocks})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"type":"header"`, `:rocket: Deployed`, `Version *42* is live.`, `Roll back if errors rise`, `deploy · prod`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("Slack blocks lack %q: %s", want, raw)
		}
	}
	if fallback != ":rocket: Deployed\nVersion *42* is live." {
		t.Errorf("fallback %q", fallback)
	}
	var card struct {
		Type        string `json:"type"`
		Attachments []struct {
			ContentType string `json:"contentType"`
			Content     struct {
				Type, Version string
				Body          []map[string]any `json:"body"`
			} `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(render.Teams(render.Decode("", alarmBody)), &card); err != nil {
		t.Fatal(err)
	}
	if card.Type != "message" || len(card.Attachments) != 1 || card.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" ||
		card.Attachments[0].Content.Type != "AdaptiveCard" || card.Attachments[0].Content.Body[0]["color"] != "Attention" {
		t.Errorf("Teams card %+v", card)
	}
	var chime struct{ Content string }
	if err := json.Unmarshal(render.Chime(render.Decode("", alarmBody)), &chime); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(chime.Content, "/md **ALARM | cpu-high") || !strings.Contains(chime.Content, "**Metric:** AWS/EC2 CPUUtilization") {
		t.Errorf("Chime content %q", chime.Content)
	}
	long := render.Decode("", strings.Repeat("é", 10000))
	if !utf8.ValidString(long.Description) || len(long.Description) > render.MaxTextBytes+len("…") {
		t.Errorf("a long text is not clipped on a rune boundary: %d bytes", len(long.Description))
	}
}

// FuzzDecode checks that any message decodes without a panic, the same
// twice, and renders to valid JSON for every platform.
func FuzzDecode(f *testing.F) {
	for _, b := range []string{alarmBody, eventBody, customBody, "plain", `{"version":"1.0","source":"custom","content":{"description":"x"}}`} {
		f.Add("subject", b)
	}
	f.Fuzz(func(t *testing.T, subject, body string) {
		n := render.Decode(subject, body)
		if !reflect.DeepEqual(n, render.Decode(subject, body)) {
			t.Fatal("Decode is not deterministic")
		}
		blocks, _ := render.Slack(n)
		if _, err := json.Marshal(slack.Blocks{BlockSet: blocks}); err != nil {
			t.Fatalf("Slack blocks do not encode: %v", err)
		}
		if !json.Valid(render.Teams(n)) || !json.Valid(render.Chime(n)) {
			t.Fatal("a rendering is not JSON")
		}
	})
}
