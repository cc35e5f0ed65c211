package awsapi_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/config"
)

const day = 24 * time.Hour

// startMovableServer starts a server whose clock tests may move by weeks:
// the SDK signs with the real time, so the allowed skew is wide.
func startMovableServer(t *testing.T, opts ...func(*config.Config)) *testServer {
	return startServer(t, append([]func(*config.Config){func(c *config.Config) { c.ClockSkew = 365 * day }}, opts...)...)
}

// standalone creates a standalone account (chatgov's stand-in for AWS
// sign-up) and returns its ID and root credentials.
func (ts *testServer) standalone(name string) (string, aws.Config) {
	ts.t.Helper()
	out, err := ts.chatgov(ts.mgmt()).CreateStandaloneAccount(context.Background(),
		api.CreateStandaloneAccountInput{AccountName: name, Email: name + "@example.com"})
	if err != nil {
		ts.t.Fatalf("create-standalone-account %s: %v", name, err)
	}
	if out.Account.Status != "ACTIVE" || out.AccessKey.AccountID != out.Account.ID || out.AccessKey.UserArn != "arn:aws:iam::"+out.Account.ID+":root" {
		ts.t.Fatalf("create-standalone-account %s: %+v", name, out)
	}
	return out.Account.ID, ts.awsConfig(out.AccessKey.AccessKeyID, out.AccessKey.SecretAccessKey, "")
}

// invite invites an account and returns the handshake.
func (ts *testServer) invite(typ types.HandshakePartyType, id string) types.Handshake {
	ts.t.Helper()
	out, err := ts.mgmtOrgs().InviteAccountToOrganization(context.Background(), &organizations.InviteAccountToOrganizationInput{
		Target: &types.HandshakeParty{Type: typ, Id: aws.String(id)}})
	if err != nil {
		ts.t.Fatalf("InviteAccountToOrganization %s %s: %v", typ, id, err)
	}
	return *out.Handshake
}

var reHandshakeID = regexp.MustCompile(`^h-[0-9a-z]{8,32}$`)

