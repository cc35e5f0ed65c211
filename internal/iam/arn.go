package iam

import "strings"

// arnSegments is the number of colon-separated parts of an ARN:
// arn:partition:service:region:account-id:resource. The resource part may
// itself contain colons.
const arnSegments = 6

// arnPattern matches ARNs segment by segment. Wildcards stay inside their
// segment, with two exceptions: the resource segment is the rest of the ARN
// (colons included), and when a pattern has fewer than six segments and its
// last segment ends in '*', that segment takes the rest of the ARN, so
// "arn:aws:chatbot::*" matches every chatbot ARN.
type arnPattern struct {
	any bool // "*": every resource
	// segs holds the segments of a pattern that starts with "arn:". A
	// pattern that does not is matched as a whole by whole.
	segs        []pattern
	lastCrosses bool
	whole       pattern
}

// compileARN reads text as an ARN pattern, with policy variables when vars is
// set.
func compileARN(text string, vars bool) (arnPattern, error) {
	if text == "*" {
		return arnPattern{any: true}, nil
	}
	o := tokenOptions{wild: true, vars: vars}
	pieces, err := tokenize(text, o)
	if err != nil {
		return arnPattern{}, err
	}
	if !strings.HasPrefix(text, "arn:") {
		return arnPattern{whole: patternOf(pieces, false)}, nil
	}
	parts := splitSegments(pieces)
	a := arnPattern{segs: make([]pattern, len(parts))}
	for i, seg := range parts {
		a.segs[i] = patternOf(seg, false)
	}
	if last := parts[len(parts)-1]; len(parts) < arnSegments && len(last) > 0 && last[len(last)-1].kind == pieceStar {
		a.lastCrosses = true
	}
	return a, nil
}

// wildService reports whether the pattern has a wildcard in its service
// segment, which IAM does not allow in a Resource element.
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

// splitSegments splits pieces at the colons of their literal text, into at
// most six segments; colons inside variables never split.
func splitSegments(pieces []piece) [][]piece {
	segs := [][]piece{nil}
	for _, pc := range pieces {
		if pc.kind != pieceLit || len(segs) == arnSegments {
			segs[len(segs)-1] = append(segs[len(segs)-1], pc)
			continue
		}
		text := pc.text
		for len(segs) < arnSegments {
			i := strings.IndexByte(text, ':')
			if i < 0 {
				break
			}
			if i > 0 {
				segs[len(segs)-1] = append(segs[len(segs)-1], piece{kind: pieceLit, text: text[:i]})
			}
			segs = append(segs, nil)
			text = text[i+1:]
		}
		if text != "" {
			segs[len(segs)-1] = append(segs[len(segs)-1], piece{kind: pieceLit, text: text})
		}
	}
	return segs
}

// match reports whether the ARN s matches. Matching is case-sensitive.
func (a *arnPattern) match(s string, ctx *Context) bool {
	if a.any {
		return true
	}
	if a.segs == nil {
		return a.whole.match(s, ctx)
	}
	rest := s
	for i := range a.segs {
		if i == len(a.segs)-1 {
			// The last segment: the resource segment and a crossing star
			// take the rest; any other last segment must be the ARN's last.
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
