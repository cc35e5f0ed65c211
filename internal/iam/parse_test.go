package iam

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// where is the part of a problem these tests pin down: the path and code.
type where struct {
	Path string
	Code jsondoc.Code
}

func wheres(ps []jsondoc.Problem) []where {
	out := make([]where, len(ps))
	for i, p := range ps {
		out[i] = where{p.Path, p.Code}
	}
	return out
}

func TestParseValid(t *testing.T) {
	t.Parallel()
	p := mustParse(t, SCP, blogSCP)
	want := []Statement{{
		Effect:    EffectDeny,
		Actions:   []string{"ssm:StartAutomationExecution", "lambda:InvokeFunction"},
		NotAction: true,
		Resources: []string{"*"},
		Conditions: []Condition{{
			Operator: "ArnLike",
			Key:      "aws:ChatbotSourceArn",
			Values:   []string{"arn:aws:chatbot::*:chat-configuration/*"},
		}},
	}}
	if p.Version != Version2012 || p.Kind != SCP || p.Size != len(blogSCP) {
		t.Errorf("Version %q, Kind %v, Size %d", p.Version, p.Kind, p.Size)
	}
	if diff := cmp.Diff(want, p.Statements, cmpopts.IgnoreUnexported(Statement{}, Condition{})); diff != "" {
		t.Errorf("statements (-want +got):\n%s", diff)
	}

	// One statement object, no Version, an Id, numbers and booleans as
	// condition values.
	p = mustParse(t, Identity, `{"Id":"x","Statement":{"Sid":"S1","Effect":"Allow","Action":"s3:Get*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],`+
		`"Condition":{"NumericLessThan":{"s3:max-keys":[10,"20"]},"Bool":{"aws:SecureTransport":true}}}}`)
	if p.Version != "" || p.ID != "x" || len(p.Statements) != 1 || p.Statements[0].Sid != "S1" {
		t.Errorf("got %+v", p)
	}
	if got := p.Statements[0].Conditions[0].Values; !cmp.Equal(got, []string{"10", "20"}) {
		t.Errorf("numeric values %q", got)
	}
	if got := p.Statements[0].Conditions[1].Values; !cmp.Equal(got, []string{"true"}) {
		t.Errorf("bool values %q", got)
	}
}

