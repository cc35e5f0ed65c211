package iam

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The pattern language shared by Action, Resource and the string and ARN
// condition operators: '*' matches any run of characters (including none),
// '?' matches exactly one character, and, under Version 2012-10-17, "${key}"
// is replaced by the request's value for key. Patterns are tokenised once at
// parse time into pieces; matching walks the pieces without allocating.

type pieceKind uint8

const (
	pieceLit   pieceKind = iota // literal text
	pieceStar                   // '*'
	pieceQuest                  // '?'
	pieceVar                    // a policy variable
)

type piece struct {
	kind pieceKind
	// text is the literal text of a pieceLit, or the default value of a
	// pieceVar.
	text string
	// key is a pieceVar's lower-cased context key.
	key        string
	hasDefault bool
}

// shape lets the common patterns skip the general matcher.
type shape uint8

const (
	shapeLiteral shape = iota // no wildcard: equality
	shapeAny                  // "*"
	shapePrefix               // "lit*"
	shapeSuffix               // "*lit"
	shapeStars                // literals and '*' only, such as "arn:aws:iam::*:root"
	shapeGeneral              // anything else without variables
	shapeVars                 // contains policy variables
)

// pattern is a compiled pattern. When fold is set (actions), literal text is
// stored in lower case and input is compared with ASCII case folded.
type pattern struct {
	shape  shape
	lit    string // shapeLiteral, shapePrefix, shapeSuffix
	pieces []piece
	fold   bool
}

// tokenOptions says how to read pattern text.
type tokenOptions struct {
	wild bool // '*' and '?' are wildcards
	vars bool // "${...}" is a policy variable (Version 2012-10-17)
	// litVars reads "${...}" as literal text, wildcards inside it
	// included: a variable where IAM does not substitute variables, such
	// as before the resource part of a Resource ARN.
	litVars bool
	fold    bool // lower-case literal text (ASCII)
}

var errUnclosedVariable = errors.New(`a policy variable "${" is not closed by "}"`)

// tokenize splits text into pieces. Adjacent literal text is merged and runs
// of '*' collapse into one.
func tokenize(text string, o tokenOptions) ([]piece, error) {
	var pieces []piece
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			s := lit.String()
			if o.fold {
				s = lowerASCII(s)
			}
			pieces = append(pieces, piece{kind: pieceLit, text: s})
			lit.Reset()
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		if (o.vars || o.litVars) && c == '$' && i+1 < len(text) && text[i+1] == '{' {
			end := strings.IndexByte(text[i+2:], '}')
			if end < 0 {
				return nil, errUnclosedVariable
			}
			body := text[i+2 : i+2+end]
			if !o.vars {
				lit.WriteString(text[i : i+end+3])
				i += end + 3
				continue
			}
			i += end + 3
			switch body {
			case "*", "?", "$":
				// The escapes stand for the character itself, never a
				// wildcard.
				lit.WriteString(body)
				continue
			}
			v, err := parseVariable(body)
			if err != nil {
				return nil, err
			}
			flush()
			pieces = append(pieces, v)
			continue
		}
		if o.wild && (c == '*' || c == '?') {
			flush()
			if c == '*' {
				if n := len(pieces); n == 0 || pieces[n-1].kind != pieceStar {
					pieces = append(pieces, piece{kind: pieceStar})
				}
			} else {
				pieces = append(pieces, piece{kind: pieceQuest})
			}
			i++
			continue
		}
		lit.WriteByte(c)
		i++
	}
	flush()
	return pieces, nil
}

// parseVariable reads the inside of "${...}": a key, optionally followed by
// a comma and a default value in single quotes.
func parseVariable(body string) (piece, error) {
	key, def, hasDefault := strings.Cut(body, ",")
	key = strings.TrimSpace(key)
	if key == "" || strings.ContainsAny(key, " \t'$") {
		return piece{}, errors.New(`policy variable "${` + body + `}" does not name a condition key`)
	}
	p := piece{kind: pieceVar, key: strings.ToLower(key)}
	if hasDefault {
		def = strings.TrimSpace(def)
		if len(def) < 2 || def[0] != '\'' || def[len(def)-1] != '\'' || strings.Contains(def[1:len(def)-1], "'") {
			return piece{}, errors.New(`the default of policy variable "${` + body + `}" must be one value in single quotes`)
		}
		p.text = def[1 : len(def)-1]
		p.hasDefault = true
	}
	return p, nil
}

// compilePattern reads text as a pattern.
func compilePattern(text string, o tokenOptions) (pattern, error) {
	pieces, err := tokenize(text, o)
	if err != nil {
		return pattern{}, err
	}
	return patternOf(pieces, o.fold), nil
}

