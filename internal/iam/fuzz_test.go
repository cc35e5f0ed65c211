package iam

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chatgov/chatgov/internal/jsondoc"
)

// refMatch is a plain dynamic-programming wildcard matcher over runes, the
// reference the fast matcher is checked against.
func refMatch(pattern, s string, fold bool) bool {
	if fold {
		lower := func(r rune) rune {
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}
		pattern, s = strings.Map(lower, pattern), strings.Map(lower, s)
	}
	p, r := []rune(pattern), []rune(s)
	// m[j] says whether p[:i] matches r[:j], for the current i.
	m := make([]bool, len(r)+1)
	m[0] = true
	for i := 1; i <= len(p); i++ {
		next := make([]bool, len(r)+1)
		switch p[i-1] {
		case '*':
			next[0] = m[0]
			for j := 1; j <= len(r); j++ {
				next[j] = m[j] || next[j-1]
			}
		default:
			for j := 1; j <= len(r); j++ {
				next[j] = m[j-1] && (p[i-1] == '?' || p[i-1] == r[j-1])
			}
		}
		m = next
	}
	return m[len(r)]
}

func FuzzMatch(f *testing.F) {
	for _, seed := range []struct {
		p, s string
		fold bool
	}{
		{"*", "x", false}, {"a*b?c", "aXbYc", false}, {"s3:Get*", "S3:GETOBJECT", true},
		{"*a*a*", "banana", false}, {"?é*", "éé", false}, {"arn:aws:chatbot::*", opsChannel, false},
	} {
		f.Add(seed.p, seed.s, seed.fold)
	}
	f.Fuzz(func(t *testing.T, pat, s string, fold bool) {
		if len(pat) > 64 || len(s) > 256 {
			return // the reference is quadratic; long inputs add nothing
		}
		p, err := compilePattern(pat, tokenOptions{wild: true, fold: fold})
		if err != nil {
			t.Fatalf("compilePattern(%q) without variables failed: %v", pat, err)
		}
		got := p.match(s, nil)
		// The shape fast paths must agree with the general matcher. Policy
		// text is always valid UTF-8 (the parser rejects anything else), and
		// then a literal never starts inside a character, so searching bytes
		// and stepping characters find the same places; the request string
		// may be anything.
		if slow := matchPieces(p.pieces, s, fold); utf8.ValidString(pat) && slow != got {
			t.Fatalf("match(%q, %q, fold=%v) = %v, matchPieces says %v", pat, s, fold, got, slow)
		}
		if utf8.ValidString(pat) && utf8.ValidString(s) {
			if want := refMatch(pat, s, fold); got != want {
				t.Fatalf("match(%q, %q, fold=%v) = %v, reference says %v", pat, s, fold, got, want)
			}
		}
		// The ARN matcher and variable substitution must not panic either.
		ctx := NewContext(map[string][]string{"k": {s}})
		if a, err := compileResourceARN(pat, true); err == nil {
			a.match(s, &ctx)
		}
		if a, err := compileConditionARN(pat, true); err == nil {
			a.match(s, &ctx)
		}
		if v, err := compilePattern(pat, tokenOptions{wild: true, vars: true}); err == nil {
			v.match(s, &ctx)
			v.equalFold(s, &ctx)
		}
	})
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		fullAWSAccess,
		blogSCP,
		`{"Statement":{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::b/${aws:username}"}}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Deny","Action":["s3:*"],"Resource":["arn:aws:s3:::b/${aws:username, 'x'}/*"],` +
			`"Condition":{"ForAllValues:StringLike":{"aws:TagKeys":["a*","b?"]},"NumericLessThanEquals":{"n":[1,2.5]},` +
			`"DateGreaterThan":{"aws:CurrentTime":"2025-01-01T00:00:00Z"},"Bool":{"aws:SecureTransport":false},` +
			`"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"BinaryEquals":{"k":"QmluYXJ5"},"Null":{"x":"true"},` +
			`"ArnNotLikeIfExists":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:role/ops"],"Service":"chatbot.amazonaws.com"},"Action":"organizations:Describe*","Resource":"*"},` +
			`{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"*","Resource":"*"}]}`,
		`{"Statement":[],}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Action":"s3:*"}]}`,
	} {
		for k := SCP; k <= ResourceBased; k++ {
			f.Add(seed, uint8(k), "s3:GetObject", "arn:aws:s3:::b/alice/x", "aws:username", "alice")
		}
	}
	f.Fuzz(func(t *testing.T, doc string, kind uint8, action, resource, key, value string) {
		k := Kind(kind%5) + SCP // includes one unknown kind
		p1, err1 := Parse(doc, k)
		p2, err2 := Parse(doc, k)
		if (p1 == nil) == (err1 == nil) {
			t.Fatalf("Parse returned policy %v and error %v", p1 != nil, err1)
		}
		if !reflect.DeepEqual(p1, p2) || !reflect.DeepEqual(err1, err2) {
			t.Fatalf("Parse is not deterministic for %q", doc)
		}
		if err1 != nil {
			var je *jsondoc.Error
			if !errors.As(err1, &je) || len(je.Problems) == 0 {
				t.Fatalf("Parse error %v is not a *jsondoc.Error with problems", err1)
			}
			return
		}
		if _, err := ParseManaged(doc, k); err != nil {
			t.Fatalf("ParseManaged rejected what Parse accepted: %v", err)
		}
		req := Request{Action: action, Resource: resource, Context: NewContext(map[string][]string{key: {value}})}
		set := []Named{{ID: "p", Policy: p1}}
		r := Evaluate(set, req)
		if d := Decide(set, req); d != r.Decision {
			t.Fatalf("Decide = %v, Evaluate = %v", d, r.Decision)
		}
		for _, m := range r.Deciding() {
			_ = m.String()
		}
		levels := []Level{{Policies: set}, {Policies: set}}
		c := EvaluateSCPs(levels, req, false)
		if d := DecideSCPs(levels, req, false); d != c.Decision {
			t.Fatalf("DecideSCPs = %v, EvaluateSCPs = %v", d, c.Decision)
		}
	})
}

