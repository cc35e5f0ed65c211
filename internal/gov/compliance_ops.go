package gov

import (
	"context"
	"encoding/base64"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// ComplianceFilter selects compliance events. Empty fields select all.
type ComplianceFilter struct {
	AccountID        string
	OUID             string // events of the accounts under an OU
	ConfigurationARN string
	Since, Until     time.Time
	NextToken        string
	MaxResults       int
}

// Compliance is ListComplianceEvents' answer: a page of events and a
// summary of the current states in scope.
type Compliance struct {
	Events    []ComplianceEvent
	NextToken string
	Summary   ComplianceSummary
}

// ComplianceSummary counts configurations by state: for the whole scope,
// for every OU in it (its subtree), and for the accounts in it that have
// disabled configurations.
type ComplianceSummary struct {
	Total    StateCount
	OUs      []NodeCount
	Accounts []NodeCount
}

// StateCount counts configurations.
type StateCount struct {
	Configurations int
	Enabled        int
	Disabled       int
}

// NodeCount is the count of one OU or account.
type NodeCount struct {
	ID   string
	Name string
	StateCount
}

// ListComplianceEvents lists the compliance history, oldest first, with a
// summary of the current states. The management account and the chatbot
// delegated administrator see every account, filtered by account, OU or
// configuration; a member sees its own. It returns AccessDenied for a
// member's filter beyond its own account, Invalid (INPUT_REQUIRED,
// INVALID_PATTERN) and NotFound (ResAccount, ResOU) for the account or OU of
// the filter, Invalid (ResChatConfiguration, INVALID_PATTERN) for a
// malformed configuration ARN, Invalid (INVALID_NEXT_TOKEN) for a token of
// another list, and the errors of authorize.
func (s *Service) ListComplianceEvents(ctx context.Context, c Caller, f ComplianceFilter) (Compliance, error) {
	m := s.model()
	if err := m.authorize(c, opListComplianceEvents, ""); err != nil {
		return Compliance{}, err
	}
	scope := m.Tree.Root().ID
	var accounts []string
	switch {
	case !m.actsForOthers(c, opListComplianceEvents):
		if f.AccountID != "" && f.AccountID != c.AccountID || f.OUID != "" {
			return Compliance{}, m.refuse(c, opListComplianceEvents, f.AccountID)
		}
		accounts, scope = []string{c.AccountID}, c.AccountID
	case f.AccountID != "":
		if _, err := m.account(f.AccountID); err != nil {
			return Compliance{}, err
		}
		accounts, scope = []string{f.AccountID}, f.AccountID
	case f.OUID != "":
		n, err := m.ouNode(f.OUID)
		if err != nil {
			return Compliance{}, err
		}
		scope = n.ID
		ids, _ := m.Tree.Subtree(n.ID)
		for _, id := range ids {
			if n, _ := m.Tree.Node(id); n.Type == org.Account {
				accounts = append(accounts, id)
			}
		}
		if len(accounts) == 0 {
			accounts = []string{} // an empty OU: no events, not all of them
		}
	}
	if f.ConfigurationARN != "" {
		match := reChatConfigARN.FindStringSubmatch(f.ConfigurationARN)
		if match == nil {
			return Compliance{}, badParam("ChatConfigurationArn %q is not a chat configuration ARN", f.ConfigurationARN)
		}
		// The ARN names its account: narrowing to it lets the store use its
		// account index (it keeps none on ARNs).
		switch {
		case accounts == nil:
			accounts = []string{match[1]}
		case slices.Contains(accounts, match[1]):
			accounts = []string{match[1]}
		default:
			accounts = []string{}
		}
	}
	after := int64(0)
	if f.NextToken != "" {
		raw, err := base64.RawURLEncoding.DecodeString(f.NextToken)
		n, convErr := strconv.ParseInt(string(raw), 10, 64)
		if err != nil || convErr != nil || n <= 0 {
			return Compliance{}, invalid(ReasonInvalidNextToken, "the NextToken is not valid for this request")
		}
		after = n
	}
	max := f.MaxResults
	if max <= 0 {
		max = 100
	}
	out := Compliance{Summary: m.summary(scope)}
	if accounts != nil && len(accounts) == 0 {
		return out, nil
	}
	recs, err := s.st.ComplianceEvents(ctx, store.ComplianceQuery{AccountIDs: accounts, ConfigurationARN: f.ConfigurationARN,
		Since: f.Since, Until: f.Until, AfterID: after, Limit: max + 1})
	if err != nil {
		return Compliance{}, internal(err, "reading compliance events")
	}
	if len(recs) > max {
		recs = recs[:max]
		out.NextToken = base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(recs[max-1].ID, 10)))
	}
	for _, r := range recs {
		out.Events = append(out.Events, complianceEventOf(r))
	}
	return out, nil
}

