package iam

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBlogSCPWithFullAWSAccess(t *testing.T) {
	t.Parallel()
	set := []Named{
		named(t, "p-FullAWSAccess", SCP, fullAWSAccess),
		named(t, "p-chatonly", SCP, blogSCP),
	}
	fromChat := ctxMap{"aws:ChatbotSourceArn": {opsChannel}}
	tests := []struct {
		name   string
		action string
		ctx    ctxMap
		want   Decision
	}{
		{"rds from chat", "rds:DeleteDBCluster", fromChat, ExplicitDeny},
		{"lambda from chat", "lambda:InvokeFunction", fromChat, Allow},
		{"lambda from chat, other case", "LAMBDA:invokefunction", fromChat, Allow},
		{"ssm automation from chat", "ssm:StartAutomationExecution", fromChat, Allow},
		{"rds outside chat", "rds:DeleteDBCluster", nil, Allow},
		{"rds with the key in another case", "rds:DeleteDBCluster", ctxMap{"AWS:CHATBOTSOURCEARN": {opsChannel}}, ExplicitDeny},
		{"rds from a non-chatbot ARN", "rds:DeleteDBCluster", ctxMap{"aws:ChatbotSourceArn": {"arn:aws:sns:us-east-1:1:t"}}, Allow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := decideBoth(t, set, request(tt.action, "*", tt.ctx))
			if r.Decision != tt.want {
				t.Fatalf("%s: %v, want %v", tt.action, r.Decision, tt.want)
			}
		})
	}
}

func TestEvaluateExplains(t *testing.T) {
	t.Parallel()
	set := []Named{
		named(t, "p-FullAWSAccess", SCP, fullAWSAccess),
		{ID: "p-chatonly", Name: "ChatOnly", Policy: mustParse(t, SCP, blogSCP)},
		named(t, "p-rds", SCP, `{"Version":"2012-10-17","Statement":[{"Sid":"NoRds","Effect":"Deny","Action":["ec2:*","rds:*"],"Resource":"*"}]}`),
	}
	r := Evaluate(set, request("rds:DeleteDBCluster", "arn:aws:rds:us-east-1:1:cluster:c", ctxMap{"aws:ChatbotSourceArn": {opsChannel}}))
	want := Result{
		Decision: ExplicitDeny,
		Deny: []Match{
			{
				PolicyIndex: 1, PolicyID: "p-chatonly", PolicyName: "ChatOnly", StatementIndex: 0,
				Effect: EffectDeny, NotAction: true, Resource: "*",
				Conditions: []ConditionTrace{{
					Operator: "ArnLike", Key: "aws:ChatbotSourceArn",
					Values:  []string{"arn:aws:chatbot::*:chat-configuration/*"},
					Request: []string{opsChannel},
				}},
			},
			{
				PolicyIndex: 2, PolicyID: "p-rds", PolicyName: "p-rds", StatementIndex: 0, Sid: "NoRds",
				Effect: EffectDeny, Action: "rds:*", Resource: "*",
			},
		},
		Allow: []Match{{PolicyIndex: 0, PolicyID: "p-FullAWSAccess", PolicyName: "p-FullAWSAccess", Effect: EffectAllow, Action: "*", Resource: "*"}},
	}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Fatalf("result (-want +got):\n%s", diff)
	}
	if got := r.Deciding(); len(got) != 2 || got[0].PolicyID != "p-chatonly" {
		t.Errorf("Deciding = %v", got)
	}
	s := r.Deny[0].String()
	for _, part := range []string{"p-chatonly (ChatOnly)", "Deny", "NotAction", `ArnLike aws:ChatbotSourceArn ["arn:aws:chatbot::*:chat-configuration/*"] held for ["` + opsChannel + `"]`} {
		if !strings.Contains(s, part) {
			t.Errorf("%q lacks %q", s, part)
		}
	}
	if s := r.Deny[1].String(); !strings.Contains(s, `(Sid NoRds): Deny because action matched "rds:*", resource matched "*"`) {
		t.Errorf("explanation %q", s)
	}
}

