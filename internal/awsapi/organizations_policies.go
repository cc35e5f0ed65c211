package awsapi

import (
	"github.com/chatgov/chatgov/internal/awsapi/orgswire"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// policyOps serve policies, attachments and effective policies.
var policyOps = map[string]orgsOp{
	"CreatePolicy": op(func(h *Handler, r *request, in *orgswire.CreatePolicyRequest) (orgswire.CreatePolicyResponse, error) {
		p, err := h.gov.CreatePolicy(r.Context(), r.caller, gov.CreatePolicyInput{Name: in.Name, Description: in.Description,
			Type: policy.Type(in.Type), Content: in.Content, Tags: tagsIn(in.Tags)})
		return orgswire.CreatePolicyResponse{Policy: policyOut(p)}, err
	}),
	"UpdatePolicy": op(func(h *Handler, r *request, in *orgswire.UpdatePolicyRequest) (orgswire.UpdatePolicyResponse, error) {
		p, err := h.gov.UpdatePolicy(r.Context(), r.caller, gov.UpdatePolicyInput{PolicyID: in.PolicyID, Name: in.Name,
			Description: in.Description, Content: in.Content})
		return orgswire.UpdatePolicyResponse{Policy: policyOut(p)}, err
	}),
	"DeletePolicy": op(func(h *Handler, r *request, in *orgswire.DeletePolicyRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.DeletePolicy(r.Context(), r.caller, in.PolicyID)
	}),
	"DescribePolicy": op(func(h *Handler, r *request, in *orgswire.DescribePolicyRequest) (orgswire.DescribePolicyResponse, error) {
		p, err := h.gov.DescribePolicy(r.caller, in.PolicyID)
		return orgswire.DescribePolicyResponse{Policy: policyOut(p)}, err
	}),
	"ListPolicies": op(func(h *Handler, r *request, in *orgswire.ListPoliciesRequest) (orgswire.ListPoliciesResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListPoliciesResponse{}, err
		}
		p, err := h.gov.ListPolicies(r.caller, policy.Type(in.Filter), in.NextToken, max)
		return orgswire.ListPoliciesResponse{NextToken: p.NextToken, Policies: listOut(p.Items, policySummaryOut)}, err
	}),
	"AttachPolicy": op(func(h *Handler, r *request, in *orgswire.AttachPolicyRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.AttachPolicy(r.Context(), r.caller, in.PolicyID, in.TargetID)
	}),
	"DetachPolicy": op(func(h *Handler, r *request, in *orgswire.DetachPolicyRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.DetachPolicy(r.Context(), r.caller, in.PolicyID, in.TargetID)
	}),
	"ListPoliciesForTarget": op(func(h *Handler, r *request, in *orgswire.ListPoliciesForTargetRequest) (orgswire.ListPoliciesForTargetResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListPoliciesForTargetResponse{}, err
		}
		p, err := h.gov.ListPoliciesForTarget(r.caller, in.TargetID, policy.Type(in.Filter), in.NextToken, max)
		return orgswire.ListPoliciesForTargetResponse{NextToken: p.NextToken, Policies: listOut(p.Items, policySummaryOut)}, err
	}),
	"ListTargetsForPolicy": op(func(h *Handler, r *request, in *orgswire.ListTargetsForPolicyRequest) (orgswire.ListTargetsForPolicyResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListTargetsForPolicyResponse{}, err
		}
		p, err := h.gov.ListTargetsForPolicy(r.caller, in.PolicyID, in.NextToken, max)
		return orgswire.ListTargetsForPolicyResponse{NextToken: p.NextToken, Targets: listOut(p.Items, targetOut)}, err
	}),
	"DescribeEffectivePolicy": op(func(h *Handler, r *request, in *orgswire.DescribeEffectivePolicyRequest) (orgswire.DescribeEffectivePolicyResponse, error) {
		e, err := h.gov.DescribeEffectivePolicy(r.caller, policy.Type(in.PolicyType), in.TargetID)
		return orgswire.DescribeEffectivePolicyResponse{EffectivePolicy: effectivePolicyOut(e)}, err
	}),
	"ListAccountsWithInvalidEffectivePolicy": op(func(h *Handler, r *request, in *orgswire.ListAccountsWithInvalidEffectivePolicyRequest) (orgswire.ListAccountsWithInvalidEffectivePolicyResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListAccountsWithInvalidEffectivePolicyResponse{}, err
		}
		p, err := h.gov.ListAccountsWithInvalidEffectivePolicy(r.caller, policy.Type(in.PolicyType), in.NextToken, max)
		return orgswire.ListAccountsWithInvalidEffectivePolicyResponse{Accounts: listOut(p.Items, accountOut), NextToken: p.NextToken,
			PolicyType: in.PolicyType}, err
	}),
	"ListEffectivePolicyValidationErrors": op(func(h *Handler, r *request, in *orgswire.ListEffectivePolicyValidationErrorsRequest) (orgswire.ListEffectivePolicyValidationErrorsResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListEffectivePolicyValidationErrorsResponse{}, err
		}
		v, err := h.gov.ListEffectivePolicyValidationErrors(r.caller, in.AccountID, policy.Type(in.PolicyType), in.NextToken, max)
		out := orgswire.ListEffectivePolicyValidationErrorsResponse{AccountID: v.AccountID,
			EffectivePolicyValidationErrors: listOut(v.Page.Items, validationErrorOut), NextToken: v.Page.NextToken, PolicyType: string(v.Type)}
		if v.Path != "" {
			evaluated := orgswire.Epoch(v.EvaluatedAt)
			out.Path, out.EvaluationTimestamp = v.Path, &evaluated
		}
		return out, err
	}),
}
