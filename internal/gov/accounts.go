package gov

import (
	"context"
	"sort"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/store"
)

// CreateAccount states and failure reasons.
const (
	CreateInProgress   = "IN_PROGRESS"
	CreateSucceeded    = "SUCCEEDED"
	CreateFailed       = "FAILED"
	FailEmailExists    = "EMAIL_ALREADY_EXISTS"
	DefaultAccessRole  = "OrganizationAccountAccessRole"
	BillingAccessAllow = "ALLOW"
	BillingAccessDeny  = "DENY"
)

// CreateAccountInput holds CreateAccount's parameters.
type CreateAccountInput struct {
	Email                  string
	AccountName            string
	RoleName               string
	IamUserAccessToBilling string
	Tags                   []Tag
}

// CreateAccountStatus is the status of a CreateAccount request.
type CreateAccountStatus struct {
	ID            string
	AccountName   string
	State         string
	RequestedAt   time.Time
	CompletedAt   time.Time
	AccountID     string
	FailureReason string
}

func statusRecord(s *store.CreateAccountStatus) CreateAccountStatus {
	return CreateAccountStatus{ID: s.ID, AccountName: s.AccountName, State: s.State, RequestedAt: s.RequestedAt,
		CompletedAt: s.CompletedAt, AccountID: s.AccountID, FailureReason: s.FailureReason}
}

// CreateAccount creates a member account under the root, with a role
// (OrganizationAccountAccessRole by default) that the management account can
// assume. As on AWS the request is asynchronous: the answer says IN_PROGRESS
// and DescribeCreateAccountStatus gives the outcome, which chatgov settles
// at once (an email address already in use makes the request FAILED,
// EMAIL_ALREADY_EXISTS, not the call). It returns Invalid (INPUT_REQUIRED,
// MIN_LENGTH_EXCEEDED, MAX_LENGTH_EXCEEDED, INVALID_PATTERN) for a missing
// or malformed Email, AccountName or RoleName, Invalid (INVALID_ENUM) for
// IamUserAccessToBilling, the errors of checkTags, and the errors of
// authorize.
func (s *Service) CreateAccount(ctx context.Context, c Caller, in CreateAccountInput) (CreateAccountStatus, error) {
	var out CreateAccountStatus
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opCreateAccount, ""); err != nil {
			return err
		}
		if err := checkLen("Email", in.Email, 6, 64); err != nil {
			return err
		}
		if err := checkPattern("Email", in.Email, reEmail, "an email address"); err != nil {
			return err
		}
		if err := checkPattern("AccountName", in.AccountName, reAccountName, "1 to 50 printable ASCII characters"); err != nil {
			return err
		}
		if in.RoleName == "" {
			in.RoleName = DefaultAccessRole
		}
		if err := checkPattern("RoleName", in.RoleName, reRoleName, "a role name (1 to 64 of letters, digits and +=,.@_-)"); err != nil {
			return err
		}
		switch in.IamUserAccessToBilling {
		case "", BillingAccessAllow, BillingAccessDeny:
		default:
			return invalid(ReasonInvalidEnum, "IamUserAccessToBilling must be ALLOW or DENY, not %q", in.IamUserAccessToBilling)
		}
		if err := checkTags(in.Tags); err != nil {
			return err
		}
		reqID, err := s.newID("car-", lowerAlnum, 12, func(id string) bool { _, used := m.CreateStatuses.Get(id); return used })
		if err != nil {
			return err
		}
		st := store.CreateAccountStatus{ID: reqID, AccountName: in.AccountName, Email: in.Email, RequestedAt: ch.now, CompletedAt: ch.now}
		out = CreateAccountStatus{ID: reqID, AccountName: in.AccountName, State: CreateInProgress, RequestedAt: ch.now}
		// Addresses are unique among every account chatgov knows, the
		// standalone ones included, without regard to case (as on AWS).
		if m.emailTaken(in.Email) {
			st.State, st.FailureReason = CreateFailed, FailEmailExists
		} else {
			id, err := s.newAccountID(m)
			if err != nil {
				return err
			}
			root := m.Tree.Root().ID
			a := store.Account{ID: id, ParentID: root, Name: in.AccountName, Email: in.Email, Status: AccountActive,
				JoinedMethod: JoinedCreated, JoinedAt: ch.now, RoleName: in.RoleName}
			if _, err := ch.tree().AddAccount(root, id, in.AccountName); err != nil {
				return internal(err, "adding account")
			}
			ch.m.Accounts.Set(id, &snapshot.AccountRec{Account: a})
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutAccount(ctx, a) })
			ch.setTags(id, in.Tags)
			ch.attachFullAccess(id)
			st.State, st.AccountID = CreateSucceeded, id
		}
		ch.m.CreateStatuses.Set(reqID, &st)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutCreateAccountStatus(ctx, st) })
		return nil
	})
	return out, err
}

// DescribeCreateAccountStatus returns the status of a CreateAccount request.
// It returns Invalid (INPUT_REQUIRED, INVALID_PATTERN) for a malformed
// request ID, NotFound (ResCreateAccountStatus) for a request that does not
// exist, and the errors of authorize.
func (s *Service) DescribeCreateAccountStatus(c Caller, id string) (CreateAccountStatus, error) {
	m := s.model()
	if err := m.authorize(c, opDescribeCreateAccountStatus, ""); err != nil {
		return CreateAccountStatus{}, err
	}
	if err := checkPattern("CreateAccountRequestId", id, reCreateAccountID, "a create-account request ID (car- and 8 to 32 letters or digits)"); err != nil {
		return CreateAccountStatus{}, err
	}
	st, ok := m.CreateStatuses.Get(id)
	if !ok {
		return CreateAccountStatus{}, notFound(ResCreateAccountStatus, "there is no CreateAccount request %s", id)
	}
	return statusRecord(st), nil
}

// ListCreateAccountStatus lists CreateAccount requests, newest first, only
// those in the given states when states is not empty. It returns Invalid
// (INVALID_ENUM) for an unknown state, Invalid (INVALID_NEXT_TOKEN) for a
// token of another list, and the errors of authorize.
func (s *Service) ListCreateAccountStatus(c Caller, states []string, token string, max int) (Page[CreateAccountStatus], error) {
	m := s.model()
	if err := m.authorize(c, opListCreateAccountStatus, ""); err != nil {
		return Page[CreateAccountStatus]{}, err
	}
	want := map[string]bool{}
	for _, st := range states {
		switch st {
		case CreateInProgress, CreateSucceeded, CreateFailed:
			want[st] = true
		default:
			return Page[CreateAccountStatus]{}, invalid(ReasonInvalidEnum, "state %q is not IN_PROGRESS, SUCCEEDED or FAILED", st)
		}
	}
	var out []CreateAccountStatus
	m.CreateStatuses.Range(func(_ string, st *store.CreateAccountStatus) bool {
		if len(want) == 0 || want[st.State] {
			out = append(out, statusRecord(st))
		}
		return true
	})
	sort.Slice(out, func(i, j int) bool {
		return out[i].RequestedAt.After(out[j].RequestedAt) || out[i].RequestedAt.Equal(out[j].RequestedAt) && out[i].ID < out[j].ID
	})
	return paginate(out, token, max)
}
