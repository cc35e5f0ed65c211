package awsapi_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/chatgov/chatgov/internal/scenario"
)

func seedPolicy(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(scenario.Testdata(), "documents", "valid", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (ts *testServer) enable(root string, pt types.PolicyType) {
	ts.t.Helper()
	if _, err := ts.mgmtOrgs().EnablePolicyType(context.Background(), &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: pt}); err != nil {
		ts.t.Fatalf("EnablePolicyType %s: %v", pt, err)
	}
}

func (ts *testServer) createPolicy(c *organizations.Client, name string, pt types.PolicyType, content string) string {
	ts.t.Helper()
	out, err := c.CreatePolicy(context.Background(), &organizations.CreatePolicyInput{Name: aws.String(name), Description: aws.String("test"),
		Type: pt, Content: aws.String(content)})
	if err != nil {
		ts.t.Fatalf("CreatePolicy %s: %v", name, err)
	}
	return *out.Policy.PolicySummary.Id
}

func (ts *testServer) attach(c *organizations.Client, policyID, target string) {
	ts.t.Helper()
	if _, err := c.AttachPolicy(context.Background(), &organizations.AttachPolicyInput{PolicyId: aws.String(policyID), TargetId: aws.String(target)}); err != nil {
		ts.t.Fatalf("AttachPolicy %s to %s: %v", policyID, target, err)
	}
}

func TestChatbotPolicyLifecycle(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	c := ts.mgmtOrgs()
	root := ts.org()
	acct := ts.account("workload")

	created := try(c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("example-1"), Description: aws.String("the seed's example 1"),
		Type: types.PolicyTypeChatbotPolicy, Content: aws.String(seedPolicy(t, "seed-example-1"))})).must(t)
	p := created.Policy.PolicySummary
	if !strings.HasPrefix(*p.Id, "p-") || *p.Arn != fmt.Sprintf("arn:aws:organizations::%s:policy/%s/chatbot_policy/%s", mgmtAccount, strings.Split(*p.Arn, "/")[1], *p.Id) ||
		p.Type != types.PolicyTypeChatbotPolicy || p.AwsManaged {
		t.Errorf("summary %+v", p)
	}
	_, err := c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("example-1"), Description: aws.String(""),
		Type: types.PolicyTypeChatbotPolicy, Content: aws.String(`{"chatbot":{}}`)})
	wantErr[*types.DuplicatePolicyException](t, err)

	// A malformed document names every problem and its path.
	_, err = c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("bad"), Description: aws.String(""),
		Type: types.PolicyTypeChatbotPolicy, Content: aws.String(`{"chatbot":{"platforms":{"slak":{}, "slack":{"client":{"@@append":["x"]}}}}}`)})
	mp := wantErr[*types.MalformedPolicyDocumentException](t, err)
	for _, want := range []string{"2 problems", `$.chatbot.platforms.slak: unknown key "slak"`, "$.chatbot.platforms.slack.client.@@append"} {
		if !strings.Contains(*mp.Message, want) {
			t.Errorf("message %q lacks %q", *mp.Message, want)
		}
	}
	big := `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@assign":["` + strings.Repeat("T", 200) + `"` + strings.Repeat(`,"`+strings.Repeat("A", 200)+`"`, 60) + `]}}}}}`
	_, err = c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("big"), Description: aws.String(""),
		Type: types.PolicyTypeChatbotPolicy, Content: aws.String(big)})
	if cv := wantErr[*types.ConstraintViolationException](t, err); cv.Reason != types.ConstraintViolationExceptionReasonPolicyContentLimitExceeded {
		t.Errorf("reason %s", cv.Reason)
	}

	// Attaching needs the type enabled.
	_, err = c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: p.Id, TargetId: aws.String(root)})
	wantErr[*types.PolicyTypeNotEnabledException](t, err)
	_, err = c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(acct)})
	wantErr[*types.EffectivePolicyNotFoundException](t, err)
	ts.enable(root, types.PolicyTypeChatbotPolicy)
	_, err = c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeChatbotPolicy})
	wantErr[*types.PolicyTypeAlreadyEnabledException](t, err)
	// With the type enabled and no policy in effect, AWS answers "{}", and a
	// validation report without errors, path or evaluation time.
	for _, target := range []string{acct, mgmtAccount} {
		eff := try(c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy,
			TargetId: aws.String(target)})).must(t)
		if *eff.EffectivePolicy.PolicyContent != "{}" || *eff.EffectivePolicy.TargetId != target {
			t.Errorf("effective policy of %s without a policy: %+v", target, eff.EffectivePolicy)
		}
	}
	report := try(c.ListEffectivePolicyValidationErrors(ctx, &organizations.ListEffectivePolicyValidationErrorsInput{AccountId: aws.String(acct),
		PolicyType: types.EffectivePolicyTypeChatbotPolicy})).must(t)
	if len(report.EffectivePolicyValidationErrors) != 0 || report.Path != nil || report.EvaluationTimestamp != nil || *report.AccountId != acct {
		t.Errorf("validation report without a policy: %+v", report)
	}
	// A root is not a target of effective policies.
	_, err = c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(root)})
	if ie := wantErr[*types.InvalidInputException](t, err); ie.Reason != types.InvalidInputExceptionReasonTargetNotSupported {
		t.Errorf("root as target: %s", ie.Reason)
	}

	ts.attach(c, *p.Id, root)
	_, err = c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: p.Id, TargetId: aws.String(root)})
	wantErr[*types.DuplicatePolicyAttachmentException](t, err)
	_, err = c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: p.Id, TargetId: aws.String("999999999999")})
	wantErr[*types.TargetNotFoundException](t, err)
	_, err = c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String("p-doesnotexist"), TargetId: aws.String(root)})
	wantErr[*types.PolicyNotFoundException](t, err)

	eff := try(c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(acct)})).must(t)
	want := `{"chatbot":{"default":{"client":"disabled"},"platforms":{"chime":{"client":"disabled"},"microsoft_teams":{"client":"disabled"},"slack":{"client":"enabled","default":{"supported_channel_types":["private"],"supported_role_settings":["channel_role","user_role"]},"workspaces":["W1"]}}}}`
	if got := *eff.EffectivePolicy.PolicyContent; got != want || *eff.EffectivePolicy.TargetId != acct || eff.EffectivePolicy.LastUpdatedTimestamp == nil {
		t.Errorf("effective %s\nwant      %s", got, want)
	}
	_, err = c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(root)})
	wantErr[*types.InvalidInputException](t, err)

	// A policy in use cannot be deleted; detached, it can.
	_, err = c.DeletePolicy(ctx, &organizations.DeletePolicyInput{PolicyId: p.Id})
	wantErr[*types.PolicyInUseException](t, err)
	targets := try(c.ListTargetsForPolicy(ctx, &organizations.ListTargetsForPolicyInput{PolicyId: p.Id})).must(t)
	if len(targets.Targets) != 1 || *targets.Targets[0].TargetId != root || targets.Targets[0].Type != types.TargetTypeRoot {
		t.Errorf("targets %+v", targets.Targets)
	}
	try(c.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: p.Id, TargetId: aws.String(root)})).must(t)
	_, err = c.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: p.Id, TargetId: aws.String(root)})
	wantErr[*types.PolicyNotAttachedException](t, err)
	try(c.DeletePolicy(ctx, &organizations.DeletePolicyInput{PolicyId: p.Id})).must(t)
	_, err = c.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: p.Id})
	wantErr[*types.PolicyNotFoundException](t, err)
}