// patternOf classifies pieces into the fastest shape that matches them.
func patternOf(pieces []piece, fold bool) pattern {
	p := pattern{pieces: pieces, fold: fold}
	for _, pc := range pieces {
		if pc.kind == pieceVar {
			p.shape = shapeVars
			return p
		}
	}
	switch {
	case len(pieces) == 0:
		p.shape = shapeLiteral
	case len(pieces) == 1 && pieces[0].kind == pieceLit:
		p.shape, p.lit = shapeLiteral, pieces[0].text
	case len(pieces) == 1 && pieces[0].kind == pieceStar:
		p.shape = shapeAny
	case len(pieces) == 2 && pieces[0].kind == pieceLit && pieces[1].kind == pieceStar:
		p.shape, p.lit = shapePrefix, pieces[0].text
	case len(pieces) == 2 && pieces[0].kind == pieceStar && pieces[1].kind == pieceLit:
		p.shape, p.lit = shapeSuffix, pieces[1].text
	case starsOnly(pieces):
		p.shape = shapeStars
	default:
		p.shape = shapeGeneral
	}
	return p
}

// starsOnly reports whether pieces hold no '?' and no variable.
func starsOnly(pieces []piece) bool {
	for _, pc := range pieces {
		if pc.kind == pieceQuest || pc.kind == pieceVar {
			return false
		}
	}
	return true
}

// firstByte returns the first byte every match must start with (lower-cased
// when folding), or 0 when the pattern starts with a wildcard, a variable or
// nothing.
func (p *pattern) firstByte() byte {
	if len(p.pieces) == 0 || p.pieces[0].kind != pieceLit {
		return 0
	}
	return p.pieces[0].text[0]
}

// match reports whether s matches the pattern. ctx supplies the values of
// policy variables; a variable whose key is missing (and has no default)
// makes the pattern match nothing. A substituted value is literal text: its
// '*' and '?' are not wildcards, and it must match whole, in its place.
func (p *pattern) match(s string, ctx *Context) bool {
	switch p.shape {
	case shapeAny:
		return true
	case shapeLiteral:
		if p.fold {
			return equalFoldASCII(s, p.lit)
		}
		return s == p.lit
	case shapePrefix:
		return len(s) >= len(p.lit) && equalMaybeFold(s[:len(p.lit)], p.lit, p.fold)
	case shapeSuffix:
		return len(s) >= len(p.lit) && equalMaybeFold(s[len(s)-len(p.lit):], p.lit, p.fold)
	case shapeStars:
		return matchStars(p.pieces, s, p.fold)
	case shapeGeneral:
		return matchPieces(p.pieces, s, p.fold)
	}
	var buf [8]piece
	resolved, ok := substitute(buf[:0], p.pieces, ctx)
	if !ok {
		return false
	}
	if starsOnly(resolved) {
		return matchStars(resolved, s, p.fold)
	}
	return matchPieces(resolved, s, p.fold)
}

// equalFold reports whether s equals the pattern's text under Unicode case
// folding. It is used by the IgnoreCase operators, whose patterns have no
// wildcards. It does not allocate.
func (p *pattern) equalFold(s string, ctx *Context) bool {
	if p.shape != shapeVars {
		return strings.EqualFold(s, p.lit)
	}
	var buf [8]piece
	resolved, ok := substitute(buf[:0], p.pieces, ctx)
	if !ok {
		return false
	}
	for _, pc := range resolved {
		if s, ok = cutPrefixFold(s, pc.text); !ok {
			return false
		}
	}
	return s == ""
}

// cutPrefixFold returns s without a prefix that equals prefix under Unicode
// simple case folding, as strings.EqualFold compares, and whether there was
// one.
func cutPrefixFold(s, prefix string) (string, bool) {
	for _, want := range prefix {
		if s == "" {
			return s, false
		}
		got, n := utf8.DecodeRuneInString(s)
		if !equalRuneFold(got, want) {
			return s, false
		}
		s = s[n:]
	}
	return s, true
}

