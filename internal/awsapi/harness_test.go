package awsapi_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/chatgov/chatgov/internal/cli"
	"github.com/chatgov/chatgov/internal/config"
)

// The management account and its root key in every test server.
const (
	mgmtAccount = "111111111111"
	rootKey     = "AKIAMANAGEMENTROOT01"
	rootSecret  = "management-root-secret-key-0000000001"
)

// clock is a clock tests can move.
type clock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.off += d
	c.mu.Unlock()
}

// testServer is a chatgov server for one test.
type testServer struct {
	t     *testing.T
	srv   *cli.Server
	cfg   config.Config
	clock *clock
}

// startServer starts a server on a fresh SQLite store, with the management
// account and root key above. opts adjust the configuration.
func startServer(t *testing.T, opts ...func(*config.Config)) *testServer {
	t.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.ManagementAccountID = mgmtAccount
	cfg.RootAccessKeyID = rootKey
	cfg.RootSecretAccessKey = config.Secret(rootSecret)
	for _, o := range opts {
		o(&cfg)
	}
	ts := &testServer{t: t, cfg: cfg, clock: &clock{}}
	ts.start()
	t.Cleanup(func() { ts.stop() })
	return ts
}

func (ts *testServer) start() {
	ts.t.Helper()
	srv, err := cli.StartServer(context.Background(), ts.cfg, cli.ServerOptions{Now: ts.clock.now})
	if err != nil {
		ts.t.Fatal(err)
	}
	ts.srv = srv
	ts.cfg.Listen = srv.Addr // a restart comes back on the same address
}

func (ts *testServer) stop() {
	if ts.srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := ts.srv.Close(ctx); err != nil {
		ts.t.Errorf("closing the server: %v", err)
	}
	ts.srv = nil
	// The clients share the default transport, whose idle connections to
	// the closed server are dead; a restarted server on the same address
	// would otherwise meet a request written into one of them.
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
}

// restart stops the server and starts it again on the same store.
func (ts *testServer) restart() {
	ts.t.Helper()
	ts.stop()
	// The clients' kept-alive connections went with the old server; one
	// picked before its closing is noticed would fail the next request.
	http.DefaultClient.CloseIdleConnections()
	ts.start()
}

// awsConfig returns SDK configuration for the given credentials, pointed at
// the server, with retries off so that failures show at once.
func (ts *testServer) awsConfig(key, secret, token string) aws.Config {
	return aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider(key, secret, token),
		RetryMaxAttempts: 1,
		HTTPClient:       &http.Client{Timeout: 30 * time.Second},
	}
}

func (ts *testServer) mgmt() aws.Config { return ts.awsConfig(rootKey, rootSecret, "") }

func (ts *testServer) orgs(cfg aws.Config) *organizations.Client {
	return organizations.NewFromConfig(cfg, func(o *organizations.Options) { o.BaseEndpoint = aws.String(ts.srv.URL()) })
}

func (ts *testServer) sts(cfg aws.Config) *sts.Client {
	return sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(ts.srv.URL()) })
}

// mgmtOrgs is the management account's Organizations client.
func (ts *testServer) mgmtOrgs() *organizations.Client { return ts.orgs(ts.mgmt()) }

// assume returns credentials of the role CreateAccount made in a member account.
func (ts *testServer) assume(accountID string) aws.Config {
	ts.t.Helper()
	out, err := ts.sts(ts.mgmt()).AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn:         aws.String("arn:aws:iam::" + accountID + ":role/OrganizationAccountAccessRole"),
		RoleSessionName: aws.String("test"),
	})
	if err != nil {
		ts.t.Fatalf("assuming a role in %s: %v", accountID, err)
	}
	c := out.Credentials
	return ts.awsConfig(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
}

// org creates the organization and returns its root ID.
func (ts *testServer) org() string {
	ts.t.Helper()
	ctx := context.Background()
	c := ts.mgmtOrgs()
	if _, err := c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		ts.t.Fatalf("CreateOrganization: %v", err)
	}
	roots, err := c.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil || len(roots.Roots) != 1 {
		ts.t.Fatalf("ListRoots: %v %v", roots, err)
	}
	return *roots.Roots[0].Id
}

// account creates a member account and returns its ID.
func (ts *testServer) account(name string) string {
	ts.t.Helper()
	ctx := context.Background()
	c := ts.mgmtOrgs()
	out, err := c.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String(name), Email: aws.String(name + "@example.com")})
	if err != nil {
		ts.t.Fatalf("CreateAccount %s: %v", name, err)
	}
	st, err := c.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: out.CreateAccountStatus.Id})
	if err != nil || st.CreateAccountStatus.State != orgtypes.CreateAccountStateSucceeded {
		ts.t.Fatalf("DescribeCreateAccountStatus %s: %+v %v", name, st, err)
	}
	return *st.CreateAccountStatus.AccountId
}

// ou creates an OU and returns its ID.
func (ts *testServer) ou(parentID, name string) string {
	ts.t.Helper()
	out, err := ts.mgmtOrgs().CreateOrganizationalUnit(context.Background(), &organizations.CreateOrganizationalUnitInput{
		ParentId: aws.String(parentID), Name: aws.String(name)})
	if err != nil {
		ts.t.Fatalf("CreateOrganizationalUnit %s: %v", name, err)
	}
	return *out.OrganizationalUnit.Id
}

// move moves an account.
func (ts *testServer) move(accountID, from, to string) {
	ts.t.Helper()
	if _, err := ts.mgmtOrgs().MoveAccount(context.Background(), &organizations.MoveAccountInput{AccountId: aws.String(accountID),
		SourceParentId: aws.String(from), DestinationParentId: aws.String(to)}); err != nil {
		ts.t.Fatalf("MoveAccount %s: %v", accountID, err)
	}
}

// wantErr checks that err is of type T (an SDK exception type) and returns it.
func wantErr[T error](t *testing.T, err error) T {
	t.Helper()
	var target T
	if err == nil {
		t.Fatalf("no error; want %T", target)
	}
	if !errors.As(err, &target) {
		t.Fatalf("error %v (%T); want %T", err, err, target)
	}
	return target
}

// result is a call's value and error, so that a test can write
// try(c.Op(ctx, in)).must(t).
type result[T any] struct {
	v   T
	err error
}

func try[T any](v T, err error) result[T] { return result[T]{v, err} }

// must fails the test on an error and returns the value.
func (r result[T]) must(t *testing.T) T {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.v
}
