package iam

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	acctA    = "111122223333"
	acctB    = "444455556666"
	rootA    = "arn:aws:iam::111122223333:root"
	roleOps  = "arn:aws:iam::111122223333:role/ops"
	roleDeep = "arn:aws:iam::111122223333:role/team/ops"
	userBob  = "arn:aws:iam::111122223333:user/bob"
	sessOps  = "arn:aws:sts::111122223333:assumed-role/ops/alice"
)

// resourcePolicy is a resource-based policy with one statement: effect,
// the principal element (Principal or NotPrincipal) and its JSON value,
// on every action and resource.
func resourcePolicy(t *testing.T, effect, element, value string) Named {
	t.Helper()
	doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":%q,%q:%s,"Action":"*","Resource":"*"}]}`, effect, element, value)
	return Named{ID: "rp", Policy: mustParse(t, ResourceBased, doc)}
}

func TestPrincipalMatching(t *testing.T) {
	t.Parallel()
	callers := map[string]Principal{
		"root A":               {ARN: rootA},
		"account A only":       {Account: acctA},
		"user bob":             {ARN: userBob},
		"role ops":             {ARN: roleOps},
		"session of ops":       {ARN: sessOps},
		"other session":        {ARN: "arn:aws:sts::111122223333:assumed-role/dev/alice"},
		"ops in B":             {ARN: "arn:aws:sts::444455556666:assumed-role/ops/alice"},
		"root B":               {ARN: "arn:aws:iam::444455556666:root"},
		"chatbot":              {Service: "chatbot.amazonaws.com"},
		"anonymous":            {},
		"session, account set": {ARN: sessOps, Account: acctA},
	}
	tests := []struct {
		principal string
		allowed   []string
	}{
		{`"*"`, []string{"root A", "account A only", "user bob", "role ops", "session of ops", "other session", "ops in B", "root B", "chatbot", "anonymous", "session, account set"}},
		{`{"AWS":"*"}`, []string{"root A", "account A only", "user bob", "role ops", "session of ops", "other session", "ops in B", "root B", "session, account set"}},
		{`{"AWS":"111122223333"}`, []string{"root A", "account A only", "user bob", "role ops", "session of ops", "other session", "session, account set"}},
		{`{"AWS":"arn:aws:iam::111122223333:root"}`, []string{"root A", "account A only", "user bob", "role ops", "session of ops", "other session", "session, account set"}},
		{`{"AWS":"arn:aws:iam::111122223333:role/ops"}`, []string{"role ops", "session of ops", "session, account set"}},
		{`{"AWS":"arn:aws:iam::111122223333:role/team/ops"}`, []string{"session of ops", "session, account set"}},
		{`{"AWS":"arn:aws:iam::111122223333:user/bob"}`, []string{"user bob"}},
		{`{"AWS":"arn:aws:sts::111122223333:assumed-role/ops/alice"}`, []string{"session of ops", "session, account set"}},
		{`{"AWS":["444455556666","arn:aws:iam::111122223333:user/bob"]}`, []string{"user bob", "ops in B", "root B"}},
		{`{"Service":"chatbot.amazonaws.com"}`, []string{"chatbot"}},
		{`{"Service":["sns.amazonaws.com"],"AWS":"arn:aws:iam::111122223333:user/bob"}`, []string{"user bob"}},
	}
	for _, tt := range tests {
		t.Run(tt.principal, func(t *testing.T) {
			t.Parallel()
			rp := resourcePolicy(t, "Allow", "Principal", tt.principal)
			var got []string
			for name, p := range callers {
				r := EvaluateResourcePolicy(rp, Request{Action: "organizations:DescribePolicy", Resource: "*", Principal: p})
				if d := Decide([]Named{rp}, Request{Action: "organizations:DescribePolicy", Resource: "*", Principal: p}); d != r.Decision {
					t.Errorf("%s: Decide %v, Evaluate %v", name, d, r.Decision)
				}
				if r.Decision == Allow {
					got = append(got, name)
					if m := r.Allow[0]; m.Principal.Type == "" || !strings.Contains(m.String(), "principal matched "+m.Principal.String()) {
						t.Errorf("%s: explanation %q does not name the principal", name, m.String())
					}
				}
			}
			if diff := cmp.Diff(sorted(tt.allowed), sorted(got)); diff != "" {
				t.Errorf("callers the statement applies to (-want +got):\n%s", diff)
			}
		})
	}
}

