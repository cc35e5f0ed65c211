package gov

import (
	"sort"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
)

// The records below are what the use cases return: values the caller owns.

// Organization describes the organization.
type Organization struct {
	ID                     string
	ARN                    string
	FeatureSet             string
	ManagementAccountID    string
	ManagementAccountARN   string
	ManagementAccountEmail string
	AvailablePolicyTypes   []PolicyTypeSummary
}

// PolicyTypeSummary is a policy type's status on the root.
type PolicyTypeSummary struct {
	Type   policy.Type
	Status string
}

// Root is the organization's root.
type Root struct {
	ID          string
	ARN         string
	Name        string
	PolicyTypes []PolicyTypeSummary
}

// OU is an organizational unit.
type OU struct {
	ID   string
	ARN  string
	Name string
	Path string
}

// Account is an account of the organization.
type Account struct {
	ID           string
	ARN          string
	Email        string
	Name         string
	Status       string
	State        string
	JoinedMethod string
	JoinedAt     time.Time
	Paths        []string
}

// PolicySummary describes a policy without its content.
type PolicySummary struct {
	ID          string
	ARN         string
	Name        string
	Description string
	Type        policy.Type
	AWSManaged  bool
}

// Policy is a policy with its content.
type Policy struct {
	PolicySummary
	Content string
}

// PolicyTarget is a root, OU or account a policy is attached to.
type PolicyTarget struct {
	TargetID string
	ARN      string
	Name     string
	Type     org.NodeType
}

// Child is a child of a root or OU; Parent the parent of an OU or account.
type Child struct {
	ID   string
	Type string
}

// Parent is the parent of an OU or account.
type Parent = Child

// Tag is a tag of a resource.
type Tag struct {
	Key   string
	Value string
}

// Page is one page of a list and the token of the next, if any.
type Page[T any] struct {
	Items     []T
	NextToken string
}

// Statuses and enumerations the API exposes.
const (
	FeatureSetAll     = "ALL"
	FeatureSetBilling = "CONSOLIDATED_BILLING"
	StatusEnabled     = "ENABLED"
	AccountActive     = "ACTIVE"
	JoinedCreated     = "CREATED"
	ChildAccount      = "ACCOUNT"
	ChildOU           = "ORGANIZATIONAL_UNIT"
	ParentRoot        = "ROOT"
)

// ARNs, as AWS Organizations writes them, in the partition of the caller's
// request (see Caller.Partition).

func (m model) orgARN(partition string) string {
	return "arn:" + partition + ":organizations::" + m.Org.ManagementAccountID + ":organization/" + m.Org.ID
}

func (m model) nodeARN(partition string, n *org.Node) string {
	prefix := "arn:" + partition + ":organizations::" + m.Org.ManagementAccountID + ":"
	switch n.Type {
	case org.Root:
		return prefix + "root/" + m.Org.ID + "/" + n.ID
	case org.OU:
		return prefix + "ou/" + m.Org.ID + "/" + n.ID
	}
	return prefix + "account/" + m.Org.ID + "/" + n.ID
}

func (m model) policyARN(partition string, p *snapshot.PolicyRec) string {
	if p.AWSManaged {
		return "arn:" + partition + ":organizations::aws:policy/" + p.PolicyType.ARNSegment() + "/" + p.ID
	}
	return "arn:" + partition + ":organizations::" + m.Org.ManagementAccountID + ":policy/" + m.Org.ID + "/" + p.PolicyType.ARNSegment() + "/" + p.ID
}

// nodePath returns AWS's path of a node: o-xxx/r-xxxx/ou-.../id/.
func (m model) nodePath(id string) string {
	path, err := m.Tree.Path(id)
	if err != nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(m.Org.ID)
	b.WriteByte('/')
	for _, n := range path {
		b.WriteString(n.ID)
		b.WriteByte('/')
	}
	return b.String()
}

func (m model) policyTypes() []PolicyTypeSummary {
	var out []PolicyTypeSummary
	for t := range m.Enabled {
		out = append(out, PolicyTypeSummary{Type: t, Status: StatusEnabled})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

func (m model) organizationRecord(partition string) Organization {
	o := Organization{ID: m.Org.ID, ARN: m.orgARN(partition), FeatureSet: m.Org.FeatureSet,
		ManagementAccountID: m.Org.ManagementAccountID, ManagementAccountEmail: m.Org.ManagementAccountEmail}
	if n, ok := m.Tree.Node(m.Org.ManagementAccountID); ok {
		o.ManagementAccountARN = m.nodeARN(partition, n)
	}
	// AvailablePolicyTypes is deprecated in favour of Root.PolicyTypes; AWS
	// lists only the SCP status there.
	if m.Enabled[policy.ServiceControlPolicy] {
		o.AvailablePolicyTypes = []PolicyTypeSummary{{Type: policy.ServiceControlPolicy, Status: StatusEnabled}}
	}
	return o
}

func (m model) rootRecord(partition string) Root {
	r := m.Tree.Root()
	return Root{ID: r.ID, ARN: m.nodeARN(partition, r), Name: r.Name, PolicyTypes: m.policyTypes()}
}

func (m model) ouRecord(partition string, n *org.Node) OU {
	return OU{ID: n.ID, ARN: m.nodeARN(partition, n), Name: n.Name, Path: m.nodePath(n.ID)}
}

func (m model) accountRecord(partition string, a *snapshot.AccountRec) Account {
	rec := Account{ID: a.ID, Email: a.Email, Name: a.Name, Status: a.Status, State: a.Status,
		JoinedMethod: a.JoinedMethod, JoinedAt: a.JoinedAt, Paths: []string{m.nodePath(a.ID)}}
	if n, ok := m.Tree.Node(a.ID); ok {
		rec.ARN = m.nodeARN(partition, n)
	}
	return rec
}

func (m model) policySummary(partition string, p *snapshot.PolicyRec) PolicySummary {
	return PolicySummary{ID: p.ID, ARN: m.policyARN(partition, p), Name: p.Name, Description: p.Description, Type: p.PolicyType, AWSManaged: p.AWSManaged}
}

func (m model) targetRecord(partition string, n *org.Node) PolicyTarget {
	return PolicyTarget{TargetID: n.ID, ARN: m.nodeARN(partition, n), Name: n.Name, Type: n.Type}
}