func TestAttachOrderAndLimits(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	c := ts.mgmtOrgs()
	root := ts.org()
	ts.enable(root, types.PolicyTypeChatbotPolicy)
	acct := ts.account("workload")
	var ids []string
	for i := 0; i < 6; i++ {
		ids = append(ids, ts.createPolicy(c, fmt.Sprintf("p%d", i), types.PolicyTypeChatbotPolicy,
			fmt.Sprintf(`{"chatbot":{"platforms":{"slack":{"workspaces":{"@@append":["W%d"]}}}}}`, i)))
	}
	// Attach in reverse name order; the listing keeps attach order.
	for i := 4; i >= 0; i-- {
		ts.attach(c, ids[i], acct)
	}
	_, err := c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(ids[5]), TargetId: aws.String(acct)})
	if cv := wantErr[*types.ConstraintViolationException](t, err); cv.Reason != types.ConstraintViolationExceptionReasonMaxPolicyTypeAttachmentLimitExceeded {
		t.Errorf("reason %s", cv.Reason)
	}
	listed := try(c.ListPoliciesForTarget(ctx, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(acct), Filter: types.PolicyTypeChatbotPolicy})).must(t)
	var names []string
	for _, p := range listed.Policies {
		names = append(names, *p.Name)
	}
	if strings.Join(names, ",") != "p4,p3,p2,p1,p0" {
		t.Errorf("attach order %v", names)
	}
	eff := try(c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(acct)})).must(t)
	if got := *eff.EffectivePolicy.PolicyContent; got != `{"chatbot":{"platforms":{"slack":{"workspaces":["W4","W3","W2","W1","W0"]}}}}` {
		t.Errorf("effective %s", got)
	}

	// Updating a policy's content changes the effective policy at once.
	try(c.UpdatePolicy(ctx, &organizations.UpdatePolicyInput{PolicyId: aws.String(ids[4]), Content: aws.String(`{"chatbot":{"platforms":{"slack":{"workspaces":{"@@assign":["W9"]}}}}}`)})).must(t)
	eff = try(c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(acct)})).must(t)
	if got := *eff.EffectivePolicy.PolicyContent; got != `{"chatbot":{"platforms":{"slack":{"workspaces":["W9","W3","W2","W1","W0"]}}}}` {
		t.Errorf("after update %s", got)
	}
}

