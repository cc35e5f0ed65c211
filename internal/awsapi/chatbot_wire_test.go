package awsapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/chatgov/chatgov/internal/scenario"
)

// wireStep is one raw request of the wire script: who sends it, to which
// operation, with which body. capture names a value of the answer (the
// first group of re) that later steps use as {name}.
type wireStep struct {
	who     string // "mgmt" or "member"
	op      string // a restJson1 path, "orgs:Operation" or "sts:Action"
	method  string // POST unless given
	body    string
	capture string
	re      string
}

// wireScript exercises every AWS Chatbot and chatgov operation, and the
// errors of every protocol the error table maps, so that a refactoring of
// the wire code shows any byte it changes.
var wireScript = []wireStep{
	// The chat directory.
	{who: "mgmt", op: "/chatgov/put-slack-channel", body: `{"SlackTeamId":"T0AAAAAAA","SlackTeamName":"Acme","SlackChannelId":"C0PRIVATE","SlackChannelName":"ops","ChannelVisibility":"private"}`},
	{who: "mgmt", op: "/chatgov/put-slack-channel", body: `{"SlackTeamId":"T0AAAAAAA","SlackChannelId":"C0PUBLIC","ChannelVisibility":"public"}`},
	{who: "mgmt", op: "/chatgov/put-slack-channel", body: `{"SlackTeamId":"t0lower","SlackChannelId":"C0X","ChannelVisibility":"public"}`},
	{who: "mgmt", op: "/chatgov/put-slack-channel", body: `{"SlackTeamId":"T0AAAAAAA","SlackChannelId":"C0X","ChannelVisibility":"secret"}`},
	{who: "mgmt", op: "/chatgov/put-slack-channel", body: `{"SlackTeamId":7}`},
	{who: "mgmt", op: "/chatgov/put-slack-channel", body: `{"SlackTeam":"T0AAAAAAA"}`},
	{who: "mgmt", op: "/chatgov/put-slack-channel", body: `not json`},
	{who: "member", op: "/chatgov/put-slack-channel", body: `{"SlackTeamId":"T0AAAAAAA","SlackChannelId":"C0X","ChannelVisibility":"public"}`},
	{who: "mgmt", op: "/chatgov/delete-slack-channel", body: `{"SlackTeamId":"T0AAAAAAA","SlackChannelId":"C0NOPE"}`},
	{who: "mgmt", op: "/chatgov/put-ms-teams-team", body: `{"TenantId":"11111111-1111-4111-8111-111111111111","TeamId":"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa","TeamName":"Ops"}`},
	{who: "mgmt", op: "/chatgov/put-ms-teams-team", body: `{"TenantId":"nope","TeamId":"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}`},
	{who: "mgmt", op: "/chatgov/put-ms-teams-team", body: `{"TenantId":"11111111-1111-4111-8111-111111111111","TeamId":"bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"}`},
	{who: "mgmt", op: "/chatgov/delete-ms-teams-team", body: `{"TeamId":"bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"}`},
	{who: "mgmt", op: "/chatgov/delete-ms-teams-team", body: `{"TeamId":"bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"}`},
	{who: "member", op: "/chatgov/list-directory", body: `{}`},
	{who: "member", op: "/chatgov/list-directory", method: http.MethodGet},
	{who: "member", op: "/chatgov/no-such-operation", body: `{}`},

	// AWS Chatbot: Slack.
	{who: "member", op: "/create-slack-channel-configuration", body: `{"ConfigurationName":"ops","SlackTeamId":"T0AAAAAAA","SlackChannelId":"C0PRIVATE","IamRoleArn":"arn:aws:iam::{acct}:role/chatbot-ops","Tags":[{"TagKey":"team","TagValue":"platform"},{"TagKey":"cost","TagValue":"1"}]}`},
	{who: "member", op: "/create-slack-channel-configuration", body: `{"ConfigurationName":"ops","SlackTeamId":"T0AAAAAAA","SlackChannelId":"C0OTHER","IamRoleArn":"arn:aws:iam::{acct}:role/chatbot-ops"}`},
	{who: "member", op: "/create-slack-channel-configuration", body: `{"ConfigurationName":"ops2","SlackTeamId":"T0AAAAAAA","SlackChannelId":"C0PRIVATE","IamRoleArn":"arn:aws:iam::{acct}:role/chatbot-ops"}`},
	{who: "member", op: "/create-slack-channel-configuration", body: `{"ConfigurationName":"bad name","SlackTeamId":"T0AAAAAAA","SlackChannelId":"C0Y"}`},
	{who: "member", op: "/create-slack-channel-configuration", body: `{"ConfigurationName":"x","SlackTeamId":"T0AAAAAAA","SlackChannelId":"C0Y","IamRoleArn":5}`},
	{who: "member", op: "/create-slack-channel-configuration", body: `{"ConfigurationName":"pub","SlackTeamId":"T0AAAAAAA","SlackChannelId":"C0PUBLIC","SlackChannelName":"public-room","IamRoleArn":"arn:aws:iam::{acct}:role/chatbot-ops","SnsTopicArns":["arn:aws:sns:us-east-1:{acct}:alerts"],"LoggingLevel":"ERROR","GuardrailPolicyArns":["arn:aws:iam::aws:policy/ReadOnlyAccess"],"UserAuthorizationRequired":true}`},
	{who: "member", op: "/update-slack-channel-configuration", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/pub","SlackChannelId":"C0PUBLIC","LoggingLevel":"INFO"}`},
	{who: "member", op: "/update-slack-channel-configuration", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/none","SlackChannelId":"C0PUBLIC"}`},
	{who: "member", op: "/update-slack-channel-configuration", body: `{"ChatConfigurationArn":"not-an-arn","SlackChannelId":"C0PUBLIC"}`},
	{who: "member", op: "/describe-slack-channel-configurations", body: `{}`},
	{who: "member", op: "/describe-slack-channel-configurations", body: `{"MaxResults":1}`, capture: "token", re: `"NextToken":"([^"]+)"`},
	{who: "member", op: "/describe-slack-channel-configurations", body: `{"MaxResults":1,"NextToken":"{token}"}`},
	{who: "member", op: "/describe-slack-channel-configurations", body: `{"MaxResults":0}`},
	{who: "member", op: "/describe-slack-channel-configurations", body: `{"MaxResults":101}`},
	{who: "member", op: "/describe-slack-channel-configurations", body: `{"MaxResults":"x"}`},
	{who: "member", op: "/describe-slack-workspaces", body: `{}`},
	{who: "member", op: "/list-tags-for-resource", body: `{"ResourceARN":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/ops"}`},
	{who: "member", op: "/tag-resource", body: `{"ResourceARN":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/ops","Tags":[{"TagKey":"b","TagValue":"2"}]}`},
	{who: "member", op: "/untag-resource", body: `{"ResourceARN":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/ops","TagKeys":["cost"]}`},
	{who: "member", op: "/list-tags-for-resource", body: `{"ResourceARN":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/ops"}`},
	{who: "member", op: "/tag-resource", body: `{"ResourceARN":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/ops","Tags":[` + manyTags + `]}`},
	{who: "member", op: "/list-tags-for-resource", body: `{"ResourceARN":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/gone"}`},
	{who: "member", op: "/delete-slack-workspace-authorization", body: `{"SlackTeamId":"T0AAAAAAA"}`},
	{who: "member", op: "/delete-slack-workspace-authorization", body: `{"SlackTeamId":"T0ZZZZZZZ"}`},

	// AWS Chatbot: Microsoft Teams.
	{who: "member", op: "/create-ms-teams-channel-configuration", body: `{"ConfigurationName":"ops-teams","TenantId":"11111111-1111-4111-8111-111111111111","TeamId":"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa","ChannelId":"19%3ab6ef35dc342d4a6b8b9f3c2e1d0a7b64%40thread.tacv2","IamRoleArn":"arn:aws:iam::{acct}:role/chatbot-ops"}`},
	{who: "member", op: "/create-ms-teams-channel-configuration", body: `{"ConfigurationName":"named-teams","TenantId":"11111111-1111-4111-8111-111111111111","TeamId":"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa","TeamName":"Ops","ChannelId":"19%3aother%40thread.tacv2","ChannelName":"General","IamRoleArn":"arn:aws:iam::{acct}:role/chatbot-ops","Tags":[{"TagKey":"k","TagValue":"v"}]}`},
	{who: "member", op: "/update-ms-teams-channel-configuration", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/microsoft-teams-channel/ops-teams","ChannelId":"19%3ab6ef35dc342d4a6b8b9f3c2e1d0a7b64%40thread.tacv2","ChannelName":"Renamed"}`},
	{who: "member", op: "/get-ms-teams-channel-configuration", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/microsoft-teams-channel/ops-teams"}`},
	{who: "member", op: "/get-ms-teams-channel-configuration", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/ops"}`},
	{who: "member", op: "/list-ms-teams-channel-configurations", body: `{}`},
	{who: "member", op: "/list-ms-teams-channel-configurations", body: `{"TeamId":"AAAAAAAA-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}`},
	{who: "member", op: "/list-ms-teams-channel-configurations", body: `{"TeamId":"nope"}`},
	{who: "member", op: "/list-ms-teams-configured-teams", body: `{}`},
	{who: "member", op: "/delete-ms-teams-configured-teams", body: `{"TeamId":"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}`},

	// AWS Chatbot: Chime.
	{who: "member", op: "/create-chime-webhook-configuration", body: `{"ConfigurationName":"ops-chime","WebhookUrl":"https://hooks.chime.aws/incomingwebhooks/abc-123?token=xyz-789","WebhookDescription":"ops room","SnsTopicArns":["arn:aws:sns:us-east-1:{acct}:alerts"],"IamRoleArn":"arn:aws:iam::{acct}:role/chatbot-ops"}`},
	{who: "member", op: "/create-chime-webhook-configuration", body: `{"ConfigurationName":"bad-chime","WebhookUrl":"https://example.com/hook","IamRoleArn":"arn:aws:iam::{acct}:role/chatbot-ops"}`},
	{who: "member", op: "/update-chime-webhook-configuration", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/chime-webhook/ops-chime","WebhookDescription":"the ops room"}`},
	{who: "member", op: "/describe-chime-webhook-configurations", body: `{}`},
	{who: "member", op: "/describe-chime-webhook-configurations", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/chime-webhook/ops-chime"}`},

	// Preferences and user identities.
	{who: "member", op: "/get-account-preferences", body: ``},
	{who: "member", op: "/update-account-preferences", body: `{"TrainingDataCollectionEnabled":true}`},
	{who: "member", op: "/chatgov/put-user-identity", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/ops","ChatUserId":"U0ALICE","IamRoleArn":"arn:aws:iam::{acct}:role/alice"}`},
	{who: "member", op: "/chatgov/put-user-identity", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/microsoft-teams-channel/ops-teams","ChatUserId":"29:bob","IamRoleArn":"arn:aws:iam::{acct}:role/bob"}`},
	{who: "member", op: "/chatgov/put-user-identity", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/chime-webhook/ops-chime","ChatUserId":"x","IamRoleArn":"arn:aws:iam::{acct}:role/bob"}`},
	{who: "member", op: "/describe-slack-user-identities", body: `{}`},
	{who: "member", op: "/list-ms-teams-user-identities", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/microsoft-teams-channel/ops-teams"}`},
	{who: "member", op: "/delete-slack-user-identity", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/ops","SlackTeamId":"T0AAAAAAA","SlackUserId":"U0ALICE"}`},
	{who: "member", op: "/delete-slack-user-identity", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/ops","SlackTeamId":"T0AAAAAAA","SlackUserId":"U0ALICE"}`},
	{who: "member", op: "/delete-ms-teams-user-identity", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/microsoft-teams-channel/ops-teams","UserId":"29:bob"}`},

	// Policies that deny, then compliance.
	{who: "mgmt", op: "orgs:CreatePolicy", body: `{"Name":"no-chime","Description":"d","Type":"CHATBOT_POLICY","Content":"{\"chatbot\":{\"platforms\":{\"chime\":{\"client\":{\"@@assign\":\"disabled\"}},\"slack\":{\"workspaces\":{\"@@assign\":[\"T0BBBBBBB\"]}}}}}"}`, capture: "policy", re: `"Id":"(p-[a-z0-9]+)"`},
	{who: "mgmt", op: "orgs:AttachPolicy", body: `{"PolicyId":"{policy}","TargetId":"{ou}"}`},
	{who: "member", op: "/create-chime-webhook-configuration", body: `{"ConfigurationName":"denied","WebhookUrl":"https://hooks.chime.aws/incomingwebhooks/abc-124?token=xyz-789","WebhookDescription":"d","IamRoleArn":"arn:aws:iam::{acct}:role/chatbot-ops"}`},
	{who: "member", op: "/create-slack-channel-configuration", body: `{"ConfigurationName":"denied","SlackTeamId":"T0AAAAAAA","SlackChannelId":"C0DENIED","IamRoleArn":"arn:aws:iam::{acct}:role/chatbot-ops"}`},
	{who: "member", op: "/describe-chime-webhook-configurations", body: `{}`},
	{who: "member", op: "/describe-slack-workspaces", body: `{}`},
	{who: "member", op: "/list-ms-teams-configured-teams", body: `{}`},
	{who: "mgmt", op: "/chatgov/list-compliance-events", body: `{}`},
	{who: "mgmt", op: "/chatgov/list-compliance-events", body: `{"AccountId":"{acct}","MaxResults":1}`, capture: "events", re: `"NextToken":"([^"]+)"`},
	{who: "mgmt", op: "/chatgov/list-compliance-events", body: `{"AccountId":"{acct}","MaxResults":1,"NextToken":"{events}"}`},
	{who: "mgmt", op: "/chatgov/list-compliance-events", body: `{"OrganizationalUnitId":"{ou}","Since":1000000000.5,"Until":4000000000}`},
	{who: "mgmt", op: "/chatgov/list-compliance-events", body: `{"Account":"{acct}"}`},
	{who: "member", op: "/chatgov/list-compliance-events", body: `{"AccountId":"111111111111"}`},
	{who: "mgmt", op: "/chatgov/simulate-policy-change", body: `{"Action":"DetachPolicy","PolicyId":"{policy}","TargetId":"{ou}"}`},
	{who: "mgmt", op: "/chatgov/simulate-policy-change", body: `{"Action":"CreatePolicy","PolicyType":"CHATBOT_POLICY","Name":"no-teams","Content":"{\"chatbot\":{\"platforms\":{\"microsoft_teams\":{\"client\":{\"@@assign\":\"disabled\"}},\"slack\":{\"client\":{\"@@remove\":\"x\"}}}}}","TargetId":"{root}"}`},
	{who: "mgmt", op: "/chatgov/simulate-policy-change", body: `{"Action":"CreatePolicy","PolicyType":"CHATBOT_POLICY","Name":"no-chime","Content":"{}","TargetId":"{root}"}`},
	{who: "mgmt", op: "/chatgov/simulate-policy-change", body: `{"Action":"Rename"}`},
	{who: "mgmt", op: "orgs:DetachPolicy", body: `{"PolicyId":"{policy}","TargetId":"{ou}"}`},

	// IAM registrations and simulations.
	{who: "member", op: "/chatgov/put-managed-policy", body: `{"PolicyName":"describe-only","Path":"/chatops/","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"}]}"}`},
	{who: "member", op: "/chatgov/put-managed-policy", body: `{"PolicyName":"bad","PolicyDocument":"{\"Statement\":[]"}`},
	{who: "member", op: "/chatgov/put-role-permissions", body: `{"RoleArn":"arn:aws:iam::{acct}:role/alice","ManagedPolicyArns":["arn:aws:iam::{acct}:policy/chatops/describe-only"],"InlinePolicies":[{"PolicyName":"logs","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"logs:Get*\",\"Resource\":\"*\"}}"}]}`},
	{who: "member", op: "/chatgov/put-role-permissions", body: `{"RoleArn":"arn:aws:iam::{acct}:role/alice","ManagedPolicyArns":["arn:aws:iam::aws:policy/NoSuchPolicy"]}`},
	{who: "member", op: "/chatgov/put-role-permissions", body: `{"RoleArn":"arn:aws:iam::111111111111:role/other"}`},
	{who: "member", op: "/chatgov/put-role-permissions", body: `{"RoleArn":"arn:aws:iam::{acct}:role/many","ManagedPolicyArns":[` + manyPolicies + `]}`},
	{who: "member", op: "/chatgov/get-role-permissions", body: `{"RoleArn":"arn:aws:iam::{acct}:role/alice"}`},
	{who: "member", op: "/chatgov/list-iam-registrations", body: `{}`},
	{who: "member", op: "/chatgov/put-user-identity", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/pub","ChatUserId":"U0ALICE","IamRoleArn":"arn:aws:iam::{acct}:role/alice"}`},
	{who: "member", op: "/chatgov/simulate-chat-command", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/pub","Command":"@aws ec2 describe-instances --region eu-west-1","ChatUserId":"U0ALICE"}`},
	{who: "member", op: "/chatgov/simulate-chat-command", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/ops","Command":"@aws lambda invoke --function-name f out.json"}`},
	{who: "member", op: "/chatgov/simulate-chat-command", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/ops","Command":"@aws ec2 describe-instancs"}`},
	{who: "member", op: "/chatgov/simulate-request", body: `{"Action":"s3:GetObject","Resources":["arn:aws:s3:::b/k","arn:aws:s3:::c/k"],"Context":{"aws:RequestedRegion":["eu-west-1"]},"PrincipalArn":"arn:aws:iam::{acct}:role/alice","IdentityPolicies":[{"PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}],"Guardrails":[{"PolicyName":"g","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NoS3\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"}]}`},
	{who: "mgmt", op: "/chatgov/simulate-request", body: `{"AccountId":"{acct}","Action":"ec2:RunInstances"}`},
	{who: "member", op: "/chatgov/simulate-request", body: `{"AccountId":"999999999999","Action":"s3:GetObject"}`},
	{who: "member", op: "/chatgov/delete-role-permissions", body: `{"RoleArn":"arn:aws:iam::{acct}:role/alice"}`},
	{who: "member", op: "/chatgov/get-role-permissions", body: `{"RoleArn":"arn:aws:iam::{acct}:role/alice"}`},
	{who: "member", op: "/chatgov/delete-managed-policy", body: `{"PolicyArn":"arn:aws:iam::{acct}:policy/chatops/describe-only"}`},
	{who: "member", op: "/chatgov/delete-managed-policy", body: `{"PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}`},

	// Standalone accounts.
	{who: "mgmt", op: "/chatgov/create-standalone-account", body: `{"AccountId":"222222222222","AccountName":"outside","Email":"outside@example.com"}`},
	{who: "mgmt", op: "/chatgov/create-standalone-account", body: `{"AccountId":"222222222222","AccountName":"again","Email":"again@example.com"}`},
	{who: "mgmt", op: "/chatgov/create-root-access-key", body: `{"AccountId":"222222222222"}`},
	{who: "mgmt", op: "/chatgov/list-standalone-accounts", body: `{}`},
	{who: "member", op: "/chatgov/list-standalone-accounts", body: `{}`},

	// Deleting.
	{who: "member", op: "/delete-slack-channel-configuration", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/pub"}`},
	{who: "member", op: "/delete-slack-channel-configuration", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/slack-channel/pub"}`},
	{who: "member", op: "/delete-ms-teams-channel-configuration", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/microsoft-teams-channel/named-teams"}`},
	{who: "member", op: "/delete-chime-webhook-configuration", body: `{"ChatConfigurationArn":"arn:aws:chatbot::{acct}:chat-configuration/chime-webhook/ops-chime"}`},
	{who: "mgmt", op: "/chatgov/delete-slack-channel", body: `{"SlackTeamId":"T0AAAAAAA","SlackChannelId":"C0PUBLIC"}`},

	// The error table for the other protocols.
	{who: "mgmt", op: "orgs:DescribeOrganizationalUnit", body: `{"OrganizationalUnitId":"ou-zzzz-zzzzzzzz"}`},
	{who: "mgmt", op: "orgs:DescribeOrganizationalUnit", body: `{"OrganizationalUnitId":"bad"}`},
	{who: "mgmt", op: "orgs:CreatePolicy", body: `{"Name":"bad","Description":"d","Type":"CHATBOT_POLICY","Content":"{\"chatbot\":1}"}`},
	{who: "mgmt", op: "orgs:CreatePolicy", body: `{"Name":"no-chime","Description":"d","Type":"CHATBOT_POLICY","Content":"{}"}`},
	{who: "mgmt", op: "orgs:DeleteOrganizationalUnit", body: `{"OrganizationalUnitId":"{ou}"}`},
	{who: "member", op: "orgs:ListAccounts", body: `{}`},
	{who: "mgmt", op: "orgs:ListAccounts", body: `{"MaxResults":21}`},
	{who: "mgmt", op: "orgs:NoSuchOperation", body: `{}`},
	{who: "mgmt", op: "sts:AssumeRole", body: `RoleArn=arn%3Aaws%3Aiam%3A%3A999999999999%3Arole%2Fnope&RoleSessionName=ss`},
	{who: "mgmt", op: "sts:AssumeRole", body: `RoleArn=bad&RoleSessionName=ss`},
	{who: "mgmt", op: "sts:AssumeRole", body: `RoleArn=arn%3Aaws%3Aiam%3A%3A{acct}%3Arole%2FOrganizationAccountAccessRole&RoleSessionName=s&DurationSeconds=x`},
}

// manyTags is more tags than a configuration may carry.
var manyTags = func() string {
	var parts []string
	for i := range 51 {
		parts = append(parts, fmt.Sprintf(`{"TagKey":"k%02d","TagValue":"v"}`, i))
	}
	return strings.Join(parts, ",")
}()

// manyPolicies is more managed policies than a role may have.
var manyPolicies = func() string {
	var parts []string
	for i := range 21 {
		parts = append(parts, fmt.Sprintf(`"arn:aws:iam::aws:policy/P%02d"`, i))
	}
	return strings.Join(parts, ",")
}()

// TestChatbotWireGolden runs wireScript and compares every answer, status, error
// type and body, with the values that differ from run to run replaced by
// names, to testdata/wire/chatbot.golden (go test -run TestChatbotWireGolden
// -update rewrites it).
func TestChatbotWireGolden(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	root := ts.org()
	ts.enable(root, types.PolicyTypeChatbotPolicy)
	ou := ts.ou(root, "Workloads")
	acct := ts.account("workload")
	ts.move(acct, root, ou)
	creds := map[string]aws.Credentials{}
	for who, cfg := range map[string]aws.Config{"mgmt": ts.mgmt(), "member": ts.assume(acct)} {
		c, err := cfg.Credentials.Retrieve(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		creds[who] = c
	}
	vars := map[string]string{"acct": acct, "ou": ou, "root": root}
	var b strings.Builder
	for i, st := range wireScript {
		body := st.body
		for k, v := range vars {
			body = strings.ReplaceAll(body, "{"+k+"}", v)
		}
		status, errType, answer := rawCall(t, ts.srv.URL(), creds[st.who], st, body)
		if st.capture != "" {
			if m := regexp.MustCompile(st.re).FindStringSubmatch(answer); m != nil {
				vars[st.capture] = m[1]
			} else {
				t.Errorf("step %d (%s): nothing to capture as %s in %s", i, st.op, st.capture, answer)
			}
		}
		fmt.Fprintf(&b, "### %d %s %s %s\n%d %s\n%s\n\n", i, st.who, st.op, st.body, status, errType, answer)
	}
	got := normalizeWire(b.String(), vars)
	if err := scenario.Golden(filepath.Join("testdata", "wire", "chatbot.golden"), []byte(got)); err != nil {
		t.Error(err)
	}
}

// rawCall sends one signed request and returns the status, the error type
// header and the body.
func rawCall(t *testing.T, endpoint string, creds aws.Credentials, st wireStep, body string) (int, string, string) {
	t.Helper()
	method := st.method
	if method == "" {
		method = http.MethodPost
	}
	path, service, contentType := st.op, "chatbot", "application/json"
	target := ""
	switch {
	case strings.HasPrefix(st.op, "orgs:"):
		path, service, contentType = "/", "organizations", "application/x-amz-json-1.1"
		target = "AWSOrganizationsV20161128." + strings.TrimPrefix(st.op, "orgs:")
	case strings.HasPrefix(st.op, "sts:"):
		path, service, contentType = "/", "sts", "application/x-www-form-urlencoded"
		body = "Action=" + strings.TrimPrefix(st.op, "sts:") + "&Version=2011-06-15&" + body
	}
	ctx := context.Background()
	req, err := http.NewRequestWithContext(ctx, method, endpoint+path, bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), service, "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), string(data)
}

// normalizeWire replaces what differs between runs: the captured and
// generated IDs by their names, times by <time>, keys and tokens by
// <secret>.
func normalizeWire(s string, vars map[string]string) string {
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	// Longer values first, so that no value is replaced inside another.
	sort.Slice(keys, func(i, j int) bool { return len(vars[keys[i]]) > len(vars[keys[j]]) })
	for _, k := range keys {
		s = strings.ReplaceAll(s, vars[k], "{"+k+"}")
	}
	for _, r := range []struct{ re, with string }{
		{`\b1[0-9]{9}(\.[0-9]+)?\b`, "<time>"},
		{`<RequestId>[^<]*</RequestId>`, "<RequestId>-</RequestId>"},
		{`"(SecretAccessKey|AccessKeyId)":"[^"]*"`, `"$1":"<secret>"`},
		{`\bp-[a-z0-9]{8,}\b`, "<policy>"},
		{`\bo-[a-z0-9]{10,32}\b`, "<org>"},
	} {
		s = regexp.MustCompile(r.re).ReplaceAllString(s, r.with)
	}
	return s
}
