package gov_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

// TestConsoleSessionKey checks that the console's key is made once, kept
// across a restart, and seen by a second service on the same store.
func TestConsoleSessionKey(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	ctx := context.Background()
	if _, ok := f.svc.CurrentConsoleSessionKey(); ok {
		t.Fatal("a key before the first sign-in")
	}
	rev := f.svc.Revision()
	k1, err := f.svc.ConsoleSessionKey(ctx)
	if err != nil || len(k1) != gov.ConsoleSessionKeySize {
		t.Fatalf("ConsoleSessionKey = %x, %v", k1, err)
	}
	if f.svc.Revision() != rev+1 {
		t.Errorf("making the key: revision %d, want %d (one write)", f.svc.Revision(), rev+1)
	}
	k2, err := f.svc.ConsoleSessionKey(ctx)
	if err != nil || !bytes.Equal(k1, k2) || f.svc.Revision() != rev+1 {
		t.Errorf("second call: %x, %v, revision %d: want the same key and no write", k2, err, f.svc.Revision())
	}
	f.reload()
	if k, ok := f.svc.CurrentConsoleSessionKey(); !ok || !bytes.Equal(k, k1) {
		t.Errorf("after a restart: %x, %v", k, ok)
	}
}

// TestConsoleSignOuts checks the sign-out records: a signed-out session is
// ended on a restarted service, others are not, expired entries are swept,
// and past the cap the oldest fold into a watermark that still ends them.
func TestConsoleSignOuts(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	ctx := context.Background()
	now := f.clock.now()
	id := func(i int) string { return fmt.Sprintf("session-%012d", i) }
	const acct = "222222222222"

	invalid := []struct {
		name, account, id string
	}{
		{"empty account", "", id(1)},
		{"account with a slash", "22/22", id(1)},
		{"short ID", acct, "abc"},
		{"ID with a space", acct, "session 000000000001"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			err := f.svc.EndConsoleSession(ctx, tc.account, tc.id, now, now.Add(time.Hour))
			wantErr{kind: gov.Invalid, reason: gov.ReasonInvalidPattern}.check(t, err)
		})
	}

	if err := f.svc.EndConsoleSession(ctx, acct, id(1), now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	rev := f.svc.Revision()
	if err := f.svc.EndConsoleSession(ctx, acct, id(1), now, now.Add(time.Hour)); err != nil || f.svc.Revision() != rev {
		t.Errorf("ending it again: %v, revision %d, want no write", err, f.svc.Revision())
	}
	if err := f.svc.EndConsoleSession(ctx, acct, id(2), now.Add(-2*time.Hour), now.Add(-time.Hour)); err != nil || f.svc.Revision() != rev {
		t.Errorf("ending an expired session: %v, revision %d, want no write", err, f.svc.Revision())
	}
	f.reload()
	tests := []struct {
		name    string
		account string
		id      string
		issued  time.Time
		want    bool
	}{
		{"the signed-out session", acct, id(1), now, true},
		{"another session", acct, id(3), now, false},
		{"the same ID in another account", "333333333333", id(1), now, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.svc.ConsoleSessionEnded(tc.account, tc.id, tc.issued); got != tc.want {
				t.Errorf("ended = %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("past the cap", func(t *testing.T) {
		const other = "444444444444"
		base := f.clock.now()
		for i := range 100 {
			issued := base.Add(time.Duration(i) * time.Second)
			if err := f.svc.EndConsoleSession(ctx, other, id(100+i), issued, issued.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 100 {
			if !f.svc.ConsoleSessionEnded(other, id(100+i), base.Add(time.Duration(i)*time.Second)) {
				t.Errorf("session %d of 100 is not ended", i)
			}
		}
		if f.svc.ConsoleSessionEnded(other, id(500), base.Add(99*time.Second)) {
			t.Error("a session issued after the watermark is ended")
		}
	})

	t.Run("kept past expiry for lagging clocks", func(t *testing.T) {
		issued := f.clock.now()
		if err := f.svc.EndConsoleSession(ctx, "666666666666", id(7), issued, issued.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		f.clock.advance(5 * time.Minute)
		if err := f.svc.EndConsoleSession(ctx, "666666666666", id(8), f.clock.now(), f.clock.now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if !f.svc.ConsoleSessionEnded("666666666666", id(7), issued) {
			t.Error("a sign-out was swept minutes after its expiry")
		}
	})

	t.Run("swept at expiry", func(t *testing.T) {
		f.clock.advance(2 * time.Hour)
		if err := f.svc.EndConsoleSession(ctx, "555555555555", id(9), f.clock.now(), f.clock.now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		// The sweep dropped the expired entries: a session with an old
		// ID now counts as live (its cookie has expired anyway).
		if f.svc.ConsoleSessionEnded(acct, id(1), now) || f.svc.ConsoleSessionEnded("444444444444", id(100), now) {
			t.Error("expired sign-outs were not swept")
		}
		f.reload()
		if !f.svc.ConsoleSessionEnded("555555555555", id(9), f.clock.now()) {
			t.Error("the new sign-out is lost")
		}
	})
}
