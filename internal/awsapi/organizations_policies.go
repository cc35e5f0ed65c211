package awsapi

import (
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// policyOps serve policies, attachments and effective policies.
var policyOps = map[string]orgsOp{
	"CreatePolicy": op(func(h *Handler, r *request, in *struct {
		Content, Description, Name, Type string
		Tags                             []tagJSON
	}) (any, error) {
		p, err := h.gov.CreatePolicy(r.Context(), r.caller, gov.CreatePolicyInput{Name: in.Name, Description: in.Description,
			Type: policy.Type(in.Type), Content: in.Content, Tags: tagsIn(in.Tags)})
		return map[string]any{"Policy": policyJSON(p)}, err
	}),
	"UpdatePolicy": op(func(h *Handler, r *request, in *struct {
		PolicyId                   string
		Name, Description, Content *string
	}) (any, error) {
		p, err := h.gov.UpdatePolicy(r.Context(), r.caller, gov.UpdatePolicyInput{PolicyID: in.PolicyId, Name: in.Name,
			Description: in.Description, Content: in.Content})
		return map[string]any{"Policy": policyJSON(p)}, err
	}),
	"DeletePolicy": op(func(h *Handler, r *request, in *struct{ PolicyId string }) (any, error) {
		return nil, h.gov.DeletePolicy(r.Context(), r.caller, in.PolicyId)
	}),
	"DescribePolicy": op(func(h *Handler, r *request, in *struct{ PolicyId string }) (any, error) {
		p, err := h.gov.DescribePolicy(r.caller, in.PolicyId)
		return map[string]any{"Policy": policyJSON(p)}, err
	}),
	"ListPolicies": op(func(h *Handler, r *request, in *struct {
		Filter string
		paging
	}) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListPolicies(r.caller, policy.Type(in.Filter), in.NextToken, max)
		return page("Policies", p, policySummaryJSON), err
	}),
	"AttachPolicy": op(func(h *Handler, r *request, in *struct{ PolicyId, TargetId string }) (any, error) {
		return nil, h.gov.AttachPolicy(r.Context(), r.caller, in.PolicyId, in.TargetId)
	}),
	"DetachPolicy": op(func(h *Handler, r *request, in *struct{ PolicyId, TargetId string }) (any, error) {
		return nil, h.gov.DetachPolicy(r.Context(), r.caller, in.PolicyId, in.TargetId)
	}),
	"ListPoliciesForTarget": op(func(h *Handler, r *request, in *struct {
		TargetId, Filter string
		paging
	}) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListPoliciesForTarget(r.caller, in.TargetId, policy.Type(in.Filter), in.NextToken, max)
		return page("Policies", p, policySummaryJSON), err
	}),
	"ListTargetsForPolicy": op(func(h *Handler, r *request, in *struct {
		PolicyId string
		paging
	}) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListTargetsForPolicy(r.caller, in.PolicyId, in.NextToken, max)
		return page("Targets", p, targetJSON), err
	}),
	"DescribeEffectivePolicy": op(func(h *Handler, r *request, in *struct{ PolicyType, TargetId string }) (any, error) {
		e, err := h.gov.DescribeEffectivePolicy(r.caller, policy.Type(in.PolicyType), in.TargetId)
		return map[string]any{"EffectivePolicy": map[string]any{"PolicyContent": e.Content,
			"LastUpdatedTimestamp": epoch(e.LastUpdated), "TargetId": e.TargetID, "PolicyType": string(e.Type)}}, err
	}),
	"ListAccountsWithInvalidEffectivePolicy": op(func(h *Handler, r *request, in *struct {
		PolicyType string
		paging
	}) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListAccountsWithInvalidEffectivePolicy(r.caller, policy.Type(in.PolicyType), in.NextToken, max)
		out := page("Accounts", p, accountJSON)
		out["PolicyType"] = in.PolicyType
		return out, err
	}),
	"ListEffectivePolicyValidationErrors": op(func(h *Handler, r *request, in *struct {
		AccountId, PolicyType string
		paging
	}) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		v, err := h.gov.ListEffectivePolicyValidationErrors(r.caller, in.AccountId, policy.Type(in.PolicyType), in.NextToken, max)
		out := page("EffectivePolicyValidationErrors", v.Page, func(e gov.ValidationError) map[string]any {
			return map[string]any{"ErrorCode": e.ErrorCode, "ErrorMessage": e.ErrorMessage, "PathToError": e.PathToError,
				"ContributingPolicies": e.ContributingPolicies}
		})
		out["AccountId"], out["PolicyType"] = v.AccountID, string(v.Type)
		if v.Path != "" {
			out["Path"], out["EvaluationTimestamp"] = v.Path, epoch(v.EvaluatedAt)
		}
		return out, err
	}),
}
