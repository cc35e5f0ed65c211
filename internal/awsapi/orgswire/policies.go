package orgswire

// The operations on policies, their attachments and effective policies.

// CreatePolicyRequest is CreatePolicy's request.
type CreatePolicyRequest struct {
	Content     string `json:"Content"`
	Description string `json:"Description"`
	Name        string `json:"Name"`
	Type        string `json:"Type"`
	Tags        []Tag  `json:"Tags,omitempty"`
}

// CreatePolicyResponse is CreatePolicy's answer.
type CreatePolicyResponse struct {
	Policy Policy `json:"Policy"`
}

// UpdatePolicyRequest is UpdatePolicy's request. A member left out (or
// null) is not changed; an empty string is a change.
type UpdatePolicyRequest struct {
	PolicyID    string  `json:"PolicyId"`
	Name        *string `json:"Name,omitempty"`
	Description *string `json:"Description,omitempty"`
	Content     *string `json:"Content,omitempty"`
}

// UpdatePolicyResponse is UpdatePolicy's answer.
type UpdatePolicyResponse struct {
	Policy Policy `json:"Policy"`
}

// DeletePolicyRequest is DeletePolicy's request (its answer is Empty).
type DeletePolicyRequest struct {
	PolicyID string `json:"PolicyId"`
}

// DescribePolicyRequest is DescribePolicy's request.
type DescribePolicyRequest struct {
	PolicyID string `json:"PolicyId"`
}

// DescribePolicyResponse is DescribePolicy's answer.
type DescribePolicyResponse struct {
	Policy Policy `json:"Policy"`
}

// ListPoliciesRequest is ListPolicies' request: Filter is a policy type.
type ListPoliciesRequest struct {
	Filter     string `json:"Filter"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListPoliciesResponse is ListPolicies' answer.
type ListPoliciesResponse struct {
	NextToken string          `json:"NextToken,omitempty"`
	Policies  []PolicySummary `json:"Policies"`
}

// AttachPolicyRequest is AttachPolicy's request (its answer is Empty).
type AttachPolicyRequest struct {
	PolicyID string `json:"PolicyId"`
	TargetID string `json:"TargetId"`
}

// DetachPolicyRequest is DetachPolicy's request (its answer is Empty).
type DetachPolicyRequest struct {
	PolicyID string `json:"PolicyId"`
	TargetID string `json:"TargetId"`
}

// ListPoliciesForTargetRequest is ListPoliciesForTarget's request: Filter
// is a policy type.
type ListPoliciesForTargetRequest struct {
	TargetID   string `json:"TargetId"`
	Filter     string `json:"Filter"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListPoliciesForTargetResponse is ListPoliciesForTarget's answer.
type ListPoliciesForTargetResponse struct {
	NextToken string          `json:"NextToken,omitempty"`
	Policies  []PolicySummary `json:"Policies"`
}

// ListTargetsForPolicyRequest is ListTargetsForPolicy's request.
type ListTargetsForPolicyRequest struct {
	PolicyID   string `json:"PolicyId"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListTargetsForPolicyResponse is ListTargetsForPolicy's answer.
type ListTargetsForPolicyResponse struct {
	NextToken string                `json:"NextToken,omitempty"`
	Targets   []PolicyTargetSummary `json:"Targets"`
}

// DescribeEffectivePolicyRequest is DescribeEffectivePolicy's request.
type DescribeEffectivePolicyRequest struct {
	PolicyType string `json:"PolicyType"`
	TargetID   string `json:"TargetId,omitempty"`
}

// DescribeEffectivePolicyResponse is DescribeEffectivePolicy's answer.
type DescribeEffectivePolicyResponse struct {
	EffectivePolicy EffectivePolicy `json:"EffectivePolicy"`
}

// ListAccountsWithInvalidEffectivePolicyRequest is
// ListAccountsWithInvalidEffectivePolicy's request.
type ListAccountsWithInvalidEffectivePolicyRequest struct {
	PolicyType string `json:"PolicyType"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListAccountsWithInvalidEffectivePolicyResponse is
// ListAccountsWithInvalidEffectivePolicy's answer.
type ListAccountsWithInvalidEffectivePolicyResponse struct {
	Accounts   []Account `json:"Accounts"`
	NextToken  string    `json:"NextToken,omitempty"`
	PolicyType string    `json:"PolicyType"`
}

// ListEffectivePolicyValidationErrorsRequest is
// ListEffectivePolicyValidationErrors' request.
type ListEffectivePolicyValidationErrorsRequest struct {
	AccountID  string `json:"AccountId"`
	PolicyType string `json:"PolicyType"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListEffectivePolicyValidationErrorsResponse is
// ListEffectivePolicyValidationErrors' answer. Path and
// EvaluationTimestamp are present when the account has an effective
// policy of the type.
type ListEffectivePolicyValidationErrorsResponse struct {
	AccountID                       string                           `json:"AccountId"`
	EffectivePolicyValidationErrors []EffectivePolicyValidationError `json:"EffectivePolicyValidationErrors"`
	EvaluationTimestamp             *Epoch                           `json:"EvaluationTimestamp,omitempty"`
	NextToken                       string                           `json:"NextToken,omitempty"`
	Path                            string                           `json:"Path,omitempty"`
	PolicyType                      string                           `json:"PolicyType"`
}