// summary counts the configurations under a node by state.
func (m model) summary(scope string) ComplianceSummary {
	var sum ComplianceSummary
	counts := map[string]*StateCount{}
	ids, _ := m.Tree.Subtree(scope)
	for _, id := range ids {
		ac, ok := m.Chats.Get(id)
		if !ok {
			continue
		}
		var sc StateCount
		for _, st := range ac.States {
			sc.Configurations++
			if st.Enabled {
				sc.Enabled++
			} else {
				sc.Disabled++
			}
		}
		counts[id] = &sc
		sum.Total.Configurations += sc.Configurations
		sum.Total.Enabled += sc.Enabled
		sum.Total.Disabled += sc.Disabled
		if sc.Disabled > 0 || id == scope {
			n, _ := m.Tree.Node(id)
			sum.Accounts = append(sum.Accounts, NodeCount{ID: id, Name: n.Name, StateCount: sc})
		}
	}
	// Each OU counts its subtree: add every account's count to its OU ancestors.
	ous := map[string]*NodeCount{}
	for id, sc := range counts {
		n, _ := m.Tree.Node(id)
		for p, _ := m.Tree.Node(n.ParentID); p != nil && p.Type == org.OU; p, _ = m.Tree.Node(p.ParentID) {
			nc := ous[p.ID]
			if nc == nil {
				nc = &NodeCount{ID: p.ID, Name: p.Name}
				ous[p.ID] = nc
			}
			nc.Configurations += sc.Configurations
			nc.Enabled += sc.Enabled
			nc.Disabled += sc.Disabled
			if p.ID == scope {
				break
			}
		}
	}
	inScope := map[string]bool{}
	for _, id := range ids {
		inScope[id] = true
	}
	for id, nc := range ous {
		if inScope[id] {
			sum.OUs = append(sum.OUs, *nc)
		}
	}
	sort.Slice(sum.OUs, func(i, j int) bool { return sum.OUs[i].ID < sum.OUs[j].ID })
	sort.Slice(sum.Accounts, func(i, j int) bool { return sum.Accounts[i].ID < sum.Accounts[j].ID })
	return sum
}

// Simulation is a proposed change to policies: create (and attach to
// TargetID when given), update, attach or detach; or moving AccountID
// from SourceParentID (its parent when empty) to TargetID.
type Simulation struct {
	Action    string // CreatePolicy, UpdatePolicy, AttachPolicy, DetachPolicy, MoveAccount
	PolicyID  string
	AccountID string
	// SourceParentID is the parent MoveAccount takes the account from;
	// empty, the account's parent.
	SourceParentID string
	Type           policy.Type
	Name           string
	Description    string
	Content        *string
	TargetID       string
}

// SimulationListLimit is how many accounts, and how many configurations of
// each kind, a simulation lists; it counts them all.
const SimulationListLimit = 1000