func TestServiceControlPolicies(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	c := ts.mgmtOrgs()
	root := ts.org()
	ou := ts.ou(root, "Workloads")
	acct := ts.account("workload")

	// SCPs are enabled with the organization; enabling them again is an
	// error, and disabling and enabling them again attaches FullAWSAccess
	// everywhere, including to what comes later (D12).
	_, err := c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy})
	wantErr[*types.PolicyTypeAlreadyEnabledException](t, err)
	try(c.DisablePolicyType(ctx, &organizations.DisablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy})).must(t)
	if out := try(c.ListPoliciesForTarget(ctx, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(ou),
		Filter: types.PolicyTypeServiceControlPolicy})).must(t); len(out.Policies) != 0 {
		t.Errorf("SCPs after disabling: %+v", out.Policies)
	}
	ts.enable(root, types.PolicyTypeServiceControlPolicy)
	later := ts.ou(root, "Later")
	for _, target := range []string{root, ou, acct, later, mgmtAccount} {
		out := try(c.ListPoliciesForTarget(ctx, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(target), Filter: types.PolicyTypeServiceControlPolicy})).must(t)
		if len(out.Policies) != 1 || *out.Policies[0].Id != "p-FullAWSAccess" || !out.Policies[0].AwsManaged ||
			*out.Policies[0].Arn != "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess" {
			t.Errorf("%s: %+v", target, out.Policies)
		}
	}
	_, err = c.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(ou)})
	if cv := wantErr[*types.ConstraintViolationException](t, err); cv.Reason != types.ConstraintViolationExceptionReasonMinPolicyTypeAttachmentLimitExceeded {
		t.Errorf("reason %s", cv.Reason)
	}
	_, err = c.UpdatePolicy(ctx, &organizations.UpdatePolicyInput{PolicyId: aws.String("p-FullAWSAccess"), Name: aws.String("x")})
	if ie := wantErr[*types.InvalidInputException](t, err); ie.Reason != types.InvalidInputExceptionReasonImmutablePolicy {
		t.Errorf("reason %s", ie.Reason)
	}
	guard := ts.createPolicy(c, "chat-guardrail", types.PolicyTypeServiceControlPolicy, seedPolicy(t, "scp-blog-chat-guardrail"))
	ts.attach(c, guard, ou)
	try(c.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(ou)})).must(t)

	// IAM grammar errors are malformed documents with their paths.
	_, err = c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("bad"), Description: aws.String(""), Type: types.PolicyTypeServiceControlPolicy,
		Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"*","Resource":"*","Principal":"*"}]}`)})
	mp := wantErr[*types.MalformedPolicyDocumentException](t, err)
	if !strings.Contains(*mp.Message, "$.Statement[0].Effect") || !strings.Contains(*mp.Message, "$.Statement[0].Principal") {
		t.Errorf("message %q", *mp.Message)
	}
	// SCPs have no effective policy.
	_, err = c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyType("SERVICE_CONTROL_POLICY"), TargetId: aws.String(acct)})
	wantErr[*types.InvalidInputException](t, err)

	// Disabling the type detaches every SCP.
	try(c.DisablePolicyType(ctx, &organizations.DisablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy})).must(t)
	targets := try(c.ListTargetsForPolicy(ctx, &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(guard)})).must(t)
	if len(targets.Targets) != 0 {
		t.Errorf("targets after disable: %+v", targets.Targets)
	}
	_, err = c.DisablePolicyType(ctx, &organizations.DisablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy})
	wantErr[*types.PolicyTypeNotEnabledException](t, err)
}

func TestEffectivePolicyValidationErrors(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	c := ts.mgmtOrgs()
	root := ts.org()
	ts.enable(root, types.PolicyTypeChatbotPolicy)
	ou := ts.ou(root, "Workloads")
	acct := ts.account("workload")
	ts.move(acct, root, ou)
	clean := ts.account("clean")

	lock := ts.createPolicy(c, "lock", types.PolicyTypeChatbotPolicy,
		`{"chatbot":{"platforms":{"slack":{"workspaces":{"@@operators_allowed_for_child_policies":["@@remove"],"@@assign":["W1","W2"]}}}}}`)
	add := ts.createPolicy(c, "add", types.PolicyTypeChatbotPolicy, `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@append":["W3"]}}}}}`)
	ts.attach(c, lock, root)
	ts.attach(c, add, ou)

	out := try(c.ListEffectivePolicyValidationErrors(ctx, &organizations.ListEffectivePolicyValidationErrorsInput{AccountId: aws.String(acct),
		PolicyType: types.EffectivePolicyTypeChatbotPolicy})).must(t)
	if len(out.EffectivePolicyValidationErrors) != 1 {
		t.Fatalf("errors %+v", out.EffectivePolicyValidationErrors)
	}
	e := out.EffectivePolicyValidationErrors[0]
	if *e.ErrorCode != "OPERATOR_NOT_ALLOWED" || *e.PathToError != "$.chatbot.platforms.slack.workspaces" ||
		strings.Join(e.ContributingPolicies, ",") != add+","+lock || !strings.HasSuffix(*out.Path, acct+"/") {
		t.Errorf("error %+v, path %s", e, *out.Path)
	}
	invalid := try(c.ListAccountsWithInvalidEffectivePolicy(ctx, &organizations.ListAccountsWithInvalidEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy})).must(t)
	if len(invalid.Accounts) != 1 || *invalid.Accounts[0].Id != acct {
		t.Errorf("invalid accounts %+v (clean is %s)", invalid.Accounts, clean)
	}
}

