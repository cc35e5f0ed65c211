package chatcmd_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/chatcmd"
)

var env = chatcmd.Env{AccountID: "111122223333", DefaultRegion: "eu-west-1"}

// want is what a test checks of a parsed command; nil fields are not
// checked.
type want struct {
	service, cliOp, op, action, region string
	resources                          []string
	params                             map[string][]string
	args                               []string
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       want
	}{
		// The examples of the brief.
		{"lambda invoke", "@aws lambda invoke --function-name f", want{
			service: "lambda", cliOp: "invoke", op: "Invoke", action: "lambda:InvokeFunction", region: "eu-west-1",
			resources: []string{"arn:aws:lambda:eu-west-1:111122223333:function:f"},
			params:    map[string][]string{"function-name": {"f"}},
		}},
		{"rds delete cluster", "@aws rds delete-db-cluster --db-cluster-identifier prod --region us-east-1", want{
			op: "DeleteDBCluster", action: "rds:DeleteDBCluster", region: "us-east-1",
			resources: []string{"arn:aws:rds:us-east-1:111122223333:cluster:prod"},
			params:    map[string][]string{"db-cluster-identifier": {"prod"}},
		}},
		{"ec2 describe", "@aws ec2 describe-instances", want{
			op: "DescribeInstances", action: "ec2:DescribeInstances", resources: []string{"*"},
		}},
		{"ssm automation", "@aws ssm start-automation-execution --document-name AWS-RestartEC2Instance", want{
			action:    "ssm:StartAutomationExecution",
			resources: []string{"arn:aws:ssm:eu-west-1::automation-definition/AWS-RestartEC2Instance:$DEFAULT"},
		}},
		{"ssm own automation at a version", "ssm start-automation-execution --document-name Restart --document-version 3", want{
			resources: []string{"arn:aws:ssm:eu-west-1:111122223333:automation-definition/Restart:3"},
		}},

		// Prefixes and white space.
		{"aws prefix", "aws ec2 describe-vpcs", want{op: "DescribeVpcs"}},
		{"no prefix", "ec2 describe-vpcs", want{op: "DescribeVpcs"}},
		{"mention and aws", "@aws aws ec2 describe-vpcs", want{op: "DescribeVpcs"}},
		{"slack mention", "<@U0123ABCD> ec2 describe-vpcs", want{op: "DescribeVpcs"}},
		{"amazon q mention", "@Amazon Q ec2 describe-vpcs", want{op: "DescribeVpcs"}},
		{"surrounding space", " \t @aws  ec2   describe-vpcs \n", want{op: "DescribeVpcs"}},
		{"non-breaking space", "@aws\u00a0ec2\u00a0describe-vpcs", want{op: "DescribeVpcs"}},
		{"code span", "@aws `ec2 describe-vpcs`", want{op: "DescribeVpcs"}},
		{"code block", "```aws ec2 describe-vpcs```", want{op: "DescribeVpcs"}},
		{"letter case", "@AWS EC2 Describe-Vpcs", want{service: "ec2", cliOp: "describe-vpcs", op: "DescribeVpcs"}},

		// Irregular names and IAM prefixes.
		{"list-functions", "lambda list-functions", want{op: "ListFunctions", action: "lambda:ListFunctions"}},
		{"db instances", "rds describe-db-instances", want{op: "DescribeDBInstances", action: "rds:DescribeDBInstances"}},
		{"elbv2", "elbv2 describe-load-balancers", want{action: "elasticloadbalancing:DescribeLoadBalancers"}},
		{"stepfunctions", "stepfunctions list-state-machines", want{action: "states:ListStateMachines"}},
		{"states alias", "states list-state-machines", want{service: "stepfunctions", action: "states:ListStateMachines"}},
		{"cloudwatch", "cloudwatch describe-alarms", want{action: "cloudwatch:DescribeAlarms"}},
		{"sesv2", "sesv2 get-account", want{action: "ses:GetAccount"}},
		{"codedeploy alias", "codedeploy list-applications", want{service: "deploy", action: "codedeploy:ListApplications"}},
		{"config alias", "config describe-config-rules", want{service: "configservice", action: "config:DescribeConfigRules"}},
		{"logs", "logs describe-log-groups", want{action: "logs:DescribeLogGroups"}},
		{"events", "events list-rules", want{action: "events:ListRules"}},
		{"es", "es list-domain-names", want{action: "es:ListDomainNames"}},
		{"application-autoscaling", "application-autoscaling describe-scalable-targets --service-namespace ecs",
			want{action: "application-autoscaling:DescribeScalableTargets"}},
		{"resource explorer", "resource-explorer-2 search --query-string ec2", want{action: "resource-explorer-2:Search"}},
		{"s3api list-buckets", "s3api list-buckets", want{op: "ListBuckets", action: "s3:ListAllMyBuckets"}},
		{"s3api head-object", "s3api head-object --bucket b --key k", want{
			op: "HeadObject", action: "s3:GetObject", resources: []string{"arn:aws:s3:::b/k"},
		}},
		{"s3api list-objects-v2", "s3api list-objects-v2 --bucket b", want{action: "s3:ListBucket", resources: []string{"arn:aws:s3:::b"}}},
		{"sqs batch", "sqs send-message-batch --queue-url https://sqs.us-east-2.amazonaws.com/444455556666/jobs --entries x",
			want{action: "sqs:SendMessage", resources: []string{"arn:aws:sqs:us-east-2:444455556666:jobs"}}},
		{"apigateway", "apigateway get-rest-api --rest-api-id a1b2", want{
			action: "apigateway:GET", resources: []string{"arn:aws:apigateway:eu-west-1::/restapis/a1b2"},
		}},
		{"apigateway list", "apigateway get-rest-apis", want{resources: []string{"arn:aws:apigateway:eu-west-1::/restapis"}}},
		{"apigateway missing id", "apigateway delete-stage --rest-api-id a1b2", want{action: "apigateway:DELETE", resources: []string{"*"}}},
		{"partiql", `dynamodb execute-statement --statement 'UPDATE "orders" SET s=1 WHERE id=2'`, want{
			action: "dynamodb:PartiQLUpdate", resources: []string{"arn:aws:dynamodb:eu-west-1:111122223333:table/orders"},
		}},
		{"rds cli-only command", "rds add-option-to-option-group --option-group-name og1 --options x",
			want{op: "ModifyOptionGroup", action: "rds:ModifyOptionGroup", resources: []string{"arn:aws:rds:eu-west-1:111122223333:og:og1"}}},

		// Quoting.
		{"double quotes", `sns publish --topic-arn arn:aws:sns:eu-west-1:111122223333:t --message "deploy done"`, want{
			params:    map[string][]string{"topic-arn": {"arn:aws:sns:eu-west-1:111122223333:t"}, "message": {"deploy done"}},
			resources: []string{"arn:aws:sns:eu-west-1:111122223333:t"},
		}},
		{"single quotes", `sns publish --message 'it said "hi"'`, want{params: map[string][]string{"message": {`it said "hi"`}}}},
		{"escapes", `sns publish --message "a \"b\" c\\d \e"`, want{params: map[string][]string{"message": {`a "b" c\d \e`}}}},
		{"smart quotes", "sns publish --message “hello world” --subject ‘s t’", want{
			params: map[string][]string{"message": {"hello world"}, "subject": {"s t"}},
		}},
		{"empty value", `sns publish --message ""`, want{params: map[string][]string{"message": {""}}}},
		{"quoted option-like value", `sns publish --message "--not-an-option"`, want{params: map[string][]string{"message": {"--not-an-option"}}}},
		{"bare json", `lambda invoke --function-name f --payload {"k":"v"}`, want{
			params: map[string][]string{"function-name": {"f"}, "payload": {`{"k":"v"}`}},
		}},
		{"quote joins the word", `sns publish --message "a b"c`, want{params: map[string][]string{"message": {"a bc"}}}},

		// = forms, lists and flags.
		{"equals", "lambda get-function --function-name=f", want{params: map[string][]string{"function-name": {"f"}}}},
		{"equals quoted", `lambda get-function --function-name="f g"`, want{params: map[string][]string{"function-name": {"f g"}}}},
		{"equals empty", "lambda get-function --function-name=", want{params: map[string][]string{"function-name": {""}}, resources: []string{"*"}}},
		{"equals keeps later =", "ec2 describe-instances --filters=Name=tag:env,Values=prod", want{
			params: map[string][]string{"filters": {"Name=tag:env,Values=prod"}},
		}},
		{"list", "ec2 stop-instances --instance-ids i-1 i-2", want{
			params: map[string][]string{"instance-ids": {"i-1", "i-2"}},
			resources: []string{
				"arn:aws:ec2:eu-west-1:111122223333:instance/i-1",
				"arn:aws:ec2:eu-west-1:111122223333:instance/i-2",
			},
		}},
		{"repeated option", "ec2 stop-instances --instance-ids i-1 --instance-ids i-2", want{
			params: map[string][]string{"instance-ids": {"i-1", "i-2"}},
		}},
		{"flags", "ec2 stop-instances --dry-run --instance-ids i-1 --no-force", want{
			params: map[string][]string{"dry-run": nil, "instance-ids": {"i-1"}, "no-force": nil},
		}},
		{"flag with equals", "ec2 stop-instances --instance-ids i-1 --dry-run=true", want{
			params: map[string][]string{"dry-run": {"true"}, "instance-ids": {"i-1"}},
		}},
		{"boolean parameter", "rds delete-db-cluster --db-cluster-identifier prod --skip-final-snapshot", want{
			params: map[string][]string{"db-cluster-identifier": {"prod"}, "skip-final-snapshot": nil},
		}},

		// Regions and global options.
		{"default region", "lambda list-functions", want{region: "eu-west-1"}},
		{"region before service", "aws --region us-west-2 lambda list-functions", want{region: "us-west-2"}},
		{"region equals", "lambda list-functions --region=ap-southeast-2", want{region: "ap-southeast-2"}},
		{"gov region", "lambda list-functions --region us-gov-west-1", want{region: "us-gov-west-1"}},
		{"global service", "iam list-roles --region eu-central-1", want{region: "us-east-1", action: "iam:ListRoles"}},
		{"cloudfront is global", "cloudfront create-invalidation --distribution-id E1 --invalidation-batch x", want{
			region: "us-east-1", resources: []string{"arn:aws:cloudfront::111122223333:distribution/E1"},
		}},
		{"ignored globals", "ec2 describe-instances --output json --query 'Reservations[].Instances[]' --profile p --no-cli-pager --debug --max-items 5",
			want{params: map[string][]string{}}},

		// Resources.
		{"lambda arn", "lambda invoke --function-name arn:aws:lambda:us-west-2:444455556666:function:g", want{
			resources: []string{"arn:aws:lambda:us-west-2:444455556666:function:g"},
		}},
		{"lambda partial arn", "lambda invoke --function-name 444455556666:function:g:prod", want{
			resources: []string{"arn:aws:lambda:eu-west-1:444455556666:function:g:prod"},
		}},
		{"lambda outfile", "lambda invoke --function-name f out.json", want{
			args: []string{"out.json"}, params: map[string][]string{"function-name": {"f"}},
			resources: []string{"arn:aws:lambda:eu-west-1:111122223333:function:f"},
		}},
		{"rds instance", "rds reboot-db-instance --db-instance-identifier db1", want{
			resources: []string{"arn:aws:rds:eu-west-1:111122223333:db:db1"},
		}},
		{"ec2 describe keeps star", "ec2 describe-instances --instance-ids i-1", want{resources: []string{"*"}}},
		{"ecs service", "ecs update-service --cluster prod --service web --force-new-deployment", want{
			resources: []string{"arn:aws:ecs:eu-west-1:111122223333:service/prod/web"},
		}},
		{"ecs service default cluster", "ecs update-service --service web", want{
			resources: []string{"arn:aws:ecs:eu-west-1:111122223333:service/default/web"},
		}},
		{"ecs cluster arn", "ecs update-service --cluster arn:aws:ecs:eu-west-1:111122223333:cluster/prod --service web", want{
			resources: []string{"arn:aws:ecs:eu-west-1:111122223333:service/prod/web"},
		}},
		{"ecs cluster", "ecs describe-clusters --clusters a b", want{
			resources: []string{"arn:aws:ecs:eu-west-1:111122223333:cluster/a", "arn:aws:ecs:eu-west-1:111122223333:cluster/b"},
		}},
		{"eks cluster", "eks describe-cluster --name prod", want{resources: []string{"arn:aws:eks:eu-west-1:111122223333:cluster/prod"}}},
		{"dynamodb table", "dynamodb describe-table --table-name orders", want{
			resources: []string{"arn:aws:dynamodb:eu-west-1:111122223333:table/orders"},
		}},
		{"sqs legacy url", "sqs purge-queue --queue-url https://queue.amazonaws.com/444455556666/q", want{
			resources: []string{"arn:aws:sqs:us-east-1:444455556666:q"},
		}},
		{"sqs slack link", "sqs purge-queue --queue-url <https://sqs.eu-west-1.amazonaws.com/444455556666/q|https://sqs.eu-west-1.amazonaws.com/444455556666/q>", want{
			resources: []string{"arn:aws:sqs:eu-west-1:444455556666:q"},
		}},
		{"logs group", "logs filter-log-events --log-group-name /aws/lambda/f", want{
			resources: []string{"arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/f"},
		}},
		{"logs stream", "logs get-log-events --log-group-name g --log-stream-name s", want{
			resources: []string{"arn:aws:logs:eu-west-1:111122223333:log-group:g:log-stream:s"},
		}},
		{"logs tail", "logs tail /aws/lambda/f --follow", want{
			op: "FilterLogEvents", action: "logs:FilterLogEvents", args: []string{"/aws/lambda/f"},
			resources: []string{"arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/f"},
		}},
		{"ssm send-command", "ssm send-command --document-name AWS-RunShellScript --instance-ids i-1 mi-2 --parameters commands=uptime", want{
			resources: []string{
				"arn:aws:ssm:eu-west-1::document/AWS-RunShellScript",
				"arn:aws:ec2:eu-west-1:111122223333:instance/i-1",
				"arn:aws:ssm:eu-west-1:111122223333:managed-instance/mi-2",
			},
		}},
		{"ssm parameter", "ssm get-parameter --name /app/db/host", want{
			resources: []string{"arn:aws:ssm:eu-west-1:111122223333:parameter/app/db/host"},
		}},
		{"cloudformation", "cloudformation delete-stack --stack-name web", want{
			resources: []string{"arn:aws:cloudformation:eu-west-1:111122223333:stack/web/*"},
		}},
		{"states", "stepfunctions start-execution --state-machine-arn arn:aws:states:eu-west-1:111122223333:stateMachine:m", want{
			resources: []string{"arn:aws:states:eu-west-1:111122223333:stateMachine:m"},
		}},
		{"codepipeline", "codepipeline start-pipeline-execution --name deploy", want{
			resources: []string{"arn:aws:codepipeline:eu-west-1:111122223333:deploy"},
		}},
		{"route53", "route53 get-hosted-zone --id /hostedzone/Z1", want{resources: []string{"arn:aws:route53:::hostedzone/Z1"}}},
		{"events custom bus", "events disable-rule --name nightly --event-bus-name ops", want{
			resources: []string{"arn:aws:events:eu-west-1:111122223333:rule/ops/nightly"},
		}},
		{"kms alias", "kms decrypt --key-id alias/app --ciphertext-blob x", want{
			resources: []string{"arn:aws:kms:eu-west-1:111122223333:alias/app"},
		}},
		{"tagging by arn", "lambda tag-resource --resource arn:aws:lambda:eu-west-1:111122223333:function:f --tags a=b",
			want{resources: []string{"arn:aws:lambda:eu-west-1:111122223333:function:f"}}},
		{"resource-arn anywhere", "backup list-tags --resource-arn arn:aws:backup:eu-west-1:111122223333:backup-vault:v",
			want{resources: []string{"arn:aws:backup:eu-west-1:111122223333:backup-vault:v"}}},

		// The s3 commands.
		{"s3 ls buckets", "s3 ls", want{op: "ListBuckets", action: "s3:ListAllMyBuckets", resources: []string{"*"}}},
		{"s3 ls bucket", "s3 ls s3://logs/2024/ --recursive", want{
			op: "ListObjectsV2", action: "s3:ListBucket", resources: []string{"arn:aws:s3:::logs"},
			args: []string{"s3://logs/2024/"}, params: map[string][]string{"recursive": nil},
		}},
		{"s3 download", "s3 cp s3://b/report.csv .", want{action: "s3:GetObject", resources: []string{"arn:aws:s3:::b/report.csv"}}},
		{"s3 upload", "s3 cp notes.txt s3://b/in/", want{action: "s3:PutObject", resources: []string{"arn:aws:s3:::b/in/*"}}},
		{"s3 upload with options", "s3 cp --acl private notes.txt s3://b/in/notes.txt", want{
			action: "s3:PutObject", args: []string{"notes.txt", "s3://b/in/notes.txt"},
			params: map[string][]string{"acl": {"private"}}, resources: []string{"arn:aws:s3:::b/in/notes.txt"},
		}},
		{"s3 rm recursive", "s3 rm s3://b/tmp --recursive", want{action: "s3:DeleteObject", resources: []string{"arn:aws:s3:::b/tmp*"}}},
		{"s3 mb", "s3 mb s3://new-bucket", want{action: "s3:CreateBucket", resources: []string{"arn:aws:s3:::new-bucket"}}},
		{"s3 sync up", "s3 sync ./site s3://www", want{action: "s3:PutObject", resources: []string{"arn:aws:s3:::www/*"}}},

		// Slack escapes.
		{"entities", "sns publish --message a&amp;b&lt;c&gt;", want{params: map[string][]string{"message": {"a&b<c>"}}}},
		{"mailto link", "sesv2 get-email-identity --email-identity <mailto:ops@example.com|ops@example.com>", want{
			params: map[string][]string{"email-identity": {"ops@example.com"}},
		}},
		{"lone angle bracket", "sns publish --message a<b", want{params: map[string][]string{"message": {"a<b"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := chatcmd.Parse(tt.text, env)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.text, err)
			}
			if c.Raw != tt.text {
				t.Errorf("Raw = %q, want the text", c.Raw)
			}
			check(t, "Service", c.Service, tt.want.service)
			check(t, "CLIOperation", c.CLIOperation, tt.want.cliOp)
			check(t, "Operation", c.Operation, tt.want.op)
			check(t, "Action", c.Action, tt.want.action)
			check(t, "Region", c.Region, tt.want.region)
			if tt.want.resources != nil && !slices.Equal(c.Resources, tt.want.resources) {
				t.Errorf("Resources = %q, want %q", c.Resources, tt.want.resources)
			}
			if tt.want.args != nil && !slices.Equal(c.Args, tt.want.args) {
				t.Errorf("Args = %q, want %q", c.Args, tt.want.args)
			}
			if tt.want.params != nil && !sameParams(c.Params, tt.want.params) {
				t.Errorf("Params = %q, want %q", c.Params, tt.want.params)
			}
		})
	}
}

