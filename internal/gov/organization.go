package gov

import (
	"context"
	"sort"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// The AWS-managed policies every organization has.
const (
	FullAWSAccessID    = "p-FullAWSAccess"
	RCPFullAWSAccessID = "p-RCPFullAWSAccess"
	fullAccessSCP      = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	fullAccessRCP      = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
)

// managedPolicies are created with the organization.
var managedPolicies = []store.Policy{
	{ID: FullAWSAccessID, Name: "FullAWSAccess", Type: string(policy.ServiceControlPolicy), AWSManaged: true,
		Description: "Allows access to every operation", Content: fullAccessSCP},
	{ID: RCPFullAWSAccessID, Name: "RCPFullAWSAccess", Type: string(policy.ResourceControlPolicy), AWSManaged: true,
		Description: "Allows access to every resource", Content: fullAccessRCP},
}

// Settings the service keeps in the store.
const (
	SettingManagementEmail = "management_account_email"
)

// CreateOrganization creates an organization whose management account is the
// caller's account. With all features (the default), service control
// policies start enabled, with FullAWSAccess attached (D12). It returns
// Invalid (INVALID_ENUM) for a feature set other than ALL and
// CONSOLIDATED_BILLING, AccessDenied for a standalone account (authorize)
// and for an account outside the organization the server already holds,
// AlreadyExists (ResOrganization) for a member of it, and Invalid
// (INVALID_PATTERN) when the caller's account ID cannot be a management
// account's.
func (s *Service) CreateOrganization(ctx context.Context, c Caller, featureSet string) (Organization, error) {
	if featureSet == "" {
		featureSet = FeatureSetAll
	}
	if featureSet != FeatureSetAll && featureSet != FeatureSetBilling {
		return Organization{}, invalid(ReasonInvalidEnum, "FeatureSet must be ALL or CONSOLIDATED_BILLING, not %q", featureSet)
	}
	var out Organization
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		// A chatgov server serves one organization, whose management account
		// its operator configured: a standalone account may not create one.
		if err := m.authorize(c, opCreateOrganization, ""); err != nil {
			return err
		}
		if m.Org != nil {
			if m.roleOf(c) != outsider {
				return newErr(AlreadyExists, ResOrganization, "", "account %s is already a member of organization %s", c.AccountID, m.Org.ID)
			}
			return newErr(AccessDenied, "", "", "this chatgov server already holds organization %s; account %s is not part of it", m.Org.ID, c.AccountID)
		}
		orgID, err := s.newID("o-", lowerAlnum, 10, func(string) bool { return false })
		if err != nil {
			return err
		}
		rootID, err := s.newID("r-", lowerAlnum, 4, func(string) bool { return false })
		if err != nil {
			return err
		}
		email := m.Settings[SettingManagementEmail]
		if email == "" {
			email = "management+" + c.AccountID + "@example.com"
		}
		o := store.Organization{ID: orgID, FeatureSet: featureSet, ManagementAccountID: c.AccountID,
			ManagementAccountEmail: email, RootID: rootID, RootName: "Root", CreatedAt: ch.now}
		tree, err := org.New(rootID, "Root")
		if err != nil {
			return internal(err, "creating the root")
		}
		mgmt := store.Account{ID: c.AccountID, ParentID: rootID, Name: "management", Email: email,
			Status: AccountActive, JoinedMethod: JoinedCreated, JoinedAt: ch.now}
		if _, err := tree.AddAccount(rootID, mgmt.ID, mgmt.Name); err != nil {
			return invalid(ReasonInvalidPattern, "the caller's account %q cannot be a management account: %v", c.AccountID, err)
		}
		m.Org, m.Tree = &snapshot.Org{Organization: o}, tree
		m.Enabled = map[policy.Type]bool{}
		ch.m.Accounts.Set(mgmt.ID, &snapshot.AccountRec{Account: mgmt})
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutOrganization(ctx, o) })
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutAccount(ctx, mgmt) })
		for _, p := range managedPolicies {
			p.CreatedAt, p.UpdatedAt = ch.now, ch.now
			rec, err := parsePolicyRecord(p)
			if err != nil {
				return err
			}
			ch.m.Policies.Set(p.ID, rec)
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutPolicy(ctx, p) })
		}
		if featureSet == FeatureSetAll {
			// As the API reference says, an organization with all features
			// starts with service control policies enabled in the root, and
			// FullAWSAccess attached to the root and the management account.
			m.Enabled[policy.ServiceControlPolicy] = true
			pt := store.PolicyType{Type: string(policy.ServiceControlPolicy), Status: StatusEnabled}
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutPolicyType(ctx, pt) })
			ch.attach(FullAWSAccessID, rootID)
			ch.attach(FullAWSAccessID, mgmt.ID)
		}
		out = m.organizationRecord(c.Partition())
		return nil
	})
	return out, err
}

// DescribeOrganization describes the caller's organization; every member
// may. It returns the errors of authorize.
func (s *Service) DescribeOrganization(c Caller) (Organization, error) {
	m := s.model()
	if err := m.authorize(c, opDescribeOrganization, ""); err != nil {
		return Organization{}, err
	}
	return m.organizationRecord(c.Partition()), nil
}

