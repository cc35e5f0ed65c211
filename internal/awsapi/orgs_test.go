package awsapi_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/chatgov/chatgov/internal/config"
)

func TestOrganizationLifecycle(t *testing.T) {
	t.Parallel()
	// The clock moves days ahead below; the SDK signs with the real time.
	ts := startServer(t, func(c *config.Config) { c.ClockSkew = 60 * 24 * time.Hour })
	ctx := context.Background()
	c := ts.mgmtOrgs()

	_, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	wantErr[*types.AWSOrganizationsNotInUseException](t, err)

	created := try(c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{})).must(t)
	o := created.Organization
	if !regexp.MustCompile(`^o-[a-z0-9]{10}$`).MatchString(*o.Id) || *o.MasterAccountId != mgmtAccount ||
		*o.Arn != "arn:aws:organizations::"+mgmtAccount+":organization/"+*o.Id || o.FeatureSet != types.OrganizationFeatureSetAll ||
		*o.MasterAccountArn != "arn:aws:organizations::"+mgmtAccount+":account/"+*o.Id+"/"+mgmtAccount {
		t.Errorf("organization %+v", o)
	}
	_, err = c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{})
	wantErr[*types.AlreadyInOrganizationException](t, err)

	described := try(c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})).must(t)
	if *described.Organization.Id != *o.Id {
		t.Errorf("described %s, created %s", *described.Organization.Id, *o.Id)
	}
	roots := try(c.ListRoots(ctx, &organizations.ListRootsInput{})).must(t)
	root := roots.Roots[0]
	if !regexp.MustCompile(`^r-[0-9a-z]{4}$`).MatchString(*root.Id) || *root.Name != "Root" ||
		*root.Arn != "arn:aws:organizations::"+mgmtAccount+":root/"+*o.Id+"/"+*root.Id {
		t.Errorf("root %+v", root)
	}
	// With all features, SCPs start enabled in the root, with FullAWSAccess
	// attached to the root and the management account (API reference).
	if len(root.PolicyTypes) != 1 || root.PolicyTypes[0].Type != types.PolicyTypeServiceControlPolicy ||
		root.PolicyTypes[0].Status != types.PolicyTypeStatusEnabled {
		t.Errorf("root policy types %+v", root.PolicyTypes)
	}
	if a := o.AvailablePolicyTypes; len(a) != 1 || a[0].Type != types.PolicyTypeServiceControlPolicy || a[0].Status != types.PolicyTypeStatusEnabled {
		t.Errorf("available policy types %+v", a)
	}
	for _, target := range []string{*root.Id, mgmtAccount} {
		out := try(c.ListPoliciesForTarget(ctx, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(target),
			Filter: types.PolicyTypeServiceControlPolicy})).must(t)
		if len(out.Policies) != 1 || *out.Policies[0].Id != "p-FullAWSAccess" {
			t.Errorf("SCPs of %s: %+v", target, out.Policies)
		}
	}

	// The management account is in the organization, under the root.
	accts := try(c.ListAccounts(ctx, &organizations.ListAccountsInput{})).must(t)
	if len(accts.Accounts) != 1 || *accts.Accounts[0].Id != mgmtAccount || accts.Accounts[0].Status != types.AccountStatusActive {
		t.Errorf("accounts %+v", accts.Accounts)
	}

	// A member account keeps the organization from being deleted.
	member := ts.account("member")
	_, err = c.DeleteOrganization(ctx, &organizations.DeleteOrganizationInput{})
	wantErr[*types.OrganizationNotEmptyException](t, err)
	// A created account can be removed four days after its creation.
	_, err = c.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(member)})
	if cv := wantErr[*types.ConstraintViolationException](t, err); cv.Reason != types.ConstraintViolationExceptionReasonWaitPeriodActive {
		t.Errorf("reason %s", cv.Reason)
	}
	ts.clock.advance(4*24*time.Hour + time.Minute)
	try(c.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(member)})).must(t)
	_, err = c.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(mgmtAccount)})
	cv := wantErr[*types.ConstraintViolationException](t, err)
	if cv.Reason != types.ConstraintViolationExceptionReasonAccountCannotLeaveOrganization {
		t.Errorf("reason %s", cv.Reason)
	}
	try(c.DeleteOrganization(ctx, &organizations.DeleteOrganizationInput{})).must(t)
	_, err = c.ListRoots(ctx, &organizations.ListRootsInput{})
	wantErr[*types.AWSOrganizationsNotInUseException](t, err)
}

