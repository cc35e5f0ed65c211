package iam

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// The property test and the fuzz target below generate policies and
// requests and check that the engine (Parse, Evaluate, Decide) and the
// reference implementation in reference_test.go agree on the decision and
// on every statement that applies. The vocabulary is small on purpose, so
// that values collide with patterns: "ops" against "devops", "a*" against
// "${...}", colons against ARN parts, keys present, absent, empty or with
// two values.

var (
	genContextKeys = []string{"aws:username", "aws:PrincipalTag/team", "app:k", "app:multi", "aws:PrincipalArn"}
	genCondKeys    = append([]string{"app:absent"}, genContextKeys...)
	genValues      = []string{"ops", "devops", "opsx", "a*", "?", "", "x:y", "alice", "Ops", "111122223333",
		"arn:aws:iam::111122223333:role/ops", "arn:aws:iam::111122223333:role/devops", "arn:aws:iam::1:2:role/ops"}
	genChunks = []string{"home/", "ops", "dev", "devops", "repository/", "/", "a", "x:y", "a*", "alice", "?", "Ops"}
	// genPieces build patterns: literals, wildcards, variables resolvable
	// or not, with defaults, and escapes.
	genPieces = []string{"home/", "ops", "dev", "repository/", "/", "a", "x:y", "*", "?", "*",
		"${aws:username}", "${aws:PrincipalTag/team}", "${app:k}", "${app:multi}", "${app:none}",
		"${app:none, 'ops'}", "${aws:PrincipalTag/team,'dev'}", "${*}", "${?}", "${$}"}
	genArnValues = []string{"arn:aws:iam::*:role/ops", "arn:aws:iam::${app:k}:role/*", "arn:aws:iam::*", "*",
		"arn:aws:iam::111122223333:role/${aws:PrincipalTag/team}", "arn:*:iam::*:role/*ops", "arn:aws:iam::*:*",
		"arn:aws:iam::1:${app:k}", "arn:aws:iam::?11122223333:role/?ps"}
	genOperators = []string{"StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase",
		"StringNotEqualsIgnoreCase", "ArnLike", "ArnNotLike", "ArnEquals", "ArnNotEquals", "Null"}
	genActions        = []string{"*", "s3:*", "S3:get*", "ec2:*", "s3:?etObject", "ecr:*Image"}
	genRequestActions = []string{"s3:GetObject", "ec2:RunInstances", "ecr:BatchGetImage", "S3:PutObject"}
)

var (
	genPrincipalValues = map[string][]string{
		"AWS": {"*", "111122223333", "444455556666", "arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/ops",
			"arn:aws:iam::111122223333:role/team/ops", "arn:aws:iam::111122223333:user/bob", "arn:aws:sts::111122223333:assumed-role/ops/alice",
			"arn:aws-cn:iam::111122223333:role/ops"},
		"Service": {"chatbot.amazonaws.com", "sns.amazonaws.com"},
	}
	genCallers = []Principal{{}, {ARN: "arn:aws:iam::111122223333:root"}, {Account: "111122223333"}, {ARN: "arn:aws:iam::111122223333:user/bob"},
		{ARN: "arn:aws:iam::111122223333:role/ops"}, {ARN: "arn:aws:sts::111122223333:assumed-role/ops/alice"},
		{ARN: "arn:aws:sts::111122223333:assumed-role/dev/x"}, {ARN: "arn:aws:sts::444455556666:assumed-role/ops/alice"},
		{ARN: "arn:aws-cn:sts::111122223333:assumed-role/ops/alice"}, {ARN: "arn:aws:sts::111122223333:assumed-role/ops/alice", Account: "111122223333"},
		{Service: "chatbot.amazonaws.com"}, {Service: "sns.amazonaws.com"}}
)

type gen struct{ r *rand.Rand }

func (g gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }
func (g gen) chance(p float64) bool   { return g.r.Float64() < p }

func (g gen) join(xs []string, min, max int) string {
	var b strings.Builder
	for n := min + g.r.IntN(max-min+1); n > 0; n-- {
		b.WriteString(g.pick(xs))
	}
	return b.String()
}

func (g gen) context() refContext {
	ctx := refContext{}
	for _, k := range genContextKeys {
		switch x := g.r.Float64(); {
		case x < 0.3: // absent
		case x < 0.4:
			ctx[strings.ToLower(k)] = []string{}
		case x < 0.55 || k == "app:multi":
			ctx[strings.ToLower(k)] = []string{g.pick(genValues), g.pick(genValues)}
		default:
			ctx[strings.ToLower(k)] = []string{g.pick(genValues)}
		}
	}
	return ctx
}

