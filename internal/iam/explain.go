package iam

import (
	"strconv"
	"unsafe"
)

// The sentences below are built by appending to one byte slice, not with
// fmt: a simulated chat command writes one for every statement behind every
// gate and SCP level, and fmt's reflection was a tenth of its time.

// String describes the match in one sentence, for logs, CLI output and API
// error messages, for example:
//
//	policy p-1 (DenyChat) statement 0 (Sid DenyFromChat): Deny because
//	action matched "rds:*", resource matched "*", ArnLike aws:ChatbotSourceArn
//	["arn:aws:chatbot::*:*"] held for ["arn:aws:chatbot::1:chat-configuration/x"]
func (m Match) String() string {
	return bytesString(m.appendTo(make([]byte, 0, m.sizeHint())))
}

// sizeHint is about the length of the match's sentence.
func (m *Match) sizeHint() int {
	n := 96 + len(m.PolicyID) + len(m.PolicyName) + len(m.Sid) + len(m.Action) + len(m.Resource) + len(m.Principal.Value)
	for _, c := range m.Conditions {
		n += 32 + len(c.Operator) + len(c.Key)
		for _, v := range c.Values {
			n += len(v) + 4
		}
		for _, v := range c.Request {
			n += len(v) + 4
		}
	}
	return n
}

// appendTo appends the match's sentence (String) to b.
func (m *Match) appendTo(b []byte) []byte {
	b = append(b, "policy "...)
	switch {
	case m.PolicyID != "" && m.PolicyName != "":
		b = append(b, m.PolicyID...)
		b = append(b, " ("...)
		b = append(b, m.PolicyName...)
		b = append(b, ')')
	case m.PolicyID != "":
		b = append(b, m.PolicyID...)
	case m.PolicyName != "":
		b = append(b, m.PolicyName...)
	default:
		b = append(b, '#')
		b = strconv.AppendInt(b, int64(m.PolicyIndex), 10)
	}
	b = append(b, " statement "...)
	b = strconv.AppendInt(b, int64(m.StatementIndex), 10)
	if m.Sid != "" {
		b = append(b, " (Sid "...)
		b = append(b, m.Sid...)
		b = append(b, ')')
	}
	b = append(b, ": "...)
	b = append(b, m.Effect...)
	b = append(b, " because "...)
	switch {
	case m.NotPrincipal:
		b = append(b, "the principal is not spared by its NotPrincipal entries, "...)
	case m.Principal.Type != "":
		b = append(b, "principal matched "...)
		b = append(b, m.Principal.String()...)
		b = append(b, ", "...)
	}
	if m.NotAction {
		b = append(b, "the action matched none of its NotAction patterns"...)
	} else {
		b = append(b, "action matched "...)
		b = strconv.AppendQuote(b, m.Action)
	}
	if m.NotResource {
		b = append(b, ", the resource matched none of its NotResource patterns"...)
	} else {
		b = append(b, ", resource matched "...)
		b = strconv.AppendQuote(b, m.Resource)
	}
	for i := range m.Conditions {
		b = append(b, ", "...)
		b = m.Conditions[i].appendTo(b)
	}
	return b
}

// String describes the condition and the request values it held for.
func (c ConditionTrace) String() string {
	return bytesString(c.appendTo(nil))
}

func (c *ConditionTrace) appendTo(b []byte) []byte {
	b = append(b, c.Operator...)
	b = append(b, ' ')
	b = append(b, c.Key...)
	b = append(b, ' ')
	b = appendQuoteList(b, c.Values)
	if c.Request == nil {
		return append(b, " held with the key absent"...)
	}
	b = append(b, " held for "...)
	return appendQuoteList(b, c.Request)
}

func appendQuoteList(b []byte, vs []string) []byte {
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendQuote(b, v)
	}
	return append(b, ']')
}

// bytesString returns b as a string without copying it; b must not be
// changed afterwards.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
