package iam

import (
	"fmt"
	"testing"
)

// holds parses a policy whose only statement allows everything under the
// given Condition element and reports whether the request context satisfies
// it.
func holds(t *testing.T, version, condition string, ctx map[string][]string) bool {
	t.Helper()
	v := ""
	if version != "" {
		v = fmt.Sprintf(`"Version":%q,`, version)
	}
	doc := fmt.Sprintf(`{%s"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":%s}}`, v, condition)
	set := []Named{{Policy: mustParse(t, Identity, doc)}}
	return decideBoth(t, set, request("s3:GetObject", "arn:aws:s3:::b/k", ctx)).Decision == Allow
}

type ctxMap = map[string][]string

func one(k, v string) ctxMap { return ctxMap{k: {v}} }

func TestConditionOperators(t *testing.T) {
	t.Parallel()
	const (
		user = "aws:username"
		ip   = "aws:SourceIp"
		num  = "s3:max-keys"
		now  = "aws:CurrentTime"
		tls  = "aws:SecureTransport"
		bin  = "app:Digest"
		src  = "aws:ChatbotSourceArn"
		tags = "aws:TagKeys"
	)
	var nokey ctxMap
	tests := []struct {
		name, cond string
		ctx        ctxMap
		want       bool
	}{
		// String operators.
		{"StringEquals match", `{"StringEquals":{"aws:username":"alice"}}`, one(user, "alice"), true},
		{"StringEquals mismatch", `{"StringEquals":{"aws:username":"alice"}}`, one(user, "bob"), false},
		{"StringEquals values are case-sensitive", `{"StringEquals":{"aws:username":"alice"}}`, one(user, "Alice"), false},
		{"StringEquals key names are case-insensitive", `{"StringEquals":{"AWS:USERNAME":"alice"}}`, one("Aws:UserName", "alice"), true},
		{"StringEquals values are OR-ed", `{"StringEquals":{"aws:username":["bob","alice"]}}`, one(user, "alice"), true},
		{"StringEquals missing key", `{"StringEquals":{"aws:username":"alice"}}`, nokey, false},
		{"StringEquals star is literal", `{"StringEquals":{"aws:username":"a*"}}`, one(user, "alice"), false},
		{"StringEquals star equals itself", `{"StringEquals":{"aws:username":"a*"}}`, one(user, "a*"), true},
		{"StringEquals number value", `{"StringEquals":{"app:n":10}}`, one("app:n", "10"), true},
		{"StringEquals bool value", `{"StringEquals":{"app:b":true}}`, one("app:b", "true"), true},
		{"StringNotEquals different", `{"StringNotEquals":{"aws:username":"alice"}}`, one(user, "bob"), true},
		{"StringNotEquals same", `{"StringNotEquals":{"aws:username":"alice"}}`, one(user, "alice"), false},
		{"StringNotEquals any listed value", `{"StringNotEquals":{"aws:username":["bob","alice"]}}`, one(user, "alice"), false},
		{"StringNotEquals missing key", `{"StringNotEquals":{"aws:username":"alice"}}`, nokey, true},
		{"StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase":{"aws:username":"ALICE"}}`, one(user, "alice"), true},
		{"StringEqualsIgnoreCase mismatch", `{"StringEqualsIgnoreCase":{"aws:username":"ALICE"}}`, one(user, "alicia"), false},
		{"StringNotEqualsIgnoreCase same", `{"StringNotEqualsIgnoreCase":{"aws:username":"ALICE"}}`, one(user, "alice"), false},
		{"StringNotEqualsIgnoreCase different", `{"StringNotEqualsIgnoreCase":{"aws:username":"ALICE"}}`, one(user, "bob"), true},
		{"StringLike star", `{"StringLike":{"aws:username":"ali*"}}`, one(user, "alice"), true},
		{"StringLike question mark", `{"StringLike":{"aws:username":"al?ce"}}`, one(user, "alice"), true},
		{"StringLike is case-sensitive", `{"StringLike":{"aws:username":"ALI*"}}`, one(user, "alice"), false},
		{"StringNotLike match", `{"StringNotLike":{"aws:username":"ali*"}}`, one(user, "alice"), false},
		{"StringNotLike no match", `{"StringNotLike":{"aws:username":"ali*"}}`, one(user, "bob"), true},
		{"StringNotLike missing key", `{"StringNotLike":{"aws:username":"ali*"}}`, nokey, true},

		// IfExists.
		{"StringEqualsIfExists missing key", `{"StringEqualsIfExists":{"aws:username":"alice"}}`, nokey, true},
		{"StringEqualsIfExists present and equal", `{"StringEqualsIfExists":{"aws:username":"alice"}}`, one(user, "alice"), true},
		{"StringEqualsIfExists present and different", `{"StringEqualsIfExists":{"aws:username":"alice"}}`, one(user, "bob"), false},
		{"StringNotEqualsIfExists present and equal", `{"StringNotEqualsIfExists":{"aws:username":"alice"}}`, one(user, "alice"), false},
		{"NumericLessThanIfExists missing key", `{"NumericLessThanIfExists":{"s3:max-keys":"10"}}`, nokey, true},
		{"ArnLikeIfExists missing key", `{"ArnLikeIfExists":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:*"}}`, nokey, true},

		// Numeric operators.
		{"NumericEquals", `{"NumericEquals":{"s3:max-keys":"10"}}`, one(num, "10.0"), true},
		{"NumericEquals JSON number", `{"NumericEquals":{"s3:max-keys":10}}`, one(num, "10"), true},
		{"NumericEquals mismatch", `{"NumericEquals":{"s3:max-keys":"10"}}`, one(num, "11"), false},
		{"NumericEquals request not a number", `{"NumericEquals":{"s3:max-keys":"10"}}`, one(num, "ten"), false},
		{"NumericNotEquals", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, one(num, "11"), true},
		{"NumericNotEquals equal", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, one(num, "10"), false},
		{"NumericNotEquals missing key", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, nokey, true},
		{"NumericLessThan", `{"NumericLessThan":{"s3:max-keys":"10"}}`, one(num, "9.5"), true},
		{"NumericLessThan equal", `{"NumericLessThan":{"s3:max-keys":"10"}}`, one(num, "10"), false},
		{"NumericLessThanEquals equal", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, one(num, "10"), true},
		{"NumericGreaterThan", `{"NumericGreaterThan":{"s3:max-keys":"10"}}`, one(num, "-3"), false},
		{"NumericGreaterThan larger", `{"NumericGreaterThan":{"s3:max-keys":"10"}}`, one(num, "1e3"), true},
		{"NumericGreaterThanEquals equal", `{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}`, one(num, "10"), true},
		{"NumericLessThan missing key", `{"NumericLessThan":{"s3:max-keys":"10"}}`, nokey, false},

		// Date operators.
		{"DateLessThan", `{"DateLessThan":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}`, one(now, "2024-12-31T23:59:59Z"), true},
		{"DateLessThan later", `{"DateLessThan":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}`, one(now, "2025-01-01T00:00:01Z"), false},
		{"DateLessThan epoch request", `{"DateLessThan":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}`, one(now, "1735689599"), true},
		{"DateEquals epoch policy", `{"DateEquals":{"aws:EpochTime":1735689600}}`, one("aws:EpochTime", "2025-01-01T00:00:00Z"), true},
		{"DateEquals date only is midnight UTC", `{"DateEquals":{"aws:CurrentTime":"2025-01-01"}}`, one(now, "2025-01-01T00:00:00Z"), true},
		{"DateEquals offsets", `{"DateEquals":{"aws:CurrentTime":"2025-01-01T01:00:00+01:00"}}`, one(now, "2025-01-01T00:00:00Z"), true},
		{"DateEquals fractional seconds", `{"DateEquals":{"aws:CurrentTime":"2025-01-01T00:00:00.500Z"}}`, one(now, "2025-01-01T00:00:00.5Z"), true},
		{"DateNotEquals", `{"DateNotEquals":{"aws:CurrentTime":"2025-01-01"}}`, one(now, "2025-01-02"), true},
		{"DateLessThanEquals equal", `{"DateLessThanEquals":{"aws:CurrentTime":"2025-01-01"}}`, one(now, "2025-01-01"), true},
		{"DateGreaterThan", `{"DateGreaterThan":{"aws:CurrentTime":"2025-01-01"}}`, one(now, "2025-06-01T12:00:00Z"), true},
		{"DateGreaterThanEquals earlier", `{"DateGreaterThanEquals":{"aws:CurrentTime":"2025-01-01"}}`, one(now, "2024-06-01"), false},
		{"DateGreaterThan request not a date", `{"DateGreaterThan":{"aws:CurrentTime":"2025-01-01"}}`, one(now, "tomorrow"), false},

		// Bool.
		{"Bool true", `{"Bool":{"aws:SecureTransport":"true"}}`, one(tls, "true"), true},
		{"Bool JSON false", `{"Bool":{"aws:SecureTransport":false}}`, one(tls, "false"), true},
		{"Bool mismatch", `{"Bool":{"aws:SecureTransport":"true"}}`, one(tls, "false"), false},
		{"Bool request case", `{"Bool":{"aws:SecureTransport":"true"}}`, one(tls, "TRUE"), true},
		{"Bool request not a boolean", `{"Bool":{"aws:SecureTransport":"true"}}`, one(tls, "yes"), false},
		{"Bool missing key", `{"Bool":{"aws:SecureTransport":"false"}}`, nokey, false},
		{"BoolIfExists missing key", `{"BoolIfExists":{"aws:SecureTransport":"false"}}`, nokey, true},

		// BinaryEquals compares decoded bytes.
		{"BinaryEquals", `{"BinaryEquals":{"app:Digest":"QmluYXJ5VmFsdWU="}}`, one(bin, "QmluYXJ5VmFsdWU="), true},
		{"BinaryEquals unpadded request", `{"BinaryEquals":{"app:Digest":"QmluYXJ5VmFsdWU="}}`, one(bin, "QmluYXJ5VmFsdWU"), true},
		{"BinaryEquals different", `{"BinaryEquals":{"app:Digest":"QmluYXJ5VmFsdWU="}}`, one(bin, "QmluYXJ5"), false},
		{"BinaryEquals request not base64", `{"BinaryEquals":{"app:Digest":"QmluYXJ5VmFsdWU="}}`, one(bin, "!!"), false},

		// IP addresses.
		{"IpAddress in block", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, one(ip, "203.0.113.7"), true},
		{"IpAddress outside block", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, one(ip, "198.51.100.7"), false},
		{"IpAddress single address", `{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}`, one(ip, "203.0.113.7"), true},
		{"IpAddress IPv6", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, one(ip, "2001:db8:1::5"), true},
		{"IpAddress IPv6 outside", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, one(ip, "2001:db9::5"), false},
		{"IpAddress v4 block, v6 request", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, one(ip, "2001:db8::1"), false},
		{"IpAddress IPv4-mapped request", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, one(ip, "::ffff:203.0.113.9"), true},
		{"IpAddress list", `{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","203.0.113.0/24"]}}`, one(ip, "10.1.2.3"), true},
		{"IpAddress request not an address", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, one(ip, "10.0.0.0/8"), false},
		{"NotIpAddress outside", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, one(ip, "198.51.100.7"), true},
		{"NotIpAddress inside", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, one(ip, "203.0.113.7"), false},
		{"NotIpAddress missing key", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, nokey, true},

		// ARN operators compare segment by segment.
		{"ArnLike chatbot", `{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:*"}}`, one(src, opsChannel), true},
		{"ArnLike five parts match no ARN", `{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*"}}`, one(src, opsChannel), false},
		{"ArnLike slack only", `{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:chat-configuration/slack-channel/*"}}`, one(src, opsChannel), true},
		{"ArnLike teams only", `{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:chat-configuration/microsoft-teams-channel/*"}}`, one(src, opsChannel), false},
		{"ArnLike is case-sensitive", `{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:chat-configuration/slack-channel/OPS"}}`, one(src, opsChannel), false},
		{"ArnLike segment wildcard stays in its segment", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/*"}}`, one("aws:PrincipalArn", "arn:aws:iam::1:user/role/x"), false},
		{"ArnLike missing key", `{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:*"}}`, nokey, false},
		{"ArnLike not an ARN", `{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:*"}}`, one(src, "chatbot"), false},
		{"ArnEquals exact", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:1:topic"}}`, one("aws:SourceArn", "arn:aws:sns:us-east-1:1:topic"), true},
		{"ArnEquals allows wildcards too", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:*:1:topic"}}`, one("aws:SourceArn", "arn:aws:sns:us-east-1:1:topic"), true},
		{"ArnNotEquals", `{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:*:1:topic"}}`, one("aws:SourceArn", "arn:aws:sns:us-east-1:2:topic"), true},
		{"ArnNotLike match", `{"ArnNotLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:*"}}`, one(src, opsChannel), false},
		{"ArnNotLike missing key", `{"ArnNotLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:*"}}`, nokey, true},

		// Null.
		{"Null true, key absent", `{"Null":{"aws:ChatbotSourceArn":"true"}}`, nokey, true},
		{"Null true, key present", `{"Null":{"aws:ChatbotSourceArn":"true"}}`, one(src, opsChannel), false},
		{"Null false, key present", `{"Null":{"aws:ChatbotSourceArn":false}}`, one(src, opsChannel), true},
		{"Null false, key absent", `{"Null":{"aws:ChatbotSourceArn":false}}`, nokey, false},
		{"Null true, key with no values", `{"Null":{"aws:ChatbotSourceArn":true}}`, ctxMap{src: {}}, true},

		// Set operators.
		{"ForAnyValue missing key", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}`, nokey, false},
		{"ForAnyValue empty key", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}`, ctxMap{tags: {}}, false},
		{"ForAnyValue one matches", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}`, ctxMap{tags: {"x", "b"}}, true},
		{"ForAnyValue none matches", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}`, ctxMap{tags: {"x", "y"}}, false},
		{"ForAnyValue IfExists missing key", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["a"]}}`, nokey, false},
		{"ForAnyValue negated, one differs", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["a"]}}`, ctxMap{tags: {"a", "x"}}, true},
		{"ForAnyValue negated, none differs", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["a"]}}`, ctxMap{tags: {"a"}}, false},
		{"ForAllValues missing key", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, nokey, true},
		{"ForAllValues empty key", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, ctxMap{tags: {}}, true},
		{"ForAllValues subset", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, ctxMap{tags: {"b", "a"}}, true},
		{"ForAllValues one outside", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, ctxMap{tags: {"a", "c"}}, false},
		{"ForAllValues StringLike", `{"ForAllValues:StringLike":{"aws:TagKeys":["team-*"]}}`, ctxMap{tags: {"team-a", "team-b"}}, true},
		{"ForAllValues negated, all differ", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, ctxMap{tags: {"a", "b"}}, true},
		{"ForAllValues negated, one equal", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, ctxMap{tags: {"a", "secret"}}, false},
		{"no set operator, multivalued key, any value", `{"StringEquals":{"aws:TagKeys":"b"}}`, ctxMap{tags: {"a", "b"}}, true},
		{"no set operator, multivalued key, negated", `{"StringNotEquals":{"aws:TagKeys":"b"}}`, ctxMap{tags: {"a", "b"}}, false},

		// Blocks: operators and keys AND-ed.
		{"two keys both hold", `{"StringEquals":{"aws:username":"alice","aws:SourceIp":"10.0.0.1"}}`, ctxMap{user: {"alice"}, ip: {"10.0.0.1"}}, true},
		{"two keys one fails", `{"StringEquals":{"aws:username":"alice","aws:SourceIp":"10.0.0.1"}}`, ctxMap{user: {"alice"}, ip: {"10.0.0.2"}}, false},
		{"two operators both hold", `{"StringEquals":{"aws:username":"alice"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, ctxMap{user: {"alice"}, ip: {"10.0.0.2"}}, true},
		{"two operators one fails", `{"StringEquals":{"aws:username":"alice"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, ctxMap{user: {"alice"}, ip: {"192.0.2.1"}}, false},
		{"empty Condition", `{}`, nokey, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := holds(t, "2012-10-17", tt.cond, tt.ctx); got != tt.want {
				t.Errorf("%s with %v = %v, want %v", tt.cond, tt.ctx, got, tt.want)
			}
		})
	}
}

func TestConditionVariables(t *testing.T) {
	t.Parallel()
	ctx := ctxMap{"aws:username": {"alice"}, "s3:prefix": {"home/alice/"}, "aws:PrincipalAccount": {"111122223333"},
		"aws:ChatbotSourceArn": {opsChannel}, "app:literal": {"home/${aws:username}/"}}
	tests := []struct {
		name, version, cond string
		ctx                 ctxMap
		want                bool
	}{
		{"StringLike with variable", "2012-10-17", `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, ctx, true},
		{"StringEquals with variable", "2012-10-17", `{"StringEquals":{"s3:prefix":"home/${aws:username}/"}}`, ctx, true},
		{"variable key missing", "2012-10-17", `{"StringEquals":{"s3:prefix":"home/${aws:userid}/"}}`, ctx, false},
		{"variable default", "2012-10-17", `{"StringEquals":{"s3:prefix":"home/${aws:userid,'alice'}/"}}`, ctx, true},
		{"IgnoreCase with variable", "2012-10-17", `{"StringEqualsIgnoreCase":{"s3:prefix":"HOME/${aws:username}/"}}`, ctx, true},
		{"ArnLike with account variable", "2012-10-17", `{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::${aws:PrincipalAccount}:chat-configuration/*"}}`, ctx, true},
		{"ArnLike with another account", "2012-10-17", `{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::${aws:PrincipalAccount}:chat-configuration/*"}}`,
			ctxMap{"aws:ChatbotSourceArn": {opsChannel}, "aws:PrincipalAccount": {"444455556666"}}, false},
		{"2008: text is literal", "2008-10-17", `{"StringEquals":{"app:literal":"home/${aws:username}/"}}`, ctx, true},
		{"no Version: text is literal", "", `{"StringEquals":{"s3:prefix":"home/${aws:username}/"}}`, ctx, false},
		{"numeric values take no variables", "2012-10-17", `{"NumericEquals":{"app:n":"1"}}`, ctxMap{"app:n": {"1"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := holds(t, tt.version, tt.cond, tt.ctx); got != tt.want {
				t.Errorf("%s = %v, want %v", tt.cond, got, tt.want)
			}
		})
	}
}

func TestParseOperator(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want operator
		ok   bool
	}{
		{"StringEquals", operator{fam: famString}, true},
		{"StringNotEqualsIfExists", operator{fam: famString, negated: true, ifExists: true}, true},
		{"ForAnyValue:StringLike", operator{fam: famStringLike, set: setAny}, true},
		{"ForAllValues:ArnNotLikeIfExists", operator{fam: famArn, negated: true, ifExists: true, set: setAll}, true},
		{"NumericGreaterThanEquals", operator{fam: famNumeric, cmp: cmpGe}, true},
		{"DateLessThan", operator{fam: famDate, cmp: cmpLt}, true},
		{"Null", operator{fam: famNull}, true},
		{"NullIfExists", operator{}, false},
		{"ForAnyValue:Null", operator{}, false},
		{"stringequals", operator{}, false},
		{"StringEqual", operator{}, false},
		{"ForSomeValues:StringEquals", operator{}, false},
		{"IfExists", operator{}, false},
	}
	for _, tt := range tests {
		got, err := parseOperator(tt.name)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseOperator(%q) = %+v, %v; want %+v, ok=%v", tt.name, got, err, tt.want, tt.ok)
		}
	}
}
