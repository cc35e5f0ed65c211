package managed

import (
	"testing"

	"github.com/chatgov/chatgov/internal/iam"
)

// ReadOnlyAccess is the largest document held and the default role policy
// of chat channels, so it bounds the cost of a guardrail check. A request it
// does not allow is the worst case: every action pattern of every statement
// that shares the action's first letter is tried.
func BenchmarkReadOnlyAccess(b *testing.B) {
	p, ok := Lookup("ReadOnlyAccess")
	if !ok {
		b.Fatal("ReadOnlyAccess not held")
	}
	policies := []iam.Named{{ID: arnPrefix + "ReadOnlyAccess", Name: "ReadOnlyAccess", Policy: p}}
	for _, bc := range []struct {
		name string
		req  iam.Request
	}{
		{"allowed-early", iam.Request{Action: "cloudwatch:GetMetricData", Resource: "*"}},
		{"allowed-late", iam.Request{Action: "xray:GetTraceSummaries", Resource: "*"}},
		{"implicit-deny", iam.Request{Action: "ec2:TerminateInstances", Resource: "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc"}},
	} {
		b.Run("Decide/"+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				iam.Decide(policies, bc.req)
			}
		})
		b.Run("Evaluate/"+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				iam.Evaluate(policies, bc.req)
			}
		})
	}
}

// BenchmarkParseReadOnlyAccess is the one-time cost of the first Lookup.
func BenchmarkParseReadOnlyAccess(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse("ReadOnlyAccess"); err != nil {
			b.Fatal(err)
		}
	}
}
