package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// describeOrigin answers every request with a DescribeEffectivePolicy
// response and counts the requests.
func describeOrigin(t *testing.T, served *atomic.Int64) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		served.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = io.WriteString(w, `{"EffectivePolicy":{"PolicyContent":"{}","PolicyType":"CHATBOT_POLICY","TargetId":"100000000001"}}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

var loadCreds = aws.Credentials{AccessKeyID: "AKIAEXAMPLEEXAMPLE1", SecretAccessKey: "secret-secret-secret"}

// TestLoaderRunsStretchesInAProcess drives a real load process (this test
// binary acting as chatgov-bench load, see TestMain) through a closed and an open stretch, and
// checks that a bad stretch is refused without ending the process.
func TestLoaderRunsStretchesInAProcess(t *testing.T) {
	t.Parallel()
	var served atomic.Int64
	origin := describeOrigin(t, &served)
	spec := opSpec{Name: OpDescribe, Creds: loadCreds, Targets: []string{"100000000001", "100000000002"}}
	ld, err := startLoader(context.Background(), os.Args[0], append(os.Environ(), childEnvLine), []string{origin.URL}, spec, 4)
	if err != nil {
		t.Fatal(err)
	}
	closed, err := ld.run(loadStretch{Warmup: 50 * time.Millisecond, Duration: 200 * time.Millisecond, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(closed.samples) == 0 || closed.errors != 0 || closed.span <= 0 {
		t.Fatalf("closed stretch: %d samples, %d errors (%s), span %v", len(closed.samples), closed.errors, closed.firstErr, closed.span)
	}
	if got := served.Load(); int(got) < len(closed.samples) {
		t.Errorf("the origin served %d requests, fewer than the %d samples", got, len(closed.samples))
	}
	// 200 requests a second for 0.5 s: about 100, each one on schedule.
	open, err := ld.run(loadStretch{Warmup: 50 * time.Millisecond, Duration: 500 * time.Millisecond, Seed: 2, Rate: 200})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(open.samples); n < 80 || n > 120 || open.span != 500*time.Millisecond {
		t.Errorf("open stretch at 200/s for 0.5 s: %d samples over %v", n, open.span)
	}
	if _, err := ld.run(loadStretch{Duration: 0}); err == nil || !strings.Contains(err.Error(), "positive duration") {
		t.Errorf("a stretch of no duration: %v", err)
	}
	if _, err := ld.run(loadStretch{Duration: 100 * time.Millisecond}); err != nil {
		t.Errorf("the process did not go on after a refused stretch: %v", err)
	}
	if err := ld.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
}

// TestLoaderReportsWhyTheProcessFailed checks that a load process that
// cannot start its calls, or is not a load process at all, fails the
// measurement with what it said on its standard error.
func TestLoaderReportsWhyTheProcessFailed(t *testing.T) {
	t.Parallel()
	var served atomic.Int64
	origin := describeOrigin(t, &served)
	ld, err := startLoader(context.Background(), os.Args[0], append(os.Environ(), childEnvLine), []string{origin.URL},
		opSpec{Name: "DeleteOrganization", Creds: loadCreds}, 1)
	if err == nil {
		_, err = ld.run(loadStretch{Duration: 100 * time.Millisecond})
	}
	if err == nil || !strings.Contains(err.Error(), `unknown operation "DeleteOrganization"`) {
		t.Errorf("an unknown operation: %v", err)
	}
	ld, err = startLoader(context.Background(), "/bin/sh", os.Environ(), []string{origin.URL},
		opSpec{Name: OpDescribe, Creds: loadCreds, Targets: []string{"100000000001"}}, 1)
	if err == nil {
		_, err = ld.run(loadStretch{Duration: 100 * time.Millisecond})
	}
	if err == nil || !strings.Contains(err.Error(), LoadCommand) {
		t.Errorf("a binary that is not chatgov-bench: %v", err)
	}
	if served.Load() != 0 {
		t.Errorf("%d requests served by failed load processes", served.Load())
	}
}

func TestTailBufferKeepsTheEnd(t *testing.T) {
	t.Parallel()
	b := &tailBuffer{max: 8}
	for _, s := range []string{"abc", "defgh", "ijklmnop", "q"} {
		if n, err := b.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	if got := b.String(); got != "jklmnopq" {
		t.Errorf("kept %q, want the last 8 bytes", got)
	}
}

func TestHandlerTimerKeepsTheStretchOnly(t *testing.T) {
	t.Parallel()
	var timer handlerTimer
	h := timer.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(2 * time.Millisecond) }))
	serve := func() { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/", nil)) }
	serve() // before any stretch: not kept
	timer.start(20 * time.Millisecond)
	serve() // in the warm-up: not kept
	time.Sleep(25 * time.Millisecond)
	serve()
	serve()
	got := timer.stop()
	serve() // after the stretch: not kept
	if len(got) != 2 {
		t.Fatalf("kept %d requests, want the 2 served after the warm-up", len(got))
	}
	for _, d := range got {
		if d < 2*time.Millisecond {
			t.Errorf("timed %v for a handler that takes 2 ms", d)
		}
	}
	if again := timer.stop(); len(again) != 0 {
		t.Errorf("a second stop returned %d requests", len(again))
	}
}
