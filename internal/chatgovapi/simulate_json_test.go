package chatgovapi

import (
	"bytes"
	"encoding/json"
	"testing"
)

func checkAppendJSON(t *testing.T, o SimulateChatCommandOutput) {
	t.Helper()
	want, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	if got := o.AppendJSON(nil); !bytes.Equal(got, want) {
		t.Fatalf("AppendJSON:\n got %s\nwant %s", got, want)
	}
}

// outputOf builds an output whose every string is s, with n of each list.
func outputOf(s string, n int) SimulateChatCommandOutput {
	o := SimulateChatCommandOutput{Command: Command{Action: s, Operation: s, Region: s, Service: s}, Decision: s}
	if n < 0 {
		return o
	}
	o.Command.Resources = []string{}
	o.Requests = []DecidedRequest{}
	for i := range n {
		o.Command.Resources = append(o.Command.Resources, s)
		r := DecidedRequest{Action: s, Decision: s, Resource: s, Gates: []Gate{}}
		for j := range n {
			g := Gate{Name: s, Outcome: s, Reason: s}
			for k := range j {
				g.Levels = append(g.Levels, Level{Decision: s, NodeID: s, NodeName: s, NodeType: s, Reason: s})
				g.Statements = append(g.Statements, Statement{Description: s, Effect: s, PolicyID: s, PolicyName: s, Sid: s[:k%(len(s)+1)],
					StatementIndex: k*1000 - i})
			}
			r.Gates = append(r.Gates, g)
		}
		o.Requests = append(o.Requests, r)
	}
	return o
}

func TestAppendJSONAsMarshal(t *testing.T) {
	for _, s := range []string{"", "plain", `q"b\s/`, "<a>&amp;", "\x00\x01\b\f\n\r\t\x1f\x7f", "caf\u00e9 \u2028\u2029 \U0001F600",
		"bad \xff\xfe utf8 \xe2\x82", "arn:aws:chatbot::111111111111:chat-configuration/slack-channel/x"} {
		for _, n := range []int{-1, 0, 1, 3} {
			checkAppendJSON(t, outputOf(s, n))
		}
	}
	checkAppendJSON(t, SimulateChatCommandOutput{Requests: []DecidedRequest{{Gates: nil}, {Gates: []Gate{{Levels: []Level{}, Statements: []Statement{}}}}}})
}

func FuzzAppendJSONAsMarshal(f *testing.F) {
	f.Add("arn:aws:chatbot::1:x", 2)
	f.Add("<\u2028\xff>", 1)
	f.Fuzz(func(t *testing.T, s string, n int) {
		checkAppendJSON(t, outputOf(s, n%4))
	})
}
