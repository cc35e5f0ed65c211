package awsapi

import "github.com/chatgov/chatgov/internal/gov"

// resourcePolicyOps serve the organization's resource-based delegation
// policy.
var resourcePolicyOps = map[string]orgsOp{
	"PutResourcePolicy": op(func(h *Handler, r *request, in *struct {
		Content string
		Tags    []tagJSON
	}) (any, error) {
		rp, err := h.gov.PutResourcePolicy(r.Context(), r.caller, in.Content, tagsIn(in.Tags))
		return map[string]any{"ResourcePolicy": resourcePolicyJSON(rp)}, err
	}),
	"DescribeResourcePolicy": op(func(h *Handler, r *request, _ *empty) (any, error) {
		rp, err := h.gov.DescribeResourcePolicy(r.caller)
		return map[string]any{"ResourcePolicy": resourcePolicyJSON(rp)}, err
	}),
	"DeleteResourcePolicy": op(func(h *Handler, r *request, _ *empty) (any, error) {
		return nil, h.gov.DeleteResourcePolicy(r.Context(), r.caller)
	}),
}

func resourcePolicyJSON(rp gov.ResourcePolicy) map[string]any {
	return map[string]any{"ResourcePolicySummary": map[string]any{"Id": rp.ID, "Arn": rp.ARN}, "Content": rp.Content}
}
