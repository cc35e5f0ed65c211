package iam

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// fmtMatchString is Match.String as it was written with fmt, the
// reference the appending version must agree with.
func fmtMatchString(m Match) string {
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
		b.WriteString(fmtConditionString(c))
	}
	return b.String()
}

func fmtConditionString(c ConditionTrace) string {
	quote := func(vs []string) string {
		q := make([]string, len(vs))
		for i, v := range vs {
			q[i] = strconv.Quote(v)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	if c.Request == nil {
		return fmt.Sprintf("%s %s %s held with the key absent", c.Operator, c.Key, quote(c.Values))
	}
	return fmt.Sprintf("%s %s %s held for %s", c.Operator, c.Key, quote(c.Values), quote(c.Request))
}

func TestExplanationsAsFmtWroteThem(t *testing.T) {
	conds := []ConditionTrace{
		{Operator: "ArnLike", Key: "aws:ChatbotSourceArn", Values: []string{"arn:aws:chatbot::*:*"}, Request: []string{"arn:aws:chatbot::1:chat-configuration/x"}},
		{Operator: "StringEquals", Key: "aws:RequestedRegion", Values: []string{"eu-west-1", "a\"b\\c\n\u00e9\x01"}},
		{Operator: "Null", Key: "k", Values: nil, Request: []string{}},
	}
	matches := []Match{
		{},
		{PolicyIndex: 7, StatementIndex: 12, Effect: EffectAllow, Action: "*", Resource: "*"},
		{PolicyID: "p-1", PolicyName: "DenyChat", Sid: "DenyFromChat", Effect: EffectDeny, Action: "rds:*", Resource: "*", Conditions: conds},
		{PolicyID: "p-2", Effect: EffectDeny, NotAction: true, NotResource: true, NotPrincipal: true},
		{PolicyName: "only name", Effect: EffectAllow, Action: "s3:Get\u2028*", Resource: "arn:aws:s3:::b/\"k\"",
			Principal: PrincipalEntry{Type: "AWS", Value: "arn:aws:iam::1:role/r"}},
		{PolicyID: "p-3", PolicyName: "n", Effect: EffectAllow, Action: "a", Principal: PrincipalEntry{Type: "*"}, Conditions: conds[1:]},
	}
	for i, m := range matches {
		if got, want := m.String(), fmtMatchString(m); got != want {
			t.Errorf("match %d:\n got %s\nwant %s", i, got, want)
		}
	}
	for i, c := range conds {
		if got, want := c.String(), fmtConditionString(c); got != want {
			t.Errorf("condition %d:\n got %s\nwant %s", i, got, want)
		}
	}
	nodes := []Node{{ID: "r-1", Type: NodeRoot}, {ID: "ou-1", Name: "Prod", Type: NodeOrganizationalUnit},
		{ID: "111111111111", Name: "a (b)", Type: NodeAccount}, {ID: "x", Type: NodeType("OTHER")}}
	for _, n := range nodes {
		want := fmt.Sprintf("%s %s (%s)", map[NodeType]string{NodeRoot: "root", NodeOrganizationalUnit: "OU", NodeAccount: "account"}[n.Type], n.ID, n.Name)
		if n.Type == "OTHER" {
			want = "OTHER x"
		} else if n.Name == "" {
			want = strings.TrimSuffix(want, " ()")
		}
		if got := n.String(); got != want {
			t.Errorf("node %v: got %q, want %q", n, got, want)
		}
	}
	for _, ms := range [][]Match{nil, matches[:1], matches[1:4]} {
		var parts []string
		for _, m := range ms {
			parts = append(parts, fmtMatchString(m))
		}
		want := fmt.Sprintf("%s allows %s: %s", nodes[1], "ec2:Run", strings.Join(parts, "; "))
		if got := levelReason(&nodes[1], " allows ", "ec2:Run", ms); got != want {
			t.Errorf("level reason:\n got %s\nwant %s", got, want)
		}
	}
}