// DeleteOrganization deletes the organization, which must have no member
// accounts left, with its resource policy. It returns NotEmpty
// (ResOrganization) while members remain, and the errors of authorize.
func (s *Service) DeleteOrganization(ctx context.Context, c Caller) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opDeleteOrganization, ""); err != nil {
			return err
		}
		if n := m.Accounts.Len(); n > 1 {
			return newErr(NotEmpty, ResOrganization, "", "the organization still has %d member accounts; remove them first", n-1)
		}
		ch.dropResourcePolicy()
		// A fresh version that keeps what is not the organization's.
		fresh := snapshot.New()
		fresh.Rev, fresh.Settings, fresh.Credentials = m.Rev, m.Settings, m.Credentials
		fresh.Chats, fresh.SlackChannels, fresh.TeamsTeams, fresh.Preferences, fresh.Identities = m.Chats, m.SlackChannels, m.TeamsTeams, m.Preferences, m.Identities
		fresh.Roles, fresh.CustomerPolicies, fresh.Standalone = m.Roles, m.CustomerPolicies, m.Standalone
		fresh.CauseSeq, fresh.EventSeq = m.CauseSeq, m.EventSeq
		*m.Model = *fresh
		ch.because(opDeleteOrganization.String(), c, "deleted the organization")
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteOrganization(ctx) })
		return nil
	})
}

// ListRoots lists the organization's root. It returns Invalid
// (INVALID_NEXT_TOKEN) for a token of another list, and the errors of
// authorize.
func (s *Service) ListRoots(c Caller, token string, max int) (Page[Root], error) {
	m := s.model()
	if err := m.authorize(c, opListRoots, ""); err != nil {
		return Page[Root]{}, err
	}
	return paginate([]Root{m.rootRecord(c.Partition())}, token, max)
}

func (m model) checkRoot(rootID string) error {
	if err := checkNodeID("RootId", rootID, ReasonInvalidPattern, org.Root); err != nil {
		return err
	}
	if m.Tree.Root().ID != rootID {
		return notFound(ResRoot, "root %s does not exist in organization %s", rootID, m.Org.ID)
	}
	return nil
}

// EnablePolicyType enables a policy type on the root. Enabling service
// control policies attaches FullAWSAccess to the root and to every OU and
// account (D12); resource control policies likewise get RCPFullAWSAccess. It
// returns Invalid (INPUT_REQUIRED, INVALID_ENUM_POLICY_TYPE) for the type,
// Invalid (INPUT_REQUIRED, INVALID_PATTERN) and NotFound (ResRoot) for the
// root, NotEnabled (ResPolicyTypeAvailable) in an organization without all
// features, AlreadyExists (ResPolicyType) for a type enabled already, and
// the errors of authorize.
func (s *Service) EnablePolicyType(ctx context.Context, c Caller, rootID string, t policy.Type) (Root, error) {
	var out Root
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opEnablePolicyType, ""); err != nil {
			return err
		}
		if _, err := checkPolicyType("PolicyType", t); err != nil {
			return err
		}
		if err := m.checkRoot(rootID); err != nil {
			return err
		}
		if m.Org.FeatureSet != FeatureSetAll {
			return newErr(NotEnabled, ResPolicyTypeAvailable, "", "policy types need an organization with all features; this one has %s", m.Org.FeatureSet)
		}
		if m.Enabled[t] {
			return newErr(AlreadyExists, ResPolicyType, "", "%s is already enabled on root %s", t, rootID)
		}
		enabled := map[policy.Type]bool{t: true}
		for k := range m.Enabled {
			enabled[k] = true
		}
		m.Enabled = enabled
		ch.because(opEnablePolicyType.String(), c, "enabled %s on root %s", t, rootID)
		pt := store.PolicyType{Type: string(t), Status: StatusEnabled}
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutPolicyType(ctx, pt) })
		if full := fullAccessFor(t); full != "" {
			m.Tree.Walk(func(n *org.Node) bool {
				ch.attach(full, n.ID)
				return true
			})
		}
		out = m.rootRecord(c.Partition())
		return nil
	})
	return out, err
}

// fullAccessFor returns the AWS-managed policy enabling a type attaches everywhere.
func fullAccessFor(t policy.Type) string {
	switch t {
	case policy.ServiceControlPolicy:
		return FullAWSAccessID
	case policy.ResourceControlPolicy:
		return RCPFullAWSAccessID
	}
	return ""
}

// DisablePolicyType disables a policy type on the root and detaches every
// policy of that type, as AWS does. It returns Invalid (INPUT_REQUIRED,
// INVALID_ENUM_POLICY_TYPE) for the type, Invalid (INPUT_REQUIRED,
// INVALID_PATTERN) and NotFound (ResRoot) for the root, NotEnabled
// (ResPolicyType) for a type not enabled, and the errors of authorize.
func (s *Service) DisablePolicyType(ctx context.Context, c Caller, rootID string, t policy.Type) (Root, error) {
	var out Root
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opDisablePolicyType, ""); err != nil {
			return err
		}
		if _, err := checkPolicyType("PolicyType", t); err != nil {
			return err
		}
		if err := m.checkRoot(rootID); err != nil {
			return err
		}
		if !m.Enabled[t] {
			return newErr(NotEnabled, ResPolicyType, "", "%s is not enabled on root %s", t, rootID)
		}
		enabled := map[policy.Type]bool{}
		for k := range m.Enabled {
			if k != t {
				enabled[k] = true
			}
		}
		m.Enabled = enabled
		ch.because(opDisablePolicyType.String(), c, "disabled %s on root %s", t, rootID)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeletePolicyType(ctx, string(t)) })
		var detach [][2]string
		m.Attached.Range(func(target string, as []snapshot.Attachment) bool {
			for _, a := range as {
				if p, ok := m.Policies.Get(a.PolicyID); ok && p.PolicyType == t {
					detach = append(detach, [2]string{a.PolicyID, target})
				}
			}
			return true
		})
		sort.Slice(detach, func(i, j int) bool {
			return detach[i][1] < detach[j][1] || detach[i][1] == detach[j][1] && detach[i][0] < detach[j][0]
		})
		for _, d := range detach {
			ch.detach(d[0], d[1])
		}
		out = m.rootRecord(c.Partition())
		return nil
	})
	return out, err
}