func (g gen) resourcePattern() string {
	switch x := g.r.Float64(); {
	case x < 0.1:
		return "*"
	case x < 0.5:
		return "arn:aws:s3:::" + g.join(genPieces, 0, 4)
	case x < 0.85:
		region := g.pick([]string{"us-east-1", "*", "${aws:username}", "us-*", "", "${*}"})
		account := g.pick([]string{"111122223333", "*", "${aws:PrincipalTag/team}", "?11122223333", "${app:none}"})
		return "arn:aws:ecr:" + region + ":" + account + ":" + g.join(genPieces, 0, 4)
	default:
		return g.pick([]string{"arn:aws:ecr:*", "arn:aws:ecr:us-east-1:*", "arn:aws:ecr:${aws:username}*", "arn:aws:s3::*", "arn:aws:ecr:us-*:1111*"})
	}
}

func (g gen) resource() string {
	switch x := g.r.Float64(); {
	case x < 0.05:
		return "*"
	case x < 0.5:
		return "arn:aws:s3:::" + g.join(genChunks, 0, 3)
	default:
		region := g.pick([]string{"us-east-1", "eu-west-1", "alice", "", "us-east-1a"})
		account := g.pick([]string{"111122223333", "ops", "", "dev"})
		return "arn:aws:ecr:" + region + ":" + account + ":" + g.join(genChunks, 0, 3)
	}
}

