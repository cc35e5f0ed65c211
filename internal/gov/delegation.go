package gov

import (
	"context"
	"sort"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// ServicePrincipal is a service with trusted access, and since when.
type ServicePrincipal struct {
	ServicePrincipal string
	EnabledAt        time.Time
}

// DelegatedAdministrator is an account registered for a service.
type DelegatedAdministrator struct {
	Account
	DelegationEnabledAt time.Time
}

// DelegatedService is a service an account administers.
type DelegatedService struct {
	ServicePrincipal    string
	DelegationEnabledAt time.Time
}

func checkPrincipal(p string) error {
	return checkPattern("ServicePrincipal", p, reServicePrincipal, "a service principal (1 to 128 of letters, digits and +=,.@_-)")
}

// EnableAWSServiceAccess gives a service trusted access to the organization;
// enabling it again changes nothing. It returns Invalid (INPUT_REQUIRED,
// INVALID_PATTERN, UNRECOGNIZED_SERVICE_PRINCIPAL) for a principal that is
// not an integrated service's, and the errors of authorize.
func (s *Service) EnableAWSServiceAccess(ctx context.Context, c Caller, principal string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opEnableAWSServiceAccess, ""); err != nil {
			return err
		}
		if err := checkIntegrated(principal, false); err != nil {
			return err
		}
		if _, ok := m.Services[principal]; ok {
			return nil
		}
		services := map[string]time.Time{principal: ch.now}
		for k, v := range m.Services {
			services[k] = v
		}
		m.Services = services
		sa := store.ServiceAccess{ServicePrincipal: principal, EnabledAt: ch.now}
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutServiceAccess(ctx, sa) })
		return nil
	})
}

// DisableAWSServiceAccess removes a service's trusted access; delegated
// administrators stay registered, as on AWS, and disabling it again changes
// nothing. It returns Invalid (INPUT_REQUIRED, INVALID_PATTERN,
// UNRECOGNIZED_SERVICE_PRINCIPAL) for a principal that is not an integrated
// service's, and the errors of authorize.
func (s *Service) DisableAWSServiceAccess(ctx context.Context, c Caller, principal string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opDisableAWSServiceAccess, ""); err != nil {
			return err
		}
		if err := checkIntegrated(principal, false); err != nil {
			return err
		}
		if _, ok := m.Services[principal]; !ok {
			return nil
		}
		services := map[string]time.Time{}
		for k, v := range m.Services {
			if k != principal {
				services[k] = v
			}
		}
		m.Services = services
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteServiceAccess(ctx, principal) })
		return nil
	})
}

// ListAWSServiceAccessForOrganization lists the services with trusted
// access. It returns Invalid (INVALID_NEXT_TOKEN) for a token of another
// list, and the errors of authorize.
func (s *Service) ListAWSServiceAccessForOrganization(c Caller, token string, max int) (Page[ServicePrincipal], error) {
	m := s.model()
	if err := m.authorize(c, opListAWSServiceAccessForOrganization, ""); err != nil {
		return Page[ServicePrincipal]{}, err
	}
	var out []ServicePrincipal
	for p, at := range m.Services {
		out = append(out, ServicePrincipal{ServicePrincipal: p, EnabledAt: at})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ServicePrincipal < out[j].ServicePrincipal })
	return paginate(out, token, max)
}

// RegisterDelegatedAdministrator makes a member account a service's
// delegated administrator. The service needs trusted access first; a service
// has at most one delegated administrator. It returns Invalid
// (UNRECOGNIZED_SERVICE_PRINCIPAL and the pattern reasons) for a service
// without delegated administrators, Invalid (INPUT_REQUIRED,
// INVALID_PATTERN) and NotFound (ResAccount) for the account, Constraint
// (CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR,
// CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR,
// SERVICE_ACCESS_NOT_ENABLED,
// MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED), AlreadyExists
// (ResDelegatedAdmin) when the account is already registered, and the errors
// of authorize.
func (s *Service) RegisterDelegatedAdministrator(ctx context.Context, c Caller, accountID, principal string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opRegisterDelegatedAdministrator, ""); err != nil {
			return err
		}
		if err := checkIntegrated(principal, true); err != nil {
			return err
		}
		a, err := m.account(accountID)
		if err != nil {
			return err
		}
		if a.ID == m.Org.ManagementAccountID {
			return constraint(ReasonCannotRegisterMaster, "the management account cannot be a delegated administrator")
		}
		if a.Status == AccountSuspended {
			return constraint(ReasonCannotRegisterSuspended, "account %s is closed (SUSPENDED) and cannot be a delegated administrator", a.ID)
		}
		if _, ok := m.Services[principal]; !ok {
			return constraint(ReasonServiceAccessNotEnabled, "trusted access for %s is not enabled; call EnableAWSServiceAccess first", principal)
		}
		ds, _ := m.Delegated.Get(a.ID)
		if _, ok := ds[principal]; ok {
			return newErr(AlreadyExists, ResDelegatedAdmin, "", "account %s is already a delegated administrator for %s", a.ID, principal)
		}
		var other string
		m.Delegated.Range(func(id string, ps map[string]time.Time) bool {
			if _, ok := ps[principal]; ok {
				other = id
			}
			return other == ""
		})
		if other != "" {
			return constraint("MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED",
				"%s already has a delegated administrator, account %s", principal, other)
		}
		next := map[string]time.Time{principal: ch.now}
		for k, v := range ds {
			next[k] = v
		}
		ch.m.Delegated.Set(a.ID, next)
		d := store.DelegatedAdmin{AccountID: a.ID, ServicePrincipal: principal, EnabledAt: ch.now}
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutDelegatedAdmin(ctx, d) })
		return nil
	})
}

