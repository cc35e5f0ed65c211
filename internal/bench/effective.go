package bench

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// OpListInvalid is the operation the effective-policies measurement times.
const OpListInvalid = "ListAccountsWithInvalidEffectivePolicy"

// Effective is the time the server takes to go over every account's
// effective CHATBOT_POLICY right after it started: one
// ListAccountsWithInvalidEffectivePolicy, which looks up each account's
// effective policy and checks it for validation errors.
type Effective struct {
	Operation string `json:"operation"`
	Accounts  int    `json:"accounts"`
	// Seconds is the first call's, on a server that has answered nothing
	// about policies yet; Runs holds it and two more.
	Seconds float64   `json:"seconds"`
	Runs    []float64 `json:"runs_seconds"`
}

// effectiveRuns is how many calls are timed.
const effectiveRuns = 3

// listInvalidPage is the page the timed calls ask for, the most AWS
// Organizations allows.
const listInvalidPage = 20

// measureEffective times ListAccountsWithInvalidEffectivePolicy through
// the API, as the management account. Whatever page it answers, the server
// goes over every account of the organization to find it: the lookup of each
// account's effective state among the cached states of the nodes with
// policies attached, and each distinct state's validation. The states
// themselves are merged while the server loads (within its start, and the
// cold start's), and again by every write that changes them (within
// AttachPolicy's time); BenchmarkEffectiveOrganization times the merge
// alone.
//
// DescribeEffectivePolicy of every account is not the measure: in a loop
// in one process, its time is that of allocating and faulting in a copy of
// every account's document (some 300 MB at 100,000 accounts), and through HTTP
// it is a throughput, which the load measurements give.
func (h *harness) measureEffective(ctx context.Context) (*Effective, error) {
	hc := &http.Client{Timeout: 10 * time.Minute}
	defer hc.CloseIdleConnections()
	c := orgsClient(h.url, h.root, hc, setup)
	// The connection and the client are set up by a call that reads no
	// policy, so that the first timed call is the server's work.
	if _, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{}); err != nil {
		return nil, fmt.Errorf("DescribeOrganization: %w", err)
	}
	out := &Effective{Operation: OpListInvalid, Accounts: 1 + len(h.fleet.members)}
	for range effectiveRuns {
		start := time.Now()
		// One page of the most AWS allows: without MaxResults, chatgov
		// answers every invalid account at once, and the time would be
		// that of encoding and decoding them.
		if _, err := c.ListAccountsWithInvalidEffectivePolicy(ctx, &organizations.ListAccountsWithInvalidEffectivePolicyInput{
			PolicyType: orgtypes.EffectivePolicyTypeChatbotPolicy, MaxResults: aws.Int32(listInvalidPage)}); err != nil {
			return nil, fmt.Errorf("%s: %w", OpListInvalid, err)
		}
		out.Runs = append(out.Runs, time.Since(start).Seconds())
	}
	out.Seconds = out.Runs[0]
	return out, nil
}
