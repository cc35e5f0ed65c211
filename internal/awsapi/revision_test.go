package awsapi_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"

	"github.com/chatgov/chatgov/internal/awsapi"
)

// revisionTransport sends a chosen X-Chatgov-Min-Revision and keeps the
// X-Chatgov-Revision of the last answer.
type revisionTransport struct {
	mu       sync.Mutex
	min      string
	answered string
}

func (rt *revisionTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	min := rt.min
	rt.mu.Unlock()
	if min != "" {
		r = r.Clone(r.Context())
		r.Header.Set(awsapi.HeaderMinRevision, min)
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil {
		rt.mu.Lock()
		rt.answered = resp.Header.Get(awsapi.HeaderRevision)
		rt.mu.Unlock()
	}
	return resp, err
}

// TestRevisionHeaders checks the headers of reading one's writes: a write
// answers with its revision, a read with the revision it was answered
// from, a request may ask for a revision the server has (answered), one it
// does not get in time (503, in the protocol's shape), or a malformed one
// (400, naming the header).
func TestRevisionHeaders(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	rt := &revisionTransport{}
	cfg := ts.mgmt()
	cfg.HTTPClient = &http.Client{Transport: rt}
	cfg.RetryMaxAttempts = 1
	c := ts.orgs(cfg)
	ctx := context.Background()
	answered := func() int64 {
		t.Helper()
		rt.mu.Lock()
		defer rt.mu.Unlock()
		n, err := strconv.ParseInt(rt.answered, 10, 64)
		if err != nil {
			t.Fatalf("the answer's %s is %q", awsapi.HeaderRevision, rt.answered)
		}
		return n
	}
	setMin := func(v string) { rt.mu.Lock(); rt.min = v; rt.mu.Unlock() }

	before := ts.srv.Service.Revision()
	if _, err := c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetAll}); err != nil {
		t.Fatal(err)
	}
	wrote := answered()
	if wrote <= before || wrote != ts.srv.Service.Revision() {
		t.Fatalf("the write answered revision %d; before %d, now %d", wrote, before, ts.srv.Service.Revision())
	}
	tests := []struct {
		name     string
		min      string
		wantCode string // "" for an answer
	}{
		{"no revision asked", "", ""},
		{"the write's revision", strconv.FormatInt(wrote, 10), ""},
		{"revision 0", "0", ""},
		{"a revision not reached in time", strconv.FormatInt(wrote+1000, 10), "ServiceUnavailableException"},
		{"not a number", "latest", "ValidationException"},
		{"negative", "-1", "ValidationException"},
	}
	for _, tt := range tests {
		setMin(tt.min)
		_, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
		var ae smithy.APIError
		switch {
		case tt.wantCode == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.wantCode == "" && answered() != wrote:
			t.Errorf("%s: the read answered revision %d, want %d", tt.name, answered(), wrote)
		case tt.wantCode != "" && (!errors.As(err, &ae) || ae.ErrorCode() != tt.wantCode):
			t.Errorf("%s: %v, want %s", tt.name, err, tt.wantCode)
		}
	}
}