func TestOrganizationalUnits(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	c := ts.mgmtOrgs()
	root := ts.org()

	parent := root
	var chain []string
	for depth := 1; depth <= 5; depth++ {
		out := try(c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{
			ParentId: aws.String(parent), Name: aws.String(fmt.Sprintf("level-%d", depth)),
			Tags: []types.Tag{{Key: aws.String("depth"), Value: aws.String(fmt.Sprint(depth))}}})).must(t)
		ou := out.OrganizationalUnit
		if !strings.HasPrefix(*ou.Id, "ou-"+strings.TrimPrefix(root, "r-")+"-") || !strings.HasSuffix(*ou.Path, *ou.Id+"/") {
			t.Errorf("OU %+v", ou)
		}
		parent = *ou.Id
		chain = append(chain, parent)
	}
	_, err := c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(parent), Name: aws.String("level-6")})
	if cv := wantErr[*types.ConstraintViolationException](t, err); cv.Reason != types.ConstraintViolationExceptionReasonOuDepthLimitExceeded {
		t.Errorf("reason %s", cv.Reason)
	}
	_, err = c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("level-1")})
	wantErr[*types.DuplicateOrganizationalUnitException](t, err)
	_, err = c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String("ou-abcd-zzzzzzzz"), Name: aws.String("x")})
	wantErr[*types.ParentNotFoundException](t, err)
	_, err = c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String("nonsense"), Name: aws.String("x")})
	if ie := wantErr[*types.InvalidInputException](t, err); ie.Reason != types.InvalidInputExceptionReasonInvalidPattern {
		t.Errorf("reason %s", ie.Reason)
	}

	tags := try(c.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(chain[2])})).must(t)
	if len(tags.Tags) != 1 || *tags.Tags[0].Value != "3" {
		t.Errorf("tags %+v", tags.Tags)
	}
	try(c.UntagResource(ctx, &organizations.UntagResourceInput{ResourceId: aws.String(chain[2]), TagKeys: []string{"depth", "absent"}})).must(t)
	if tags := try(c.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(chain[2])})).must(t); len(tags.Tags) != 0 {
		t.Errorf("tags after UntagResource %+v", tags.Tags)
	}
	renamed := try(c.UpdateOrganizationalUnit(ctx, &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(chain[0]), Name: aws.String("top")})).must(t)
	if *renamed.OrganizationalUnit.Name != "top" {
		t.Errorf("renamed %+v", renamed.OrganizationalUnit)
	}
	desc := try(c.DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(chain[0])})).must(t)
	if *desc.OrganizationalUnit.Name != "top" {
		t.Errorf("described %+v", desc.OrganizationalUnit)
	}

	// A non-empty OU cannot be deleted; an empty one can, and then is gone.
	_, err = c.DeleteOrganizationalUnit(ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(chain[3])})
	wantErr[*types.OrganizationalUnitNotEmptyException](t, err)
	try(c.DeleteOrganizationalUnit(ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(chain[4])})).must(t)
	_, err = c.DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(chain[4])})
	wantErr[*types.OrganizationalUnitNotFoundException](t, err)

	kids := try(c.ListChildren(ctx, &organizations.ListChildrenInput{ParentId: aws.String(root), ChildType: types.ChildTypeOrganizationalUnit})).must(t)
	if len(kids.Children) != 1 || *kids.Children[0].Id != chain[0] {
		t.Errorf("children %+v", kids.Children)
	}
	parents := try(c.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(chain[1])})).must(t)
	if len(parents.Parents) != 1 || *parents.Parents[0].Id != chain[0] || parents.Parents[0].Type != types.ParentTypeOrganizationalUnit {
		t.Errorf("parents %+v", parents.Parents)
	}
	_, err = c.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String("999999999999")})
	wantErr[*types.ChildNotFoundException](t, err)

	// The OUs of a parent, a page at a time.
	ts.ou(root, "sibling-a")
	ts.ou(root, "sibling-b")
	var names []string
	pages := organizations.NewListOrganizationalUnitsForParentPaginator(c, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root), MaxResults: aws.Int32(1)})
	for pages.HasMorePages() {
		out := try(pages.NextPage(ctx)).must(t)
		if len(out.OrganizationalUnits) != 1 {
			t.Fatalf("a page of %d OUs, want 1", len(out.OrganizationalUnits))
		}
		names = append(names, *out.OrganizationalUnits[0].Name)
	}
	if slices.Sort(names); strings.Join(names, ",") != "sibling-a,sibling-b,top" {
		t.Errorf("OUs under the root: %v", names)
	}
	under := try(c.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(chain[0])})).must(t)
	if len(under.OrganizationalUnits) != 1 || *under.OrganizationalUnits[0].Id != chain[1] || under.NextToken != nil {
		t.Errorf("OUs under %s: %+v", chain[0], under)
	}
	_, err = c.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(chain[4])})
	wantErr[*types.ParentNotFoundException](t, err)
}