// DeregisterDelegatedAdministrator removes a registration. It returns
// Invalid (INPUT_REQUIRED, INVALID_PATTERN, UNRECOGNIZED_SERVICE_PRINCIPAL)
// for the principal, Invalid (INPUT_REQUIRED, INVALID_PATTERN) and NotFound
// (ResAccount) for the account, NotFound (ResDelegatedAdmin) when the
// account is not the service's delegated administrator, and the errors of
// authorize.
func (s *Service) DeregisterDelegatedAdministrator(ctx context.Context, c Caller, accountID, principal string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opDeregisterDelegatedAdministrator, ""); err != nil {
			return err
		}
		if err := checkIntegrated(principal, false); err != nil {
			return err
		}
		a, err := m.account(accountID)
		if err != nil {
			return err
		}
		ds, _ := m.Delegated.Get(a.ID)
		if _, ok := ds[principal]; !ok {
			return newErr(NotFound, ResDelegatedAdmin, "", "account %s is not a delegated administrator for %s", a.ID, principal)
		}
		next := map[string]time.Time{}
		for k, v := range ds {
			if k != principal {
				next[k] = v
			}
		}
		if len(next) == 0 {
			ch.m.Delegated.Delete(a.ID)
		} else {
			ch.m.Delegated.Set(a.ID, next)
		}
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteDelegatedAdmin(ctx, a.ID, principal) })
		return nil
	})
}

// ListDelegatedAdministrators lists delegated administrators, of one service
// when principal is given. It returns Invalid (INVALID_PATTERN,
// UNRECOGNIZED_SERVICE_PRINCIPAL) for the principal, Invalid
// (INVALID_NEXT_TOKEN) for a token of another list, and the errors of
// authorize.
func (s *Service) ListDelegatedAdministrators(c Caller, principal, token string, max int) (Page[DelegatedAdministrator], error) {
	m := s.model()
	if err := m.authorize(c, opListDelegatedAdministrators, ""); err != nil {
		return Page[DelegatedAdministrator]{}, err
	}
	if principal != "" {
		if err := checkIntegrated(principal, false); err != nil {
			return Page[DelegatedAdministrator]{}, err
		}
	}
	var out []DelegatedAdministrator
	m.Delegated.Range(func(id string, ps map[string]time.Time) bool {
		a, ok := m.Accounts.Get(id)
		if !ok {
			return true
		}
		var first time.Time
		match := false
		for p, at := range ps {
			if principal == "" || p == principal {
				match = true
				if first.IsZero() || at.Before(first) {
					first = at
				}
			}
		}
		if match {
			out = append(out, DelegatedAdministrator{Account: m.accountRecord(c.Partition(), a), DelegationEnabledAt: first})
		}
		return true
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return paginate(out, token, max)
}

// ListDelegatedServicesForAccount lists the services an account administers.
// It returns Invalid (INPUT_REQUIRED, INVALID_PATTERN) and NotFound
// (ResAccount) for the account, NotFound (ResDelegatedAdmin) when it
// administers none, Invalid (INVALID_NEXT_TOKEN) for a token of another
// list, and the errors of authorize.
func (s *Service) ListDelegatedServicesForAccount(c Caller, accountID, token string, max int) (Page[DelegatedService], error) {
	m := s.model()
	if err := m.authorize(c, opListDelegatedServicesForAccount, ""); err != nil {
		return Page[DelegatedService]{}, err
	}
	a, err := m.account(accountID)
	if err != nil {
		return Page[DelegatedService]{}, err
	}
	ds, _ := m.Delegated.Get(a.ID)
	if len(ds) == 0 {
		return Page[DelegatedService]{}, newErr(NotFound, ResDelegatedAdmin, "", "account %s is not a delegated administrator", a.ID)
	}
	var out []DelegatedService
	for p, at := range ds {
		out = append(out, DelegatedService{ServicePrincipal: p, DelegationEnabledAt: at})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ServicePrincipal < out[j].ServicePrincipal })
	return paginate(out, token, max)
}