// SimulationResult is what a proposed change would do.
type SimulationResult struct {
	// PolicyID is the policy changed; for CreatePolicy, the ID the
	// simulated policy had (reasons cite it).
	PolicyID string
	// AccountsInScope counts the accounts whose effective policies were
	// recomputed; AccountsChanged the effective policies (of an account and
	// a type) that change.
	AccountsInScope int
	AccountsChanged int
	// WouldDisable and WouldEnable count the configurations whose state
	// would change.
	WouldDisable, WouldEnable int
	// Accounts, Disabled and Enabled list the first SimulationListLimit of
	// each, by account ID (and policy type, and ARN).
	Accounts []AccountChange
	Disabled []ConfigChange
	Enabled  []ConfigChange
	// Ignored are the validation errors the change would add, with how
	// many accounts each concerns.
	Ignored []IgnoredChange
}

// AccountChange is how an account's effective policy would change.
type AccountChange struct {
	AccountID string
	Name      string
	Type      policy.Type
	HadPolicy bool
	Changes   []policy.Change
}

// ConfigChange is a configuration whose state would change.
type ConfigChange struct {
	ConfigurationARN string
	AccountID        string
	Platform         string
	Reason           string
}

// IgnoredChange is a validation error a change would add.
type IgnoredChange struct {
	Code, Path, Message string
	Accounts            int
}

// SimulatePolicyChange answers what a change to policies, or moving an
// account, would do, by running the same code as the real write on a copy
// of the state and committing nothing. It returns Invalid (INVALID_ENUM)
// for an Action other than CreatePolicy, UpdatePolicy, AttachPolicy,
// DetachPolicy and MoveAccount, and
// otherwise the errors of the write it simulates (CreatePolicy followed by
// AttachPolicy when TargetID is set), authorization included: the caller
// needs the permissions of the real write.
func (s *Service) SimulatePolicyChange(c Caller, sim Simulation) (SimulationResult, error) {
	var subject string
	ch, err := s.prepare(func(ch *change) error {
		ch.because("simulation", c, "simulated %s", sim.Action)
		switch sim.Action {
		case "CreatePolicy":
			content := ""
			if sim.Content != nil {
				content = *sim.Content
			}
			if sim.Name == "" {
				sim.Name = "simulated-policy"
			}
			if sim.Type == "" {
				sim.Type = policy.ChatbotPolicy
			}
			rec, err := s.createPolicy(ch, c, CreatePolicyInput{Name: sim.Name, Description: sim.Description, Type: sim.Type, Content: content})
			if err != nil {
				return err
			}
			subject = rec.ID
			if sim.TargetID != "" {
				return attachPolicy(ch, c, rec.ID, sim.TargetID)
			}
			return nil
		case "UpdatePolicy":
			subject = sim.PolicyID
			_, err := updatePolicy(ch, c, UpdatePolicyInput{PolicyID: sim.PolicyID, Content: sim.Content})
			return err
		case "AttachPolicy":
			subject = sim.PolicyID
			return attachPolicy(ch, c, sim.PolicyID, sim.TargetID)
		case "DetachPolicy":
			subject = sim.PolicyID
			return detachPolicy(ch, c, sim.PolicyID, sim.TargetID)
		case "MoveAccount":
			src := sim.SourceParentID
			if a, ok := ch.m.Accounts.Get(sim.AccountID); ok && src == "" {
				src = a.ParentID
			}
			return moveAccount(ch, c, sim.AccountID, src, sim.TargetID)
		}
		return invalid(ReasonInvalidEnum, "Action must be CreatePolicy, UpdatePolicy, AttachPolicy, DetachPolicy or MoveAccount, not %q", sim.Action)
	})
	if err != nil || ch == nil {
		return SimulationResult{}, err
	}
	res := ch.outcome(subject)
	res.PolicyID = subject
	return res, nil
}

