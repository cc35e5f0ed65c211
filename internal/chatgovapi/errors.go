package chatgovapi

// The error types of the restJson1 endpoint, as its answers name them in
// the X-Amzn-ErrorType header (the body is {"message": "..."}). AWS
// Chatbot's operations and chatgov's own answer with the same types.
const (
	// CodeInvalidParameter: a member's value is not valid.
	CodeInvalidParameter = "InvalidParameterException"
	// CodeInvalidRequest: the request is not possible in the current state,
	// or a chat applications policy forbids it.
	CodeInvalidRequest = "InvalidRequestException"
	// CodeConflict: a resource of that name already exists.
	CodeConflict = "ConflictException"
	// CodeResourceNotFound: the resource does not exist, or the caller may
	// not see it.
	CodeResourceNotFound = "ResourceNotFoundException"
	// CodeOrganizationsNotInUse: the caller's account is in no organization.
	CodeOrganizationsNotInUse = "AWSOrganizationsNotInUseException"
	// CodeLimitExceeded: the request goes beyond a quota.
	CodeLimitExceeded = "LimitExceededException"
	// CodeTooManyTags: a resource would carry more tags than it may.
	CodeTooManyTags = "TooManyTagsException"
	// CodeAccessDenied: the caller may not call the operation, or not on
	// that resource.
	CodeAccessDenied = "AccessDeniedException"
	// CodeInternal: chatgov failed; the message says nothing more.
	CodeInternal = "InternalServiceError"
	// CodeSerialization: the body is not JSON, a member has the wrong type,
	// or (on chatgov's own operations) a member is unknown.
	CodeSerialization = "SerializationException"
	// CodeUnknownOperation: no operation is served at the path.
	CodeUnknownOperation = "UnknownOperationException"
	// CodeRequestTooLarge: the body is larger than the server's limit.
	CodeRequestTooLarge = "RequestEntityTooLargeException"
)

// The error types of requests whose signature or credentials the server
// does not accept. A client that meets one could not be authenticated, as
// if it had no credentials.
const (
	CodeMissingAuthentication = "MissingAuthenticationTokenException"
	CodeIncompleteSignature   = "IncompleteSignatureException"
	CodeInvalidSignature      = "InvalidSignatureException"
	CodeUnrecognizedClient    = "UnrecognizedClientException"
	CodeExpiredToken          = "ExpiredTokenException"
)

// IsCredentialError reports whether code is one of the authentication
// failures above.
func IsCredentialError(code string) bool {
	switch code {
	case CodeMissingAuthentication, CodeIncompleteSignature, CodeInvalidSignature, CodeUnrecognizedClient, CodeExpiredToken:
		return true
	}
	return false
}

// ErrorBody is the body of an error answer.
type ErrorBody struct {
	Message string `json:"message"`
}
