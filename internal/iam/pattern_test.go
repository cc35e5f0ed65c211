package iam

import "testing"

func TestPatternMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, input string
		fold           bool
		want           bool
	}{
		{"*", "", false, true},
		{"*", "anything:at/all", false, true},
		{"abc", "abc", false, true},
		{"abc", "abcd", false, false},
		{"abc", "ABC", false, false},
		{"abc", "ABC", true, true},
		{"s3:get*", "s3:GetObject", true, true},
		{"s3:get*", "s3:PutObject", true, false},
		{"*object", "s3:GetObject", true, true},
		{"*Object", "s3:GetObject", false, true},
		{"*Object", "s3:GetObjects", false, false},
		{"a?c", "abc", false, true},
		{"a?c", "ac", false, false},
		{"a?c", "abbc", false, false},
		{"a?c", "aéc", false, true}, // '?' is one character, not one byte
		{"a??c", "aéc", false, false},
		{"a*b*c", "aXXbYYc", false, true},
		{"a*b*c", "aXXbYY", false, false},
		{"a*b?c", "abbbxc", false, true},
		{"*a*a*a*", "aaa", false, true},
		{"*a*a*a*", "aa", false, false},
		{"**", "", false, true},
		{"a**b", "ab", false, true},
		{"", "", false, true},
		{"", "x", false, false},
		{"?", "", false, false},
		{"ec2:Describe*", "EC2:DESCRIBEINSTANCES", true, true},
		{"iam:*", "iamx:List", true, false},
	}
	for _, tt := range tests {
		p, err := compilePattern(tt.pattern, tokenOptions{wild: true, fold: tt.fold})
		if err != nil {
			t.Fatalf("compile %q: %v", tt.pattern, err)
		}
		if got := p.match(tt.input, nil); got != tt.want {
			t.Errorf("%q fold=%v match %q = %v, want %v", tt.pattern, tt.fold, tt.input, got, tt.want)
		}
		if got := refMatch(tt.pattern, tt.input, tt.fold); got != tt.want {
			t.Errorf("reference: %q fold=%v match %q = %v, want %v", tt.pattern, tt.fold, tt.input, got, tt.want)
		}
	}
}

func TestARNMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, arn string
		want         bool
	}{
		{"*", "arn:aws:s3:::bucket", true},
		{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket", true},
		{"arn:aws:s3:::bucket", "arn:aws:s3:::Bucket", false}, // case-sensitive
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false},
		{"arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", true},
		{"arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:eu-west-1:444455556666:instance/i-1", false},
		// A '*' inside a segment stays in it.
		{"arn:aws:ec2:*:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", false},
		{"arn:aws:ec2:eu-*-1:*:*", "arn:aws:ec2:eu-west-1:1:instance/i-1", true},
		{"arn:aws:ec2:eu-?est-1:*:*", "arn:aws:ec2:eu-west-1:1:instance/i-1", true},
		{"arn:aws:ec2:us-*:*:*", "arn:aws:ec2:eu-west-1:1:instance/i-1", false},
		// The resource segment keeps its colons.
		{"arn:aws:logs:us-east-1:1:log-group:app:*", "arn:aws:logs:us-east-1:1:log-group:app:log-stream:x", true},
		{"arn:aws:logs:us-east-1:1:log-group:*", "arn:aws:logs:us-east-1:1:log-group:app:log-stream:x", true},
		// A trailing '*' in a short pattern takes the rest of the ARN.
		{"arn:aws:chatbot::*", opsChannel, true},
		{"arn:aws:chatbot:*", opsChannel, true},
		{"arn:aws:chatbot::*", "arn:aws:iam::111122223333:role/x", false},
		{"arn:aws:chatbot::*:chat-configuration/*", opsChannel, true},
		{"arn:aws:chatbot::*:chat-configuration/slack-channel/*", "arn:aws:chatbot::1:chat-configuration/microsoft-teams-channel/x", false},
		// A short pattern without a trailing '*' needs an ARN as short.
		{"arn:aws:chatbot::1", opsChannel, false},
		{"arn:aws:chatbot::*ops", opsChannel, false},
		{"arn:aws:chatbot::*ops", "arn:aws:chatbot::111122223333ops", true},
		// Not an ARN: the whole text is one pattern.
		{"*", "not-an-arn", true},
		{"arn:aws:s3:::b", "not-an-arn", false},
		{"arn:aws:s3:::b", "arn:aws:s3", false},
	}
	for _, tt := range tests {
		a, err := compileResourceARN(tt.pattern, false)
		if err != nil {
			t.Fatalf("compile %q: %v", tt.pattern, err)
		}
		if got := a.match(tt.arn, nil); got != tt.want {
			t.Errorf("%q match %q = %v, want %v", tt.pattern, tt.arn, got, tt.want)
		}
	}
}

