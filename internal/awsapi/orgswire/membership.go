package orgswire

// The operations that change who is in the organization (handshakes,
// invitations, enabling all features, leaving, closing accounts), and the
// organization's resource policy.

// InviteAccountToOrganizationRequest is InviteAccountToOrganization's
// request.
type InviteAccountToOrganizationRequest struct {
	Target *HandshakeParty `json:"Target"`
	Notes  string          `json:"Notes,omitempty"`
	Tags   []Tag           `json:"Tags,omitempty"`
}

// InviteAccountToOrganizationResponse is InviteAccountToOrganization's
// answer.
type InviteAccountToOrganizationResponse struct {
	Handshake Handshake `json:"Handshake"`
}

// AcceptHandshakeRequest is AcceptHandshake's request.
type AcceptHandshakeRequest struct {
	HandshakeID string `json:"HandshakeId"`
}

// AcceptHandshakeResponse is AcceptHandshake's answer.
type AcceptHandshakeResponse struct {
	Handshake Handshake `json:"Handshake"`
}

// DeclineHandshakeRequest is DeclineHandshake's request.
type DeclineHandshakeRequest struct {
	HandshakeID string `json:"HandshakeId"`
}

// DeclineHandshakeResponse is DeclineHandshake's answer.
type DeclineHandshakeResponse struct {
	Handshake Handshake `json:"Handshake"`
}

// CancelHandshakeRequest is CancelHandshake's request.
type CancelHandshakeRequest struct {
	HandshakeID string `json:"HandshakeId"`
}

// CancelHandshakeResponse is CancelHandshake's answer.
type CancelHandshakeResponse struct {
	Handshake Handshake `json:"Handshake"`
}

// DescribeHandshakeRequest is DescribeHandshake's request.
type DescribeHandshakeRequest struct {
	HandshakeID string `json:"HandshakeId"`
}

// DescribeHandshakeResponse is DescribeHandshake's answer.
type DescribeHandshakeResponse struct {
	Handshake Handshake `json:"Handshake"`
}

// ListHandshakesForAccountRequest is ListHandshakesForAccount's request.
type ListHandshakesForAccountRequest struct {
	Filter     *HandshakeFilter `json:"Filter,omitempty"`
	NextToken  string           `json:"NextToken,omitempty"`
	MaxResults *int             `json:"MaxResults,omitempty"`
}

// ListHandshakesForAccountResponse is ListHandshakesForAccount's answer.
type ListHandshakesForAccountResponse struct {
	Handshakes []Handshake `json:"Handshakes"`
	NextToken  string      `json:"NextToken,omitempty"`
}

// ListHandshakesForOrganizationRequest is ListHandshakesForOrganization's
// request.
type ListHandshakesForOrganizationRequest struct {
	Filter     *HandshakeFilter `json:"Filter,omitempty"`
	NextToken  string           `json:"NextToken,omitempty"`
	MaxResults *int             `json:"MaxResults,omitempty"`
}

// ListHandshakesForOrganizationResponse is ListHandshakesForOrganization's
// answer.
type ListHandshakesForOrganizationResponse struct {
	Handshakes []Handshake `json:"Handshakes"`
	NextToken  string      `json:"NextToken,omitempty"`
}

// EnableAllFeaturesResponse is EnableAllFeatures' answer (its request is
// Empty).
type EnableAllFeaturesResponse struct {
	Handshake Handshake `json:"Handshake"`
}

// CloseAccountRequest is CloseAccount's request (its answer is Empty).
type CloseAccountRequest struct {
	AccountID string `json:"AccountId"`
}

// PutResourcePolicyRequest is PutResourcePolicy's request.
type PutResourcePolicyRequest struct {
	Content string `json:"Content"`
	Tags    []Tag  `json:"Tags,omitempty"`
}

// PutResourcePolicyResponse is PutResourcePolicy's answer.
type PutResourcePolicyResponse struct {
	ResourcePolicy ResourcePolicy `json:"ResourcePolicy"`
}

// DescribeResourcePolicyResponse is DescribeResourcePolicy's answer (its
// request is Empty).
type DescribeResourcePolicyResponse struct {
	ResourcePolicy ResourcePolicy `json:"ResourcePolicy"`
}