// equalRuneFold reports whether two characters are equal under Unicode
// simple case folding.
func equalRuneFold(a, b rune) bool {
	if a == b {
		return true
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}

// resolves reports whether every policy variable of the pattern has a
// value in ctx (exactly one) or a default.
func (p *pattern) resolves(ctx *Context) bool {
	if p.shape != shapeVars {
		return true
	}
	for i := range p.pieces {
		pc := &p.pieces[i]
		if pc.kind != pieceVar || pc.hasDefault {
			continue
		}
		if ctx == nil || len(ctx.lookup(pc.key)) != 1 {
			return false
		}
	}
	return true
}

// substitute appends pieces to dst with every variable replaced by literal
// text. It reports false when a variable cannot be resolved: its key is
// missing or has several values, and it has no default.
func substitute(dst, pieces []piece, ctx *Context) ([]piece, bool) {
	for _, pc := range pieces {
		if pc.kind != pieceVar {
			dst = append(dst, pc)
			continue
		}
		var vals []string
		if ctx != nil {
			vals = ctx.lookup(pc.key)
		}
		switch {
		case len(vals) == 1:
			dst = append(dst, piece{kind: pieceLit, text: vals[0]})
		case pc.hasDefault:
			dst = append(dst, piece{kind: pieceLit, text: pc.text})
		default:
			return dst, false
		}
	}
	return dst, true
}

// matchPieces matches s against pieces. It keeps only the most recent '*'
// as a backtracking point: extending an earlier star can never help once a
// later one has been reached, so the walk is O(len(pieces)·len(s)) at worst.
func matchPieces(pieces []piece, s string, fold bool) bool {
	pi, si := 0, 0
	star, starAt := -1, 0
	for {
		if pi < len(pieces) {
			pc := &pieces[pi]
			switch pc.kind {
			case pieceStar:
				star, starAt = pi, si
				pi++
				continue
			case pieceQuest:
				if si < len(s) {
					si += runeLen(s, si)
					pi++
					continue
				}
			default:
				if len(s)-si >= len(pc.text) && equalMaybeFold(s[si:si+len(pc.text)], pc.text, fold) {
					si += len(pc.text)
					pi++
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		if star < 0 || starAt >= len(s) {
			return false
		}
		starAt += runeLen(s, starAt)
		pi, si = star+1, starAt
	}
}

// matchStars matches s against pieces made of literals and stars only. A
// run of literals with no star between them (which substitution makes: a
// variable's value beside the text around it) is one piece of text that must
// appear whole. The leading and trailing runs are anchored at the ends of s;
// each run in between is found at its leftmost place after the previous
// one, which is always a right choice when the only wildcard is '*'. For
// patterns in valid UTF-8, which is all a parsed policy holds, it answers as
// matchPieces does, in one pass over s.
func matchStars(pieces []piece, s string, fold bool) bool {
	first, last := 0, len(pieces)
	for first < last && pieces[first].kind == pieceLit {
		lit := pieces[first].text
		if len(s) < len(lit) || !equalMaybeFold(s[:len(lit)], lit, fold) {
			return false
		}
		s = s[len(lit):]
		first++
	}
	if first == last {
		return s == "" // no star: the literals must be all of s
	}
	for last > first && pieces[last-1].kind == pieceLit {
		lit := pieces[last-1].text
		if len(s) < len(lit) || !equalMaybeFold(s[len(s)-len(lit):], lit, fold) {
			return false
		}
		s = s[:len(s)-len(lit)]
		last--
	}
	for i := first; i < last; {
		if pieces[i].kind != pieceLit {
			i++
			continue
		}
		end := i + 1
		for end < last && pieces[end].kind == pieceLit {
			end++
		}
		rest, ok := cutThroughRun(s, pieces[i:end], fold)
		if !ok {
			return false
		}
		s, i = rest, end
	}
	return true
}

// cutThroughRun finds the leftmost place in s where the literals of run
// appear one right after the other, and returns what follows them.
func cutThroughRun(s string, run []piece, fold bool) (string, bool) {
	for from := 0; from <= len(s); from++ {
		at := indexMaybeFold(s[from:], run[0].text, fold)
		if at < 0 {
			return "", false
		}
		from += at
		rest := s[from+len(run[0].text):]
		whole := true
		for _, pc := range run[1:] {
			if len(rest) < len(pc.text) || !equalMaybeFold(rest[:len(pc.text)], pc.text, fold) {
				whole = false
				break
			}
			rest = rest[len(pc.text):]
		}
		if whole {
			return rest, true
		}
	}
	return "", false
}

// indexMaybeFold is strings.Index, ignoring ASCII case in s when fold is
// set (lowerLit is then already in lower case).
func indexMaybeFold(s, lowerLit string, fold bool) int {
	if !fold {
		return strings.Index(s, lowerLit)
	}
	for i := 0; i+len(lowerLit) <= len(s); i++ {
		if equalFoldASCII(s[i:i+len(lowerLit)], lowerLit) {
			return i
		}
	}
	return -1
}

// runeLen returns the length in bytes of the character at s[i].
func runeLen(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

func equalMaybeFold(s, lowerLit string, fold bool) bool {
	if fold {
		return equalFoldASCII(s, lowerLit)
	}
	return s == lowerLit
}

// equalFoldASCII reports whether s equals lower, which is already in lower
// case, ignoring ASCII case in s.
func equalFoldASCII(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// lowerASCII lower-cases the ASCII letters of s and leaves other bytes.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
