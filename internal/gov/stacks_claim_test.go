package gov

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/store/memstore"
)

// movingClock is a clock the test moves, shared by replicas.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *movingClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// claimReplicas is n services on one in-memory database that do not
// follow each other on their own: a test brings one up to date (Sync)
// when it wants, so that the others can hold a stale view.
func claimReplicas(t *testing.T, n int, clock *movingClock) []*Service {
	t.Helper()
	db := memstore.NewDB()
	var out []*Service
	for range n {
		st := db.Open()
		svc, err := New(context.Background(), st, Options{Now: clock.Now, Feed: st, StackAbandonedAfter: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, svc)
	}
	return out
}

// TestClaimStack: a stack in progress that nothing has written for
// StackAbandonedAfter is taken over by exactly one replica, on the
// latest state even when the claiming replica's view is stale; a stack
// written (or stamped by its runner's heartbeat) since is not.
func TestClaimStack(t *testing.T) {
	t.Parallel()
	owner := Caller{AccountID: "111111111111", ARN: "arn:aws:iam::111111111111:root"}
	const id = "arn:aws:cloudformation:us-east-1:111111111111:stack/s/1"
	tests := []struct {
		name   string
		status string
		// then runs on the replicas (0 wrote the stack, 1 and 2 synced
		// after that write) once the clock has moved after before.
		before time.Duration
		then   func(ctx context.Context, t *testing.T, svcs []*Service, clock *movingClock)
		// want is what replicas 1 then 2 claim, with 2's view as it
		// was before 1 claimed.
		want [2]bool
	}{
		{name: "abandoned: the first claim wins, the second sees it",
			status: "CREATE_IN_PROGRESS", before: 2 * time.Minute, want: [2]bool{true, false}},
		{name: "written recently: nobody claims it",
			status: "CREATE_IN_PROGRESS", before: 30 * time.Second, want: [2]bool{false, false}},
		{name: "finished: nobody claims it",
			status: "CREATE_COMPLETE", before: 2 * time.Minute, want: [2]bool{false, false}},
		{name: "a change set under review is no operation",
			status: "REVIEW_IN_PROGRESS", before: 2 * time.Minute, want: [2]bool{false, false}},
		{name: "its runner's heartbeat keeps it",
			status: "DELETE_IN_PROGRESS", before: 50 * time.Second,
			then: func(ctx context.Context, t *testing.T, svcs []*Service, clock *movingClock) {
				if _, err := svcs[0].TouchStack(ctx, owner, id, time.Time{}); err != nil {
					t.Fatal(err)
				}
				clock.Add(50 * time.Second) // 100 s after the write, 50 s after the stamp
			},
			want: [2]bool{false, false}},
		{name: "a heartbeat stops: the stack is claimed after it",
			status: "UPDATE_IN_PROGRESS", before: 50 * time.Second,
			then: func(ctx context.Context, t *testing.T, svcs []*Service, clock *movingClock) {
				if _, err := svcs[0].TouchStack(ctx, owner, id, time.Time{}); err != nil {
					t.Fatal(err)
				}
				clock.Add(61 * time.Second)
			},
			want: [2]bool{true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clock := &movingClock{t: matrixNow}
			svcs := claimReplicas(t, 3, clock)
			rec := StackRecord{ID: id, AccountID: owner.AccountID, Name: "s", Status: tt.status, Document: "{}"}
			if err := svcs[0].PutStack(ctx, owner, rec); err != nil {
				t.Fatal(err)
			}
			for _, s := range svcs[1:] {
				if err := s.Sync(ctx); err != nil {
					t.Fatal(err)
				}
			}
			clock.Add(tt.before)
			if tt.then != nil {
				tt.then(ctx, t, svcs, clock)
			}
			for i, s := range svcs[1:] {
				got, won, err := s.ClaimStack(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if won != tt.want[i] {
					t.Errorf("replica %d claims %v, want %v", i+1, won, tt.want[i])
				}
				if won && (!got.UpdatedAt.Equal(clock.Now()) || got.Status != tt.status || got.Document != "{}") {
					t.Errorf("replica %d claimed %+v: want it stamped now, otherwise as written", i+1, got)
				}
			}
			// Whoever claimed it, nobody may claim it again now.
			if len(svcs[2].UnfinishedStacks()) > 0 {
				if _, won, _ := svcs[2].ClaimStack(ctx, id); won {
					t.Error("a stack is claimed twice")
				}
			}
		})
	}
}

// TestClaimStackRace: replicas that claim one abandoned stack at once
// take it over once between them.
func TestClaimStackRace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	owner := Caller{AccountID: "111111111111", ARN: "arn:aws:iam::111111111111:root"}
	for round := range 20 {
		clock := &movingClock{t: matrixNow}
		svcs := claimReplicas(t, 3, clock)
		id := "arn:aws:cloudformation:us-east-1:111111111111:stack/s/" + string(rune('a'+round))
		if err := svcs[0].PutStack(ctx, owner, StackRecord{ID: id, AccountID: owner.AccountID, Name: "s",
			Status: "ROLLBACK_IN_PROGRESS", Document: "{}"}); err != nil {
			t.Fatal(err)
		}
		for _, s := range svcs[1:] {
			if err := s.Sync(ctx); err != nil {
				t.Fatal(err)
			}
		}
		clock.Add(5 * time.Minute)
		var wg sync.WaitGroup
		wins := make([]bool, len(svcs))
		start := make(chan struct{})
		for i, s := range svcs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, won, err := s.ClaimStack(ctx, id)
				if err != nil {
					t.Error(err)
				}
				wins[i] = won
			}()
		}
		close(start)
		wg.Wait()
		n := 0
		for _, w := range wins {
			if w {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("round %d: %d replicas took the stack over, want 1 (%v)", round, n, wins)
		}
	}
}

