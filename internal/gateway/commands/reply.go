package commands

import (
	"errors"
	"fmt"
	"strings"

	"github.com/chatgov/chatgov/internal/chatauthz"
	"github.com/chatgov/chatgov/internal/gov"
)

// The sentences of a denial. AWS Chatbot's own is not published word for
// word; its documentation says the action is not allowed due to the chat
// applications policy and to contact the management account or delegated
// administrator (aws-semantics.md §2.2).
const (
	chatPolicyDenial = "This action is not allowed by your organization's chat applications policy."
	policyDenial     = "This action is not allowed by your organization's policies."
	contactAdmin     = "Contact your organization's management account or delegated administrator."
)

// denialReply says which gate denied each request of a command, and why:
// the policy or statements named in the gate's reason.
func denialReply(d gov.ChannelCommand) string {
	var b strings.Builder
	fmt.Fprintf(&b, ":no_entry: `%s` was not run.\n", commandText(d))
	chatPolicy := false
	for _, r := range d.Requests {
		for _, g := range r.Gates {
			if g.Outcome != chatauthz.Denied {
				continue
			}
			if g.Name == chatauthz.GateConfiguration || g.Name == chatauthz.GateRoleSetting {
				chatPolicy = true
			}
			fmt.Fprintf(&b, "• Denied by %s for %s on %s: %s\n", gateTitle(g.Name), r.Action, r.Resource, g.Reason)
		}
	}
	if chatPolicy {
		b.WriteString(chatPolicyDenial)
	} else {
		b.WriteString(policyDenial)
	}
	b.WriteString(" " + contactAdmin)
	return b.String()
}

// allowedReply gives an allowed command's output, or what kept it from
// finishing.
func allowedReply(d gov.ChannelCommand, out string, err error) string {
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, ":warning: `%s` was allowed, but did not complete: %v\n", commandText(d), err)
	} else {
		fmt.Fprintf(&b, ":white_check_mark: `%s` allowed (configuration %s, role %s).\n", commandText(d), d.ConfigurationARN, d.RoleARN)
	}
	for _, r := range d.Requests {
		for _, g := range r.Gates {
			if g.Outcome == chatauthz.NotEvaluated {
				fmt.Fprintf(&b, "• Not evaluated, %s: %s\n", gateTitle(g.Name), g.Reason)
			}
		}
	}
	if out = strings.TrimRight(out, "\n"); out != "" {
		if strings.HasPrefix(out, "chatgov decides only") {
			b.WriteString(out)
		} else {
			b.WriteString("```\n" + strings.ReplaceAll(out, "```", "'''") + "\n```")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// errorReply explains a command that could not be decided.
func errorReply(err error) string {
	var ge *gov.Error
	if errors.As(err, &ge) {
		switch {
		case ge.Kind == gov.NotFound && ge.Resource == gov.ResChatConfiguration:
			return ":grey_question: " + ge.Message + ". Ask your account's administrator to create an AWS Chatbot channel configuration for it."
		case ge.Kind == gov.Internal:
			return ":warning: chatgov could not decide the command (an internal error; the server's log has the details)."
		}
		return ":grey_question: " + ge.Message
	}
	return ":warning: chatgov could not decide the command."
}

func commandText(d gov.ChannelCommand) string {
	if d.Alias != "" {
		return "run " + d.Alias + "` → `" + d.CommandDecision.Command.String()
	}
	return d.CommandDecision.Command.String()
}

func gateTitle(g chatauthz.GateName) string {
	switch g {
	case chatauthz.GateConfiguration:
		return "the channel configuration's state (chat applications policy)"
	case chatauthz.GateRoleSetting:
		return "the role setting (chat applications policy)"
	case chatauthz.GateChatbotBlocked:
		return "AWS Chatbot's blocked actions"
	case chatauthz.GateGuardrails:
		return "the channel guardrails"
	case chatauthz.GateRolePermissions:
		return "the role's permissions"
	case chatauthz.GateSCPs:
		return "the service control policies"
	}
	return string(g)
}
