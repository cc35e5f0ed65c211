package awsapi

import (
	"net/http"

	"github.com/chatgov/chatgov/internal/gov"
)

// wireError is an error as a protocol writes it.
type wireError struct {
	code    string
	message string
	reason  string // ConstraintViolationException.Reason, InvalidInputException.Reason
	status  int
}

func (e *wireError) Error() string { return e.code + ": " + e.message }

// key of the table below: a domain error's kind and resource.
type errKey struct {
	kind     gov.Kind
	resource string
}

// organizationsErrors names, for AWS Organizations, the exception of every
// domain error that has a resource. Kinds without a resource map by kind
// alone in organizationsError.
var organizationsErrors = map[errKey]string{
	{gov.NotFound, gov.ResOrganization}:          "AWSOrganizationsNotInUseException",
	{gov.NotFound, gov.ResRoot}:                  "RootNotFoundException",
	{gov.NotFound, gov.ResOU}:                    "OrganizationalUnitNotFoundException",
	{gov.NotFound, gov.ResAccount}:               "AccountNotFoundException",
	{gov.NotFound, gov.ResParent}:                "ParentNotFoundException",
	{gov.NotFound, gov.ResChild}:                 "ChildNotFoundException",
	{gov.NotFound, gov.ResSourceParent}:          "SourceParentNotFoundException",
	{gov.NotFound, gov.ResDestinationParent}:     "DestinationParentNotFoundException",
	{gov.NotFound, gov.ResTarget}:                "TargetNotFoundException",
	{gov.NotFound, gov.ResPolicy}:                "PolicyNotFoundException",
	{gov.NotFound, gov.ResPolicyAttachment}:      "PolicyNotAttachedException",
	{gov.NotFound, gov.ResEffectivePolicy}:       "EffectivePolicyNotFoundException",
	{gov.NotFound, gov.ResCreateAccountStatus}:   "CreateAccountStatusNotFoundException",
	{gov.NotFound, gov.ResDelegatedAdmin}:        "AccountNotRegisteredException",
	{gov.NotFound, gov.ResResourcePolicy}:        "ResourcePolicyNotFoundException",
	{gov.AlreadyExists, gov.ResOrganization}:     "AlreadyInOrganizationException",
	{gov.AlreadyExists, gov.ResOU}:               "DuplicateOrganizationalUnitException",
	{gov.AlreadyExists, gov.ResPolicy}:           "DuplicatePolicyException",
	{gov.AlreadyExists, gov.ResPolicyAttachment}: "DuplicatePolicyAttachmentException",
	{gov.AlreadyExists, gov.ResAccount}:          "DuplicateAccountException",
	{gov.AlreadyExists, gov.ResPolicyType}:       "PolicyTypeAlreadyEnabledException",
	{gov.AlreadyExists, gov.ResDelegatedAdmin}:   "AccountAlreadyRegisteredException",
	{gov.NotEmpty, gov.ResOrganization}:          "OrganizationNotEmptyException",
	{gov.NotEmpty, gov.ResOU}:                    "OrganizationalUnitNotEmptyException",
	{gov.NotEmpty, gov.ResPolicy}:                "PolicyInUseException",
	{gov.NotEnabled, gov.ResPolicyType}:          "PolicyTypeNotEnabledException",
	{gov.NotEnabled, gov.ResPolicyTypeAvailable}: "PolicyTypeNotAvailableForOrganizationException",
	// Membership: handshakes, leaving, closing.
	{gov.NotFound, gov.ResHandshake}:             "HandshakeNotFoundException",
	{gov.AlreadyExists, gov.ResHandshake}:        "DuplicateHandshakeException",
	{gov.Constraint, gov.ResHandshake}:           "HandshakeConstraintViolationException",
	{gov.AlreadyExists, gov.ResHandshakeState}:   "HandshakeAlreadyInStateException",
	{gov.Constraint, gov.ResHandshakeTransition}: "InvalidHandshakeTransitionException",
	{gov.Constraint, gov.ResManagementAccount}:   "MasterCannotLeaveOrganizationException",
	{gov.AlreadyExists, gov.ResAccountClosed}:    "AccountAlreadyClosedException",
}

// organizationsError maps a domain error to its AWS Organizations exception.
func organizationsError(e *gov.Error) wireError {
	w := organizationsCode(e)
	if w.code != "ServiceException" {
		w.message = orgsMessage(w.code, w.reason, w.message)
	}
	return w
}

// organizationsCode names a domain error's exception and status; its
// message is the domain error's own.
func organizationsCode(e *gov.Error) wireError {
	w := wireError{message: e.Message, reason: e.Reason, status: http.StatusBadRequest}
	if code, ok := organizationsErrors[errKey{e.Kind, e.Resource}]; ok {
		w.code = code
		return w
	}
	switch e.Kind {
	case gov.Invalid:
		w.code = "InvalidInputException"
	case gov.Constraint:
		w.code = "ConstraintViolationException"
	case gov.Malformed:
		w.code = "MalformedPolicyDocumentException"
	case gov.AccessDenied, gov.Denied:
		w.code = "AccessDeniedException"
	case gov.NotFound:
		w.code = "TargetNotFoundException"
	default:
		w.code, w.status, w.message, w.reason = "ServiceException", http.StatusInternalServerError,
			"AWS Organizations can't complete your request because of an internal service error. Try again later.", ""
	}
	return w
}

// stsError maps a domain error to STS's error codes.
func stsError(e *gov.Error) wireError {
	w := wireError{message: e.Message, status: http.StatusBadRequest}
	switch e.Kind {
	case gov.AccessDenied, gov.Denied:
		w.code, w.status = "AccessDenied", http.StatusForbidden
	case gov.Invalid, gov.Constraint, gov.Malformed:
		w.code = "ValidationError"
	default:
		w.code, w.status, w.message = "InternalFailure", http.StatusInternalServerError, "internal error"
	}
	return w
}

// stsAuthCodes are the query protocol's names for authentication failures.
var stsAuthCodes = map[string]string{
	codeMissingAuth:  "MissingAuthenticationToken",
	codeIncomplete:   "IncompleteSignature",
	codeBadSignature: "SignatureDoesNotMatch",
	codeUnknownKey:   "InvalidClientTokenId",
	codeExpiredToken: "ExpiredToken",
}
