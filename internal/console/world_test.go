package console_test

import (
	"context"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/cli"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/gov"
)

// The management account and root key every test server starts with.
const (
	mgmtAccount = "111111111111"
	rootKey     = "AKIACONSOLETEST0001"
	rootSecret  = "console-test-root-secret-0123456789"
	workspace   = "T12341234"
)

// world is a running chatgov server (cli.StartServer on 127.0.0.1:0, the
// embedded store in a temporary directory) with an organization: the
// management account, an OU "Workloads" holding the member account "dev",
// and in dev a Slack configuration that uses the channel's role, so that
// the blog's AllowOnlySlackWithUserRolePolicy disables it.
type world struct {
	srv    *cli.Server
	url    string
	rootID string
	ouID   string
	dev    string
	config gov.ChatConfiguration
	member gov.Credential // dev's assumed-role credentials
	mgmt   gov.Caller
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	srv := startServer(t)
	w := &world{srv: srv, url: "http://" + srv.Addr}
	svc := srv.Service
	w.mgmt = gov.Caller{AccountID: mgmtAccount, ARN: "arn:aws:iam::" + mgmtAccount + ":root", AccessKeyID: rootKey}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := svc.CreateOrganization(ctx, w.mgmt, gov.FeatureSetAll)
	must(err)
	roots, err := svc.ListRoots(w.mgmt, "", 1)
	must(err)
	w.rootID = roots.Items[0].ID
	ou, err := svc.CreateOrganizationalUnit(ctx, w.mgmt, w.rootID, "Workloads", nil)
	must(err)
	w.ouID = ou.ID
	st, err := svc.CreateAccount(ctx, w.mgmt, gov.CreateAccountInput{Email: "dev@example.com", AccountName: "dev"})
	must(err)
	done, err := svc.DescribeCreateAccountStatus(w.mgmt, st.ID)
	must(err)
	w.dev = done.AccountID
	must(svc.MoveAccount(ctx, w.mgmt, w.dev, w.rootID, w.ouID))
	role, err := svc.AssumeRole(ctx, w.mgmt, "arn:aws:iam::"+w.dev+":role/OrganizationAccountAccessRole", "console-test", 3600)
	must(err)
	w.member = role.Credentials
	member := gov.Caller{AccountID: w.dev, ARN: role.ARN, AccessKeyID: role.Credentials.AccessKeyID}
	roleARN := "arn:aws:iam::" + w.dev + ":role/chat"
	w.config, err = svc.CreateChatConfiguration(ctx, member,
		gov.NewChatConfiguration{Platform: gov.PlatformSlack, Name: "ops", SlackTeamID: workspace, SlackChannelID: "C0OPS0001"},
		gov.ChatInput{IamRoleARN: &roleARN})
	must(err)
	if w.config.State != gov.StateEnabled {
		t.Fatalf("the configuration starts %s, want ENABLED", w.config.State)
	}
	return w
}

// startServer starts chatgov as serve does, on 127.0.0.1:0 with the
// embedded store in a temporary directory, and stops it at the test's end.
func startServer(t testing.TB) *cli.Server {
	t.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.ManagementAccountID = mgmtAccount
	cfg.RootAccessKeyID = rootKey
	cfg.RootSecretAccessKey = config.Secret(rootSecret)
	srv, err := cli.StartServer(context.Background(), cfg, cli.ServerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Close(ctx); err != nil {
			t.Errorf("closing the server: %v", err)
		}
	})
	return srv
}

// figure4 is the blog's AllowOnlySlackWithUserRolePolicy (its Figure 4).
const figure4 = `{"chatbot":{"default":{"client":{"@@assign":"disabled"}},"platforms":{"slack":{"client":{"@@assign":"enabled"},` +
	`"default":{"supported_role_settings":{"@@assign":["user_role"]}},"workspaces":{"@@assign":["T12341234"]}}}}}`
