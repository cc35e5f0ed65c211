package synth

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
)

// FullAWSAccess is the AWS-managed SCP that enabling service control
// policies attaches to every node (D12). Its ID and content are those gov
// creates with an organization; they are repeated here because gov's tests
// import this package, so this package cannot import gov.
const (
	FullAWSAccessID      = "p-FullAWSAccess"
	fullAWSAccessContent = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
)

// MaxSCPsPerNode is how many SCPs AWS lets a node hold (D12), FullAWSAccess
// included.
const MaxSCPsPerNode = 10

// Regions the region-restriction SCPs draw from.
var scpRegions = []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1"}

// Actions organizations commonly forbid from chat, or altogether.
var scpDangerous = []string{
	"iam:*", "organizations:*", "account:*", "ec2:TerminateInstances", "ec2:DeleteVpc", "rds:Delete*",
	"rds:ModifyDBCluster", "s3:DeleteBucket", "s3:PutBucketPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey",
	"lambda:DeleteFunction", "lambda:UpdateFunctionCode", "dynamodb:DeleteTable", "cloudtrail:StopLogging",
	"cloudtrail:DeleteTrail", "guardduty:DeleteDetector", "config:StopConfigurationRecorder", "ssm:SendCommand",
	"ecs:DeleteCluster", "eks:DeleteCluster", "route53:DeleteHostedZone",
}

// Services allow-list SCPs grant.
var scpServices = []string{
	"ec2:*", "s3:*", "lambda:*", "cloudwatch:*", "logs:*", "ssm:*", "rds:*", "dynamodb:*", "sns:*", "sqs:*",
	"ecs:*", "eks:*", "elasticloadbalancing:*", "autoscaling:*", "cloudformation:*", "kms:*", "chatbot:*",
	"support:*", "health:*", "tag:*", "xray:*", "athena:*", "glue:*", "states:*",
}

// Global services a region restriction must not block.
var scpGlobal = []string{
	"iam:*", "organizations:*", "route53:*", "cloudfront:*", "sts:*", "support:*", "budgets:*", "ce:*",
	"health:*", "trustedadvisor:*", "waf:*", "globalaccelerator:*", "chatbot:*",
}

// Read-only actions chat guardrails keep.
var scpReadOnly = []string{
	"cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*", "logs:Get*", "logs:Describe*", "logs:FilterLogEvents",
	"ec2:Describe*", "lambda:Get*", "lambda:List*", "lambda:InvokeFunction", "ssm:StartAutomationExecution",
	"ecs:Describe*", "ecs:List*", "rds:Describe*", "s3:ListAllMyBuckets", "s3:GetBucketLocation",
}

// scpStatement is one statement, with its elements in the order people
// write them.
type scpStatement struct {
	Sid       string                         `json:"Sid,omitempty"`
	Effect    string                         `json:"Effect"`
	Action    []string                       `json:"Action,omitempty"`
	NotAction []string                       `json:"NotAction,omitempty"`
	Resource  any                            `json:"Resource"`
	Condition map[string]map[string][]string `json:"Condition,omitempty"`
}

type scpDocument struct {
	Version   string         `json:"Version"`
	Statement []scpStatement `json:"Statement"`
}

// chatSource is the condition that makes a statement apply to sessions
// AWS Chatbot starts from chat.
func chatSource(patterns ...string) map[string]map[string][]string {
	return map[string]map[string][]string{"ArnLike": {"aws:ChatbotSourceArn": patterns}}
}

