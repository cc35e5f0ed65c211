package iam

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/chatgov/chatgov/internal/jsondoc"
)

// Principal is who makes a request, as a resource-based policy's Principal
// and NotPrincipal elements see it. The zero Principal is anonymous: only
// "Principal": "*" applies to it.
type Principal struct {
	// ARN is the caller: an IAM user or role, an assumed-role session
	// (arn:aws:sts::111122223333:assumed-role/name/session), a federated
	// user, or an account's root (arn:aws:iam::111122223333:root).
	ARN string
	// Account is the caller's account ID. When empty it is read from ARN;
	// an Account without an ARN stands for the account's root.
	Account string
	// Service is an AWS service principal, such as "chatbot.amazonaws.com",
	// for a request a service makes on its own behalf.
	Service string
}

// account returns the caller's account ID, from Account or else from ARN.
func (p *Principal) account() string {
	if p.Account != "" || p.ARN == "" {
		return p.Account
	}
	parts := strings.SplitN(p.ARN, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}

// root reports whether the caller is its account's root.
func (p *Principal) root() bool {
	if p.ARN == "" {
		return p.Account != ""
	}
	return strings.HasSuffix(p.ARN, ":root") && strings.HasPrefix(p.ARN, "arn:") && strings.Contains(p.ARN, ":iam::")
}

// session returns the partition, account and role name of an assumed-role
// session ARN, or ok false for any other caller.
func (p *Principal) session() (partition, account, role string, ok bool) {
	parts := strings.SplitN(p.ARN, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sts" {
		return "", "", "", false
	}
	rest, found := strings.CutPrefix(parts[5], "assumed-role/")
	if !found {
		return "", "", "", false
	}
	role, _, found = strings.Cut(rest, "/")
	return parts[1], parts[4], role, found && role != ""
}

// PrincipalEntry is one principal a Principal or NotPrincipal element
// names, as written.
type PrincipalEntry struct {
	// Type is "AWS" or "Service", or "*" for the element "Principal": "*".
	Type string
	// Value is "*", an account ID, an ARN or a service name.
	Value string
}

// String returns the entry as explanations quote it: *, AWS "…" or
// Service "…".
func (e PrincipalEntry) String() string {
	if e.Type == "*" {
		return "*"
	}
	return e.Type + " " + strconv.Quote(e.Value)
}

type principalKind uint8

const (
	principalAnyone  principalKind = iota + 1 // "Principal": "*"
	principalAnyAWS                           // {"AWS": "*"}
	principalAccount                          // an account ID or its :root ARN
	principalRole                             // a role: the role and its sessions
	principalExact                            // a user, session or federated user
	principalService                          // {"Service": "..."}
)

// principalPattern is a compiled PrincipalEntry.
type principalPattern struct {
	kind principalKind
	// value is the account ID, the ARN or the service name.
	value string
	// partition, account and role describe a role, to match its sessions.
	partition, account, role string
}

// matches reports whether the pattern names the caller: an account names
// every principal of the account (but no service), a role names the role and
// its assumed-role sessions.
func (pp *principalPattern) matches(p *Principal) bool {
	switch pp.kind {
	case principalAnyone:
		return true
	case principalAnyAWS:
		return p.Service == "" && (p.ARN != "" || p.Account != "")
	case principalAccount:
		return p.Service == "" && p.account() == pp.value
	case principalRole:
		if p.ARN == pp.value {
			return true
		}
		partition, account, role, ok := p.session()
		return ok && partition == pp.partition && account == pp.account && role == pp.role
	case principalExact:
		return p.ARN == pp.value
	case principalService:
		return p.Service != "" && p.Service == pp.value
	}
	return false
}

// notPrincipalExcludes reports whether a NotPrincipal element spares the
// caller. As AWS checks the caller's account first and then the caller, an
// IAM principal is spared only when both its account and the principal
// itself are named (for a role session: the session or its role); naming
// the account alone spares only the account's root.
func notPrincipalExcludes(pats []principalPattern, p *Principal) bool {
	var account, self bool
	for i := range pats {
		pp := &pats[i]
		switch {
		case pp.kind == principalAnyone, pp.kind == principalAnyAWS && pp.matches(p), pp.kind == principalService && pp.matches(p):
			return true
		case pp.kind == principalAccount && pp.matches(p):
			account = true
		case (pp.kind == principalRole || pp.kind == principalExact) && pp.matches(p):
			self = true
		}
	}
	return account && (self || p.root())
}

// matchPrincipal reports whether the statement applies to the caller, and
// which entry named it (-1 for a NotPrincipal statement).
func (s *Statement) matchPrincipal(p *Principal) (int, bool) {
	if s.NotPrincipal {
		return -1, !notPrincipalExcludes(s.principals, p)
	}
	for i := range s.principals {
		if s.principals[i].matches(p) {
			return i, true
		}
	}
	return -1, false
}

// principal reads a Principal or NotPrincipal element. Service control and
// identity policies have none; a resource control policy's must be "*"; a
// resource-based policy names AWS principals and services.
func (c *checker) principal(path string, m *jsondoc.Member, st *Statement) {
	switch c.kind {
	case SCP, Identity:
		c.report(path, m.KeyPos, CodeUnsupported, "%s is not supported in a %s", m.Key, c.kind)
		return
	case RCP:
		if m.Key == "NotPrincipal" {
			c.report(path, m.KeyPos, CodeUnsupported, "NotPrincipal is not supported in a %s", c.kind)
			return
		}
		if m.Value.Kind != jsondoc.String || m.Value.Str != "*" {
			c.report(path, m.Value.Pos, CodeInvalidValue, `Principal in a resource control policy must be "*"`)
		}
		return
	}
	st.NotPrincipal = m.Key == "NotPrincipal"
	v := m.Value
	switch v.Kind {
	case jsondoc.String:
		if v.Str != "*" {
			c.report(path, v.Pos, CodeInvalidValue, `%s must be "*" or an object such as {"AWS": "111122223333"} or {"Service": "chatbot.amazonaws.com"}, not %q`, m.Key, v.Str)
			return
		}
		st.Principals = append(st.Principals, PrincipalEntry{Type: "*", Value: "*"})
		st.principals = append(st.principals, principalPattern{kind: principalAnyone})
		return
	case jsondoc.Object:
	default:
		c.report(path, v.Pos, CodeWrongType, "%s must be \"*\" or an object of principal types, not %s", m.Key, v.Kind)
		return
	}
	if len(v.Members) == 0 {
		c.report(path, v.Pos, CodeInvalidValue, "%s must name at least one principal", m.Key)
	}
	for i := range v.Members {
		tm := &v.Members[i]
		tpath := jsondoc.Key(path, tm.Key)
		if tm.Key != "AWS" && tm.Key != "Service" {
			if strings.EqualFold(tm.Key, "AWS") || strings.EqualFold(tm.Key, "Service") || tm.Key == "Federated" || tm.Key == "CanonicalUser" {
				c.report(tpath, tm.KeyPos, CodeUnsupported, "principal type %q is not supported; chatgov evaluates \"AWS\" and \"Service\" principals (names are case-sensitive)", tm.Key)
			} else {
				c.report(tpath, tm.KeyPos, CodeUnknownKey, "unknown principal type %q; expected \"AWS\" or \"Service\"", tm.Key)
			}
			continue
		}
		for _, it := range c.strList(tpath, tm.Value, false) {
			pp, msg := compilePrincipal(tm.Key, it.text)
			if msg != "" {
				c.report(it.path, it.pos, CodeInvalidValue, "%s", msg)
				continue
			}
			st.Principals = append(st.Principals, PrincipalEntry{Type: tm.Key, Value: it.text})
			st.principals = append(st.principals, pp)
		}
	}
}

// compilePrincipal reads one principal of the given type, or says why it
// is not one.
func compilePrincipal(typ, text string) (principalPattern, string) {
	if typ == "Service" {
		if !isServicePrincipal(text) {
			return principalPattern{}, fmt.Sprintf("%q is not a service principal such as \"chatbot.amazonaws.com\"", text)
		}
		return principalPattern{kind: principalService, value: text}, ""
	}
	switch {
	case text == "*":
		return principalPattern{kind: principalAnyAWS}, ""
	case isAccountID(text):
		return principalPattern{kind: principalAccount, value: text}, ""
	case strings.ContainsAny(text, "*?"):
		return principalPattern{}, fmt.Sprintf("principal %q has a wildcard: a principal is \"*\", an account ID or an ARN; match patterns with a Condition on aws:PrincipalArn", text)
	}
	bad := fmt.Sprintf("principal %q must be \"*\", an account ID or the ARN of an account's root, a user, a role or an assumed-role session", text)
	parts := strings.SplitN(text, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !strings.HasPrefix(parts[1], "aws") || parts[3] != "" || !isAccountID(parts[4]) {
		return principalPattern{}, bad
	}
	resource := parts[5]
	switch parts[2] {
	case "iam":
		switch {
		case resource == "root":
			return principalPattern{kind: principalAccount, value: parts[4]}, ""
		case strings.HasPrefix(resource, "role/") && len(resource) > len("role/") && !strings.HasSuffix(resource, "/"):
			return principalPattern{kind: principalRole, value: text, partition: parts[1], account: parts[4],
				role: resource[strings.LastIndexByte(resource, '/')+1:]}, ""
		case strings.HasPrefix(resource, "user/") && len(resource) > len("user/") && !strings.HasSuffix(resource, "/"):
			return principalPattern{kind: principalExact, value: text}, ""
		}
	case "sts":
		if name, ok := strings.CutPrefix(resource, "assumed-role/"); ok {
			if role, session, ok := strings.Cut(name, "/"); ok && role != "" && session != "" && !strings.Contains(session, "/") {
				return principalPattern{kind: principalExact, value: text}, ""
			}
		}
		if name, ok := strings.CutPrefix(resource, "federated-user/"); ok && name != "" {
			return principalPattern{kind: principalExact, value: text}, ""
		}
	}
	return principalPattern{}, bad
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isServicePrincipal reports whether s looks like a service principal:
// lower-case DNS labels, at least two.
func isServicePrincipal(s string) bool {
	if s == "" || !strings.Contains(s, ".") || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// EvaluateResourcePolicy decides req against a resource-based policy (one
// parsed as [ResourceBased]): req.Principal must be named by a statement's
// Principal (or spared by none of its NotPrincipal) for the statement to
// apply. The result is Evaluate's: Allow when a statement allows and none
// denies, with every statement behind the decision.
func EvaluateResourcePolicy(p Named, req Request) Result {
	return Evaluate([]Named{p}, req)
}
