package chatcmd_test

import (
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/chatcmd"
)

// Every entry of the Chatbot administrator guide's list (aws-semantics.md
// §6.4), typed here rather than read from the package, so that a change to
// the package's list shows up as a failure.
func TestBlocked(t *testing.T) {
	t.Parallel()
	blocked := []string{
		// All operations of these services; one action each stands for them.
		"chatbot:DescribeSlackChannelConfigurations", "chatbot:CreateSlackChannelConfiguration",
		"cognito-idp:ListUsers", "cognito-idp:GetSigningCertificate",
		"iam:ListRoles", "iam:CreateAccessKey", "iam:PassRole",
		"kms:Decrypt", "kms:ListKeys",
		"sdb:Select", "sdb:ListDomains",
		"secretsmanager:GetSecretValue", "secretsmanager:ListSecrets",
		"sso:ListAccounts", "sso:CreatePermissionSet",
		"sts:GetCallerIdentity", "sts:AssumeRole",
		// Single actions.
		"appsync:ListApiKeys",
		"codecommit:GetFile", "codecommit:GetCommit", "codecommit:GetDifferences",
		"connect:GetFederationToken",
		"dynamodb:BatchGetItem", "dynamodb:GetItem",
		"ec2:GetPasswordData",
		"ecr:GetAuthorizationToken", "ecr:GetLogin",
		"gamelift:RequestUploadCredentials", "gamelift:GetInstanceAccess",
		"lightsail:DownloadDefaultKeyPair", "lightsail:GetInstanceAccessDetails", "lightsail:GetInstanceAccessDetail",
		"lightsail:GetKeyPair", "lightsail:GetKeyPairs", "lightsail:UpdateRelationalDatabase",
		"redshift:GetClusterCredentials",
		"storagegateway:DescribeChapCredentials",
		"s3:GetBucketPolicy", "s3:GetObject", "s3:HeadObject",
		"snowball:GetJobUnlockCode",
		// IAM compares actions without regard to case.
		"IAM:listroles", "S3:getobject",
	}
	for _, a := range blocked {
		reason, ok := chatcmd.Blocked(a)
		if !ok || !strings.Contains(reason, "never runs") {
			t.Errorf("Blocked(%q) = %q, %v; want blocked", a, reason, ok)
		}
	}
	allowed := []string{
		"ec2:DescribeInstances", "lambda:InvokeFunction", "s3:ListBucket", "s3:PutObject",
		"dynamodb:Query", "dynamodb:PartiQLSelect", "ecr:DescribeRepositories", "cloudwatch:GetMetricData",
		"ssm:StartAutomationExecution", "ec2:GetConsoleOutput", "lightsail:GetInstances",
		"ssoadmin:Whatever", "iamx:Foo", "", "iam", "*",
	}
	for _, a := range allowed {
		if reason, ok := chatcmd.Blocked(a); ok {
			t.Errorf("Blocked(%q) = %q, want not blocked", a, reason)
		}
	}
}

// Commands reach the blocked actions through the names the CLI uses.
func TestBlockedCommands(t *testing.T) {
	t.Parallel()
	for text, wantBlocked := range map[string]bool{
		"s3api head-object --bucket b --key k":           true,
		"s3api get-object --bucket b --key k out":        true,
		"s3 cp s3://b/k .":                               true,
		"s3 presign s3://b/k":                            true,
		"s3 cp a s3://b/k":                               false,
		"ecr get-login-password":                         true,
		"dynamodb transact-get-items --transact-items x": true,
		"dynamodb get-item --table-name t --key x":       true,
		"dynamodb query --table-name t":                  false,
		"sso list-accounts --access-token x":             true,
		"sso-admin list-instances":                       true,
		"sts get-caller-identity":                        true,
		"iam list-roles":                                 true,
		"kms decrypt --ciphertext-blob x":                true,
		"ec2 get-password-data --instance-id i-1":        true,
		"ec2 describe-instances":                         false,
		"lambda invoke --function-name f":                false,
	} {
		c, err := chatcmd.Parse(text, env)
		if err != nil {
			t.Errorf("%s: %v", text, err)
			continue
		}
		if _, got := chatcmd.Blocked(c.Action); got != wantBlocked {
			t.Errorf("%s (%s): blocked %v, want %v", text, c.Action, got, wantBlocked)
		}
	}
}
