// Package stswire holds the wire contract of the STS operations chatgov
// serves, AssumeRole and GetCallerIdentity, in the awsQuery protocol: a
// request is a form (Action, Version and the operation's members), an
// answer an XML document in STS's namespace. Element and member names are
// STS's; Go field names follow Go's conventions.
//
// Like orgswire, the package is data only and imports nothing but the
// standard library.
package stswire

import (
	"encoding/xml"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Namespace is the XML namespace of STS's answers, and Version the API
// version its requests name.
const (
	Namespace = "https://sts.amazonaws.com/doc/2011-06-15/"
	Version   = "2011-06-15"
)

// AssumeRoleRequest is AssumeRole's request: the form members RoleArn,
// RoleSessionName and DurationSeconds.
type AssumeRoleRequest struct {
	RoleARN         string
	RoleSessionName string
	// DurationSeconds is nil when the request leaves it out (the default
	// duration applies).
	DurationSeconds *int
}

// MemberError is a form member whose value cannot be read.
type MemberError struct {
	Member string // the member's name, as the form spells it
	Want   string // what the value must be ("a number")
}

func (e *MemberError) Error() string { return e.Member + " must be " + e.Want }

// ParseAssumeRoleRequest reads AssumeRole's members from a request's form.
// Members it does not know are ignored, as STS ignores them. It returns a
// *MemberError when DurationSeconds is present and not an integer.
func ParseAssumeRoleRequest(form url.Values) (AssumeRoleRequest, error) {
	in := AssumeRoleRequest{RoleARN: form.Get("RoleArn"), RoleSessionName: form.Get("RoleSessionName")}
	if v := form.Get("DurationSeconds"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return AssumeRoleRequest{}, &MemberError{Member: "DurationSeconds", Want: "a number"}
		}
		in.DurationSeconds = &n
	}
	return in, nil
}

// Form returns the request as the form a client sends.
func (r AssumeRoleRequest) Form() url.Values {
	form := url.Values{"Action": {"AssumeRole"}, "Version": {Version}, "RoleArn": {r.RoleARN}, "RoleSessionName": {r.RoleSessionName}}
	if r.DurationSeconds != nil {
		form.Set("DurationSeconds", strconv.Itoa(*r.DurationSeconds))
	}
	return form
}

// ResponseMetadata carries the request's ID in every answer.
type ResponseMetadata struct {
	RequestID string `xml:"RequestId"`
}

// AssumeRoleResponse is AssumeRole's answer.
type AssumeRoleResponse struct {
	XMLName          xml.Name         `xml:"AssumeRoleResponse"`
	Xmlns            string           `xml:"xmlns,attr"`
	Result           AssumeRoleResult `xml:"AssumeRoleResult"`
	ResponseMetadata ResponseMetadata `xml:"ResponseMetadata"`
}

// AssumeRoleResult is the temporary credentials and who they act as.
type AssumeRoleResult struct {
	Credentials     Credentials     `xml:"Credentials"`
	AssumedRoleUser AssumedRoleUser `xml:"AssumedRoleUser"`
}

// Credentials are temporary security credentials.
type Credentials struct {
	AccessKeyID     string    `xml:"AccessKeyId"`
	SecretAccessKey string    `xml:"SecretAccessKey"`
	SessionToken    string    `xml:"SessionToken"`
	Expiration      Timestamp `xml:"Expiration"`
}

// AssumedRoleUser is the role session the credentials act as.
type AssumedRoleUser struct {
	AssumedRoleID string `xml:"AssumedRoleId"`
	ARN           string `xml:"Arn"`
}

// GetCallerIdentityResponse is GetCallerIdentity's answer (its request has
// no members).
type GetCallerIdentityResponse struct {
	XMLName          xml.Name                `xml:"GetCallerIdentityResponse"`
	Xmlns            string                  `xml:"xmlns,attr"`
	Result           GetCallerIdentityResult `xml:"GetCallerIdentityResult"`
	ResponseMetadata ResponseMetadata        `xml:"ResponseMetadata"`
}

// GetCallerIdentityResult says who the caller is.
type GetCallerIdentityResult struct {
	UserID  string `xml:"UserId"`
	Account string `xml:"Account"`
	ARN     string `xml:"Arn"`
}

// Timestamp is a time as STS writes it: ISO 8601 in UTC, to the second
// (2030-01-02T03:04:05Z).
type Timestamp time.Time

// Time returns t as a time.Time.
func (t Timestamp) Time() time.Time { return time.Time(t) }

// MarshalText writes t in UTC, to the second. It returns an error when t
// is outside years 1 to 9999 in UTC, which the format cannot write.
func (t Timestamp) MarshalText() ([]byte, error) {
	u := time.Time(t).UTC()
	if u.Year() < 1 || u.Year() > 9999 {
		return nil, fmt.Errorf("a timestamp must be in years 1 to 9999 (UTC), not %d", u.Year())
	}
	return []byte(u.Format(time.RFC3339)), nil
}

// UnmarshalText reads an RFC 3339 time (fractions of a second and any
// offset accepted). It returns an error for any other text, and for a
// time outside years 1 to 9999 in UTC.
func (t *Timestamp) UnmarshalText(b []byte) error {
	tt, err := time.Parse(time.RFC3339, string(b))
	if err != nil {
		return fmt.Errorf("a timestamp must be an RFC 3339 time, not %.40q", b)
	}
	if y := tt.UTC().Year(); y < 1 || y > 9999 {
		return fmt.Errorf("a timestamp must be in years 1 to 9999 (UTC), not %.40q", b)
	}
	*t = Timestamp(tt)
	return nil
}