// generateSCPs adds n service control policies and their attachments.
// They draw from a random stream of their own, seeded from the spec, so
// that adding them leaves the tree and the chat applications policies, and
// the figures measured on them, exactly as they were.
func (o *Org) generateSCPs(spec Spec, containers, accounts []*org.Node) error {
	if spec.SCPs <= 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(spec.Seed, spec.Seed^0x5c9))
	o.SCPAttachments = map[string][]string{}
	for i := 0; i < spec.SCPs; i++ {
		name, doc := scpDoc(rng, i)
		content, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		o.SCPs = append(o.SCPs, Policy{ID: fmt.Sprintf("p-synthscp%05d", i), Name: fmt.Sprintf("%s-%d", name, i),
			Type: policy.ServiceControlPolicy, Content: string(content)})
	}
	// FullAWSAccess takes one of each node's places.
	attach := func(nodeID, policyID string) {
		if len(o.SCPAttachments[nodeID]) < MaxSCPsPerNode-1 {
			o.SCPAttachments[nodeID] = append(o.SCPAttachments[nodeID], policyID)
		}
	}
	for i, p := range o.SCPs {
		if i == 0 {
			attach(o.Tree.Root().ID, p.ID)
			continue
		}
		for k := 0; k < 1+rng.IntN(2); k++ {
			if rng.IntN(3) > 0 && len(containers) > 1 {
				attach(containers[1+rng.IntN(len(containers)-1)].ID, p.ID)
			} else if len(accounts) > 1 {
				// accounts[0] is the management account, which SCPs do not restrict.
				attach(accounts[1+rng.IntN(len(accounts)-1)].ID, p.ID)
			}
		}
	}
	return nil
}

// scpDoc returns the name and document of one of the shapes of SCP that
// organizations write: the first is the organization's chat guardrail at
// the root; the others are chat deny lists, region restrictions, allow
// lists, protected resources and read-only chat channels.
func scpDoc(rng *rand.Rand, i int) (string, scpDocument) {
	pick := func(pool []string, n int) []string {
		idx := rng.Perm(len(pool))[:min(n, len(pool))]
		out := make([]string, len(idx))
		for k, j := range idx {
			out[k] = pool[j]
		}
		return out
	}
	doc := func(sts ...scpStatement) scpDocument { return scpDocument{Version: "2012-10-17", Statement: sts} }
	if i == 0 {
		return "chat-guardrail", doc(scpStatement{Sid: "DenyDangerousFromChat", Effect: "Deny",
			Action: scpDangerous[:8], Resource: "*", Condition: chatSource("arn:aws:chatbot::*:chat-configuration/*")})
	}
	switch rng.IntN(5) {
	case 0:
		// A deny list for some configurations, chosen by name.
		var patterns []string
		for range 1 + rng.IntN(3) {
			patterns = append(patterns, fmt.Sprintf("arn:aws:chatbot::*:chat-configuration/*/config-%d*", 1+rng.IntN(99)))
		}
		return "chat-deny", doc(scpStatement{Sid: "DenyFromTheseChannels", Effect: "Deny",
			Action: pick(scpDangerous, 3+rng.IntN(10)), Resource: "*", Condition: chatSource(patterns...)})
	case 1:
		return "region-restriction", doc(scpStatement{Sid: "DenyOutsideRegions", Effect: "Deny", NotAction: scpGlobal,
			Resource: "*", Condition: map[string]map[string][]string{
				"StringNotEquals": {"aws:RequestedRegion": pick(scpRegions, 1+rng.IntN(3))}}})
	case 2:
		return "allow-list", doc(scpStatement{Sid: "AllowServices", Effect: "Allow",
			Action: pick(scpServices, 4+rng.IntN(12)), Resource: "*"})
	case 3:
		return "protect-production", doc(scpStatement{Sid: "ProtectProduction", Effect: "Deny",
			Action:    []string{"s3:DeleteBucket", "s3:PutBucketPolicy", "rds:Delete*", "dynamodb:DeleteTable"},
			Resource:  []string{"arn:aws:s3:::prod-*", "arn:aws:rds:*:*:cluster:prod-*", "arn:aws:dynamodb:*:*:table/prod-*"},
			Condition: map[string]map[string][]string{"ArnNotLike": {"aws:PrincipalArn": {"arn:aws:iam::*:role/admin-*"}}}})
	}
	platform := []string{"slack-channel", "microsoft-teams-channel", "chime-webhook"}[rng.IntN(3)]
	return "chat-read-only", doc(scpStatement{Sid: "ChatIsReadOnly", Effect: "Deny", NotAction: scpReadOnly,
		Resource: "*", Condition: chatSource("arn:aws:chatbot::*:chat-configuration/" + platform + "/*")})
}
