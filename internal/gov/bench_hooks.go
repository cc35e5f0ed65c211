package gov

import (
	"time"

	"github.com/chatgov/chatgov/internal/policy"
)

// ComputeEffectivePolicies computes every account's effective policy of
// type t from the current model's policies and attachments, as a start-up
// does, without reusing the service's caches: the states of every node
// with policies of t are merged again, then each account's state is
// looked up and rendered as DescribeEffectivePolicy renders it. It returns
// the number of accounts and how many of them have an effective policy,
// and changes nothing. chatgov bench times it ("effective policies for all
// accounts from a cold snapshot"); nothing else needs it.
func (s *Service) ComputeEffectivePolicies(t policy.Type) (accounts, withPolicy int, err error) {
	m := s.model()
	if err := effectiveType(t); err != nil {
		return 0, 0, err
	}
	if m.org == nil || m.tree == nil {
		return 0, 0, notFound(ResOrganization, "there is no organization")
	}
	if !m.enabled[t] {
		return 0, 0, notFound(ResEffectivePolicy, "%s is not enabled in organization %s", t, m.org.ID)
	}
	cache := buildEffCache(m, t, time.Time{})
	for _, id := range m.accountIDs() {
		accounts++
		if e := cache.entryOf(m, id); e.st.Exists() {
			_ = e.st.JSON()
			withPolicy++
		}
	}
	return accounts, withPolicy, nil
}
