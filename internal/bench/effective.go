package bench

import (
	"fmt"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// Effective is the time to describe every account's effective
// CHATBOT_POLICY right after the server started.
type Effective struct {
	Accounts int `json:"accounts"`
	// WithPolicy counts the accounts whose effective policy is not empty
	// ("{}").
	WithPolicy int `json:"with_policy"`
	// Seconds is the first pass's, on a server that has answered nothing
	// yet: every state rendered for the first time. Runs holds it and two
	// more.
	Seconds float64   `json:"seconds"`
	Runs    []float64 `json:"runs_seconds"`
}

// effectiveRuns is how many passes over every account are timed.
const effectiveRuns = 3

// measureEffective calls the application service's DescribeEffectivePolicy,
// the use case behind the API operation, for every account, as the
// management account authenticated by its root key. Through HTTP the
// figure would be a throughput (100,000 requests); in process, it is the
// server's own work on every account: authorization, the lookup of each
// account's effective state, and its JSON. The states themselves are
// merged while the server loads, within its start.
func (h *harness) measureEffective(svc *gov.Service) (*Effective, error) {
	cred, ok := svc.Credential(rootKeyID)
	if !ok {
		return nil, fmt.Errorf("the server does not know the root key %s", rootKeyID)
	}
	caller := gov.Caller{AccountID: cred.AccountID, ARN: cred.ARN, AccessKeyID: cred.AccessKeyID}.InRegion("us-east-1")
	accounts := append([]string{h.fleet.management}, h.fleet.members...)
	out := &Effective{Accounts: len(accounts)}
	for range effectiveRuns {
		with := 0
		start := time.Now()
		for _, id := range accounts {
			ep, err := svc.DescribeEffectivePolicy(caller, policy.ChatbotPolicy, id)
			if err != nil {
				return nil, fmt.Errorf("DescribeEffectivePolicy of %s: %w", id, err)
			}
			if ep.Content != "{}" {
				with++
			}
		}
		out.Runs = append(out.Runs, time.Since(start).Seconds())
		out.WithPolicy = with
	}
	out.Seconds = out.Runs[0]
	return out, nil
}