func sorted(xs []string) []string {
	out := append([]string{}, xs...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestNotPrincipal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, notPrincipal string
		caller             Principal
		denied             bool
	}{
		{"account alone spares its root", `{"AWS":"111122223333"}`, Principal{ARN: rootA}, false},
		{"account alone does not spare a user", `{"AWS":"111122223333"}`, Principal{ARN: userBob}, true},
		{"account and user spare the user", `{"AWS":["111122223333","arn:aws:iam::111122223333:user/bob"]}`, Principal{ARN: userBob}, false},
		{"user alone spares nobody", `{"AWS":"arn:aws:iam::111122223333:user/bob"}`, Principal{ARN: userBob}, true},
		{"account and role spare the role's sessions", `{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:role/ops"]}`, Principal{ARN: sessOps}, false},
		{"account and role do not spare another role", `{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:role/ops"]}`,
			Principal{ARN: "arn:aws:sts::111122223333:assumed-role/dev/x"}, true},
		{"account and session spare the session", `{"AWS":["111122223333","arn:aws:sts::111122223333:assumed-role/ops/alice"]}`, Principal{ARN: sessOps}, false},
		{"another account's caller is denied", `{"AWS":["111122223333","arn:aws:iam::111122223333:role/ops"]}`,
			Principal{ARN: "arn:aws:sts::444455556666:assumed-role/ops/alice"}, true},
		{"AWS star spares every AWS principal", `{"AWS":"*"}`, Principal{ARN: sessOps}, false},
		{"AWS star does not spare a service", `{"AWS":"*"}`, Principal{Service: "chatbot.amazonaws.com"}, true},
		{"a named service is spared", `{"Service":"chatbot.amazonaws.com"}`, Principal{Service: "chatbot.amazonaws.com"}, false},
		{"anonymous is denied", `{"AWS":"111122223333"}`, Principal{}, true},
		{"star spares everyone", `"*"`, Principal{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rp := resourcePolicy(t, "Deny", "NotPrincipal", tt.notPrincipal)
			set := []Named{rp, {Policy: mustParse(t, ResourceBased, `{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}`)}}
			r := decideBoth(t, set, Request{Action: "organizations:CreatePolicy", Resource: "*", Principal: tt.caller})
			if got := r.Decision == ExplicitDeny; got != tt.denied {
				t.Fatalf("denied = %v, want %v (%+v)", got, tt.denied, r)
			}
			if tt.denied {
				m := r.Deny[0]
				if !m.NotPrincipal || m.Principal.Type != "" || !strings.Contains(m.String(), "the principal is not spared by its NotPrincipal entries") {
					t.Errorf("explanation: %+v, %q", m, m.String())
				}
			}
		})
	}
}

