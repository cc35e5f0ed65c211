package iam

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// family is a group of condition operators that share a value type.
type family uint8

const (
	famString           family = iota + 1 // StringEquals, StringNotEquals
	famStringIgnoreCase                   // StringEqualsIgnoreCase, StringNotEqualsIgnoreCase
	famStringLike                         // StringLike, StringNotLike
	famNumeric
	famDate
	famBool
	famBinary
	famIP
	famArn // ArnEquals and ArnLike both allow wildcards in every segment
	famNull
)

// comparison is how a numeric or date operator compares the request value
// with the policy value.
type comparison uint8

const (
	cmpEq comparison = iota
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

// setOp is a ForAnyValue: or ForAllValues: prefix.
type setOp uint8

const (
	setNone setOp = iota
	setAny
	setAll
)

// operator is a compiled condition operator name.
type operator struct {
	fam      family
	cmp      comparison
	negated  bool // the complement of the positive form
	ifExists bool
	set      setOp
}

// baseOperator looks up an operator name without prefix or IfExists suffix.
func baseOperator(name string) (operator, bool) {
	o := func(f family, c comparison, neg bool) (operator, bool) {
		return operator{fam: f, cmp: c, negated: neg}, true
	}
	switch name {
	case "StringEquals":
		return o(famString, cmpEq, false)
	case "StringNotEquals":
		return o(famString, cmpEq, true)
	case "StringEqualsIgnoreCase":
		return o(famStringIgnoreCase, cmpEq, false)
	case "StringNotEqualsIgnoreCase":
		return o(famStringIgnoreCase, cmpEq, true)
	case "StringLike":
		return o(famStringLike, cmpEq, false)
	case "StringNotLike":
		return o(famStringLike, cmpEq, true)
	case "NumericEquals":
		return o(famNumeric, cmpEq, false)
	case "NumericNotEquals":
		return o(famNumeric, cmpEq, true)
	case "NumericLessThan":
		return o(famNumeric, cmpLt, false)
	case "NumericLessThanEquals":
		return o(famNumeric, cmpLe, false)
	case "NumericGreaterThan":
		return o(famNumeric, cmpGt, false)
	case "NumericGreaterThanEquals":
		return o(famNumeric, cmpGe, false)
	case "DateEquals":
		return o(famDate, cmpEq, false)
	case "DateNotEquals":
		return o(famDate, cmpEq, true)
	case "DateLessThan":
		return o(famDate, cmpLt, false)
	case "DateLessThanEquals":
		return o(famDate, cmpLe, false)
	case "DateGreaterThan":
		return o(famDate, cmpGt, false)
	case "DateGreaterThanEquals":
		return o(famDate, cmpGe, false)
	case "Bool":
		return o(famBool, cmpEq, false)
	case "BinaryEquals":
		return o(famBinary, cmpEq, false)
	case "IpAddress":
		return o(famIP, cmpEq, false)
	case "NotIpAddress":
		return o(famIP, cmpEq, true)
	case "ArnEquals", "ArnLike":
		return o(famArn, cmpEq, false)
	case "ArnNotEquals", "ArnNotLike":
		return o(famArn, cmpEq, true)
	case "Null":
		return o(famNull, cmpEq, false)
	}
	return operator{}, false
}

// parseOperator reads a full operator name such as
// "ForAnyValue:StringLikeIfExists".
func parseOperator(name string) (operator, error) {
	base, set := name, setNone
	if rest, ok := strings.CutPrefix(base, "ForAnyValue:"); ok {
		base, set = rest, setAny
	} else if rest, ok := strings.CutPrefix(base, "ForAllValues:"); ok {
		base, set = rest, setAll
	}
	op, ok := baseOperator(base)
	ifExists := false
	if !ok {
		if trimmed, cut := strings.CutSuffix(base, "IfExists"); cut {
			op, ok = baseOperator(trimmed)
			ifExists = true
		}
	}
	if !ok {
		msg := fmt.Sprintf("unknown condition operator %q", name)
		if hint := operatorHint(name); hint != "" {
			msg += fmt.Sprintf("; did you mean %q?", hint)
		}
		return operator{}, errors.New(msg)
	}
	if op.fam == famNull && (ifExists || set != setNone) {
		return operator{}, fmt.Errorf("condition operator %q is not allowed: Null takes neither the IfExists suffix nor a ForAnyValue: or ForAllValues: prefix", name)
	}
	op.ifExists, op.set = ifExists, set
	return op, nil
}

// operatorHint returns the operator name that name spells with different
// letter case, or "".
func operatorHint(name string) string {
	for _, prefix := range []string{"", "ForAnyValue:", "ForAllValues:"} {
		for _, suffix := range []string{"", "IfExists"} {
			for _, base := range []string{
				"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
				"StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan",
				"NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
				"DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
				"DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
				"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
			} {
				if full := prefix + base + suffix; strings.EqualFold(full, name) {
					return full
				}
			}
		}
	}
	if strings.EqualFold(name, "Null") {
		return "Null"
	}
	return ""
}

// condValues holds the compiled policy values of one condition; only the
// slice for the operator's family is set.
type condValues struct {
	strs  []pattern
	arns  []arnPattern
	nums  []float64
	times []time.Time
	bools []bool
	bins  [][]byte
	nets  []netip.Prefix
	// vars is set when some value holds a policy variable.
	vars bool
}

// resolves reports whether every policy variable of every value has a
// value or a default in ctx.
func (cv *condValues) resolves(ctx *Context) bool {
	if !cv.vars {
		return true
	}
	for i := range cv.strs {
		if !cv.strs[i].resolves(ctx) {
			return false
		}
	}
	for i := range cv.arns {
		if !cv.arns[i].resolves(ctx) {
			return false
		}
	}
	return true
}

// add compiles one policy value for the operator. vars says whether policy
// variables apply (Version 2012-10-17).
func (cv *condValues) add(op operator, text string, vars bool) error {
	switch op.fam {
	case famString, famStringIgnoreCase, famStringLike:
		p, err := compilePattern(text, tokenOptions{wild: op.fam == famStringLike, vars: vars})
		if err != nil {
			return err
		}
		cv.strs = append(cv.strs, p)
		cv.vars = cv.vars || p.shape == shapeVars
	case famArn:
		a, err := compileConditionARN(text, vars)
		if err != nil {
			return err
		}
		cv.arns = append(cv.arns, a)
		cv.vars = cv.vars || a.vars
	case famNumeric:
		f, ok := parseNumber(text)
		if !ok {
			return fmt.Errorf("%q is not a number", text)
		}
		cv.nums = append(cv.nums, f)
	case famDate:
		t, ok := parseDate(text)
		if !ok {
			return fmt.Errorf("%q is not a date; use ISO 8601 (2025-01-31T12:00:00Z) or seconds since the epoch", text)
		}
		cv.times = append(cv.times, t)
	case famBool, famNull:
		b, ok := parseBool(text)
		if !ok {
			return fmt.Errorf("%q is not a boolean; use true or false", text)
		}
		cv.bools = append(cv.bools, b)
	case famBinary:
		b, ok := parseBase64(text)
		if !ok {
			return fmt.Errorf("%q is not base64", text)
		}
		cv.bins = append(cv.bins, b)
	case famIP:
		p, ok := parseCIDR(text)
		if !ok {
			return fmt.Errorf("%q is not an IP address or CIDR block", text)
		}
		cv.nets = append(cv.nets, p)
	}
	return nil
}

// eval reports whether the condition holds for the request context.
//
// A key absent from the request (or present with no values) makes
// ForAnyValue: false, IfExists true, ForAllValues: true, a negated operator
// true and a positive one false, in that order of precedence. A policy
// value whose variable cannot be resolved compares with nothing: it never
// matches under a positive operator, and under a negated operator it makes
// the condition false, so that an unresolvable variable never makes a
// statement apply.
func (c *Condition) eval(ctx *Context) bool {
	vals := ctx.lookup(c.key)
	if c.op.fam == famNull {
		absent := len(vals) == 0
		for _, want := range c.cv.bools {
			if want == absent {
				return true
			}
		}
		return false
	}
	if len(vals) == 0 {
		switch {
		case c.op.set == setAny:
			return false
		case c.op.ifExists, c.op.set == setAll:
			return true
		}
		return c.op.negated
	}
	if c.op.negated && c.cv.vars && !c.cv.resolves(ctx) {
		return false
	}
	switch c.op.set {
	case setAny:
		for _, v := range vals {
			if c.positive(v, ctx) != c.op.negated {
				return true
			}
		}
		return false
	case setAll:
		for _, v := range vals {
			if c.positive(v, ctx) == c.op.negated {
				return false
			}
		}
		return true
	}
	for _, v := range vals {
		if c.positive(v, ctx) {
			return !c.op.negated
		}
	}
	return c.op.negated
}

// positive reports whether one request value matches any policy value under
// the operator's positive form (StringEquals for StringNotEquals, ...). A
// request value that cannot be read as the operator's type matches nothing.
func (c *Condition) positive(v string, ctx *Context) bool {
	cv := &c.cv
	switch c.op.fam {
	case famString, famStringLike:
		for i := range cv.strs {
			if cv.strs[i].match(v, ctx) {
				return true
			}
		}
	case famStringIgnoreCase:
		for i := range cv.strs {
			if cv.strs[i].equalFold(v, ctx) {
				return true
			}
		}
	case famArn:
		for i := range cv.arns {
			if cv.arns[i].match(v, ctx) {
				return true
			}
		}
	case famNumeric:
		f, ok := parseNumber(v)
		if !ok {
			return false
		}
		for _, p := range cv.nums {
			if compareWith(c.op.cmp, cmpFloat(f, p)) {
				return true
			}
		}
	case famDate:
		t, ok := parseDate(v)
		if !ok {
			return false
		}
		for _, p := range cv.times {
			if compareWith(c.op.cmp, t.Compare(p)) {
				return true
			}
		}
	case famBool:
		b, ok := parseBool(v)
		if !ok {
			return false
		}
		for _, p := range cv.bools {
			if b == p {
				return true
			}
		}
	case famBinary:
		return binaryMatch(v, cv.bins)
	case famIP:
		addr, err := netip.ParseAddr(v)
		if err != nil {
			return false
		}
		addr = addr.Unmap()
		for _, p := range cv.nets {
			if p.Contains(addr) {
				return true
			}
		}
	}
	return false
}

// compareWith applies cmp to the result of comparing request with policy
// value (-1, 0, +1).
func compareWith(cmp comparison, order int) bool {
	switch cmp {
	case cmpLt:
		return order < 0
	case cmpLe:
		return order <= 0
	case cmpGt:
		return order > 0
	case cmpGe:
		return order >= 0
	}
	return order == 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// parseNumber reads a finite decimal number; IAM has no NaN or Inf.
func parseNumber(s string) (float64, bool) {
	if s == "" || !isNumberStart(s[0]) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

func isNumberStart(c byte) bool {
	return c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')
}

// parseDate reads an ISO 8601 date or date-time, or whole seconds since the
// Unix epoch. A date-time without a zone is read as UTC.
func parseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if isEpoch(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.Unix(n, 0).UTC(), true
	}
	for _, layout := range [...]string{
		time.RFC3339, // fractional seconds are accepted when parsing
		"2006-01-02T15:04:05Z0700",
		"2006-01-02T15:04:05",
		"2006-01-02T15:04Z07:00",
		"2006-01-02T15:04",
		"2006-01-02",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func isEpoch(s string) bool {
	if s[0] == '-' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func parseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// parseBase64 decodes standard base64, padded or not.
func parseBase64(s string) ([]byte, bool) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, true
	}
	if b, err := base64.RawStdEncoding.DecodeString(s); err == nil {
		return b, true
	}
	return nil, false
}

// binaryMatch reports whether the base64 request value decodes to one of
// the policy's values.
func binaryMatch(v string, want [][]byte) bool {
	got, ok := parseBase64(v)
	if !ok {
		return false
	}
	for _, w := range want {
		if bytes.Equal(got, w) {
			return true
		}
	}
	return false
}

// parseCIDR reads a CIDR block, or a single address as a block of one. An
// IPv4 block written in IPv4-mapped IPv6 form is stored as IPv4 so that it
// contains the plain IPv4 addresses requests carry.
func parseCIDR(s string) (netip.Prefix, bool) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, false
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	if a := p.Addr(); a.Is4In6() {
		if p.Bits() < 96 {
			return p, true
		}
		return netip.PrefixFrom(a.Unmap(), p.Bits()-96), true
	}
	return p, true
}
