package render_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/chatgov/chatgov/internal/gateway/render"
)

// adversarial builds, for a size in bytes, a message body of about that
// size of one shape that could make decoding or rendering costly.
var adversarial = []struct {
	name    string
	subject func(size int) string
	body    func(size int) string
}{
	{name: "plain text", body: func(n int) string { return strings.Repeat("a", n) }},
	{name: "invalid UTF-8", body: func(n int) string { return strings.Repeat("\x80", n) }},
	{name: "long subject", subject: func(n int) string { return strings.Repeat("é", n/2) }, body: func(int) string { return "x" }},
	{name: "broken JSON", body: func(n int) string { return "{" + strings.Repeat(`"a":`, n/4) }},
	{name: "JSON nested past the decoder's limit", body: func(n int) string { return strings.Repeat(`{"a":`, n/5) }},
	{name: "event detail: deep arrays, wide at the bottom", body: func(n int) string {
		d := min(n/4, 9000)
		return event(strings.Repeat("[", d) + strings.Repeat("0,", max(0, n/2-d)) + "0" + strings.Repeat("]", d))
	}},
	{name: "event detail: deep objects, wide at the bottom", body: func(n int) string {
		d := min(n/12, 9000)
		return event(strings.Repeat(`{"a":`, d) + "[" + strings.Repeat("0,", max(0, n/2-3*d)) + "0]" + strings.Repeat("}", d))
	}},
	{name: "event detail: long escaped string", body: func(n int) string { return event(`"` + strings.Repeat(`\"<>&\u00e9`, n/12) + `"`) }},
	{name: "event resources", body: func(n int) string {
		return `{"detail-type":"t","source":"s","resources":[` + strings.Repeat(`"arn:x",`, n/8) + `"arn:x"]}`
	}},
	{name: "custom description to escape", body: func(n int) string {
		return custom(`"description":"` + strings.Repeat(`<&>\"*_`, n/8) + `"`)
	}},
	{name: "custom next steps and keywords", body: func(n int) string {
		return custom(`"description":"d","nextSteps":[` + strings.Repeat(`"<a>",`, n/12) + `"x"],"keywords":[` + strings.Repeat(`"k",`, n/8) + `"k"]`)
	}},
	{name: "custom context fields", body: func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, `"k%d":"<v>",`, i)
		}
		return `{"version":"1.0","source":"custom","content":{"description":"d"},"metadata":{"additionalContext":{` + b.String() + `"z":"z"}}}`
	}},
	{name: "alarm with long values", body: func(n int) string {
		v := strings.Repeat("<é>", n/30)
		return `{"AlarmName":"` + v + `","NewStateValue":"ALARM","NewStateReason":"` + v + `","AlarmDescription":"` + v +
			`","Region":"` + v + `","Trigger":{"MetricName":"` + v + `","Namespace":"` + v + `"}}`
	}},
}

func event(detail string) string {
	return `{"version":"0","detail-type":"t","source":"s","region":"r","detail":` + detail + `}`
}

func custom(content string) string {
	return `{"version":"1.0","source":"custom","content":{` + content + `}}`
}

// TestRenderingWorkIsLinear decodes and renders messages of every shape
// above, from 4 KiB to 1 MiB, and counts the bytes allocated on the way and
// the bytes rendered: both must stay within a constant times the input,
// as a linear process does. (It counts work; it times nothing.) A detail
// nested thousands of levels deep once cost hundreds of megabytes for a
// few kilobytes of input, json.Indent's indentation of every value.
func TestRenderingWorkIsLinear(t *testing.T) {
	// Not parallel: the allocation count is the process's.
	const perByte, fixed = 128, 1 << 20
	for _, tc := range adversarial {
		t.Run(tc.name, func(t *testing.T) {
			for size := 4 << 10; size <= 1<<20; size *= 2 {
				subject, body := "s", tc.body(size)
				if tc.subject != nil {
					subject = tc.subject(size)
				}
				in := len(subject) + len(body)
				allocated, rendered := renderWork(t, subject, body)
				if allocated > perByte*in+fixed || rendered > perByte*in+fixed {
					t.Fatalf("%d bytes in: %d bytes allocated, %d rendered; want at most %d each",
						in, allocated, rendered, perByte*in+fixed)
				}
				if size == 1<<20 {
					t.Logf("%d bytes in: %d bytes allocated (%.1f a byte), %d rendered", in, allocated, float64(allocated)/float64(in), rendered)
				}
			}
		})
	}
}

// renderWork decodes a message, renders it for every platform as the
// gateway sends it, and returns the bytes allocated and rendered.
func renderWork(t *testing.T, subject, body string) (allocated, rendered int) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := render.Decode(subject, body)
	blocks, fallback := render.Slack(n)
	slackJSON, err := json.Marshal(slack.Blocks{BlockSet: blocks})
	if err != nil {
		t.Fatal(err)
	}
	rendered = len(slackJSON) + len(fallback) + len(render.Teams(n)) + len(render.Chime(n)) + len(render.Text(n))
	runtime.ReadMemStats(&after)
	return int(after.TotalAlloc - before.TotalAlloc), rendered
}

// BenchmarkDecodeDeepDetail decodes events whose detail nests 1,000, 2,000
// and 4,000 arrays: the work (B/op) follows the input's size, which doubles
// from one to the next.
func BenchmarkDecodeDeepDetail(b *testing.B) {
	for _, depth := range []int{1000, 2000, 4000} {
		body := event(strings.Repeat("[", depth) + strings.Repeat("]", depth))
		b.Run(fmt.Sprintf("depth=%d", depth), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				render.Decode("", body)
			}
		})
	}
}
