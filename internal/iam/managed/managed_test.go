package managed

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/iam"
)

const arnPrefix = "arn:aws:iam::aws:policy/"

// The policies the chat guardrail evaluation depends on; the package may hold
// more, never fewer.
var required = []string{
	"AdministratorAccess",
	"AmazonQDeveloperAccess",
	"AWSResourceExplorerReadOnlyAccess",
	"AWSSupportAccess",
	"CloudWatchReadOnlyAccess",
	"PowerUserAccess",
	"ReadOnlyAccess",
}

func TestEveryDocumentParses(t *testing.T) {
	t.Parallel()
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := parse(name)
			if err != nil {
				t.Fatal(err)
			}
			if p.Version != iam.Version2012 {
				t.Errorf("Version = %q, want %q", p.Version, iam.Version2012)
			}
			if len(p.Statements) == 0 {
				t.Error("no statements")
			}
		})
	}
}

// The catalog and the policies directory must describe the same set of
// documents, and every entry must carry its provenance.
func TestCatalogMatchesFiles(t *testing.T) {
	t.Parallel()
	c, err := decodeCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := time.Parse(time.DateOnly, c.Retrieved); err != nil {
		t.Errorf("retrieved %q: %v", c.Retrieved, err)
	}
	version := regexp.MustCompile(`^v[1-9][0-9]*$`)
	inCatalog := map[string]bool{}
	for _, e := range c.Policies {
		if inCatalog[e.Name] {
			t.Errorf("%s: listed twice", e.Name)
		}
		inCatalog[e.Name] = true
		if e.ARN != arnPrefix+e.Name {
			t.Errorf("%s: arn %q, want %q", e.Name, e.ARN, arnPrefix+e.Name)
		}
		if !version.MatchString(e.Version) {
			t.Errorf("%s: version %q is not an IAM version id", e.Name, e.Version)
		}
		if e.Form != "verbatim" && e.Form != "normalized" {
			t.Errorf("%s: form %q, want verbatim or normalized", e.Name, e.Form)
		}
		if !strings.HasPrefix(e.Source, "https://") {
			t.Errorf("%s: source %q is not a URL", e.Name, e.Source)
		}
		if e.Created != "" {
			if _, err := time.Parse("2006-01-02T15:04Z07:00", e.Created); err != nil {
				if _, err := time.Parse(time.RFC3339, e.Created); err != nil {
					t.Errorf("%s: created %q is not a UTC timestamp", e.Name, e.Created)
				}
			}
		}
	}
	matches, err := fs.Glob(files, "policies/*.json")
	if err != nil {
		t.Fatal(err)
	}
	onDisk := map[string]bool{}
	for _, m := range matches {
		name := strings.TrimSuffix(path.Base(m), ".json")
		onDisk[name] = true
		if !inCatalog[name] {
			t.Errorf("%s has no catalog entry", m)
		}
	}
	for name := range inCatalog {
		if !onDisk[name] {
			t.Errorf("catalog entry %s has no policies/%s.json", name, name)
		}
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	names := Names()
	if !slices.IsSorted(names) {
		t.Errorf("Names() = %v, not sorted", names)
	}
	for _, want := range required {
		if !slices.Contains(names, want) {
			t.Errorf("Names() lacks %s", want)
		}
	}
	names[0] = "changed"
	if Names()[0] == "changed" {
		t.Error("Names() returns the package's own slice")
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	for _, name := range Names() {
		byName, ok := Lookup(name)
		if !ok || byName == nil {
			t.Errorf("Lookup(%q) = %v, %v", name, byName, ok)
			continue
		}
		byARN, ok := Lookup(arnPrefix + name)
		if !ok || byARN != byName {
			t.Errorf("Lookup(ARN of %s) = %p, %v; want the same policy as by name (%p)", name, byARN, ok, byName)
		}
		if again, _ := Lookup(name); again != byName {
			t.Errorf("Lookup(%q) parsed the document twice", name)
		}
	}
	for _, unknown := range []string{
		"",
		"ReadOnlyAcces",
		"readonlyaccess", // names and ARNs match exactly
		"arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", // not held
		"arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess",       // another partition's copy may differ
		"arn:aws:iam::111122223333:policy/ReadOnlyAccess",     // a customer policy of the same name
		"arn:aws:iam::aws:policy/",
	} {
		if p, ok := Lookup(unknown); ok || p != nil {
			t.Errorf("Lookup(%q) = %v, %v; want nil, false", unknown, p, ok)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"AdministratorAccess":         "v1",
		"ReadOnlyAccess":              "v186",
		arnPrefix + "PowerUserAccess": "v12",
		"NoSuchPolicy":                "",
	} {
		if got := Version(name); got != want {
			t.Errorf("Version(%q) = %q, want %q", name, got, want)
		}
	}
}

type decisionCase struct {
	action, resource string
	ctx              map[string][]string
	want             iam.Decision
}

// The expectations come from the embedded documents themselves; each case
// names the statement or pattern that decides it.
var decisions = map[string][]decisionCase{
	"AdministratorAccess": {
		{action: "iam:CreateUser", resource: "*", want: iam.Allow},
		{action: "ec2:TerminateInstances", resource: "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc", want: iam.Allow},
		{action: "organizations:LeaveOrganization", resource: "*", want: iam.Allow},
		{action: "someservice:AnyActionAtAll", resource: "*", want: iam.Allow},
	},
	"ReadOnlyAccess": {
		{action: "ec2:DescribeInstances", resource: "*", want: iam.Allow},                           // ec2:Describe*
		{action: "s3:GetObject", resource: "arn:aws:s3:::reports/2026/q3.csv", want: iam.Allow},     // s3:Get*
		{action: "S3:getobject", resource: "arn:aws:s3:::reports/2026/q3.csv", want: iam.Allow},     // actions match case-insensitively
		{action: "cloudwatch:GetMetricData", resource: "*", want: iam.Allow},                        // cloudwatch:Get*
		{action: "logs:StartQuery", resource: "*", want: iam.Allow},                                 // group 2
		{action: "resource-explorer-2:Search", resource: "*", want: iam.Allow},                      // group 2
		{action: "xray:GetTraceSummaries", resource: "*", want: iam.Allow},                          // last pattern family
		{action: "iam:GetRole", resource: "arn:aws:iam::111122223333:role/ops", want: iam.Allow},    // iam:Get*
		{action: "chatbot:ListMicrosoftTeamsChannelConfigurations", resource: "*", want: iam.Allow}, // chatbot:List*
		{action: "ec2:TerminateInstances", resource: "*", want: iam.ImplicitDeny},
		{action: "iam:CreateUser", resource: "*", want: iam.ImplicitDeny},
		{action: "s3:PutObject", resource: "arn:aws:s3:::reports/x", want: iam.ImplicitDeny},
		{action: "lambda:InvokeFunction", resource: "*", want: iam.ImplicitDeny},
		{action: "kms:Decrypt", resource: "*", want: iam.ImplicitDeny},
		{action: "ssm:StartAutomationExecution", resource: "*", want: iam.ImplicitDeny},
		// The third statement allows read-only S3 Express sessions only.
		{action: "s3express:CreateSession", resource: "*", ctx: map[string][]string{"s3express:SessionMode": {"ReadOnly"}}, want: iam.Allow},
		{action: "s3express:CreateSession", resource: "*", ctx: map[string][]string{"s3express:SessionMode": {"ReadWrite"}}, want: iam.ImplicitDeny},
		{action: "s3express:CreateSession", resource: "*", want: iam.ImplicitDeny},
	},
	"PowerUserAccess": {
		{action: "ec2:TerminateInstances", resource: "*", want: iam.Allow}, // NotAction iam:*, organizations:*, account:*
		{action: "rds:DeleteDBCluster", resource: "*", want: iam.Allow},
		{action: "iam:CreateUser", resource: "*", want: iam.ImplicitDeny},
		{action: "iam:GetRole", resource: "*", want: iam.ImplicitDeny},          // only the listed iam actions come back
		{action: "iam:CreateServiceLinkedRole", resource: "*", want: iam.Allow}, // second statement
		{action: "iam:DeleteServiceLinkedRole", resource: "*", want: iam.Allow},
		{action: "iam:ListRoles", resource: "*", want: iam.Allow},
		{action: "organizations:DescribeOrganization", resource: "*", want: iam.Allow},
		{action: "organizations:LeaveOrganization", resource: "*", want: iam.ImplicitDeny},
		{action: "account:GetAccountInformation", resource: "*", want: iam.Allow},
		{action: "account:PutAlternateContact", resource: "*", want: iam.ImplicitDeny},
	},
	"CloudWatchReadOnlyAccess": {
		{action: "cloudwatch:GetMetricData", resource: "*", want: iam.Allow},
		{action: "logs:FilterLogEvents", resource: "*", want: iam.Allow},
		{action: "cloudwatch:PutMetricAlarm", resource: "*", want: iam.ImplicitDeny},
		{action: "ec2:TerminateInstances", resource: "*", want: iam.ImplicitDeny},
		// iam:GetRole only on the Application Signals service-linked role.
		{action: "iam:GetRole", resource: "arn:aws:iam::111122223333:role/aws-service-role/application-signals.cloudwatch.amazonaws.com/AWSServiceRoleForCloudWatchApplicationSignals", want: iam.Allow},
		{action: "iam:GetRole", resource: "arn:aws:iam::111122223333:role/ops", want: iam.ImplicitDeny},
		// Service quotas only for the listed services.
		{action: "servicequotas:GetServiceQuota", resource: "arn:aws:servicequotas:eu-west-1:111122223333:ec2/L-1216C47A", want: iam.Allow},
		{action: "servicequotas:GetServiceQuota", resource: "arn:aws:servicequotas:eu-west-1:111122223333:iam/L-FE177D64", want: iam.ImplicitDeny},
		{action: "resource-explorer-2:Search", resource: "arn:aws:resource-explorer-2:eu-west-1:111122223333:view/AWSServiceViewForApplicationSignals/service-view", want: iam.ImplicitDeny}, // the view ARN has an empty account
		{action: "resource-explorer-2:Search", resource: "arn:aws:resource-explorer-2:eu-west-1::view/AWSServiceViewForApplicationSignals/service-view", want: iam.Allow},
	},
	"AWSSupportAccess": {
		{action: "support:CreateCase", resource: "*", want: iam.Allow},
		{action: "support:DescribeCases", resource: "*", want: iam.Allow},
		{action: "support-console:GetCaseDraft", resource: "*", want: iam.Allow},
		{action: "ec2:DescribeInstances", resource: "*", want: iam.ImplicitDeny},
	},
	"AWSResourceExplorerReadOnlyAccess": {
		{action: "resource-explorer-2:Search", resource: "*", want: iam.Allow},
		{action: "resource-explorer-2:GetView", resource: "*", want: iam.Allow},
		{action: "ec2:DescribeRegions", resource: "*", want: iam.Allow},
		{action: "resource-explorer-2:CreateView", resource: "*", want: iam.ImplicitDeny},
		{action: "ec2:DescribeInstances", resource: "*", want: iam.ImplicitDeny},
	},
	"AmazonQDeveloperAccess": {
		{action: "q:StartConversation", resource: "*", want: iam.Allow},
		{action: "cloudformation:ListResources", resource: "*", want: iam.Allow},
		{action: "sts:SetContext", resource: "arn:aws:sts::111122223333:self", want: iam.Allow},
		{action: "cloudformation:DeleteStack", resource: "*", want: iam.ImplicitDeny},
	},
	"SecurityAudit": {
		{action: "iam:GetAccountAuthorizationDetails", resource: "*", want: iam.Allow},
		{action: "s3:GetBucketPolicy", resource: "arn:aws:s3:::reports", want: iam.Allow}, // s3:GetBucket*
		{action: "s3:GetObject", resource: "arn:aws:s3:::reports/x", want: iam.ImplicitDeny},
		{action: "apigateway:GET", resource: "arn:aws:apigateway:eu-west-1::/restapis", want: iam.Allow},
		{action: "apigateway:GET", resource: "arn:aws:apigateway:eu-west-1::/apikeys", want: iam.ImplicitDeny},
	},
	"AWSLambda_ReadOnlyAccess": {
		{action: "lambda:GetFunction", resource: "*", want: iam.Allow},
		{action: "lambda:InvokeFunction", resource: "*", want: iam.ImplicitDeny},
		{action: "logs:GetLogEvents", resource: "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/restart-app:log-stream:x", want: iam.Allow},
		{action: "logs:GetLogEvents", resource: "arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/web", want: iam.ImplicitDeny},
	},
	"AmazonEC2ReadOnlyAccess": {
		{action: "ec2:DescribeInstances", resource: "*", want: iam.Allow},
		{action: "elasticloadbalancing:DescribeLoadBalancers", resource: "*", want: iam.Allow},
		{action: "ec2:TerminateInstances", resource: "*", want: iam.ImplicitDeny},
	},
}

func TestDecisions(t *testing.T) {
	t.Parallel()
	for name, cases := range decisions {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, ok := Lookup(name)
			if !ok {
				t.Fatalf("Lookup(%q) = false", name)
			}
			policies := []iam.Named{{ID: arnPrefix + name, Name: name, Policy: p}}
			for _, c := range cases {
				req := iam.Request{Action: c.action, Resource: c.resource, Context: iam.NewContext(c.ctx)}
				r := iam.Evaluate(policies, req)
				if r.Decision != c.want {
					t.Errorf("%s on %s: Evaluate = %v, want %v", c.action, c.resource, r.Decision, c.want)
				}
				if d := iam.Decide(policies, req); d != r.Decision {
					t.Errorf("%s on %s: Decide = %v, Evaluate = %v", c.action, c.resource, d, r.Decision)
				}
			}
		})
	}
}

// AWS managed permission policies grant; none of the held ones denies.
func TestNoDenyStatements(t *testing.T) {
	t.Parallel()
	for _, name := range Names() {
		p, _ := Lookup(name)
		for i, st := range p.Statements {
			if st.Effect != iam.EffectAllow {
				t.Errorf("%s statement %d: Effect %s", name, i, st.Effect)
			}
		}
	}
}