// TestMovesKeepEffectivePoliciesCorrect moves accounts between OUs with
// different policies, with and without policies of their own.
func TestMovesKeepEffectivePoliciesCorrect(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	c := ts.mgmtOrgs()
	root := ts.org()
	ts.enable(root, types.PolicyTypeChatbotPolicy)
	a, b := ts.ou(root, "A"), ts.ou(root, "B")
	plain, own := ts.account("plain"), ts.account("own")
	ts.move(plain, root, a)
	ts.move(own, root, a)
	pa := ts.createPolicy(c, "a", types.PolicyTypeChatbotPolicy, `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@assign":["WA"]}}}}}`)
	pb := ts.createPolicy(c, "b", types.PolicyTypeChatbotPolicy, `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@assign":["WB"]}}}}}`)
	po := ts.createPolicy(c, "own", types.PolicyTypeChatbotPolicy, `{"chatbot":{"platforms":{"slack":{"workspaces":{"@@append":["WO"]}}}}}`)
	ts.attach(c, pa, a)
	ts.attach(c, pb, b)
	ts.attach(c, po, own)
	effective := func(acct string) string {
		out := try(c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeChatbotPolicy,
			TargetId: aws.String(acct)})).must(t)
		return *out.EffectivePolicy.PolicyContent
	}
	if got := effective(own); got != `{"chatbot":{"platforms":{"slack":{"workspaces":["WA","WO"]}}}}` {
		t.Errorf("own in A: %s", got)
	}
	ts.move(plain, a, b)
	ts.move(own, a, b)
	if got := effective(plain); got != `{"chatbot":{"platforms":{"slack":{"workspaces":["WB"]}}}}` {
		t.Errorf("plain in B: %s", got)
	}
	if got := effective(own); got != `{"chatbot":{"platforms":{"slack":{"workspaces":["WB","WO"]}}}}` {
		t.Errorf("own in B: %s", got)
	}
	ts.move(own, b, root)
	if got := effective(own); got != `{"chatbot":{"platforms":{"slack":{"workspaces":["WO"]}}}}` {
		t.Errorf("own under the root: %s", got)
	}
	// Detaching the OU's policy leaves an account without any policy: "{}".
	try(c.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String(pb), TargetId: aws.String(b)})).must(t)
	if got := effective(plain); got != `{}` {
		t.Errorf("plain without a policy: %s", got)
	}
}