func TestParseProblems(t *testing.T) {
	t.Parallel()
	const ok = `"Effect":"Allow","Action":"*","Resource":"*"`
	tests := []struct {
		name string
		kind Kind
		doc  string
		want []where
	}{
		{"not an object", SCP, `[]`, []where{{"$", CodeWrongType}}},
		{"syntax error stops", SCP, `{"Statement":`, []where{{"$.Statement", jsondoc.CodeSyntax}}},
		{"no Statement", SCP, `{"Version":"2012-10-17"}`, []where{{"$.Statement", CodeMissing}}},
		{"empty Statement list", SCP, `{"Statement":[]}`, []where{{"$.Statement", CodeInvalidValue}}},
		{"Statement of wrong type", SCP, `{"Statement":"Allow"}`, []where{{"$.Statement", CodeWrongType}}},
		{"statement of wrong type", SCP, `{"Statement":[{` + ok + `},7]}`, []where{{"$.Statement[1]", CodeWrongType}}},
		{"unknown Version", SCP, `{"Version":"2024-01-01","Statement":{` + ok + `}}`, []where{{"$.Version", CodeInvalidValue}}},
		{"Version of wrong type", SCP, `{"Version":2012,"Statement":{` + ok + `}}`, []where{{"$.Version", CodeWrongType}}},
		{"unknown top-level key", SCP, `{"statement":{` + ok + `},"Statement":{` + ok + `}}`, []where{{"$.statement", CodeUnknownKey}}},
		{"unknown statement key", SCP, `{"Statement":{` + ok + `,"Resources":"*"}}`, []where{{"$.Statement.Resources", CodeUnknownKey}}},
		{"no Effect", SCP, `{"Statement":{"Action":"*","Resource":"*"}}`, []where{{"$.Statement.Effect", CodeMissing}}},
		{"Effect in lower case", SCP, `{"Statement":{"Effect":"allow","Action":"*","Resource":"*"}}`, []where{{"$.Statement.Effect", CodeInvalidValue}}},
		{"Action and NotAction", SCP, `{"Statement":{` + ok + `,"NotAction":"s3:*"}}`, []where{{"$.Statement.NotAction", CodeConflict}}},
		{"neither Action nor NotAction", SCP, `{"Statement":{"Effect":"Allow","Resource":"*"}}`, []where{{"$.Statement.Action", CodeMissing}}},
		{"neither Resource nor NotResource", SCP, `{"Statement":{"Effect":"Allow","Action":"*"}}`, []where{{"$.Statement.Resource", CodeMissing}}},
		{"Resource and NotResource", SCP, `{"Statement":{` + ok + `,"NotResource":"*"}}`, []where{{"$.Statement.NotResource", CodeConflict}}},
		{"empty Action list", SCP, `{"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}`, []where{{"$.Statement.Action", CodeInvalidValue}}},
		{"action without service", SCP, `{"Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}`, []where{{"$.Statement.Action", CodeInvalidValue}}},
		{"action with a space", SCP, `{"Statement":{"Effect":"Allow","Action":["s3:*","s3:Get Object"],"Resource":"*"}}`, []where{{"$.Statement.Action[1]", CodeInvalidValue}}},
		{"action of wrong type", SCP, `{"Statement":{"Effect":"Allow","Action":["s3:*",1],"Resource":"*"}}`, []where{{"$.Statement.Action[1]", CodeWrongType}}},
		{"resource not an ARN", SCP, `{"Statement":{"Effect":"Allow","Action":"*","Resource":"bucket"}}`, []where{{"$.Statement.Resource", CodeInvalidValue}}},
		{"resource too short", SCP, `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3"}}`, []where{{"$.Statement.Resource", CodeInvalidValue}}},
		{"resource with wildcard service", SCP, `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s*:::b"}}`, []where{{"$.Statement.Resource", CodeInvalidValue}}},
		{"resource with unclosed variable", SCP, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username"}}`, []where{{"$.Statement.Resource", CodeInvalidValue}}},
		{"bad Sid", SCP, `{"Statement":{"Sid":"no-dashes",` + ok + `}}`, []where{{"$.Statement.Sid", CodeInvalidValue}}},
		{"duplicate Sid", SCP, `{"Statement":[{"Sid":"A",` + ok + `},{"Sid":"B",` + ok + `},{"Sid":"A",` + ok + `}]}`, []where{{"$.Statement[2].Sid", CodeDuplicateSid}}},
		{"Principal in an SCP", SCP, `{"Statement":{` + ok + `,"Principal":"*"}}`, []where{{"$.Statement.Principal", CodeUnsupported}}},
		{"NotPrincipal in an identity policy", Identity, `{"Statement":{` + ok + `,"NotPrincipal":{"AWS":"*"}}}`, []where{{"$.Statement.NotPrincipal", CodeUnsupported}}},
		{"RCP without Principal", RCP, `{"Statement":{` + ok + `}}`, []where{{"$.Statement.Principal", CodeMissing}}},
		{"RCP with a specific Principal", RCP, `{"Statement":{` + ok + `,"Principal":{"AWS":"arn:aws:iam::1:root"}}}`, []where{{"$.Statement.Principal", CodeInvalidValue}}},
		{"Condition of wrong type", SCP, `{"Statement":{` + ok + `,"Condition":[]}}`, []where{{"$.Statement.Condition", CodeWrongType}}},
		{"unknown operator", SCP, `{"Statement":{` + ok + `,"Condition":{"StringEqual":{"a:b":"c"}}}}`, []where{{"$.Statement.Condition.StringEqual", CodeUnknownConditionOperator}}},
		{"operator in wrong case", SCP, `{"Statement":{` + ok + `,"Condition":{"stringEquals":{"a:b":"c"}}}}`, []where{{"$.Statement.Condition.stringEquals", CodeUnknownConditionOperator}}},
		{"Null with IfExists", SCP, `{"Statement":{` + ok + `,"Condition":{"NullIfExists":{"a:b":"true"}}}}`, []where{{"$.Statement.Condition.NullIfExists", CodeUnknownConditionOperator}}},
		{"operator block of wrong type", SCP, `{"Statement":{` + ok + `,"Condition":{"StringEquals":"a"}}}`, []where{{"$.Statement.Condition.StringEquals", CodeWrongType}}},
		{"condition value null", SCP, `{"Statement":{` + ok + `,"Condition":{"StringEquals":{"a:b":null}}}}`, []where{{`$.Statement.Condition.StringEquals["a:b"]`, CodeWrongType}}},
		{"condition value object", SCP, `{"Statement":{` + ok + `,"Condition":{"StringEquals":{"a:b":["x",{}]}}}}`, []where{{`$.Statement.Condition.StringEquals["a:b"][1]`, CodeWrongType}}},
		{"empty condition value list", SCP, `{"Statement":{` + ok + `,"Condition":{"StringEquals":{"a:b":[]}}}}`, []where{{`$.Statement.Condition.StringEquals["a:b"]`, CodeInvalidValue}}},
		{"not a number", SCP, `{"Statement":{` + ok + `,"Condition":{"NumericLessThan":{"a:b":"ten"}}}}`, []where{{`$.Statement.Condition.NumericLessThan["a:b"]`, CodeInvalidValue}}},
		{"not a date", SCP, `{"Statement":{` + ok + `,"Condition":{"DateLessThan":{"a:b":"01/02/2025"}}}}`, []where{{`$.Statement.Condition.DateLessThan["a:b"]`, CodeInvalidValue}}},
		{"not a boolean", SCP, `{"Statement":{` + ok + `,"Condition":{"Bool":{"a:b":"yes"}}}}`, []where{{`$.Statement.Condition.Bool["a:b"]`, CodeInvalidValue}}},
		{"not base64", SCP, `{"Statement":{` + ok + `,"Condition":{"BinaryEquals":{"a:b":"***"}}}}`, []where{{`$.Statement.Condition.BinaryEquals["a:b"]`, CodeInvalidValue}}},
		{"not a CIDR", SCP, `{"Statement":{` + ok + `,"Condition":{"IpAddress":{"a:b":["10.0.0.0/8","10.0.0.300/8"]}}}}`, []where{{`$.Statement.Condition.IpAddress["a:b"][1]`, CodeInvalidValue}}},
		{"Null takes booleans", SCP, `{"Statement":{` + ok + `,"Condition":{"Null":{"a:b":"maybe"}}}}`, []where{{`$.Statement.Condition.Null["a:b"]`, CodeInvalidValue}}},
		{"empty condition key", SCP, `{"Statement":{` + ok + `,"Condition":{"StringEquals":{"":"x"}}}}`, []where{{`$.Statement.Condition.StringEquals[""]`, CodeInvalidValue}}},
		{"malformed variable in a condition", SCP, `{"Version":"2012-10-17","Statement":{` + ok + `,"Condition":{"StringLike":{"a:b":"${x, y}"}}}}`, []where{{`$.Statement.Condition.StringLike["a:b"]`, CodeInvalidValue}}},
		{"duplicate key passes through", SCP, `{"Statement":{` + ok + `,"Effect":"Deny"}}`, []where{{"$.Statement.Effect", jsondoc.CodeDuplicateKey}}},
		{"trailing comma passes through", SCP, `{"Statement":[{` + ok + `},]}`, []where{{"$.Statement", jsondoc.CodeTrailingComma}}},
		{"unknown kind", Kind(0), fullAWSAccess, []where{{"$", CodeInvalidValue}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse(tt.doc, tt.kind)
			if err == nil {
				t.Fatalf("Parse accepted %s: %+v", tt.doc, p)
			}
			if p != nil {
				t.Errorf("Parse returned a policy along with an error")
			}
			if diff := cmp.Diff(tt.want, wheres(problems(t, err))); diff != "" {
				t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}

// TestParseReportsEveryProblem checks that one bad document yields all of
// its problems, in document order, with positions.
func TestParseReportsEveryProblem(t *testing.T) {
	t.Parallel()
	doc := `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Fine", "Effect": "Allow", "Action": "*", "Resource": "*"},
    {
      "Sid": "bad sid",
      "Effect": "Permit",
      "Action": ["s3:GetObject", 5],
      "Resource": "my-bucket",
      "Condition": {
        "StringEquals": {"aws:username": {"name": "alice"}},
        "StringEqualz": {"aws:username": "alice"},
        "NumericLessThan": {"s3:max-keys": "ten"}
      },
      "Principal": "*",
      "Effect": "Deny"
    }
  ],
  "Extra": true,
}`
	_, err := Parse(doc, SCP)
	got := problems(t, err)
	want := []where{
		{"$.Statement[1].Sid", CodeInvalidValue},
		{"$.Statement[1].Effect", CodeInvalidValue},
		{"$.Statement[1].Action[1]", CodeWrongType},
		{"$.Statement[1].Resource", CodeInvalidValue},
		{`$.Statement[1].Condition.StringEquals["aws:username"]`, CodeWrongType},
		{"$.Statement[1].Condition.StringEqualz", CodeUnknownConditionOperator},
		{`$.Statement[1].Condition.NumericLessThan["s3:max-keys"]`, CodeInvalidValue},
		{"$.Statement[1].Principal", CodeUnsupported},
		{"$.Statement[1].Effect", jsondoc.CodeDuplicateKey},
		{"$.Extra", CodeUnknownKey},
		{"$", jsondoc.CodeTrailingComma},
	}
	if diff := cmp.Diff(want, wheres(got)); diff != "" {
		t.Fatalf("problems (-want +got):\n%s\n%v", diff, err)
	}
	// Positions point at the offending value.
	if p := got[1]; p.Line != 7 || p.Column != 17 {
		t.Errorf("Effect problem at %d:%d, want 7:17", p.Line, p.Column)
	}
	if !strings.Contains(got[5].Message, `"StringEqualz"`) {
		t.Errorf("message %q does not name the operator", got[5].Message)
	}
	if !strings.Contains(got[1].Message, `"Permit"`) {
		t.Errorf("message %q does not quote the bad value", got[1].Message)
	}
}

func TestParseHints(t *testing.T) {
	t.Parallel()
	_, err := Parse(`{"Statement":{"effect":"Allow","Action":"*","Resource":"*","Condition":{"stringequals":{"a:b":"c"}}}}`, SCP)
	msgs := fmt.Sprint(problems(t, err))
	for _, hint := range []string{`did you mean "Effect"?`, `did you mean "StringEquals"?`} {
		if !strings.Contains(msgs, hint) {
			t.Errorf("problems %s lack the hint %s", msgs, hint)
		}
	}
}

// padded returns a valid document of exactly n characters, padding with
// white space, or with a long Sid when sid is set.
func padded(t *testing.T, n int, sid bool) string {
	t.Helper()
	return paddedWith(`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"`, n, sid)
}

func paddedWith(head string, n int, sid bool) string {
	const tail = `}}`
	if sid {
		const sidHead, sidTail = `,"Sid":"`, `"`
		fill := n - len(head) - len(tail) - len(sidHead) - len(sidTail)
		return head + sidHead + strings.Repeat("A", fill) + sidTail + tail
	}
	return head + strings.Repeat(" ", n-len(head)-len(tail)) + tail
}

func TestSizeLimits(t *testing.T) {
	t.Parallel()
	const rcpHead = `{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"`
	tests := []struct {
		name string
		kind Kind
		doc  string
		ok   bool
	}{
		{"SCP at the limit", SCP, padded(t, 10240, false), true},
		{"SCP over the limit", SCP, padded(t, 10241, false), false},
		{"RCP at the limit", RCP, paddedWith(rcpHead, 5120, false), true},
		{"RCP over the limit", RCP, paddedWith(rcpHead, 5121, false), false},
		{"identity policy white space does not count", Identity, padded(t, 20000, false), true},
		{"identity policy at the limit", Identity, padded(t, 6144, true), true},
		{"identity policy over the limit", Identity, padded(t, 6145, true), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.doc, tt.kind)
			if tt.ok {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			if diff := cmp.Diff([]where{{"$", CodeSizeLimitExceeded}}, wheres(problems(t, err))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if _, err := ParseManaged(tt.doc, tt.kind); err != nil {
				t.Errorf("ParseManaged applied the size limit: %v", err)
			}
		})
	}
	// Characters, not bytes: 10,240 multi-byte characters fit an SCP.
	const head, tail = `{"Id":"`, `","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`
	doc := head + strings.Repeat("é", 10240-len(head)-len(tail)) + tail
	if _, err := Parse(doc, SCP); err != nil {
		t.Errorf("an SCP of 10,240 characters (%d bytes): %v", len(doc), err)
	}
}

func TestParseRCP(t *testing.T) {
	t.Parallel()
	p := mustParse(t, RCP, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)
	set := []Named{{Policy: p}}
	if d := Decide(set, request("s3:GetObject", "arn:aws:s3:::b/k", ctxMap{"aws:SecureTransport": {"false"}})); d != ExplicitDeny {
		t.Errorf("insecure transport: %v, want explicitDeny", d)
	}
}
