package awsapi

import (
	"errors"
	"net/http"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

const (
	organizationsTargetPrefix = "AWSOrganizationsV20161128."
	organizationsContentType  = "application/x-amz-json-1.1"
	// organizationsMaxResults bounds MaxResults in AWS Organizations.
	organizationsMaxResults = 20
)

// orgsOp serves one AWS Organizations operation.
type orgsOp func(h *Handler, r *request) (any, error)

// op adapts a handler that takes its decoded input.
func op[In any](fn func(h *Handler, r *request, in *In) (any, error)) orgsOp {
	return func(h *Handler, r *request) (any, error) {
		in := new(In)
		if err := decodeJSON(r.body, in); err != nil {
			return nil, err
		}
		return fn(h, r, in)
	}
}

// paging are the members every list operation takes.
type paging struct {
	NextToken  string `json:"NextToken"`
	MaxResults *int   `json:"MaxResults"`
}

func (p paging) max() (int, error) {
	n, err := maxResults(p.MaxResults, organizationsMaxResults)
	if err != nil {
		return 0, err
	}
	return n, nil
}

func (h *Handler) serveOrganizations(w http.ResponseWriter, r *request, name string) {
	fn, ok := organizationsOps[name]
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
	out, err := fn(h, r)
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
	if out == nil {
		out = struct{}{}
	}
	writeJSON(w, http.StatusOK, organizationsContentType, out)
}

type empty struct{}

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
	"CreateOrganization": op(func(h *Handler, r *request, in *struct{ FeatureSet string }) (any, error) {
		o, err := h.gov.CreateOrganization(r.Context(), r.caller, in.FeatureSet)
		return map[string]any{"Organization": organizationJSON(o)}, err
	}),
	"DescribeOrganization": op(func(h *Handler, r *request, _ *empty) (any, error) {
		o, err := h.gov.DescribeOrganization(r.caller)
		return map[string]any{"Organization": organizationJSON(o)}, err
	}),
	"DeleteOrganization": op(func(h *Handler, r *request, _ *empty) (any, error) {
		return nil, h.gov.DeleteOrganization(r.Context(), r.caller)
	}),
	"ListRoots": op(func(h *Handler, r *request, in *paging) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListRoots(r.caller, in.NextToken, max)
		return page("Roots", p, rootJSON), err
	}),
	"EnablePolicyType": op(func(h *Handler, r *request, in *struct{ RootId, PolicyType string }) (any, error) {
		root, err := h.gov.EnablePolicyType(r.Context(), r.caller, in.RootId, policy.Type(in.PolicyType))
		return map[string]any{"Root": rootJSON(root)}, err
	}),
	"DisablePolicyType": op(func(h *Handler, r *request, in *struct{ RootId, PolicyType string }) (any, error) {
		root, err := h.gov.DisablePolicyType(r.Context(), r.caller, in.RootId, policy.Type(in.PolicyType))
		return map[string]any{"Root": rootJSON(root)}, err
	}),

	"CreateOrganizationalUnit": op(func(h *Handler, r *request, in *struct {
		ParentId, Name string
		Tags           []tagJSON
	}) (any, error) {
		ou, err := h.gov.CreateOrganizationalUnit(r.Context(), r.caller, in.ParentId, in.Name, tagsIn(in.Tags))
		return map[string]any{"OrganizationalUnit": ouJSON(ou)}, err
	}),
	"DescribeOrganizationalUnit": op(func(h *Handler, r *request, in *struct{ OrganizationalUnitId string }) (any, error) {
		ou, err := h.gov.DescribeOrganizationalUnit(r.caller, in.OrganizationalUnitId)
		return map[string]any{"OrganizationalUnit": ouJSON(ou)}, err
	}),
	"UpdateOrganizationalUnit": op(func(h *Handler, r *request, in *struct{ OrganizationalUnitId, Name string }) (any, error) {
		ou, err := h.gov.UpdateOrganizationalUnit(r.Context(), r.caller, in.OrganizationalUnitId, in.Name)
		return map[string]any{"OrganizationalUnit": ouJSON(ou)}, err
	}),
	"DeleteOrganizationalUnit": op(func(h *Handler, r *request, in *struct{ OrganizationalUnitId string }) (any, error) {
		return nil, h.gov.DeleteOrganizationalUnit(r.Context(), r.caller, in.OrganizationalUnitId)
	}),
	"ListOrganizationalUnitsForParent": op(func(h *Handler, r *request, in *struct {
		ParentId string
		paging
	}) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListOrganizationalUnitsForParent(r.caller, in.ParentId, in.NextToken, max)
		return page("OrganizationalUnits", p, ouJSON), err
	}),
	"ListChildren": op(func(h *Handler, r *request, in *struct {
		ParentId, ChildType string
		paging
	}) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListChildren(r.caller, in.ParentId, in.ChildType, in.NextToken, max)
		return page("Children", p, childJSON), err
	}),
	"ListParents": op(func(h *Handler, r *request, in *struct {
		ChildId string
		paging
	}) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListParents(r.caller, in.ChildId, in.NextToken, max)
		return page("Parents", p, childJSON), err
	}),

	"CreateAccount": op(func(h *Handler, r *request, in *struct {
		Email, AccountName, RoleName, IamUserAccessToBilling string
		Tags                                                 []tagJSON
	}) (any, error) {
		st, err := h.gov.CreateAccount(r.Context(), r.caller, gov.CreateAccountInput{Email: in.Email, AccountName: in.AccountName,
			RoleName: in.RoleName, IamUserAccessToBilling: in.IamUserAccessToBilling, Tags: tagsIn(in.Tags)})
		return map[string]any{"CreateAccountStatus": createStatusJSON(st)}, err
	}),
	"DescribeCreateAccountStatus": op(func(h *Handler, r *request, in *struct{ CreateAccountRequestId string }) (any, error) {
		st, err := h.gov.DescribeCreateAccountStatus(r.caller, in.CreateAccountRequestId)
		return map[string]any{"CreateAccountStatus": createStatusJSON(st)}, err
	}),
	"ListCreateAccountStatus": op(func(h *Handler, r *request, in *struct {
		States []string
		paging
	}) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListCreateAccountStatus(r.caller, in.States, in.NextToken, max)
		return page("CreateAccountStatuses", p, createStatusJSON), err
	}),
	"DescribeAccount": op(func(h *Handler, r *request, in *struct{ AccountId string }) (any, error) {
		a, err := h.gov.DescribeAccount(r.caller, in.AccountId)
		return map[string]any{"Account": accountJSON(a)}, err
	}),
	"ListAccounts": op(func(h *Handler, r *request, in *paging) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListAccounts(r.caller, in.NextToken, max)
		return page("Accounts", p, accountJSON), err
	}),
	"ListAccountsForParent": op(func(h *Handler, r *request, in *struct {
		ParentId string
		paging
	}) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListAccountsForParent(r.caller, in.ParentId, in.NextToken, max)
		return page("Accounts", p, accountJSON), err
	}),
	"MoveAccount": op(func(h *Handler, r *request, in *struct{ AccountId, SourceParentId, DestinationParentId string }) (any, error) {
		return nil, h.gov.MoveAccount(r.Context(), r.caller, in.AccountId, in.SourceParentId, in.DestinationParentId)
	}),
	"RemoveAccountFromOrganization": op(func(h *Handler, r *request, in *struct{ AccountId string }) (any, error) {
		return nil, h.gov.RemoveAccountFromOrganization(r.Context(), r.caller, in.AccountId)
	}),

	"EnableAWSServiceAccess": op(func(h *Handler, r *request, in *struct{ ServicePrincipal string }) (any, error) {
		return nil, h.gov.EnableAWSServiceAccess(r.Context(), r.caller, in.ServicePrincipal)
	}),
	"DisableAWSServiceAccess": op(func(h *Handler, r *request, in *struct{ ServicePrincipal string }) (any, error) {
		return nil, h.gov.DisableAWSServiceAccess(r.Context(), r.caller, in.ServicePrincipal)
	}),
	"ListAWSServiceAccessForOrganization": op(func(h *Handler, r *request, in *paging) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListAWSServiceAccessForOrganization(r.caller, in.NextToken, max)
		return page("EnabledServicePrincipals", p, func(s gov.ServicePrincipal) map[string]any {
			return map[string]any{"ServicePrincipal": s.ServicePrincipal, "DateEnabled": epoch(s.EnabledAt)}
		}), err
	}),
	"RegisterDelegatedAdministrator": op(func(h *Handler, r *request, in *struct{ AccountId, ServicePrincipal string }) (any, error) {
		return nil, h.gov.RegisterDelegatedAdministrator(r.Context(), r.caller, in.AccountId, in.ServicePrincipal)
	}),
	"DeregisterDelegatedAdministrator": op(func(h *Handler, r *request, in *struct{ AccountId, ServicePrincipal string }) (any, error) {
		return nil, h.gov.DeregisterDelegatedAdministrator(r.Context(), r.caller, in.AccountId, in.ServicePrincipal)
	}),
	"ListDelegatedAdministrators": op(func(h *Handler, r *request, in *struct {
		ServicePrincipal string
		paging
	}) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListDelegatedAdministrators(r.caller, in.ServicePrincipal, in.NextToken, max)
		return page("DelegatedAdministrators", p, delegatedAdminJSON), err
	}),
	"ListDelegatedServicesForAccount": op(func(h *Handler, r *request, in *struct {
		AccountId string
		paging
	}) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListDelegatedServicesForAccount(r.caller, in.AccountId, in.NextToken, max)
		return page("DelegatedServices", p, func(d gov.DelegatedService) map[string]any {
			return map[string]any{"ServicePrincipal": d.ServicePrincipal, "DelegationEnabledDate": epoch(d.DelegationEnabledAt)}
		}), err
	}),

	"TagResource": op(func(h *Handler, r *request, in *struct {
		ResourceId string
		Tags       []tagJSON
	}) (any, error) {
		return nil, h.gov.TagResource(r.Context(), r.caller, in.ResourceId, tagsIn(in.Tags))
	}),
	"UntagResource": op(func(h *Handler, r *request, in *struct {
		ResourceId string
		TagKeys    []string
	}) (any, error) {
		return nil, h.gov.UntagResource(r.Context(), r.caller, in.ResourceId, in.TagKeys)
	}),
	"ListTagsForResource": op(func(h *Handler, r *request, in *struct {
		ResourceId string
		NextToken  string
	}) (any, error) {
		p, err := h.gov.ListTagsForResource(r.caller, in.ResourceId, in.NextToken, 0)
		out := map[string]any{"Tags": tagsOut(p.Items)}
		if p.NextToken != "" {
			out["NextToken"] = p.NextToken
		}
		return out, err
	}),
}
