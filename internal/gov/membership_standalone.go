package gov

import (
	"context"
	"sort"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// Standalone accounts are the accounts chatgov knows outside its
// organization. On AWS anyone can sign up for an account, which can then
// be invited; a chatgov server has no sign-up, so its operator, the
// management account, creates standalone accounts with root credentials
// (CreateStandaloneAccount), and can issue root credentials to an account
// that left without any (CreateRootAccessKey), standing in for AWS's root
// password recovery. A standalone account can answer invitations and use
// AWS Chatbot; everything of the organization answers it
// AWSOrganizationsNotInUseException, and it cannot create an organization.

// StandaloneAccount describes an account outside the organization.
type StandaloneAccount struct {
	ID        string
	Name      string
	Email     string
	Status    string
	CreatedAt time.Time
	ClosedAt  time.Time
}

// StandaloneAccountInput holds CreateStandaloneAccount's parameters.
type StandaloneAccountInput struct {
	// AccountID is the account's ID; a new one is drawn when empty.
	AccountID string
	Name      string
	Email     string
}

func standaloneRecord(a *store.StandaloneAccount) StandaloneAccount {
	return StandaloneAccount{ID: a.ID, Name: a.Name, Email: a.Email, Status: a.Status, CreatedAt: a.CreatedAt, ClosedAt: a.ClosedAt}
}

// CreateStandaloneAccount creates an account outside the organization with
// root credentials, which the caller receives once. Only the server's
// management account may call it (needOperator). It returns Invalid
// (INPUT_REQUIRED, MIN_LENGTH_EXCEEDED, MAX_LENGTH_EXCEEDED,
// INVALID_PATTERN) for a malformed ID, name or email, AlreadyExists
// (ResStandaloneAccount) when the ID or the email belongs to an account
// chatgov knows, and the errors of authorize.
func (s *Service) CreateStandaloneAccount(ctx context.Context, c Caller, in StandaloneAccountInput) (StandaloneAccount, Credential, error) {
	var out StandaloneAccount
	var cred Credential
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opCreateStandaloneAccount, ""); err != nil {
			return err
		}
		if err := checkPattern("AccountName", in.Name, reAccountName, "1 to 50 printable ASCII characters"); err != nil {
			return err
		}
		if err := checkLen("Email", in.Email, 6, 64); err != nil {
			return err
		}
		if err := checkPattern("Email", in.Email, reEmail, "an email address"); err != nil {
			return err
		}
		if m.emailTaken(in.Email) {
			return newErr(AlreadyExists, ResStandaloneAccount, "", "an account with email %s already exists", in.Email)
		}
		id := in.AccountID
		if id == "" {
			var err error
			if id, err = s.newID("", digits, 12, func(id string) bool { return id[0] == '0' || m.accountKnown(id) }); err != nil {
				return err
			}
		} else if !reAccountID.MatchString(id) {
			return invalid(ReasonInvalidPattern, "AccountId %q is not 12 digits", id)
		} else if m.accountKnown(id) {
			return newErr(AlreadyExists, ResStandaloneAccount, "", "account %s already exists", id)
		}
		a := store.StandaloneAccount{ID: id, Name: in.Name, Email: in.Email, Status: AccountActive, CreatedAt: ch.now}
		ch.putStandalone(a)
		var err error
		if cred, err = s.newRootKey(ch, id); err != nil {
			return err
		}
		out = standaloneRecord(&a)
		return nil
	})
	return out, cred, err
}

// accountKnown reports whether an account ID is in use: a member, the
// management account, a standalone account, or the owner of a credential.
func (m model) accountKnown(id string) bool {
	if _, ok := m.Accounts.Get(id); ok {
		return true
	}
	if _, ok := m.Standalone.Get(id); ok {
		return true
	}
	if id == m.Settings[SettingManagementAccount] || m.Org != nil && id == m.Org.ManagementAccountID {
		return true
	}
	used := false
	m.Credentials.Range(func(_ string, cr *store.Credential) bool { used = cr.AccountID == id; return !used })
	return used
}

// newRootKey issues a long-term access key for an account's root user.
func (s *Service) newRootKey(ch *change, accountID string) (Credential, error) {
	key, err := s.newID("AKIA", keyChars, 16, func(k string) bool { _, used := ch.m.Credentials.Get(k); return used })
	if err != nil {
		return Credential{}, err
	}
	secret, err := s.newSecret(30)
	if err != nil {
		return Credential{}, err
	}
	cr := store.Credential{AccessKeyID: key, SecretAccessKey: secret, AccountID: accountID, PrincipalARN: "arn:aws:iam::" + accountID + ":root"}
	ch.m.Credentials.Set(key, &cr)
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutCredential(ctx, cr) })
	return Credential{AccessKeyID: key, SecretAccessKey: secret, AccountID: accountID, ARN: cr.PrincipalARN}, nil
}

// CreateRootAccessKey issues a root access key to a standalone account, for
// one that left the organization without root credentials (an account
// CreateAccount made has none). Only the server's management account may
// call it (needOperator). It returns Invalid (INVALID_PATTERN) for a
// malformed account ID and for a closed account, NotFound
// (ResStandaloneAccount) when the account is not a standalone account of
// this server, and the errors of authorize.
func (s *Service) CreateRootAccessKey(ctx context.Context, c Caller, accountID string) (Credential, error) {
	var out Credential
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opCreateRootAccessKey, ""); err != nil {
			return err
		}
		if !reAccountID.MatchString(accountID) {
			return invalid(ReasonInvalidPattern, "AccountId %q is not 12 digits", accountID)
		}
		a, ok := m.Standalone.Get(accountID)
		if !ok {
			what := "is not known to this server"
			if _, member := m.Accounts.Get(accountID); member {
				what = "is a member of the organization: the management account acts in it through its access role"
			}
			return notFound(ResStandaloneAccount, "account %s %s; root access keys are issued to standalone accounts", accountID, what)
		}
		if a.Status == AccountSuspended {
			return invalid(ReasonInvalidPattern, "account %s is closed; a closed account has no credentials", accountID)
		}
		var err error
		out, err = s.newRootKey(ch, accountID)
		return err
	})
	return out, err
}

// ListStandaloneAccounts lists the accounts chatgov knows outside its
// organization, by ID. Only the server's management account may call it
// (needOperator). It returns the errors of authorize.
func (s *Service) ListStandaloneAccounts(c Caller) ([]StandaloneAccount, error) {
	m := s.model()
	if err := m.authorize(c, opListStandaloneAccounts, ""); err != nil {
		return nil, err
	}
	out := make([]StandaloneAccount, 0, m.Standalone.Len())
	m.Standalone.Range(func(_ string, a *store.StandaloneAccount) bool { out = append(out, standaloneRecord(a)); return true })
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