func check(t *testing.T, field, got, want string) {
	t.Helper()
	if want != "" && got != want {
		t.Errorf("%s = %q, want %q", field, got, want)
	}
}

// sameParams treats a nil and an empty map alike.
func sameParams(a, b map[string][]string) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		code       chatcmd.Code
		offset     int
		suggest    string // must be among the suggestions; "" checks none
		first      bool   // and be the first
	}{
		{"empty", "", chatcmd.ErrEmpty, 0, "", false},
		{"mention only", "@aws ", chatcmd.ErrEmpty, 5, "", false},
		{"unknown service", "@aws lamda list-functions", chatcmd.ErrUnknownService, 5, "lambda", true},
		{"iam prefix as service", "elasticloadbalancing describe-load-balancers", chatcmd.ErrUnknownService, 0, "elbv2", true},
		{"no close service", "zzzzzz list", chatcmd.ErrUnknownService, 0, "", false},
		{"missing operation", "ec2", chatcmd.ErrUnknownOperation, 3, "", false},
		{"unknown operation", "ec2 describe-instance", chatcmd.ErrUnknownOperation, 4, "describe-instances", true},
		{"api name typed", "ec2 DescribeInstances", chatcmd.ErrUnknownOperation, 4, "describe-instances", true},
		{"misspelt operation", "rds delete-db-clustr --db-cluster-identifier x", chatcmd.ErrUnknownOperation, 4, "delete-db-cluster", true},
		{"help", "ec2 help", chatcmd.ErrUnsupported, 4, "", false},
		{"wait", "ec2 wait instance-running", chatcmd.ErrUnsupported, 4, "", false},
		{"unterminated double", `sns publish --message "hi`, chatcmd.ErrSyntax, 22, "", false},
		{"unterminated single", `sns publish --message 'hi`, chatcmd.ErrSyntax, 22, "", false},
		{"unterminated smart", "sns publish --message “hi", chatcmd.ErrSyntax, 22, "", false},
		{"positional for api call", "ec2 describe-instances i-1", chatcmd.ErrSyntax, 23, "", false},
		{"bad option name", "ec2 describe-instances --a.b 1", chatcmd.ErrSyntax, 23, "", false},
		{"bare dashes", "ec2 describe-instances --", chatcmd.ErrSyntax, 23, "", false},
		{"operation option first", "aws --instance-ids i-1 ec2 stop-instances", chatcmd.ErrSyntax, 4, "", false},
		{"bad region", "ec2 describe-instances --region Mars", chatcmd.ErrInvalidValue, 23, "", false},
		{"region without value", "ec2 describe-instances --region", chatcmd.ErrInvalidValue, 23, "", false},
		{"region with colon", "ec2 describe-instances --region us-east-1:x", chatcmd.ErrInvalidValue, 23, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := chatcmd.Parse(tt.text, env)
			var e *chatcmd.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error = %v, want a *chatcmd.Error", tt.text, err)
			}
			if e.Code != tt.code || e.Offset != tt.offset {
				t.Errorf("code %s at %d, want %s at %d (%v)", e.Code, e.Offset, tt.code, tt.offset, err)
			}
			if tt.suggest != "" && !slices.Contains(e.Suggestions, tt.suggest) {
				t.Errorf("suggestions %q lack %q", e.Suggestions, tt.suggest)
			}
			if tt.first && (len(e.Suggestions) == 0 || e.Suggestions[0] != tt.suggest) {
				t.Errorf("suggestions %q do not start with %q", e.Suggestions, tt.suggest)
			}
			if e.Error() == "" {
				t.Error("empty message")
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	_, err := chatcmd.Parse("@aws ec2 describe-instance", env)
	const want = `chat command, column 10: ec2 has no operation "describe-instance" (did you mean describe-instances, describe-instance-types, describe-instance-status, describe-instance-topology or describe-instance-attribute?)`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	// Columns count characters, not bytes.
	text := "@é ec2 describe-instance"
	_, err = chatcmd.Parse(text, env)
	var e *chatcmd.Error
	if !errors.As(err, &e) || e.Offset != len("@é ec2 ") {
		t.Fatalf("err = %v", err)
	}
	if got := e.Error(); !strings.HasPrefix(got, "chat command, column 8:") {
		t.Errorf("got %q, want column 8", got)
	}
}

func TestPartition(t *testing.T) {
	t.Parallel()
	c, err := chatcmd.Parse("lambda get-function --function-name f", chatcmd.Env{AccountID: "1", DefaultRegion: "cn-north-1", Partition: "aws-cn"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "arn:aws-cn:lambda:cn-north-1:1:function:f"; c.Resources[0] != want {
		t.Errorf("got %s, want %s", c.Resources[0], want)
	}
	c, err = chatcmd.Parse("iam list-roles", chatcmd.Env{Partition: "aws-us-gov", DefaultRegion: "us-gov-east-1"})
	if err != nil || c.Region != "us-gov-west-1" {
		t.Errorf("region %q, err %v; want us-gov-west-1", c.Region, err)
	}
}

// String renders a command that Parse reads back to the same command.
func TestStringRoundTrip(t *testing.T) {
	t.Parallel()
	texts := []string{
		"@aws lambda invoke --function-name f out.json --payload {\"a\":1}",
		"ec2 stop-instances --instance-ids i-1 i-2 --dry-run --region us-west-2",
		`sns publish --message "--x" --subject "a “b” \\ c" --message-attributes ''`,
		"s3 cp --acl private 'my notes.txt' s3://b/in/ --recursive",
		"iam list-roles --region eu-central-1",
		"sns publish --message a&amp;b&lt;c",
		"ec2 stop-instances --dry-run=yes --no-force=1",
	}
	for _, text := range texts {
		t.Run(text, func(t *testing.T) {
			t.Parallel()
			c, err := chatcmd.Parse(text, env)
			if err != nil {
				t.Fatal(err)
			}
			s := c.String()
			again, err := chatcmd.Parse(s, env)
			if err != nil {
				t.Fatalf("reparse %q: %v", s, err)
			}
			again.Raw = c.Raw
			if !reflect.DeepEqual(c, again) {
				t.Errorf("round trip through %q:\n got %#v\nwant %#v", s, again, c)
			}
		})
	}
}