// outcome describes what a prepared change does: the effective policies it
// changes, the configurations it disables or enables again, and the
// validation errors it adds that involve policy subject.
func (ch *change) outcome(subject string) SimulationResult {
	var res SimulationResult
	old, m := ch.old, ch.m
	inScope := map[string]bool{}
	for t, roots := range ch.effDirty {
		var types []policy.Type
		if t == "" {
			for tt := range m.Effective {
				types = append(types, tt)
			}
		} else {
			types = []policy.Type{policy.Type(t)}
		}
		for _, typ := range types {
			res.addEffectiveChanges(old, m, typ, roots, subject, inScope)
		}
	}
	// Sorted by account and type; a node dirty for one type and for all
	// of them is compared once.
	sort.Slice(res.Accounts, func(i, j int) bool {
		a, b := res.Accounts[i], res.Accounts[j]
		return a.AccountID < b.AccountID || a.AccountID == b.AccountID && a.Type < b.Type
	})
	res.Accounts = slices.CompactFunc(res.Accounts, func(a, b AccountChange) bool { return a.AccountID == b.AccountID && a.Type == b.Type })
	res.AccountsChanged = len(res.Accounts)
	if len(res.Accounts) > SimulationListLimit {
		res.Accounts = res.Accounts[:SimulationListLimit]
	}
	for _, e := range ch.events {
		cc := ConfigChange{ConfigurationARN: e.ConfigurationARN, AccountID: e.AccountID, Platform: e.Platform, Reason: e.Reason}
		if e.NewState == StateDisabled {
			res.WouldDisable++
			if len(res.Disabled) < SimulationListLimit {
				res.Disabled = append(res.Disabled, cc)
			}
		} else {
			res.WouldEnable++
			if len(res.Enabled) < SimulationListLimit {
				res.Enabled = append(res.Enabled, cc)
			}
		}
	}
	return res
}

// addEffectiveChanges compares the effective policies of type t before and
// after, for the accounts under roots. Accounts without policies of their
// own share their OU's states, so the comparison is made once per distinct
// pair of states, not once per account.
func (res *SimulationResult) addEffectiveChanges(old, m model, t policy.Type, roots []string, subject string, inScope map[string]bool) {
	cache := m.Effective[t]
	if cache == nil || m.Tree == nil {
		return
	}
	var oldCache *snapshot.EffectiveCache
	if old.Tree != nil {
		oldCache = old.Effective[t]
	}
	type pair struct{ before, after *policy.State }
	diffs := map[pair][]policy.Change{}
	var afters []*policy.State // distinct, in first-seen order
	accountsOf := map[*policy.State]int{}
	seen := map[string]bool{}
	for _, r := range roots {
		ids, err := m.Tree.Subtree(r)
		if err != nil {
			continue
		}
		for _, id := range ids {
			n, _ := m.Tree.Node(id)
			if n.Type != org.Account || seen[id] {
				continue
			}
			seen[id] = true
			if !inScope[id] {
				inScope[id] = true
				res.AccountsInScope++
			}
			var before *policy.State
			if oldCache != nil {
				before = oldCache.StateOf(old.Model, id)
			}
			after := cache.StateOf(m.Model, id)
			k := pair{before, after}
			changes, ok := diffs[k]
			if !ok {
				changes = policy.Diff(before, after)
				diffs[k] = changes
			}
			if len(changes) > 0 {
				res.Accounts = append(res.Accounts, AccountChange{AccountID: id, Name: n.Name, Type: t,
					HadPolicy: before != nil && before.Exists(), Changes: changes})
			}
			if accountsOf[after] == 0 {
				afters = append(afters, after)
			}
			accountsOf[after]++
		}
	}
	for _, st := range afters {
		res.noteIgnored(st, subject, accountsOf[st])
	}
}

// noteIgnored counts, for accounts accounts in state st, the validation
// errors that involve policy subject.
func (res *SimulationResult) noteIgnored(st *policy.State, subject string, accounts int) {
	for _, e := range st.ValidationErrors() {
		involved := false
		for _, id := range e.ContributingPolicies() {
			involved = involved || id == subject
		}
		if !involved {
			continue
		}
		found := false
		for i := range res.Ignored {
			if g := &res.Ignored[i]; g.Code == e.Code && g.Path == e.Path && g.Message == e.Message {
				g.Accounts += accounts
				found = true
			}
		}
		if !found {
			res.Ignored = append(res.Ignored, IgnoredChange{Code: e.Code, Path: e.Path, Message: e.Message, Accounts: accounts})
		}
	}
}
