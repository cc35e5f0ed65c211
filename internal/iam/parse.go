package iam

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chatgov/chatgov/internal/jsondoc"
)

// Parse checks content as a policy document of the given kind and compiles
// it for evaluation. The document must fit the kind's size limit (see
// [Kind.MaxSize]). On failure it returns a *jsondoc.Error listing every
// problem found, each with its JSON path; the parser's own problems
// (duplicate keys, comments, trailing commas, syntax) are among them.
func Parse(content string, kind Kind) (*Policy, error) {
	return parse(content, kind, true)
}

// ParseManaged is Parse without the size limit, for AWS managed policies,
// which AWS writes and which may be larger than customers' documents.
func ParseManaged(content string, kind Kind) (*Policy, error) {
	return parse(content, kind, false)
}

func parse(content string, kind Kind, limit bool) (*Policy, error) {
	c := &checker{kind: kind}
	if kind.MaxSize() == 0 {
		c.report(jsondoc.Root, jsondoc.Pos{}, CodeInvalidValue, "unknown policy kind %d", kind)
		return nil, c.err()
	}
	size := documentSize(content, kind)
	if limit && size > kind.MaxSize() {
		what := "characters"
		if kind == Identity {
			what = "characters not counting white space"
		}
		c.report(jsondoc.Root, jsondoc.Pos{}, CodeSizeLimitExceeded,
			"the document has %d %s; a %s may have at most %d", size, what, kind, kind.MaxSize())
	}
	root, problems := jsondoc.Parse([]byte(content))
	c.problems = append(c.problems, problems...)
	if root == nil {
		return nil, c.err()
	}
	p := c.policy(root)
	p.Size = size
	if len(c.problems) > 0 {
		return nil, c.err()
	}
	slices.SortStableFunc(c.warnings, func(a, b jsondoc.Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	p.Warnings = c.warnings
	return p, nil
}

// documentSize counts characters the way AWS does for the kind:
// Organizations counts every character, IAM leaves white space out.
func documentSize(content string, kind Kind) int {
	if kind != Identity {
		return utf8.RuneCountInString(content)
	}
	n := 0
	for _, r := range content {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// checker collects the problems of one document while compiling it.
type checker struct {
	kind     Kind
	vars     bool // policy variables apply (Version 2012-10-17)
	problems []jsondoc.Problem
	// warnings are what is valid but surely not meant (Policy.Warnings).
	warnings []jsondoc.Problem
}

func (c *checker) report(path string, at jsondoc.Pos, code jsondoc.Code, format string, args ...any) {
	c.problems = append(c.problems, jsondoc.Problem{
		Path: path, Line: at.Line, Column: at.Column, Code: code, Message: fmt.Sprintf(format, args...),
	})
}

// err returns the problems in document order.
func (c *checker) err() error {
	slices.SortStableFunc(c.problems, func(a, b jsondoc.Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return &jsondoc.Error{Problems: c.problems}
}

// unknownKey reports a member that is not part of the grammar, suggesting the
// known element it misspells in letter case, if any.
func (c *checker) unknownKey(path string, m *jsondoc.Member, where string, known ...string) {
	for _, k := range known {
		if strings.EqualFold(k, m.Key) {
			c.report(path, m.KeyPos, CodeUnknownKey, "unknown element %q in %s; element names are case-sensitive: did you mean %q?", m.Key, where, k)
			return
		}
	}
	c.report(path, m.KeyPos, CodeUnknownKey, "unknown element %q in %s; expected one of %s", m.Key, where, strings.Join(known, ", "))
}

func (c *checker) policy(root *jsondoc.Value) *Policy {
	p := &Policy{Kind: c.kind}
	if root.Kind != jsondoc.Object {
		c.report(jsondoc.Root, root.Pos, CodeWrongType, "a policy document must be a JSON object, not %s", root.Kind)
		return p
	}
	var statement *jsondoc.Member
	for i := range root.Members {
		m := &root.Members[i]
		path := jsondoc.Key(jsondoc.Root, m.Key)
		switch m.Key {
		case "Version":
			if s, ok := c.str(path, m.Value); ok {
				if v := Version(s); v == Version2012 || v == Version2008 {
					p.Version = v
				} else {
					c.report(path, m.Value.Pos, CodeInvalidValue, "unknown Version %q; use %q (or %q)", s, Version2012, Version2008)
				}
			}
		case "Id":
			if s, ok := c.str(path, m.Value); ok {
				p.ID = s
			}
		case "Statement":
			statement = m
		default:
			c.unknownKey(path, m, "a policy", "Version", "Id", "Statement")
		}
	}
	c.vars = p.Version == Version2012
	if statement == nil {
		c.report(jsondoc.Key(jsondoc.Root, "Statement"), root.Pos, CodeMissing, "the policy has no Statement")
		return p
	}
	path, v := jsondoc.Key(jsondoc.Root, "Statement"), statement.Value
	switch v.Kind {
	case jsondoc.Object:
		p.Statements = []Statement{c.statement(path, v)}
	case jsondoc.Array:
		if len(v.Elems) == 0 {
			c.report(path, v.Pos, CodeInvalidValue, "Statement must hold at least one statement")
		}
		for i, e := range v.Elems {
			p.Statements = append(p.Statements, c.statement(jsondoc.Index(path, i), e))
		}
	default:
		c.report(path, v.Pos, CodeWrongType, "Statement must be an object or a list of objects, not %s", v.Kind)
	}
	c.uniqueSids(path, v, p.Statements)
	return p
}

func (c *checker) uniqueSids(path string, v *jsondoc.Value, sts []Statement) {
	if v.Kind != jsondoc.Array {
		return
	}
	first := make(map[string]int, len(sts))
	for i := range sts {
		sid := sts[i].Sid
		if sid == "" {
			continue
		}
		if j, dup := first[sid]; dup {
			e := v.Elems[i]
			at := e.Pos
			if sv := e.Get("Sid"); sv != nil {
				at = sv.Pos
			}
			c.report(jsondoc.Key(jsondoc.Index(path, i), "Sid"), at, CodeDuplicateSid,
				"Sid %q is already used by statement %d; each Sid must be unique within the policy", sid, j)
			continue
		}
		first[sid] = i
	}
}

// str returns v's text when it is a string, and reports it otherwise.
func (c *checker) str(path string, v *jsondoc.Value) (string, bool) {
	if v.Kind != jsondoc.String {
		c.report(path, v.Pos, CodeWrongType, "expected a string, not %s", v.Kind)
		return "", false
	}
	return v.Str, true
}

// item is one string of a string-or-list element, with where it is.
type item struct {
	text string
	path string
	pos  jsondoc.Pos
}

// strList reads a string or a non-empty list of strings. With scalars set it
// also accepts numbers and booleans, as condition values do, keeping their
// JSON text.
func (c *checker) strList(path string, v *jsondoc.Value, scalars bool) []item {
	one := func(path string, v *jsondoc.Value) (item, bool) {
		switch {
		case v.Kind == jsondoc.String, scalars && v.Kind == jsondoc.Number:
			return item{v.Str, path, v.Pos}, true
		case scalars && v.Kind == jsondoc.Bool:
			return item{fmt.Sprint(v.Bool), path, v.Pos}, true
		}
		want := "a string"
		if scalars {
			want = "a string, number or boolean"
		}
		c.report(path, v.Pos, CodeWrongType, "expected %s, not %s", want, v.Kind)
		return item{}, false
	}
	if v.Kind != jsondoc.Array {
		if it, ok := one(path, v); ok {
			return []item{it}
		}
		return nil
	}
	if len(v.Elems) == 0 {
		c.report(path, v.Pos, CodeInvalidValue, "the list must not be empty")
		return nil
	}
	items := make([]item, 0, len(v.Elems))
	for i, e := range v.Elems {
		if it, ok := one(jsondoc.Index(path, i), e); ok {
			items = append(items, it)
		}
	}
	return items
}

func (c *checker) statement(path string, v *jsondoc.Value) Statement {
	var st Statement
	if v.Kind != jsondoc.Object {
		c.report(path, v.Pos, CodeWrongType, "a statement must be an object, not %s", v.Kind)
		return st
	}
	var action, notAction, resource, notResource, principal *jsondoc.Member
	for i := range v.Members {
		m := &v.Members[i]
		mpath := jsondoc.Key(path, m.Key)
		switch m.Key {
		case "Sid":
			if s, ok := c.str(mpath, m.Value); ok {
				if !isAlphanumeric(s) {
					c.report(mpath, m.Value.Pos, CodeInvalidValue, "Sid %q must be one or more ASCII letters and digits", s)
				}
				st.Sid = s
			}
		case "Effect":
			if s, ok := c.str(mpath, m.Value); ok {
				switch Effect(s) {
				case EffectAllow, EffectDeny:
					st.Effect = Effect(s)
				default:
					c.report(mpath, m.Value.Pos, CodeInvalidValue, "Effect must be %q or %q, not %q", EffectAllow, EffectDeny, s)
				}
			}
		case "Action":
			action = m
		case "NotAction":
			notAction = m
		case "Resource":
			resource = m
		case "NotResource":
			notResource = m
		case "Condition":
			st.Conditions = c.conditions(mpath, m.Value)
		case "Principal", "NotPrincipal":
			if principal != nil && (c.kind == ResourceBased || c.kind == RCP) {
				c.report(mpath, m.KeyPos, CodeConflict, "a statement may have Principal or NotPrincipal, not both")
				continue
			}
			principal = m
			c.principal(mpath, m, &st)
		default:
			c.unknownKey(mpath, m, "a statement",
				"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal", "NotPrincipal")
		}
	}
	if v.Get("Effect") == nil {
		c.report(jsondoc.Key(path, "Effect"), v.Pos, CodeMissing, "the statement has no Effect; use \"Allow\" or \"Deny\"")
	}
	switch {
	case c.kind == RCP && principal == nil:
		c.report(jsondoc.Key(path, "Principal"), v.Pos, CodeMissing, `a resource control policy statement needs "Principal": "*"`)
	case c.kind == ResourceBased && principal == nil:
		c.report(jsondoc.Key(path, "Principal"), v.Pos, CodeMissing, "a resource-based policy statement needs Principal (or NotPrincipal): whom it applies to")
	case c.kind == ResourceBased && st.NotPrincipal && st.Effect == EffectAllow:
		c.report(jsondoc.Key(path, "NotPrincipal"), principal.KeyPos, CodeUnsupported, `NotPrincipal is supported only with "Effect": "Deny"`)
	}
	if m, not := c.pick(path, v, action, notAction, "Action"); m != nil {
		st.NotAction = not
		c.actions(jsondoc.Key(path, m.Key), m.Value, &st)
	}
	if m, not := c.pick(path, v, resource, notResource, "Resource"); m != nil {
		st.NotResource = not
		c.resources(jsondoc.Key(path, m.Key), m.Value, &st)
	}
	return st
}

// pick returns whichever of the element and its Not form the statement has,
// reporting a statement that has both or neither.
func (c *checker) pick(path string, v *jsondoc.Value, pos, neg *jsondoc.Member, name string) (*jsondoc.Member, bool) {
	switch {
	case pos != nil && neg != nil:
		c.report(jsondoc.Key(path, "Not"+name), neg.KeyPos, CodeConflict, "a statement may have %s or Not%s, not both", name, name)
		return nil, false
	case pos != nil:
		return pos, false
	case neg != nil:
		return neg, true
	}
	c.report(jsondoc.Key(path, name), v.Pos, CodeMissing, "the statement has neither %s nor Not%s", name, name)
	return nil, false
}

func (c *checker) actions(path string, v *jsondoc.Value, st *Statement) {
	for _, it := range c.strList(path, v, false) {
		if msg := checkAction(it.text); msg != "" {
			c.report(it.path, it.pos, CodeInvalidValue, "%s", msg)
			continue
		}
		st.Actions = append(st.Actions, it.text)
		if it.text == "*" {
			st.actionAny = true
		}
		p, err := compilePattern(it.text, tokenOptions{wild: true, fold: true})
		if err != nil { // unreachable: actions have no variables
			c.report(it.path, it.pos, CodeInvalidValue, "%v", err)
			continue
		}
		st.actions = append(st.actions, p)
		if c := p.firstByte(); c >= 'a' && c <= 'z' {
			st.firstLetters |= 1 << (c - 'a')
		} else {
			st.anyFirst = true
		}
	}
	st.indexActions()
}

// serviceIndexMin is the length of an action list worth indexing: below
// it, trying every pattern is as fast as a map lookup.
const serviceIndexMin = 32

// indexActions builds byService for a long action list.
func (st *Statement) indexActions() {
	if len(st.Actions) != len(st.actions) || len(st.actions) < serviceIndexMin {
		return
	}
	st.byService = map[string][]int32{}
	for i, a := range st.Actions {
		service, _, _ := strings.Cut(a, ":")
		if a == "*" || strings.ContainsAny(service, "*?") {
			st.otherService = append(st.otherService, int32(i))
			continue
		}
		key := lowerASCII(service)
		st.byService[key] = append(st.byService[key], int32(i))
	}
}

// checkAction returns why s is not an action pattern, or "".
func checkAction(s string) string {
	if s == "*" {
		return ""
	}
	service, name, ok := strings.Cut(s, ":")
	if !ok || service == "" || name == "" {
		return fmt.Sprintf("action %q must be \"*\" or service:ActionName, such as \"rds:DeleteDBCluster\"", s)
	}
	for _, part := range []string{service, name} {
		for i := 0; i < len(part); i++ {
			ch := part[i]
			if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte("-_*?", ch) >= 0) {
				return fmt.Sprintf("action %q contains %q; actions use letters, digits, '-', '_' and the wildcards '*' and '?'", s, rune(ch))
			}
		}
	}
	return ""
}

func (c *checker) resources(path string, v *jsondoc.Value, st *Statement) {
	for _, it := range c.strList(path, v, false) {
		if it.text == "*" {
			st.Resources = append(st.Resources, it.text)
			st.resources = append(st.resources, arnPattern{any: true})
			st.resourceAny = true
			continue
		}
		if !strings.HasPrefix(it.text, "arn:") {
			c.report(it.path, it.pos, CodeInvalidValue, "resource %q must be \"*\" or an ARN (arn:partition:service:region:account:resource)", it.text)
			continue
		}
		a, err := compileResourceARN(it.text, c.vars)
		switch {
		case err != nil:
			c.report(it.path, it.pos, CodeInvalidValue, "resource %q: %v", it.text, err)
			continue
		case len(a.segs) < arnSegments && !a.lastCrosses:
			c.report(it.path, it.pos, CodeInvalidValue, "resource %q must have six colon-separated parts (arn:partition:service:region:account:resource) or end in '*'", it.text)
			continue
		case a.wildService():
			c.report(it.path, it.pos, CodeInvalidValue, "resource %q has a wildcard in its service part, which IAM does not allow", it.text)
			continue
		}
		st.Resources = append(st.Resources, it.text)
		st.resources = append(st.resources, a)
		st.resourceVars = st.resourceVars || a.vars
	}
}

func (c *checker) conditions(path string, v *jsondoc.Value) []Condition {
	if v.Kind != jsondoc.Object {
		c.report(path, v.Pos, CodeWrongType, "Condition must be an object of condition operators, not %s", v.Kind)
		return nil
	}
	var conds []Condition
	for i := range v.Members {
		opm := &v.Members[i]
		opPath := jsondoc.Key(path, opm.Key)
		op, err := parseOperator(opm.Key)
		if err != nil {
			c.report(opPath, opm.KeyPos, CodeUnknownConditionOperator, "%v", err)
			continue
		}
		if opm.Value.Kind != jsondoc.Object {
			c.report(opPath, opm.Value.Pos, CodeWrongType, "%s must be an object of condition keys and values, not %s", opm.Key, opm.Value.Kind)
			continue
		}
		for j := range opm.Value.Members {
			km := &opm.Value.Members[j]
			keyPath := jsondoc.Key(opPath, km.Key)
			if strings.TrimSpace(km.Key) == "" {
				c.report(keyPath, km.KeyPos, CodeInvalidValue, "a condition key name must not be empty")
				continue
			}
			cond := Condition{Operator: opm.Key, Key: km.Key, key: strings.ToLower(km.Key), op: op}
			ok := true
			for _, it := range c.strList(keyPath, km.Value, true) {
				if err := cond.cv.add(op, it.text, c.vars); err != nil {
					c.report(it.path, it.pos, CodeInvalidValue, "%s: %v", opm.Key, err)
					ok = false
					continue
				}
				cond.Values = append(cond.Values, it.text)
				if op.fam == famArn {
					c.arnParts(it.path, it.pos, opm.Key, it.text)
				}
			}
			if ok && len(cond.Values) > 0 {
				conds = append(conds, cond)
			}
		}
	}
	return conds
}

func isAlphanumeric(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// arnParts warns about an Arn* condition value with fewer than the six
// colon-separated parts of an ARN: AWS compares part by part, a "*" never
// crosses a colon, and such a value matches no ARN (so ArnLike is never
// true, ArnNotLike always). A value with a policy variable is left alone:
// the variable may hold the missing parts.
func (c *checker) arnParts(path string, at jsondoc.Pos, operator, value string) {
	parts := strings.Count(value, ":") + 1
	if parts >= 6 || strings.Contains(value, "${") {
		return
	}
	c.warnings = append(c.warnings, jsondoc.Problem{Path: path, Line: at.Line, Column: at.Column, Code: CodeArnMatchesNothing,
		Message: fmt.Sprintf("%s value %q has %d colon-separated %s, and an ARN has six (arn:partition:service:region:account:resource): it matches no ARN; did you mean %q?",
			operator, value, parts, map[bool]string{true: "part", false: "parts"}[parts == 1], value+strings.Repeat(":*", 6-parts))})
}
