package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// drainCheck is a request body that remembers whether it was read to the end.
type drainCheck struct {
	r    io.Reader
	done bool
}

func (d *drainCheck) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err == io.EOF {
		d.done = true
	}
	return n, err
}

func TestBareHandlerRepeatsTheResponse(t *testing.T) {
	t.Parallel()
	resp := Response{Status: http.StatusCreated, Body: []byte(`{"ok":true}`), Header: http.Header{
		"Content-Type":     {"application/x-amz-json-1.1"},
		"X-Amzn-Requestid": {"r-1"},
		"Date":             {"Mon, 02 Jan 2006 15:04:05 GMT"},
		"Content-Length":   {"999"},
	}}
	h := newBareHandler(resp)
	for range 2 {
		body := &drainCheck{r: strings.NewReader(strings.Repeat("x", 100_000))}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/", body))
		if w.Code != http.StatusCreated || w.Body.String() != `{"ok":true}` {
			t.Errorf("answered %d %q", w.Code, w.Body.String())
		}
		got := w.Header()
		if got.Get("Content-Length") != "11" || got.Get("Content-Type") != "application/x-amz-json-1.1" ||
			got.Get("X-Amzn-Requestid") != "r-1" || got.Get("Date") != "" {
			t.Errorf("headers %v", got)
		}
		if !body.done {
			t.Error("the request body was not read")
		}
	}
	if h := newBareHandler(Response{Body: []byte("x")}); h.resp.Status != http.StatusOK {
		t.Errorf("status %d without one given; want 200", h.resp.Status)
	}
}

// TestBareServesWhatTheSDKAccepts records an answer through the recorder,
// as the probes do, and checks that the SDK client decodes the bare
// server's repetition of it as it decoded the original.
func TestBareServesWhatTheSDKAccepts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	content := `{"chatbot":{"platforms":{"slack":{"client":"enabled"}}}}`
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-RequestId", "11111111-2222-4333-8444-555555555555")
		_, _ = io.WriteString(w, `{"EffectivePolicy":{"PolicyContent":`+jsonString(content)+`,"PolicyType":"CHATBOT_POLICY","TargetId":"100000000001","LastUpdatedTimestamp":1.7e9}}`)
	}))
	defer origin.Close()
	creds := aws.Credentials{AccessKeyID: "AKIAEXAMPLEEXAMPLE1", SecretAccessKey: "secret-secret-secret"}
	rec := &recorder{base: http.DefaultTransport}
	in := &organizations.DescribeEffectivePolicyInput{PolicyType: orgtypes.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String("100000000001")}
	if _, err := orgsClient(origin.URL, creds, &http.Client{Transport: rec}, setup).DescribeEffectivePolicy(ctx, in); err != nil {
		t.Fatal(err)
	}
	recorded := rec.response()
	if recorded.Status != http.StatusOK || len(recorded.Body) == 0 {
		t.Fatalf("recorded %+v", recorded)
	}
	bare, err := startBare(recorded)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := bare.Close(); err != nil {
			t.Error(err)
		}
	}()
	hc := &http.Client{Timeout: 10 * time.Second}
	for range 3 {
		out, err := orgsClient(bare.URL, creds, hc, setup).DescribeEffectivePolicy(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if got := aws.ToString(out.EffectivePolicy.PolicyContent); got != content {
			t.Errorf("content %q, want %q", got, content)
		}
	}
}

func jsonString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

func TestProgressBarOffATerminal(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	p := newProgressBar(&b, "loading")
	for i := 0; i <= 1000; i += 50 {
		p.update(i, 1000)
	}
	p.finish()
	p.update(1000, 1000)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 11 || !strings.HasPrefix(lines[0], "loading:   0% 0/1,000") || !strings.HasPrefix(lines[10], "loading: 100% 1,000/1,000") {
		t.Errorf("progress:\n%s", b.String())
	}
	if strings.Contains(b.String(), "\r") {
		t.Error("carriage returns off a terminal")
	}
}

func TestThousands(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -45000: "-45,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