func TestAccounts(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	c := ts.mgmtOrgs()
	root := ts.org()
	eng := ts.ou(root, "Engineering")

	out := try(c.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("dev"), Email: aws.String("dev@example.com"),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("platform")}}})).must(t)
	st := out.CreateAccountStatus
	if st.State != types.CreateAccountStateInProgress || !regexp.MustCompile(`^car-[a-z0-9]{8,32}$`).MatchString(*st.Id) {
		t.Errorf("create status %+v", st)
	}
	done := try(c.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: st.Id})).must(t)
	dev := *done.CreateAccountStatus.AccountId
	if done.CreateAccountStatus.State != types.CreateAccountStateSucceeded || !regexp.MustCompile(`^\d{12}$`).MatchString(dev) {
		t.Errorf("status %+v", done.CreateAccountStatus)
	}

	// The same email again fails asynchronously, as on AWS.
	again := try(c.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("dev2"), Email: aws.String("dev@example.com")})).must(t)
	failed := try(c.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: again.CreateAccountStatus.Id})).must(t)
	if failed.CreateAccountStatus.State != types.CreateAccountStateFailed || failed.CreateAccountStatus.FailureReason != types.CreateAccountFailureReasonEmailAlreadyExists {
		t.Errorf("duplicate email: %+v", failed.CreateAccountStatus)
	}
	listed := try(c.ListCreateAccountStatus(ctx, &organizations.ListCreateAccountStatusInput{States: []types.CreateAccountState{types.CreateAccountStateFailed}})).must(t)
	if len(listed.CreateAccountStatuses) != 1 {
		t.Errorf("failed statuses %+v", listed.CreateAccountStatuses)
	}
	_, err := c.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("x"), Email: aws.String("not-an-email")})
	wantErr[*types.InvalidInputException](t, err)
	_, err = c.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: aws.String("car-000000000000")})
	wantErr[*types.CreateAccountStatusNotFoundException](t, err)

	acct := try(c.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(dev)})).must(t)
	a := acct.Account
	if *a.Name != "dev" || *a.Email != "dev@example.com" || a.JoinedMethod != types.AccountJoinedMethodCreated || a.JoinedTimestamp == nil ||
		!strings.HasSuffix(*a.Arn, "/"+dev) {
		t.Errorf("account %+v", a)
	}
	_, err = c.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String("222222222222")})
	wantErr[*types.AccountNotFoundException](t, err)

	// Moves check the source parent and the destination.
	_, err = c.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(dev), SourceParentId: aws.String(eng), DestinationParentId: aws.String(root)})
	wantErr[*types.SourceParentNotFoundException](t, err)
	_, err = c.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(dev), SourceParentId: aws.String(root), DestinationParentId: aws.String(root)})
	wantErr[*types.DuplicateAccountException](t, err)
	_, err = c.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(dev), SourceParentId: aws.String(root), DestinationParentId: aws.String("ou-abcd-zzzzzzzz")})
	wantErr[*types.DestinationParentNotFoundException](t, err)
	ts.move(dev, root, eng)
	inEng := try(c.ListAccountsForParent(ctx, &organizations.ListAccountsForParentInput{ParentId: aws.String(eng)})).must(t)
	if len(inEng.Accounts) != 1 || *inEng.Accounts[0].Id != dev {
		t.Errorf("accounts in Engineering: %+v", inEng.Accounts)
	}
	parents := try(c.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(dev)})).must(t)
	if *parents.Parents[0].Id != eng {
		t.Errorf("parent %+v", parents.Parents)
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	c := ts.mgmtOrgs()
	ts.org()
	for i := 0; i < 6; i++ {
		ts.account(fmt.Sprintf("acct-%d", i))
	}
	seen := map[string]bool{}
	pages := 0
	p := organizations.NewListAccountsPaginator(c, &organizations.ListAccountsInput{MaxResults: aws.Int32(3)})
	for p.HasMorePages() {
		out := try(p.NextPage(ctx)).must(t)
		pages++
		for _, a := range out.Accounts {
			if seen[*a.Id] {
				t.Errorf("account %s listed twice", *a.Id)
			}
			seen[*a.Id] = true
		}
	}
	if pages != 3 || len(seen) != 7 {
		t.Errorf("%d pages, %d accounts; want 3 and 7", pages, len(seen))
	}
	_, err := c.ListAccounts(ctx, &organizations.ListAccountsInput{NextToken: aws.String("bogus")})
	if ie := wantErr[*types.InvalidInputException](t, err); ie.Reason != types.InvalidInputExceptionReasonInvalidPaginationToken {
		t.Errorf("reason %s", ie.Reason)
	}
	_, err = c.ListAccounts(ctx, &organizations.ListAccountsInput{MaxResults: aws.Int32(21)})
	if ie := wantErr[*types.InvalidInputException](t, err); ie.Reason != types.InvalidInputExceptionReasonMaxValueExceeded {
		t.Errorf("reason %s", ie.Reason)
	}
}

// TestDefaultPageSize: a list without MaxResults answers at most 20 items
// and a NextToken, as AWS Organizations does; the SDK's paginator gets all.
func TestDefaultPageSize(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	c := ts.mgmtOrgs()
	ts.org()
	for i := range 24 {
		ts.account(fmt.Sprintf("acct-%02d", i))
	}
	first := try(c.ListAccounts(ctx, &organizations.ListAccountsInput{})).must(t)
	if len(first.Accounts) != 20 || first.NextToken == nil {
		t.Fatalf("first page: %d accounts, NextToken %v", len(first.Accounts), first.NextToken)
	}
	var all []types.Account
	for p := organizations.NewListAccountsPaginator(c, &organizations.ListAccountsInput{}); p.HasMorePages(); {
		all = append(all, try(p.NextPage(ctx)).must(t).Accounts...)
	}
	if len(all) != 25 {
		t.Errorf("paginated: %d accounts, want 25", len(all))
	}
}
