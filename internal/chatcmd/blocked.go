package chatcmd

import "strings"

// Blocked reports whether AWS Chatbot refuses to run action from chat
// whatever the roles and guardrails allow, and why. The list is the one
// AWS's Chatbot administrator guide gives: every action of a few services
// that hand out credentials or secrets, and single actions elsewhere that
// return passwords, keys, tokens or object contents. action is
// "service:Action", compared without regard to case as IAM does; an action
// with a wildcard is not expanded.
func Blocked(action string) (reason string, blocked bool) {
	prefix, name, ok := strings.Cut(strings.ToLower(action), ":")
	if !ok {
		return "", false
	}
	if svc, ok := blockedServices[prefix]; ok {
		return "AWS Chatbot never runs " + svc + " (" + prefix + ":*) commands from chat", true
	}
	for _, n := range blockedActions[prefix] {
		if strings.EqualFold(n, name) {
			return "AWS Chatbot never runs " + prefix + ":" + n + " from chat", true
		}
	}
	return "", false
}

// blockedServices are the IAM prefixes all of whose actions Chatbot
// blocks, with the service's name for the reason.
var blockedServices = map[string]string{
	"chatbot":        "AWS Chatbot",
	"cognito-idp":    "Amazon Cognito user pools",
	"iam":            "IAM",
	"kms":            "AWS KMS",
	"sdb":            "Amazon SimpleDB",
	"secretsmanager": "AWS Secrets Manager",
	"sso":            "IAM Identity Center",
	"sts":            "AWS STS",
}

// blockedActions are single blocked actions by IAM prefix, spelled as the
// guide spells them. HeadObject and GetLogin are API or CLI names rather
// than IAM actions (Parse maps them to s3:GetObject and
// ecr:GetAuthorizationToken, which are blocked too); they are kept so the
// list stays the guide's. The guide writes "GetInstanceAccessDetail(s)":
// both spellings are here.
var blockedActions = map[string][]string{
	"appsync":        {"ListApiKeys"},
	"codecommit":     {"GetFile", "GetCommit", "GetDifferences"},
	"connect":        {"GetFederationToken"},
	"dynamodb":       {"BatchGetItem", "GetItem"},
	"ec2":            {"GetPasswordData"},
	"ecr":            {"GetAuthorizationToken", "GetLogin"},
	"gamelift":       {"RequestUploadCredentials", "GetInstanceAccess"},
	"lightsail":      {"DownloadDefaultKeyPair", "GetInstanceAccessDetail", "GetInstanceAccessDetails", "GetKeyPair", "GetKeyPairs", "UpdateRelationalDatabase"},
	"redshift":       {"GetClusterCredentials"},
	"storagegateway": {"DescribeChapCredentials"},
	"s3":             {"GetBucketPolicy", "GetObject", "HeadObject"},
	"snowball":       {"GetJobUnlockCode"},
}
