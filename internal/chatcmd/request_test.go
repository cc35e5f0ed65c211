package chatcmd_test

import (
	"slices"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/chatcmd"
	"github.com/chatgov/chatgov/internal/iam"
)

const configARN = "arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops"

func TestRequests(t *testing.T) {
	t.Parallel()
	c, err := chatcmd.Parse("ec2 stop-instances --instance-ids i-1 i-2 --region us-east-2", env)
	if err != nil {
		t.Fatal(err)
	}
	caller := chatcmd.Caller{
		ConfigurationARN: configARN,
		RoleARN:          "arn:aws:iam::111122223333:role/chat-ops",
		OrganizationID:   "o-abcdefghij",
		Time:             time.Date(2025, 3, 4, 5, 6, 7, 0, time.FixedZone("x", 3600)),
	}
	reqs := c.Requests(caller)
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want one per instance", len(reqs))
	}
	if reqs[0].Resource != "arn:aws:ec2:us-east-2:111122223333:instance/i-1" || reqs[1].Action != "ec2:StopInstances" {
		t.Errorf("requests %+v", reqs)
	}
	want := map[string]string{
		"aws:ChatbotSourceArn": configARN,
		"aws:PrincipalArn":     "arn:aws:iam::111122223333:role/chat-ops",
		"aws:PrincipalType":    "AssumedRole",
		"aws:PrincipalAccount": "111122223333",
		"aws:PrincipalOrgID":   "o-abcdefghij",
		"aws:RequestedRegion":  "us-east-2",
		"aws:CurrentTime":      "2025-03-04T04:06:07Z",
		"aws:EpochTime":        "1741061167",
		"aws:SecureTransport":  "true",
	}
	ctx := reqs[1].Context
	if ctx.Len() != len(want) {
		t.Errorf("context keys %q, want %d", ctx.Names(), len(want))
	}
	for k, v := range want {
		if got, ok := ctx.Get(k); !ok || !slices.Equal(got, []string{v}) {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

// Unknown facts stay out of the context, so conditions see absent keys.
func TestRequestsLeaveOutUnknowns(t *testing.T) {
	t.Parallel()
	c, err := chatcmd.Parse("ec2 describe-instances", chatcmd.Env{})
	if err != nil {
		t.Fatal(err)
	}
	reqs := c.Requests(chatcmd.Caller{})
	if len(reqs) != 1 || reqs[0].Resource != "*" {
		t.Fatalf("requests %+v", reqs)
	}
	for _, k := range []string{"aws:ChatbotSourceArn", "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:RequestedRegion", "aws:CurrentTime", "aws:EpochTime"} {
		if _, ok := reqs[0].Context.Get(k); ok {
			t.Errorf("%s is set", k)
		}
	}
}

// The requests feed the IAM engine: an SCP that lets chat sessions run only
// automation and Lambda denies a cluster deletion from chat, allows an
// invocation from chat, and leaves the CLI alone.
func TestRequestsAgainstSCP(t *testing.T) {
	t.Parallel()
	scp, err := iam.Parse(`{"Version":"2012-10-17","Statement":[
	  {"Effect":"Allow","Action":"*","Resource":"*"},
	  {"Effect":"Deny","NotAction":["ssm:StartAutomationExecution","lambda:InvokeFunction"],"Resource":"*",
	   "Condition":{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:chat-configuration/*"}}},
	  {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}},
	  {"Effect":"Deny","Action":"lambda:*","Resource":"arn:aws:lambda:*:*:function:prod-*"}]}`, iam.SCP)
	if err != nil {
		t.Fatal(err)
	}
	policies := []iam.Named{{ID: "p-1", Policy: scp}}
	chat := chatcmd.Caller{ConfigurationARN: configARN, Time: time.Unix(1700000000, 0)}
	for _, tt := range []struct {
		text   string
		caller chatcmd.Caller
		want   iam.Decision
	}{
		{"rds delete-db-cluster --db-cluster-identifier prod", chat, iam.ExplicitDeny},
		{"rds delete-db-cluster --db-cluster-identifier prod", chatcmd.Caller{}, iam.Allow},
		{"lambda invoke --function-name f", chat, iam.Allow},
		{"lambda invoke --function-name f --region ap-south-1", chat, iam.ExplicitDeny},
		{"lambda invoke --function-name prod-billing", chat, iam.ExplicitDeny},
		{"ssm start-automation-execution --document-name AWS-RestartEC2Instance", chat, iam.Allow},
	} {
		c, err := chatcmd.Parse(tt.text, env)
		if err != nil {
			t.Fatal(err)
		}
		for _, req := range c.Requests(tt.caller) {
			if got := iam.Decide(policies, req); got != tt.want {
				t.Errorf("%s (%s on %s): %s, want %s", tt.text, req.Action, req.Resource, got, tt.want)
			}
		}
	}
}
