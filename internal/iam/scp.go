package iam

// NodeType is the type of an organization node, as the Organizations API
// names it.
type NodeType string

// The node types an organization path is made of.
const (
	NodeRoot               NodeType = "ROOT"
	NodeOrganizationalUnit NodeType = "ORGANIZATIONAL_UNIT"
	NodeAccount            NodeType = "ACCOUNT"
)

// Node identifies one node of an organization path.
type Node struct {
	ID   string
	Type NodeType
	Name string
}

// String returns the node's type, ID and, if known, name, for messages.
func (n Node) String() string {
	return bytesString(n.appendTo(make([]byte, 0, 16+len(n.ID)+len(n.Name))))
}

func (n *Node) appendTo(b []byte) []byte {
	switch n.Type {
	case NodeRoot:
		b = append(b, "root"...)
	case NodeOrganizationalUnit:
		b = append(b, "OU"...)
	case NodeAccount:
		b = append(b, "account"...)
	default:
		b = append(b, n.Type...)
	}
	b = append(b, ' ')
	b = append(b, n.ID...)
	if n.Name != "" {
		b = append(b, " ("...)
		b = append(b, n.Name...)
		b = append(b, ')')
	}
	return b
}

// Level is one node of the path from the root to an account, with the SCPs
// attached directly to it.
type Level struct {
	Node     Node
	Policies []Named
}

// LevelResult is how one level judged a request.
type LevelResult struct {
	Node Node
	// Decision is the level's own verdict: Allow when one of its SCPs allows
	// the request and none denies it.
	Decision Decision
	// Deny and Allow list the level's applicable statements.
	Deny  []Match
	Allow []Match
	// Reason says in a sentence why the level decided as it did.
	Reason string
}

// ChainResult is the decision of a whole SCP chain with each level's part.
type ChainResult struct {
	// Decision is the answer for the account: Allow only when no level
	// denies and every level allows (or the account is the management
	// account).
	Decision Decision
	// Exempt is set for the management account, which SCPs never restrict.
	// The levels are still evaluated, to show what would apply to a member
	// account in the same place.
	Exempt bool
	// Levels holds one result per level, root first.
	Levels []LevelResult
	// Reason says in a sentence why the chain decided as it did.
	Reason string
}

// EvaluateSCPs evaluates req against the SCPs along an organization path:
// levels lists the root, each OU from the top down, and the account. An
// explicit Deny at any level denies; otherwise every level needs an Allow
// from at least one of its SCPs, so a level with no SCPs allows nothing. An
// empty path restricts nothing and allows. When managementAccount is set the
// request is allowed whatever the SCPs say.
//
// Every statement of every level is evaluated, so that the result explains
// each level. Use [DecideSCPs] when only the decision is needed.
func EvaluateSCPs(levels []Level, req Request, managementAccount bool) ChainResult {
	out := ChainResult{Decision: Allow, Levels: make([]LevelResult, len(levels))}
	var denied, unallowed *LevelResult
	for i := range levels {
		lv := &levels[i]
		r := Evaluate(lv.Policies, req)
		lr := &out.Levels[i]
		*lr = LevelResult{Node: lv.Node, Decision: r.Decision, Deny: r.Deny, Allow: r.Allow}
		switch r.Decision {
		case ExplicitDeny:
			lr.Reason = levelReason(&lv.Node, " denies ", req.Action, r.Deny)
			if denied == nil {
				denied = lr
			}
		case Allow:
			lr.Reason = levelReason(&lv.Node, " allows ", req.Action, r.Allow)
		default:
			if len(lv.Policies) == 0 {
				lr.Reason = lv.Node.String() + " has no SCPs attached, so it allows nothing"
			} else {
				lr.Reason = "no SCP attached to " + lv.Node.String() + " allows " + req.Action
			}
			if unallowed == nil {
				unallowed = lr
			}
		}
	}
	switch {
	case denied != nil:
		out.Decision, out.Reason = ExplicitDeny, denied.Reason
	case unallowed != nil:
		out.Decision, out.Reason = ImplicitDeny, unallowed.Reason
	case len(levels) == 0:
		out.Reason = "no SCPs apply"
	default:
		out.Reason = "every level of the path allows " + req.Action + " and none denies it"
	}
	if managementAccount {
		out.Exempt = true
		if out.Decision != Allow {
			out.Reason = "SCPs do not apply to the management account; for a member account: " + out.Reason
		} else {
			out.Reason = "SCPs do not apply to the management account"
		}
		out.Decision = Allow
	}
	return out
}

// DecideSCPs returns the decision EvaluateSCPs would, without the
// explanation and without allocating. Once a level is found with no Allow,
// the remaining levels are checked for Deny statements only, so that an
// explicit deny is still told apart from an implicit one.
func DecideSCPs(levels []Level, req Request, managementAccount bool) Decision {
	if managementAccount {
		return Allow
	}
	d := Allow
	for i := range levels {
		denied, allowed := decide(levels[i].Policies, &req, d == Allow)
		if denied {
			return ExplicitDeny
		}
		if !allowed {
			d = ImplicitDeny
		}
	}
	return d
}

// appendMatches appends the matches' sentences to b, separated by "; ".
func appendMatches(b []byte, ms []Match) []byte {
	for i := range ms {
		if i > 0 {
			b = append(b, "; "...)
		}
		b = ms[i].appendTo(b)
	}
	return b
}

// levelReason is "<node><verb><action>: <matches>", the reason of a level
// that denies or allows.
func levelReason(n *Node, verb, action string, ms []Match) string {
	size := 32 + len(n.ID) + len(n.Name) + len(verb) + len(action)
	for i := range ms {
		size += ms[i].sizeHint() + 2
	}
	b := n.appendTo(make([]byte, 0, size))
	b = append(b, verb...)
	b = append(b, action...)
	b = append(b, ": "...)
	return bytesString(appendMatches(b, ms))
}
