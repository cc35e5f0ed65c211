package gov

import (
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
)

// EffectivePolicy is an account's effective policy of one type.
type EffectivePolicy struct {
	Content     string
	LastUpdated time.Time
	TargetID    string
	Type        policy.Type
	// State is the effective state, with its provenance.
	State *policy.State
}

// effectiveType checks that t has effective policies (management types).
func effectiveType(t policy.Type) error {
	info, err := checkPolicyType("PolicyType", t)
	if err != nil {
		return err
	}
	if !info.Management {
		return invalid(ReasonInvalidEnumType, "%s has no effective policy: it is evaluated, not merged", t)
	}
	return nil
}

// effectiveOf returns an account's effective entry of type t, or
// EffectivePolicyNotFound when none applies.
func (m model) effectiveOf(accountID string, t policy.Type) (*snapshot.EffectiveEntry, error) {
	cache := m.Effective[t]
	if cache == nil {
		return nil, notFound(ResEffectivePolicy, "%s is not enabled in organization %s", t, m.Org.ID)
	}
	if m.accountClosed(accountID) {
		return nil, notFound(ResEffectivePolicy, "account %s is closed: a closed account is out of the organization's policy scope and has no effective policy", accountID)
	}
	return cache.EntryOf(m.Model, accountID), nil
}

// DescribeEffectivePolicy returns an account's effective policy. Without a
// target it describes the caller's own account, which every member may;
// another account's needs opDescribeEffectivePolicy's access. It returns
// Invalid (INPUT_REQUIRED, INVALID_ENUM_POLICY_TYPE) for a type without
// effective policies, Invalid (INVALID_PATTERN_TARGET_ID) for a malformed
// target, NotFound (ResTarget) for one that does not exist, Invalid
// (TARGET_NOT_SUPPORTED) for a root or OU, NotFound (ResEffectivePolicy)
// when the type is not enabled or the account is closed, and the errors of
// authorize.
func (s *Service) DescribeEffectivePolicy(c Caller, t policy.Type, targetID string) (EffectivePolicy, error) {
	return s.model().describeEffectivePolicy(c, t, targetID)
}

func (m model) describeEffectivePolicy(c Caller, t policy.Type, targetID string) (EffectivePolicy, error) {
	if err := effectiveType(t); err != nil {
		return EffectivePolicy{}, err
	}
	if targetID == "" {
		targetID = c.AccountID
	}
	op := opDescribeEffectivePolicy
	if targetID == c.AccountID {
		op = opDescribeOwnEffectivePolicy
	}
	if err := m.authorize(c, op, t); err != nil {
		return EffectivePolicy{}, err
	}
	if err := checkNodeID("TargetId", targetID, ReasonInvalidTargetID, org.Root, org.OU, org.Account); err != nil {
		return EffectivePolicy{}, err
	}
	n, ok := m.Tree.Node(targetID)
	if !ok {
		return EffectivePolicy{}, notFound(ResTarget, "target %s does not exist in organization %s", targetID, m.Org.ID)
	}
	if n.Type != org.Account {
		return EffectivePolicy{}, invalid(ReasonTargetNotSupported, "effective policies are described for accounts; %s is not one", targetID)
	}
	e, err := m.effectiveOf(targetID, t)
	if err != nil {
		return EffectivePolicy{}, err
	}
	// An account under an enabled type with no policy in effect has the
	// empty effective policy, "{}", as on AWS.
	return EffectivePolicy{Content: e.State.JSONString(), LastUpdated: e.At, TargetID: targetID, Type: t, State: e.State}, nil
}

// ValidationErrors is ListEffectivePolicyValidationErrors' answer.
type ValidationErrors struct {
	AccountID   string
	Type        policy.Type
	Path        string
	EvaluatedAt time.Time
	Page        Page[ValidationError]
}

// ValidationError is one problem of an effective policy.
type ValidationError struct {
	ErrorCode            string
	ErrorMessage         string
	PathToError          string
	ContributingPolicies []string
}

