package iam

import (
	"errors"
	"testing"

	"github.com/chatgov/chatgov/internal/jsondoc"
)

// fullAWSAccess is the AWS managed SCP attached everywhere when SCPs are
// enabled.
const fullAWSAccess = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// blogSCP denies everything but two actions to sessions started from chat.
const blogSCP = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["ssm:StartAutomationExecution","lambda:InvokeFunction"],"Resource":"*","Condition":{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:chat-configuration/*"}}}]}`

const opsChannel = "arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops"

func mustParse(t testing.TB, kind Kind, doc string) *Policy {
	t.Helper()
	p, err := Parse(doc, kind)
	if err != nil {
		t.Fatalf("Parse(%s): %v", doc, err)
	}
	return p
}

func named(t testing.TB, id string, kind Kind, doc string) Named {
	t.Helper()
	return Named{ID: id, Name: id, Policy: mustParse(t, kind, doc)}
}

// problems returns the problems of a Parse error, failing the test when err
// is not a *jsondoc.Error.
func problems(t *testing.T, err error) []jsondoc.Problem {
	t.Helper()
	var je *jsondoc.Error
	if !errors.As(err, &je) {
		t.Fatalf("error %v (%T) is not a *jsondoc.Error", err, err)
	}
	return je.Problems
}

func request(action, resource string, ctx map[string][]string) Request {
	return Request{Action: action, Resource: resource, Context: NewContext(ctx)}
}

// decideBoth evaluates with Evaluate and Decide and fails when they
// disagree, so every decision test also checks the fast path.
func decideBoth(t *testing.T, policies []Named, req Request) Result {
	t.Helper()
	r := Evaluate(policies, req)
	if d := Decide(policies, req); d != r.Decision {
		t.Errorf("Decide = %v, Evaluate = %v", d, r.Decision)
	}
	return r
}
