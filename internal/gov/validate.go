package gov

import (
	"regexp"
	"unicode/utf8"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
)

var (
	rePolicyID         = regexp.MustCompile(`^p-[0-9a-zA-Z_]{8,128}$`)
	reCreateAccountID  = regexp.MustCompile(`^car-[a-z0-9]{8,32}$`)
	reServicePrincipal = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)
	reEmail            = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)
	reAccountName      = regexp.MustCompile(`^[\x20-\x7E]{1,50}$`)
	reRoleName         = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	reTagText          = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
)

func required(field, v string) error {
	if v == "" {
		return invalid(ReasonInputRequired, "%s is required", field)
	}
	return nil
}

func checkLen(field, v string, min, max int) error {
	n := utf8.RuneCountInString(v)
	if n < min {
		if min == 1 {
			return invalid(ReasonInputRequired, "%s is required", field)
		}
		return invalid(ReasonMinLength, "%s must be at least %d characters long", field, min)
	}
	if n > max {
		return invalid(ReasonMaxLength, "%s must be at most %d characters long; it is %d", field, max, n)
	}
	return nil
}

func checkPattern(field, v string, re *regexp.Regexp, what string) error {
	if err := required(field, v); err != nil {
		return err
	}
	if !re.MatchString(v) {
		return invalid(ReasonInvalidPattern, "%s %q is not %s", field, v, what)
	}
	return nil
}

// checkNodeID checks that id has the format of one of the node types.
func checkNodeID(field, id string, reason string, types ...org.NodeType) error {
	if err := required(field, id); err != nil {
		return err
	}
	for _, t := range types {
		if org.ValidID(t, id) {
			return nil
		}
	}
	return invalid(reason, "%s %q is not a valid %s ID", field, id, describeTypes(types))
}

func describeTypes(types []org.NodeType) string {
	s := ""
	for i, t := range types {
		if i > 0 {
			s += " or "
		}
		switch t {
		case org.Root:
			s += "root"
		case org.OU:
			s += "organizational unit"
		case org.Account:
			s += "account"
		}
	}
	return s
}

func checkPolicyID(id string) error {
	if err := required("PolicyId", id); err != nil {
		return err
	}
	if !rePolicyID.MatchString(id) {
		return invalid(ReasonInvalidPolicyID, "PolicyId %q is not a valid policy ID (p- followed by 8 to 128 letters, digits or underscores)", id)
	}
	return nil
}

// checkPolicyType returns the type's information, or INVALID_ENUM_POLICY_TYPE.
func checkPolicyType(field string, t policy.Type) (policy.TypeInfo, error) {
	if err := required(field, string(t)); err != nil {
		return policy.TypeInfo{}, err
	}
	info, ok := policy.Lookup(t)
	if !ok {
		return info, invalid(ReasonInvalidEnumType, "%s %q is not a policy type", field, t)
	}
	return info, nil
}
