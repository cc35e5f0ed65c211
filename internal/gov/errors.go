package gov

import (
	"errors"
	"fmt"
)

// Kind classifies a domain error. The API layer maps a Kind and a Resource
// to the exception its protocol names (PolicyNotFoundException,
// DuplicatePolicyAttachmentException, ...), in one table.
type Kind uint8

// The kinds of domain error.
const (
	// Internal: a fault of chatgov itself; its details are logged, not returned.
	Internal Kind = iota
	// NotFound: the Resource does not exist (or is not visible to the caller).
	NotFound
	// AlreadyExists: the Resource (a name, an attachment, a registration) exists.
	AlreadyExists
	// NotEmpty: the Resource is in use or still has children.
	NotEmpty
	// NotEnabled: the Resource (a policy type, trusted access) is not enabled.
	NotEnabled
	// Invalid: the request is malformed; Reason says how (INVALID_PATTERN, ...).
	Invalid
	// Constraint: the request breaks a quota or rule; Reason names it.
	Constraint
	// Malformed: a policy document is not valid for its type.
	Malformed
	// AccessDenied: the caller may not do this.
	AccessDenied
	// Denied: a chat applications policy forbids the request.
	Denied
)

// The resources errors refer to. They name the noun of the AWS exception.
const (
	ResOrganization        = "Organization"
	ResRoot                = "Root"
	ResOU                  = "OrganizationalUnit"
	ResAccount             = "Account"
	ResParent              = "Parent"
	ResChild               = "Child"
	ResSourceParent        = "SourceParent"
	ResDestinationParent   = "DestinationParent"
	ResTarget              = "Target"
	ResPolicy              = "Policy"
	ResPolicyAttachment    = "PolicyAttachment"
	ResPolicyType          = "PolicyType"
	ResEffectivePolicy     = "EffectivePolicy"
	ResCreateAccountStatus = "CreateAccountStatus"
	ResDelegatedAdmin      = "DelegatedAdministrator"
	ResServiceAccess       = "ServiceAccess"
	ResRole                = "Role"
	ResCredential          = "Credential"
	// ResPolicyTypeAvailable: policy types are not available (billing-only organization).
	ResPolicyTypeAvailable = "PolicyTypeAvailability"
)

// Error is a domain error: a kind, the resource it concerns, a reason code
// where the protocol has one (ConstraintViolationException.Reason, ...),
// and a message for people.
type Error struct {
	Kind     Kind
	Resource string
	Reason   string
	Message  string
	// Err is the underlying cause of an Internal error; never shown to callers.
	Err error
}

// Error returns the message, with the cause of an Internal error.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause of an Internal error; nil for the others.
func (e *Error) Unwrap() error { return e.Err }

func newErr(kind Kind, resource, reason, format string, args ...any) *Error {
	return &Error{Kind: kind, Resource: resource, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

func notFound(resource, format string, args ...any) *Error {
	return newErr(NotFound, resource, "", format, args...)
}

func invalid(reason, format string, args ...any) *Error {
	return newErr(Invalid, "", reason, format, args...)
}

func constraint(reason, format string, args ...any) *Error {
	return newErr(Constraint, "", reason, format, args...)
}

func internal(err error, format string, args ...any) *Error {
	e := newErr(Internal, "", "", format, args...)
	e.Err = err
	return e
}

// ErrorOf returns the domain error in err's chain; any other error is
// wrapped as Internal. It never returns nil: call it on a non-nil error.
func ErrorOf(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Kind: Internal, Message: "internal error", Err: err}
}

// Reasons of Invalid errors (InvalidInputException.Reason).
const (
	ReasonInputRequired      = "INPUT_REQUIRED"
	ReasonInvalidPattern     = "INVALID_PATTERN"
	ReasonInvalidEnum        = "INVALID_ENUM"
	ReasonInvalidEnumType    = "INVALID_ENUM_POLICY_TYPE"
	ReasonMaxLength          = "MAX_LENGTH_EXCEEDED"
	ReasonMinLength          = "MIN_LENGTH_EXCEEDED"
	ReasonMaxValue           = "MAX_VALUE_EXCEEDED"
	ReasonMinValue           = "MIN_VALUE_EXCEEDED"
	ReasonInvalidNextToken   = "INVALID_NEXT_TOKEN"
	ReasonImmutablePolicy    = "IMMUTABLE_POLICY"
	ReasonNonDetachable      = "NON_DETACHABLE_POLICY"
	ReasonTargetNotSupported = "TARGET_NOT_SUPPORTED"
	ReasonInvalidPolicyID    = "INVALID_SYNTAX_POLICY_ID"
	ReasonInvalidTargetID    = "INVALID_PATTERN_TARGET_ID"
	ReasonUnknownPrincipal   = "UNRECOGNIZED_SERVICE_PRINCIPAL"
	ReasonDuplicateTagKey    = "DUPLICATE_TAG_KEY"
	ReasonInvalidListMember  = "INVALID_LIST_MEMBER"
)

// Reasons of Constraint errors (ConstraintViolationException.Reason).
const (
	ReasonPolicyContentLimit          = "POLICY_CONTENT_LIMIT_EXCEEDED"
	ReasonPolicyNumberLimit           = "POLICY_NUMBER_LIMIT_EXCEEDED"
	ReasonMaxAttachments              = "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"
	ReasonMinAttachments              = "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"
	ReasonOUDepth                     = "OU_DEPTH_LIMIT_EXCEEDED"
	ReasonOUNumber                    = "OU_NUMBER_LIMIT_EXCEEDED"
	ReasonMaxTags                     = "MAX_TAG_LIMIT_EXCEEDED"
	ReasonServiceAccessNotEnabled     = "SERVICE_ACCESS_NOT_ENABLED"
	ReasonCannotRegisterMaster        = "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"
	ReasonCannotRemoveMaster          = "ACCOUNT_CANNOT_LEAVE_ORGANIZATION"
	ReasonPolicyTypeEnabledForService = "POLICY_TYPE_ENABLED_FOR_THIS_SERVICE"
)
