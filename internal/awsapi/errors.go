package awsapi

import (
	"net/http"

	"github.com/chatgov/chatgov/internal/chatgovapi"
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

// wireCode is a domain error's code in one protocol, and its HTTP status.
type wireCode struct {
	code   string
	status int
}

// errorRule maps the domain errors of a kind, and of a resource and a
// reason where they matter, to the code every protocol gives them. A
// protocol whose code is empty in a rule takes the next rule that matches.
type errorRule struct {
	kind     gov.Kind
	resource string // "" matches every resource
	reason   string // "" matches every reason
	// orgs is AWS Organizations' exception, answered with status 400.
	orgs string
	// chatbot is AWS Chatbot's error, which chatgov's own operations
	// answer too.
	chatbot wireCode
	// sts is STS's error.
	sts wireCode
}

// errorTable is the one table from domain errors to the wire. A domain
// error takes, for each protocol, the code of the most specific rule that
// matches it and has one: kind, resource and reason; then kind and
// resource; then kind and reason; then kind alone. An error no rule gives
// a code is answered as an internal error, without its message.
var errorTable = []errorRule{
	// The kinds, whatever the resource.
	{kind: gov.Invalid, orgs: "InvalidInputException",
		chatbot: wireCode{chatgovapi.CodeInvalidParameter, 400}, sts: wireCode{"ValidationError", 400}},
	{kind: gov.Malformed, orgs: "MalformedPolicyDocumentException",
		chatbot: wireCode{chatgovapi.CodeInvalidParameter, 400}, sts: wireCode{"ValidationError", 400}},
	{kind: gov.Constraint, orgs: "ConstraintViolationException",
		chatbot: wireCode{chatgovapi.CodeLimitExceeded, 403}, sts: wireCode{"ValidationError", 400}},
	{kind: gov.AccessDenied, orgs: "AccessDeniedException",
		chatbot: wireCode{chatgovapi.CodeAccessDenied, 403}, sts: wireCode{"AccessDenied", 403}},
	// A chat applications policy's denial: AWS Chatbot answers
	// InvalidRequestException.
	{kind: gov.Denied, orgs: "AccessDeniedException",
		chatbot: wireCode{chatgovapi.CodeInvalidRequest, 400}, sts: wireCode{"AccessDenied", 403}},
	{kind: gov.NotFound, orgs: "TargetNotFoundException", chatbot: wireCode{chatgovapi.CodeResourceNotFound, 404}},
	{kind: gov.AlreadyExists, chatbot: wireCode{chatgovapi.CodeConflict, 409}},
	{kind: gov.NotEnabled, chatbot: wireCode{chatgovapi.CodeInvalidRequest, 400}},

	// AWS Chatbot's particular cases.
	{kind: gov.Constraint, reason: "TOO_MANY_TAGS", chatbot: wireCode{chatgovapi.CodeTooManyTags, 400}},
	// A Slack channel that already has a configuration in the account.
	{kind: gov.AlreadyExists, resource: gov.ResSlackChannel, chatbot: wireCode{chatgovapi.CodeInvalidRequest, 400}},

	// The resources of AWS Organizations.
	{kind: gov.NotFound, resource: gov.ResOrganization, orgs: "AWSOrganizationsNotInUseException",
		chatbot: wireCode{chatgovapi.CodeOrganizationsNotInUse, 400}},
	{kind: gov.NotFound, resource: gov.ResRoot, orgs: "RootNotFoundException"},
	{kind: gov.NotFound, resource: gov.ResOU, orgs: "OrganizationalUnitNotFoundException"},
	{kind: gov.NotFound, resource: gov.ResAccount, orgs: "AccountNotFoundException"},
	{kind: gov.NotFound, resource: gov.ResParent, orgs: "ParentNotFoundException"},
	{kind: gov.NotFound, resource: gov.ResChild, orgs: "ChildNotFoundException"},
	{kind: gov.NotFound, resource: gov.ResSourceParent, orgs: "SourceParentNotFoundException"},
	{kind: gov.NotFound, resource: gov.ResDestinationParent, orgs: "DestinationParentNotFoundException"},
	{kind: gov.NotFound, resource: gov.ResTarget, orgs: "TargetNotFoundException"},
	{kind: gov.NotFound, resource: gov.ResPolicy, orgs: "PolicyNotFoundException"},
	{kind: gov.NotFound, resource: gov.ResPolicyAttachment, orgs: "PolicyNotAttachedException"},
	{kind: gov.NotFound, resource: gov.ResEffectivePolicy, orgs: "EffectivePolicyNotFoundException"},
	{kind: gov.NotFound, resource: gov.ResCreateAccountStatus, orgs: "CreateAccountStatusNotFoundException"},
	{kind: gov.NotFound, resource: gov.ResDelegatedAdmin, orgs: "AccountNotRegisteredException"},
	{kind: gov.NotFound, resource: gov.ResResourcePolicy, orgs: "ResourcePolicyNotFoundException"},
	{kind: gov.AlreadyExists, resource: gov.ResOrganization, orgs: "AlreadyInOrganizationException"},
	{kind: gov.AlreadyExists, resource: gov.ResOU, orgs: "DuplicateOrganizationalUnitException"},
	{kind: gov.AlreadyExists, resource: gov.ResPolicy, orgs: "DuplicatePolicyException"},
	{kind: gov.AlreadyExists, resource: gov.ResPolicyAttachment, orgs: "DuplicatePolicyAttachmentException"},
	{kind: gov.AlreadyExists, resource: gov.ResAccount, orgs: "DuplicateAccountException"},
	{kind: gov.AlreadyExists, resource: gov.ResPolicyType, orgs: "PolicyTypeAlreadyEnabledException"},
	{kind: gov.AlreadyExists, resource: gov.ResDelegatedAdmin, orgs: "AccountAlreadyRegisteredException"},
	{kind: gov.NotEmpty, resource: gov.ResOrganization, orgs: "OrganizationNotEmptyException"},
	{kind: gov.NotEmpty, resource: gov.ResOU, orgs: "OrganizationalUnitNotEmptyException"},
	{kind: gov.NotEmpty, resource: gov.ResPolicy, orgs: "PolicyInUseException"},
	{kind: gov.NotEnabled, resource: gov.ResPolicyType, orgs: "PolicyTypeNotEnabledException"},
	{kind: gov.NotEnabled, resource: gov.ResPolicyTypeAvailable, orgs: "PolicyTypeNotAvailableForOrganizationException"},
	// Membership: handshakes, leaving, closing.
	{kind: gov.NotFound, resource: gov.ResHandshake, orgs: "HandshakeNotFoundException"},
	{kind: gov.AlreadyExists, resource: gov.ResHandshake, orgs: "DuplicateHandshakeException"},
	{kind: gov.Constraint, resource: gov.ResHandshake, orgs: "HandshakeConstraintViolationException"},
	{kind: gov.AlreadyExists, resource: gov.ResHandshakeState, orgs: "HandshakeAlreadyInStateException"},
	{kind: gov.Constraint, resource: gov.ResHandshakeTransition, orgs: "InvalidHandshakeTransitionException"},
	{kind: gov.Constraint, resource: gov.ResManagementAccount, orgs: "MasterCannotLeaveOrganizationException"},
	{kind: gov.AlreadyExists, resource: gov.ResAccountClosed, orgs: "AccountAlreadyClosedException"},
}

// The internal errors of each protocol: they say nothing of their cause.
var (
	orgsInternal = wireError{code: "ServiceException", status: http.StatusInternalServerError,
		message: "AWS Organizations can't complete your request because of an internal service error. Try again later."}
	chatbotInternal = wireError{code: chatgovapi.CodeInternal, status: http.StatusInternalServerError,
		message: "AWS Chatbot could not complete the request because of an internal error"}
	stsInternal = wireError{code: "InternalFailure", status: http.StatusInternalServerError, message: "internal error"}
)

// errorKey indexes errorTable.
type errorKey struct {
	kind     gov.Kind
	resource string
	reason   string
}

var errorIndex = func() map[errorKey]errorRule {
	ix := make(map[errorKey]errorRule, len(errorTable))
	for _, r := range errorTable {
		k := errorKey{r.kind, r.resource, r.reason}
		if _, dup := ix[k]; dup {
			panic("awsapi: errorTable has two rules for " + r.resource + "/" + r.reason)
		}
		ix[k] = r
	}
	return ix
}()

// lookupError returns the code pick finds in the most specific rule that
// matches e and has one, or false.
func lookupError[C comparable](e *gov.Error, pick func(errorRule) C) (C, bool) {
	var zero C
	if e.Kind == gov.Internal {
		return zero, false
	}
	for _, k := range []errorKey{{e.Kind, e.Resource, e.Reason}, {e.Kind, e.Resource, ""}, {e.Kind, "", e.Reason}, {e.Kind, "", ""}} {
		if r, ok := errorIndex[k]; ok && pick(r) != zero {
			return pick(r), true
		}
	}
	return zero, false
}

// organizationsError maps a domain error to its AWS Organizations
// exception, with AWS's sentence before the domain error's message.
func organizationsError(e *gov.Error) wireError {
	code, ok := lookupError(e, func(r errorRule) string { return r.orgs })
	if !ok {
		return orgsInternal
	}
	return wireError{code: code, reason: e.Reason, status: http.StatusBadRequest, message: orgsMessage(code, e.Reason, e.Message)}
}

// chatbotError maps a domain error to the error of AWS Chatbot's protocol,
// which chatgov's own operations answer too.
func chatbotError(e *gov.Error) wireError {
	c, ok := lookupError(e, func(r errorRule) wireCode { return r.chatbot })
	if !ok {
		return chatbotInternal
	}
	return wireError{code: c.code, status: c.status, message: e.Message}
}

// stsError maps a domain error to STS's error codes.
func stsError(e *gov.Error) wireError {
	c, ok := lookupError(e, func(r errorRule) wireCode { return r.sts })
	if !ok {
		return stsInternal
	}
	return wireError{code: c.code, status: c.status, message: e.Message}
}

// stsAuthCodes are the query protocol's names for authentication failures.
var stsAuthCodes = map[string]string{
	codeMissingAuth:  "MissingAuthenticationToken",
	codeIncomplete:   "IncompleteSignature",
	codeBadSignature: "SignatureDoesNotMatch",
	codeUnknownKey:   "InvalidClientTokenId",
	codeExpiredToken: "ExpiredToken",
}
