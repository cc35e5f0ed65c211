package cli

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/store/memstore"
)

// demoWant is each demo configuration's expected state and, when it is
// disabled, what its reason says.
var demoWant = map[string]struct{ state, reason string }{
	"dev-ops":     {gov.StateEnabled, ""},
	"prod-alerts": {gov.StateEnabled, ""},
	"ledger":      {gov.StateDisabled, "channel_role"},
	"contractors": {gov.StateDisabled, `Slack workspace "T0CONTRAC" is not allowed`},
	"prod-teams":  {gov.StateDisabled, "Microsoft Teams is disabled"},
}

// TestSeedDemo seeds the demo through the service and checks the
// organization it makes: the tree, the policies where the blog puts
// them, each configuration's state and reason; and that a second seed,
// on a store that is no longer fresh, is refused and changes nothing.
func TestSeedDemo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, err := gov.New(ctx, memstore.New(), gov.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := svc.Bootstrap(ctx, gov.BootstrapInput{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := seedDemo(ctx, svc, b.ManagementAccountID)
	if err != nil {
		t.Fatal(err)
	}
	mgmt := rootCaller(b.ManagementAccountID)
	for account, ou := range map[string]string{"dev": "Engineering", "prod": "Prod", "ledger": "Finance"} {
		parents, err := svc.ListParents(mgmt, d.Accounts[account], "", 0)
		if err != nil || len(parents.Items) != 1 || parents.Items[0].ID != d.OUs[ou] {
			t.Errorf("account %s: parents %+v, %v; want the OU %s (%s)", account, parents.Items, err, ou, d.OUs[ou])
		}
	}
	for target, want := range map[string]string{d.RootID: d.ChatbotPolicy, d.OUs["Engineering"]: d.SCP} {
		targets, err := svc.ListTargetsForPolicy(mgmt, want, "", 0)
		if err != nil || len(targets.Items) != 1 || targets.Items[0].TargetID != target {
			t.Errorf("policy %s: targets %+v, %v; want %s", want, targets.Items, err, target)
		}
	}
	if len(d.Configurations) != len(demoWant) {
		t.Fatalf("%d configurations, want %d", len(d.Configurations), len(demoWant))
	}
	for _, c := range d.Configurations {
		want, ok := demoWant[c.Name]
		if !ok || c.State != want.state || !strings.Contains(c.StateReason, want.reason) || (want.reason == "") != (c.StateReason == "") {
			t.Errorf("%s: %s %q; want %s with a reason saying %q", c.ARN, c.State, c.StateReason, want.state, want.reason)
		}
		if want.reason != "" && !strings.Contains(c.StateReason, d.ChatbotPolicy) {
			t.Errorf("%s: the reason %q does not name the policy %s", c.ARN, c.StateReason, d.ChatbotPolicy)
		}
	}
	rev := svc.Revision()
	if _, err := seedDemo(ctx, svc, b.ManagementAccountID); !errors.Is(err, errStoreNotFresh) || !strings.Contains(err.Error(), d.OrganizationID) {
		t.Errorf("a second seed: %v; want a refusal naming %s", err, d.OrganizationID)
	}
	if svc.Revision() != rev {
		t.Error("the refused seed changed the store")
	}
}

var demoNextStepRe = regexp.MustCompile(`(?m)^  chatgov (.*)$`)

// TestDemoCommand runs chatgov demo on a fresh directory: the printed
// environment calls the server, the printed chatgov commands run as
// printed, the AWS SDK sees the demo's organization; and a second demo
// on the same store is refused, naming it.
func TestDemoCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	t.Run("fresh", func(t *testing.T) {
		rc := startCmd(t, map[string]string{}, "demo", "--listen", "127.0.0.1:0", "--data", dir)
		text := rc.stderr.String()
		env := exportedEnv(t, text)
		if env["AWS_ENDPOINT_URL"] != rc.url || env["AWS_SECRET_ACCESS_KEY"] == "" {
			t.Fatalf("the demo printed no working environment:\n%s", text)
		}
		for name, want := range demoWant {
			if !regexp.MustCompile(`(?m)^  ` + want.state + ` +arn:aws:chatbot::\d{12}:chat-configuration/[a-z-]+/` + name + `\b`).MatchString(text) {
				t.Errorf("the demo does not show %s %s:\n%s", want.state, name, text)
			}
		}
		steps := demoNextStepRe.FindAllStringSubmatch(text, -1)
		if len(steps) < 2 {
			t.Fatalf("the demo printed no chatgov next steps:\n%s", text)
		}
		for _, step := range steps {
			args := strings.Fields(strings.ReplaceAll(step[1], `"$AWS_ENDPOINT_URL"`, env["AWS_ENDPOINT_URL"]))
			var out, errOut syncBuffer
			code := Run(context.Background(), args, Streams{In: strings.NewReader(""), Out: &out, Err: &errOut,
				Env: func(k string) string { return env[k] }})
			if code == ExitUsage || out.String() == "" {
				t.Errorf("the next step chatgov %s: exit %d\n%s%s", step[1], code, out.String(), errOut.String())
			}
		}
		orgs := organizations.NewFromConfig(aws.Config{Region: env["AWS_REGION"], RetryMaxAttempts: 1,
			Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				return aws.Credentials{AccessKeyID: env["AWS_ACCESS_KEY_ID"], SecretAccessKey: env["AWS_SECRET_ACCESS_KEY"]}, nil
			})}, func(o *organizations.Options) { o.BaseEndpoint = aws.String(rc.url) })
		accounts, err := orgs.ListAccounts(context.Background(), &organizations.ListAccountsInput{})
		if err != nil || len(accounts.Accounts) != 4 {
			t.Fatalf("ListAccounts: %v, %d accounts; want the management account and three members", err, len(accounts.Accounts))
		}
		ledger := regexp.MustCompile(`account ledger (\d{12})`).FindStringSubmatch(text)
		if ledger == nil {
			t.Fatalf("the demo does not show the ledger account:\n%s", text)
		}
		eff, err := orgs.DescribeEffectivePolicy(context.Background(), &organizations.DescribeEffectivePolicyInput{
			PolicyType: orgtypes.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(ledger[1])})
		if err != nil || !strings.Contains(aws.ToString(eff.EffectivePolicy.PolicyContent), "T12341234") {
			t.Errorf("the ledger account's effective chatbot policy: %v", err)
		}
	})
	code, _, errOut := run(t, "", "demo", "--listen", "127.0.0.1:0", "--data", dir)
	if code != ExitFailed || !strings.Contains(errOut, "the demo seeds only a fresh store") || !strings.Contains(errOut, dir) {
		t.Errorf("a second demo on the same store: exit %d, %s", code, errOut)
	}
}
