package awsapi_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/config"
)

// TestComplianceRetention checks that the server prunes the compliance
// history it does not keep: beyond the newest events it keeps, and older
// than its retention. The server prunes on start and then every minute;
// the test restarts it to prune.
func TestComplianceRetention(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name              string
		retention         time.Duration
		maxEvents         int64
		afterCount, final []int64
	}{
		// Five events, then one more a day and an hour later.
		{"default: nothing is due", config.DefaultComplianceRetention, config.DefaultComplianceMaxEvents, []int64{1, 2, 3, 4, 5}, []int64{1, 2, 3, 4, 5, 6}},
		{"by count", 0, 3, []int64{3, 4, 5}, []int64{4, 5, 6}},
		{"by age", 24 * time.Hour, 0, []int64{1, 2, 3, 4, 5}, []int64{6}},
		{"both", 24 * time.Hour, 3, []int64{3, 4, 5}, []int64{6}},
		{"kept for ever", 0, 0, []int64{1, 2, 3, 4, 5}, []int64{1, 2, 3, 4, 5, 6}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := startServer(t, func(c *config.Config) {
				c.ComplianceRetention, c.ComplianceMaxEvents = tt.retention, tt.maxEvents
				// The server's clock moves a day ahead of the SDK's.
				c.ClockSkew = 72 * time.Hour
			})
			ctx := context.Background()
			root := ts.org()
			ts.enable(root, types.PolicyTypeChatbotPolicy)
			acct := ts.account("workload")
			cb := ts.chatbot(ts.assume(acct))
			try(cb.CreateChimeWebhookConfiguration(ctx, &chatbot.CreateChimeWebhookConfigurationInput{ConfigurationName: aws.String("ops"),
				WebhookUrl: aws.String(webhook), WebhookDescription: aws.String("ops"), SnsTopicArns: topicsOf(acct, []string{snsTopic}), IamRoleArn: aws.String(opsRole)})).must(t)
			oc := ts.mgmtOrgs()
			noChime := ts.createPolicy(oc, "no-chime", types.PolicyTypeChatbotPolicy, `{"chatbot":{"platforms":{"chime":{"client":{"@@assign":"disabled"}}}}}`)
			// Each attach or detach flips the configuration: one event.
			flip := func(n int) {
				t.Helper()
				for range n {
					if _, err := oc.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(noChime), TargetId: aws.String(acct)}); err != nil {
						try(oc.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String(noChime), TargetId: aws.String(acct)})).must(t)
					}
				}
			}
			mg := ts.chatgov(ts.mgmt())
			// history waits for the history to be want (pruning runs in the
			// background after a start).
			history := func(phase string, want []int64) {
				t.Helper()
				var got []int64
				for deadline := time.Now().Add(10 * time.Second); ; {
					out, err := mg.ListComplianceEvents(ctx, api.ListComplianceEventsInput{})
					if err != nil {
						t.Fatal(err)
					}
					got = got[:0]
					for _, e := range out.Events {
						got = append(got, e.EventID)
						if e.Cause.Operation == "" {
							t.Errorf("%s: event %d lost its cause", phase, e.EventID)
						}
					}
					if slices.Equal(got, want) || time.Now().After(deadline) {
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: events %v, want %v", phase, got, want)
				}
			}
			flip(5)
			history("before a restart", []int64{1, 2, 3, 4, 5})
			ts.restart()
			history("after a restart", tt.afterCount)
			ts.clock.advance(25 * time.Hour)
			flip(1)
			ts.restart()
			history("a day later", tt.final)
			// The history goes on from the last ID.
			flip(1)
			history("after one more", append(tt.final, 7))
		})
	}
}
