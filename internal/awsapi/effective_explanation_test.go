package awsapi_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
)

// TestDescribeEffectivePolicyExplanation drives chatgov's
// describe-effective-policy-explanation through the typed client: the
// provenance of every value, the restriction and the ignored change, and
// who may read which account's explanation (DescribeEffectivePolicy's
// rights; the validation errors only for whoever may list them).
func TestDescribeEffectivePolicyExplanation(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	mc := ts.mgmtOrgs()
	root := ts.org()
	ts.enable(root, types.PolicyTypeChatbotPolicy)
	member, other := ts.account("member"), ts.account("other")
	locked := ts.createPolicy(mc, "locked", types.PolicyTypeChatbotPolicy,
		`{"chatbot":{"platforms":{"slack":{"client":{"@@operators_allowed_for_child_policies":["@@none"],"@@assign":"enabled"}}}}}`)
	ts.attach(mc, locked, root)
	override := ts.createPolicy(mc, "override", types.PolicyTypeChatbotPolicy, `{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"disabled"}}}}}`)
	ts.attach(mc, override, member)

	mgmt := ts.chatgov(ts.mgmt())
	out, err := mgmt.DescribeEffectivePolicyExplanation(ctx, api.DescribeEffectivePolicyExplanationInput{AccountID: member, PolicyType: "CHATBOT_POLICY"})
	if err != nil {
		t.Fatal(err)
	}
	sdk := try(mc.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy,
		TargetId: aws.String(member)})).must(t)
	if out.AccountID != member || out.AccountName != "member" || out.PolicyType != "CHATBOT_POLICY" || out.Policy != *sdk.EffectivePolicy.PolicyContent {
		t.Errorf("header %+v; DescribeEffectivePolicy's content %s", out, *sdk.EffectivePolicy.PolicyContent)
	}
	ex := out.Explanation
	if len(ex.Values) != 1 || ex.Values[0].Path != "$.chatbot.platforms.slack.client" {
		t.Fatalf("values %+v", ex.Values)
	}
	v := ex.Values[0]
	if string(v.Value) != `"enabled"` || v.Source == nil || v.Source.PolicyID != locked || v.Source.PolicyName != "locked" ||
		v.Source.TargetID != root || v.Source.TargetType != "ROOT" || v.Source.Operator != "@@assign" {
		t.Errorf("value %s set by %+v", v.Value, v.Source)
	}
	if len(ex.Restrictions) != 1 || len(ex.Restrictions[0].Allowed) != 1 || ex.Restrictions[0].Allowed[0] != "@@none" ||
		len(ex.Restrictions[0].Sources) != 1 || ex.Restrictions[0].Sources[0].PolicyID != locked {
		t.Errorf("restrictions %+v", ex.Restrictions)
	}
	if len(ex.Errors) != 1 || ex.Errors[0].Change == nil || ex.Errors[0].Change.PolicyID != override || ex.Errors[0].Change.TargetID != member ||
		len(ex.Errors[0].ContributingPolicies) != 2 || ex.Errors[0].Message == "" {
		t.Errorf("errors %+v", ex.Errors)
	}
	// The wire's members are named and ordered as documented.
	raw, _ := json.Marshal(out)
	var shape map[string]json.RawMessage
	if err := json.Unmarshal(raw, &shape); err != nil || len(shape) != 6 || shape["Explanation"] == nil || shape["LastUpdatedTimestamp"] == nil {
		t.Errorf("output members %s", raw)
	}

	// A member reads its own (without the validation errors, which only
	// the organization's administrators may list), never another's.
	mine := ts.chatgov(ts.assume(member))
	own, err := mine.DescribeEffectivePolicyExplanation(ctx, api.DescribeEffectivePolicyExplanationInput{PolicyType: "CHATBOT_POLICY"})
	if err != nil {
		t.Fatalf("the member's own explanation: %v", err)
	}
	if own.AccountID != member || own.Policy != out.Policy || len(own.Explanation.Values) != 1 || own.Explanation.Errors != nil {
		t.Errorf("the member's own explanation %+v", own)
	}
	_, err = mine.DescribeEffectivePolicyExplanation(ctx, api.DescribeEffectivePolicyExplanationInput{AccountID: other, PolicyType: "CHATBOT_POLICY"})
	wantClientErr(t, err, "AccessDeniedException", "is a member account: only the management account or the delegated administrator")
	_, err = ts.chatgov(ts.assume(other)).DescribeEffectivePolicyExplanation(ctx, api.DescribeEffectivePolicyExplanationInput{AccountID: member, PolicyType: "CHATBOT_POLICY"})
	wantClientErr(t, err, "AccessDeniedException", "is a member account: only the management account or the delegated administrator")

	// Bad input: named.
	for _, c := range []struct {
		in         api.DescribeEffectivePolicyExplanationInput
		code, want string
	}{
		{api.DescribeEffectivePolicyExplanationInput{AccountID: member}, "InvalidParameterException", "PolicyType"},
		{api.DescribeEffectivePolicyExplanationInput{AccountID: member, PolicyType: "SERVICE_CONTROL_POLICY"}, "InvalidParameterException", "SERVICE_CONTROL_POLICY"},
		{api.DescribeEffectivePolicyExplanationInput{AccountID: "12", PolicyType: "CHATBOT_POLICY"}, "InvalidParameterException", "12"},
		{api.DescribeEffectivePolicyExplanationInput{AccountID: "999999999999", PolicyType: "CHATBOT_POLICY"}, "ResourceNotFoundException", "999999999999"},
		{api.DescribeEffectivePolicyExplanationInput{AccountID: member, PolicyType: "TAG_POLICY"}, "ResourceNotFoundException", "TAG_POLICY is not enabled"},
	} {
		_, err := mgmt.DescribeEffectivePolicyExplanation(ctx, c.in)
		wantClientErr(t, err, c.code, c.want)
	}
}
