package iam

import (
	"fmt"
	"strconv"
	"strings"
)

// String describes the match in one sentence, for logs, CLI output and API
// error messages, for example:
//
//	policy p-1 (DenyChat) statement 0 (Sid DenyFromChat): Deny because
//	action matched "rds:*", resource matched "*", ArnLike aws:ChatbotSourceArn
//	["arn:aws:chatbot::*:*"] held for ["arn:aws:chatbot::1:chat-configuration/x"]
func (m Match) String() string {
	var b strings.Builder
	b.WriteString("policy ")
	switch {
	case m.PolicyID != "" && m.PolicyName != "":
		fmt.Fprintf(&b, "%s (%s)", m.PolicyID, m.PolicyName)
	case m.PolicyID != "":
		b.WriteString(m.PolicyID)
	case m.PolicyName != "":
		b.WriteString(m.PolicyName)
	default:
		fmt.Fprintf(&b, "#%d", m.PolicyIndex)
	}
	fmt.Fprintf(&b, " statement %d", m.StatementIndex)
	if m.Sid != "" {
		fmt.Fprintf(&b, " (Sid %s)", m.Sid)
	}
	fmt.Fprintf(&b, ": %s because ", m.Effect)
	switch {
	case m.NotPrincipal:
		b.WriteString("the principal is not spared by its NotPrincipal entries, ")
	case m.Principal.Type != "":
		fmt.Fprintf(&b, "principal matched %s, ", m.Principal)
	}
	if m.NotAction {
		b.WriteString("the action matched none of its NotAction patterns")
	} else {
		fmt.Fprintf(&b, "action matched %q", m.Action)
	}
	if m.NotResource {
		b.WriteString(", the resource matched none of its NotResource patterns")
	} else {
		fmt.Fprintf(&b, ", resource matched %q", m.Resource)
	}
	for _, c := range m.Conditions {
		b.WriteString(", ")
		b.WriteString(c.String())
	}
	return b.String()
}

// String describes the condition and the request values it held for.
func (c ConditionTrace) String() string {
	if c.Request == nil {
		return fmt.Sprintf("%s %s %s held with the key absent", c.Operator, c.Key, quoteList(c.Values))
	}
	return fmt.Sprintf("%s %s %s held for %s", c.Operator, c.Key, quoteList(c.Values), quoteList(c.Request))
}

func quoteList(vs []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, v := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(v))
	}
	b.WriteByte(']')
	return b.String()
}
