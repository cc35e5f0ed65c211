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

func putAccounts(ctx context.Context, tx store.Tx, as []store.Account) error {
	for _, a := range as {
		if err := tx.PutAccount(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

// BenchBulkLoad measures one Update that writes n new accounts, the shape of
// an organization import; every iteration adds n more to the same store. It
// reports accounts written per second.
func BenchBulkLoad(b *testing.B, s store.Store, n int) {
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
