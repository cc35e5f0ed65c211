package awsapi

import (
	"strings"
	"unicode"
)

// AWS Organizations answers each exception with a fixed sentence (for
// InvalidInputException and ConstraintViolationException, one per reason).
// chatgov puts AWS's sentence first, so that whoever matches on it, a person
// or a script written against the real service, finds it, and its own
// detail (the resource, the JSON paths, the policies involved) after it.
// Where a recording of the real service gave the sentence, that wording is
// used; otherwise the service model's description of the exception.

// orgsSentences are the sentences of the exceptions that have one.
var orgsSentences = map[string]string{
	"AccessDeniedException":             "You don't have permissions to perform the requested operation.",
	"AccountAlreadyClosedException":     "You attempted to close an account that is already closed.",
	"AccountAlreadyRegisteredException": "The provided account is already a delegated administrator for your organization.",
	"AccountNotFoundException":          "You specified an account that doesn't exist.",
	"AccountNotRegisteredException":     "The provided account is not a registered delegated administrator for your organization.",
	"AlreadyInOrganizationException":    "This account is already a member of an organization.",
	"AWSOrganizationsNotInUseException": "Your account is not a member of an organization.",
	"ChildNotFoundException":            "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
	"ConcurrentModificationException":   "The target of the operation is currently being modified by a different request. Try again later.",
	"ConstraintViolationException":      "Performing this operation violates a minimum or maximum value limit.",
	"CreateAccountStatusNotFoundException": "We can't find a create account request with the CreateAccountRequestId that " +
		"you specified.",
	"DestinationParentNotFoundException": "We can't find the destination container (a root or OU) with the ParentId " +
		"that you specified.",
	"DuplicateAccountException":             "That account is already present in the specified destination.",
	"DuplicateHandshakeException":           "A handshake with the same action and target already exists.",
	"DuplicateOrganizationalUnitException":  "An OU with the same name already exists.",
	"DuplicatePolicyAttachmentException":    "The selected policy is already attached to the specified target.",
	"DuplicatePolicyException":              "A policy with the same name already exists.",
	"EffectivePolicyNotFoundException":      "The target doesn't have an effective policy of this type.",
	"HandshakeAlreadyInStateException":      "The specified handshake is already in the requested state.",
	"HandshakeConstraintViolationException": "The requested operation would violate the constraint identified in the reason code.",
	"HandshakeNotFoundException":            "We can't find a handshake with the HandshakeId that you specified.",
	"InvalidHandshakeTransitionException":   "You can't perform the operation on the handshake in its current state.",
	"InvalidInputException": "The requested operation failed because you provided invalid values for one or more of " +
		"the request parameters.",
	"MalformedPolicyDocumentException": "The provided policy document does not meet the requirements of the specified " +
		"policy type.",
	"MasterCannotLeaveOrganizationException": "You can't remove a management account from an organization.",
	"OrganizationalUnitNotEmptyException": "The specified OU is not empty. Move all accounts to another root or to " +
		"other OUs, remove all child OUs, and try the operation again.",
	"OrganizationalUnitNotFoundException": "You specified an organizational unit that doesn't exist.",
	"OrganizationNotEmptyException": "The organization isn't empty. To delete an organization, you must first remove " +
		"all accounts except the management account.",
	"ParentNotFoundException": "We can't find a root or OU with the ParentId that you specified.",
	"PolicyInUseException": "The policy is attached to one or more entities. You must detach it from all roots, OUs, " +
		"and accounts before performing this operation.",
	"PolicyNotAttachedException":        "The policy isn't attached to the specified target in the specified root.",
	"PolicyNotFoundException":           "We can't find a policy with the PolicyId that you specified.",
	"PolicyTypeAlreadyEnabledException": "The specified policy type is already enabled in the specified root.",
	"PolicyTypeNotAvailableForOrganizationException": "You can't use the specified policy type with the feature set " +
		"currently enabled for this organization.",
	"PolicyTypeNotEnabledException": "The specified policy type isn't currently enabled in this root. You can't " +
		"attach policies of the specified type to entities in a root until you enable that type in the root.",
	"ResourcePolicyNotFoundException": "We can't find a resource policy request with the parameter that you specified.",
	"RootNotFoundException":           "You specified a root that doesn't exist.",
	"SourceParentNotFoundException":   "We can't find a source root or OU with the ParentId that you specified.",
	"TargetNotFoundException":         "We can't find a root, OU, account, or policy with the TargetId that you specified.",
}

