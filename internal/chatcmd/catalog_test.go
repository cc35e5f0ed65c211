package chatcmd

import (
	"strings"
	"testing"
)

// The services the catalog must cover, each with the fewest operations its
// model had when the catalog was generated: enough to notice a service
// that lost most of its operations in a regeneration.
var required = map[string]int{
	"lambda": 80, "ec2": 700, "ecs": 70, "eks": 60, "rds": 160, "s3api": 100, "s3": 9, "dynamodb": 55,
	"cloudwatch": 45, "logs": 100, "ssm": 140, "cloudformation": 90, "autoscaling": 60, "elbv2": 50,
	"sns": 40, "sqs": 20, "stepfunctions": 35, "codepipeline": 40, "codebuild": 55, "deploy": 45,
	"route53": 70, "cloudfront": 160, "elasticache": 70, "kinesis": 35, "athena": 65, "glue": 250,
	"ecr": 55, "events": 55, "sts": 10, "iam": 170, "kms": 50, "secretsmanager": 20, "chatbot": 30,
	"cognito-idp": 120, "sso": 4, "sso-admin": 75, "sdb": 10, "support": 15, "health": 14,
	"resource-explorer-2": 30, "organizations": 60, "apigateway": 120, "backup": 100, "batch": 40,
	"configservice": 95, "guardduty": 80, "securityhub": 100, "xray": 35,
}

func TestCatalogCoverage(t *testing.T) {
	t.Parallel()
	cat := loadCatalog()
	for name, least := range required {
		s := cat.services[name]
		if s == nil {
			t.Errorf("service %s is missing", name)
			continue
		}
		if len(s.ops) < least {
			t.Errorf("service %s has %d operations, want at least %d", name, len(s.ops), least)
		}
	}
}

func TestCatalogEntries(t *testing.T) {
	t.Parallel()
	cat := loadCatalog()
	if len(cat.names) != len(cat.services) {
		t.Fatalf("%d names for %d services", len(cat.names), len(cat.services))
	}
	for _, name := range cat.names {
		s := cat.services[name]
		if len(s.ops) == 0 || len(s.names) != len(s.ops) {
			t.Errorf("%s: %d operations, %d names", name, len(s.ops), len(s.names))
		}
		if !validPrefix(s.prefix) {
			t.Errorf("%s: IAM prefix %q", name, s.prefix)
		}
		for cli, op := range s.ops {
			if op.cli != cli {
				t.Errorf("%s %s: keyed as %s", name, op.cli, cli)
			}
			if !validAction(op.action) {
				t.Errorf("%s %s: IAM action %q is not service:Action", name, cli, op.action)
			}
			if !validAPIName(op.api) {
				t.Errorf("%s %s: API name %q", name, cli, op.api)
			}
			// A model operation's CLI name is its API name in kebab case;
			// only commands of the CLI itself are named otherwise.
			if s.source != "awscli" && squash(cli) != strings.ToLower(op.api) && !cliOnly[name+" "+cli] {
				t.Errorf("%s %s: CLI name does not spell %s", name, cli, op.api)
			}
			if (name == "apigateway") != (op.path != "") {
				t.Errorf("%s %s: resource path %q", name, cli, op.path)
			}
		}
	}
	for alias, target := range cat.aliases {
		if cat.services[target] == nil || cat.services[alias] != nil {
			t.Errorf("alias %s -> %s", alias, target)
		}
	}
}

// cliOnly are the overlay's commands that the CLI names differently from
// the API operation they call.
var cliOnly = map[string]bool{
	"ecr get-login-password":              true,
	"ecr get-login":                       true,
	"rds add-option-to-option-group":      true,
	"rds remove-option-from-option-group": true,
	"logs tail":                           true,
}

func validAPIName(s string) bool {
	return s != "" && s[0] >= 'A' && s[0] <= 'Z' && validAction("x:"+s)
}

// The exceptions the overlay records, checked where the catalog is read.
func TestCatalogExceptions(t *testing.T) {
	t.Parallel()
	cat := loadCatalog()
	for _, tt := range []struct{ service, op, action string }{
		{"lambda", "invoke", "lambda:InvokeFunction"},
		{"s3api", "head-object", "s3:GetObject"},
		{"s3api", "list-objects-v2", "s3:ListBucket"},
		{"s3api", "list-buckets", "s3:ListAllMyBuckets"},
		{"s3api", "get-bucket-lifecycle-configuration", "s3:GetLifecycleConfiguration"},
		{"sqs", "send-message-batch", "sqs:SendMessage"},
		{"elbv2", "describe-target-health", "elasticloadbalancing:DescribeTargetHealth"},
		{"cloudwatch", "get-metric-data", "cloudwatch:GetMetricData"},
		{"apigateway", "delete-rest-api", "apigateway:DELETE"},
		{"sso", "list-accounts", "sso:ListAccounts"},
		{"ecr", "get-login-password", "ecr:GetAuthorizationToken"},
	} {
		op := cat.services[tt.service].ops[tt.op]
		if op == nil || op.action != tt.action {
			t.Errorf("%s %s: %+v, want action %s", tt.service, tt.op, op, tt.action)
		}
	}
}

func TestCatalogRejects(t *testing.T) {
	t.Parallel()
	for name, files := range map[string][]string{
		"op before service":  {"describe-x DescribeX\n"},
		"duplicate op":       {"service a a m\nx X\nx X\n"},
		"duplicate service":  {"service a a m\nx X\nservice a a m\n"},
		"bad prefix":         {"service a A m\nx X\n"},
		"bad action":         {"service a a m\nx X iam=a:b:c\n"},
		"unknown attribute":  {"service a a m\nx X color=red\n"},
		"empty service":      {"service a a m\n"},
		"reopen in catalog":  {"service a a m\nx X\nservice a\n"},
		"overlay renames op": {"service a a m\nx X\n", "service a\nx Y\n"},
		"dangling alias":     {"service a a m\nx X\n", "alias b c\n"},
	} {
		if _, err := parseCatalog(files...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	cat := loadCatalog()
	seen := map[string]bool{}
	for _, r := range rules {
		key := r.service + " " + r.param + " " + r.ops
		if seen[key] {
			t.Errorf("rule %s appears twice", key)
		}
		seen[key] = true
		if r.service != "*" && cat.services[r.service] == nil {
			t.Errorf("rule %s: no such service", key)
		}
		if r.arn != "" && !strings.HasPrefix(r.arn, "arn:{p}:") {
			t.Errorf("rule %s: template %q", key, r.arn)
		}
		if r.arn != "" && r.build != nil {
			t.Errorf("rule %s: both a template and a builder", key)
		}
	}
}
