package iam

import (
	"strings"
	"unicode/utf8"
)

// This file holds a deliberately simple reference implementation of IAM
// matching, written from the rules (aws-semantics.md sections 0 and 6)
// rather than from the engine, so that a property test can check that the
// engine, with its shapes, fast paths and compiled forms, decides as the
// rules say. It is slow and allocates freely; it shares no code with the
// engine.

// refDoc is a policy document as the property test builds it; it is
// marshalled to JSON for the engine and read directly by the reference.
type refDoc struct {
	Version   string         `json:"Version,omitempty"`
	Statement []refStatement `json:"Statement"`
}

type refStatement struct {
	Effect string `json:"Effect"`
	// Principal and NotPrincipal are "*" or map[string][]string, in
	// resource-based policies only.
	Principal    any                            `json:"Principal,omitempty"`
	NotPrincipal any                            `json:"NotPrincipal,omitempty"`
	Action       []string                       `json:"Action,omitempty"`
	NotAction    []string                       `json:"NotAction,omitempty"`
	Resource     []string                       `json:"Resource,omitempty"`
	NotResource  []string                       `json:"NotResource,omitempty"`
	Condition    map[string]map[string][]string `json:"Condition,omitempty"`
}

// refToken is one character of a pattern after substitution: a literal
// character, or the wildcard '*' or '?'.
type refToken struct {
	r    rune
	star bool
	one  bool
}

// refContext maps lower-cased condition keys to their values.
type refContext map[string][]string

func (c refContext) get(key string) []string { return c[strings.ToLower(key)] }

// refTokens reads pattern text. With wild, '*' and '?' are wildcards. With
// vars, "${key}" and "${key, 'default'}" are replaced by their value and
// "${*}", "${?}", "${$}" stand for the character; with litVars instead,
// "${...}" is plain text, wildcards inside it too. ok is false when a
// variable has no single value and no default.
func refTokens(text string, wild, vars, litVars bool, ctx refContext) (toks []refToken, ok bool) {
	ok = true
	lit := func(s string) {
		for _, r := range s {
			toks = append(toks, refToken{r: r})
		}
	}
	for i := 0; i < len(text); {
		if (vars || litVars) && strings.HasPrefix(text[i:], "${") {
			end := i + 2 + strings.IndexByte(text[i+2:], '}')
			body := text[i+2 : end]
			switch {
			case !vars:
				lit(text[i : end+1])
			case body == "*" || body == "?" || body == "$":
				lit(body)
			default:
				key, def, hasDef := strings.Cut(body, ",")
				vals := ctx.get(strings.TrimSpace(key))
				switch {
				case len(vals) == 1:
					lit(vals[0])
				case hasDef:
					def = strings.TrimSpace(def)
					lit(def[1 : len(def)-1])
				default:
					ok = false
				}
			}
			i = end + 1
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case wild && r == '*':
			toks = append(toks, refToken{star: true})
		case wild && r == '?':
			toks = append(toks, refToken{one: true})
		default:
			toks = append(toks, refToken{r: r})
		}
		i += n
	}
	return toks, ok
}