func TestEvaluateRules(t *testing.T) {
	t.Parallel()
	const readOnlyS3 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":["arn:aws:s3:::Reports","arn:aws:s3:::Reports/*"]}]}`
	tests := []struct {
		name     string
		policies []string
		req      Request
		want     Decision
	}{
		{"nothing allows", []string{readOnlyS3}, request("s3:PutObject", "arn:aws:s3:::Reports/a", nil), ImplicitDeny},
		{"no policies", nil, request("s3:GetObject", "arn:aws:s3:::Reports/a", nil), ImplicitDeny},
		{"action case-insensitive", []string{readOnlyS3}, request("S3:GETOBJECT", "arn:aws:s3:::Reports/a", nil), Allow},
		{"resource case-sensitive", []string{readOnlyS3}, request("s3:GetObject", "arn:aws:s3:::reports/a", nil), ImplicitDeny},
		{"resource exact", []string{readOnlyS3}, request("s3:ListBucket", "arn:aws:s3:::Reports", nil), Allow},
		{"deny wins over allow", []string{readOnlyS3, `{"Statement":{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}}`},
			request("s3:GetObject", "arn:aws:s3:::Reports/a", nil), ExplicitDeny},
		{"Allow NotAction grants the rest", []string{`{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`},
			request("ec2:RunInstances", "*", nil), Allow},
		{"Allow NotAction does not grant the listed", []string{`{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`},
			request("IAM:CreateUser", "*", nil), ImplicitDeny},
		{"Deny NotResource denies other resources", []string{fullAWSAccess, `{"Statement":{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::safe","arn:aws:s3:::safe/*"]}}`},
			request("s3:PutObject", "arn:aws:s3:::other/k", nil), ExplicitDeny},
		{"Deny NotResource spares the listed", []string{fullAWSAccess, `{"Statement":{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::safe","arn:aws:s3:::safe/*"]}}`},
			request("s3:PutObject", "arn:aws:s3:::safe/k", nil), Allow},
		{"NotResource star applies to nothing", []string{`{"Statement":{"Effect":"Allow","Action":"*","NotResource":"*"}}`},
			request("s3:PutObject", "arn:aws:s3:::safe/k", nil), ImplicitDeny},
		{"wildcard in the middle of an action", []string{`{"Statement":{"Effect":"Allow","Action":"ec2:*Instances","Resource":"*"}}`},
			request("ec2:DescribeInstances", "*", nil), Allow},
		{"question mark in an action", []string{`{"Statement":{"Effect":"Allow","Action":"s3:?etObject","Resource":"*"}}`},
			request("s3:GetObject", "*", nil), Allow},
		{"resource variable", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`},
			request("s3:GetObject", "arn:aws:s3:::home/alice/notes", ctxMap{"aws:username": {"alice"}}), Allow},
		{"resource variable, other user", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`},
			request("s3:GetObject", "arn:aws:s3:::home/bob/notes", ctxMap{"aws:username": {"alice"}}), ImplicitDeny},
		{"resource variable, key missing", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`},
			request("s3:GetObject", "arn:aws:s3:::home//notes", nil), ImplicitDeny},
		{"resource variable in the account segment is literal text", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"arn:aws:ec2:*:${aws:PrincipalAccount}:instance/*"}}`},
			request("ec2:StopInstances", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", ctxMap{"aws:PrincipalAccount": {"111122223333"}}), ImplicitDeny},
		{"resource variable under 2008 is literal", []string{`{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`},
			request("s3:GetObject", "arn:aws:s3:::home/alice/notes", ctxMap{"aws:username": {"alice"}}), ImplicitDeny},
		{"condition failing makes the statement not apply", []string{fullAWSAccess, `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}}`},
			request("ec2:RunInstances", "*", ctxMap{"aws:RequestedRegion": {"eu-west-1"}}), Allow},
		{"negated condition on a missing key applies", []string{fullAWSAccess, `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}}`},
			request("ec2:RunInstances", "*", nil), ExplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var set []Named
			for _, doc := range tt.policies {
				set = append(set, Named{Policy: mustParse(t, Identity, doc)})
			}
			if got := decideBoth(t, set, tt.req).Decision; got != tt.want {
				t.Errorf("%v, want %v", got, tt.want)
			}
		})
	}
}

// TestGuardrails follows the third SCP-decision vector: a channel's command
// permission is what its role allows and every guardrail allows.
func TestGuardrails(t *testing.T) {
	t.Parallel()
	role := []Named{named(t, "AdministratorAccess", Identity, fullAWSAccess)}
	guardrails := guardrailPolicies(t)
	tests := []struct {
		action string
		want   bool
	}{
		{"ec2:TerminateInstances", false},
		{"ec2:DescribeInstances", true},
		{"cloudwatch:GetMetricData", true},
		{"iam:ListRoles", false},
		{"sts:GetCallerIdentity", false},
		{"kms:ListKeys", false},
	}
	for _, tt := range tests {
		req := request(tt.action, "*", ctxMap{"aws:ChatbotSourceArn": {opsChannel}})
		roleAllows := decideBoth(t, role, req).Decision == Allow
		allowed := roleAllows
		for _, g := range guardrails {
			if decideBoth(t, []Named{g}, req).Decision != Allow {
				allowed = false
			}
		}
		if allowed != tt.want {
			t.Errorf("%s: allowed = %v, want %v", tt.action, allowed, tt.want)
		}
	}
	// The explicit deny of the command policy is what blocks iam:*.
	r := Evaluate(guardrails, request("iam:ListRoles", "*", nil))
	if r.Decision != ExplicitDeny || r.Deny[0].PolicyID != "ReadOnlyCommands" || r.Deny[0].Action != "iam:*" {
		t.Errorf("iam:ListRoles: %+v", r)
	}
}

// guardrailPolicies returns three guardrails of a chat channel: a cut-down
// ReadOnlyAccess, CloudWatch read-only, and the ReadOnly command template's
// deny list.
func guardrailPolicies(t testing.TB) []Named {
	return []Named{
		named(t, "ReadOnlyAccess", Identity, `{"Version":"2012-10-17","Statement":[{"Sid":"ReadOnly","Effect":"Allow","Action":[
			"cloudwatch:Describe*","cloudwatch:Get*","cloudwatch:List*","ec2:Describe*","ec2:Get*","ecs:Describe*","ecs:List*",
			"iam:Get*","iam:List*","kms:Describe*","kms:List*","lambda:Get*","lambda:List*","logs:Describe*","logs:Get*",
			"rds:Describe*","rds:List*","s3:Get*","s3:List*","sts:GetCallerIdentity"],"Resource":"*"}]}`),
		named(t, "CloudWatchAndLambda", Identity, `{"Version":"2012-10-17","Statement":[
			{"Effect":"Allow","Action":["cloudwatch:*","logs:*","lambda:invokeAsync","lambda:invokeFunction"],"Resource":"*"},
			{"Effect":"Allow","NotAction":["cloudwatch:*","logs:*","lambda:*"],"Resource":"*"}]}`),
		named(t, "ReadOnlyCommands", Identity, `{"Version":"2012-10-17","Statement":[{"Sid":"DenySensitive","Effect":"Deny","Action":[
			"iam:*","kms:*","sts:*","cognito-idp:GetSigningCertificate","ec2:GetPasswordData","ecr:GetAuthorizationToken",
			"gamelift:RequestUploadCredentials","gamelift:GetInstanceAccess","lightsail:DownloadDefaultKeyPair",
			"lightsail:GetInstanceAccessDetails","lightsail:GetKeyPair","lightsail:GetKeyPairs","redshift:GetClusterCredentials",
			"s3:GetBucketPolicy","storagegateway:DescribeChapCredentials"],"Resource":"*"},
			{"Sid":"AllowRest","Effect":"Allow","Action":"*","Resource":"*"}]}`),
	}
}

func TestDecisionString(t *testing.T) {
	t.Parallel()
	for d, want := range map[Decision]string{Allow: "allowed", ExplicitDeny: "explicitDeny", ImplicitDeny: "implicitDeny"} {
		if d.String() != want || d.Allowed() != (d == Allow) {
			t.Errorf("%d: %q, Allowed %v", d, d.String(), d.Allowed())
		}
	}
}

func TestEvaluateAllocations(t *testing.T) {
	set := []Named{named(t, "full", SCP, fullAWSAccess), named(t, "chat", SCP, blogSCP)}
	req := request("rds:DeleteDBCluster", "*", ctxMap{"aws:ChatbotSourceArn": {opsChannel}, "aws:username": {"alice"}})
	if n := testing.AllocsPerRun(100, func() { Decide(set, req) }); n != 0 {
		t.Errorf("Decide allocates %v times per call", n)
	}
	// Policy variables are substituted without allocating too.
	vars := []Named{named(t, "home", Identity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*",`+
		`"Resource":"arn:aws:s3:::home/${aws:username}/*","Condition":{"StringLike":{"s3:prefix":"${aws:username}/*"}}}}`)}
	req = request("s3:ListBucket", "arn:aws:s3:::home/alice/x", ctxMap{"aws:username": {"alice"}, "s3:prefix": {"alice/docs"}})
	if d := Decide(vars, req); d != Allow {
		t.Fatalf("variables: %v", d)
	}
	if n := testing.AllocsPerRun(100, func() { Decide(vars, req) }); n != 0 {
		t.Errorf("Decide with policy variables allocates %v times per call", n)
	}
}
