package managed_test

import (
	"fmt"

	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/iam/managed"
)

// A channel guardrail names ReadOnlyAccess by ARN: describing instances from
// chat is allowed, terminating them is not.
func ExampleLookup() {
	const guardrail = "arn:aws:iam::aws:policy/ReadOnlyAccess"
	p, ok := managed.Lookup(guardrail)
	if !ok {
		panic("unknown managed policy")
	}
	policies := []iam.Named{{ID: guardrail, Name: "ReadOnlyAccess", Policy: p}}
	for _, action := range []string{"ec2:DescribeInstances", "ec2:TerminateInstances"} {
		d := iam.Decide(policies, iam.Request{Action: action, Resource: "*"})
		fmt.Println(action, d)
	}
	fmt.Println(managed.Version("ReadOnlyAccess"))
	// Output:
	// ec2:DescribeInstances allowed
	// ec2:TerminateInstances implicitDeny
	// v186
}
