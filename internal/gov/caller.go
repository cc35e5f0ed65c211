package gov

import (
	"fmt"
	"strings"

	"github.com/chatgov/chatgov/internal/policy"
)

// Caller is an authenticated principal.
type Caller struct {
	AccountID string
	// ARN is the principal: arn:aws:iam::ACCOUNT:root, or an assumed role's
	// arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION.
	ARN         string
	AccessKeyID string
	// Region is the region the request was signed for; the ARNs of the
	// answer are in its partition (aws when empty).
	Region string
}

// ChatbotServicePrincipal is the service principal of AWS Chatbot (D13):
// its delegated administrator manages chat applications policies.
const ChatbotServicePrincipal = "chatbot.amazonaws.com"

// role is what a caller is to the organization.
type role uint8

const (
	outsider role = iota // not in the organization
	member
	chatbotAdmin // a member registered as the chatbot delegated administrator
	management
)

func (m *model) roleOf(c Caller) role {
	if m.org == nil {
		return outsider
	}
	if c.AccountID == m.org.ManagementAccountID {
		return management
	}
	if _, ok := m.accts.Get(c.AccountID); !ok {
		return outsider
	}
	if ds, ok := m.delegated.Get(c.AccountID); ok {
		if _, ok := ds[ChatbotServicePrincipal]; ok {
			return chatbotAdmin
		}
	}
	return member
}

// need is who may call an operation.
type need uint8

const (
	// needManagement: the management account only.
	needManagement need = iota
	// needAdminRead: the management account, or the chatbot delegated
	// administrator, which has read-only access to the organization's data
	// (as RegisterDelegatedAdministrator grants on AWS), policies of every
	// type included.
	needAdminRead
	// needPolicyAdmin: the management account, or the chatbot delegated
	// administrator for CHATBOT_POLICY policies (D13).
	needPolicyAdmin
	// needMember: any account of the organization.
	needMember
)

// authorize checks that an organization exists and that the caller may
// call the operation. For needPolicyAdmin, policyType is the type of the
// policies concerned: the chatbot delegated administrator may write
// CHATBOT_POLICY policies and nothing else (D13). Beyond these built-in
// roles, the organization's resource policy may allow a member the
// operation (with organizations:PolicyType set to policyType, on each of
// resources, the ARNs involved; "*" when none are given), and its explicit
// Deny refuses any member whatever its role; operations any member may call
// are not subject to it. It returns NotFound (ResOrganization) without an
// organization and AccessDenied otherwise.
func (m *model) authorize(c Caller, op string, n need, policyType policy.Type, resources ...string) error {
	r := m.roleOf(c)
	if r == outsider {
		// As on AWS, an account outside every organization (a standalone
		// account of this server) is told it is in none.
		if m.org == nil {
			return notFound(ResOrganization, "account %s is not in an organization: this chatgov server has none yet", c.AccountID)
		}
		return notFound(ResOrganization, "Your account is not a member of an organization. Account %s is not in organization %s.", c.AccountID, m.org.ID)
	}
	if r == management || n == needMember {
		return nil
	}
	switch delegated, by := m.resourcePolicyDecision(c, op, policyType, resources); {
	case delegated == delegationDenies:
		return newErr(AccessDenied, "", "", "%s (%s) may not call %s: the organization's resource policy denies it (%s)", c.ARN, c.AccountID, op, by)
	case delegated == delegationAllows:
		return nil
	case r == chatbotAdmin && n == needAdminRead:
		return nil
	case r == chatbotAdmin && n == needPolicyAdmin && (policyType == "" || policyType == policy.ChatbotPolicy):
		return nil
	}
	who := "a member account"
	if r == chatbotAdmin {
		who = "the delegated administrator for " + ChatbotServicePrincipal
	}
	what := "only the management account can call " + op
	switch {
	case n == needPolicyAdmin && policyType != "" && policyType != policy.ChatbotPolicy:
		what = fmt.Sprintf("only the management account can call %s for %s policies; the delegated administrator for %s manages %s policies only",
			op, policyType, ChatbotServicePrincipal, policy.ChatbotPolicy)
	case n == needAdminRead || n == needPolicyAdmin:
		what = fmt.Sprintf("only the management account or the delegated administrator for %s can call %s", ChatbotServicePrincipal, op)
	}
	return newErr(AccessDenied, "", "", "%s (%s) is %s: %s", c.ARN, c.AccountID, who, what)
}

// principalAccount extracts the account from a principal ARN.
func principalAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 5 {
		return ""
	}
	return parts[4]
}

// Partition returns the AWS partition a region belongs to: aws-cn for the
// China regions, aws-us-gov for GovCloud, the ISO partitions for theirs, and
// aws for every other region (and for none).
func Partition(region string) string {
	for _, p := range regionPartitions {
		if strings.HasPrefix(region, p.prefix) {
			return p.partition
		}
	}
	return "aws"
}

// regionPartitions maps region name prefixes to partitions, most specific
// first.
var regionPartitions = []struct{ prefix, partition string }{
	{"cn-", "aws-cn"},
	{"us-gov-", "aws-us-gov"},
	{"us-isob-", "aws-iso-b"},
	{"us-isof-", "aws-iso-f"},
	{"us-iso-", "aws-iso"},
	{"eu-isoe-", "aws-iso-e"},
	{"eusc-", "aws-eusc"},
}

// Partition returns the partition the caller's request was signed for.
func (c Caller) Partition() string {
	if c.Region == "" {
		return "aws"
	}
	return Partition(c.Region)
}

// InRegion returns the caller as seen by a request signed for region: its
// principal ARN is written in that region's partition.
func (c Caller) InRegion(region string) Caller {
	c.Region = region
	if parts := strings.SplitN(c.ARN, ":", 3); len(parts) == 3 && parts[0] == "arn" {
		c.ARN = "arn:" + c.Partition() + ":" + parts[2]
	}
	return c
}
