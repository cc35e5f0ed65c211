package iam

import (
	"fmt"
	"testing"
)

// benchSCPs returns ten SCPs in the style organizations attach: FullAWSAccess,
// guardrails that deny with conditions, and an allow-list. level makes the
// Sids and a few patterns differ between levels.
func benchSCPs(t testing.TB, level int) []Named {
	docs := []string{
		fullAWSAccess,
		blogSCP,
		`{"Version":"2012-10-17","Statement":[{"Sid":"RegionLock%[1]d","Effect":"Deny","NotAction":["iam:*","organizations:*","sts:*","support:*","budgets:*","cloudfront:*","route53:*","waf:*"],"Resource":"*",
			"Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1","eu-central-1"]},"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/OrgAdmin%[1]d"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"NoLeaving%[1]d","Effect":"Deny","Action":["organizations:LeaveOrganization","account:CloseAccount"],"Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"NoRootUser%[1]d","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"ProtectSecurityRoles%[1]d","Effect":"Deny","Action":["iam:AttachRolePolicy","iam:DeleteRole","iam:DeleteRolePolicy","iam:DetachRolePolicy","iam:PutRolePolicy","iam:UpdateAssumeRolePolicy"],
			"Resource":["arn:aws:iam::*:role/security-*","arn:aws:iam::*:role/OrgAdmin%[1]d"],"Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/OrgAdmin%[1]d"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"KeepTrails%[1]d","Effect":"Deny","Action":["cloudtrail:StopLogging","cloudtrail:DeleteTrail","cloudtrail:UpdateTrail","guardduty:DeleteDetector","guardduty:DisassociateFromMasterAccount","config:DeleteConfigurationRecorder","config:StopConfigurationRecorder"],"Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"TagOnCreate%[1]d","Effect":"Deny","Action":["ec2:RunInstances","rds:CreateDBInstance","rds:CreateDBCluster"],"Resource":"*","Condition":{"Null":{"aws:RequestTag/CostCenter":"true"}}},
			{"Sid":"NoChatDeletes%[1]d","Effect":"Deny","Action":["rds:Delete*","ec2:Terminate*","s3:DeleteBucket"],"Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/channel":"prod-ops"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"AllowServices%[1]d","Effect":"Allow","Action":["ec2:*","s3:*","rds:*","lambda:*","cloudwatch:*","logs:*","ssm:*","sns:*","sqs:*","dynamodb:*","ecs:*","eks:*"],"Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"S3Encryption%[1]d","Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::*/*","Condition":{"StringNotEqualsIfExists":{"s3:x-amz-server-side-encryption":["aws:kms","AES256"]}}},
			{"Sid":"S3Tls%[1]d","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
	}
	out := make([]Named, len(docs))
	for i, doc := range docs {
		if i > 1 {
			doc = fmt.Sprintf(doc, level)
		}
		id := fmt.Sprintf("p-%d-%d", level, i)
		out[i] = Named{ID: id, Name: id, Policy: mustParse(t, SCP, doc)}
	}
	return out
}

func benchChain(b *testing.B) []Level {
	levels := []Level{{Node: Node{ID: "r-ab12", Type: NodeRoot}, Policies: benchSCPs(b, 0)}}
	for i := 1; i <= 3; i++ {
		levels = append(levels, Level{Node: Node{ID: fmt.Sprintf("ou-ab12-%08d", i), Type: NodeOrganizationalUnit}, Policies: benchSCPs(b, i)})
	}
	return append(levels, Level{Node: Node{ID: "111122223333", Type: NodeAccount}, Policies: benchSCPs(b, 4)})
}

// benchRequest is a read command from chat that every level allows, so
// every Deny statement of all 50 SCPs has to be checked.
func benchRequest() Request {
	return request("lambda:InvokeFunction", "arn:aws:lambda:eu-west-1:111122223333:function:restart-app", ctxMap{
		"aws:ChatbotSourceArn":  {opsChannel},
		"aws:RequestedRegion":   {"eu-west-1"},
		"aws:PrincipalArn":      {"arn:aws:iam::111122223333:role/chatbot-ops"},
		"aws:PrincipalAccount":  {"111122223333"},
		"aws:PrincipalTag/team": {"ops"},
		"aws:SecureTransport":   {"true"},
		"aws:username":          {"chatbot-ops"},
	})
}

func BenchmarkDecideSCPs(b *testing.B) {
	levels, req := benchChain(b), benchRequest()
	if d := DecideSCPs(levels, req, false); d != Allow {
		b.Fatalf("setup: %v", d)
	}
	b.ReportAllocs()
	for b.Loop() {
		DecideSCPs(levels, req, false)
	}
}

// BenchmarkDecideSCPsDenied is a command the chat guardrail denies at the
// root: the walk stops at the first level.
func BenchmarkDecideSCPsDenied(b *testing.B) {
	levels, req := benchChain(b), benchRequest()
	req.Action = "rds:DeleteDBCluster"
	if d := DecideSCPs(levels, req, false); d != ExplicitDeny {
		b.Fatalf("setup: %v", d)
	}
	b.ReportAllocs()
	for b.Loop() {
		DecideSCPs(levels, req, false)
	}
}

func BenchmarkEvaluateSCPs(b *testing.B) {
	levels, req := benchChain(b), benchRequest()
	b.ReportAllocs()
	for b.Loop() {
		EvaluateSCPs(levels, req, false)
	}
}

func BenchmarkDecideGuardrails(b *testing.B) {
	guardrails, req := guardrailPolicies(b), benchRequest()
	req.Action = "ec2:DescribeInstances"
	b.ReportAllocs()
	for b.Loop() {
		for i := range guardrails {
			if Decide(guardrails[i:i+1], req) != Allow {
				b.Fatal("denied")
			}
		}
	}
}

func BenchmarkEvaluateGuardrails(b *testing.B) {
	guardrails, req := guardrailPolicies(b), benchRequest()
	req.Action = "ec2:DescribeInstances"
	b.ReportAllocs()
	for b.Loop() {
		for i := range guardrails {
			Evaluate(guardrails[i:i+1], req)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(blogSCP)))
	for b.Loop() {
		if _, err := Parse(blogSCP, SCP); err != nil {
			b.Fatal(err)
		}
	}
}
