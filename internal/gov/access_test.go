package gov

import (
	"sort"
	"strings"
	"testing"
)

// TestAccessTable checks that every entry of the access table is one the
// authorization code can read: the columns each need uses are set, and
// the others are not.
func TestAccessTable(t *testing.T) {
	t.Parallel()
	organization := map[need]bool{needManagement: true, needAdmin: true, needMember: true, needHandshakeAdmin: true}
	handshake := map[need]bool{needParty: true, needRecipient: true, needSender: true}
	for op := range numOperations {
		a := accessTable[op]
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			switch {
			case a.name == "":
				t.Fatalf("operation %d has no entry", op)
			case a.need == needNone:
				t.Errorf("%s: no need", a.name)
			case (organization[a.need] || a.need == needOperator || a.need == needTrust) && a.standalone:
				t.Errorf("%s: a standalone account is in no organization and is not the operator", a.name)
			case a.chatbotPolicyOnly && a.need != needAdmin:
				t.Errorf("%s: chatbotPolicyOnly limits needAdmin's grant", a.name)
			case a.delegation == delegable && a.need != needManagement && a.need != needAdmin:
				t.Errorf("%s: only calls a member's role does not allow can be delegated", a.name)
			case a.delegation == nameable && a.need != needMember && !handshake[a.need] && a.need != needHandshakeAdmin:
				t.Errorf("%s: nameable is for operations decided without the resource policy", a.name)
			case a.forOthers != needNone && a.forOthers != needAdmin && a.forOthers != needManagement:
				t.Errorf("%s: forOthers is needAdmin or needManagement", a.name)
			case a.forOthers != needNone && a.need != needAccount && a.need != needMember:
				t.Errorf("%s: forOthers is for operations on an account's own resources", a.name)
			}
			usesRefused := a.forOthers != needNone || a.need == needRecipient || a.need == needSender || a.need == needTrust ||
				a.need == needAccount && !a.standalone
			if usesRefused != (a.refused != nil) {
				t.Errorf("%s: refused is set: %v; its need uses it: %v", a.name, a.refused != nil, usesRefused)
			}
		})
	}
	// Operations that share a name are one action for a resource policy.
	accepted := map[string]bool{}
	for _, a := range accessTable {
		d := a.delegation != notDelegable
		if prev, ok := accepted[a.name]; ok && prev != d {
			t.Errorf("%s: a resource policy may name one of its operations and not another", a.name)
		}
		accepted[a.name] = d
	}
}

// TestDelegableNames pins the actions a resource policy may name: reading
// the organization, and managing its policies and tags.
func TestDelegableNames(t *testing.T) {
	t.Parallel()
	want := []string{
		"AttachPolicy", "CreatePolicy", "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType",
		"UpdatePolicy", "TagResource", "UntagResource",
		"DescribeAccount", "DescribeCreateAccountStatus", "DescribeEffectivePolicy", "DescribeHandshake",
		"DescribeOrganization", "DescribeOrganizationalUnit", "DescribePolicy", "DescribeResourcePolicy",
		"ListAccounts", "ListAccountsForParent", "ListAccountsWithInvalidEffectivePolicy", "ListAWSServiceAccessForOrganization",
		"ListChildren", "ListCreateAccountStatus", "ListDelegatedAdministrators", "ListDelegatedServicesForAccount",
		"ListEffectivePolicyValidationErrors", "ListHandshakesForOrganization", "ListOrganizationalUnitsForParent",
		"ListParents", "ListPolicies", "ListPoliciesForTarget", "ListRoots", "ListTagsForResource", "ListTargetsForPolicy",
	}
	for i, n := range want {
		want[i] = strings.ToLower(n)
	}
	var got []string
	for n := range delegableNames {
		got = append(got, n)
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("delegable actions\n got %v\nwant %v", got, want)
	}
}