// FuzzMatchStarsAdjacentLiterals checks matchStars against matchPieces on
// piece lists with literals side by side, as substitution makes them: in
// the pattern text '|' ends a literal piece without a wildcard between, and
// '*' is a star.
func FuzzMatchStarsAdjacentLiterals(f *testing.F) {
	for _, seed := range [][2]string{
		{"repository/|ops", "repository/devops"}, {"*-|ops|-*", "a-devops-b"}, {"a|b*c|d", "abxcd"},
		{"|*|", "x"}, {"ab|*|ab", "ab"}, {"x|y", "xy"},
	} {
		f.Add(seed[0], seed[1], false)
	}
	f.Fuzz(func(t *testing.T, pat, s string, fold bool) {
		if !utf8.ValidString(pat) || len(pat) > 64 || len(s) > 256 {
			return
		}
		var pieces []piece
		lit := ""
		for _, r := range pat {
			switch r {
			case '|', '*':
				if lit != "" || r == '|' {
					if fold {
						lit = lowerASCII(lit)
					}
					pieces = append(pieces, piece{kind: pieceLit, text: lit})
					lit = ""
				}
				if r == '*' {
					pieces = append(pieces, piece{kind: pieceStar})
				}
			default:
				lit += string(r)
			}
		}
		if lit != "" {
			if fold {
				lit = lowerASCII(lit)
			}
			pieces = append(pieces, piece{kind: pieceLit, text: lit})
		}
		if got, want := matchStars(pieces, s, fold), matchPieces(pieces, s, fold); got != want {
			t.Fatalf("matchStars(%q, %q, fold=%v) = %v, matchPieces says %v", pat, s, fold, got, want)
		}
	})
}
