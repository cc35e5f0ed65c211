package gov

import (
	"fmt"

	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// role is what a caller is to the organization.
type role uint8

const (
	outsider role = iota // not in the organization
	member
	chatbotAdmin // a member registered as the chatbot delegated administrator
	management
)

func (m model) roleOf(c Caller) role {
	if m.Org == nil {
		return outsider
	}
	if c.AccountID == m.Org.ManagementAccountID {
		return management
	}
	if _, ok := m.Accounts.Get(c.AccountID); !ok {
		return outsider
	}
	if ds, ok := m.Delegated.Get(c.AccountID); ok {
		if _, ok := ds[ChatbotServicePrincipal]; ok {
			return chatbotAdmin
		}
	}
	return member
}

// operatorAccount returns the management account of this chatgov server:
// the organization's, or the one the server was started with while there
// is none; "" before the first start.
func (m model) operatorAccount() string {
	if m.Org != nil {
		return m.Org.ManagementAccountID
	}
	return m.Settings[SettingManagementAccount]
}

// authorize checks that the caller may call op, as accessTable says, for
// the operations whose answer depends on the caller alone (the needs
// needManagement, needAdmin, needMember, needHandshakeAdmin, needOperator
// and needAccount). policyType is the type of the policies concerned:
// with chatbotPolicyOnly, the chatbot delegated administrator may call op
// for CHATBOT_POLICY policies (or none) and no other type (D13). For a
// delegable operation, the organization's resource policy may allow a
// member the call (with organizations:PolicyType set to policyType, on each
// of resources, the ARNs involved; "*" when none are given), and its
// explicit Deny refuses it to any member whatever its role.
//
// It returns NotFound (ResOrganization) for an operation of the
// organization when the caller is in none (a standalone account, or any
// account while the server has no organization), as AWS answers
// AWSOrganizationsNotInUseException; and AccessDenied when the caller may
// not call op.
func (m model) authorize(c Caller, op operation, policyType policy.Type, resources ...string) error {
	a := &accessTable[op]
	switch a.need {
	case needAccount:
		if !a.standalone {
			if _, ok := m.Standalone.Get(c.AccountID); ok {
				return newErr(AccessDenied, "", "", "%s", a.refused(c, m.operatorAccount()))
			}
		}
		return nil
	case needOperator:
		if mgmt := m.operatorAccount(); mgmt == "" || c.AccountID != mgmt {
			return newErr(AccessDenied, "", "", "%s (%s) may not call %s: only the management account of this chatgov server (%s) manages its standalone accounts",
				c.ARN, c.AccountID, a.name, mgmt)
		}
		return nil
	case needManagement, needAdmin, needMember, needHandshakeAdmin:
	default:
		return internal(nil, "%s is not authorized by the caller alone", a.name)
	}
	r := m.roleOf(c)
	if r == outsider {
		return m.notInOrganization(c)
	}
	if r == management || a.need == needMember {
		return nil
	}
	if a.delegation == delegable {
		switch d, by := m.resourcePolicyDecision(c, a.name, policyType, resources); d {
		case rpDenies:
			return newErr(AccessDenied, "", "", "%s (%s) may not call %s: the organization's resource policy denies it (%s)", c.ARN, c.AccountID, a.name, by)
		case rpAllows:
			return nil
		}
	}
	chatbotType := policyType == "" || policyType == policy.ChatbotPolicy
	switch a.need {
	case needAdmin:
		if r == chatbotAdmin && (!a.chatbotPolicyOnly || chatbotType) {
			return nil
		}
	case needHandshakeAdmin:
		if m.delegatedAdministrator(c.AccountID) {
			return nil
		}
		return newErr(AccessDenied, "", "", "%s (%s) is a member account: only the management account or a delegated administrator can call %s",
			c.ARN, c.AccountID, a.name)
	}
	who := "a member account"
	if r == chatbotAdmin {
		who = "the delegated administrator for " + ChatbotServicePrincipal
	}
	what := "only the management account can call " + a.name
	switch {
	case a.need == needAdmin && a.chatbotPolicyOnly && !chatbotType:
		what = fmt.Sprintf("only the management account can call %s for %s policies; the delegated administrator for %s manages %s policies only",
			a.name, policyType, ChatbotServicePrincipal, policy.ChatbotPolicy)
	case a.need == needAdmin:
		what = fmt.Sprintf("only the management account or the delegated administrator for %s can call %s", ChatbotServicePrincipal, a.name)
	}
	return newErr(AccessDenied, "", "", "%s (%s) is %s: %s", c.ARN, c.AccountID, who, what)
}

// inOrganization checks that the caller's account is in the organization,
// as every operation of the organization needs first. It returns NotFound
// (ResOrganization) otherwise.
func (m model) inOrganization(c Caller) error {
	if m.roleOf(c) == outsider {
		return m.notInOrganization(c)
	}
	return nil
}

// notInOrganization is the answer to a caller outside the organization:
// as on AWS, an account outside every organization (a standalone account
// of this server) is told it is in none.
func (m model) notInOrganization(c Caller) error {
	if m.Org == nil {
		return notFound(ResOrganization, "account %s is not in an organization: this chatgov server has none yet", c.AccountID)
	}
	return notFound(ResOrganization, "Your account is not a member of an organization. Account %s is not in organization %s.", c.AccountID, m.Org.ID)
}

// delegatedAdministrator reports whether a member account is the delegated
// administrator of any service.
func (m model) delegatedAdministrator(accountID string) bool {
	ds, ok := m.Delegated.Get(accountID)
	return ok && len(ds) > 0
}

// actsForOthers reports whether the caller may call op on other accounts'
// resources at all, as the table's forOthers says (for needManagement, the
// accounts must also be members: see mayActFor).
func (m model) actsForOthers(c Caller, op operation) bool {
	switch accessTable[op].forOthers {
	case needAdmin:
		r := m.roleOf(c)
		return r == management || r == chatbotAdmin
	case needManagement:
		return m.roleOf(c) == management
	}
	return false
}

// mayActFor reports whether the caller may call op on account's resources:
// its own account's always (authorize decides whether it may call op at
// all), another's as the table's forOthers says.
func (m model) mayActFor(c Caller, op operation, account string) bool {
	if account == c.AccountID {
		return true
	}
	if !m.actsForOthers(c, op) {
		return false
	}
	if accessTable[op].forOthers == needManagement {
		_, ok := m.Accounts.Get(account)
		return ok
	}
	return true
}

// authorizeFor checks that the caller may call op on account's resources:
// authorize's answer, then mayActFor's. It returns the errors of authorize,
// and AccessDenied, with the operation's own message, for another account
// the caller may not act for.
func (m model) authorizeFor(c Caller, op operation, account string) error {
	if err := m.authorize(c, op, ""); err != nil {
		return err
	}
	if !m.mayActFor(c, op, account) {
		return m.refuse(c, op, account)
	}
	return nil
}

// refuse returns the AccessDenied of op's own rule, its message made of
// about (see access.refused).
func (m model) refuse(c Caller, op operation, about ...string) error {
	return newErr(AccessDenied, "", "", "%s", accessTable[op].refused(c, about...))
}

// authorizeHandshake checks that the caller, a party to handshake h (see
// handshakeFor), may call op on it: any party for needParty, its recipient
// for needRecipient, the management account for needSender. It returns
// AccessDenied, with the operation's own message, otherwise.
func (m model) authorizeHandshake(c Caller, op operation, h *store.Handshake) error {
	switch accessTable[op].need {
	case needParty:
		return nil
	case needRecipient:
		if m.isRecipient(c, h) {
			return nil
		}
	case needSender:
		if m.roleOf(c) == management {
			return nil
		}
	default:
		return internal(nil, "%s is not an operation on a handshake", op)
	}
	p := recipientOf(h)
	return m.refuse(c, op, h.ID, p.Type, p.ID)
}

// authorizeAssumeRole checks that the role roleName of account trusts the
// caller (needTrust): in emulator mode any caller; otherwise the
// organization's management account, for the access role CreateAccount
// made in an active member account. It returns AccessDenied (ResRole)
// otherwise.
func (m model) authorizeAssumeRole(c Caller, emulator bool, roleARN, account, roleName string) error {
	if emulator {
		return nil
	}
	if m.roleOf(c) == management {
		if a, ok := m.Accounts.Get(account); ok && a.RoleName != "" && a.RoleName == roleName && a.Status == AccountActive {
			return nil
		}
	}
	return newErr(AccessDenied, ResRole, "", "%s", accessTable[opAssumeRole].refused(c, roleARN))
}
