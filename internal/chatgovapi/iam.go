package chatgovapi

// chatgov cannot read IAM from AWS: the permission policies of the roles
// chat commands run with, and the customer managed policies that roles
// and guardrails name, are registered with these operations. They belong
// to the caller's account.

// PutRolePermissionsInput registers (replacing) a role's permission
// policies: managed policies by ARN and inline documents.
type PutRolePermissionsInput struct {
	RoleArn           string         `json:"RoleArn"`
	ManagedPolicyArns []string       `json:"ManagedPolicyArns,omitempty"`
	InlinePolicies    []InlinePolicy `json:"InlinePolicies,omitempty"`
}

type PutRolePermissionsOutput struct {
	RolePermissions RolePermissions `json:"RolePermissions"`
}

// InlinePolicy is an inline policy of a role.
type InlinePolicy struct {
	PolicyName     string `json:"PolicyName"`
	PolicyDocument string `json:"PolicyDocument"`
}

// RolePermissions is a role's registration.
type RolePermissions struct {
	InlinePolicies    []InlinePolicy `json:"InlinePolicies"`
	ManagedPolicyArns []string       `json:"ManagedPolicyArns"`
	RoleArn           string         `json:"RoleArn"`
	UpdatedTimestamp  Time           `json:"UpdatedTimestamp"`
}

type GetRolePermissionsInput struct {
	RoleArn string `json:"RoleArn"`
}

type GetRolePermissionsOutput struct {
	RolePermissions RolePermissions `json:"RolePermissions"`
}

type DeleteRolePermissionsInput struct {
	RoleArn string `json:"RoleArn"`
}

type DeleteRolePermissionsOutput struct{}

// PutManagedPolicyInput registers (replacing) a customer managed policy
// at arn:aws:iam::ACCOUNT:policy/PATH/NAME; Path defaults to "/".
type PutManagedPolicyInput struct {
	PolicyName     string `json:"PolicyName"`
	Path           string `json:"Path,omitempty"`
	PolicyDocument string `json:"PolicyDocument"`
}

type PutManagedPolicyOutput struct {
	Policy ManagedPolicy `json:"Policy"`
}

// ManagedPolicy is a registered customer managed policy.
type ManagedPolicy struct {
	Path             string `json:"Path"`
	PolicyArn        string `json:"PolicyArn"`
	PolicyDocument   string `json:"PolicyDocument"`
	PolicyName       string `json:"PolicyName"`
	UpdatedTimestamp Time   `json:"UpdatedTimestamp"`
}

type DeleteManagedPolicyInput struct {
	PolicyArn string `json:"PolicyArn"`
}

type DeleteManagedPolicyOutput struct{}

// ListIAMRegistrationsInput names the account whose registrations to list
// (the caller's when empty).
type ListIAMRegistrationsInput struct {
	AccountID string `json:"AccountId,omitempty"`
}

// ListIAMRegistrationsOutput lists them, by ARN.
type ListIAMRegistrationsOutput struct {
	ManagedPolicies []ManagedPolicy   `json:"ManagedPolicies"`
	RolePermissions []RolePermissions `json:"RolePermissions"`
}
