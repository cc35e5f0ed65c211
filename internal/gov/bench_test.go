package gov_test

import (
	"context"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store/sqlite"
	"github.com/chatgov/chatgov/internal/synth"
)

// BenchmarkAttachAtRoot measures one AttachPolicy at the root of a
// 100,000-account organization with 1,000,000 chat configurations on
// SQLite (CHATGOV_BENCH_CONFIGS changes the count). "simulate" is the
// re-check alone: the effective policies recomputed and every
// configuration's state decided, as SimulatePolicyChange does. "commit" is
// the whole write: that, plus the state changes recorded as compliance
// events and committed. Detaching between iterations is not timed.
func BenchmarkAttachAtRoot(b *testing.B) {
	ctx := context.Background()
	spec := synth.Default()
	spec.ChatbotPolicies -= 2 // room for the two policies attached below, under the 1,000 quota
	o, err := synth.Generate(spec)
	if err != nil {
		b.Fatal(err)
	}
	configs, channels, teams := o.Chat(gov.BenchConfigCount(), 1)
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := o.Write(ctx, st, configs, channels, teams); err != nil {
		b.Fatal(err)
	}
	nConfigs := len(configs)
	configs = nil // not to be counted in the heap, nor marked by the GC
	start := time.Now()
	svc, err := gov.New(ctx, st, gov.Options{})
	if err != nil {
		b.Fatal(err)
	}
	load := time.Since(start)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heap := float64(ms.HeapAlloc) / (1 << 20)
	mgmt := gov.Caller{AccountID: o.ManagementAccountID(), ARN: "arn:aws:iam::" + o.ManagementAccountID() + ":root"}
	root := o.Tree.Root().ID
	// The root already holds the organization's baseline (synthetic policy
	// 0), which assigns the Slack and Teams clients and disables Chime; by
	// D1 a later policy on the root cannot reassign those. These policies
	// change what the baseline leaves open.
	var baseline []string
	for _, t := range o.BaselineSlackTeams {
		baseline = append(baseline, `"`+t+`"`)
	}
	policies := map[string]string{
		// Removes half of the baseline's 200 workspaces.
		"remove-half": `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@remove":[` + strings.Join(baseline[:100], ",") + `]}}}}}`,
		// Removes all of them: every Slack configuration that no OU
		// re-allows is disabled.
		"slack-off": `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@remove":[` + strings.Join(baseline, ",") + `]}}}}}`,
	}
	for _, name := range []string{"remove-half", "slack-off"} {
		p, err := svc.CreatePolicy(ctx, mgmt, gov.CreatePolicyInput{Name: name, Description: "bench", Type: policy.ChatbotPolicy, Content: policies[name]})
		if err != nil {
			b.Fatal(err)
		}
		// The same re-check, through a simulation: the effective policies and
		// every configuration's state computed, the changes listed, nothing
		// committed.
		b.Run(name+"/simulate", func(b *testing.B) {
			var res gov.SimulationResult
			for b.Loop() {
				res, err = svc.SimulatePolicyChange(mgmt, gov.Simulation{Action: "AttachPolicy", PolicyID: p.ID, TargetID: root})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.WouldDisable), "disabled")
		})
		b.Run(name+"/commit", func(b *testing.B) {
			var flipped int
			for b.Loop() {
				b.StopTimer()
				before := disabled(b, svc, mgmt)
				b.StartTimer()
				if err := svc.AttachPolicy(ctx, mgmt, p.ID, root); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				flipped = disabled(b, svc, mgmt) - before
				if err := svc.DetachPolicy(ctx, mgmt, p.ID, root); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(nConfigs), "configs")
			b.ReportMetric(float64(flipped), "disabled")
			b.ReportMetric(load.Seconds(), "load-s")
			b.ReportMetric(heap, "heap-MB")
		})
	}
}

func disabled(b *testing.B, svc *gov.Service, c gov.Caller) int {
	b.Helper()
	res, err := svc.ListComplianceEvents(context.Background(), c, gov.ComplianceFilter{MaxResults: 1})
	if err != nil {
		b.Fatal(err)
	}
	return res.Summary.Total.Disabled
}
