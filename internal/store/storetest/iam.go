package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/store"
)

// testIAMJSON checks that a role's managed policy ARNs and inline policies,
// and a managed policy's document, come back exactly as written whatever
// their strings hold, inline policies in the order given; that nil and
// empty lists load alike, as empty (not nil), both when first written and
// when a Put replaces non-empty ones; and that a caller may reuse its
// slices once Put returns, even if the driver has not sent the row yet.
func testIAMJSON(t *testing.T, s suite) {
	const doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["chatbot:Describe*"],"Resource":"*"}]}`
	pretty := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n" +
		"      \"Action\": \"iam:*\",\n      \"Resource\": \"*\",\n      \"Condition\": {\"StringLike\": {\"aws:userid\": \"*:café\\\\\\\"x\\\"\"}}\n    }\n  ]\n}\n"
	long := strings.Repeat(`{"Sid":"s\"\\","Effect":"Allow"},`, 4000) // 130 kB
	many := make([]store.InlinePolicy, 60)
	manyARNs := make([]string, 20)
	for i := range many {
		// Names count down, so that the order given is not name order.
		many[i] = store.InlinePolicy{Name: fmt.Sprintf("policy-%02d", 59-i), Document: fmt.Sprintf(`{"Statement":[{"Sid":"S%d"}]}`, i)}
		if i < len(manyARNs) {
			manyARNs[i] = fmt.Sprintf("arn:aws:iam::222222222222:policy/p-%02d", 19-i)
		}
	}
	tests := []struct {
		name    string
		managed []string
		inline  []store.InlinePolicy
	}{
		{name: "Nil"},
		{name: "Empty", managed: []string{}, inline: []store.InlinePolicy{}},
		{name: "One", managed: []string{readOnly}, inline: []store.InlinePolicy{{Name: "one", Document: doc}}},
		{name: "Order", managed: []string{logsPolicy, readOnly, denyPolicy},
			inline: []store.InlinePolicy{{Name: "zeta", Document: "{}"}, {Name: "alpha", Document: doc}, {Name: "Mu", Document: `{"m":1}`}}},
		{name: "EmptyStrings", managed: []string{"", ""}, inline: []store.InlinePolicy{{}, {Name: "", Document: "x"}, {Name: "y"}}},
		{name: "Pretty", inline: []store.InlinePolicy{{Name: "pretty", Document: pretty}}},
		{name: "Delimiters", managed: []string{`","`, `"]`, `[`},
			inline: []store.InlinePolicy{{Name: `","Document":"`, Document: `"},{"Name":"`}, {Name: `}]`, Document: `[{`}, {Name: `"`, Document: `\`}}},
		{name: "Escapes", managed: []string{`\`, `\u0041`},
			inline: []store.InlinePolicy{{Name: `C:\dir\`, Document: `{"a":"\"\\\n\u0041"}`}, {Name: `\"`, Document: `\\`}}},
		{name: "Control", managed: []string{"a\nb", "\x00"},
			inline: []store.InlinePolicy{{Name: "tab\there", Document: "{\r\n\t\"a\": \"\x01\x1e\x1f\x7f\"\r\n}"}, {Name: "nul\x00", Document: "\x00"}}},
		{name: "Unicode", managed: []string{"arn:aws:iam::222222222222:policy/ünïcödé"},
			inline: []store.InlinePolicy{{Name: "日本語 ✓", Document: `{"Sid":"🎉","x":"` + "\u2028\u2029\ufeff" + `","h":"<script>&amp;</script>"}`}}},
		{name: "Many", managed: manyARNs, inline: many},
		{name: "Long", managed: []string{long}, inline: []store.InlinePolicy{{Name: long, Document: long}, {Name: "after", Document: long}}},
	}
	role := func(i int, managed []string, inline []store.InlinePolicy) store.RolePermissions {
		return store.RolePermissions{RoleARN: fmt.Sprintf("%s-%02d", roleOps, i), AccountID: devID,
			ManagedPolicyARNs: managed, InlinePolicies: inline, UpdatedAt: at(i)}
	}
	policy := func(i int, document string) store.ManagedPolicy {
		return store.ManagedPolicy{ARN: fmt.Sprintf("%s-%02d", denyPolicy, i), AccountID: devID, Name: fmt.Sprintf("DenyDelete-%02d", i),
			Path: "/guardrails/", Document: document, UpdatedAt: at(i)}
	}
	var roles, wantRoles []store.RolePermissions
	for i, tt := range tests {
		roles = append(roles, role(i, tt.managed, tt.inline))
		w := role(i, tt.managed, tt.inline)
		if w.ManagedPolicyARNs == nil {
			w.ManagedPolicyARNs = []string{}
		}
		if w.InlinePolicies == nil {
			w.InlinePolicies = []store.InlinePolicy{}
		}
		wantRoles = append(wantRoles, w)
	}
	// Documents of managed policies: everything the inline ones hold but
	// NUL, which PostgreSQL text cannot hold outside JSON escapes.
	policies := []store.ManagedPolicy{
		policy(0, ""), policy(1, doc), policy(2, pretty), policy(3, long),
		policy(4, `{"a":"\"\\\n\u0041","b":"`+"\u2028\u2029\ufeff🎉 日本語 <&> it's \r\n\t\x01\x1e\x7f"+`"}`),
	}
	// The odd strings in every text field too, for the drivers that pack a
	// row into one string.
	odd := "a\x1eb\x1f\x01\n\"'\\;:,[]{}"
	oddRole := store.RolePermissions{RoleARN: roleOps + odd, AccountID: odd, ManagedPolicyARNs: []string{odd},
		InlinePolicies: []store.InlinePolicy{{Name: odd, Document: odd}}, UpdatedAt: at(1)}
	oddPolicy := store.ManagedPolicy{ARN: denyPolicy + odd, AccountID: odd, Name: odd, Path: odd, Document: odd, UpdatedAt: at(2)}
	roles, wantRoles = append(roles, oddRole), append(wantRoles, oddRole)
	policies = append(policies, oddPolicy)

	// Replaced: non-empty, then nil; and the other way round.
	full := role(len(tests), manyARNs, many)
	emptied := role(len(tests), nil, nil)
	wantEmptied := role(len(tests), []string{}, []store.InlinePolicy{})
	empty := role(len(tests)+1, nil, []store.InlinePolicy{})
	filled := role(len(tests)+1, []string{readOnly}, []store.InlinePolicy{{Name: "filled", Document: doc}})

	// Reused: the caller's slices change once Put has returned.
	reused := role(len(tests)+2, []string{readOnly, logsPolicy}, []store.InlinePolicy{{Name: "kept", Document: doc}})
	wantReused := role(len(tests)+2, []string{readOnly, logsPolicy}, []store.InlinePolicy{{Name: "kept", Document: doc}})

	st := s.store(t)
	update(t, st, func(ctx context.Context, tx store.Tx) error {
		var errs []error
		for _, r := range roles {
			errs = append(errs, tx.PutRolePermissions(ctx, r))
		}
		for _, p := range policies {
			errs = append(errs, tx.PutManagedPolicy(ctx, p))
		}
		errs = append(errs, tx.PutRolePermissions(ctx, full), tx.PutRolePermissions(ctx, empty), tx.PutRolePermissions(ctx, reused))
		reused.ManagedPolicyARNs[0] = "changed"
		reused.InlinePolicies[0] = store.InlinePolicy{Name: "changed", Document: "changed"}
		return errors.Join(errs...)
	})
	update(t, st, func(ctx context.Context, tx store.Tx) error {
		return errors.Join(tx.PutRolePermissions(ctx, emptied), tx.PutRolePermissions(ctx, filled))
	})

	loaded := load(t, st)
	gotRoles := map[string]store.RolePermissions{}
	for _, r := range loaded.RolePermissions {
		gotRoles[r.RoleARN] = r
	}
	checkRole := func(name string, want store.RolePermissions) {
		t.Helper()
		g, ok := gotRoles[want.RoleARN]
		if !ok {
			t.Errorf("%s: role %.80q not loaded", name, want.RoleARN)
			return
		}
		// No cmpopts.EquateEmpty: nil and empty differ here.
		if diff := gocmp.Diff(want, g); diff != "" {
			t.Errorf("%s: loaded role (-want +got):\n%s", name, diff)
		}
		if g.ManagedPolicyARNs == nil || g.InlinePolicies == nil {
			t.Errorf("%s: loaded nil lists (ManagedPolicyARNs %v, InlinePolicies %v), want empty",
				name, g.ManagedPolicyARNs == nil, g.InlinePolicies == nil)
		}
	}
	for i, tt := range tests {
		checkRole(tt.name, wantRoles[i])
	}
	checkRole("ControlCharacters", oddRole)
	checkRole("Emptied", wantEmptied)
	checkRole("Filled", filled)
	checkRole("Reused", wantReused)
	if want := len(tests) + 4; len(gotRoles) != want {
		t.Errorf("loaded %d roles, want %d", len(gotRoles), want)
	}

	gotPolicies := map[string]store.ManagedPolicy{}
	for _, p := range loaded.ManagedPolicies {
		gotPolicies[p.ARN] = p
	}
	for i, want := range policies {
		if diff := gocmp.Diff(want, gotPolicies[want.ARN]); diff != "" {
			t.Errorf("managed policy %d: loaded (-want +got):\n%s", i, diff)
		}
	}
	if len(gotPolicies) != len(policies) {
		t.Errorf("loaded %d managed policies, want %d", len(gotPolicies), len(policies))
	}
}

// rolesAndPolicies returns, for each of accounts, the role its chat
// configurations use and the guardrail policy the account registered.
func rolesAndPolicies(accounts []store.Account) ([]store.RolePermissions, []store.ManagedPolicy) {
	roles := make([]store.RolePermissions, len(accounts))
	policies := make([]store.ManagedPolicy, len(accounts))
	for i, a := range accounts {
		guardrail := "arn:aws:iam::" + a.ID + ":policy/chatbot-guardrail"
		roles[i] = store.RolePermissions{RoleARN: "arn:aws:iam::" + a.ID + ":role/chatbot", AccountID: a.ID,
			ManagedPolicyARNs: []string{readOnly, guardrail},
			InlinePolicies: []store.InlinePolicy{{Name: "notifications",
				Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sns:Get*","sns:List*"],"Resource":"*"}]}`}},
			UpdatedAt: at(i % 1000)}
		policies[i] = store.ManagedPolicy{ARN: guardrail, AccountID: a.ID, Name: "chatbot-guardrail", Path: "/",
			Document:  `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}`,
			UpdatedAt: at(i % 1000)}
	}
	return roles, policies
}
