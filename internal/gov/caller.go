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
	// administrator, which reads the organization to manage its policies.
	needAdminRead
	// needMember: any account of the organization.
	needMember
)

// authorize checks that an organization exists and that the caller may
// call the operation. For operations on policies, policyType is the type
// concerned: the chatbot delegated administrator may write
// CHATBOT_POLICY policies and nothing else (D13).
func (m *model) authorize(c Caller, op string, n need, policyType policy.Type) error {
	r := m.roleOf(c)
	if r == outsider {
		// As on AWS, an account outside every organization (a standalone
		// account of this server) is told it is in none.
		if m.org == nil {
			return notFound(ResOrganization, "your account is not a member of an organization")
		}
		return notFound(ResOrganization, "Your account is not a member of an organization. Account %s is not in organization %s.", c.AccountID, m.org.ID)
	}
	switch {
	case r == management:
		return nil
	case n == needMember:
		return nil
	case r == chatbotAdmin && n == needAdminRead && (policyType == "" || policyType == policy.ChatbotPolicy):
		return nil
	}
	who := "a member account"
	if r == chatbotAdmin {
		who = "the delegated administrator for " + ChatbotServicePrincipal
	}
	what := "only the management account can call " + op
	switch {
	case n == needAdminRead && policyType != "" && policyType != policy.ChatbotPolicy:
		what = fmt.Sprintf("only the management account can call %s for %s policies; the delegated administrator for %s manages %s policies only",
			op, policyType, ChatbotServicePrincipal, policy.ChatbotPolicy)
	case n == needAdminRead:
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
