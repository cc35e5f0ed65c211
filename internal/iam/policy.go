package iam

import "github.com/chatgov/chatgov/internal/jsondoc"

// Kind says what a policy document is used as. It decides which elements are
// allowed and how large the document may be.
type Kind uint8

// The kinds of policy documents.
const (
	// SCP is a service control policy: no Principal, up to 10,240
	// characters including white space.
	SCP Kind = iota + 1
	// RCP is a resource control policy: Principal must be "*", up to 5,120
	// characters including white space.
	RCP
	// Identity is an identity-based policy (a role's policy or a chat
	// channel guardrail): no Principal, up to 6,144 characters not counting
	// white space, as IAM counts managed policies.
	Identity
	// ResourceBased is a resource-based policy, such as the resource-based
	// delegation policy of AWS Organizations: every statement says whom it
	// applies to with Principal or NotPrincipal (NotPrincipal with Deny
	// only). Up to 40,000 characters including white space, the
	// Organizations API's limit on a resource policy's content.
	ResourceBased
)

// String returns the AWS name of the policy type.
func (k Kind) String() string {
	switch k {
	case SCP:
		return "SERVICE_CONTROL_POLICY"
	case RCP:
		return "RESOURCE_CONTROL_POLICY"
	case Identity:
		return "IDENTITY_POLICY"
	case ResourceBased:
		return "RESOURCE_POLICY"
	}
	return "UNKNOWN"
}

// MaxSize returns the largest document, in characters, that [Parse] accepts
// for the kind, or 0 for an unknown kind.
func (k Kind) MaxSize() int {
	switch k {
	case SCP:
		return 10240
	case RCP:
		return 5120
	case Identity:
		return 6144
	case ResourceBased:
		return 40000
	}
	return 0
}

// Version is the policy language version named by a document.
type Version string

// The policy language versions.
const (
	// Version2012 enables policy variables.
	Version2012 Version = "2012-10-17"
	// Version2008 is the original language. A document without a Version
	// is read as this one, so "${...}" in it is plain text.
	Version2008 Version = "2008-10-17"
)

// Effect is what a statement does when it applies.
type Effect string

// The statement effects.
const (
	EffectAllow Effect = "Allow"
	EffectDeny  Effect = "Deny"
)

// Problem codes reported by Parse, in addition to the parser's own codes
// (jsondoc.CodeSyntax, jsondoc.CodeDuplicateKey, ...), which pass through.
const (
	// CodeUnknownKey marks an element the policy language does not define.
	CodeUnknownKey = jsondoc.CodeUnknownKey
	// CodeWrongType marks a value of the wrong JSON type.
	CodeWrongType = jsondoc.CodeWrongType
	// CodeMissing marks a required element that is absent.
	CodeMissing = jsondoc.CodeMissing
	// CodeInvalidValue marks a value of the right type that is not acceptable.
	CodeInvalidValue = jsondoc.CodeInvalidValue
	// CodeConflict marks two elements that exclude each other, such as
	// Action and NotAction in one statement.
	CodeConflict jsondoc.Code = "CONFLICTING_ELEMENTS"
	// CodeDuplicateSid marks a Sid an earlier statement already uses.
	CodeDuplicateSid jsondoc.Code = "DUPLICATE_SID"
	// CodeUnsupported marks an element this kind of policy does not allow,
	// such as Principal in a service control policy.
	CodeUnsupported jsondoc.Code = "UNSUPPORTED_ELEMENT"
	// CodeUnknownConditionOperator marks a condition operator IAM does not define.
	CodeUnknownConditionOperator jsondoc.Code = "UNKNOWN_CONDITION_OPERATOR"
	// CodeArnMatchesNothing marks (as a warning) an Arn* condition value
	// with fewer than six colon-separated parts, which matches no ARN.
	CodeArnMatchesNothing jsondoc.Code = "ARN_MATCHES_NOTHING"
	// CodeSizeLimitExceeded marks a document longer than its kind allows.
	CodeSizeLimitExceeded = jsondoc.CodeSizeLimit
)

// Policy is a parsed, compiled policy document. Its exported fields describe
// the document as written; evaluation uses the compiled form built by Parse,
// so a Policy must be treated as read-only.
type Policy struct {
	// Kind is the kind the document was parsed as.
	Kind Kind
	// Version is the document's Version, or empty when it has none (which
	// IAM reads as 2008-10-17).
	Version Version
	// ID is the document's optional Id element.
	ID string
	// Statements holds the statements in document order.
	Statements []Statement
	// Size is the document's length as counted for the kind's limit.
	Size int
	// Warnings are what is valid but surely not meant, such as an ArnLike
	// value that matches no ARN (CodeArnMatchesNothing), in document
	// order. AWS accepts such documents; chatgov says so.
	Warnings []jsondoc.Problem
}

// Statement is one statement of a policy.
type Statement struct {
	// Sid is the optional statement ID.
	Sid string
	// Effect is Allow or Deny.
	Effect Effect
	// Actions holds the Action patterns, or the NotAction patterns when
	// NotAction is set, as written.
	Actions   []string
	NotAction bool
	// Resources holds the Resource patterns, or the NotResource patterns
	// when NotResource is set, as written.
	Resources   []string
	NotResource bool
	// Conditions holds one entry per operator and key, in document order.
	Conditions []Condition
	// Principals holds the Principal entries, or the NotPrincipal entries
	// when NotPrincipal is set, in document order; resource-based policies
	// only (a resource control policy's "Principal": "*" is not kept).
	Principals   []PrincipalEntry
	NotPrincipal bool

	actions   []pattern
	actionAny bool // Actions contains "*"
	// firstLetters has bit i set when some action pattern starts with the
	// letter 'a'+i; anyFirst is set when some pattern starts with anything
	// else, such as a wildcard. Together they rule most statements out with
	// one test.
	firstLetters uint32
	anyFirst     bool
	// byService indexes long action lists (AWS managed policies hold
	// thousands of patterns) by their service prefix, lower-cased, when
	// that prefix has no wildcard; otherService lists the other patterns.
	// Both hold positions in actions, in increasing order.
	byService    map[string][]int32
	otherService []int32
	resources    []arnPattern
	resourceAny  bool // Resources contains "*"
	resourceVars bool // some resource pattern holds a policy variable
	principals   []principalPattern
}

// Condition is one key tested by one operator, for example
// "ArnLike": {"aws:ChatbotSourceArn": [...]}.
type Condition struct {
	// Operator is the operator as written, with any ForAnyValue: or
	// ForAllValues: prefix and IfExists suffix.
	Operator string
	// Key is the condition key as written.
	Key string
	// Values holds the policy values as written; numbers and booleans keep
	// their JSON text.
	Values []string

	op  operator
	key string // lower-cased Key
	cv  condValues
}
