package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/chatgov/chatgov/internal/store"
)

// Accounts returns n realistic member accounts with distinct IDs starting
// at first, spread over 100 OUs, for bulk tests and benchmarks.
func Accounts(first, n int) []store.Account {
	as := make([]store.Account, n)
	for i := range as {
		id := first + i
		as[i] = store.Account{
			ID:           fmt.Sprintf("%012d", 100000000000+id),
			ParentID:     fmt.Sprintf("ou-ab12-%08d", id%100),
			Name:         fmt.Sprintf("account-%d", id),
			Email:        fmt.Sprintf("aws+account-%d@example.com", id),
			Status:       "ACTIVE",
			JoinedMethod: "CREATED",
			JoinedAt:     at(id % 1000),
			RoleName:     "OrganizationAccountAccessRole",
		}
	}
	return as
}

func putAccounts(ctx context.Context, w store.TreeWriter, as []store.Account) error {
	for _, a := range as {
		if err := w.PutAccount(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

// BenchBulkLoad measures one Update that writes n new accounts, the shape of
// an organization import; every iteration adds n more to the same store. It
// reports accounts written per second.
func BenchBulkLoad(b *testing.B, s store.Updater, n int) {
	ctx := b.Context()
	iters := 0
	for b.Loop() {
		as := Accounts(iters*n, n)
		if err := s.Update(ctx, func(ctx context.Context, tx store.Tx) error { return putAccounts(ctx, tx, as) }); err != nil {
			b.Fatal(err)
		}
		iters++
	}
	b.ReportMetric(float64(iters*n)/b.Elapsed().Seconds(), "accounts/s")
}

// BenchLoad measures Load of a store holding n accounts, chatgov's start-up.
func BenchLoad(b *testing.B, s store.Store, n int) {
	ctx := b.Context()
	as := Accounts(0, n)
	if err := s.Update(ctx, func(ctx context.Context, tx store.Tx) error { return putAccounts(ctx, tx, as) }); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		st, err := s.Load(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(st.Accounts) != n {
			b.Fatalf("loaded %d accounts, want %d", len(st.Accounts), n)
		}
	}
}

// ChatConfigurations returns n realistic configurations numbered from
// first, perAccount to an account of Accounts (configuration k belongs to
// account k/perAccount): Slack, Microsoft Teams and Chime in turn, with
// zero to two SNS topics, one guardrail policy and zero to two tags.
func ChatConfigurations(first, n, perAccount int) []store.ChatConfiguration {
	cs := make([]store.ChatConfiguration, n)
	for i := range cs {
		k := first + i
		account := fmt.Sprintf("%012d", 100000000000+k/perAccount)
		c := store.ChatConfiguration{
			AccountID:           account,
			Name:                fmt.Sprintf("channel-%d", k),
			IamRoleARN:          "arn:aws:iam::" + account + ":role/chatbot",
			LoggingLevel:        "ERROR",
			GuardrailPolicyARNs: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
			CreatedAt:           at(k % 1000),
			UpdatedAt:           at(k % 1000),
		}
		switch k % 3 {
		case 0:
			c.Platform = store.PlatformSlack
			c.ARN = "arn:aws:chatbot::" + account + ":chat-configuration/slack-channel/" + c.Name
			c.SlackTeamID, c.SlackTeamName = "T0123ABCD", "Acme"
			c.SlackChannelID, c.SlackChannelName = fmt.Sprintf("C%08d", k), c.Name
			c.UserAuthorizationRequired = true
		case 1:
			c.Platform = store.PlatformTeams
			c.ARN = "arn:aws:chatbot::" + account + ":chat-configuration/microsoft-teams-channel/" + c.Name
			c.TenantID, c.TeamID, c.TeamName = "4d3c2b1a-5f6e-4b7a-9c8d-0e1f2a3b4c5d", "8f6e1c2a-0b5d-4c3e-9a7f-1d2e3f4a5b6c", "Acme"
			c.ChannelID, c.ChannelName = fmt.Sprintf("19:%08d@thread.tacv2", k), c.Name
		case 2:
			c.Platform = store.PlatformChime
			c.ARN = "arn:aws:chatbot::" + account + ":chat-configuration/chime-webhook/" + c.Name
			c.WebhookURL = fmt.Sprintf("https://hooks.chime.aws/incomingwebhooks/%d?token=abc", k)
			c.WebhookDescription = "webhook"
		}
		for j := range k % 3 {
			c.SnsTopicARNs = append(c.SnsTopicARNs, fmt.Sprintf("arn:aws:sns:us-east-1:%s:topic-%d", account, j))
		}
		switch k % 4 {
		case 1:
			c.Tags = map[string]string{"env": "prod"}
		case 2:
			c.Tags = map[string]string{"env": "dev", "team": fmt.Sprint(k % 97)}
		}
		cs[i] = c
	}
	return cs
}

// ComplianceEvents returns one event of cause for each of configs, with
// IDs from firstID, all disabling.
func ComplianceEvents(firstID, cause int64, configs []store.ChatConfiguration) []store.ComplianceEvent {
	es := make([]store.ComplianceEvent, len(configs))
	for i, c := range configs {
		es[i] = store.ComplianceEvent{
			ID: firstID + int64(i), CauseID: cause, Time: at(i % 1000),
			ConfigurationARN: c.ARN, AccountID: c.AccountID, Platform: c.Platform,
			OldState: "ENABLED", NewState: "DISABLED",
			Reason: "the chat applications policy p-chat12345678 attached to r-ab12 does not allow " + c.Platform,
		}
	}
	return es
}

func putChatConfigurations(ctx context.Context, w store.ChatWriter, cs []store.ChatConfiguration) error {
	for _, c := range cs {
		if err := w.PutChatConfiguration(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// ByAccountShuffled returns configs, whose accounts own perAccount
// consecutive configurations each, with the accounts in a scrambled order:
// the order in which chatgov meets the configurations of an organization.
func ByAccountShuffled(configs []store.ChatConfiguration, perAccount int) []store.ChatConfiguration {
	accounts := len(configs) / perAccount
	out := make([]store.ChatConfiguration, 0, len(configs))
	// 7919 is prime: i*7919 mod accounts visits every account once unless
	// accounts is a multiple of it.
	step := 7919
	if accounts%step == 0 {
		step = 1
	}
	for i := range accounts {
		a := i * step % accounts
		out = append(out, configs[a*perAccount:(a+1)*perAccount]...)
	}
	return append(out, configs[accounts*perAccount:]...)
}

// BenchAddComplianceEvents measures one Update that records a cause and n
// events, the shape of one policy attached at the root of a large
// organization, its accounts met in no particular order; every iteration
// adds n more, about the same configurations, to the same store. It
// reports events written per second.
func BenchAddComplianceEvents(b *testing.B, s store.Updater, n int) {
	ctx := b.Context()
	configs := ByAccountShuffled(ChatConfigurations(0, n, 10), 10)
	iters := 0
	for b.Loop() {
		b.StopTimer()
		cause := int64(iters + 1)
		es := ComplianceEvents(int64(iters*n+1), cause, configs)
		b.StartTimer()
		err := s.Update(ctx, func(ctx context.Context, tx store.Tx) error {
			if err := tx.AddComplianceCause(ctx, store.ComplianceCause{ID: cause, Time: at(iters), Operation: "AttachPolicy",
				CallerARN: "arn:aws:iam::111111111111:root", Detail: "attached p-chat12345678 to r-ab12"}); err != nil {
				return err
			}
			return tx.AddComplianceEvents(ctx, es)
		})
		if err != nil {
			b.Fatal(err)
		}
		iters++
	}
	b.ReportMetric(float64(iters*n)/b.Elapsed().Seconds(), "events/s")
}

// BenchPutChatConfigurations measures one Update that writes n new
// configurations, the shape of an import; every iteration adds n more to
// the same store. It reports configurations written per second.
func BenchPutChatConfigurations(b *testing.B, s store.Updater, n int) {
	ctx := b.Context()
	iters := 0
	for b.Loop() {
		b.StopTimer()
		cs := ChatConfigurations(iters*n, n, 10)
		b.StartTimer()
		if err := s.Update(ctx, func(ctx context.Context, tx store.Tx) error { return putChatConfigurations(ctx, tx, cs) }); err != nil {
			b.Fatal(err)
		}
		iters++
	}
	b.ReportMetric(float64(iters*n)/b.Elapsed().Seconds(), "configs/s")
}

// BenchLoadChatConfigurations measures Load of a store holding n
// configurations of n/10 accounts (and the accounts), chatgov's start-up.
func BenchLoadChatConfigurations(b *testing.B, s store.Store, n int) {
	ctx := b.Context()
	as := Accounts(0, n/10)
	for i := 0; i < n; i += 100_000 {
		cs := ChatConfigurations(i, min(100_000, n-i), 10)
		err := s.Update(ctx, func(ctx context.Context, tx store.Tx) error {
			if i == 0 {
				if err := putAccounts(ctx, tx, as); err != nil {
					return err
				}
			}
			return putChatConfigurations(ctx, tx, cs)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		st, err := s.Load(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(st.ChatConfigurations) != n || len(st.Accounts) != n/10 {
			b.Fatalf("loaded %d configurations and %d accounts, want %d and %d", len(st.ChatConfigurations), len(st.Accounts), n, n/10)
		}
	}
}

// BenchComplianceEvents measures a page of 100 events of 50 accounts out
// of a history of n events of n/10 accounts.
func BenchComplianceEvents(b *testing.B, s store.Store, n int) {
	ctx := b.Context()
	configs := ChatConfigurations(0, n, 10)
	es := ComplianceEvents(1, 1, configs)
	err := s.Update(ctx, func(ctx context.Context, tx store.Tx) error {
		if err := tx.AddComplianceCause(ctx, store.ComplianceCause{ID: 1, Operation: "AttachPolicy"}); err != nil {
			return err
		}
		return tx.AddComplianceEvents(ctx, es)
	})
	if err != nil {
		b.Fatal(err)
	}
	q := store.ComplianceQuery{Limit: 100}
	for i := range 50 {
		q.AccountIDs = append(q.AccountIDs, configs[(i*2003*10)%n].AccountID)
	}
	for b.Loop() {
		rs, err := s.ComplianceEvents(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		if len(rs) != 100 {
			b.Fatalf("%d events, want 100", len(rs))
		}
	}
}

// BenchPruneCompliance measures one PruneCompliance of batch events, in an
// Update of its own, from a history of 200,000 events of one write per
// thousand (refilled, untimed, when it runs low): how long pruning holds
// the write lock per batch. It reports events pruned per second.
func BenchPruneCompliance(b *testing.B, s store.Updater, batch int) {
	ctx := b.Context()
	const fill, perCause = 200_000, 1000
	configs := ByAccountShuffled(ChatConfigurations(0, perCause, 10), 10)
	var nextEvent, nextCause, left int64 = 1, 1, 0
	refill := func() {
		err := s.Update(ctx, func(ctx context.Context, tx store.Tx) error {
			for range fill / perCause {
				if err := tx.AddComplianceCause(ctx, store.ComplianceCause{ID: nextCause, Time: at(int(nextCause)), Operation: "AttachPolicy",
					CallerARN: "arn:aws:iam::111111111111:root", Detail: "attached p-chat12345678 to r-ab12"}); err != nil {
					return err
				}
				if err := tx.AddComplianceEvents(ctx, ComplianceEvents(nextEvent, nextCause, configs)); err != nil {
					return err
				}
				nextEvent += perCause
				nextCause++
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		left += fill
	}
	pruned := 0
	for b.Loop() {
		if left < int64(2*batch) {
			b.StopTimer()
			refill()
			b.StartTimer()
		}
		var got store.PrunedCompliance
		err := s.Update(ctx, func(ctx context.Context, tx store.Tx) error {
			var err error
			got, err = tx.PruneCompliance(ctx, store.CompliancePrune{UpToID: nextEvent, Limit: batch})
			return err
		})
		if err != nil || got.Events != batch {
			b.Fatalf("pruned %+v: %v", got, err)
		}
		left -= int64(got.Events)
		pruned += got.Events
	}
	b.ReportMetric(float64(pruned)/b.Elapsed().Seconds(), "events/s")
}
