package bench

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/chatgov/chatgov/internal/client"
)

// Attach is the time of AttachPolicy at the root, which returns once every
// configuration has been re-checked and the changed states committed.
type Attach struct {
	// Seconds is the median of Runs; each run attaches the policy, checks
	// the compliance summary, and detaches it again (not timed into
	// Seconds).
	Seconds       float64   `json:"seconds"`
	Runs          []float64 `json:"runs_seconds"`
	DetachSeconds []float64 `json:"detach_runs_seconds"`
	// GC is the collector's work in the server's process during each run.
	GC []GC `json:"server_gc"`
	// Configurations is how many configurations the organization holds,
	// every one of which the attachment re-checks.
	Configurations int `json:"configurations"`
	// Disabled is how many configurations the attachment disabled, read
	// from the compliance summary right after AttachPolicy returned.
	Disabled int    `json:"disabled"`
	Policy   string `json:"policy"`
}

// summary is the Total of list-compliance-events' Summary.
type summary struct {
	Configurations, Enabled, Disabled int
}

func (h *harness) complianceTotal(ctx context.Context, c *client.Client) (summary, error) {
	var out struct{ Summary struct{ Total summary } }
	if err := c.Call(ctx, "list-compliance-events", map[string]any{"MaxResults": 1}, &out); err != nil {
		return summary{}, fmt.Errorf("list-compliance-events: %w", err)
	}
	return out.Summary.Total, nil
}

// attachRuns is how many times AttachPolicy is timed: one call is one
// sample, and a shared machine's noise is larger than a single sample can
// show.
const attachRuns = 3

// measureAttach creates a chat applications policy that removes half of
// the root baseline's Slack workspaces and times attaching it to the root.
// That the states are up to date when the call returns is checked by
// reading the compliance summary right after: the disabled count must have
// grown, and must fall back once the policy is detached.
func (h *harness) measureAttach(ctx context.Context) (*Attach, error) {
	hc := &http.Client{Timeout: 10 * time.Minute}
	orgs := orgsClient(h.url, h.root, hc, setup)
	cg := client.New(h.url, h.root)
	half := h.fleet.baseline[:len(h.fleet.baseline)/2]
	content := `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@remove":["` + strings.Join(half, `","`) + `"]}}}}}`
	p, err := orgs.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("bench-remove-half"),
		Description: aws.String("chatgov-bench: removes half of the baseline's Slack workspaces"),
		Type:        orgtypes.PolicyTypeChatbotPolicy, Content: aws.String(content)})
	if err != nil {
		return nil, fmt.Errorf("CreatePolicy: %w", err)
	}
	pid := p.Policy.PolicySummary.Id
	out := &Attach{Policy: aws.ToString(pid) + " (bench-remove-half)"}
	for run := range attachRuns {
		before, err := h.complianceTotal(ctx, cg)
		if err != nil {
			return nil, err
		}
		// Each attach starts with the collector's debt paid, as each load
		// stretch does: the previous detach's garbage would otherwise be
		// collected on this attach's time. A collection that the attach's
		// own garbage sets off is its own, and shows in GC.
		runtime.GC()
		gcBefore := readGC()
		start := time.Now()
		if _, err := orgs.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: pid, TargetId: aws.String(h.fleet.rootID)}); err != nil {
			return nil, fmt.Errorf("AttachPolicy: %w", err)
		}
		out.Runs = append(out.Runs, time.Since(start).Seconds())
		out.GC = append(out.GC, readGC().since(gcBefore))
		after, err := h.complianceTotal(ctx, cg)
		if err != nil {
			return nil, err
		}
		if after.Disabled <= before.Disabled {
			return nil, fmt.Errorf("after AttachPolicy returned, %d configurations were disabled, as many as before (%d): the re-check did not happen before the call returned, or the policy affects nothing",
				after.Disabled, before.Disabled)
		}
		if run == 0 {
			out.Configurations, out.Disabled = after.Configurations, after.Disabled-before.Disabled
		}
		h.logf("AttachPolicy at the root: %.3f s, %s of %s configurations disabled; the server's collector meanwhile: %s", out.Runs[run],
			thousands(after.Disabled-before.Disabled), thousands(after.Configurations), out.GC[run])
		start = time.Now()
		if _, err := orgs.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: pid, TargetId: aws.String(h.fleet.rootID)}); err != nil {
			return nil, fmt.Errorf("DetachPolicy: %w", err)
		}
		out.DetachSeconds = append(out.DetachSeconds, time.Since(start).Seconds())
		if again, err := h.complianceTotal(ctx, cg); err != nil {
			return nil, err
		} else if again.Disabled != before.Disabled {
			return nil, fmt.Errorf("after DetachPolicy, %d configurations are disabled; before the attachment, %d were", again.Disabled, before.Disabled)
		}
	}
	out.Seconds = median(out.Runs)
	return out, nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
