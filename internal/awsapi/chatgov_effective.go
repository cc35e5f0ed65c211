package awsapi

import (
	"encoding/json"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// describeEffectivePolicyExplanation answers with gov's explanation of an
// account's effective policy, authorized as DescribeEffectivePolicy.
func describeEffectivePolicyExplanation(h *Handler, r *request, in *api.DescribeEffectivePolicyExplanationInput) (api.DescribeEffectivePolicyExplanationOutput, error) {
	if in.AccountID == "" {
		in.AccountID = r.caller.AccountID
	}
	ex, err := h.gov.ExplainEffectivePolicy(r.caller, policy.Type(in.PolicyType), in.AccountID)
	if err != nil {
		return api.DescribeEffectivePolicyExplanationOutput{}, err
	}
	return ExplanationOutput(ex), nil
}

// ExplanationOutput is gov's explanation in chatgov's wire shapes: what
// the server answers, and what `chatgov policy effective --explain`
// prints offline, so that both print the same bytes.
func ExplanationOutput(ex gov.EffectivePolicyExplanation) api.DescribeEffectivePolicyExplanationOutput {
	e := ex.Explanation
	out := api.EffectivePolicyExplanation{Values: values(e.Values)}
	if len(e.Removed) > 0 {
		out.Removed = values(e.Removed)
	}
	for _, r := range e.Restrictions {
		out.Restrictions = append(out.Restrictions, api.ExplainedRestriction{Allowed: r.Allowed.Strings(), Path: r.Path, Sources: sources(r.Sources)})
	}
	for _, ve := range e.Errors {
		out.Errors = append(out.Errors, api.ExplainedError{Change: source(ve.Change), Code: ve.Code, Contributing: sources(ve.Contributing),
			ContributingPolicies: ve.ContributingPolicies(), Message: ve.Message, Path: ve.Path})
	}
	return api.DescribeEffectivePolicyExplanationOutput{AccountID: ex.TargetID, AccountName: ex.AccountName, Explanation: out,
		LastUpdatedTimestamp: api.TimeOf(ex.LastUpdated), Policy: ex.Content, PolicyType: string(ex.Type)}
}

func values(vs []policy.ValueSource) []api.ExplainedValue {
	out := make([]api.ExplainedValue, 0, len(vs))
	for _, v := range vs {
		out = append(out, api.ExplainedValue{Path: v.Path, Source: source(v.Source), Value: json.RawMessage(v.Value.AppendJSON(nil))})
	}
	return out
}

func sources(ss []*policy.Source) []*api.PolicySource {
	if len(ss) == 0 {
		return nil
	}
	out := make([]*api.PolicySource, 0, len(ss))
	for _, s := range ss {
		out = append(out, source(s))
	}
	return out
}

// source is a policy statement on the wire, its operator as the policy
// language writes it.
func source(s *policy.Source) *api.PolicySource {
	if s == nil {
		return nil
	}
	w := &api.PolicySource{PolicyID: s.PolicyID, PolicyName: s.PolicyName, TargetID: s.Target.ID, TargetName: s.Target.Name, TargetType: string(s.Target.Type)}
	// Source's JSON is the policy package's one spelling of the operator.
	var flat struct{ Operator string }
	if b, err := json.Marshal(s); err == nil && json.Unmarshal(b, &flat) == nil {
		w.Operator = flat.Operator
	}
	return w
}
