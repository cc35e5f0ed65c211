package awsapi

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/awsapi/orgswire"
)

func checkEffectiveAsMarshal(t *testing.T, r orgswire.DescribeEffectivePolicyResponse) {
	t.Helper()
	want, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // escaped, then from the cache
		if got := appendEffectivePolicy(nil, r); !bytes.Equal(got, want) {
			t.Fatalf("appendEffectivePolicy:\n got %s\nwant %s", got, want)
		}
	}
}

func TestAppendEffectivePolicyAsMarshal(t *testing.T) {
	times := []time.Time{{}, time.Date(2026, 12, 5, 6, 0, 0, 123456789, time.UTC), time.Unix(1700000000, 0)}
	for _, ts := range times {
		for _, c := range []string{"", `{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"enabled"}}}}}`, "<&>\u2028\xff\n\t\"\\"} {
			checkEffectiveAsMarshal(t, orgswire.DescribeEffectivePolicyResponse{EffectivePolicy: orgswire.EffectivePolicy{
				LastUpdatedTimestamp: orgswire.Epoch(ts), PolicyContent: c, PolicyType: "CHATBOT_POLICY", TargetID: "111111111111"}})
		}
	}
}

func FuzzAppendEffectivePolicyAsMarshal(f *testing.F) {
	f.Add(`{"a":"<b>"}`, "CHATBOT_POLICY", "111111111111", int64(1700000000123))
	f.Fuzz(func(t *testing.T, content, typ, target string, ms int64) {
		ts := time.UnixMilli(ms % 253402300799000)
		checkEffectiveAsMarshal(t, orgswire.DescribeEffectivePolicyResponse{EffectivePolicy: orgswire.EffectivePolicy{
			LastUpdatedTimestamp: orgswire.Epoch(ts), PolicyContent: content, PolicyType: typ, TargetID: target}})
	})
}
