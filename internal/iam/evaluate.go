package iam

import "strings"

// Decision is the outcome of evaluating a request.
type Decision uint8

// The decisions. The zero value is ImplicitDeny, so a forgotten result
// never allows.
const (
	// ImplicitDeny means no statement allows the request and none denies it.
	ImplicitDeny Decision = iota
	// Allow means some statement allows the request and none denies it.
	Allow
	// ExplicitDeny means a Deny statement applies to the request.
	ExplicitDeny
)

// String returns the name IAM's policy simulator uses for the decision.
func (d Decision) String() string {
	switch d {
	case Allow:
		return "allowed"
	case ExplicitDeny:
		return "explicitDeny"
	}
	return "implicitDeny"
}

// Allowed reports whether the decision is Allow.
func (d Decision) Allowed() bool { return d == Allow }

// Named is a policy with the identity the caller knows it by, so that
// results can say which policy decided.
type Named struct {
	// ID is the caller's identifier, such as "p-FullAWSAccess".
	ID string
	// Name is the caller's display name, such as "FullAWSAccess".
	Name   string
	Policy *Policy
}

// Match explains why one statement applies to a request.
type Match struct {
	// PolicyIndex is the policy's position in the list evaluated.
	PolicyIndex int
	PolicyID    string
	PolicyName  string
	// StatementIndex is the statement's position in the policy's Statement
	// element (0 when Statement is a single object).
	StatementIndex int
	Sid            string
	Effect         Effect
	// Action is the Action pattern that matched the request's action. It is
	// empty for a NotAction statement, which applies because none of its
	// patterns matched.
	Action    string
	NotAction bool
	// Resource is the Resource pattern that matched, empty for a
	// NotResource statement, which applies because none of its patterns
	// matched.
	Resource    string
	NotResource bool
	// Principal is the Principal entry that named the caller, in a
	// resource-based policy; zero for a NotPrincipal statement, which
	// applies because its entries do not spare the caller, and for
	// policies without principals.
	Principal    PrincipalEntry
	NotPrincipal bool
	// Conditions lists the statement's conditions, all of which held.
	Conditions []ConditionTrace
}

// ConditionTrace records one condition that held and what it saw.
type ConditionTrace struct {
	// Operator and Key are as written in the policy.
	Operator string
	Key      string
	// Values are the policy's values for the key.
	Values []string
	// Request holds the request's values for the key; nil when the key was
	// absent.
	Request []string
}

// Result is a decision with every statement behind it.
type Result struct {
	Decision Decision
	// Deny lists every Deny statement that applies, in policy order.
	Deny []Match
	// Allow lists every Allow statement that applies, in policy order. With
	// an ExplicitDeny they were overruled.
	Allow []Match
}

// Deciding returns the statements that decided: the Deny matches for an
// ExplicitDeny, the Allow matches for an Allow, nothing for an ImplicitDeny.
func (r Result) Deciding() []Match {
	switch r.Decision {
	case ExplicitDeny:
		return r.Deny
	case Allow:
		return r.Allow
	}
	return nil
}

// Evaluate evaluates req against one set of policies. It checks every
// statement of every policy, even after the answer is known, so that the
// result names all the statements behind it. Nil policies are skipped. Use
// [Decide] when only the decision is needed.
func Evaluate(policies []Named, req Request) Result {
	var r Result
	for pi := range policies {
		np := &policies[pi]
		if np.Policy == nil {
			continue
		}
		for si := range np.Policy.Statements {
			st := &np.Policy.Statements[si]
			m, ok := st.explain(&req)
			if !ok {
				continue
			}
			m.PolicyIndex, m.PolicyID, m.PolicyName, m.StatementIndex = pi, np.ID, np.Name, si
			if st.Effect == EffectDeny {
				r.Deny = append(r.Deny, m)
			} else {
				r.Allow = append(r.Allow, m)
			}
		}
	}
	switch {
	case len(r.Deny) > 0:
		r.Decision = ExplicitDeny
	case len(r.Allow) > 0:
		r.Decision = Allow
	}
	return r
}

// Decide returns the decision Evaluate would, without the explanation. It
// stops at the first applicable Deny, skips Allow statements once one has
// applied, and does not allocate.
func Decide(policies []Named, req Request) Decision {
	denied, allowed := decide(policies, &req, true)
	switch {
	case denied:
		return ExplicitDeny
	case allowed:
		return Allow
	}
	return ImplicitDeny
}

