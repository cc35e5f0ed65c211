package chatgovapi

import "encoding/json"

// DescribeEffectivePolicyExplanationInput names the account and the
// management policy type whose effective policy to explain.
type DescribeEffectivePolicyExplanationInput struct {
	AccountID  string `json:"AccountId"`
	PolicyType string `json:"PolicyType"`
}

// DescribeEffectivePolicyExplanationOutput is an account's effective
// policy (Policy, as DescribeEffectivePolicy renders it) with where every
// value came from.
type DescribeEffectivePolicyExplanationOutput struct {
	AccountID            string                     `json:"AccountId"`
	AccountName          string                     `json:"AccountName"`
	Explanation          EffectivePolicyExplanation `json:"Explanation"`
	LastUpdatedTimestamp Time                       `json:"LastUpdatedTimestamp"`
	Policy               string                     `json:"Policy"`
	PolicyType           string                     `json:"PolicyType"`
}

// EffectivePolicyExplanation is the provenance of an effective policy:
// every value with the policy statement that set it, the values a policy
// removed, the child-control restrictions in force, and the effective
// policy's validation errors (absent for a caller who may not list them).
type EffectivePolicyExplanation struct {
	Errors       []ExplainedError       `json:"Errors,omitempty"`
	Removed      []ExplainedValue       `json:"Removed,omitempty"`
	Restrictions []ExplainedRestriction `json:"Restrictions,omitempty"`
	Values       []ExplainedValue       `json:"Values"`
}

// ExplainedValue is one value at its JSON path and where it came from.
type ExplainedValue struct {
	Path   string          `json:"Path"`
	Source *PolicySource   `json:"Source"`
	Value  json.RawMessage `json:"Value"`
}

// ExplainedRestriction is a child-control restriction at a path: the
// operators child policies may still use there, and who declared it.
type ExplainedRestriction struct {
	Allowed []string        `json:"Allowed"`
	Path    string          `json:"Path"`
	Sources []*PolicySource `json:"Sources"`
}

// ExplainedError is a validation error of the effective policy: a change
// the merge ignored, or a quota exceeded, with the policies involved.
type ExplainedError struct {
	Change               *PolicySource   `json:"Change,omitempty"`
	Code                 string          `json:"Code"`
	Contributing         []*PolicySource `json:"Contributing,omitempty"`
	ContributingPolicies []string        `json:"ContributingPolicies"`
	Message              string          `json:"Message"`
	Path                 string          `json:"Path"`
}

// PolicySource is a policy statement: the policy, the root, OU or
// account it is attached to, and the operator (@@assign, @@append,
// @@remove or @@operators_allowed_for_child_policies).
type PolicySource struct {
	Operator   string `json:"Operator"`
	PolicyID   string `json:"PolicyId"`
	PolicyName string `json:"PolicyName"`
	TargetID   string `json:"TargetId"`
	TargetName string `json:"TargetName,omitempty"`
	TargetType string `json:"TargetType"`
}