func TestInvitation(t *testing.T) {
	t.Parallel()
	ts := startMovableServer(t)
	ctx := context.Background()
	mc := ts.mgmtOrgs()
	root := ts.org() // SCPs are enabled with it
	org := try(mc.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})).must(t).Organization
	soloID, soloCfg := ts.standalone("juan")
	solo := ts.orgs(soloCfg)
	created := ts.account("created")
	createdC := ts.orgs(ts.assume(created))

	// Outside any organization: AWS's answers for an account in none.
	_, err := solo.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	wantErr[*types.AWSOrganizationsNotInUseException](t, err)
	_, err = solo.ListAccounts(ctx, &organizations.ListAccountsInput{})
	wantErr[*types.AWSOrganizationsNotInUseException](t, err)
	_, err = solo.LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{})
	wantErr[*types.AWSOrganizationsNotInUseException](t, err)
	_, err = solo.CreateOrganization(ctx, &organizations.CreateOrganizationInput{})
	if ad := wantErr[*types.AccessDeniedException](t, err); !strings.Contains(*ad.Message, "standalone account") {
		t.Errorf("CreateOrganization by a standalone account: %s", *ad.Message)
	}
	if got := try(solo.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{})).must(t).Handshakes; len(got) != 0 {
		t.Errorf("handshakes before any invitation: %+v", got)
	}

	// The invitation, as the API reference shows it.
	out := try(mc.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{
		Target: &types.HandshakeParty{Type: types.HandshakePartyTypeEmail, Id: aws.String("Juan@Example.com")},
		Notes:  aws.String("Join us"),
		Tags:   []types.Tag{{Key: aws.String("team"), Value: aws.String("payments")}}})).must(t)
	h := *out.Handshake
	if !reHandshakeID.MatchString(*h.Id) || *h.Arn != "arn:aws:organizations::"+mgmtAccount+":handshake/"+*org.Id+"/invite/"+*h.Id ||
		h.Action != types.ActionTypeInviteAccountToOrganization || h.State != types.HandshakeStateOpen ||
		!h.ExpirationTimestamp.Equal(h.RequestedTimestamp.Add(15*day)) {
		t.Errorf("handshake %+v", h)
	}
	if len(h.Parties) != 2 || h.Parties[0].Type != types.HandshakePartyTypeOrganization || *h.Parties[0].Id != *org.Id ||
		h.Parties[1].Type != types.HandshakePartyTypeEmail || *h.Parties[1].Id != "Juan@Example.com" {
		t.Errorf("parties %+v", h.Parties)
	}
	wantResources := "ORGANIZATION=" + *org.Id + "[MASTER_EMAIL=" + *org.MasterAccountEmail + ",MASTER_NAME=management,ORGANIZATION_FEATURE_SET=FULL]," +
		"EMAIL=Juan@Example.com,NOTES=Join us"
	if got := resources(h.Resources); got != wantResources {
		t.Errorf("resources %s, want %s", got, wantResources)
	}

	// Refusals, with AWS's exceptions and reasons.
	invite := func(typ types.HandshakePartyType, id string) error {
		_, err := mc.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Type: typ, Id: aws.String(id)}})
		return err
	}
	wantErr[*types.DuplicateHandshakeException](t, invite(types.HandshakePartyTypeEmail, "juan@example.com"))
	for name, err := range map[string]error{
		"management account": invite(types.HandshakePartyTypeAccount, mgmtAccount),
		"member by email":    invite(types.HandshakePartyTypeEmail, "created@example.com"),
	} {
		if hc := wantErr[*types.HandshakeConstraintViolationException](t, err); hc.Reason != types.HandshakeConstraintViolationExceptionReasonAlreadyInAnOrganization {
			t.Errorf("%s: reason %s", name, hc.Reason)
		}
	}
	for name, tt := range map[string]struct {
		err    error
		reason types.InvalidInputExceptionReason
	}{
		"organization party": {invite(types.HandshakePartyTypeOrganization, *org.Id), types.InvalidInputExceptionReasonInvalidPartyTypeTarget},
		"bad email":          {invite(types.HandshakePartyTypeEmail, "not-an-address"), types.InvalidInputExceptionReasonInvalidEmailAddressTarget},
		"bad account":        {invite(types.HandshakePartyTypeAccount, "12345"), types.InvalidInputExceptionReasonInvalidPattern},
	} {
		if ie := wantErr[*types.InvalidInputException](t, tt.err); ie.Reason != tt.reason {
			t.Errorf("%s: reason %s, want %s", name, ie.Reason, tt.reason)
		}
	}
	_, err = createdC.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Type: types.HandshakePartyTypeAccount, Id: aws.String(soloID)}})
	wantErr[*types.AccessDeniedException](t, err)

	// Who sees it: the recipient (by email) and the management account.
	got := try(solo.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{})).must(t).Handshakes
	if len(got) != 1 || *got[0].Id != *h.Id {
		t.Errorf("recipient's handshakes %+v", got)
	}
	try(solo.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: h.Id})).must(t)
	_, err = createdC.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.HandshakeNotFoundException](t, err)
	_, err = createdC.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = mc.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: aws.String("h-00000000")})
	wantErr[*types.HandshakeNotFoundException](t, err)
	_, err = mc.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: aws.String("x-1")})
	wantErr[*types.InvalidInputException](t, err)

	// Only the recipient accepts, only the sender cancels.
	_, err = mc.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = solo.CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.AccessDeniedException](t, err)

	// Accepted, the account is a member under the root: INVITED, with the
	// invitation's tags and the SCP every new account gets.
	accepted := try(solo.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: h.Id})).must(t).Handshake
	if accepted.State != types.HandshakeStateAccepted || *accepted.Id != *h.Id {
		t.Errorf("accepted %+v", accepted)
	}
	_, err = solo.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.HandshakeAlreadyInStateException](t, err)
	_, err = solo.DeclineHandshake(ctx, &organizations.DeclineHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.InvalidHandshakeTransitionException](t, err)
	a := try(mc.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(soloID)})).must(t).Account
	if a.JoinedMethod != types.AccountJoinedMethodInvited || *a.Email != "juan@example.com" || *a.Name != "juan" || a.Status != types.AccountStatusActive {
		t.Errorf("joined account %+v", a)
	}
	parents := try(mc.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(soloID)})).must(t).Parents
	if len(parents) != 1 || *parents[0].Id != root {
		t.Errorf("parents %+v", parents)
	}
	tags := try(mc.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(soloID)})).must(t).Tags
	if len(tags) != 1 || *tags[0].Key != "team" || *tags[0].Value != "payments" {
		t.Errorf("tags %+v", tags)
	}
	scps := try(mc.ListPoliciesForTarget(ctx, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(soloID), Filter: types.PolicyTypeServiceControlPolicy})).must(t).Policies
	if len(scps) != 1 || *scps[0].Id != "p-FullAWSAccess" {
		t.Errorf("SCPs of the new member %+v", scps)
	}
	// The root key it had standalone is now a member's.
	if o := try(solo.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})).must(t).Organization; *o.Id != *org.Id {
		t.Errorf("member describes %s", *o.Id)
	}
	_, err = mc.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Type: types.HandshakePartyTypeAccount, Id: aws.String(soloID)}})
	wantErr[*types.HandshakeConstraintViolationException](t, err)

	// The management account cannot leave; the invited member can, at once.
	_, err = mc.LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{})
	wantErr[*types.MasterCannotLeaveOrganizationException](t, err)
	try(solo.LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{})).must(t)
	_, err = solo.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	wantErr[*types.AWSOrganizationsNotInUseException](t, err)
	_, err = mc.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(soloID)})
	wantErr[*types.AccountNotFoundException](t, err)
	// It keeps its root key and can be invited back, by account ID.
	again := ts.invite(types.HandshakePartyTypeAccount, soloID)
	try(solo.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: again.Id})).must(t)
	if tags := try(mc.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(soloID)})).must(t).Tags; len(tags) != 0 {
		t.Errorf("tags of the first membership came back: %+v", tags)
	}
}

