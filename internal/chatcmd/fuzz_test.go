package chatcmd_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/chatgov/chatgov/internal/chatcmd"
)

// FuzzParse checks that Parse never panics, gives the same answer twice,
// reports errors as *Error pointing inside the text, and that a command it
// accepts renders to text it reads back to the same command.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"@aws lambda invoke --function-name f",
		"@aws rds delete-db-cluster --db-cluster-identifier prod --region us-east-1",
		"<@U0123> `ec2 stop-instances --instance-ids i-1 i-2 --dry-run`",
		`sns publish --message "a \"b\" “c”" --subject 'x y' --message-attributes=""`,
		"s3 cp --acl private 'my notes.txt' s3://b/in/ --recursive",
		"sqs purge-queue --queue-url <https://sqs.eu-west-1.amazonaws.com/1/q|https://sqs.eu-west-1.amazonaws.com/1/q>",
		"aws --region us-west-2 --output json ecs update-service --cluster c --service s",
		"dynamodb execute-statement --statement 'SELECT * FROM \"t\"'",
		"apigateway get-stage --rest-api-id a --stage-name b",
		"logs tail /aws/lambda/f --follow",
		"ec2 describe-instance",
		"lambda invoke --function-name 'oops",
		"sns publish --message a&amp;b&lt;c",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := chatcmd.Parse(text, env)
		c2, err2 := chatcmd.Parse(text, env)
		if !reflect.DeepEqual(c, c2) || !reflect.DeepEqual(err, err2) {
			t.Fatalf("two parses of %q differ", text)
		}
		if err != nil {
			var e *chatcmd.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not a *chatcmd.Error", err)
			}
			if e.Offset < 0 || e.Offset > len(text) || e.Message == "" {
				t.Fatalf("error %#v out of range for %q", e, text)
			}
			_ = e.Error()
			return
		}
		if c.Action == "" || len(c.Resources) == 0 {
			t.Fatalf("%q: command without action or resources: %#v", text, c)
		}
		s := c.String()
		again, err := chatcmd.Parse(s, env)
		if err != nil {
			t.Fatalf("%q renders as %q, which does not parse: %v", text, s, err)
		}
		again.Raw = c.Raw
		if !reflect.DeepEqual(c, again) {
			t.Fatalf("%q renders as %q, which reads back differently:\n got %#v\nwant %#v", text, s, again, c)
		}
	})
}
