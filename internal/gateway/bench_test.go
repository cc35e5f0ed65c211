package gateway_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// BenchmarkPublishToChat measures notifications delivered per second, from
// the AWS SDK's Publish to the Slack and Teams stand-ins, with 1 and 64
// publishers: each message goes to two configurations (Slack and Teams),
// and the clock stops when every post has arrived.
func BenchmarkPublishToChat(b *testing.B) {
	for _, publishers := range []int{1, 64} {
		b.Run(fmt.Sprintf("publishers=%d", publishers), func(b *testing.B) {
			w := newWorld(b, fastGateway())
			cfg := w.assume(w.member.AccountID)
			clients := make([]*sns.Client, publishers)
			for i := range clients {
				clients[i] = w.snsClient(cfg)
			}
			base := len(w.slack.received())
			var next atomic.Int64
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for _, c := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for next.Add(1) <= int64(b.N) {
						if _, err := c.Publish(context.Background(), &sns.PublishInput{TopicArn: aws.String(w.topic), Message: aws.String(alarm)}); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			for len(w.slack.received()) < base+b.N || len(w.teams.received()) < b.N {
				time.Sleep(time.Millisecond)
			}
			elapsed := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(2*b.N)/elapsed.Seconds(), "deliveries/s")
			b.ReportMetric(0, "ns/op")
		})
	}
}
