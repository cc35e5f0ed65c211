package awsapi

import (
	"github.com/chatgov/chatgov/internal/gov"
)

// JSON shapes of AWS Organizations, member names as the service model
// spells them.

type policyTypeJSON struct {
	Type   string `json:"Type"`
	Status string `json:"Status"`
}

func policyTypesJSON(ts []gov.PolicyTypeSummary) []policyTypeJSON {
	out := []policyTypeJSON{}
	for _, t := range ts {
		out = append(out, policyTypeJSON{string(t.Type), t.Status})
	}
	return out
}

func organizationJSON(o gov.Organization) map[string]any {
	return map[string]any{"Id": o.ID, "Arn": o.ARN, "FeatureSet": o.FeatureSet, "MasterAccountArn": o.ManagementAccountARN,
		"MasterAccountId": o.ManagementAccountID, "MasterAccountEmail": o.ManagementAccountEmail,
		"AvailablePolicyTypes": policyTypesJSON(o.AvailablePolicyTypes)}
}

func rootJSON(r gov.Root) map[string]any {
	return map[string]any{"Id": r.ID, "Arn": r.ARN, "Name": r.Name, "PolicyTypes": policyTypesJSON(r.PolicyTypes)}
}

func ouJSON(o gov.OU) map[string]any {
	return map[string]any{"Id": o.ID, "Arn": o.ARN, "Name": o.Name, "Path": o.Path}
}

func accountJSON(a gov.Account) map[string]any {
	return map[string]any{"Id": a.ID, "Arn": a.ARN, "Email": a.Email, "Name": a.Name, "Status": a.Status, "State": a.State,
		"JoinedMethod": a.JoinedMethod, "JoinedTimestamp": epoch(a.JoinedAt), "Paths": a.Paths}
}

func policySummaryJSON(p gov.PolicySummary) map[string]any {
	return map[string]any{"Id": p.ID, "Arn": p.ARN, "Name": p.Name, "Description": p.Description, "Type": string(p.Type),
		"AwsManaged": p.AWSManaged}
}

func policyJSON(p gov.Policy) map[string]any {
	return map[string]any{"PolicySummary": policySummaryJSON(p.PolicySummary), "Content": p.Content}
}

func targetJSON(t gov.PolicyTarget) map[string]any {
	return map[string]any{"TargetId": t.TargetID, "Arn": t.ARN, "Name": t.Name, "Type": string(t.Type)}
}

func childJSON(c gov.Child) map[string]any { return map[string]any{"Id": c.ID, "Type": c.Type} }

func createStatusJSON(s gov.CreateAccountStatus) map[string]any {
	out := map[string]any{"Id": s.ID, "AccountName": s.AccountName, "State": s.State, "RequestedTimestamp": epoch(s.RequestedAt)}
	if s.State != gov.CreateInProgress {
		out["CompletedTimestamp"] = epoch(s.CompletedAt)
	}
	if s.AccountID != "" {
		out["AccountId"] = s.AccountID
	}
	if s.FailureReason != "" {
		out["FailureReason"] = s.FailureReason
	}
	return out
}

func delegatedAdminJSON(d gov.DelegatedAdministrator) map[string]any {
	out := accountJSON(d.Account)
	delete(out, "Paths")
	out["DelegationEnabledDate"] = epoch(d.DelegationEnabledAt)
	return out
}

type tagJSON struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

func tagsIn(ts []tagJSON) []gov.Tag {
	out := make([]gov.Tag, len(ts))
	for i, t := range ts {
		out[i] = gov.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

func tagsOut(ts []gov.Tag) []tagJSON {
	out := make([]tagJSON, len(ts))
	for i, t := range ts {
		out[i] = tagJSON{t.Key, t.Value}
	}
	return out
}

// page writes a list answer: the items under key, and NextToken when more remain.
func page[T any](key string, p gov.Page[T], conv func(T) map[string]any) map[string]any {
	items := make([]map[string]any, len(p.Items))
	for i, it := range p.Items {
		items[i] = conv(it)
	}
	out := map[string]any{key: items}
	if p.NextToken != "" {
		out["NextToken"] = p.NextToken
	}
	return out
}