// orgsReasonSentences are the sentences of InvalidInputException and
// ConstraintViolationException reasons, which replace the exception's own.
var orgsReasonSentences = map[string]string{
	// InvalidInputException
	"DUPLICATE_TAG_KEY":                          "Tag keys must be unique among the tags attached to the same entity.",
	"IMMUTABLE_POLICY":                           "You specified a policy that is managed by AWS and can't be modified.",
	"INPUT_REQUIRED":                             "You must include a value for all required parameters.",
	"INVALID_EMAIL_ADDRESS_TARGET":               "You specified an invalid email address for the invited account owner.",
	"INVALID_ENUM":                               "You specified an invalid value.",
	"INVALID_ENUM_POLICY_TYPE":                   "You specified an invalid policy type string.",
	"INVALID_FULL_NAME_TARGET":                   "You specified a full name that contains invalid characters.",
	"INVALID_LIST_MEMBER":                        "You provided a list to a parameter that contains at least one invalid value.",
	"INVALID_NEXT_TOKEN":                         "You specified an invalid value for the nextToken request parameter.",
	"INVALID_PAGINATION_TOKEN":                   "Get the value for the NextToken parameter from the response to a previous call of the operation.",
	"INVALID_PARTY_TYPE_TARGET":                  "You specified the wrong type of entity (account, organization, or email) as a party.",
	"INVALID_PATTERN":                            "You provided a value that does not match the required pattern.",
	"INVALID_PATTERN_TARGET_ID":                  "You specified a policy target ID that doesn't match the required pattern.",
	"INVALID_PRINCIPAL":                          "You specified an invalid principal element in the policy.",
	"INVALID_ROLE_NAME":                          "You provided a role name that isn't valid.",
	"INVALID_SYNTAX_ORGANIZATION_ARN":            "You specified an invalid Amazon Resource Name (ARN) for the organization.",
	"INVALID_SYNTAX_POLICY_ID":                   "You specified an invalid policy ID.",
	"INVALID_SYSTEM_TAGS_PARAMETER":              "You specified a tag key that is a system tag.",
	"MAX_FILTER_LIMIT_EXCEEDED":                  "You can specify only one filter parameter for the operation.",
	"MAX_LENGTH_EXCEEDED":                        "You provided a string parameter that is longer than allowed.",
	"MAX_VALUE_EXCEEDED":                         "You provided a numeric parameter that has a larger value than allowed.",
	"MIN_LENGTH_EXCEEDED":                        "You provided a string parameter that is shorter than allowed.",
	"MIN_VALUE_EXCEEDED":                         "You provided a numeric parameter that has a smaller value than allowed.",
	"MOVING_ACCOUNT_BETWEEN_DIFFERENT_ROOTS":     "You can move an account only between entities in the same root.",
	"NON_DETACHABLE_POLICY":                      "You can't detach this AWS Managed Policy.",
	"TARGET_NOT_SUPPORTED":                       "You can't perform the specified operation on that target entity.",
	"UNRECOGNIZED_SERVICE_PRINCIPAL":             "You specified an unrecognized service principal.",
	"INVALID_RESOURCE_POLICY_JSON":               "You provided a resource policy that isn't valid JSON.",
	"UNSUPPORTED_ACTION_IN_RESOURCE_POLICY":      "You specified an action that isn't supported in a resource policy.",
	"UNSUPPORTED_POLICY_TYPE_IN_RESOURCE_POLICY": "You specified a policy type that isn't supported in a resource policy.",
	"UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY":    "You specified a resource that isn't supported in a resource policy.",

	// ConstraintViolationException
	"ACCOUNT_CANNOT_LEAVE_ORGANIZATION": "You attempted to remove the management account from the organization.",
	"ACCOUNT_NUMBER_LIMIT_EXCEEDED":     "You attempted to exceed the limit on the number of accounts in an organization.",
	"CANNOT_CLOSE_MANAGEMENT_ACCOUNT":   "You attempted to close the management account.",
	"CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR": "You attempted to register the management account of the " +
		"organization as a delegated administrator for an AWS service integrated with Organizations.",
	"CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR": "You cannot register a suspended account as a " +
		"delegated administrator.",
	"CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG": "You attempted to remove an account that is registered as a " +
		"delegated administrator for a service integrated with your organization.",
	"CLOSE_ACCOUNT_QUOTA_EXCEEDED":          "You have exceeded close account quota for the past 30 days.",
	"CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED": "You attempted to exceed the number of accounts that you can close at a time.",
	"DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE": "You attempted to register an AWS account as a delegated " +
		"administrator for an AWS service that already has a delegated administrator.",
	"HANDSHAKE_RATE_LIMIT_EXCEEDED": "You attempted to exceed the number of handshakes that you can send in one day.",
	"MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED": "You attempted to register more delegated " +
		"administrators than allowed for the service principal.",
	"MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED": "You attempted to exceed the number of policies of a certain type " +
		"that can be attached to an entity at one time.",
	"MAX_TAG_LIMIT_EXCEEDED": "You have exceeded the number of tags allowed on this resource.",
	"MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED": "You attempted to detach a policy from an entity that would cause " +
		"the entity to have fewer than the minimum number of policies of a certain type required.",
	"ORGANIZATION_NOT_IN_ALL_FEATURES_MODE": "You attempted to perform an operation that requires the organization " +
		"to be configured to support all features.",
	"OU_DEPTH_LIMIT_EXCEEDED":       "You attempted to create an OU tree that is too many levels deep.",
	"OU_NUMBER_LIMIT_EXCEEDED":      "You attempted to exceed the number of OUs that you can have in an organization.",
	"POLICY_CONTENT_LIMIT_EXCEEDED": "You attempted to create a policy that is larger than the maximum size.",
	"POLICY_NUMBER_LIMIT_EXCEEDED":  "You attempted to exceed the number of policies that you can have in an organization.",
	"POLICY_TYPE_ENABLED_FOR_THIS_SERVICE": "You attempted to disable service access before you disabled the " +
		"policy type.",
	"SERVICE_ACCESS_NOT_ENABLED": "You attempted to register a delegated administrator before you enabled service access.",

	// HandshakeConstraintViolationException
	"ALREADY_IN_AN_ORGANIZATION": "The handshake request is invalid because the invited account is already a member " +
		"of an organization.",
	"INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES": "You can't issue new invitations to join an organization while " +
		"it's in the process of enabling all features.",
	"ORGANIZATION_ALREADY_HAS_ALL_FEATURES": "The handshake request is invalid because the organization has already " +
		"enabled all features.",
	"ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION": "The handshake request is invalid because the " +
		"organization has already started the process to enable all features.",
}

// orgsMessage returns AWS's sentence for an exception (and its reason),
// followed by chatgov's detail. A detail that already starts with the
// sentence (in any case, with or without its full stop) is returned alone.
func orgsMessage(code, reason, detail string) string {
	sentence := orgsReasonSentences[reason]
	if sentence == "" {
		sentence = orgsSentences[code]
	}
	switch {
	case sentence == "":
		return detail
	case detail == "":
		return sentence
	case len(detail) >= len(sentence)-1 && strings.EqualFold(detail[:len(sentence)-1], sentence[:len(sentence)-1]):
		return strings.ToUpper(detail[:1]) + detail[1:]
	}
	return sentence + " " + capitalizeWord(detail)
}

// capitalizeWord upper-cases the first letter of s when s starts with a
// plain lower-case word ("account 1234 ..." but not "p-abcd ..." or
// "$.chatbot ..."), so that the detail reads as a sentence of its own.
func capitalizeWord(s string) string {
	end := strings.IndexAny(s, " :,;")
	if end < 0 {
		end = len(s)
	}
	if end == 0 {
		return s
	}
	for _, r := range s[:end] {
		if !unicode.IsLower(r) {
			return s
		}
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
