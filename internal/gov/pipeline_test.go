package gov

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/memstore"
)

// holdingStore holds its first Update until release says how it ends.
type holdingStore struct {
	store.Store
	held    chan struct{} // closed when the first Update is held
	release chan error
	first   bool
}

func (s *holdingStore) Update(ctx context.Context, fn func(ctx context.Context, tx store.Tx) error) error {
	if !s.first {
		s.first = true
		close(s.held)
		if err := <-s.release; err != nil {
			return err
		}
	}
	return s.Store.Update(ctx, fn)
}

// TestPipelinedFailure checks the pipeline's failure path: a group
// prepared on the version of a group whose transaction then fails is not
// committed either, and the writes after them start again from what is
// durable.
func TestPipelinedFailure(t *testing.T) {
	ctx := context.Background()
	st := &holdingStore{Store: memstore.New(), held: make(chan struct{}), release: make(chan error)}
	svc, err := New(ctx, st, Options{Now: func() time.Time { return matrixNow }})
	if err != nil {
		t.Fatal(err)
	}
	mgmt := rootCaller(matrixManagement)
	first := make(chan error)
	go func() {
		_, err := svc.Bootstrap(ctx, BootstrapInput{ManagementAccountID: matrixManagement})
		first <- err
	}()
	<-st.held
	bootstrapped := svc.pending.Load()
	if bootstrapped == nil {
		t.Fatal("the held group left no pending version")
	}
	second := make(chan error)
	go func() {
		_, err := svc.CreateOrganization(ctx, mgmt, FeatureSetAll)
		second <- err
	}()
	// The second group is prepared on the first's version, not committed.
	for deadline := time.Now().Add(5 * time.Second); svc.pending.Load() == bootstrapped; {
		if time.Now().After(deadline) {
			t.Fatal("the second group was not prepared while the first was being committed")
		}
		time.Sleep(time.Millisecond)
	}
	st.release <- errors.New("disk full")
	for i, ch := range []chan error{first, second} {
		var e *Error
		if err := <-ch; !errors.As(err, &e) || e.Kind != Internal {
			t.Errorf("write %d: %v, want an internal error", i+1, err)
		}
	}
	if svc.Revision() != 0 || svc.pending.Load() != nil {
		t.Fatalf("after the failure: revision %d, pending %v", svc.Revision(), svc.pending.Load() != nil)
	}
	// What follows starts from what is durable.
	if _, err := svc.Bootstrap(ctx, BootstrapInput{ManagementAccountID: matrixManagement}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateOrganization(ctx, mgmt, FeatureSetAll); err != nil {
		t.Fatal(err)
	}
	state, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if state.Revision != svc.Revision() || state.Organization == nil {
		t.Errorf("store at revision %d with organization %v; service at %d", state.Revision, state.Organization != nil, svc.Revision())
	}
}
