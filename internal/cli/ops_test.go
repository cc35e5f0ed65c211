package cli

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/gov"
)

// startOpsServer starts a server with the test's root credentials, so,
// and a log the test reads.
func startOpsServer(t *testing.T, so ServerOptions) (*Server, *syncBuffer) {
	t.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.ManagementAccountID = testMgmtAccount
	cfg.RootAccessKeyID = testRootKey
	cfg.RootSecretAccessKey = config.Secret(testRootSecret)
	logs := &syncBuffer{}
	so.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := StartServer(context.Background(), cfg, so)
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
	return srv, logs
}

func rootSDKConfig() aws.Config {
	return aws.Config{Region: "us-east-1", RetryMaxAttempts: 1, HTTPClient: &http.Client{Timeout: 30 * time.Second},
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: testRootKey, SecretAccessKey: testRootSecret}, nil
		})}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// metricValue reads one sample of a metrics page; -1 when absent.
func metricValue(page, sample string) float64 {
	for _, line := range strings.Split(page, "\n") {
		if rest, ok := strings.CutPrefix(line, sample+" "); ok {
			v, err := strconv.ParseFloat(rest, 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

// TestMetrics drives a server seeded with the demo through the AWS SDK
// and raw HTTP, then reads /metrics: requests by service, operation and
// status, latencies, configurations by state, compliance events, store
// commits, the Go and process collectors; no account ID anywhere; and
// operations a caller makes up counted as "unknown", not as labels.
func TestMetrics(t *testing.T) {
	t.Parallel()
	srv, _ := startOpsServer(t, ServerOptions{Seed: func(ctx context.Context, svc *gov.Service, b gov.BootstrapResult) error {
		_, err := seedDemo(ctx, svc, b.ManagementAccountID)
		return err
	}})
	ctx := context.Background()
	orgs := organizations.NewFromConfig(rootSDKConfig(), func(o *organizations.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	for range 2 {
		if _, err := orgs.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := orgs.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String("999999999999")}); err == nil {
		t.Fatal("DescribeAccount of an account that does not exist succeeded")
	}
	stsc := sts.NewFromConfig(rootSDKConfig(), func(o *sts.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	if _, err := stsc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	cfn := cloudformation.NewFromConfig(rootSDKConfig(), func(o *cloudformation.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	if _, err := cfn.ListStacks(ctx, &cloudformation.ListStacksInput{}); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"AWSOrganizationsV20161128.MadeUp1", "AWSOrganizationsV20161128.MadeUp2"} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/", strings.NewReader("{}"))
		req.Header.Set("X-Amz-Target", target)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}

	code, page := get(t, srv.URL()+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d\n%s", code, page)
	}
	for sample, want := range map[string]float64{
		`chatgov_requests_total{code="200",operation="DescribeOrganization",service="organizations"}`:      2,
		`chatgov_requests_total{code="400",operation="DescribeAccount",service="organizations"}`:           1,
		`chatgov_requests_total{code="200",operation="GetCallerIdentity",service="sts"}`:                   1,
		`chatgov_requests_total{code="400",operation="unknown",service="organizations"}`:                   2,
		`chatgov_requests_total{code="200",operation="ListStacks",service="cloudformation"}`:               1,
		`chatgov_request_duration_seconds_count{operation="DescribeOrganization",service="organizations"}`: 2,
		`chatgov_chat_configurations{state="ENABLED"}`:                                                     2,
		`chatgov_chat_configurations{state="DISABLED"}`:                                                    3,
		`chatgov_compliance_events_written_total`:                                                          3,
	} {
		if got := metricValue(page, sample); got != want {
			t.Errorf("%s = %v, want %v", sample, got, want)
		}
	}
	for _, sample := range []string{"chatgov_store_commit_duration_seconds_count", "go_goroutines", "process_cpu_seconds_total",
		`chatgov_request_duration_seconds_bucket{operation="GetCallerIdentity",service="sts",le="+Inf"}`} {
		if metricValue(page, sample) <= 0 {
			t.Errorf("/metrics has no %s > 0", sample)
		}
	}
	if strings.Contains(page, "MadeUp") {
		t.Error("an operation a caller made up became a label")
	}
	for _, id := range regexp.MustCompile(`\b\d{12}\b`).FindAllString(page, -1) {
		if id == testMgmtAccount || srv.Service.ManagementAccountID() == id {
			t.Errorf("/metrics shows the account %s", id)
		}
	}
	if strings.Contains(page, "arn:aws") || strings.Contains(page, testMgmtAccount) {
		t.Error("/metrics shows an ARN or an account")
	}
}

// TestRequestIDs: every response carries x-amzn-RequestId, as the AWS SDK
// reads it for Organizations, STS (also in its body) and errors, and the
// request's log line has the same ID.
func TestRequestIDs(t *testing.T) {
	t.Parallel()
	srv, logs := startOpsServer(t, ServerOptions{})
	ctx := context.Background()
	var ids []string
	orgs := organizations.NewFromConfig(rootSDKConfig(), func(o *organizations.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	out, err := orgs.CreateOrganization(ctx, &organizations.CreateOrganizationInput{})
	if err != nil {
		t.Fatal(err)
	}
	id, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	if !ok || id == "" {
		t.Fatal("CreateOrganization's response has no request ID")
	}
	ids = append(ids, id)
	stsc := sts.NewFromConfig(rootSDKConfig(), func(o *sts.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	who, err := stsc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	id, ok = awsmiddleware.GetRequestIDMetadata(who.ResultMetadata)
	if !ok || id == "" {
		t.Fatal("GetCallerIdentity's response has no request ID")
	}
	ids = append(ids, id)
	_, err = orgs.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String("999999999999")})
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.ServiceRequestID() == "" {
		t.Fatalf("DescribeAccount's error carries no request ID: %v", err)
	}
	ids = append(ids, re.ServiceRequestID())
	unsigned := sts.NewFromConfig(aws.Config{Region: "us-east-1", RetryMaxAttempts: 1, Credentials: aws.AnonymousCredentials{}},
		func(o *sts.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	_, err = unsigned.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if !errors.As(err, &re) || re.ServiceRequestID() == "" {
		t.Fatalf("an unsigned STS request's error carries no request ID: %v", err)
	}
	ids = append(ids, re.ServiceRequestID())

	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("request ID %s was given twice", id)
		}
		seen[id] = true
		if !regexp.MustCompile(`(?m)msg=request request_id=` + regexp.QuoteMeta(id) + ` service=\w+ op=\w+ status=\d{3}`).MatchString(logs.String()) {
			t.Errorf("no request log line has request_id=%s:\n%s", id, logs.String())
		}
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics", "/no-such-path"} {
		resp, err := http.Get(srv.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get("X-Amzn-RequestId") == "" {
			t.Errorf("GET %s: no x-amzn-RequestId", path)
		}
	}
}

// TestReadyz: /readyz answers 200 while the server serves and 503 once it
// stops being ready; /healthz stays 200.
func TestReadyz(t *testing.T) {
	t.Parallel()
	srv, _ := startOpsServer(t, ServerOptions{})
	if code, body := get(t, srv.URL()+"/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("/readyz while serving: %d %q", code, body)
	}
	srv.ready.Store(false) // what Close does first
	if code, _ := get(t, srv.URL()+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz when not ready: %d, want 503", code)
	}
	if code, _ := get(t, srv.URL()+"/healthz"); code != 200 {
		t.Errorf("/healthz: %d", code)
	}
}

// TestMetricsListen: with --metrics-listen, /metrics is served there and
// not on the API's listener; a metrics address that cannot be bound fails
// the start before anything is created.
func TestMetricsListen(t *testing.T) {
	t.Parallel()
	srv, _ := startOpsServer(t, ServerOptions{MetricsListen: "127.0.0.1:0"})
	if !strings.HasPrefix(srv.MetricsURL(), "http://127.0.0.1:") || strings.HasPrefix(srv.MetricsURL(), srv.URL()) {
		t.Fatalf("MetricsURL %s: want a listener of its own", srv.MetricsURL())
	}
	if code, page := get(t, srv.MetricsURL()); code != 200 || !strings.Contains(page, "chatgov_chat_configurations") {
		t.Errorf("%s: %d", srv.MetricsURL(), code)
	}
	if code, page := get(t, srv.URL()+"/metrics"); code == 200 || strings.Contains(page, "go_goroutines") {
		t.Errorf("the API's listener serves /metrics too: %d", code)
	}
	if code, _ := get(t, strings.TrimSuffix(srv.MetricsURL(), "/metrics")+"/readyz"); code != 200 {
		t.Errorf("the metrics listener's /readyz: %d", code)
	}

	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = t.TempDir() + "/data"
	if _, err := StartServer(context.Background(), cfg, ServerOptions{MetricsListen: taken.Addr().String()}); err == nil ||
		!strings.Contains(err.Error(), "--metrics-listen") {
		t.Errorf("a taken metrics address: %v", err)
	}
}
