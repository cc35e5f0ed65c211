// Package orgswire holds the wire contract of the AWS Organizations
// operations chatgov serves: for each operation its request and response
// as the awsJson1_1 protocol carries them, and the structures they share,
// named as the service model names them (CreatePolicyRequest,
// CreatePolicyResponse, PolicySummary, ...).
//
// Member names are AWS's, spelt as the service model spells them; Go
// field names follow Go's conventions (ID for Id, ARN for Arn) and the
// json tag carries AWS's name. A member is omitted when AWS omits it:
// optional request members (so that a client encodes what it sets), and
// the response members chatgov writes only when they have a value
// (NextToken, an account creation's outcome, a validation report's
// path). Response members are declared in the order chatgov has always
// written them, which the golden test in package awsapi pins byte for
// byte.
//
// The package is data only: it imports nothing but the standard library,
// so that the server (package awsapi) and any client or adapter can share
// it without taking on the service or the store.
package orgswire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Empty is the request or response of an operation that has none (the
// service model's Unit): it is written as {}.
type Empty struct{}

// Epoch is a timestamp as the JSON protocols write it: seconds since the
// Unix epoch, with milliseconds as a fraction (1700000000.123). The zero
// time is written as null.
type Epoch time.Time

// Time returns t as a time.Time.
func (t Epoch) Time() time.Time { return time.Time(t) }

// IsZero reports whether t is the zero time.
func (t Epoch) IsZero() bool { return time.Time(t).IsZero() }

// MarshalJSON writes t in seconds, to the millisecond.
func (t Epoch) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	secs := float64(tt.UnixMilli()) / 1000
	return strconv.AppendFloat(nil, secs, 'f', -1, 64), nil
}

// The range of an Epoch: from year 1 (the zero time) to the last second
// of year 9999. AWS's timestamps are far inside it; a number outside it is
// not a timestamp.
const (
	minEpochSeconds = -62135596800
	maxEpochSeconds = 253402300799
)

// UnmarshalJSON reads seconds since the Unix epoch (a JSON number, its
// fraction rounded to the millisecond), or null for the zero time. It
// returns an error for any other JSON value and for a number outside
// years 1 to 9999.
func (t *Epoch) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*t = Epoch{}
		return nil
	}
	notNumber := len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) || !json.Valid(b)
	secs, err := strconv.ParseFloat(string(b), 64)
	if notNumber || err != nil {
		return fmt.Errorf("a timestamp must be a number of seconds since 1970-01-01T00:00:00Z, not %.40q", b)
	}
	ms := math.Round(secs * 1000)
	if ms < minEpochSeconds*1000 || ms > maxEpochSeconds*1000+999 {
		return fmt.Errorf("a timestamp must be between years 1 and 9999, not %s seconds since 1970", b)
	}
	*t = Epoch(time.UnixMilli(int64(ms)).UTC())
	return nil
}

// Tag is a key and value attached to a resource. Both are always written,
// an empty value as "".
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// PolicyTypeSummary is a policy type's status in a root.
type PolicyTypeSummary struct {
	Type   string `json:"Type"`
	Status string `json:"Status"`
}

// Organization describes the organization.
type Organization struct {
	ARN                  string              `json:"Arn"`
	AvailablePolicyTypes []PolicyTypeSummary `json:"AvailablePolicyTypes"`
	FeatureSet           string              `json:"FeatureSet"`
	ID                   string              `json:"Id"`
	MasterAccountARN     string              `json:"MasterAccountArn"`
	MasterAccountEmail   string              `json:"MasterAccountEmail"`
	MasterAccountID      string              `json:"MasterAccountId"`
}

// Root is the organization's root.
type Root struct {
	ARN         string              `json:"Arn"`
	ID          string              `json:"Id"`
	Name        string              `json:"Name"`
	PolicyTypes []PolicyTypeSummary `json:"PolicyTypes"`
}

// OrganizationalUnit is an OU.
type OrganizationalUnit struct {
	ARN  string `json:"Arn"`
	ID   string `json:"Id"`
	Name string `json:"Name"`
	Path string `json:"Path"`
}

// Account is an account of the organization. Paths is null when the
// account has none.
type Account struct {
	ARN             string   `json:"Arn"`
	Email           string   `json:"Email"`
	ID              string   `json:"Id"`
	JoinedMethod    string   `json:"JoinedMethod"`
	JoinedTimestamp Epoch    `json:"JoinedTimestamp"`
	Name            string   `json:"Name"`
	Paths           []string `json:"Paths"`
	State           string   `json:"State"`
	Status          string   `json:"Status"`
}

// Child is a child of a root or OU: its ID and type (ACCOUNT or
// ORGANIZATIONAL_UNIT).
type Child struct {
	ID   string `json:"Id"`
	Type string `json:"Type"`
}

// Parent is the parent of an OU or account: its ID and type (ROOT or
// ORGANIZATIONAL_UNIT).
type Parent struct {
	ID   string `json:"Id"`
	Type string `json:"Type"`
}

