package policy

import (
	"strings"
)

// Type is an AWS Organizations policy type, as the PolicyType enum spells it.
type Type string

// The policy types of the Organizations API.
const (
	ServiceControlPolicy          Type = "SERVICE_CONTROL_POLICY"
	ResourceControlPolicy         Type = "RESOURCE_CONTROL_POLICY"
	TagPolicy                     Type = "TAG_POLICY"
	BackupPolicy                  Type = "BACKUP_POLICY"
	AIServicesOptOutPolicy        Type = "AISERVICES_OPT_OUT_POLICY"
	ChatbotPolicy                 Type = "CHATBOT_POLICY"
	DeclarativePolicyEC2          Type = "DECLARATIVE_POLICY_EC2"
	SecurityHubPolicy             Type = "SECURITYHUB_POLICY"
	SecurityHubCSPMPolicy         Type = "SECURITYHUB_CSPM_POLICY"
	InspectorPolicy               Type = "INSPECTOR_POLICY"
	UpgradeRolloutPolicy          Type = "UPGRADE_ROLLOUT_POLICY"
	BedrockPolicy                 Type = "BEDROCK_POLICY"
	S3Policy                      Type = "S3_POLICY"
	NetworkSecurityDirectorPolicy Type = "NETWORK_SECURITY_DIRECTOR_POLICY"
	GuardDutyPolicy               Type = "GUARDDUTY_POLICY"
)

// TypeInfo holds what differs between policy types: how documents are
// written and merged, and the quotas AWS applies to them.
type TypeInfo struct {
	Type Type
	// Management is true for types written in the management-policy language
	// (inherited with @@assign, @@append, @@remove and child control) and
	// false for the authorization types (SCP, RCP), which use the IAM policy
	// language and are evaluated, not merged.
	Management bool
	// MaxSize is the largest document, in characters, AWS accepts.
	MaxSize int
	// MaxPerNode and MinPerNode bound the policies of this type attached
	// directly to one root, OU or account.
	MaxPerNode int
	MinPerNode int
	// MaxPerOrg bounds the policies of this type in an organization.
	MaxPerOrg int
	// Schema is the type's document schema, or nil where chatgov knows
	// none; such documents are checked against the generic grammar only.
	Schema *Schema
}

// ARNSegment is the type's name in policy ARNs, e.g. chatbot_policy.
func (t Type) ARNSegment() string { return strings.ToLower(string(t)) }

var typeTable = []TypeInfo{
	{Type: ServiceControlPolicy, MaxSize: 10240, MaxPerNode: 10, MinPerNode: 1, MaxPerOrg: 10000},
	{Type: ResourceControlPolicy, MaxSize: 5120, MaxPerNode: 5, MinPerNode: 1, MaxPerOrg: 2000},
	{Type: TagPolicy, Management: true, MaxSize: 10000, MaxPerNode: 10, MaxPerOrg: 1000},
	{Type: BackupPolicy, Management: true, MaxSize: 10000, MaxPerNode: 10, MaxPerOrg: 1000},
	{Type: AIServicesOptOutPolicy, Management: true, MaxSize: 2500, MaxPerNode: 5, MaxPerOrg: 1000},
	{Type: ChatbotPolicy, Management: true, MaxSize: 10000, MaxPerNode: 5, MaxPerOrg: 1000, Schema: chatbotSchema},
	{Type: DeclarativePolicyEC2, Management: true, MaxSize: 10000, MaxPerNode: 10, MaxPerOrg: 1000},
	{Type: SecurityHubPolicy, Management: true, MaxSize: 10000, MaxPerNode: 10, MaxPerOrg: 1000},
	{Type: SecurityHubCSPMPolicy, Management: true, MaxSize: 10000, MaxPerNode: 10, MaxPerOrg: 1000},
	{Type: InspectorPolicy, Management: true, MaxSize: 10000, MaxPerNode: 10, MaxPerOrg: 1000},
	{Type: UpgradeRolloutPolicy, Management: true, MaxSize: 10000, MaxPerNode: 10, MaxPerOrg: 1000},
	{Type: BedrockPolicy, Management: true, MaxSize: 10000, MaxPerNode: 10, MaxPerOrg: 1000},
	{Type: S3Policy, Management: true, MaxSize: 10000, MaxPerNode: 10, MaxPerOrg: 1000},
	{Type: NetworkSecurityDirectorPolicy, Management: true, MaxSize: 10000, MaxPerNode: 10, MaxPerOrg: 1000},
	{Type: GuardDutyPolicy, Management: true, MaxSize: 10000, MaxPerNode: 10, MaxPerOrg: 1000},
}

// Lookup returns what chatgov knows of a policy type.
func Lookup(t Type) (TypeInfo, bool) {
	for _, ti := range typeTable {
		if ti.Type == t {
			return ti, true
		}
	}
	return TypeInfo{}, false
}

// Types returns every policy type, in the order of the API's enum.
func Types() []TypeInfo {
	return append([]TypeInfo(nil), typeTable...)
}

// Operator is one value-setting operator.
type Operator uint8

// The value-setting operators. They are bits so that sets of them fit in an OpSet.
const (
	Assign Operator = 1 << iota
	Append
	Remove
)

// The operator keys of the management-policy language.
const (
	KeyAssign    = "@@assign"
	KeyAppend    = "@@append"
	KeyRemove    = "@@remove"
	KeyChildOps  = "@@operators_allowed_for_child_policies"
	KeyAllOps    = "@@all"
	KeyNoOps     = "@@none"
	operatorMark = "@@"
)

func (o Operator) String() string {
	switch o {
	case Assign:
		return KeyAssign
	case Append:
		return KeyAppend
	case Remove:
		return KeyRemove
	}
	return "@@?"
}

// OpSet is a set of value-setting operators.
type OpSet uint8

// AllOps is the set every child may use when no ancestor restricts it.
const AllOps = OpSet(Assign | Append | Remove)

// Has reports whether o is in the set.
func (s OpSet) Has(o Operator) bool { return s&OpSet(o) != 0 }

// Strings returns the set as the language writes it: ["@@all"], ["@@none"]
// or the operators in the order assign, append, remove.
func (s OpSet) Strings() []string {
	switch s {
	case AllOps:
		return []string{KeyAllOps}
	case 0:
		return []string{KeyNoOps}
	}
	var out []string
	for _, o := range []Operator{Assign, Append, Remove} {
		if s.Has(o) {
			out = append(out, o.String())
		}
	}
	return out
}

func (s OpSet) String() string { return "[" + strings.Join(s.Strings(), ", ") + "]" }