// resources writes handshake resources as TYPE=value[nested,...].
func resources(rs []types.HandshakeResource) string {
	var parts []string
	for _, r := range rs {
		s := string(r.Type) + "=" + aws.ToString(r.Value)
		if len(r.Resources) > 0 {
			s += "[" + resources(r.Resources) + "]"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

func TestHandshakeStates(t *testing.T) {
	t.Parallel()
	ts := startMovableServer(t)
	ctx := context.Background()
	mc := ts.mgmtOrgs()
	ts.org()
	aID, aCfg := ts.standalone("anika")
	bID, bCfg := ts.standalone("bill")
	a, b := ts.orgs(aCfg), ts.orgs(bCfg)

	// Declined by the recipient: over, nothing else can happen to it.
	h := ts.invite(types.HandshakePartyTypeAccount, aID)
	_, err := b.DeclineHandshake(ctx, &organizations.DeclineHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.HandshakeNotFoundException](t, err)
	if d := try(a.DeclineHandshake(ctx, &organizations.DeclineHandshakeInput{HandshakeId: h.Id})).must(t).Handshake; d.State != types.HandshakeStateDeclined {
		t.Errorf("declined %+v", d)
	}
	_, err = a.DeclineHandshake(ctx, &organizations.DeclineHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.HandshakeAlreadyInStateException](t, err)
	_, err = mc.CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.InvalidHandshakeTransitionException](t, err)
	_, err = a.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.InvalidHandshakeTransitionException](t, err)

	// Canceled by the sender.
	h = ts.invite(types.HandshakePartyTypeAccount, aID)
	if c := try(mc.CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: h.Id})).must(t).Handshake; c.State != types.HandshakeStateCanceled {
		t.Errorf("canceled %+v", c)
	}
	_, err = mc.CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.HandshakeAlreadyInStateException](t, err)
	_, err = a.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.InvalidHandshakeTransitionException](t, err)

	// Expired after 15 days on the service's clock, listed 30 days more.
	h = ts.invite(types.HandshakePartyTypeEmail, "bill@example.com")
	ts.clock.advance(15*day - time.Minute)
	if d := try(b.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: h.Id})).must(t).Handshake; d.State != types.HandshakeStateOpen {
		t.Errorf("a minute before expiry: %s", d.State)
	}
	ts.clock.advance(2 * time.Minute)
	if d := try(b.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: h.Id})).must(t).Handshake; d.State != types.HandshakeStateExpired {
		t.Errorf("after expiry: %s", d.State)
	}
	_, err = b.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.InvalidHandshakeTransitionException](t, err)
	// An expired invitation is no duplicate.
	fresh := ts.invite(types.HandshakePartyTypeEmail, "bill@example.com")

	// Lists: newest first, filtered, paged.
	all := try(mc.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{})).must(t).Handshakes
	if len(all) != 4 || *all[0].Id != *fresh.Id {
		t.Errorf("organization's handshakes %d, first %s", len(all), aws.ToString(all[0].Id))
	}
	var paged []string
	p := organizations.NewListHandshakesForOrganizationPaginator(mc, &organizations.ListHandshakesForOrganizationInput{MaxResults: aws.Int32(1),
		Filter: &types.HandshakeFilter{ActionType: types.ActionTypeInviteAccountToOrganization}})
	for p.HasMorePages() {
		for _, h := range try(p.NextPage(ctx)).must(t).Handshakes {
			paged = append(paged, *h.Id)
		}
	}
	if len(paged) != 4 {
		t.Errorf("paged %v", paged)
	}
	if got := try(b.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{})).must(t).Handshakes; len(got) != 2 {
		t.Errorf("bill's handshakes %d, want 2", len(got))
	}
	if got := try(mc.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{
		Filter: &types.HandshakeFilter{ActionType: types.ActionTypeEnableAllFeatures}})).must(t).Handshakes; len(got) != 0 {
		t.Errorf("no request to enable all features was made: %+v", got)
	}
	_, err = mc.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{
		Filter: &types.HandshakeFilter{ActionType: types.ActionTypeInviteAccountToOrganization, ParentHandshakeId: fresh.Id}})
	if ie := wantErr[*types.InvalidInputException](t, err); ie.Reason != types.InvalidInputExceptionReasonMaxFilterLimitExceeded {
		t.Errorf("reason %s", ie.Reason)
	}
	_, err = mc.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{Filter: &types.HandshakeFilter{ActionType: "JOIN"}})
	wantErr[*types.InvalidInputException](t, err)

	// Thirty days after it was over, a handshake is gone.
	ts.clock.advance(30*day + time.Minute)
	_, err = b.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: h.Id})
	wantErr[*types.HandshakeNotFoundException](t, err)
	if got := try(mc.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{})).must(t).Handshakes; len(got) != 1 || *got[0].Id != *fresh.Id {
		t.Errorf("after retention: %d handshakes", len(got))
	}
	_ = bID
}