// decide reports whether any statement denies req and, when wantAllow is
// set, whether any allows it. It returns as soon as a Deny applies.
func decide(policies []Named, req *Request, wantAllow bool) (denied, allowed bool) {
	for pi := range policies {
		p := policies[pi].Policy
		if p == nil {
			continue
		}
		for si := range p.Statements {
			st := &p.Statements[si]
			if st.Effect == EffectDeny {
				if st.matches(req) {
					return true, allowed
				}
			} else if wantAllow && !allowed && st.matches(req) {
				allowed = true
			}
		}
	}
	return false, allowed
}

// matches reports whether the statement applies to req. The action is
// checked first: it is the cheapest test and rules most statements out.
func (s *Statement) matches(req *Request) bool {
	if (s.matchAction(req.Action) >= 0) == s.NotAction {
		return false
	}
	if s.principals != nil {
		if _, ok := s.matchPrincipal(&req.Principal); !ok {
			return false
		}
	}
	switch {
	case s.NotResource:
		// A pattern whose variable cannot be resolved compares with
		// nothing, so it cannot tell that the resource is not one of its.
		if s.resourceVars && !s.resourcesResolve(&req.Context) {
			return false
		}
		if s.matchResource(req.Resource, &req.Context) >= 0 {
			return false
		}
	case !s.resourceAny:
		if s.matchResource(req.Resource, &req.Context) < 0 {
			return false
		}
	}
	for i := range s.Conditions {
		if !s.Conditions[i].eval(&req.Context) {
			return false
		}
	}
	return true
}

// matchAction returns the index of the first action pattern that matches
// action, or -1.
func (s *Statement) matchAction(action string) int {
	if !s.anyFirst {
		if action == "" {
			return -1
		}
		c := action[0] | 0x20 // ASCII lower case for letters
		if c < 'a' || c > 'z' || s.firstLetters&(1<<(c-'a')) == 0 {
			return -1
		}
	}
	if s.byService != nil {
		return s.matchIndexed(action)
	}
	for i := range s.actions {
		if s.actions[i].match(action, nil) {
			return i
		}
	}
	return -1
}

// matchIndexed is matchAction through byService: only the patterns of the
// action's service, and those whose service has a wildcard, are tried, in
// their order in the list, so the first match is the same.
func (s *Statement) matchIndexed(action string) int {
	service, _, ok := strings.Cut(action, ":")
	var same []int32
	if ok {
		var buf [64]byte
		if len(service) <= len(buf) {
			n := copy(buf[:], service)
			for i := 0; i < n; i++ {
				if c := buf[i]; c >= 'A' && c <= 'Z' {
					buf[i] = c + 'a' - 'A'
				}
			}
			same = s.byService[string(buf[:n])]
		} else {
			same = s.byService[lowerASCII(service)]
		}
	}
	other := s.otherService
	for len(same) > 0 || len(other) > 0 {
		var i int32
		if len(other) == 0 || len(same) > 0 && same[0] < other[0] {
			i, same = same[0], same[1:]
		} else {
			i, other = other[0], other[1:]
		}
		if s.actions[i].match(action, nil) {
			return int(i)
		}
	}
	return -1
}

// matchResource returns the index of the first resource pattern that
// matches resource, or -1.
func (s *Statement) matchResource(resource string, ctx *Context) int {
	for i := range s.resources {
		if s.resources[i].match(resource, ctx) {
			return i
		}
	}
	return -1
}

// resourcesResolve reports whether every policy variable of every resource
// pattern has a value or a default in ctx.
func (s *Statement) resourcesResolve(ctx *Context) bool {
	for i := range s.resources {
		if !s.resources[i].resolves(ctx) {
			return false
		}
	}
	return true
}

// explain is matches with a record of what matched.
func (s *Statement) explain(req *Request) (Match, bool) {
	if !s.matches(req) {
		return Match{}, false
	}
	m := Match{
		Sid:          s.Sid,
		Effect:       s.Effect,
		NotAction:    s.NotAction,
		NotResource:  s.NotResource,
		NotPrincipal: s.NotPrincipal,
	}
	if i, _ := s.matchPrincipal(&req.Principal); i >= 0 {
		m.Principal = s.Principals[i]
	}
	if !s.NotAction {
		m.Action = s.Actions[s.matchAction(req.Action)]
	}
	if !s.NotResource {
		m.Resource = s.Resources[s.matchResource(req.Resource, &req.Context)]
	}
	if len(s.Conditions) > 0 {
		m.Conditions = make([]ConditionTrace, len(s.Conditions))
		for i := range s.Conditions {
			c := &s.Conditions[i]
			seen := req.Context.lookup(c.key)
			if len(seen) == 0 {
				seen = nil // absent and empty are the same to conditions
			}
			m.Conditions[i] = ConditionTrace{Operator: c.Operator, Key: c.Key, Values: c.Values, Request: seen}
		}
	}
	return m, true
}
