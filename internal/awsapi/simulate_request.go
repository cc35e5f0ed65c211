package awsapi

import (
	"github.com/chatgov/chatgov/internal/chatauthz"
	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/iam"
)

// simulateChatCommand serves /chatgov/simulate-chat-command: whether a
// command typed in a configuration's channel may run, gate by gate.
func simulateChatCommand(h *Handler, r *request, in *api.SimulateChatCommandInput) (api.SimulateChatCommandOutput, error) {
	d, err := h.gov.SimulateChatCommand(r.caller, gov.CommandInput{ConfigurationARN: in.ChatConfigurationArn, Command: in.Command,
		ChatUserID: in.ChatUserID})
	if err != nil {
		return api.SimulateChatCommandOutput{}, err
	}
	resources := append([]string{}, d.Command.Resources...)
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	return api.SimulateChatCommandOutput{Decision: verdict(d.Allowed), Requests: decidedRequests(d.Verdict),
		Command: api.Command{Action: d.Command.Action, Operation: d.Command.Operation, Region: d.Command.Region, Resources: resources,
			Service: d.Command.Service}}, nil
}

// simulateRequest serves /chatgov/simulate-request: an arbitrary IAM
// request decided against an account's SCPs, and the identity and
// guardrail policies the request brings.
func simulateRequest(h *Handler, r *request, in *api.SimulateRequestInput) (api.SimulateRequestOutput, error) {
	d, err := h.gov.SimulateRequest(r.caller, gov.RequestInput{AccountID: in.AccountID, Action: in.Action, Resources: in.Resources,
		Context: in.Context, PrincipalARN: in.PrincipalArn, PrincipalAccount: in.PrincipalAccount,
		IdentityPolicies: requestPolicies(in.IdentityPolicies), Guardrails: requestPolicies(in.Guardrails)})
	if err != nil {
		return api.SimulateRequestOutput{}, err
	}
	ctx := map[string][]string{}
	for k, v := range d.Request.Context {
		ctx[k] = append([]string{}, v...)
	}
	return api.SimulateRequestOutput{Decision: verdict(d.Allowed), Requests: decidedRequests(d.Verdict),
		Request: api.SimulatedRequest{AccountID: d.Request.AccountID, Action: d.Request.Action, Context: ctx,
			PrincipalAccount: d.Request.PrincipalAccount, PrincipalArn: d.Request.PrincipalARN,
			Resources: append([]string{}, d.Request.Resources...)}}, nil
}

func requestPolicies(ps []api.RequestPolicy) []gov.PolicyInput {
	var out []gov.PolicyInput
	for _, p := range ps {
		out = append(out, gov.PolicyInput{Name: p.PolicyName, Document: p.PolicyDocument, ARN: p.PolicyArn})
	}
	return out
}

func verdict(allowed bool) string {
	if allowed {
		return string(chatauthz.Allowed)
	}
	return string(chatauthz.Denied)
}

// decidedRequests writes each request's gates with the statements and SCP
// levels that decided them.
func decidedRequests(v chatauthz.Verdict) []api.DecidedRequest {
	return convert(v.Requests, func(rq chatauthz.RequestDecision) api.DecidedRequest {
		return api.DecidedRequest{Action: rq.Action, Decision: verdict(rq.Allowed), Resource: rq.Resource,
			Gates: convert(rq.Gates, func(g chatauthz.Gate) api.Gate {
				out := api.Gate{Name: string(g.Name), Outcome: string(g.Outcome), Reason: g.Reason}
				if len(g.Statements) > 0 {
					out.Statements = convert(g.Statements, statement)
				}
				if len(g.Levels) > 0 {
					out.Levels = convert(g.Levels, func(lv iam.LevelResult) api.Level {
						return api.Level{Decision: verdict(lv.Decision.Allowed()), NodeID: lv.Node.ID, NodeName: lv.Node.Name,
							NodeType: string(lv.Node.Type), Reason: lv.Reason}
					})
				}
				return out
			})}
	})
}

func statement(m iam.Match) api.Statement {
	return api.Statement{Description: m.String(), Effect: string(m.Effect), PolicyID: m.PolicyID, PolicyName: m.PolicyName, Sid: m.Sid,
		StatementIndex: m.StatementIndex}
}
