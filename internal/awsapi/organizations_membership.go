package awsapi

import (
	"github.com/chatgov/chatgov/internal/awsapi/orgswire"
	"github.com/chatgov/chatgov/internal/gov"
)

// membershipOps serve the AWS Organizations operations that change who is
// in the organization: handshakes, invitations, enabling all features,
// leaving and closing accounts. (CreateAccount and
// RemoveAccountFromOrganization are in structureOps.)
var membershipOps = map[string]orgsOp{
	"InviteAccountToOrganization": op(func(h *Handler, r *request, in *orgswire.InviteAccountToOrganizationRequest) (orgswire.InviteAccountToOrganizationResponse, error) {
		gi := gov.InviteInput{Notes: in.Notes, Tags: tagsIn(in.Tags)}
		if in.Target != nil {
			gi.Target = &gov.HandshakeParty{Type: in.Target.Type, ID: in.Target.ID}
		}
		hs, err := h.gov.InviteAccountToOrganization(r.Context(), r.caller, gi)
		return orgswire.InviteAccountToOrganizationResponse{Handshake: handshakeOut(hs)}, err
	}),
	"AcceptHandshake": op(func(h *Handler, r *request, in *orgswire.AcceptHandshakeRequest) (orgswire.AcceptHandshakeResponse, error) {
		hs, err := h.gov.AcceptHandshake(r.Context(), r.caller, in.HandshakeID)
		return orgswire.AcceptHandshakeResponse{Handshake: handshakeOut(hs)}, err
	}),
	"DeclineHandshake": op(func(h *Handler, r *request, in *orgswire.DeclineHandshakeRequest) (orgswire.DeclineHandshakeResponse, error) {
		hs, err := h.gov.DeclineHandshake(r.Context(), r.caller, in.HandshakeID)
		return orgswire.DeclineHandshakeResponse{Handshake: handshakeOut(hs)}, err
	}),
	"CancelHandshake": op(func(h *Handler, r *request, in *orgswire.CancelHandshakeRequest) (orgswire.CancelHandshakeResponse, error) {
		hs, err := h.gov.CancelHandshake(r.Context(), r.caller, in.HandshakeID)
		return orgswire.CancelHandshakeResponse{Handshake: handshakeOut(hs)}, err
	}),
	"DescribeHandshake": op(func(h *Handler, r *request, in *orgswire.DescribeHandshakeRequest) (orgswire.DescribeHandshakeResponse, error) {
		hs, err := h.gov.DescribeHandshake(r.caller, in.HandshakeID)
		return orgswire.DescribeHandshakeResponse{Handshake: handshakeOut(hs)}, err
	}),
	"ListHandshakesForAccount": op(func(h *Handler, r *request, in *orgswire.ListHandshakesForAccountRequest) (orgswire.ListHandshakesForAccountResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListHandshakesForAccountResponse{}, err
		}
		p, err := h.gov.ListHandshakesForAccount(r.caller, handshakeFilterIn(in.Filter), in.NextToken, max)
		return orgswire.ListHandshakesForAccountResponse{Handshakes: listOut(p.Items, handshakeOut), NextToken: p.NextToken}, err
	}),
	"ListHandshakesForOrganization": op(func(h *Handler, r *request, in *orgswire.ListHandshakesForOrganizationRequest) (orgswire.ListHandshakesForOrganizationResponse, error) {
		max, err := pageSize(in.MaxResults)
		if err != nil {
			return orgswire.ListHandshakesForOrganizationResponse{}, err
		}
		p, err := h.gov.ListHandshakesForOrganization(r.caller, handshakeFilterIn(in.Filter), in.NextToken, max)
		return orgswire.ListHandshakesForOrganizationResponse{Handshakes: listOut(p.Items, handshakeOut), NextToken: p.NextToken}, err
	}),
	"EnableAllFeatures": op(func(h *Handler, r *request, _ *orgswire.Empty) (orgswire.EnableAllFeaturesResponse, error) {
		hs, err := h.gov.EnableAllFeatures(r.Context(), r.caller)
		return orgswire.EnableAllFeaturesResponse{Handshake: handshakeOut(hs)}, err
	}),
	"LeaveOrganization": op(func(h *Handler, r *request, _ *orgswire.Empty) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.LeaveOrganization(r.Context(), r.caller)
	}),
	"CloseAccount": op(func(h *Handler, r *request, in *orgswire.CloseAccountRequest) (orgswire.Empty, error) {
		return orgswire.Empty{}, h.gov.CloseAccount(r.Context(), r.caller, in.AccountID)
	}),
}

// handshakeFilterIn is the filter of both handshake lists; none selects
// every handshake.
func handshakeFilterIn(f *orgswire.HandshakeFilter) gov.HandshakeFilter {
	if f == nil {
		return gov.HandshakeFilter{}
	}
	return gov.HandshakeFilter{ActionType: f.ActionType, ParentHandshakeID: f.ParentHandshakeID}
}