// CreateAccountStatus is the status of a CreateAccount request.
// CompletedTimestamp is present once the request is over (SUCCEEDED or
// FAILED), AccountId once the account exists, FailureReason when it
// failed.
type CreateAccountStatus struct {
	AccountID          string `json:"AccountId,omitempty"`
	AccountName        string `json:"AccountName"`
	CompletedTimestamp *Epoch `json:"CompletedTimestamp,omitempty"`
	FailureReason      string `json:"FailureReason,omitempty"`
	ID                 string `json:"Id"`
	RequestedTimestamp Epoch  `json:"RequestedTimestamp"`
	State              string `json:"State"`
}

// EnabledServicePrincipal is a service with trusted access to the
// organization.
type EnabledServicePrincipal struct {
	DateEnabled      Epoch  `json:"DateEnabled"`
	ServicePrincipal string `json:"ServicePrincipal"`
}

// DelegatedAdministrator is an account registered as a delegated
// administrator: an Account without Paths, with the date of its
// registration.
type DelegatedAdministrator struct {
	ARN                   string `json:"Arn"`
	DelegationEnabledDate Epoch  `json:"DelegationEnabledDate"`
	Email                 string `json:"Email"`
	ID                    string `json:"Id"`
	JoinedMethod          string `json:"JoinedMethod"`
	JoinedTimestamp       Epoch  `json:"JoinedTimestamp"`
	Name                  string `json:"Name"`
	State                 string `json:"State"`
	Status                string `json:"Status"`
}

// DelegatedService is a service for which an account is a delegated
// administrator.
type DelegatedService struct {
	DelegationEnabledDate Epoch  `json:"DelegationEnabledDate"`
	ServicePrincipal      string `json:"ServicePrincipal"`
}

// PolicySummary describes a policy without its content.
type PolicySummary struct {
	ARN         string `json:"Arn"`
	AWSManaged  bool   `json:"AwsManaged"`
	Description string `json:"Description"`
	ID          string `json:"Id"`
	Name        string `json:"Name"`
	Type        string `json:"Type"`
}

// Policy is a policy with its content.
type Policy struct {
	Content       string        `json:"Content"`
	PolicySummary PolicySummary `json:"PolicySummary"`
}

// PolicyTargetSummary is a root, OU or account a policy is attached to.
type PolicyTargetSummary struct {
	ARN      string `json:"Arn"`
	Name     string `json:"Name"`
	TargetID string `json:"TargetId"`
	Type     string `json:"Type"`
}

// EffectivePolicy is the policy of a type in force on a target.
type EffectivePolicy struct {
	LastUpdatedTimestamp Epoch  `json:"LastUpdatedTimestamp"`
	PolicyContent        string `json:"PolicyContent"`
	PolicyType           string `json:"PolicyType"`
	TargetID             string `json:"TargetId"`
}

// EffectivePolicyValidationError is one problem of an effective policy.
// ContributingPolicies is null when no policy contributed.
type EffectivePolicyValidationError struct {
	ContributingPolicies []string `json:"ContributingPolicies"`
	ErrorCode            string   `json:"ErrorCode"`
	ErrorMessage         string   `json:"ErrorMessage"`
	PathToError          string   `json:"PathToError"`
}

// ResourcePolicySummary identifies the organization's resource policy.
type ResourcePolicySummary struct {
	ARN string `json:"Arn"`
	ID  string `json:"Id"`
}

// ResourcePolicy is the organization's resource-based delegation policy.
type ResourcePolicy struct {
	Content               string                `json:"Content"`
	ResourcePolicySummary ResourcePolicySummary `json:"ResourcePolicySummary"`
}

// HandshakeParty is a participant of a handshake, and the target of an
// invitation: its ID (an account ID, an organization ID or an email
// address) and its type (ACCOUNT, ORGANIZATION or EMAIL).
type HandshakeParty struct {
	ID   string `json:"Id"`
	Type string `json:"Type"`
}

// HandshakeResource is a piece of information a handshake carries, with
// the pieces nested under it (omitted when there are none).
type HandshakeResource struct {
	Resources []HandshakeResource `json:"Resources,omitempty"`
	Type      string              `json:"Type"`
	Value     string              `json:"Value"`
}

// Handshake is an invitation or a request to enable all features.
type Handshake struct {
	Action              string              `json:"Action"`
	ARN                 string              `json:"Arn"`
	ExpirationTimestamp Epoch               `json:"ExpirationTimestamp"`
	ID                  string              `json:"Id"`
	Parties             []HandshakeParty    `json:"Parties"`
	RequestedTimestamp  Epoch               `json:"RequestedTimestamp"`
	Resources           []HandshakeResource `json:"Resources"`
	State               string              `json:"State"`
}

// HandshakeFilter selects handshakes by action or by parent handshake; at
// most one of its members may be set.
type HandshakeFilter struct {
	ActionType        string `json:"ActionType,omitempty"`
	ParentHandshakeID string `json:"ParentHandshakeId,omitempty"`
}

// ErrorResponse is an error answer of the awsJson1_1 protocol: the
// exception's name, its message, and for the exceptions that carry one
// (InvalidInputException, ConstraintViolationException and
// HandshakeConstraintViolationException) the reason code.
type ErrorResponse struct {
	Message string `json:"Message"`
	Reason  string `json:"Reason,omitempty"`
	Type    string `json:"__type"`
}