// billingOrg creates an organization with consolidated billing only and
// returns its root.
func (ts *testServer) billingOrg() string {
	ts.t.Helper()
	ctx := context.Background()
	c := ts.mgmtOrgs()
	if _, err := c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetConsolidatedBilling}); err != nil {
		ts.t.Fatalf("CreateOrganization: %v", err)
	}
	return *try(c.ListRoots(ctx, &organizations.ListRootsInput{})).must(ts.t).Roots[0].Id
}

// join invites a standalone account and has it accept.
func (ts *testServer) join(name string) (string, *organizations.Client) {
	ts.t.Helper()
	id, cfg := ts.standalone(name)
	c := ts.orgs(cfg)
	h := ts.invite(types.HandshakePartyTypeAccount, id)
	if _, err := c.AcceptHandshake(context.Background(), &organizations.AcceptHandshakeInput{HandshakeId: h.Id}); err != nil {
		ts.t.Fatalf("AcceptHandshake by %s: %v", name, err)
	}
	return id, c
}

func TestEnableAllFeatures(t *testing.T) {
	t.Parallel()
	ts := startMovableServer(t)
	ctx := context.Background()
	mc := ts.mgmtOrgs()
	root := ts.billingOrg()
	org := try(mc.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})).must(t).Organization
	created := ts.account("created")
	aID, a := ts.join("anika")
	bID, b := ts.join("bill")
	cID, cCfg := ts.standalone("carol")
	c := ts.orgs(cCfg)
	pending := ts.invite(types.HandshakePartyTypeAccount, cID)
	if got := resources(pending.Resources); !strings.Contains(got, "ORGANIZATION_FEATURE_SET=CONSOLIDATED_BILLING") {
		t.Errorf("invitation of a billing-only organization: %s", got)
	}
	_, err := mc.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy})
	wantErr[*types.PolicyTypeNotAvailableForOrganizationException](t, err)
	_, err = mc.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(created)})
	if cv := wantErr[*types.ConstraintViolationException](t, err); cv.Reason != types.ConstraintViolationExceptionReasonOrganizationNotInAllFeaturesMode {
		t.Errorf("CloseAccount in a billing-only organization: reason %s", cv.Reason)
	}

	// The request: REQUESTED, for 90 days, the organization its only party.
	parent := *try(mc.EnableAllFeatures(ctx, &organizations.EnableAllFeaturesInput{})).must(t).Handshake
	if parent.Action != types.ActionTypeEnableAllFeatures || parent.State != types.HandshakeStateRequested ||
		*parent.Arn != "arn:aws:organizations::"+mgmtAccount+":handshake/"+*org.Id+"/enable_all_features/"+*parent.Id ||
		!parent.ExpirationTimestamp.Equal(parent.RequestedTimestamp.Add(90*day)) || resources(parent.Resources) != "ORGANIZATION="+*org.Id ||
		len(parent.Parties) != 1 || parent.Parties[0].Type != types.HandshakePartyTypeOrganization {
		t.Errorf("request %+v", parent)
	}
	// The pending invitation promised consolidated billing: canceled.
	if h := try(c.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: pending.Id})).must(t).Handshake; h.State != types.HandshakeStateCanceled {
		t.Errorf("pending invitation %s", h.State)
	}
	_, err = mc.EnableAllFeatures(ctx, &organizations.EnableAllFeaturesInput{})
	if hc := wantErr[*types.HandshakeConstraintViolationException](t, err); hc.Reason != types.HandshakeConstraintViolationExceptionReasonOrganizationIsAlreadyPendingAllFeaturesMigration {
		t.Errorf("reason %s", hc.Reason)
	}
	_, err = mc.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{Target: &types.HandshakeParty{Type: types.HandshakePartyTypeAccount, Id: aws.String(cID)}})
	if hc := wantErr[*types.HandshakeConstraintViolationException](t, err); hc.Reason != types.HandshakeConstraintViolationExceptionReasonInviteDisabledDuringEnableAllFeatures {
		t.Errorf("reason %s", hc.Reason)
	}

	// One approval per invited member; the created account approves implicitly.
	kids := try(mc.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{
		Filter: &types.HandshakeFilter{ParentHandshakeId: parent.Id}})).must(t).Handshakes
	approval := map[string]types.Handshake{}
	for _, k := range kids {
		if k.Action != types.ActionTypeApproveAllFeatures || k.State != types.HandshakeStateOpen || len(k.Parties) != 2 {
			t.Errorf("approval %+v", k)
			continue
		}
		approval[*k.Parties[1].Id] = k
		if want := "PARENT_HANDSHAKE=" + *parent.Id + ",ORGANIZATION=" + *org.Id + ",ACCOUNT=" + *k.Parties[1].Id; resources(k.Resources) != want {
			t.Errorf("approval resources %s, want %s", resources(k.Resources), want)
		}
	}
	if len(approval) != 2 || approval[aID].Id == nil || approval[bID].Id == nil {
		t.Fatalf("approvals for %v", approval)
	}
	if got := try(ts.orgs(ts.assume(created)).ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{})).must(t).Handshakes; len(got) != 0 {
		t.Errorf("the created account got %+v", got)
	}
	// The management account cannot finalize while approvals are missing,
	// nor answer an approval; a member cannot answer another's.
	_, err = mc.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: parent.Id})
	if e := wantErr[*types.InvalidHandshakeTransitionException](t, err); !strings.Contains(*e.Message, aID) {
		t.Errorf("message %s", *e.Message)
	}
	_, err = mc.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: approval[aID].Id})
	wantErr[*types.AccessDeniedException](t, err)
	_, err = b.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: approval[aID].Id})
	wantErr[*types.HandshakeNotFoundException](t, err)
	_, err = a.DeclineHandshake(ctx, &organizations.DeclineHandshakeInput{HandshakeId: parent.Id})
	wantErr[*types.HandshakeNotFoundException](t, err)
	_, err = mc.CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: approval[aID].Id})
	wantErr[*types.InvalidHandshakeTransitionException](t, err)

	// Anika approves, Bill declines: the request waits, until Bill goes.
	try(a.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: approval[aID].Id})).must(t)
	try(b.DeclineHandshake(ctx, &organizations.DeclineHandshakeInput{HandshakeId: approval[bID].Id})).must(t)
	if h := try(mc.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: parent.Id})).must(t).Handshake; h.State != types.HandshakeStateRequested {
		t.Errorf("request after a decline: %s", h.State)
	}
	try(mc.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(bID)})).must(t)
	if h := try(mc.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: parent.Id})).must(t).Handshake; h.State != types.HandshakeStateOpen {
		t.Errorf("request once every member approved: %s", h.State)
	}

	// Finalized: all features, and policy types become available.
	if h := try(mc.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: parent.Id})).must(t).Handshake; h.State != types.HandshakeStateAccepted {
		t.Errorf("finalized %s", h.State)
	}
	if o := try(mc.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})).must(t).Organization; o.FeatureSet != types.OrganizationFeatureSetAll {
		t.Errorf("feature set %s", o.FeatureSet)
	}
	ts.enable(root, types.PolicyTypeServiceControlPolicy)
	_, err = mc.EnableAllFeatures(ctx, &organizations.EnableAllFeaturesInput{})
	if hc := wantErr[*types.HandshakeConstraintViolationException](t, err); hc.Reason != types.HandshakeConstraintViolationExceptionReasonOrganizationAlreadyHasAllFeatures {
		t.Errorf("reason %s", hc.Reason)
	}
	// Invitations work again, and now say FULL.
	if h := ts.invite(types.HandshakePartyTypeAccount, cID); !strings.Contains(resources(h.Resources), "ORGANIZATION_FEATURE_SET=FULL") {
		t.Errorf("invitation after: %s", resources(h.Resources))
	}
}

