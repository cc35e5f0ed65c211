package awsapi

import (
	"github.com/chatgov/chatgov/internal/awsapi/orgswire"
	"github.com/chatgov/chatgov/internal/gov"
)

// The AWS Organizations shapes (package orgswire) of gov's answers, and
// gov's inputs from the shapes of requests.

func organizationOut(o gov.Organization) orgswire.Organization {
	return orgswire.Organization{ARN: o.ARN, AvailablePolicyTypes: policyTypesOut(o.AvailablePolicyTypes), FeatureSet: o.FeatureSet,
		ID: o.ID, MasterAccountARN: o.ManagementAccountARN, MasterAccountEmail: o.ManagementAccountEmail, MasterAccountID: o.ManagementAccountID}
}

func policyTypesOut(ts []gov.PolicyTypeSummary) []orgswire.PolicyTypeSummary {
	return listOut(ts, func(t gov.PolicyTypeSummary) orgswire.PolicyTypeSummary {
		return orgswire.PolicyTypeSummary{Type: string(t.Type), Status: t.Status}
	})
}

func rootOut(r gov.Root) orgswire.Root {
	return orgswire.Root{ARN: r.ARN, ID: r.ID, Name: r.Name, PolicyTypes: policyTypesOut(r.PolicyTypes)}
}

func ouOut(o gov.OU) orgswire.OrganizationalUnit {
	return orgswire.OrganizationalUnit{ARN: o.ARN, ID: o.ID, Name: o.Name, Path: o.Path}
}

func accountOut(a gov.Account) orgswire.Account {
	return orgswire.Account{ARN: a.ARN, Email: a.Email, ID: a.ID, JoinedMethod: a.JoinedMethod, JoinedTimestamp: orgswire.Epoch(a.JoinedAt),
		Name: a.Name, Paths: a.Paths, State: a.State, Status: a.Status}
}

func childOut(c gov.Child) orgswire.Child { return orgswire.Child{ID: c.ID, Type: c.Type} }

func parentOut(p gov.Parent) orgswire.Parent { return orgswire.Parent{ID: p.ID, Type: p.Type} }

func createStatusOut(s gov.CreateAccountStatus) orgswire.CreateAccountStatus {
	out := orgswire.CreateAccountStatus{AccountID: s.AccountID, AccountName: s.AccountName, FailureReason: s.FailureReason, ID: s.ID,
		RequestedTimestamp: orgswire.Epoch(s.RequestedAt), State: s.State}
	if s.State != gov.CreateInProgress {
		completed := orgswire.Epoch(s.CompletedAt)
		out.CompletedTimestamp = &completed
	}
	return out
}

func servicePrincipalOut(s gov.ServicePrincipal) orgswire.EnabledServicePrincipal {
	return orgswire.EnabledServicePrincipal{DateEnabled: orgswire.Epoch(s.EnabledAt), ServicePrincipal: s.ServicePrincipal}
}

func delegatedAdminOut(d gov.DelegatedAdministrator) orgswire.DelegatedAdministrator {
	return orgswire.DelegatedAdministrator{ARN: d.ARN, DelegationEnabledDate: orgswire.Epoch(d.DelegationEnabledAt), Email: d.Email, ID: d.ID,
		JoinedMethod: d.JoinedMethod, JoinedTimestamp: orgswire.Epoch(d.JoinedAt), Name: d.Name, State: d.State, Status: d.Status}
}

func delegatedServiceOut(d gov.DelegatedService) orgswire.DelegatedService {
	return orgswire.DelegatedService{DelegationEnabledDate: orgswire.Epoch(d.DelegationEnabledAt), ServicePrincipal: d.ServicePrincipal}
}

func policySummaryOut(p gov.PolicySummary) orgswire.PolicySummary {
	return orgswire.PolicySummary{ARN: p.ARN, AWSManaged: p.AWSManaged, Description: p.Description, ID: p.ID, Name: p.Name, Type: string(p.Type)}
}

func policyOut(p gov.Policy) orgswire.Policy {
	return orgswire.Policy{Content: p.Content, PolicySummary: policySummaryOut(p.PolicySummary)}
}

func targetOut(t gov.PolicyTarget) orgswire.PolicyTargetSummary {
	return orgswire.PolicyTargetSummary{ARN: t.ARN, Name: t.Name, TargetID: t.TargetID, Type: string(t.Type)}
}

func effectivePolicyOut(e gov.EffectivePolicy) orgswire.EffectivePolicy {
	return orgswire.EffectivePolicy{LastUpdatedTimestamp: orgswire.Epoch(e.LastUpdated), PolicyContent: e.Content, PolicyType: string(e.Type), TargetID: e.TargetID}
}

func validationErrorOut(e gov.ValidationError) orgswire.EffectivePolicyValidationError {
	return orgswire.EffectivePolicyValidationError{ContributingPolicies: e.ContributingPolicies, ErrorCode: e.ErrorCode,
		ErrorMessage: e.ErrorMessage, PathToError: e.PathToError}
}

func resourcePolicyOut(rp gov.ResourcePolicy) orgswire.ResourcePolicy {
	return orgswire.ResourcePolicy{Content: rp.Content, ResourcePolicySummary: orgswire.ResourcePolicySummary{ARN: rp.ARN, ID: rp.ID}}
}

func handshakeOut(h gov.Handshake) orgswire.Handshake {
	return orgswire.Handshake{Action: h.Action, ARN: h.ARN, ExpirationTimestamp: orgswire.Epoch(h.ExpiresAt), ID: h.ID,
		Parties: listOut(h.Parties, func(p gov.HandshakeParty) orgswire.HandshakeParty {
			return orgswire.HandshakeParty{ID: p.ID, Type: p.Type}
		}),
		RequestedTimestamp: orgswire.Epoch(h.RequestedAt), Resources: handshakeResourcesOut(h.Resources), State: h.State}
}

// handshakeResourcesOut converts resources and the resources nested under
// them; a resource without nested ones has none (the member is omitted).
func handshakeResourcesOut(rs []gov.HandshakeResource) []orgswire.HandshakeResource {
	return listOut(rs, func(r gov.HandshakeResource) orgswire.HandshakeResource {
		out := orgswire.HandshakeResource{Type: r.Type, Value: r.Value}
		if len(r.Resources) > 0 {
			out.Resources = handshakeResourcesOut(r.Resources)
		}
		return out
	})
}

func tagsIn(ts []orgswire.Tag) []gov.Tag {
	out := make([]gov.Tag, len(ts))
	for i, t := range ts {
		out[i] = gov.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

func tagOut(t gov.Tag) orgswire.Tag { return orgswire.Tag{Key: t.Key, Value: t.Value} }

// listOut converts a list, never nil: AWS writes an empty list as [].
func listOut[T, W any](ts []T, conv func(T) W) []W {
	out := make([]W, len(ts))
	for i, t := range ts {
		out[i] = conv(t)
	}
	return out
}
