package awsapi

import (
	"errors"
	"net/http"
	"reflect"

	"github.com/chatgov/chatgov/internal/awsapi/orgswire"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

const (
	organizationsTargetPrefix = "AWSOrganizationsV20161128."
	organizationsContentType  = "application/x-amz-json-1.1"
	// organizationsMaxResults bounds MaxResults in AWS Organizations.
	organizationsMaxResults = 20
)

// orgsOp is one AWS Organizations operation: the types of its request and
// response (package orgswire), which the tests and the fuzz target read to
// check every operation, and the function that serves it.
type orgsOp struct {
	request, response reflect.Type
	serve             func(h *Handler, r *request) (any, error)
}

// op makes the operation that decodes its request into a Req and answers
// with fn's Resp.
func op[Req, Resp any](fn func(h *Handler, r *request, in *Req) (Resp, error)) orgsOp {
	return orgsOp{request: reflect.TypeFor[Req](), response: reflect.TypeFor[Resp](),
		serve: func(h *Handler, r *request) (any, error) {
			in := new(Req)
			if err := decodeJSON(r.body, in); err != nil {
				return nil, err
			}
			return fn(h, r, in)
		}}
}

// pageSize checks a list request's MaxResults: a gov.Invalid error when it
// is out of 1..20. Without one, a page holds at most 20 items, as AWS
// Organizations pages every list: a client that does not follow NextToken
// sees what it would see on AWS.
func pageSize(requested *int) (int, error) {
	if requested == nil {
		return organizationsMaxResults, nil
	}
	n, err := maxResults(requested, organizationsMaxResults)
	if err != nil {
		return 0, err
	}
	return n, nil
}

func (h *Handler) serveOrganizations(w http.ResponseWriter, r *request, name string) {
	o, ok := organizationsOps[name]
	if !ok {
		writeJSONError(w, organizationsContentType, wireError{code: "UnknownOperationException",
			message: "chatgov does not implement the AWS Organizations operation " + name, status: http.StatusBadRequest})
		return
	}
	caller, fail := h.authenticate(r, "organizations")
	if fail != nil {
		writeJSONError(w, organizationsContentType, wireError{code: fail.code, message: fail.message, status: fail.status})
		return
	}
	r.caller = caller
	out, err := o.serve(h, r)
	if err != nil {
		var we *wireError
		if errors.As(err, &we) {
			writeJSONError(w, organizationsContentType, *we)
			return
		}
		e := gov.ErrorOf(err)
		wire := organizationsError(e)
		h.logFailure(r, name, e, wire.code)
		writeJSONError(w, organizationsContentType, wire)
		return
	}
	writeJSON(w, http.StatusOK, organizationsContentType, out)
}

// organizationsOps is every AWS Organizations operation chatgov serves.
var organizationsOps = merged(structureOps, policyOps, membershipOps, resourcePolicyOps)

func merged(tables ...map[string]orgsOp) map[string]orgsOp {
	out := map[string]orgsOp{}
	for _, t := range tables {
		for k, v := range t {
			out[k] = v
		}
	}
	return out
}

// structureOps serve the organization, its tree, delegation and tags.
var structureOps = map[string]orgsOp{
	"CreateOrganization": op(func(h *Handler, r *request, in *orgswire.CreateOrganizationRequest) (orgswire.CreateOrganizationResponse, error) {
		o, err := h.gov.CreateOrganization(r.Context(), r.caller, in.FeatureSet)
		return orgswire.CreateOrganizationResponse{Organization: organizationOut(o)}, err
	}),
	"DescribeOrganization": op(func(h *Handler, r *request, _ *orgswire.Empty) (orgswire.DescribeOrganizationResponse, error) {
		o, err := h.gov.DescribeOrganization(r.caller)
		return orgswire.DescribeOrganizationResponse{Organization: organizationOut(o)}, err
	}),
	"DeleteOrganization": op(func(h *Handler, r *request, _ *orgswire.Empty) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.DeleteOrganization(r.Context(), r.caller)
	}),
	"ListRoots": op(func(h *Handler, r *request, in *orgswire.ListRootsRequest) (orgswire.ListRootsResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListRootsResponse{}, err
		}
		p, err := h.gov.ListRoots(r.caller, in.NextToken, max)
		return orgswire.ListRootsResponse{NextToken: p.NextToken, Roots: listOut(p.Items, rootOut)}, err
	}),
	"EnablePolicyType": op(func(h *Handler, r *request, in *orgswire.EnablePolicyTypeRequest) (orgswire.EnablePolicyTypeResponse, error) {
		root, err := h.gov.EnablePolicyType(r.Context(), r.caller, in.RootID, policy.Type(in.PolicyType))
		return orgswire.EnablePolicyTypeResponse{Root: rootOut(root)}, err
	}),
	"DisablePolicyType": op(func(h *Handler, r *request, in *orgswire.DisablePolicyTypeRequest) (orgswire.DisablePolicyTypeResponse, error) {
		root, err := h.gov.DisablePolicyType(r.Context(), r.caller, in.RootID, policy.Type(in.PolicyType))
		return orgswire.DisablePolicyTypeResponse{Root: rootOut(root)}, err
	}),

	"CreateOrganizationalUnit": op(func(h *Handler, r *request, in *orgswire.CreateOrganizationalUnitRequest) (orgswire.CreateOrganizationalUnitResponse, error) {
		ou, err := h.gov.CreateOrganizationalUnit(r.Context(), r.caller, in.ParentID, in.Name, tagsIn(in.Tags))
		return orgswire.CreateOrganizationalUnitResponse{OrganizationalUnit: ouOut(ou)}, err
	}),
	"DescribeOrganizationalUnit": op(func(h *Handler, r *request, in *orgswire.DescribeOrganizationalUnitRequest) (orgswire.DescribeOrganizationalUnitResponse, error) {
		ou, err := h.gov.DescribeOrganizationalUnit(r.caller, in.OrganizationalUnitID)
		return orgswire.DescribeOrganizationalUnitResponse{OrganizationalUnit: ouOut(ou)}, err
	}),
	"UpdateOrganizationalUnit": op(func(h *Handler, r *request, in *orgswire.UpdateOrganizationalUnitRequest) (orgswire.UpdateOrganizationalUnitResponse, error) {
		ou, err := h.gov.UpdateOrganizationalUnit(r.Context(), r.caller, in.OrganizationalUnitID, in.Name)
		return orgswire.UpdateOrganizationalUnitResponse{OrganizationalUnit: ouOut(ou)}, err
	}),
	"DeleteOrganizationalUnit": op(func(h *Handler, r *request, in *orgswire.DeleteOrganizationalUnitRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.DeleteOrganizationalUnit(r.Context(), r.caller, in.OrganizationalUnitID)
	}),
	"ListOrganizationalUnitsForParent": op(func(h *Handler, r *request, in *orgswire.ListOrganizationalUnitsForParentRequest) (orgswire.ListOrganizationalUnitsForParentResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListOrganizationalUnitsForParentResponse{}, err
		}
		p, err := h.gov.ListOrganizationalUnitsForParent(r.caller, in.ParentID, in.NextToken, max)
		return orgswire.ListOrganizationalUnitsForParentResponse{NextToken: p.NextToken, OrganizationalUnits: listOut(p.Items, ouOut)}, err
	}),
	"ListChildren": op(func(h *Handler, r *request, in *orgswire.ListChildrenRequest) (orgswire.ListChildrenResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListChildrenResponse{}, err
		}
		p, err := h.gov.ListChildren(r.caller, in.ParentID, in.ChildType, in.NextToken, max)
		return orgswire.ListChildrenResponse{Children: listOut(p.Items, childOut), NextToken: p.NextToken}, err
	}),
	"ListParents": op(func(h *Handler, r *request, in *orgswire.ListParentsRequest) (orgswire.ListParentsResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListParentsResponse{}, err
		}
		p, err := h.gov.ListParents(r.caller, in.ChildID, in.NextToken, max)
		return orgswire.ListParentsResponse{NextToken: p.NextToken, Parents: listOut(p.Items, parentOut)}, err
	}),

	"CreateAccount": op(func(h *Handler, r *request, in *orgswire.CreateAccountRequest) (orgswire.CreateAccountResponse, error) {
		st, err := h.gov.CreateAccount(r.Context(), r.caller, gov.CreateAccountInput{Email: in.Email, AccountName: in.AccountName,
			RoleName: in.RoleName, IamUserAccessToBilling: in.IamUserAccessToBilling, Tags: tagsIn(in.Tags)})
		return orgswire.CreateAccountResponse{CreateAccountStatus: createStatusOut(st)}, err
	}),
	"DescribeCreateAccountStatus": op(func(h *Handler, r *request, in *orgswire.DescribeCreateAccountStatusRequest) (orgswire.DescribeCreateAccountStatusResponse, error) {
		st, err := h.gov.DescribeCreateAccountStatus(r.caller, in.CreateAccountRequestID)
		return orgswire.DescribeCreateAccountStatusResponse{CreateAccountStatus: createStatusOut(st)}, err
	}),
	"ListCreateAccountStatus": op(func(h *Handler, r *request, in *orgswire.ListCreateAccountStatusRequest) (orgswire.ListCreateAccountStatusResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListCreateAccountStatusResponse{}, err
		}
		p, err := h.gov.ListCreateAccountStatus(r.caller, in.States, in.NextToken, max)
		return orgswire.ListCreateAccountStatusResponse{CreateAccountStatuses: listOut(p.Items, createStatusOut), NextToken: p.NextToken}, err
	}),
	"DescribeAccount": op(func(h *Handler, r *request, in *orgswire.DescribeAccountRequest) (orgswire.DescribeAccountResponse, error) {
		a, err := h.gov.DescribeAccount(r.caller, in.AccountID)
		return orgswire.DescribeAccountResponse{Account: accountOut(a)}, err
	}),
	"ListAccounts": op(func(h *Handler, r *request, in *orgswire.ListAccountsRequest) (orgswire.ListAccountsResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListAccountsResponse{}, err
		}
		p, err := h.gov.ListAccounts(r.caller, in.NextToken, max)
		return orgswire.ListAccountsResponse{Accounts: listOut(p.Items, accountOut), NextToken: p.NextToken}, err
	}),
	"ListAccountsForParent": op(func(h *Handler, r *request, in *orgswire.ListAccountsForParentRequest) (orgswire.ListAccountsForParentResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListAccountsForParentResponse{}, err
		}
		p, err := h.gov.ListAccountsForParent(r.caller, in.ParentID, in.NextToken, max)
		return orgswire.ListAccountsForParentResponse{Accounts: listOut(p.Items, accountOut), NextToken: p.NextToken}, err
	}),
	"MoveAccount": op(func(h *Handler, r *request, in *orgswire.MoveAccountRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.MoveAccount(r.Context(), r.caller, in.AccountID, in.SourceParentID, in.DestinationParentID)
	}),
	"RemoveAccountFromOrganization": op(func(h *Handler, r *request, in *orgswire.RemoveAccountFromOrganizationRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.RemoveAccountFromOrganization(r.Context(), r.caller, in.AccountID)
	}),

	"EnableAWSServiceAccess": op(func(h *Handler, r *request, in *orgswire.EnableAWSServiceAccessRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.EnableAWSServiceAccess(r.Context(), r.caller, in.ServicePrincipal)
	}),
	"DisableAWSServiceAccess": op(func(h *Handler, r *request, in *orgswire.DisableAWSServiceAccessRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.DisableAWSServiceAccess(r.Context(), r.caller, in.ServicePrincipal)
	}),
	"ListAWSServiceAccessForOrganization": op(func(h *Handler, r *request, in *orgswire.ListAWSServiceAccessForOrganizationRequest) (orgswire.ListAWSServiceAccessForOrganizationResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListAWSServiceAccessForOrganizationResponse{}, err
		}
		p, err := h.gov.ListAWSServiceAccessForOrganization(r.caller, in.NextToken, max)
		return orgswire.ListAWSServiceAccessForOrganizationResponse{EnabledServicePrincipals: listOut(p.Items, servicePrincipalOut), NextToken: p.NextToken}, err
	}),
	"RegisterDelegatedAdministrator": op(func(h *Handler, r *request, in *orgswire.RegisterDelegatedAdministratorRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.RegisterDelegatedAdministrator(r.Context(), r.caller, in.AccountID, in.ServicePrincipal)
	}),
	"DeregisterDelegatedAdministrator": op(func(h *Handler, r *request, in *orgswire.DeregisterDelegatedAdministratorRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.DeregisterDelegatedAdministrator(r.Context(), r.caller, in.AccountID, in.ServicePrincipal)
	}),
	"ListDelegatedAdministrators": op(func(h *Handler, r *request, in *orgswire.ListDelegatedAdministratorsRequest) (orgswire.ListDelegatedAdministratorsResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListDelegatedAdministratorsResponse{}, err
		}
		p, err := h.gov.ListDelegatedAdministrators(r.caller, in.ServicePrincipal, in.NextToken, max)
		return orgswire.ListDelegatedAdministratorsResponse{DelegatedAdministrators: listOut(p.Items, delegatedAdminOut), NextToken: p.NextToken}, err
	}),
	"ListDelegatedServicesForAccount": op(func(h *Handler, r *request, in *orgswire.ListDelegatedServicesForAccountRequest) (orgswire.ListDelegatedServicesForAccountResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListDelegatedServicesForAccountResponse{}, err
		}
		p, err := h.gov.ListDelegatedServicesForAccount(r.caller, in.AccountID, in.NextToken, max)
		return orgswire.ListDelegatedServicesForAccountResponse{DelegatedServices: listOut(p.Items, delegatedServiceOut), NextToken: p.NextToken}, err
	}),

	"TagResource": op(func(h *Handler, r *request, in *orgswire.TagResourceRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.TagResource(r.Context(), r.caller, in.ResourceID, tagsIn(in.Tags))
	}),
	"UntagResource": op(func(h *Handler, r *request, in *orgswire.UntagResourceRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.UntagResource(r.Context(), r.caller, in.ResourceID, in.TagKeys)
	}),
	"ListTagsForResource": op(func(h *Handler, r *request, in *orgswire.ListTagsForResourceRequest) (orgswire.ListTagsForResourceResponse, error) {
		p, err := h.gov.ListTagsForResource(r.caller, in.ResourceID, in.NextToken, 0)
		return orgswire.ListTagsForResourceResponse{NextToken: p.NextToken, Tags: listOut(p.Items, tagOut)}, err
	}),
}
