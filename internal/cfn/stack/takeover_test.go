package stack_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/cfn/stack"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/store/memstore"
)

// clock is a clock the test moves, shared by the replicas.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// abandonAfter is the replicas' StackAbandonedAfter in these tests.
const abandonAfter = time.Minute

// replicas is n services on one in-memory database, as replicas on one
// PostgreSQL are, that apply each other's writes only when the test says
// (Sync): a replica's view can be stale, as a replica's is between two
// reads of the change log. The first is bootstrapped with an
// organization; it returns the services and the root's ID.
func replicas(t *testing.T, n int, clk *clock) ([]*gov.Service, string) {
	t.Helper()
	ctx := context.Background()
	db := memstore.NewDB()
	var svcs []*gov.Service
	for range n {
		st := db.Open()
		svc, err := gov.New(ctx, st, gov.Options{Now: clk.Now, Feed: st, StackAbandonedAfter: abandonAfter})
		if err != nil {
			t.Fatal(err)
		}
		svcs = append(svcs, svc)
	}
	if _, err := svcs[0].Bootstrap(ctx, gov.BootstrapInput{ManagementAccountID: mgmtID}); err != nil {
		t.Fatal(err)
	}
	if _, err := svcs[0].CreateOrganization(ctx, mgmt, "ALL"); err != nil {
		t.Fatal(err)
	}
	roots, err := svcs[0].ListRoots(mgmt, "", 1)
	if err != nil {
		t.Fatal(err)
	}
	syncAll(t, svcs)
	return svcs, roots.Items[0].ID
}

func syncAll(t *testing.T, svcs []*gov.Service) {
	t.Helper()
	for _, s := range svcs {
		if err := s.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

func ouTemplate(rootID string) string {
	return `{"Resources":{"U":{"Type":"AWS::Organizations::OrganizationalUnit","Properties":{"Name":"u","ParentId":"` + rootID + `"}}}}`
}

// leaveIn rewrites the caller's only stack as a runner that stopped in
// status would have left it.
func leaveIn(t *testing.T, svc *gov.Service, status, body string) {
	t.Helper()
	rec := svc.Stacks(mgmt)[0]
	var doc map[string]any
	if err := json.Unmarshal([]byte(rec.Document), &doc); err != nil {
		t.Fatal(err)
	}
	doc["status"] = status
	if status == stack.StatusUpdateCleanup {
		doc["previous"] = map[string]any{"template": body, "resources": doc["resources"]}
	}
	b, _ := json.Marshal(doc)
	rec.Document, rec.Status = string(b), status
	if err := svc.PutStack(context.Background(), mgmt, rec); err != nil {
		t.Fatal(err)
	}
}

// TestTakeOver: a stack a replica that stopped left in progress is left
// alone while it might still be running, then finished (or rolled back)
// by exactly one of the replicas that look for it at once, including one
// whose view of it is stale.
func TestTakeOver(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := leftInProgress
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := &clock{t: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)}
			svcs, rootID := replicas(t, 3, clk)
			body := ouTemplate(rootID)
			dead := stack.New(svcs[0], stack.Options{Now: clk.Now})
			id, err := dead.CreateStack(ctx, mgmt, stack.Input{StackName: "s", TemplateBody: body})
			if err != nil {
				t.Fatal(err)
			}
			leaveIn(t, svcs[0], tt.leftIn, body) // and replica 0 stops
			syncAll(t, svcs[1:])
			runners := []*stack.Runner{stack.New(svcs[1], stack.Options{Now: clk.Now}), stack.New(svcs[2], stack.Options{Now: clk.Now})}

			clk.Add(abandonAfter / 2)
			for i, r := range runners {
				if n, err := r.Resume(ctx); n != 0 || err != nil {
					t.Fatalf("replica %d resumed %d stacks (%v) written %v ago", i+1, n, err, abandonAfter/2)
				}
			}

			clk.Add(abandonAfter)
			var wg sync.WaitGroup
			resumed := make([]int, len(runners))
			for i, r := range runners {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n, err := r.Resume(ctx)
					if err != nil {
						t.Error(err)
					}
					resumed[i] = n
				}()
			}
			wg.Wait()
			if resumed[0]+resumed[1] != 1 {
				t.Fatalf("replicas resumed %v stacks, want 1 between them", resumed)
			}
			syncAll(t, svcs)
			for i, svc := range svcs {
				r := stack.New(svc, stack.Options{Now: clk.Now})
				stacks, err := r.ListStacks(mgmt, nil)
				if err != nil || len(stacks) != 1 || stacks[0].ID != id || stacks[0].Status != tt.wantStatus {
					t.Fatalf("replica %d's stacks after the take-over: %+v %v", i, stacks, err)
				}
				takeOvers := 0
				for _, e := range stacks[0].Events {
					if strings.Contains(e.Reason, "another took it over") {
						takeOvers++
					}
				}
				if want := map[bool]int{true: 1}[tt.leftIn == stack.StatusCreateInProgress]; takeOvers != want {
					t.Errorf("replica %d: %d take-over events, want %d", i, takeOvers, want)
				}
			}
			ous, err := svcs[1].ListOrganizationalUnitsForParent(mgmt, rootID, "", 20)
			if err != nil {
				t.Fatal(err)
			}
			if gone := len(ous.Items) == 0; gone != tt.ouGone {
				t.Errorf("OU gone = %v, want %v", gone, tt.ouGone)
			}
			// Nothing is left for anyone, later either.
			clk.Add(2 * abandonAfter)
			for i, r := range runners {
				if n, err := r.Resume(ctx); n != 0 || err != nil {
					t.Errorf("replica %d resumed %d stacks (%v) after the take-over", i+1, n, err)
				}
			}
		})
	}
}

