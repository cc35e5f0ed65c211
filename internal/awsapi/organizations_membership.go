package awsapi

import (
	"github.com/chatgov/chatgov/internal/gov"
)

// membershipOps serve the AWS Organizations operations that change who is
// in the organization: handshakes, invitations, enabling all features,
// leaving and closing accounts. (CreateAccount and
// RemoveAccountFromOrganization are in structureOps.)
var membershipOps = map[string]orgsOp{
	"InviteAccountToOrganization": op(func(h *Handler, r *request, in *struct {
		Target *handshakePartyJSON
		Notes  string
		Tags   []tagJSON
	}) (any, error) {
		gi := gov.InviteInput{Notes: in.Notes, Tags: tagsIn(in.Tags)}
		if in.Target != nil {
			gi.Target = &gov.HandshakeParty{Type: in.Target.Type, ID: in.Target.ID}
		}
		hs, err := h.gov.InviteAccountToOrganization(r.Context(), r.caller, gi)
		return map[string]any{"Handshake": handshakeJSON(hs)}, err
	}),
	"AcceptHandshake": op(func(h *Handler, r *request, in *struct{ HandshakeId string }) (any, error) {
		hs, err := h.gov.AcceptHandshake(r.Context(), r.caller, in.HandshakeId)
		return map[string]any{"Handshake": handshakeJSON(hs)}, err
	}),
	"DeclineHandshake": op(func(h *Handler, r *request, in *struct{ HandshakeId string }) (any, error) {
		hs, err := h.gov.DeclineHandshake(r.Context(), r.caller, in.HandshakeId)
		return map[string]any{"Handshake": handshakeJSON(hs)}, err
	}),
	"CancelHandshake": op(func(h *Handler, r *request, in *struct{ HandshakeId string }) (any, error) {
		hs, err := h.gov.CancelHandshake(r.Context(), r.caller, in.HandshakeId)
		return map[string]any{"Handshake": handshakeJSON(hs)}, err
	}),
	"DescribeHandshake": op(func(h *Handler, r *request, in *struct{ HandshakeId string }) (any, error) {
		hs, err := h.gov.DescribeHandshake(r.caller, in.HandshakeId)
		return map[string]any{"Handshake": handshakeJSON(hs)}, err
	}),
	"ListHandshakesForAccount": op(func(h *Handler, r *request, in *handshakeListJSON) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListHandshakesForAccount(r.caller, in.filter(), in.NextToken, max)
		return page("Handshakes", p, handshakeJSON), err
	}),
	"ListHandshakesForOrganization": op(func(h *Handler, r *request, in *handshakeListJSON) (any, error) {
		max, err := in.max()
		if err != nil {
			return nil, err
		}
		p, err := h.gov.ListHandshakesForOrganization(r.caller, in.filter(), in.NextToken, max)
		return page("Handshakes", p, handshakeJSON), err
	}),
	"EnableAllFeatures": op(func(h *Handler, r *request, _ *empty) (any, error) {
		hs, err := h.gov.EnableAllFeatures(r.Context(), r.caller)
		return map[string]any{"Handshake": handshakeJSON(hs)}, err
	}),
	"LeaveOrganization": op(func(h *Handler, r *request, _ *empty) (any, error) {
		return nil, h.gov.LeaveOrganization(r.Context(), r.caller)
	}),
	"CloseAccount": op(func(h *Handler, r *request, in *struct{ AccountId string }) (any, error) {
		return nil, h.gov.CloseAccount(r.Context(), r.caller, in.AccountId)
	}),
}

type handshakePartyJSON struct {
	Type string `json:"Type"`
	ID   string `json:"Id"`
}

// handshakeListJSON is the input of both handshake lists.
type handshakeListJSON struct {
	Filter *struct {
		ActionType        string `json:"ActionType"`
		ParentHandshakeID string `json:"ParentHandshakeId"`
	} `json:"Filter"`
	paging
}

func (in *handshakeListJSON) filter() gov.HandshakeFilter {
	if in.Filter == nil {
		return gov.HandshakeFilter{}
	}
	return gov.HandshakeFilter{ActionType: in.Filter.ActionType, ParentHandshakeID: in.Filter.ParentHandshakeID}
}

func handshakeJSON(h gov.Handshake) map[string]any {
	parties := make([]map[string]any, len(h.Parties))
	for i, p := range h.Parties {
		parties[i] = map[string]any{"Id": p.ID, "Type": p.Type}
	}
	return map[string]any{"Id": h.ID, "Arn": h.ARN, "Action": h.Action, "State": h.State, "Parties": parties,
		"Resources": handshakeResourcesJSON(h.Resources), "RequestedTimestamp": epoch(h.RequestedAt), "ExpirationTimestamp": epoch(h.ExpiresAt)}
}

func handshakeResourcesJSON(rs []gov.HandshakeResource) []map[string]any {
	out := make([]map[string]any, len(rs))
	for i, r := range rs {
		out[i] = map[string]any{"Type": r.Type, "Value": r.Value}
		if len(r.Resources) > 0 {
			out[i]["Resources"] = handshakeResourcesJSON(r.Resources)
		}
	}
	return out
}
