package awsapi_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// delegationPolicy lets account dev read the organization and manage tag
// policies, as AWS's documentation of delegated policy management shows,
// and denies the chatbot delegated administrator ListAccounts.
func delegationPolicy(dev, admin string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
  {"Sid":"ReadOrganization","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%[1]s:root"},
   "Action":["organizations:Describe*","organizations:List*"],"Resource":"*"},
  {"Sid":"ManageTagPolicies","Effect":"Allow","Principal":{"AWS":"%[1]s"},
   "Action":["organizations:CreatePolicy","organizations:UpdatePolicy","organizations:DeletePolicy",
             "organizations:AttachPolicy","organizations:DetachPolicy"],
   "Resource":"*","Condition":{"StringEquals":{"organizations:PolicyType":"TAG_POLICY"}}},
  {"Sid":"NoListingForTheChatAdmin","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::%[2]s:root"},
   "Action":"organizations:ListAccounts","Resource":"*"}]}`, dev, admin)
}

// TestResourcePolicy: the resource-based delegation policy is stored,
// checked and evaluated with the IAM engine for members' calls.
func TestResourcePolicy(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	mc := ts.mgmtOrgs()
	root := ts.org()
	dev, admin := ts.account("dev"), ts.account("chatadmin")
	try(mc.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("chatbot.amazonaws.com")})).must(t)
	try(mc.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(admin),
		ServicePrincipal: aws.String("chatbot.amazonaws.com")})).must(t)
	ts.enable(root, types.PolicyTypeTagPolicy)
	devC, adminC := ts.orgs(ts.assume(dev)), ts.orgs(ts.assume(admin))

	// Without a policy, a member reads nothing and the policy is not found.
	_, err := devC.ListAccounts(ctx, &organizations.ListAccountsInput{})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = mc.DescribeResourcePolicy(ctx, &organizations.DescribeResourcePolicyInput{})
	wantErr[*types.ResourcePolicyNotFoundException](t, err)
	_, err = mc.DeleteResourcePolicy(ctx, &organizations.DeleteResourcePolicyInput{})
	wantErr[*types.ResourcePolicyNotFoundException](t, err)
	_, err = devC.PutResourcePolicy(ctx, &organizations.PutResourcePolicyInput{Content: aws.String(delegationPolicy(dev, admin))})
	wantErr[*types.AccessDeniedException](t, err)

	// Contents Organizations would not accept.
	bad := []struct {
		name, content string
		reason        types.InvalidInputExceptionReason
	}{
		{"not JSON", `{"Version":`, types.InvalidInputExceptionReasonInvalidResourcePolicyJson},
		{"no principal", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"organizations:ListAccounts","Resource":"*"}]}`,
			types.InvalidInputExceptionReasonInvalidPrincipal},
		{"an action it cannot delegate", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + dev +
			`"},"Action":"organizations:CreateAccount","Resource":"*"}]}`, types.InvalidInputExceptionReasonUnsupportedActionInResourcePolicy},
		{"another service's action", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + dev +
			`"},"Action":"s3:GetObject","Resource":"*"}]}`, types.InvalidInputExceptionReasonUnsupportedActionInResourcePolicy},
		{"another service's resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + dev +
			`"},"Action":"organizations:ListAccounts","Resource":"arn:aws:s3:::bucket"}]}`, types.InvalidInputExceptionReasonUnsupportedResourceInResourcePolicy},
		{"an unknown policy type", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + dev +
			`"},"Action":"organizations:CreatePolicy","Resource":"*","Condition":{"StringEquals":{"organizations:PolicyType":"TAGS_POLICY"}}}]}`,
			types.InvalidInputExceptionReasonUnsupportedPolicyTypeInResourcePolicy},
	}
	for _, tt := range bad {
		_, err := mc.PutResourcePolicy(ctx, &organizations.PutResourcePolicyInput{Content: aws.String(tt.content)})
		if ie := wantErr[*types.InvalidInputException](t, err); ie.Reason != tt.reason {
			t.Errorf("%s: reason %s, want %s (%s)", tt.name, ie.Reason, tt.reason, *ie.Message)
		}
	}

	put := try(mc.PutResourcePolicy(ctx, &organizations.PutResourcePolicyInput{Content: aws.String(delegationPolicy(dev, admin)),
		Tags: []types.Tag{{Key: aws.String("owner"), Value: aws.String("security")}}})).must(t).ResourcePolicy
	id := *put.ResourcePolicySummary.Id
	org := try(mc.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})).must(t).Organization
	if !regexp.MustCompile(`^rp-[0-9a-z]{8}$`).MatchString(id) ||
		*put.ResourcePolicySummary.Arn != "arn:aws:organizations::"+mgmtAccount+":resourcepolicy/"+*org.Id+"/"+id {
		t.Errorf("resource policy %s %s", id, *put.ResourcePolicySummary.Arn)
	}
	tags := try(mc.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})).must(t).Tags
	if len(tags) != 1 || *tags[0].Key != "owner" {
		t.Errorf("tags %+v", tags)
	}

	// The delegated member reads the organization and manages tag policies...
	try(devC.ListAccounts(ctx, &organizations.ListAccountsInput{})).must(t)
	try(devC.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String("p-FullAWSAccess")})).must(t)
	got := try(devC.DescribeResourcePolicy(ctx, &organizations.DescribeResourcePolicyInput{})).must(t).ResourcePolicy
	if *got.ResourcePolicySummary.Id != id || *got.Content != delegationPolicy(dev, admin) {
		t.Errorf("described %+v", got)
	}
	tag := ts.createPolicy(devC, "cost-tags", types.PolicyTypeTagPolicy, `{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"}}}}`)
	ts.attach(devC, tag, root)
	// ...and nothing else.
	_, err = devC.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("deny-all"), Description: aws.String(""),
		Type: types.PolicyTypeServiceControlPolicy, Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`)})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = devC.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(dev)})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = devC.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("x"), Email: aws.String("x@example.com")})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = devC.PutResourcePolicy(ctx, &organizations.PutResourcePolicyInput{Content: aws.String(delegationPolicy(dev, admin))})
	wantErr[*types.AccessDeniedException](t, err)

	// An explicit Deny refuses even what a built-in role allows.
	_, err = adminC.ListAccounts(ctx, &organizations.ListAccountsInput{})
	if ad := wantErr[*types.AccessDeniedException](t, err); !strings.Contains(*ad.Message, "resource policy denies it") {
		t.Errorf("denied by the resource policy: %s", *ad.Message)
	}
	try(adminC.ListRoots(ctx, &organizations.ListRootsInput{})).must(t)

	// Replacing keeps the ID; it survives a restart; deleting ends the delegation.
	again := try(mc.PutResourcePolicy(ctx, &organizations.PutResourcePolicyInput{Content: aws.String(delegationPolicy(dev, dev))})).must(t).ResourcePolicy
	if *again.ResourcePolicySummary.Id != id {
		t.Errorf("replaced policy has ID %s, want %s", *again.ResourcePolicySummary.Id, id)
	}
	ts.restart()
	mc, devC, adminC = ts.mgmtOrgs(), ts.orgs(ts.assume(dev)), ts.orgs(ts.assume(admin))
	try(adminC.ListAccounts(ctx, &organizations.ListAccountsInput{})).must(t)
	_, err = devC.ListAccounts(ctx, &organizations.ListAccountsInput{})
	wantErr[*types.AccessDeniedException](t, err) // dev denies itself ListAccounts now
	try(mc.DeleteResourcePolicy(ctx, &organizations.DeleteResourcePolicyInput{})).must(t)
	_, err = devC.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String("p-FullAWSAccess")})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = mc.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
	if err == nil {
		t.Errorf("the deleted policy's tags are still listed")
	}
}