func TestParseResourceBased(t *testing.T) {
	t.Parallel()
	ok := `"Effect":"Allow","Action":"*","Resource":"*"`
	tests := []struct {
		name string
		kind Kind
		doc  string
		want []where
	}{
		{"no principal", ResourceBased, `{"Statement":{` + ok + `}}`, []where{{"$.Statement.Principal", CodeMissing}}},
		{"both elements", ResourceBased, `{"Statement":{` + ok + `,"Principal":"*","NotPrincipal":"*"}}`, []where{{"$.Statement.NotPrincipal", CodeConflict}}},
		{"NotPrincipal with Allow", ResourceBased, `{"Statement":{` + ok + `,"NotPrincipal":{"AWS":"111122223333"}}}`, []where{{"$.Statement.NotPrincipal", CodeUnsupported}}},
		{"a string other than star", ResourceBased, `{"Statement":{` + ok + `,"Principal":"111122223333"}}`, []where{{"$.Statement.Principal", CodeInvalidValue}}},
		{"a list", ResourceBased, `{"Statement":{` + ok + `,"Principal":["*"]}}`, []where{{"$.Statement.Principal", CodeWrongType}}},
		{"empty object", ResourceBased, `{"Statement":{` + ok + `,"Principal":{}}}`, []where{{"$.Statement.Principal", CodeInvalidValue}}},
		{"wildcard in an ARN", ResourceBased, `{"Statement":{` + ok + `,"Principal":{"AWS":"arn:aws:iam::111122223333:role/*"}}}`, []where{{"$.Statement.Principal.AWS", CodeInvalidValue}}},
		{"short account", ResourceBased, `{"Statement":{` + ok + `,"Principal":{"AWS":["11112222333"]}}}`, []where{{"$.Statement.Principal.AWS[0]", CodeInvalidValue}}},
		{"not an IAM ARN", ResourceBased, `{"Statement":{` + ok + `,"Principal":{"AWS":"arn:aws:s3:::bucket"}}}`, []where{{"$.Statement.Principal.AWS", CodeInvalidValue}}},
		{"session without a name", ResourceBased, `{"Statement":{` + ok + `,"Principal":{"AWS":"arn:aws:sts::111122223333:assumed-role/ops"}}}`, []where{{"$.Statement.Principal.AWS", CodeInvalidValue}}},
		{"bad service", ResourceBased, `{"Statement":{` + ok + `,"Principal":{"Service":"Chatbot"}}}`, []where{{"$.Statement.Principal.Service", CodeInvalidValue}}},
		{"Federated", ResourceBased, `{"Statement":{` + ok + `,"Principal":{"Federated":"cognito-identity.amazonaws.com"}}}`, []where{{"$.Statement.Principal.Federated", CodeUnsupported}}},
		{"type in the wrong case", ResourceBased, `{"Statement":{` + ok + `,"Principal":{"aws":"111122223333"}}}`, []where{{"$.Statement.Principal.aws", CodeUnsupported}}},
		{"unknown type", ResourceBased, `{"Statement":{` + ok + `,"Principal":{"Account":"111122223333"}}}`, []where{{"$.Statement.Principal.Account", CodeUnknownKey}}},
		{"Principal still unsupported in an SCP", SCP, `{"Statement":{` + ok + `,"Principal":{"AWS":"111122223333"}}}`, []where{{"$.Statement.Principal", CodeUnsupported}}},
		{"NotPrincipal still unsupported in an identity policy", Identity, `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","NotPrincipal":{"AWS":"111122223333"}}}`,
			[]where{{"$.Statement.NotPrincipal", CodeUnsupported}}},
		{"RCP still needs star", RCP, `{"Statement":{` + ok + `,"Principal":{"AWS":"111122223333"}}}`, []where{{"$.Statement.Principal", CodeInvalidValue}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.doc, tt.kind)
			if err == nil {
				t.Fatalf("Parse accepted %s", tt.doc)
			}
			if diff := cmp.Diff(tt.want, wheres(problems(t, err))); diff != "" {
				t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
			}
		})
	}

	p := mustParse(t, ResourceBased, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:role/ops"],"Service":"chatbot.amazonaws.com"},"Action":"organizations:*Policy*","Resource":"*"},
		{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"organizations:DeletePolicy","Resource":"*"}]}`)
	want := []PrincipalEntry{{"AWS", "111122223333"}, {"AWS", "arn:aws:iam::444455556666:role/ops"}, {"Service", "chatbot.amazonaws.com"}}
	if diff := cmp.Diff(want, p.Statements[0].Principals); diff != "" || p.Statements[0].NotPrincipal || !p.Statements[1].NotPrincipal {
		t.Errorf("principals (-want +got):\n%s", diff)
	}
	if p.Kind.String() != "RESOURCE_POLICY" || ResourceBased.MaxSize() != 40000 {
		t.Errorf("kind %v, max size %d", p.Kind, ResourceBased.MaxSize())
	}
	big := `{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Sid":"` + strings.Repeat("a", 40000) + `"}}`
	if _, err := Parse(big, ResourceBased); err == nil || wheres(problems(t, err))[0].Code != CodeSizeLimitExceeded {
		t.Errorf("a document over 40,000 characters: %v", err)
	}
}

// TestOrganizationsDelegation decides requests against the kind of
// resource-based delegation policy AWS Organizations documents: a member
// account may manage one policy type.
func TestOrganizationsDelegation(t *testing.T) {
	t.Parallel()
	rp := Named{ID: "rp-1", Name: "delegation", Policy: mustParse(t, ResourceBased, `{"Version":"2012-10-17","Statement":[
		{"Sid":"Read","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["organizations:Describe*","organizations:List*"],"Resource":"*"},
		{"Sid":"ManageChatbotPolicies","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["organizations:CreatePolicy","organizations:UpdatePolicy","organizations:DeletePolicy"],
		 "Resource":"*","Condition":{"StringEquals":{"organizations:PolicyType":"CHATBOT_POLICY"}}}]}`)}
	member := Principal{ARN: sessOps}
	tests := []struct {
		name      string
		principal Principal
		action    string
		ctx       ctxMap
		want      Decision
		sids      []string
	}{
		{"member reads", member, "organizations:ListPolicies", nil, Allow, []string{"Read"}},
		{"member creates a chatbot policy", member, "organizations:CreatePolicy", ctxMap{"organizations:PolicyType": {"CHATBOT_POLICY"}}, Allow, []string{"ManageChatbotPolicies"}},
		{"member creates an SCP", member, "organizations:CreatePolicy", ctxMap{"organizations:PolicyType": {"SERVICE_CONTROL_POLICY"}}, ImplicitDeny, nil},
		{"another account", Principal{ARN: "arn:aws:iam::444455556666:root"}, "organizations:ListPolicies", nil, ImplicitDeny, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := request(tt.action, "*", tt.ctx)
			req.Principal = tt.principal
			r := EvaluateResourcePolicy(rp, req)
			var sids []string
			for _, m := range r.Deciding() {
				sids = append(sids, m.Sid)
			}
			if r.Decision != tt.want || !cmp.Equal(sids, tt.sids) {
				t.Errorf("%v by %v, want %v by %v", r.Decision, sids, tt.want, tt.sids)
			}
		})
	}
}