// TestTouchStack: the heartbeat stamps the caller's stack in progress
// only, and changes nothing else.
func TestTouchStack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	owner := Caller{AccountID: "111111111111", ARN: "arn:aws:iam::111111111111:root"}
	other := Caller{AccountID: "222222222222", ARN: "arn:aws:iam::222222222222:root"}
	tests := []struct {
		name      string
		status    string
		caller    Caller
		wantErr   bool // AccessDenied
		wantMoved bool
	}{
		{"in progress: stamped", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", owner, false, true},
		{"over: left alone", "UPDATE_COMPLETE", owner, false, false},
		{"another account's: refused", "CREATE_IN_PROGRESS", other, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := &movingClock{t: matrixNow}
			svc := claimReplicas(t, 1, clock)[0]
			rec := StackRecord{ID: "arn:x", AccountID: owner.AccountID, Name: "s", Status: tt.status, Document: `{"a":1}`}
			if err := svc.PutStack(ctx, owner, rec); err != nil {
				t.Fatal(err)
			}
			rev := svc.Revision()
			clock.Add(time.Second)
			_, err := svc.TouchStack(ctx, tt.caller, rec.ID, time.Time{})
			if (err != nil) != tt.wantErr || err != nil && ErrorOf(err).Kind != AccessDenied {
				t.Fatalf("TouchStack: %v, want an error %v (AccessDenied)", err, tt.wantErr)
			}
			got := svc.Stacks(owner)[0]
			if moved := got.UpdatedAt.Equal(clock.Now()); moved != tt.wantMoved || moved != (svc.Revision() > rev) {
				t.Errorf("stamped = %v (revision %d -> %d), want %v", moved, rev, svc.Revision(), tt.wantMoved)
			}
			if got.Status != tt.status || got.Document != rec.Document {
				t.Errorf("the stack changed: %+v", got)
			}
		})
	}
}

// TestSaveStackAfterTakeOver: a runner writes its stack (a save, a
// stamp) only over its own last write; once another replica has claimed
// the stack, the runner's writes fail and change nothing.
func TestSaveStackAfterTakeOver(t *testing.T) {
	t.Parallel()
	owner := Caller{AccountID: "111111111111", ARN: "arn:aws:iam::111111111111:root"}
	const id = "arn:aws:cloudformation:us-east-1:111111111111:stack/s/1"
	tests := []struct {
		name     string
		claimed  bool
		write    func(ctx context.Context, svc *Service, since time.Time) (time.Time, error)
		wantDone bool
	}{
		{name: "a save over its own write", write: saveDone, wantDone: true},
		{name: "a stamp over its own write", write: touch, wantDone: true},
		{name: "a save after a take-over", claimed: true, write: saveDone},
		{name: "a stamp after a take-over", claimed: true, write: touch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clock := &movingClock{t: matrixNow}
			svcs := claimReplicas(t, 2, clock)
			at, err := svcs[0].SaveStack(ctx, owner, StackRecord{ID: id, AccountID: owner.AccountID, Name: "s",
				Status: "UPDATE_IN_PROGRESS", Document: "{}"}, time.Time{})
			if err != nil || !at.Equal(matrixNow) {
				t.Fatalf("SaveStack: %v %v", at, err)
			}
			clock.Add(2 * time.Minute) // the runner seems stopped
			if tt.claimed {
				if err := svcs[1].Sync(ctx); err != nil {
					t.Fatal(err)
				}
				if _, won, err := svcs[1].ClaimStack(ctx, id); !won || err != nil {
					t.Fatalf("ClaimStack: %v %v", won, err)
				}
			}
			rev := svcs[0].Revision()
			clock.Add(time.Second)
			got, err := tt.write(ctx, svcs[0], at)
			if tt.wantDone {
				if err != nil || !got.Equal(clock.Now()) {
					t.Fatalf("the runner's write: %v %v, want it done now", got, err)
				}
				return
			}
			if !errors.Is(err, ErrStackTakenOver) {
				t.Fatalf("the runner's write after the take-over: %v %v, want ErrStackTakenOver", got, err)
			}
			if svcs[0].Revision() != rev+1 { // the claim, caught up with; nothing else
				t.Errorf("revision %d -> %d", rev, svcs[0].Revision())
			}
			if st := svcs[0].Stacks(owner)[0]; st.Status != "UPDATE_IN_PROGRESS" || !st.UpdatedAt.Equal(matrixNow.Add(2*time.Minute)) {
				t.Errorf("the stack after the refused write: %+v", st)
			}
		})
	}
}

func saveDone(ctx context.Context, svc *Service, since time.Time) (time.Time, error) {
	owner := Caller{AccountID: "111111111111"}
	return svc.SaveStack(ctx, owner, StackRecord{ID: "arn:aws:cloudformation:us-east-1:111111111111:stack/s/1",
		AccountID: owner.AccountID, Name: "s", Status: "UPDATE_COMPLETE", Document: "{}"}, since)
}

func touch(ctx context.Context, svc *Service, since time.Time) (time.Time, error) {
	return svc.TouchStack(ctx, Caller{AccountID: "111111111111"}, "arn:aws:cloudformation:us-east-1:111111111111:stack/s/1", since)
}
