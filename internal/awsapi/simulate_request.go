package awsapi

import (
	"github.com/chatgov/chatgov/internal/chatauthz"
	"github.com/chatgov/chatgov/internal/gov"
)

// simulateRequestIn is the input of /chatgov/simulate-request.
type simulateRequestIn struct {
	AccountId, Action              string
	Resources                      []string
	Context                        map[string][]string
	PrincipalArn, PrincipalAccount string
	IdentityPolicies, Guardrails   []requestPolicyJSON
}

// requestPolicyJSON is a policy given with a request: a document, or an
// AWS managed policy's ARN.
type requestPolicyJSON struct{ PolicyName, PolicyDocument, PolicyArn string }

func requestPoliciesIn(ps []requestPolicyJSON) []gov.PolicyInput {
	var out []gov.PolicyInput
	for _, p := range ps {
		out = append(out, gov.PolicyInput{Name: p.PolicyName, Document: p.PolicyDocument, ARN: p.PolicyArn})
	}
	return out
}

// simulateRequest serves /chatgov/simulate-request: an arbitrary IAM
// request decided against an account's SCPs, and the identity and
// guardrail policies the request brings.
func simulateRequest(h *Handler, r *request, in *simulateRequestIn) (any, error) {
	d, err := h.gov.SimulateRequest(r.caller, gov.RequestInput{AccountID: in.AccountId, Action: in.Action, Resources: in.Resources,
		Context: in.Context, PrincipalARN: in.PrincipalArn, PrincipalAccount: in.PrincipalAccount,
		IdentityPolicies: requestPoliciesIn(in.IdentityPolicies), Guardrails: requestPoliciesIn(in.Guardrails)})
	if err != nil {
		return nil, err
	}
	return requestDecisionJSON(d), nil
}

// requestDecisionJSON writes a request's verdict: the request as decided
// (with its defaults and the principal's context keys), then per resource
// every gate with the statements and SCP levels that decided it, as
// simulate-chat-command writes its requests.
func requestDecisionJSON(d gov.RequestDecision) map[string]any {
	verdict := func(ok bool) string {
		if ok {
			return string(chatauthz.Allowed)
		}
		return string(chatauthz.Denied)
	}
	ctx := map[string][]string{}
	for k, v := range d.Request.Context {
		ctx[k] = append([]string{}, v...)
	}
	req := map[string]any{"AccountId": d.Request.AccountID, "Action": d.Request.Action, "Resources": append([]string{}, d.Request.Resources...),
		"PrincipalAccount": d.Request.PrincipalAccount, "Context": ctx}
	if d.Request.PrincipalARN != "" {
		req["PrincipalArn"] = d.Request.PrincipalARN
	}
	reqs := []map[string]any{}
	for _, rq := range d.Requests {
		gates := []map[string]any{}
		for _, g := range rq.Gates {
			gj := map[string]any{"Name": string(g.Name), "Outcome": string(g.Outcome), "Reason": g.Reason}
			if len(g.Statements) > 0 {
				var sts []map[string]any
				for _, m := range g.Statements {
					sts = append(sts, statementJSON(m))
				}
				gj["Statements"] = sts
			}
			if len(g.Levels) > 0 {
				var lvs []map[string]any
				for _, lv := range g.Levels {
					lvs = append(lvs, map[string]any{"NodeId": lv.Node.ID, "NodeType": string(lv.Node.Type), "NodeName": lv.Node.Name,
						"Decision": verdict(lv.Decision.Allowed()), "Reason": lv.Reason})
				}
				gj["Levels"] = lvs
			}
			gates = append(gates, gj)
		}
		reqs = append(reqs, map[string]any{"Action": rq.Action, "Resource": rq.Resource, "Decision": verdict(rq.Allowed), "Gates": gates})
	}
	return map[string]any{"Decision": verdict(d.Allowed), "Request": req, "Requests": reqs}
}