func TestPolicyVariables(t *testing.T) {
	t.Parallel()
	ctx := NewContext(map[string][]string{
		"aws:username":          {"alice"},
		"AWS:PrincipalAccount":  {"111122223333"},
		"aws:PrincipalTag/team": {"blue"},
		"aws:TagKeys":           {"a", "b"},
		"app:wild":              {"a*"},
	})
	tests := []struct {
		name, pattern, input string
		vars, wild           bool
		want                 bool
	}{
		{"substituted", "home/${aws:username}/*", "home/alice/x", true, true, true},
		{"other user", "home/${aws:username}/*", "home/bob/x", true, true, false},
		{"key case-insensitive", "${aws:principalaccount}", "111122223333", true, false, true},
		{"tag", "team-${aws:PrincipalTag/team}", "team-blue", true, false, true},
		{"missing key", "home/${aws:userid}", "home/", true, false, false},
		{"missing key with default", "home/${aws:userid, 'nobody'}", "home/nobody", true, false, true},
		{"present key ignores default", "home/${aws:username,'nobody'}", "home/alice", true, false, true},
		{"multivalued key is not a variable", "${aws:TagKeys}", "a", true, false, false},
		{"value is literal, not a wildcard", "${app:wild}", "abc", true, true, false},
		{"value is literal and equal", "${app:wild}", "a*", true, true, true},
		{"escape star", "a${*}", "a*", true, true, true},
		{"escape star is not a wildcard", "a${*}", "ab", true, true, false},
		{"escape question mark", "a${?}", "a?", true, true, true},
		{"escape dollar", "${$}{x}", "${x}", true, false, true},
		{"2008 is literal", "home/${aws:username}", "home/${aws:username}", false, false, true},
		{"2008 is literal, not substituted", "home/${aws:username}", "home/alice", false, false, false},
		{"2008 star stays a wildcard", "${*}", "${anything}", false, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := compilePattern(tt.pattern, tokenOptions{wild: tt.wild, vars: tt.vars})
			if err != nil {
				t.Fatal(err)
			}
			if got := p.match(tt.input, &ctx); got != tt.want {
				t.Errorf("%q match %q = %v, want %v", tt.pattern, tt.input, got, tt.want)
			}
		})
	}
}

func TestVariableSyntaxErrors(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"${aws:username", "${}", "${ , 'x'}", "${aws:username, x}", "${aws:username, 'a'b'}"} {
		if _, err := compilePattern(text, tokenOptions{vars: true}); err == nil {
			t.Errorf("compilePattern(%q) accepted a malformed variable", text)
		}
		if _, err := compilePattern(text, tokenOptions{}); err != nil {
			t.Errorf("compilePattern(%q) without variables: %v", text, err)
		}
	}
}

func TestContext(t *testing.T) {
	t.Parallel()
	c := NewContext(map[string][]string{"aws:SourceIp": {"10.0.0.1"}, "AWS:SOURCEIP": {"10.0.0.2"}, "aws:Empty": {}})
	if got, ok := c.Get("aws:sourceip"); !ok || len(got) != 2 || got[0] != "10.0.0.2" || got[1] != "10.0.0.1" {
		t.Errorf("Get = %v, %v; want both values, upper-case name first", got, ok)
	}
	if _, ok := c.Get("aws:empty"); ok {
		t.Error("a key with no values counts as present")
	}
	copyOf := c
	copyOf.Set("aws:SourceIP", "192.0.2.1")
	copyOf.Set("aws:New", "x")
	if got, _ := c.Get("aws:SourceIp"); len(got) != 2 {
		t.Errorf("Set on a copy changed the original: %v", got)
	}
	if _, ok := c.Get("aws:New"); ok {
		t.Error("Set on a copy added to the original")
	}
	if got, _ := copyOf.Get("AWS:SOURCEIP"); len(got) != 1 || got[0] != "192.0.2.1" {
		t.Errorf("after Set: %v", got)
	}
	if n := copyOf.Len(); n != 3 {
		t.Errorf("Len = %d, want 3", n)
	}
}