func (g gen) condition() map[string]map[string][]string {
	out := map[string]map[string][]string{}
	for n := g.r.IntN(3); n > 0; n-- {
		op := g.pick(genOperators)
		if op != "Null" {
			if g.chance(0.35) {
				op = g.pick([]string{"ForAnyValue:", "ForAllValues:"}) + op
			}
			if g.chance(0.3) {
				op += "IfExists"
			}
		}
		var values []string
		for m := 1 + g.r.IntN(2); m > 0; m-- {
			switch {
			case op == "Null":
				values = append(values, g.pick([]string{"true", "false"}))
			case strings.Contains(op, "Arn"):
				values = append(values, g.pick(genArnValues))
			default:
				values = append(values, g.join(genPieces, 1, 3))
			}
		}
		if out[op] == nil {
			out[op] = map[string][]string{}
		}
		out[op][g.pick(genCondKeys)] = values
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (g gen) list(f func() string) []string {
	out := []string{f()}
	if g.chance(0.3) {
		out = append(out, f())
	}
	return out
}

func (g gen) statement() refStatement {
	st := refStatement{Effect: g.pick([]string{"Allow", "Allow", "Deny"}), Condition: g.condition()}
	action := func() string { return g.pick(genActions) }
	if g.chance(0.2) {
		st.NotAction = g.list(action)
	} else {
		st.Action = g.list(action)
	}
	if g.chance(0.25) {
		st.NotResource = g.list(g.resourcePattern)
	} else {
		st.Resource = g.list(g.resourcePattern)
	}
	return st
}

// principal is a Principal or NotPrincipal element: "*" or one or two
// types with one or two entries each.
func (g gen) principal() any {
	if g.chance(0.1) {
		return "*"
	}
	out := map[string][]string{}
	for n := 1 + g.r.IntN(2); n > 0; n-- {
		typ := g.pick([]string{"AWS", "AWS", "Service"})
		out[typ] = append(out[typ], g.pick(genPrincipalValues[typ]))
		if g.chance(0.4) {
			out[typ] = append(out[typ], g.pick(genPrincipalValues[typ]))
		}
	}
	return out
}

// doc is a document; a resource-based one (resource set) names a
// principal in every statement, NotPrincipal with Deny only.
func (g gen) doc(resource bool) refDoc {
	d := refDoc{Version: "2012-10-17"}
	if g.chance(0.1) {
		d.Version = g.pick([]string{"2008-10-17", ""})
	}
	for n := 1 + g.r.IntN(3); n > 0; n-- {
		st := g.statement()
		switch {
		case !resource:
		case st.Effect == "Deny" && g.chance(0.5):
			st.NotPrincipal = g.principal()
		default:
			st.Principal = g.principal()
		}
		d.Statement = append(d.Statement, st)
	}
	return d
}

// refCase is one generated case.
type refCase struct {
	docs             []refDoc
	kind             Kind
	action, resource string
	ctx              refContext
	principal        Principal
}

func genCase(seed uint64) refCase {
	g := gen{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	c := refCase{kind: Identity, action: g.pick(genRequestActions), resource: g.resource(), ctx: g.context(),
		principal: genCallers[g.r.IntN(len(genCallers))]}
	if g.chance(0.3) {
		c.kind = ResourceBased
	}
	for n := 1 + g.r.IntN(2); n > 0; n-- {
		c.docs = append(c.docs, g.doc(c.kind == ResourceBased))
	}
	return c
}

// checkAgainstReference parses the case's documents with the engine and
// compares its decisions with the reference's. It returns false when a
// document does not parse and skip is set (fuzzed text may be invalid).
func checkAgainstReference(t *testing.T, c refCase, skip bool) bool {
	t.Helper()
	set := make([]Named, len(c.docs))
	texts := make([]string, len(c.docs))
	for i, d := range c.docs {
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		texts[i] = string(b)
		p, err := ParseManaged(texts[i], c.kind)
		if err != nil {
			if skip {
				return false
			}
			t.Fatalf("generated document does not parse: %v\n%s", err, texts[i])
		}
		set[i] = Named{ID: fmt.Sprint(i), Policy: p}
	}
	values := map[string][]string{}
	for k, v := range c.ctx {
		values[k] = v
	}
	req := Request{Action: c.action, Resource: c.resource, Context: NewContext(values), Principal: c.principal}
	want, applies := refDecide(c.docs, c.action, c.resource, c.ctx, c.principal)
	r := Evaluate(set, req)
	describe := func() string {
		return fmt.Sprintf("request %s on %q by %+v with %v\npolicies:\n  %s", c.action, c.resource, c.principal, c.ctx, strings.Join(texts, "\n  "))
	}
	if r.Decision != want {
		t.Fatalf("Evaluate = %v, reference = %v\n%s", r.Decision, want, describe())
	}
	if d := Decide(set, req); d != want {
		t.Fatalf("Decide = %v, reference = %v\n%s", d, want, describe())
	}
	got := make([][]bool, len(c.docs))
	for i, d := range c.docs {
		got[i] = make([]bool, len(d.Statement))
	}
	for _, m := range append(r.Allow, r.Deny...) {
		got[m.PolicyIndex][m.StatementIndex] = true
	}
	for i := range got {
		for j := range got[i] {
			if got[i][j] != applies[i][j] {
				t.Fatalf("policy %d statement %d: engine applies=%v, reference applies=%v\n%s", i, j, got[i][j], applies[i][j], describe())
			}
		}
	}
	return true
}

// TestEngineAgreesWithReference is the deterministic property test: a few
// thousand generated cases (fewer with -short).
func TestEngineAgreesWithReference(t *testing.T) {
	t.Parallel()
	n := uint64(20000)
	if testing.Short() {
		n = 2000
	}
	// Every seed below n, dealt to parallel subtests so that each core
	// checks a share (the cases are independent).
	const shards = 8
	for shard := range uint64(shards) {
		t.Run(fmt.Sprintf("seeds_%d_mod_%d", shard, shards), func(t *testing.T) {
			t.Parallel()
			for seed := shard; seed < n; seed += shards {
				checkAgainstReference(t, genCase(seed), false)
			}
		})
	}
}

// FuzzEngineAgreesWithReference lets the fuzzer choose the seed of a
// generated case, plus a resource-part pattern, a condition pattern and a
// value that it may write freely: the pattern goes into an extra Resource
// and a StringLike condition, the value into the context and the request's
// resource, where the two meet.
func FuzzEngineAgreesWithReference(f *testing.F) {
	f.Add(uint64(1), "repository/${aws:PrincipalTag/team}", "team-${aws:PrincipalTag/team}", "devops")
	f.Add(uint64(2), "${aws:username}${app:k}", "*${aws:PrincipalTag/team}*", "a*")
	f.Add(uint64(3), "x/${*}/${?}", "${aws:PrincipalTag/team, 'd'}", "x:y")
	f.Fuzz(func(t *testing.T, seed uint64, resource, cond, value string) {
		if !utf8.ValidString(resource) || !utf8.ValidString(cond) || !utf8.ValidString(value) || len(resource)+len(cond)+len(value) > 300 {
			return // JSON would change invalid text; the reference is quadratic
		}
		c := genCase(seed)
		c.ctx["aws:principaltag/team"] = []string{value}
		c.resource = "arn:aws:ecr:us-east-1:111122223333:repository/" + value
		c.kind = Identity
		for i := range c.docs {
			for j := range c.docs[i].Statement {
				c.docs[i].Statement[j].Principal, c.docs[i].Statement[j].NotPrincipal = nil, nil
			}
		}
		c.docs = append(c.docs, refDoc{Version: "2012-10-17", Statement: []refStatement{
			{Effect: "Allow", Action: []string{"*"}, Resource: []string{"arn:aws:ecr:us-east-1:111122223333:" + resource}},
			{Effect: "Allow", Action: []string{"*"}, Resource: []string{"*"},
				Condition: map[string]map[string][]string{"StringLike": {"aws:PrincipalTag/team": {cond}}}},
			{Effect: "Deny", Action: []string{"*"}, NotResource: []string{"arn:aws:ecr:*:*:" + resource},
				Condition: map[string]map[string][]string{"StringNotEquals": {"app:k": {cond}}}},
		}})
		checkAgainstReference(t, c, true)
	})
}
