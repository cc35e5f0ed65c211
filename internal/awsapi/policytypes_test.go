package awsapi_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/chatgov/chatgov/internal/policy"
)

// TestPolicyTypesOfTheSDK checks that chatgov knows every policy type of the
// SDK's enum, and no other, and that every management type can be enabled,
// written, attached and described through the API.
func TestPolicyTypesOfTheSDK(t *testing.T) {
	t.Parallel()
	known := map[string]bool{}
	for _, ti := range policy.Types() {
		known[string(ti.Type)] = true
	}
	sdk := map[string]bool{}
	for _, v := range types.PolicyType("").Values() {
		sdk[string(v)] = true
		if !known[string(v)] {
			t.Errorf("the SDK's policy type %s is unknown to chatgov", v)
		}
	}
	for k := range known {
		if !sdk[k] {
			t.Errorf("chatgov's policy type %s is not in the SDK's enum", k)
		}
	}
	for _, v := range types.EffectivePolicyType("").Values() {
		if ti, ok := policy.Lookup(policy.Type(v)); !ok || !ti.Management {
			t.Errorf("effective policy type %s: chatgov knows it %v, as a management type %v", v, ok, ti.Management)
		}
	}

	ts := startServer(t)
	ctx := context.Background()
	c := ts.mgmtOrgs()
	root := ts.org()
	acct := ts.account("typed")
	for _, v := range []types.PolicyType{types.PolicyTypeGuarddutyPolicy, types.PolicyTypeSecurityhubCspmPolicy} {
		ts.enable(root, v)
		id := ts.createPolicy(c, "p-"+string(v), v, `{"settings":{"enabled":{"@@assign":"true"}}}`)
		ts.attach(c, id, acct)
		eff := try(c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{
			PolicyType: types.EffectivePolicyType(v), TargetId: aws.String(acct)})).must(t)
		if got := *eff.EffectivePolicy.PolicyContent; got != `{"settings":{"enabled":"true"}}` {
			t.Errorf("%s: effective policy %s", v, got)
		}
	}
}
