package orgswire

// The operations on the organization, its tree, its accounts, trusted
// services, delegated administrators and tags. List requests take
// NextToken (from the previous page's answer) and MaxResults (1 to 20);
// list answers carry NextToken while more items remain.

// CreateOrganizationRequest is CreateOrganization's request.
type CreateOrganizationRequest struct {
	FeatureSet string `json:"FeatureSet,omitempty"`
}

// CreateOrganizationResponse is CreateOrganization's answer.
type CreateOrganizationResponse struct {
	Organization Organization `json:"Organization"`
}

// DescribeOrganizationResponse is DescribeOrganization's answer (its
// request is Empty).
type DescribeOrganizationResponse struct {
	Organization Organization `json:"Organization"`
}

// ListRootsRequest is ListRoots' request.
type ListRootsRequest struct {
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListRootsResponse is ListRoots' answer.
type ListRootsResponse struct {
	NextToken string `json:"NextToken,omitempty"`
	Roots     []Root `json:"Roots"`
}

// EnablePolicyTypeRequest is EnablePolicyType's request.
type EnablePolicyTypeRequest struct {
	RootID     string `json:"RootId"`
	PolicyType string `json:"PolicyType"`
}

// EnablePolicyTypeResponse is EnablePolicyType's answer.
type EnablePolicyTypeResponse struct {
	Root Root `json:"Root"`
}

// DisablePolicyTypeRequest is DisablePolicyType's request.
type DisablePolicyTypeRequest struct {
	RootID     string `json:"RootId"`
	PolicyType string `json:"PolicyType"`
}

// DisablePolicyTypeResponse is DisablePolicyType's answer.
type DisablePolicyTypeResponse struct {
	Root Root `json:"Root"`
}

// CreateOrganizationalUnitRequest is CreateOrganizationalUnit's request.
type CreateOrganizationalUnitRequest struct {
	ParentID string `json:"ParentId"`
	Name     string `json:"Name"`
	Tags     []Tag  `json:"Tags,omitempty"`
}

// CreateOrganizationalUnitResponse is CreateOrganizationalUnit's answer.
type CreateOrganizationalUnitResponse struct {
	OrganizationalUnit OrganizationalUnit `json:"OrganizationalUnit"`
}

// DescribeOrganizationalUnitRequest is DescribeOrganizationalUnit's request.
type DescribeOrganizationalUnitRequest struct {
	OrganizationalUnitID string `json:"OrganizationalUnitId"`
}

// DescribeOrganizationalUnitResponse is DescribeOrganizationalUnit's answer.
type DescribeOrganizationalUnitResponse struct {
	OrganizationalUnit OrganizationalUnit `json:"OrganizationalUnit"`
}

// UpdateOrganizationalUnitRequest is UpdateOrganizationalUnit's request.
type UpdateOrganizationalUnitRequest struct {
	OrganizationalUnitID string `json:"OrganizationalUnitId"`
	Name                 string `json:"Name,omitempty"`
}

// UpdateOrganizationalUnitResponse is UpdateOrganizationalUnit's answer.
type UpdateOrganizationalUnitResponse struct {
	OrganizationalUnit OrganizationalUnit `json:"OrganizationalUnit"`
}

// DeleteOrganizationalUnitRequest is DeleteOrganizationalUnit's request.
type DeleteOrganizationalUnitRequest struct {
	OrganizationalUnitID string `json:"OrganizationalUnitId"`
}

// ListOrganizationalUnitsForParentRequest is
// ListOrganizationalUnitsForParent's request.
type ListOrganizationalUnitsForParentRequest struct {
	ParentID   string `json:"ParentId"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListOrganizationalUnitsForParentResponse is
// ListOrganizationalUnitsForParent's answer.
type ListOrganizationalUnitsForParentResponse struct {
	NextToken           string               `json:"NextToken,omitempty"`
	OrganizationalUnits []OrganizationalUnit `json:"OrganizationalUnits"`
}

// ListChildrenRequest is ListChildren's request.
type ListChildrenRequest struct {
	ParentID   string `json:"ParentId"`
	ChildType  string `json:"ChildType"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListChildrenResponse is ListChildren's answer.
type ListChildrenResponse struct {
	Children  []Child `json:"Children"`
	NextToken string  `json:"NextToken,omitempty"`
}

// ListParentsRequest is ListParents' request.
type ListParentsRequest struct {
	ChildID    string `json:"ChildId"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListParentsResponse is ListParents' answer.
type ListParentsResponse struct {
	NextToken string   `json:"NextToken,omitempty"`
	Parents   []Parent `json:"Parents"`
}

// CreateAccountRequest is CreateAccount's request.
type CreateAccountRequest struct {
	Email                  string `json:"Email"`
	AccountName            string `json:"AccountName"`
	RoleName               string `json:"RoleName,omitempty"`
	IamUserAccessToBilling string `json:"IamUserAccessToBilling,omitempty"`
	Tags                   []Tag  `json:"Tags,omitempty"`
}

// CreateAccountResponse is CreateAccount's answer.
type CreateAccountResponse struct {
	CreateAccountStatus CreateAccountStatus `json:"CreateAccountStatus"`
}

// DescribeCreateAccountStatusRequest is DescribeCreateAccountStatus'
// request.
type DescribeCreateAccountStatusRequest struct {
	CreateAccountRequestID string `json:"CreateAccountRequestId"`
}

// DescribeCreateAccountStatusResponse is DescribeCreateAccountStatus'
// answer.
type DescribeCreateAccountStatusResponse struct {
	CreateAccountStatus CreateAccountStatus `json:"CreateAccountStatus"`
}

// ListCreateAccountStatusRequest is ListCreateAccountStatus' request.
type ListCreateAccountStatusRequest struct {
	States     []string `json:"States,omitempty"`
	NextToken  string   `json:"NextToken,omitempty"`
	MaxResults *int     `json:"MaxResults,omitempty"`
}

// ListCreateAccountStatusResponse is ListCreateAccountStatus' answer.
type ListCreateAccountStatusResponse struct {
	CreateAccountStatuses []CreateAccountStatus `json:"CreateAccountStatuses"`
	NextToken             string                `json:"NextToken,omitempty"`
}

// DescribeAccountRequest is DescribeAccount's request.
type DescribeAccountRequest struct {
	AccountID string `json:"AccountId"`
}

// DescribeAccountResponse is DescribeAccount's answer.
type DescribeAccountResponse struct {
	Account Account `json:"Account"`
}

// ListAccountsRequest is ListAccounts' request.
type ListAccountsRequest struct {
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListAccountsResponse is ListAccounts' answer.
type ListAccountsResponse struct {
	Accounts  []Account `json:"Accounts"`
	NextToken string    `json:"NextToken,omitempty"`
}

// ListAccountsForParentRequest is ListAccountsForParent's request.
type ListAccountsForParentRequest struct {
	ParentID   string `json:"ParentId"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListAccountsForParentResponse is ListAccountsForParent's answer.
type ListAccountsForParentResponse struct {
	Accounts  []Account `json:"Accounts"`
	NextToken string    `json:"NextToken,omitempty"`
}

// MoveAccountRequest is MoveAccount's request (its answer is Empty).
type MoveAccountRequest struct {
	AccountID           string `json:"AccountId"`
	SourceParentID      string `json:"SourceParentId"`
	DestinationParentID string `json:"DestinationParentId"`
}

// RemoveAccountFromOrganizationRequest is RemoveAccountFromOrganization's
// request (its answer is Empty).
type RemoveAccountFromOrganizationRequest struct {
	AccountID string `json:"AccountId"`
}

// EnableAWSServiceAccessRequest is EnableAWSServiceAccess' request (its
// answer is Empty).
type EnableAWSServiceAccessRequest struct {
	ServicePrincipal string `json:"ServicePrincipal"`
}

// DisableAWSServiceAccessRequest is DisableAWSServiceAccess' request (its
// answer is Empty).
type DisableAWSServiceAccessRequest struct {
	ServicePrincipal string `json:"ServicePrincipal"`
}

// ListAWSServiceAccessForOrganizationRequest is
// ListAWSServiceAccessForOrganization's request.
type ListAWSServiceAccessForOrganizationRequest struct {
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListAWSServiceAccessForOrganizationResponse is
// ListAWSServiceAccessForOrganization's answer.
type ListAWSServiceAccessForOrganizationResponse struct {
	EnabledServicePrincipals []EnabledServicePrincipal `json:"EnabledServicePrincipals"`
	NextToken                string                    `json:"NextToken,omitempty"`
}

// RegisterDelegatedAdministratorRequest is RegisterDelegatedAdministrator's
// request (its answer is Empty).
type RegisterDelegatedAdministratorRequest struct {
	AccountID        string `json:"AccountId"`
	ServicePrincipal string `json:"ServicePrincipal"`
}

// DeregisterDelegatedAdministratorRequest is
// DeregisterDelegatedAdministrator's request (its answer is Empty).
type DeregisterDelegatedAdministratorRequest struct {
	AccountID        string `json:"AccountId"`
	ServicePrincipal string `json:"ServicePrincipal"`
}

// ListDelegatedAdministratorsRequest is ListDelegatedAdministrators'
// request.
type ListDelegatedAdministratorsRequest struct {
	ServicePrincipal string `json:"ServicePrincipal,omitempty"`
	NextToken        string `json:"NextToken,omitempty"`
	MaxResults       *int   `json:"MaxResults,omitempty"`
}

// ListDelegatedAdministratorsResponse is ListDelegatedAdministrators'
// answer.
type ListDelegatedAdministratorsResponse struct {
	DelegatedAdministrators []DelegatedAdministrator `json:"DelegatedAdministrators"`
	NextToken               string                   `json:"NextToken,omitempty"`
}

// ListDelegatedServicesForAccountRequest is
// ListDelegatedServicesForAccount's request.
type ListDelegatedServicesForAccountRequest struct {
	AccountID  string `json:"AccountId"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults *int   `json:"MaxResults,omitempty"`
}

// ListDelegatedServicesForAccountResponse is
// ListDelegatedServicesForAccount's answer.
type ListDelegatedServicesForAccountResponse struct {
	DelegatedServices []DelegatedService `json:"DelegatedServices"`
	NextToken         string             `json:"NextToken,omitempty"`
}

// TagResourceRequest is TagResource's request (its answer is Empty).
type TagResourceRequest struct {
	ResourceID string `json:"ResourceId"`
	Tags       []Tag  `json:"Tags"`
}

// UntagResourceRequest is UntagResource's request (its answer is Empty).
type UntagResourceRequest struct {
	ResourceID string   `json:"ResourceId"`
	TagKeys    []string `json:"TagKeys"`
}

// ListTagsForResourceRequest is ListTagsForResource's request. It takes no
// MaxResults.
type ListTagsForResourceRequest struct {
	ResourceID string `json:"ResourceId"`
	NextToken  string `json:"NextToken,omitempty"`
}

// ListTagsForResourceResponse is ListTagsForResource's answer.
type ListTagsForResourceResponse struct {
	NextToken string `json:"NextToken,omitempty"`
	Tags      []Tag  `json:"Tags"`
}
