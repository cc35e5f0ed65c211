package awsapi

import (
	"net/http"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// chatgovOps are chatgov's own operations, in AWS Chatbot's protocol and
// signing (service chatbot), under /chatgov/.
var chatgovOps = map[string]chatbotOp{
	"/chatgov/put-slack-channel": own(http.StatusOK, func(h *Handler, r *request, in *struct {
		SlackTeamId, SlackTeamName, SlackChannelId, SlackChannelName, ChannelVisibility string
	}) (any, error) {
		return nil, h.gov.PutSlackChannel(r.Context(), r.caller, store.SlackChannel{TeamID: in.SlackTeamId, TeamName: in.SlackTeamName,
			ChannelID: in.SlackChannelId, ChannelName: in.SlackChannelName, Visibility: in.ChannelVisibility})
	}),
	"/chatgov/delete-slack-channel": own(http.StatusOK, func(h *Handler, r *request, in *struct{ SlackTeamId, SlackChannelId string }) (any, error) {
		return nil, h.gov.DeleteSlackChannel(r.Context(), r.caller, in.SlackTeamId, in.SlackChannelId)
	}),
	"/chatgov/put-ms-teams-team": own(http.StatusOK, func(h *Handler, r *request, in *struct{ TenantId, TeamId, TeamName string }) (any, error) {
		return nil, h.gov.PutTeamsTeam(r.Context(), r.caller, store.TeamsTeam{TenantID: in.TenantId, TeamID: in.TeamId, TeamName: in.TeamName})
	}),
	"/chatgov/delete-ms-teams-team": own(http.StatusOK, func(h *Handler, r *request, in *struct{ TeamId string }) (any, error) {
		return nil, h.gov.DeleteTeamsTeam(r.Context(), r.caller, in.TeamId)
	}),
	"/chatgov/list-directory": own(http.StatusOK, func(h *Handler, r *request, _ *empty) (any, error) {
		d, err := h.gov.ListDirectory(r.caller)
		slack := []map[string]any{}
		for _, c := range d.SlackChannels {
			slack = append(slack, map[string]any{"SlackTeamId": c.TeamID, "SlackTeamName": c.TeamName, "SlackChannelId": c.ChannelID,
				"SlackChannelName": c.ChannelName, "ChannelVisibility": c.Visibility, "UpdatedTimestamp": epoch(c.UpdatedAt)})
		}
		teams := []map[string]any{}
		for _, t := range d.TeamsTeams {
			teams = append(teams, map[string]any{"TenantId": t.TenantID, "TeamId": t.TeamID, "TeamName": t.TeamName, "UpdatedTimestamp": epoch(t.UpdatedAt)})
		}
		return map[string]any{"SlackChannels": slack, "MicrosoftTeamsTeams": teams}, err
	}),
	"/chatgov/put-user-identity": own(http.StatusOK, func(h *Handler, r *request, in *struct{ ChatConfigurationArn, ChatUserId, IamRoleArn string }) (any, error) {
		u, err := h.gov.PutUserIdentity(r.Context(), r.caller, store.UserIdentity{ConfigurationARN: in.ChatConfigurationArn,
			ChatUserID: in.ChatUserId, IamRoleARN: in.IamRoleArn})
		return map[string]any{"UserIdentity": map[string]any{"ChatConfigurationArn": u.ConfigurationARN, "ChatUserId": u.ChatUserID,
			"IamRoleArn": u.IamRoleARN, "AwsUserIdentity": u.AwsUserIdentity, "TeamId": u.TeamID, "TenantId": u.TenantID}}, err
	}),
	"/chatgov/list-compliance-events": own(http.StatusOK, func(h *Handler, r *request, in *struct {
		AccountId, OrganizationalUnitId, ChatConfigurationArn string
		Since, Until                                          *float64
		paging
	}) (any, error) {
		max, err := in.chatbotMax()
		if err != nil {
			return nil, err
		}
		f := gov.ComplianceFilter{AccountID: in.AccountId, OUID: in.OrganizationalUnitId, ConfigurationARN: in.ChatConfigurationArn,
			Since: fromEpoch(in.Since), Until: fromEpoch(in.Until), NextToken: in.NextToken, MaxResults: max}
		c, err := h.gov.ListComplianceEvents(r.Context(), r.caller, f)
		if err != nil {
			return nil, err
		}
		events := []map[string]any{}
		for _, e := range c.Events {
			ev := map[string]any{"EventId": e.ID, "Timestamp": epoch(e.Time), "ChatConfigurationArn": e.ConfigurationARN,
				"AccountId": e.AccountID, "Platform": e.Platform, "OldState": e.OldState, "NewState": e.NewState,
				"Cause": map[string]any{"CauseId": e.Cause.ID, "Operation": e.Cause.Operation, "Caller": e.Cause.CallerARN,
					"Detail": e.Cause.Detail, "Timestamp": epoch(e.Cause.Time)}}
			if e.Reason != "" {
				ev["StateReason"] = e.Reason
			}
			events = append(events, ev)
		}
		out := map[string]any{"Events": events, "Summary": summaryJSON(c.Summary)}
		if c.NextToken != "" {
			out["NextToken"] = c.NextToken
		}
		return out, nil
	}),
	"/chatgov/simulate-policy-change": own(http.StatusOK, func(h *Handler, r *request, in *struct {
		Action, PolicyId, PolicyType, Name, Description, TargetId string
		Content                                                   *string
	}) (any, error) {
		res, err := h.gov.SimulatePolicyChange(r.caller, gov.Simulation{Action: in.Action, PolicyID: in.PolicyId, Type: policy.Type(in.PolicyType),
			Name: in.Name, Description: in.Description, Content: in.Content, TargetID: in.TargetId})
		if err != nil {
			return nil, err
		}
		accounts := []map[string]any{}
		for _, a := range res.Accounts {
			accounts = append(accounts, map[string]any{"AccountId": a.AccountID, "Name": a.Name, "PolicyType": string(a.Type),
				"HadPolicy": a.HadPolicy, "Changes": a.Changes})
		}
		configs := func(cs []gov.ConfigChange) []map[string]any {
			out := []map[string]any{}
			for _, c := range cs {
				m := map[string]any{"ChatConfigurationArn": c.ConfigurationARN, "AccountId": c.AccountID, "Platform": c.Platform}
				if c.Reason != "" {
					m["StateReason"] = c.Reason
				}
				out = append(out, m)
			}
			return out
		}
		ignored := []map[string]any{}
		for _, g := range res.Ignored {
			ignored = append(ignored, map[string]any{"Code": g.Code, "Path": g.Path, "Message": g.Message, "Accounts": g.Accounts})
		}
		return map[string]any{"PolicyId": res.PolicyID, "AccountsInScope": res.AccountsInScope, "AccountsChanged": res.AccountsChanged, "Accounts": accounts,
			"WouldDisableCount": res.WouldDisable, "WouldDisable": configs(res.Disabled),
			"WouldEnableCount": res.WouldEnable, "WouldEnable": configs(res.Enabled), "Ignored": ignored}, nil
	}),
	"/chatgov/simulate-chat-command": own(http.StatusOK, func(h *Handler, r *request, in *struct {
		ChatConfigurationArn, Command, ChatUserId string
	}) (any, error) {
		d, err := h.gov.SimulateChatCommand(r.caller, gov.CommandInput{ConfigurationARN: in.ChatConfigurationArn, Command: in.Command, ChatUserID: in.ChatUserId})
		if err != nil {
			return nil, err
		}
		return commandDecisionJSON(d), nil
	}),
	"/chatgov/simulate-request": own(http.StatusOK, simulateRequest),
	"/chatgov/put-role-permissions": own(http.StatusOK, func(h *Handler, r *request, in *struct {
		RoleArn           string
		ManagedPolicyArns []string
		InlinePolicies    []inlinePolicyJSON
	}) (any, error) {
		pi := gov.RolePermissionsInput{RoleARN: in.RoleArn, ManagedPolicyARNs: in.ManagedPolicyArns}
		for _, p := range in.InlinePolicies {
			pi.InlinePolicies = append(pi.InlinePolicies, store.InlinePolicy{Name: p.PolicyName, Document: p.PolicyDocument})
		}
		rp, err := h.gov.PutRolePermissions(r.Context(), r.caller, pi)
		return map[string]any{"RolePermissions": rolePermissionsJSON(rp)}, err
	}),
	"/chatgov/get-role-permissions": own(http.StatusOK, func(h *Handler, r *request, in *struct{ RoleArn string }) (any, error) {
		rp, err := h.gov.RolePermissions(r.caller, in.RoleArn)
		return map[string]any{"RolePermissions": rolePermissionsJSON(rp)}, err
	}),
	"/chatgov/delete-role-permissions": own(http.StatusOK, func(h *Handler, r *request, in *struct{ RoleArn string }) (any, error) {
		return nil, h.gov.DeleteRolePermissions(r.Context(), r.caller, in.RoleArn)
	}),
	"/chatgov/put-managed-policy": own(http.StatusOK, func(h *Handler, r *request, in *struct{ PolicyName, Path, PolicyDocument string }) (any, error) {
		p, err := h.gov.PutManagedPolicy(r.Context(), r.caller, gov.ManagedPolicyInput{Name: in.PolicyName, Path: in.Path, Document: in.PolicyDocument})
		return map[string]any{"Policy": managedPolicyJSON(p)}, err
	}),
	"/chatgov/delete-managed-policy": own(http.StatusOK, func(h *Handler, r *request, in *struct{ PolicyArn string }) (any, error) {
		return nil, h.gov.DeleteManagedPolicy(r.Context(), r.caller, in.PolicyArn)
	}),
	"/chatgov/list-iam-registrations": own(http.StatusOK, func(h *Handler, r *request, in *struct{ AccountId string }) (any, error) {
		regs, err := h.gov.ListIAMRegistrations(r.caller, in.AccountId)
		roles := []map[string]any{}
		for _, rp := range regs.RolePermissions {
			roles = append(roles, rolePermissionsJSON(rp))
		}
		pols := []map[string]any{}
		for _, p := range regs.ManagedPolicies {
			pols = append(pols, managedPolicyJSON(p))
		}
		return map[string]any{"RolePermissions": roles, "ManagedPolicies": pols}, err
	}),
}

func fromEpoch(v *float64) time.Time {
	if v == nil {
		return time.Time{}
	}
	return time.UnixMilli(int64(*v * 1000)).UTC()
}

func summaryJSON(s gov.ComplianceSummary) map[string]any {
	count := func(c gov.StateCount) map[string]any {
		return map[string]any{"Configurations": c.Configurations, "Enabled": c.Enabled, "Disabled": c.Disabled}
	}
	nodes := func(ns []gov.NodeCount) []map[string]any {
		out := []map[string]any{}
		for _, n := range ns {
			m := count(n.StateCount)
			m["Id"], m["Name"] = n.ID, n.Name
			out = append(out, m)
		}
		return out
	}
	return map[string]any{"Total": count(s.Total), "OrganizationalUnits": nodes(s.OUs), "Accounts": nodes(s.Accounts)}
}

type inlinePolicyJSON struct{ PolicyName, PolicyDocument string }

func rolePermissionsJSON(rp store.RolePermissions) map[string]any {
	inline := []inlinePolicyJSON{}
	for _, p := range rp.InlinePolicies {
		inline = append(inline, inlinePolicyJSON{PolicyName: p.Name, PolicyDocument: p.Document})
	}
	arns := append([]string{}, rp.ManagedPolicyARNs...)
	return map[string]any{"RoleArn": rp.RoleARN, "ManagedPolicyArns": arns, "InlinePolicies": inline, "UpdatedTimestamp": epoch(rp.UpdatedAt)}
}

func managedPolicyJSON(p store.ManagedPolicy) map[string]any {
	return map[string]any{"PolicyArn": p.ARN, "PolicyName": p.Name, "Path": p.Path, "PolicyDocument": p.Document, "UpdatedTimestamp": epoch(p.UpdatedAt)}
}

// commandDecisionJSON writes a command's verdict: the command as chatgov
// read it, then each request's gates with the statements and SCP levels
// that decided them.
func commandDecisionJSON(d gov.CommandDecision) map[string]any {
	verdict := func(ok bool) string {
		if ok {
			return "ALLOWED"
		}
		return "DENIED"
	}
	resources := append([]string{}, d.Command.Resources...)
	if len(resources) == 0 {
		resources = []string{"*"}
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
	return map[string]any{
		"Decision": verdict(d.Allowed),
		"Command": map[string]any{"Service": d.Command.Service, "Operation": d.Command.Operation, "Action": d.Command.Action,
			"Region": d.Command.Region, "Resources": resources},
		"Requests": reqs,
	}
}

func statementJSON(m iam.Match) map[string]any {
	out := map[string]any{"PolicyId": m.PolicyID, "PolicyName": m.PolicyName, "StatementIndex": m.StatementIndex,
		"Effect": string(m.Effect), "Description": m.String()}
	if m.Sid != "" {
		out["Sid"] = m.Sid
	}
	return out
}
