package gov_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/sqlite"
	"github.com/chatgov/chatgov/internal/synth"
)

// countingStore counts the transactions a store commits.
type countingStore struct {
	store.Store
	updates atomic.Int64
}

func (s *countingStore) Update(ctx context.Context, fn func(ctx context.Context, tx store.Tx) error) error {
	s.updates.Add(1)
	return s.Store.Update(ctx, fn)
}

// BenchmarkGroupCommit creates chat configurations from many goroutines at
// once on a durable SQLite store, as the API's clients do: writes per
// second, and how many writes each transaction carried (writes/commit).
func BenchmarkGroupCommit(b *testing.B) {
	ctx := context.Background()
	spec := synth.Spec{Accounts: 2_000, OUs: 100, MaxDepth: org.MaxOUDepth, ChatbotPolicies: 50, Seed: 1}
	o, err := synth.Generate(spec)
	if err != nil {
		b.Fatal(err)
	}
	configs, channels, teams := o.Chat(2_000, 1)
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := o.Write(ctx, db, configs, channels, teams); err != nil {
		b.Fatal(err)
	}
	st := &countingStore{Store: db}
	svc, err := gov.New(ctx, st, gov.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var accounts []string
	o.Tree.Walk(func(n *org.Node) bool {
		if n.Type == org.Account && n.ID != o.ManagementAccountID() {
			accounts = append(accounts, n.ID)
		}
		return true
	})
	var seq atomic.Int64 // unique names and channels across every run
	create := func(acct string) error {
		i := seq.Add(1)
		c := gov.Caller{AccountID: acct, ARN: "arn:aws:iam::" + acct + ":root"}
		_, err := svc.CreateChatConfiguration(ctx, c, gov.NewChatConfiguration{Platform: store.PlatformSlack,
			Name: fmt.Sprintf("bench-%d", i), SlackTeamID: o.BaselineSlackTeams[0], SlackChannelID: fmt.Sprintf("CB%08d", i)},
			gov.ChatInput{IamRoleARN: strp("arn:aws:iam::" + acct + ":role/chat")})
		return err
	}
	// The accounts whose policies allow the workspace.
	var creators []string
	for _, a := range accounts {
		if create(a) == nil {
			if creators = append(creators, a); len(creators) == 64 {
				break
			}
		}
	}
	if len(creators) == 0 {
		b.Fatal("no account may create a configuration")
	}
	for _, clients := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			before := st.updates.Load()
			b.SetParallelism(max(1, clients/2)) // GOMAXPROCS is 2 on the machines the figures come from
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := create(creators[int(seq.Load())%len(creators)]); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			if n := st.updates.Load() - before; n > 0 {
				b.ReportMetric(float64(b.N)/float64(n), "writes/commit")
			}
		})
	}
}
