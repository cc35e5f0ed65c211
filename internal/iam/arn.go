package iam

import "strings"

// arnSegments is the number of colon-separated parts of an ARN:
// arn:partition:service:region:account-id:resource. The resource part may
// itself contain colons.
const arnSegments = 6

// arnPattern matches ARNs part by part: its first five parts each match the
// ARN's part in the same place, and its sixth (resource) part the rest of the
// ARN, colons included. Wildcards stay inside their part. A Resource pattern
// has one exception: when it has fewer than six parts and its last part ends
// in '*', that part takes the rest of the ARN, so the Resource
// "arn:aws:chatbot::*" matches every chatbot ARN. The Arn condition operators
// have none: a condition value with fewer than six parts matches no ARN.
type arnPattern struct {
	any bool // Resource "*": every resource
	// segs holds the pattern's parts, at most six.
	segs        []pattern
	lastCrosses bool // Resource patterns only
	// short marks a condition value with fewer than six parts.
	short bool
	vars  bool // some part holds a policy variable
}

// compileResourceARN reads the text of a Resource or NotResource element.
// Under Version 2012-10-17 (vars set) policy variables are substituted in
// the resource part only, after the fifth colon; a "${...}" before it is
// literal text, wildcards inside it included, which no real ARN contains.
func compileResourceARN(text string, vars bool) (arnPattern, error) {
	if text == "*" {
		return arnPattern{any: true}, nil
	}
	parts, err := splitARNText(text, vars)
	if err != nil {
		return arnPattern{}, err
	}
	a := arnPattern{segs: make([]pattern, len(parts))}
	for i, part := range parts {
		o := tokenOptions{wild: true, litVars: vars}
		if i == arnSegments-1 {
			o = tokenOptions{wild: true, vars: vars}
		}
		if a.segs[i], err = compilePattern(part, o); err != nil {
			return arnPattern{}, err
		}
		a.vars = a.vars || a.segs[i].shape == shapeVars
	}
	if last := a.segs[len(a.segs)-1].pieces; len(parts) < arnSegments && len(last) > 0 && last[len(last)-1].kind == pieceStar {
		a.lastCrosses = true
	}
	return a, nil
}

// compileConditionARN reads a value of an Arn condition operator. Policy
// variables (vars set) may stand in any part; a substituted value matches
// within its part only.
func compileConditionARN(text string, vars bool) (arnPattern, error) {
	parts, err := splitARNText(text, vars)
	if err != nil {
		return arnPattern{}, err
	}
	a := arnPattern{segs: make([]pattern, len(parts)), short: len(parts) < arnSegments}
	for i, part := range parts {
		if a.segs[i], err = compilePattern(part, tokenOptions{wild: true, vars: vars}); err != nil {
			return arnPattern{}, err
		}
		a.vars = a.vars || a.segs[i].shape == shapeVars
	}
	return a, nil
}

// splitARNText splits text at its first five colons. When "${...}" may be
// a variable (vars set), colons inside it do not split, so
// "${aws:username}" stays whole wherever it is.
func splitARNText(text string, vars bool) ([]string, error) {
	parts := make([]string, 0, arnSegments)
	start := 0
	for i := 0; i < len(text) && len(parts) < arnSegments-1; i++ {
		switch {
		case vars && text[i] == '$' && i+1 < len(text) && text[i+1] == '{':
			end := strings.IndexByte(text[i+2:], '}')
			if end < 0 {
				return nil, errUnclosedVariable
			}
			i += end + 2
		case text[i] == ':':
			parts = append(parts, text[start:i])
			start = i + 1
		}
	}
	return append(parts, text[start:]), nil
}

// wildService reports whether the pattern has a wildcard in its service
// part, which IAM does not allow in a Resource element.
func (a *arnPattern) wildService() bool {
	if len(a.segs) < 3 {
		return false
	}
	for _, pc := range a.segs[2].pieces {
		if pc.kind == pieceStar || pc.kind == pieceQuest {
			return true
		}
	}
	return false
}

// resolves reports whether every policy variable of the pattern has a
// value or a default in ctx.
func (a *arnPattern) resolves(ctx *Context) bool {
	if !a.vars {
		return true
	}
	for i := range a.segs {
		if !a.segs[i].resolves(ctx) {
			return false
		}
	}
	return true
}

// match reports whether the ARN s matches. Matching is case-sensitive. A
// pattern whose variables cannot be resolved matches nothing.
func (a *arnPattern) match(s string, ctx *Context) bool {
	if a.any {
		return true
	}
	if a.short {
		return false
	}
	rest := s
	for i := range a.segs {
		if i == len(a.segs)-1 {
			// The last part: the resource part and a crossing star take
			// the rest; any other last part must be the ARN's last.
			if i != arnSegments-1 && !a.lastCrosses && strings.IndexByte(rest, ':') >= 0 {
				return false
			}
			return a.segs[i].match(rest, ctx)
		}
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return false
		}
		if !a.segs[i].match(rest[:j], ctx) {
			return false
		}
		rest = rest[j+1:]
	}
	return true
}
