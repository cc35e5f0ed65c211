package policy

import (
	"encoding/json"
	"sort"
	"strings"
)

// typeAliases are the short names people use for policy types, upper
// case with underscores, beside the API's names with or without _POLICY.
var typeAliases = map[string]Type{
	"SCP":                ServiceControlPolicy,
	"SERVICE_CONTROL":    ServiceControlPolicy,
	"RCP":                ResourceControlPolicy,
	"RESOURCE_CONTROL":   ResourceControlPolicy,
	"TAGS":               TagPolicy,
	"AI":                 AIServicesOptOutPolicy,
	"AI_OPT_OUT":         AIServicesOptOutPolicy,
	"AISERVICES_OPT_OUT": AIServicesOptOutPolicy,
	"DECLARATIVE":        DeclarativePolicyEC2,
	"EC2":                DeclarativePolicyEC2,
	"DECLARATIVE_EC2":    DeclarativePolicyEC2,
	"CHAT":               ChatbotPolicy,
}

// TypeByName returns the policy type a name stands for: the API's name
// (CHATBOT_POLICY), the same without _POLICY (chatbot, backup), or a
// usual short name (SCP, RCP), in any letter case, with hyphens or
// underscores.
func TypeByName(name string) (Type, bool) {
	n := strings.ToUpper(strings.NewReplacer("-", "_", " ", "_").Replace(strings.TrimSpace(name)))
	if t, ok := typeAliases[n]; ok {
		return t, true
	}
	for _, cand := range []string{n, n + "_POLICY"} {
		if _, ok := Lookup(Type(cand)); ok {
			return Type(cand), true
		}
	}
	return "", false
}

// topKeys are the top-level keys that make a management policy's type
// plain from its content.
var topKeys = map[string]Type{
	"chatbot":        ChatbotPolicy,
	"tags":           TagPolicy,
	"plans":          BackupPolicy,
	"services":       AIServicesOptOutPolicy,
	"ec2_attributes": DeclarativePolicyEC2,
}

// Recognition is a type recognised from a document's content, and why.
type Recognition struct {
	Type Type
	// Why says in words what decided, for people.
	Why string
}

// RecognizeType tells a document's policy type from its content: IAM
// statements (a Statement key) are an SCP, or an RCP when a statement
// names a Principal (SCPs may not; RCPs must); otherwise the top-level
// keys name the type (chatbot: CHATBOT_POLICY, tags: TAG_POLICY, plans:
// BACKUP_POLICY, ...). It returns false when the content is not a JSON
// object or its keys name no type, or name several.
func RecognizeType(content string) (Recognition, bool) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(content), &top); err != nil || top == nil {
		return Recognition{}, false
	}
	if st, ok := top["Statement"]; ok {
		if hasPrincipal(st) {
			return Recognition{Type: ResourceControlPolicy, Why: "IAM statements with a Principal"}, true
		}
		return Recognition{Type: ServiceControlPolicy, Why: "IAM statements without a Principal"}, true
	}
	found := map[Type][]string{}
	for k := range top {
		if t, ok := topKeys[k]; ok {
			found[t] = append(found[t], k)
		}
	}
	if len(found) != 1 {
		return Recognition{}, false
	}
	for t, keys := range found {
		sort.Strings(keys)
		return Recognition{Type: t, Why: "its top-level key " + strings.Join(keys, ", ")}, true
	}
	return Recognition{}, false
}

// hasPrincipal reports whether a Statement (one object or a list) has a
// statement with Principal or NotPrincipal.
func hasPrincipal(raw json.RawMessage) bool {
	var list []map[string]json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		var one map[string]json.RawMessage
		if json.Unmarshal(raw, &one) != nil {
			return false
		}
		list = append(list, one)
	}
	for _, s := range list {
		if _, ok := s["Principal"]; ok {
			return true
		}
		if _, ok := s["NotPrincipal"]; ok {
			return true
		}
	}
	return false
}
