package gov_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
)

// TestResourcePolicyRules checks what a resource policy may say: member
// principals, organizations: actions that read the organization or manage
// its policies and tags, Organizations resources, known policy types.
func TestResourcePolicyRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	statement := func(s string) string { return `{"Version":"2012-10-17","Statement":[` + s + `]}` }
	allow := func(action, resource, extra string) string {
		return statement(`{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":` + action + `,"Resource":"` + resource + `"` + extra + `}`)
	}
	tests := []struct {
		name, content string
		reason        string // "" when accepted
	}{
		{"not JSON", `{"Version":`, gov.ReasonInvalidResourcePolicyJSON},
		{"no principal", statement(`{"Effect":"Allow","Action":"organizations:ListAccounts","Resource":"*"}`), gov.ReasonInvalidPrincipal},
		{"NotAction", statement(`{"Effect":"Allow","Principal":{"AWS":"222222222222"},"NotAction":"organizations:CreateAccount","Resource":"*"}`),
			gov.ReasonUnsupportedAction},
		{"another service", allow(`"s3:GetObject"`, "*", ""), gov.ReasonUnsupportedAction},
		{"an operation of the structure", allow(`"organizations:CreateAccount"`, "*", ""), gov.ReasonUnsupportedAction},
		{"membership", allow(`"organizations:LeaveOrganization"`, "*", ""), gov.ReasonUnsupportedAction},
		{"another service's resource", allow(`"organizations:ListAccounts"`, "arn:aws:s3:::bucket", ""), gov.ReasonUnsupportedResource},
		{"an unknown policy type", allow(`"organizations:CreatePolicy"`, "*", `,"Condition":{"StringEquals":{"organizations:PolicyType":"TAGS"}}`),
			gov.ReasonUnsupportedPolicyType},
		{"too long", allow(`"organizations:ListAccounts"`, "*", `,"Sid":"`+strings.Repeat("s", gov.MaxResourcePolicySize)+`"`), gov.ReasonMaxLength},
		{"reading", allow(`["organizations:Describe*","organizations:List*"]`, "*", ""), ""},
		{"any action: the delegable ones", allow(`"*"`, "*", ""), ""},
		{"a wildcard type", allow(`"organizations:CreatePolicy"`, "*", `,"Condition":{"StringLike":{"organizations:PolicyType":"TAG_*"}}`), ""},
		{"an action in any case, on policies", allow(`"Organizations:createpolicy"`, "arn:aws:organizations::111111111111:policy/*", ""), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// Each accepted one replaces the last: all of them were valid.
			_, err := f.svc.PutResourcePolicy(ctx, mgmt, tt.content, nil)
			if tt.reason == "" {
				ok.check(t, err)
				return
			}
			invalid(tt.reason).check(t, err)
		})
	}
}

// TestResourcePolicyLifecycle puts, replaces and deletes the policy, with
// its tags, and checks that it goes with the organization.
func TestResourcePolicyLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	content := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"organizations:List*","Resource":"*"}]}`
	_, err := f.svc.DescribeResourcePolicy(mgmt)
	wantGovErr(t, err, gov.NotFound, gov.ResResourcePolicy, "")
	wantGovErr(t, f.svc.DeleteResourcePolicy(ctx, mgmt), gov.NotFound, gov.ResResourcePolicy, "")
	first, err := f.svc.PutResourcePolicy(ctx, mgmt, content, []gov.Tag{{Key: "owner", Value: "security"}})
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.svc.PutResourcePolicy(ctx, mgmt, strings.Replace(content, "List*", "Describe*", 1), nil)
	if err != nil || again.ID != first.ID || again.ARN != first.ARN {
		t.Fatalf("replaced: %+v %v, first %+v", again, err, first)
	}
	if tags, err := f.svc.ListTagsForResource(mgmt, first.ID, "", 0); err != nil || len(tags.Items) != 1 {
		t.Errorf("a replaced policy keeps its tags: %+v %v", tags, err)
	}
	f.reload()
	if got, err := f.svc.DescribeResourcePolicy(mgmt); err != nil || !strings.Contains(got.Content, "Describe*") {
		t.Errorf("after a restart: %+v %v", got, err)
	}
	if err := f.svc.DeleteOrganization(ctx, mgmt); err != nil {
		t.Fatal(err)
	}
	f.org(gov.FeatureSetAll)
	_, err = f.svc.DescribeResourcePolicy(mgmt)
	wantGovErr(t, err, gov.NotFound, gov.ResResourcePolicy, "")
}
