package awsapi

import "github.com/chatgov/chatgov/internal/awsapi/orgswire"

// resourcePolicyOps serve the organization's resource-based delegation
// policy.
var resourcePolicyOps = map[string]orgsOp{
	"PutResourcePolicy": op(func(h *Handler, r *request, in *orgswire.PutResourcePolicyRequest) (orgswire.PutResourcePolicyResponse, error) {
		rp, err := h.gov.PutResourcePolicy(r.Context(), r.caller, in.Content, tagsIn(in.Tags))
		return orgswire.PutResourcePolicyResponse{ResourcePolicy: resourcePolicyOut(rp)}, err
	}),
	"DescribeResourcePolicy": op(func(h *Handler, r *request, _ *orgswire.Empty) (orgswire.DescribeResourcePolicyResponse, error) {
		rp, err := h.gov.DescribeResourcePolicy(r.caller)
		return orgswire.DescribeResourcePolicyResponse{ResourcePolicy: resourcePolicyOut(rp)}, err
	}),
	"DeleteResourcePolicy": op(func(h *Handler, r *request, _ *orgswire.Empty) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.DeleteResourcePolicy(r.Context(), r.caller)
	}),
}