// TestLiveRunnerKeepsItsStack: a replica whose operation runs longer than
// StackAbandonedAfter without saving a step (a creation's step, a
// take-over's rollback, which saves at its end only) stamps its stack
// (the heartbeat), so that no other replica takes it over; once the
// operation is over, there is nothing to take over.
func TestLiveRunnerKeepsItsStack(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// start prepares the stack on replica 0 and returns the
		// operation the live runner runs.
		start      func(t *testing.T, svcs []*gov.Service, clk *clock, live *stack.Runner, body string) func() error
		wantStatus string
	}{
		{"a creation", func(t *testing.T, svcs []*gov.Service, clk *clock, live *stack.Runner, body string) func() error {
			return func() error {
				_, err := live.CreateStack(context.Background(), mgmt, stack.Input{StackName: "s", TemplateBody: body})
				return err
			}
		}, stack.StatusCreateComplete},
		{"a take-over's rollback", func(t *testing.T, svcs []*gov.Service, clk *clock, live *stack.Runner, body string) func() error {
			dead := stack.New(svcs[0], stack.Options{Now: clk.Now})
			if _, err := dead.CreateStack(context.Background(), mgmt, stack.Input{StackName: "s", TemplateBody: body}); err != nil {
				t.Fatal(err)
			}
			leaveIn(t, svcs[0], stack.StatusCreateInProgress, body)
			clk.Add(2 * abandonAfter)
			syncAll(t, svcs)
			return func() error {
				if n, err := live.Resume(context.Background()); n != 1 || err != nil {
					return fmt.Errorf("the live runner resumed %d stacks: %v", n, err)
				}
				return nil
			}
		}, stack.StatusRollbackComplete},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)}
			svcs, rootID := replicas(t, 3, clk)
			live := stack.New(svcs[1], stack.Options{Now: clk.Now, Heartbeat: 5 * time.Millisecond})
			other := stack.New(svcs[2], stack.Options{Now: clk.Now})
			inStep, release := make(chan struct{}), make(chan struct{})
			var once sync.Once
			stack.SetStepHook(live, func() {
				once.Do(func() {
					close(inStep)
					<-release
				})
			})
			op := tt.start(t, svcs, clk, live, ouTemplate(rootID))
			done := make(chan error, 1)
			go func() { done <- op() }()
			<-inStep
			// The step runs long: longer than the other replicas wait.
			clk.Add(3 * abandonAfter)
			stamped := func() bool {
				syncAll(t, svcs[2:])
				st := svcs[2].Stacks(mgmt)
				return len(st) == 1 && st[0].UpdatedAt.Equal(clk.Now())
			}
			deadline := time.Now().Add(10 * time.Second)
			for !stamped() {
				if time.Now().After(deadline) {
					close(release)
					t.Fatalf("the running stack was not stamped: %+v", svcs[2].Stacks(mgmt))
				}
				time.Sleep(5 * time.Millisecond)
			}
			n, err := other.Resume(ctx)
			close(release)
			if err != nil || n != 0 {
				t.Fatalf("the other replica took over %d stacks (%v) of a live runner", n, err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			syncAll(t, svcs[2:])
			clk.Add(3 * abandonAfter)
			if n, err := other.Resume(ctx); n != 0 || err != nil {
				t.Fatalf("the other replica took over %d stacks (%v) once the operation was over", n, err)
			}
			stacks, err := other.ListStacks(mgmt, nil)
			if err != nil || len(stacks) != 1 || stacks[0].Status != tt.wantStatus {
				t.Fatalf("stacks: %+v %v", stacks, err)
			}
		})
	}
}

// TestStalledRunnerStops: a replica whose operation stalls longer than
// StackAbandonedAfter without a heartbeat (a process paused, a store out
// of reach) is taken over; when it wakes, its next save fails and its
// operation stops, leaving the stack as the replica that took it over
// made it.
func TestStalledRunnerStops(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)}
	svcs, rootID := replicas(t, 2, clk)
	stalled := stack.New(svcs[0], stack.Options{Now: clk.Now, Heartbeat: time.Hour})
	other := stack.New(svcs[1], stack.Options{Now: clk.Now})
	inStep, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	stack.SetStepHook(stalled, func() {
		once.Do(func() {
			close(inStep)
			<-release
		})
	})
	done := make(chan error, 1)
	go func() {
		_, err := stalled.CreateStack(ctx, mgmt, stack.Input{StackName: "s", TemplateBody: ouTemplate(rootID)})
		done <- err
	}()
	<-inStep
	clk.Add(2 * abandonAfter)
	syncAll(t, svcs[1:])
	n, err := other.Resume(ctx)
	close(release)
	if err != nil || n != 1 {
		t.Fatalf("the other replica took over %d stacks (%v), want 1", n, err)
	}
	var se *stack.Error
	if err := <-done; !errors.As(err, &se) || se.Code != stack.CodeOperationInProgress {
		t.Fatalf("the stalled runner's CreateStack: %v, want %s", err, stack.CodeOperationInProgress)
	}
	syncAll(t, svcs)
	for i, svc := range svcs {
		stacks, err := stack.New(svc, stack.Options{}).ListStacks(mgmt, nil)
		if err != nil || len(stacks) != 1 || stacks[0].Status != stack.StatusRollbackComplete {
			t.Fatalf("replica %d's stacks: %+v %v", i, stacks, err)
		}
		// The step the stalled runner finished after the take-over is
		// undone: nobody else knows of its OU.
		ous, err := svc.ListOrganizationalUnitsForParent(mgmt, rootID, "", 20)
		if err != nil || len(ous.Items) != 0 {
			t.Errorf("replica %d's OUs: %+v %v", i, ous.Items, err)
		}
	}
}
