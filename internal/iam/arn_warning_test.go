package iam

import (
	"strings"
	"testing"
)

// TestArnConditionWarnings checks the warning about Arn* values with
// fewer than six parts, which match no ARN on AWS.
func TestArnConditionWarnings(t *testing.T) {
	t.Parallel()
	doc := func(op, value string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"` + op + `":{"aws:ChatbotSourceArn":` + value + `}}}]}`
	}
	tests := []struct {
		name, doc string
		want      string // the warning's message prefix, "" for none
		at        string // its path
	}{
		{"five parts", doc("ArnLike", `"arn:aws:chatbot::*"`), `ArnLike value "arn:aws:chatbot::*" has 5 colon-separated parts, and an ARN has six (arn:partition:service:region:account:resource): it matches no ARN; did you mean "arn:aws:chatbot::*:*"?`,
			`$.Statement[0].Condition.ArnLike["aws:ChatbotSourceArn"]`},
		{"ArnEquals, in a list", doc("ArnEquals", `["arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops", "arn:aws:chatbot"]`), `ArnEquals value "arn:aws:chatbot" has 3`,
			`$.Statement[0].Condition.ArnEquals["aws:ChatbotSourceArn"][1]`},
		{"a lone star", doc("ArnNotLike", `"*"`), `ArnNotLike value "*" has 1 colon-separated part,`, `$.Statement[0].Condition.ArnNotLike["aws:ChatbotSourceArn"]`},
		{"IfExists", doc("ArnLikeIfExists", `"arn:aws:s3::"`), `ArnLikeIfExists value "arn:aws:s3::" has 5`, `$.Statement[0].Condition.ArnLikeIfExists["aws:ChatbotSourceArn"]`},
		{"six parts", doc("ArnLike", `"arn:aws:chatbot::*:*"`), "", ""},
		{"a resource with colons", doc("ArnLike", `"arn:aws:chatbot::*:chat-configuration/slack-channel/*"`), "", ""},
		{"a policy variable", doc("ArnEquals", `"${aws:PrincipalArn}"`), "", ""},
		{"StringLike is not an ARN test", doc("StringLike", `"arn:aws:chatbot::*"`), "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, kind := range []Kind{SCP, Identity} {
				p, err := Parse(tc.doc, kind)
				if err != nil {
					t.Fatalf("%v: a warning is not an error: %v", kind, err)
				}
				if tc.want == "" {
					if len(p.Warnings) != 0 {
						t.Errorf("%v: unexpected warnings %+v", kind, p.Warnings)
					}
					continue
				}
				if len(p.Warnings) != 1 || !strings.HasPrefix(p.Warnings[0].Message, tc.want) || p.Warnings[0].Path != tc.at ||
					p.Warnings[0].Code != CodeArnMatchesNothing || p.Warnings[0].Line != 1 {
					t.Errorf("%v: warnings %+v, want one at %s starting %q", kind, p.Warnings, tc.at, tc.want)
				}
			}
		})
	}
}