// ListEffectivePolicyValidationErrors lists the problems of an account's
// effective policy: changes the merge ignored, and quotas it exceeds. It
// returns Invalid (INPUT_REQUIRED, INVALID_ENUM_POLICY_TYPE) for a type
// without effective policies, Invalid (INPUT_REQUIRED, INVALID_PATTERN) and
// NotFound (ResAccount) for the account, NotFound (ResEffectivePolicy) when
// the type is not enabled or the account is closed, Invalid
// (INVALID_NEXT_TOKEN) for a token of another list, and the errors of
// authorize.
func (s *Service) ListEffectivePolicyValidationErrors(c Caller, accountID string, t policy.Type, token string, max int) (ValidationErrors, error) {
	m := s.model()
	if err := effectiveType(t); err != nil {
		return ValidationErrors{}, err
	}
	if err := m.authorize(c, opListEffectivePolicyValidationErrors, t); err != nil {
		return ValidationErrors{}, err
	}
	if _, err := m.account(accountID); err != nil {
		return ValidationErrors{}, err
	}
	e, err := m.effectiveOf(accountID, t)
	if err != nil {
		return ValidationErrors{}, err
	}
	var items []ValidationError
	for _, ve := range e.State.ValidationErrors() {
		items = append(items, ValidationError{ErrorCode: ve.Code, ErrorMessage: ve.String(), PathToError: ve.Path,
			ContributingPolicies: ve.ContributingPolicies()})
	}
	page, err := paginate(items, token, max)
	if err != nil {
		return ValidationErrors{}, err
	}
	out := ValidationErrors{AccountID: accountID, Type: t, Page: page}
	if len(items) > 0 {
		// AWS leaves the account's path and the evaluation's time out of a
		// report without errors.
		out.Path, out.EvaluatedAt = m.nodePath(accountID), e.At
	}
	return out, nil
}

// ListAccountsWithInvalidEffectivePolicy lists the accounts whose effective
// policy of type t has validation errors (closed accounts, out of policy
// scope, never). It returns Invalid (INPUT_REQUIRED,
// INVALID_ENUM_POLICY_TYPE) for a type without effective policies, NotFound
// (ResEffectivePolicy) when the type is not enabled, Invalid
// (INVALID_NEXT_TOKEN) for a token of another list, and the errors of
// authorize.
func (s *Service) ListAccountsWithInvalidEffectivePolicy(c Caller, t policy.Type, token string, max int) (Page[Account], error) {
	m := s.model()
	if err := effectiveType(t); err != nil {
		return Page[Account]{}, err
	}
	if err := m.authorize(c, opListAccountsWithInvalidEffectivePolicy, t); err != nil {
		return Page[Account]{}, err
	}
	cache := m.Effective[t]
	if cache == nil {
		return Page[Account]{}, notFound(ResEffectivePolicy, "%s is not enabled in organization %s", t, m.Org.ID)
	}
	invalid := map[*policy.State]bool{}
	var ids []string
	for _, id := range m.AccountIDs() {
		if m.accountClosed(id) {
			continue // out of policy scope
		}
		st := cache.StateOf(m.Model, id)
		bad, seen := invalid[st]
		if !seen {
			bad = st.Exists() && len(st.ValidationErrors()) > 0
			invalid[st] = bad
		}
		if bad {
			ids = append(ids, id)
		}
	}
	page, err := paginate(ids, token, max)
	if err != nil {
		return Page[Account]{}, err
	}
	return m.accountPage(c.Partition(), page), nil
}

// EffectivePolicyExplanation is an account's effective policy with where
// every value came from: the policy, the node it is attached to and the
// operator that set it; the child-control restrictions in force; and the
// effective-policy validation errors when the caller may list them.
type EffectivePolicyExplanation struct {
	EffectivePolicy
	AccountName string
	Explanation policy.Explanation
	// ErrorsListed reports whether the caller may list the validation
	// errors (when false, Explanation.Errors is nil whatever they are).
	ErrorsListed bool
}

// ExplainEffectivePolicy returns an account's effective policy with its
// provenance, read from one view of the organization. Every adapter (the
// console, chatgov's own API, the CLI offline) explains through it.
// Whoever may DescribeEffectivePolicy of the account may explain it; the
// validation errors are left out (Explanation.Errors nil) for a caller
// who may not ListEffectivePolicyValidationErrors. It returns the errors
// of DescribeEffectivePolicy.
func (s *Service) ExplainEffectivePolicy(c Caller, t policy.Type, accountID string) (EffectivePolicyExplanation, error) {
	m := s.model()
	ep, err := m.describeEffectivePolicy(c, t, accountID)
	if err != nil {
		return EffectivePolicyExplanation{}, err
	}
	out := EffectivePolicyExplanation{EffectivePolicy: ep, Explanation: ep.State.Explain()}
	if n, ok := m.Tree.Node(ep.TargetID); ok {
		out.AccountName = n.Name
	}
	if out.ErrorsListed = m.authorize(c, opListEffectivePolicyValidationErrors, t) == nil; !out.ErrorsListed {
		out.Explanation.Errors = nil
	}
	return out, nil
}
