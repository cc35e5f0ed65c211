package iam

import (
	"fmt"
	"testing"
)

// The tests in this file follow, rule by rule, the IAM evaluation facts
// recorded from AWS (aws-semantics.md, section 0).

// allowOn is an identity policy allowing every action on resource.
func allowOn(resource string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":%q}}`, resource)
}

// denyNotOn is FullAWSAccess plus a Deny of everything but resource.
func denyNotOn(resource string) []string {
	return []string{fullAWSAccess, fmt.Sprintf(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","NotResource":%q}}`, resource)}
}

func decideDocs(t *testing.T, docs []string, req Request) Decision {
	t.Helper()
	var set []Named
	for _, doc := range docs {
		set = append(set, Named{Policy: mustParse(t, Identity, doc)})
	}
	return decideBoth(t, set, req).Decision
}

func TestRuleVariablesOnlyInResourcePart(t *testing.T) {
	t.Parallel()
	ctx := ctxMap{"aws:username": {"alice"}, "aws:RequestedRegion": {"eu-west-1"}, "aws:PrincipalAccount": {"111122223333"}}
	tests := []struct {
		name     string
		docs     []string
		resource string
		want     Decision
	}{
		{"substituted after the fifth colon", []string{allowOn("arn:aws:s3:::home-${aws:username}")}, "arn:aws:s3:::home-alice", Allow},
		{"a variable with a colon in its key does not split the ARN", []string{allowOn("arn:aws:iam::111122223333:user/${aws:username}")},
			"arn:aws:iam::111122223333:user/alice", Allow},
		{"region part: literal, not substituted", []string{allowOn("arn:aws:ec2:${aws:RequestedRegion}:111122223333:instance/*")},
			"arn:aws:ec2:eu-west-1:111122223333:instance/i-1", ImplicitDeny},
		{"account part: literal, not substituted", []string{allowOn("arn:aws:ec2:*:${aws:PrincipalAccount}:instance/*")},
			"arn:aws:ec2:eu-west-1:111122223333:instance/i-1", ImplicitDeny},
		{"account part: not a wildcard either", []string{allowOn("arn:aws:ec2:*:${*}:instance/*")},
			"arn:aws:ec2:eu-west-1:111122223333:instance/i-1", ImplicitDeny},
		{"a star inside it is not a wildcard", []string{allowOn("arn:aws:ec2:${aws:x*}:111122223333:instance/*")},
			"arn:aws:ec2:eu-west-1:111122223333:instance/i-1", ImplicitDeny},
		{"the escape is an escape in the resource part", []string{allowOn("arn:aws:s3:::b/${*}")}, "arn:aws:s3:::b/*", Allow},
		{"the escape is not a wildcard in the resource part", []string{allowOn("arn:aws:s3:::b/${*}")}, "arn:aws:s3:::b/k", ImplicitDeny},
		{"NotResource: the literal matches nothing, so the Deny applies",
			denyNotOn("arn:aws:ec2:${aws:RequestedRegion}:111122223333:instance/*"), "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", ExplicitDeny},
		{"NotResource: resource-part variable spares its resource", denyNotOn("arn:aws:s3:::home-${aws:username}"), "arn:aws:s3:::home-alice", Allow},
		{"NotResource: resource-part variable denies another", denyNotOn("arn:aws:s3:::home-${aws:username}"), "arn:aws:s3:::home-bob", ExplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := decideDocs(t, tt.docs, request("s3:GetObject", tt.resource, ctx)); got != tt.want {
				t.Errorf("%v on %s = %v, want %v", tt.docs, tt.resource, got, tt.want)
			}
		})
	}
}

func TestRuleUnresolvableVariableNeverApplies(t *testing.T) {
	t.Parallel()
	const team = "aws:PrincipalTag/team"
	cases := []struct {
		name, cond string
		ctx        ctxMap
		want       bool
	}{
		// Positive operators: the value compares with nothing.
		{"StringEquals", `{"StringEquals":{"app:t":"${aws:PrincipalTag/team}"}}`, ctxMap{"app:t": {""}}, false},
		{"StringLike", `{"StringLike":{"app:t":"*${aws:PrincipalTag/team}*"}}`, ctxMap{"app:t": {"x"}}, false},
		{"StringEquals, another value matches", `{"StringEquals":{"app:t":["${aws:PrincipalTag/team}","x"]}}`, ctxMap{"app:t": {"x"}}, true},
		{"ArnLike", `{"ArnLike":{"app:a":"arn:aws:iam::${aws:PrincipalAccount}:role/x"}}`, ctxMap{"app:a": {"arn:aws:iam::1:role/x"}}, false},
		{"default fills in", `{"StringEquals":{"app:t":"${aws:PrincipalTag/team, 'none'}"}}`, ctxMap{"app:t": {"none"}}, true},
		{"multi-valued key is not a variable", `{"StringEquals":{"app:t":"${aws:TagKeys}"}}`, ctxMap{"app:t": {"a"}, "aws:TagKeys": {"a", "b"}}, false},
		// Negated operators: not the complement, false.
		{"StringNotEquals", `{"StringNotEquals":{"app:t":"${aws:PrincipalTag/team}"}}`, ctxMap{"app:t": {"ops"}}, false},
		{"StringNotEqualsIgnoreCase", `{"StringNotEqualsIgnoreCase":{"app:t":"${aws:PrincipalTag/team}"}}`, ctxMap{"app:t": {"ops"}}, false},
		{"StringNotLike", `{"StringNotLike":{"app:t":"${aws:PrincipalTag/team}-*"}}`, ctxMap{"app:t": {"ops"}}, false},
		{"ArnNotLike", `{"ArnNotLike":{"app:a":"arn:aws:iam::${aws:PrincipalAccount}:role/*"}}`, ctxMap{"app:a": {"arn:aws:iam::1:role/x"}}, false},
		{"ArnNotEquals", `{"ArnNotEquals":{"app:a":"arn:aws:iam::${aws:PrincipalAccount}:role/x"}}`, ctxMap{"app:a": {"arn:aws:iam::1:role/x"}}, false},
		{"StringNotEqualsIfExists", `{"StringNotEqualsIfExists":{"app:t":"${aws:PrincipalTag/team}"}}`, ctxMap{"app:t": {"ops"}}, false},
		{"negated, one value unresolvable", `{"StringNotEquals":{"app:t":["${aws:PrincipalTag/team}","dev"]}}`, ctxMap{"app:t": {"ops"}}, false},
		{"ForAllValues negated", `{"ForAllValues:StringNotEquals":{"app:t":"${aws:PrincipalTag/team}"}}`, ctxMap{"app:t": {"a", "b"}}, false},
		{"ForAnyValue negated", `{"ForAnyValue:StringNotEquals":{"app:t":"${aws:PrincipalTag/team}"}}`, ctxMap{"app:t": {"a", "b"}}, false},
		{"negated, resolvable", `{"StringNotEquals":{"app:t":"${aws:PrincipalTag/team}"}}`, ctxMap{"app:t": {"ops"}, team: {"dev"}}, true},
		// With the key absent nothing is compared: the missing-key rules decide.
		{"negated, key absent", `{"StringNotEquals":{"app:t":"${aws:PrincipalTag/team}"}}`, nil, true},
		{"ForAllValues negated, key absent", `{"ForAllValues:StringNotEquals":{"app:t":"${aws:PrincipalTag/team}"}}`, nil, true},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := holds(t, "2012-10-17", tt.cond, tt.ctx); got != tt.want {
				t.Errorf("%s with %v = %v, want %v", tt.cond, tt.ctx, got, tt.want)
			}
		})
	}

	resources := []struct {
		name     string
		docs     []string
		resource string
		ctx      ctxMap
		want     Decision
	}{
		{"Resource", []string{allowOn("arn:aws:s3:::b/${aws:username}/*")}, "arn:aws:s3:::b//k", nil, ImplicitDeny},
		{"Resource with default", []string{allowOn("arn:aws:s3:::b/${aws:username, 'anon'}/*")}, "arn:aws:s3:::b/anon/k", nil, Allow},
		{"NotResource: the Deny does not apply", denyNotOn("arn:aws:s3:::b/${aws:username}/*"), "arn:aws:s3:::other/k", nil, Allow},
		{"NotResource: one pattern unresolvable is enough",
			[]string{fullAWSAccess, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","NotResource":["arn:aws:s3:::safe/*","arn:aws:s3:::b/${aws:username}/*"]}}`},
			"arn:aws:s3:::other/k", nil, Allow},
		{"NotResource resolved: the Deny applies", denyNotOn("arn:aws:s3:::b/${aws:username}/*"), "arn:aws:s3:::other/k", ctxMap{"aws:username": {"alice"}}, ExplicitDeny},
		{"Deny with a negated condition does not apply",
			[]string{fullAWSAccess, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}}`},
			"arn:aws:s3:::b", ctxMap{"aws:ResourceTag/team": {"ops"}}, Allow},
	}
	for _, tt := range resources {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := decideDocs(t, tt.docs, request("s3:GetObject", tt.resource, tt.ctx)); got != tt.want {
				t.Errorf("%v on %s = %v, want %v", tt.docs, tt.resource, got, tt.want)
			}
		})
	}
}

func TestRuleSubstitutedValueIsLiteral(t *testing.T) {
	t.Parallel()
	ctx := ctxMap{"app:v": {"a*"}, "app:q": {"?"}, "aws:PrincipalTag/team": {"ops"}}
	tests := []struct {
		name, cond, value string
		want              bool
	}{
		{"StringLike: a star in the value is literal", `{"StringLike":{"app:k":"home/${app:v}"}}`, "home/abc", false},
		{"StringLike: and matches itself", `{"StringLike":{"app:k":"home/${app:v}"}}`, "home/a*", true},
		{"StringLike: a question mark in the value is literal", `{"StringLike":{"app:k":"x${app:q}"}}`, "xy", false},
		{"StringLike: wildcards around the value stay wildcards", `{"StringLike":{"app:k":"*-${aws:PrincipalTag/team}-*"}}`, "a-ops-b", true},
		{"StringLike: the value must appear whole", `{"StringLike":{"app:k":"*-${aws:PrincipalTag/team}-*"}}`, "a-devops-b", false},
		{"StringEquals: never a suffix", `{"StringEquals":{"app:k":"repository/${aws:PrincipalTag/team}"}}`, "repository/devops", false},
		{"StringEquals: never a prefix", `{"StringEquals":{"app:k":"${aws:PrincipalTag/team}/x"}}`, "devops/x", false},
		{"StringEqualsIgnoreCase: whole, case folded", `{"StringEqualsIgnoreCase":{"app:k":"repository/${aws:PrincipalTag/team}"}}`, "Repository/OPS", true},
		{"StringEqualsIgnoreCase: never a suffix", `{"StringEqualsIgnoreCase":{"app:k":"repository/${aws:PrincipalTag/team}"}}`, "repository/devops", false},
		{"ArnLike: the value in the resource part", `{"ArnLike":{"app:k":"arn:aws:ecr:*:*:repository/${aws:PrincipalTag/team}"}}`, "arn:aws:ecr:us-east-1:1:repository/devops", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := ctxMap{"app:k": {tt.value}}
			for k, v := range ctx {
				c[k] = v
			}
			if got := holds(t, "2012-10-17", tt.cond, c); got != tt.want {
				t.Errorf("%s with %q = %v, want %v", tt.cond, tt.value, got, tt.want)
			}
		})
	}
	docs := []string{allowOn("arn:aws:s3:::b/${app:v}")}
	for resource, want := range map[string]Decision{"arn:aws:s3:::b/a*": Allow, "arn:aws:s3:::b/abc": ImplicitDeny} {
		if got := decideDocs(t, docs, request("s3:GetObject", resource, ctx)); got != want {
			t.Errorf("Resource with a starred value on %s = %v, want %v", resource, got, want)
		}
	}
}

func TestRuleForAnyValueMissingKey(t *testing.T) {
	t.Parallel()
	for _, op := range []string{"StringEquals", "StringEqualsIfExists", "StringNotEqualsIfExists", "StringLikeIfExists",
		"ArnLikeIfExists", "NumericLessThanIfExists", "BoolIfExists", "IpAddressIfExists", "StringNotEquals"} {
		value := `"a"`
		switch op {
		case "ArnLikeIfExists":
			value = `"arn:aws:s3:::*"`
		case "NumericLessThanIfExists":
			value = `"3"`
		case "BoolIfExists":
			value = `"true"`
		case "IpAddressIfExists":
			value = `"10.0.0.0/8"`
		}
		cond := fmt.Sprintf(`{"ForAnyValue:%s":{"app:k":%s}}`, op, value)
		for name, ctx := range map[string]ctxMap{"missing": nil, "empty": {"app:k": {}}} {
			if holds(t, "2012-10-17", cond, ctx) {
				t.Errorf("%s with the key %s holds; ForAnyValue: is false on a missing key", cond, name)
			}
		}
	}
	// ForAllValues: stays true, and IfExists without a set operator too.
	for _, cond := range []string{`{"ForAllValues:StringEqualsIfExists":{"app:k":"a"}}`, `{"StringEqualsIfExists":{"app:k":"a"}}`} {
		if !holds(t, "2012-10-17", cond, nil) {
			t.Errorf("%s with the key missing does not hold", cond)
		}
	}
}

func TestRuleArnOperatorsPartByPart(t *testing.T) {
	t.Parallel()
	const role = "arn:aws:iam::111122223333:role/ops"
	tests := []struct {
		name, op, value, request string
		want                     bool
	}{
		{"exact", "ArnEquals", role, role, true},
		{"wildcard account", "ArnLike", "arn:aws:iam::*:role/ops", role, true},
		{"wildcard partition", "ArnLike", "arn:*:iam::111122223333:role/ops", role, true},
		{"ArnEquals takes wildcards too", "ArnEquals", "arn:aws:iam::*:role/*", role, true},
		{"star stays in the account part", "ArnLike", "arn:aws:iam::*", role, false},
		{"star does not take two parts", "ArnLike", "arn:aws:iam:*:role/ops", role, false},
		{"five parts match nothing", "ArnLike", "arn:aws:chatbot::*", opsChannel, false},
		{"six parts with stars", "ArnLike", "arn:aws:chatbot::*:*", opsChannel, true},
		{"a bare star matches nothing", "ArnLike", "*", role, false},
		{"a request with fewer parts matches nothing", "ArnLike", "arn:aws:iam::*:*", "arn:aws:iam::111122223333", false},
		{"the resource part keeps its colons", "ArnLike", "arn:aws:logs:*:*:log-group:*", "arn:aws:logs:us-east-1:1:log-group:app:log-stream:x", true},
		{"a literal region part is compared whole", "ArnLike", "arn:aws:sns:us-east-1:*:*", "arn:aws:sns:us-east-1a:1:t", false},
		{"question mark is one character of its part", "ArnLike", "arn:aws:sns:us-east-?:*:*", "arn:aws:sns:us-east-1:1:t", true},
		{"case-sensitive", "ArnLike", "arn:aws:iam::*:role/OPS", role, false},
		{"negated: five parts match nothing, so it holds", "ArnNotLike", "arn:aws:iam::*", role, true},
		{"negated: six parts", "ArnNotLike", "arn:aws:iam::*:role/*", role, false},
		{"ArnNotEquals", "ArnNotEquals", "arn:aws:iam::*:role/dev", role, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cond := fmt.Sprintf(`{%q:{"aws:PrincipalArn":%q}}`, tt.op, tt.value)
			if got := holds(t, "2012-10-17", cond, one("aws:PrincipalArn", tt.request)); got != tt.want {
				t.Errorf("%s on %s = %v, want %v", cond, tt.request, got, tt.want)
			}
		})
	}
	// A variable may stand in any part of a condition value, and its value
	// stays in that part.
	vars := []struct {
		value, acct, request string
		want                 bool
	}{
		{"arn:aws:iam::${app:acct}:role/ops", "111122223333", role, true},
		{"arn:aws:iam::${app:acct}:role/ops", "444455556666", role, false},
		{"arn:aws:iam::${app:acct}:role/ops", "1:2", "arn:aws:iam::1:2:role/ops", false},
	}
	for _, tt := range vars {
		cond := fmt.Sprintf(`{"ArnLike":{"aws:PrincipalArn":%q}}`, tt.value)
		if got := holds(t, "2012-10-17", cond, ctxMap{"aws:PrincipalArn": {tt.request}, "app:acct": {tt.acct}}); got != tt.want {
			t.Errorf("%s with app:acct %q on %s = %v, want %v", cond, tt.acct, tt.request, got, tt.want)
		}
	}
}