// refWildcard matches s against toks by dynamic programming over
// characters. fold compares ASCII letters without regard to case.
func refWildcard(toks []refToken, s string, fold bool) bool {
	lower := func(r rune) rune {
		if fold && r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	in := []rune(s)
	// m[j]: the tokens so far match in[:j].
	m := make([]bool, len(in)+1)
	m[0] = true
	for _, t := range toks {
		next := make([]bool, len(in)+1)
		for j := 0; j <= len(in); j++ {
			switch {
			case t.star:
				next[j] = m[j] || (j > 0 && next[j-1])
			case j == 0:
			case t.one:
				next[j] = m[j-1]
			default:
				next[j] = m[j-1] && lower(t.r) == lower(in[j-1])
			}
		}
		m = next
	}
	return m[len(in)]
}

// refSplit splits an ARN (or ARN pattern) at its first five colons; with
// vars, colons inside "${...}" do not count.
func refSplit(text string, vars bool) []string {
	var parts []string
	start, depth := 0, false
	for i := 0; i < len(text) && len(parts) < 5; i++ {
		switch {
		case vars && !depth && strings.HasPrefix(text[i:], "${"):
			depth = true
		case depth && text[i] == '}':
			depth = false
		case !depth && text[i] == ':':
			parts = append(parts, text[start:i])
			start = i + 1
		}
	}
	return append(parts, text[start:])
}

// refResource reports whether a Resource pattern matches resource, and
// whether its variables resolve. Variables count only in the sixth part.
// A pattern with fewer than six parts whose last part ends in a '*'
// wildcard lets that part take the rest of the ARN.
func refResource(pattern, resource string, vars bool, ctx refContext) (match, resolved bool) {
	if pattern == "*" {
		return true, true
	}
	parts := refSplit(pattern, vars)
	toks := make([][]refToken, len(parts))
	resolved = true
	for i, p := range parts {
		var ok bool
		toks[i], ok = refTokens(p, true, vars && i == 5, vars && i < 5, ctx)
		resolved = resolved && ok
	}
	if !resolved {
		return false, false
	}
	got := refSplit(resource, false)
	k := len(parts)
	last := toks[k-1]
	crosses := k < 6 && len(last) > 0 && last[len(last)-1].star
	switch {
	case crosses && len(got) >= k:
		got = append(got[:k-1:k-1], strings.Join(got[k-1:], ":"))
	case len(got) != k:
		return false, true
	}
	for i := range toks {
		if !refWildcard(toks[i], got[i], false) {
			return false, true
		}
	}
	return true, true
}

// refArn reports whether an Arn condition value matches an ARN part by
// part, and whether its variables resolve. Both need six parts.
func refArn(pattern, arn string, vars bool, ctx refContext) (match, resolved bool) {
	parts := refSplit(pattern, vars)
	toks := make([][]refToken, len(parts))
	resolved = true
	for i, p := range parts {
		var ok bool
		toks[i], ok = refTokens(p, true, vars, false, ctx)
		resolved = resolved && ok
	}
	got := refSplit(arn, false)
	if !resolved || len(parts) != 6 || len(got) != 6 {
		return false, resolved
	}
	for i := range toks {
		if !refWildcard(toks[i], got[i], false) {
			return false, true
		}
	}
	return true, true
}

// refCondition decides one operator on one key.
func refCondition(op, key string, values []string, vars bool, ctx refContext) bool {
	base, set := op, ""
	for _, p := range []string{"ForAnyValue:", "ForAllValues:"} {
		if rest, ok := strings.CutPrefix(op, p); ok {
			base, set = rest, p
		}
	}
	base, ifExists := strings.CutSuffix(base, "IfExists")
	got := ctx.get(key)
	if base == "Null" {
		for _, v := range values {
			if (v == "true") == (len(got) == 0) {
				return true
			}
		}
		return false
	}
	negated := strings.Contains(base, "Not")
	if len(got) == 0 {
		switch {
		case set == "ForAnyValue:":
			return false
		case ifExists, set == "ForAllValues:":
			return true
		}
		return negated
	}
	// compare reports whether the request value v matches policy value p
	// under the positive form, and whether p's variables resolve.
	compare := func(p, v string) (bool, bool) {
		switch strings.Replace(base, "Not", "", 1) {
		case "StringEquals":
			toks, ok := refTokens(p, false, vars, false, ctx)
			return ok && refWildcard(toks, v, false), ok
		case "StringLike":
			toks, ok := refTokens(p, true, vars, false, ctx)
			return ok && refWildcard(toks, v, false), ok
		case "StringEqualsIgnoreCase":
			toks, ok := refTokens(p, false, vars, false, ctx)
			var b strings.Builder
			for _, t := range toks {
				b.WriteRune(t.r)
			}
			return ok && strings.EqualFold(b.String(), v), ok
		case "ArnEquals", "ArnLike":
			return refArn(p, v, vars, ctx)
		}
		panic("reference: operator " + op)
	}
	positive := func(v string) (bool, bool) {
		any, all := false, true
		for _, p := range values {
			m, ok := compare(p, v)
			any = any || m
			all = all && ok
		}
		return any, all
	}
	for _, v := range got {
		if _, ok := positive(v); !ok && negated {
			return false // an unresolvable variable never makes it hold
		}
	}
	holds := func(v string) bool { m, _ := positive(v); return m != negated }
	switch set {
	case "ForAnyValue:":
		for _, v := range got {
			if holds(v) {
				return true
			}
		}
		return false
	case "ForAllValues:":
		for _, v := range got {
			if !holds(v) {
				return false
			}
		}
		return true
	}
	for _, v := range got {
		if m, _ := positive(v); m {
			return !negated
		}
	}
	return negated
}

// refNames reports whether one principal entry names the caller: an
// account names all its principals (not services), a role ARN the role and
// its assumed-role sessions, any other ARN itself.
func refNames(typ, value string, p Principal) bool {
	account := p.Account
	if account == "" && p.ARN != "" {
		if parts := strings.Split(p.ARN, ":"); len(parts) >= 6 {
			account = parts[4]
		}
	}
	switch {
	case typ == "Service":
		return p.Service == value
	case p.Service != "":
		return false
	case value == "*":
		return p.ARN != "" || p.Account != ""
	case !strings.HasPrefix(value, "arn:"):
		return account == value
	case strings.HasSuffix(value, ":root"):
		return account == strings.Split(value, ":")[4]
	case value == p.ARN:
		return true
	}
	parts := strings.SplitN(value, ":", 6)
	if !strings.HasPrefix(parts[5], "role/") {
		return false
	}
	name := parts[5][strings.LastIndex(parts[5], "/")+1:]
	prefix := "arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + name + "/"
	return strings.HasPrefix(p.ARN, prefix) && !strings.Contains(p.ARN[len(prefix):], "/")
}

// refPrincipalApplies decides the Principal or NotPrincipal element of a
// statement for the caller. NotPrincipal spares a caller when everything
// AWS checks is named: the account, then (unless the caller is the
// account's root) the caller itself.
func refPrincipalApplies(element any, not bool, p Principal) bool {
	type entry struct{ typ, value string }
	var entries []entry
	switch e := element.(type) {
	case string:
		entries = append(entries, entry{"*", "*"})
	case map[string][]string:
		for typ, values := range e {
			for _, v := range values {
				entries = append(entries, entry{typ, v})
			}
		}
	}
	if !not {
		for _, e := range entries {
			if e.typ == "*" || refNames(e.typ, e.value, p) {
				return true
			}
		}
		return false
	}
	root := p.Service == "" && (p.ARN == "" && p.Account != "" || strings.HasPrefix(p.ARN, "arn:") && strings.HasSuffix(p.ARN, ":root"))
	accountNamed, selfNamed := false, false
	for _, e := range entries {
		switch {
		case e.typ == "*", e.value == "*" && refNames(e.typ, e.value, p), e.typ == "Service" && refNames(e.typ, e.value, p):
			return false // spared
		case e.typ == "AWS" && (!strings.HasPrefix(e.value, "arn:") || strings.HasSuffix(e.value, ":root")):
			accountNamed = accountNamed || refNames(e.typ, e.value, p)
		case e.typ == "AWS":
			selfNamed = selfNamed || refNames(e.typ, e.value, p)
		}
	}
	return !(accountNamed && (root || selfNamed))
}

// refApplies reports whether a statement applies to the request.
func refApplies(st refStatement, vars bool, action, resource string, ctx refContext, principal Principal) bool {
	switch {
	case st.Principal != nil && !refPrincipalApplies(st.Principal, false, principal):
		return false
	case st.NotPrincipal != nil && !refPrincipalApplies(st.NotPrincipal, true, principal):
		return false
	}
	actions, notAction := st.Action, false
	if st.NotAction != nil {
		actions, notAction = st.NotAction, true
	}
	matched := false
	for _, a := range actions {
		toks, _ := refTokens(a, true, false, false, ctx)
		matched = matched || refWildcard(toks, action, true)
	}
	if matched == notAction {
		return false
	}
	if st.NotResource != nil {
		for _, p := range st.NotResource {
			if m, ok := refResource(p, resource, vars, ctx); m || !ok {
				return false
			}
		}
	} else {
		matched = false
		for _, p := range st.Resource {
			m, _ := refResource(p, resource, vars, ctx)
			matched = matched || m
		}
		if !matched {
			return false
		}
	}
	for op, keys := range st.Condition {
		for key, values := range keys {
			if !refCondition(op, key, values, vars, ctx) {
				return false
			}
		}
	}
	return true
}

// refDecide decides a request against a set of documents; applies[i][j]
// says whether statement j of document i applies.
func refDecide(docs []refDoc, action, resource string, ctx refContext, principal Principal) (Decision, [][]bool) {
	d := ImplicitDeny
	applies := make([][]bool, len(docs))
	for i, doc := range docs {
		applies[i] = make([]bool, len(doc.Statement))
		for j, st := range doc.Statement {
			if !refApplies(st, doc.Version == "2012-10-17", action, resource, ctx, principal) {
				continue
			}
			applies[i][j] = true
			switch {
			case st.Effect == "Deny":
				d = ExplicitDeny
			case d == ImplicitDeny:
				d = Allow
			}
		}
	}
	return d, applies
}