func TestEnableAllFeaturesCanceledOrExpired(t *testing.T) {
	t.Parallel()
	ts := startMovableServer(t)
	ctx := context.Background()
	mc := ts.mgmtOrgs()
	ts.billingOrg()
	aID, a := ts.join("anika")

	// Canceling the request cancels its approvals; it can start again.
	parent := try(mc.EnableAllFeatures(ctx, &organizations.EnableAllFeaturesInput{})).must(t).Handshake
	kids := try(a.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{
		Filter: &types.HandshakeFilter{ActionType: types.ActionTypeApproveAllFeatures}})).must(t).Handshakes
	if len(kids) != 1 || *kids[0].Parties[1].Id != aID {
		t.Fatalf("approvals %+v", kids)
	}
	try(mc.CancelHandshake(ctx, &organizations.CancelHandshakeInput{HandshakeId: parent.Id})).must(t)
	if h := try(a.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: kids[0].Id})).must(t).Handshake; h.State != types.HandshakeStateCanceled {
		t.Errorf("approval after the request was canceled: %s", h.State)
	}
	_, err := a.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: kids[0].Id})
	wantErr[*types.InvalidHandshakeTransitionException](t, err)

	// Ninety days without approval: the request expires with its approvals.
	parent = try(mc.EnableAllFeatures(ctx, &organizations.EnableAllFeaturesInput{})).must(t).Handshake
	ts.clock.advance(90*day + time.Minute)
	if h := try(mc.DescribeHandshake(ctx, &organizations.DescribeHandshakeInput{HandshakeId: parent.Id})).must(t).Handshake; h.State != types.HandshakeStateExpired {
		t.Errorf("request after 90 days: %s", h.State)
	}
	for _, k := range try(a.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{})).must(t).Handshakes {
		if k.Action == types.ActionTypeApproveAllFeatures && k.State == types.HandshakeStateOpen {
			t.Errorf("approval still open: %+v", k)
		}
	}
	// With no invited member left, a new request is OPEN at once.
	ts.invite(types.HandshakePartyTypeAccount, "999999999999")
	try(a.LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{})).must(t)
	open := try(mc.EnableAllFeatures(ctx, &organizations.EnableAllFeaturesInput{})).must(t).Handshake
	if open.State != types.HandshakeStateOpen {
		t.Errorf("request with no invited member: %s", open.State)
	}
	try(mc.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: open.Id})).must(t)
}
