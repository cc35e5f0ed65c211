package gov

// The formats of the identifiers the use cases take, for adapters that
// check input before they call (a command line reports a typo as a usage
// error before anything is sent). They are the service's own checks: an
// adapter must not keep a copy of its own, which would drift.

// ConfigurationAccount returns the account of a chat configuration ARN
// (arn:aws:chatbot::ACCOUNT:chat-configuration/KIND/NAME), and false when
// arn is not one.
func ConfigurationAccount(arn string) (string, bool) {
	m := reChatConfigARN.FindStringSubmatch(arn)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// ValidRoleARN reports whether s is an IAM role ARN the service takes.
func ValidRoleARN(s string) bool { return reRoleARN.MatchString(s) }

// ValidManagedPolicyARN reports whether s is the ARN of a managed policy,
// AWS's or an account's, as a role registration may name it.
func ValidManagedPolicyARN(s string) bool { return reManagedPolicyARN.MatchString(s) }

// ValidIAMName reports whether s is an IAM policy name (1 to 128 letters,
// digits and +=,.@_-).
func ValidIAMName(s string) bool { return reIAMName.MatchString(s) }

// ValidIAMPath reports whether s is an IAM path: / or /one/or/more/parts/.
func ValidIAMPath(s string) bool { return reIAMPath.MatchString(s) }
