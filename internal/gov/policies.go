package gov

import (
	"context"
	"errors"
	"sort"
	"strings"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// ValidateDocument checks a policy document of any type: the
// management-policy language for management types, the IAM language for SCPs
// and RCPs. It returns nil or a *jsondoc.Error with every problem (an error
// of another kind for a type it does not know).
func ValidateDocument(t policy.Type, content string) error {
	_, err := parseDocument(t, content)
	return err
}

func parseDocument(t policy.Type, content string) (*snapshot.PolicyRec, error) {
	rec := &snapshot.PolicyRec{PolicyType: t}
	var err error
	switch t {
	case policy.ServiceControlPolicy:
		rec.IAM, err = iam.Parse(content, iam.SCP)
	case policy.ResourceControlPolicy:
		rec.IAM, err = iam.Parse(content, iam.RCP)
	default:
		rec.Doc, err = policy.Parse(t, content)
	}
	return rec, err
}

// documentError turns a document's problems into the API's error: a size
// over the type's limit is Constraint (POLICY_CONTENT_LIMIT_EXCEEDED),
// anything else Malformed, with every problem and its JSON path in the
// message.
func documentError(t policy.Type, err error) error {
	var je *jsondoc.Error
	if !errors.As(err, &je) {
		return newErr(Malformed, "", "", "the policy document is not a valid %s: %v", t, err)
	}
	var parts []string
	for _, p := range je.Problems {
		if p.Code == jsondoc.CodeSizeLimit {
			return constraint(ReasonPolicyContentLimit, "%s", p.Message)
		}
		parts = append(parts, p.Path+": "+p.Message)
	}
	return newErr(Malformed, "", "", "the policy document is not a valid %s (%d %s): %s", t, len(parts),
		plural(len(parts), "problem", "problems"), strings.Join(parts, "; "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (m model) policyByID(id string) (*snapshot.PolicyRec, error) {
	if err := checkPolicyID(id); err != nil {
		return nil, err
	}
	p, ok := m.Policies.Get(id)
	if !ok {
		return nil, notFound(ResPolicy, "policy %s does not exist", id)
	}
	return p, nil
}

// CreatePolicyInput holds CreatePolicy's parameters.
type CreatePolicyInput struct {
	Name        string
	Description string
	Type        policy.Type
	Content     string
	Tags        []Tag
}

// CreatePolicy creates a policy of any type after validating its document.
// It returns Invalid (INPUT_REQUIRED, INVALID_ENUM_POLICY_TYPE) for the
// type, Invalid (INPUT_REQUIRED, MAX_LENGTH_EXCEEDED) for the name,
// description or content, the errors of checkTags, NotEnabled
// (ResPolicyTypeAvailable) for a type other than SCPs in an organization
// without all features, AlreadyExists (ResPolicy) for a name the type
// already has, Constraint (POLICY_NUMBER_LIMIT_EXCEEDED), the errors of
// documentError for the document, and the errors of authorize.
func (s *Service) CreatePolicy(ctx context.Context, c Caller, in CreatePolicyInput) (Policy, error) {
	var out Policy
	err := s.update(ctx, func(ch *change) error {
		rec, err := s.createPolicy(ch, c, in)
		if err != nil {
			return err
		}
		out = Policy{PolicySummary: ch.m.policySummary(c.Partition(), rec), Content: rec.Content}
		return nil
	})
	return out, err
}

func (s *Service) createPolicy(ch *change, c Caller, in CreatePolicyInput) (*snapshot.PolicyRec, error) {
	m := ch.m
	info, err := checkPolicyType("Type", in.Type)
	if err != nil {
		return nil, err
	}
	if err := m.authorize(c, opCreatePolicy, in.Type); err != nil {
		return nil, err
	}
	if err := checkPolicyFields(in.Name, in.Description, in.Content); err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	if m.Org.FeatureSet != FeatureSetAll && in.Type != policy.ServiceControlPolicy {
		return nil, newErr(NotEnabled, ResPolicyTypeAvailable, "", "%s policies need an organization with all features", in.Type)
	}
	count := 0
	var dup *snapshot.PolicyRec
	m.Policies.Range(func(_ string, p *snapshot.PolicyRec) bool {
		if p.PolicyType == in.Type && !p.AWSManaged {
			count++
		}
		if p.PolicyType == in.Type && p.Name == in.Name {
			dup = p
		}
		return true
	})
	if dup != nil {
		return nil, newErr(AlreadyExists, ResPolicy, "", "a %s policy named %q already exists (%s)", in.Type, in.Name, dup.ID)
	}
	if count >= info.MaxPerOrg {
		return nil, constraint(ReasonPolicyNumberLimit, "the organization already has %d %s policies, the most it may have", count, in.Type)
	}
	rec, err := parseDocument(in.Type, in.Content)
	if err != nil {
		return nil, documentError(in.Type, err)
	}
	id, err := s.newID("p-", lowerAlnum, 8, func(id string) bool { _, used := m.Policies.Get(id); return used })
	if err != nil {
		return nil, err
	}
	rec.Policy = store.Policy{ID: id, Name: in.Name, Description: in.Description, Type: string(in.Type),
		Content: in.Content, CreatedAt: ch.now, UpdatedAt: ch.now}
	ch.m.Policies.Set(id, rec)
	sp := rec.Policy
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutPolicy(ctx, sp) })
	ch.setTags(id, in.Tags)
	return rec, nil
}

func checkPolicyFields(name, description, content string) error {
	if err := checkLen("Name", name, 1, 128); err != nil {
		return err
	}
	if err := checkLen("Description", description, 0, 512); err != nil {
		return err
	}
	return checkLen("Content", content, 1, 1_000_000)
}

// UpdatePolicyInput holds UpdatePolicy's parameters; nil fields stay as they are.
type UpdatePolicyInput struct {
	PolicyID    string
	Name        *string
	Description *string
	Content     *string
}

// UpdatePolicy changes a policy's name, description or content. A content
// change reaches every account the policy applies to. It returns the errors
// of policyFor, Invalid (IMMUTABLE_POLICY) for an AWS managed policy,
// Invalid (INPUT_REQUIRED, MAX_LENGTH_EXCEEDED) for the fields,
// AlreadyExists (ResPolicy) for a name the type already has, and the errors
// of documentError for the content.
func (s *Service) UpdatePolicy(ctx context.Context, c Caller, in UpdatePolicyInput) (Policy, error) {
	var out Policy
	err := s.update(ctx, func(ch *change) error {
		rec, err := updatePolicy(ch, c, in)
		if err != nil {
			return err
		}
		out = Policy{PolicySummary: ch.m.policySummary(c.Partition(), rec), Content: rec.Content}
		return nil
	})
	return out, err
}

func updatePolicy(ch *change, c Caller, in UpdatePolicyInput) (*snapshot.PolicyRec, error) {
	m := ch.m
	p, err := m.policyFor(c, opUpdatePolicy, in.PolicyID)
	if err != nil {
		return nil, err
	}
	if p.AWSManaged {
		return nil, invalid(ReasonImmutablePolicy, "%s is an AWS managed policy and cannot be changed", p.ID)
	}
	next := *p
	if in.Name != nil {
		next.Name = *in.Name
	}
	if in.Description != nil {
		next.Description = *in.Description
	}
	if in.Content != nil {
		next.Content = *in.Content
	}
	if err := checkPolicyFields(next.Name, next.Description, next.Content); err != nil {
		return nil, err
	}
	if next.Name != p.Name {
		var dup *snapshot.PolicyRec
		m.Policies.Range(func(_ string, q *snapshot.PolicyRec) bool {
			if q.PolicyType == p.PolicyType && q.Name == next.Name {
				dup = q
			}
			return dup == nil
		})
		if dup != nil {
			return nil, newErr(AlreadyExists, ResPolicy, "", "a %s policy named %q already exists (%s)", p.PolicyType, next.Name, dup.ID)
		}
	}
	if next.Content != p.Content {
		parsed, err := parseDocument(p.PolicyType, next.Content)
		if err != nil {
			return nil, documentError(p.PolicyType, err)
		}
		next.Doc, next.IAM = parsed.Doc, parsed.IAM
		targets, _ := m.Targets.Get(p.ID)
		for _, t := range targets {
			ch.dirty(p.PolicyType, t)
		}
	}
	ch.because(opUpdatePolicy.String(), c, "updated %s policy %s (%s)", p.PolicyType, p.ID, next.Name)
	next.UpdatedAt = ch.now
	ch.m.Policies.Set(p.ID, &next)
	sp := next.Policy
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutPolicy(ctx, sp) })
	return &next, nil
}

// DeletePolicy deletes a policy that is attached nowhere, with its tags. It
// returns the errors of policyFor, Invalid (IMMUTABLE_POLICY) for an AWS
// managed policy, and NotEmpty (ResPolicy) for a policy still attached.
func (s *Service) DeletePolicy(ctx context.Context, c Caller, policyID string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		p, err := m.policyFor(c, opDeletePolicy, policyID)
		if err != nil {
			return err
		}
		if p.AWSManaged {
			return invalid(ReasonImmutablePolicy, "%s is an AWS managed policy and cannot be deleted", p.ID)
		}
		if targets, _ := m.Targets.Get(p.ID); len(targets) > 0 {
			return newErr(NotEmpty, ResPolicy, "", "policy %s is attached to %d %s (%s); detach it first",
				p.ID, len(targets), plural(len(targets), "target", "targets"), strings.Join(targets, ", "))
		}
		ch.m.Policies.Delete(p.ID)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeletePolicy(ctx, p.ID) })
		ch.setTags(p.ID, nil)
		return nil
	})
}

// policyFor authorizes a caller's op on one policy: the caller must be in
// the organization, the policy must exist, and the caller must be allowed
// op on a policy of its type. It returns the errors of inOrganization,
// policyByID and authorize.
func (m model) policyFor(c Caller, op operation, policyID string) (*snapshot.PolicyRec, error) {
	if err := m.inOrganization(c); err != nil {
		return nil, err
	}
	p, err := m.policyByID(policyID)
	if err != nil {
		return nil, err
	}
	if err := m.authorize(c, op, p.PolicyType, m.policyARN(c.Partition(), p)); err != nil {
		return nil, err
	}
	return p, nil
}

// DescribePolicy returns a policy with its content. It returns the errors of
// policyFor.
func (s *Service) DescribePolicy(c Caller, policyID string) (Policy, error) {
	m := s.model()
	p, err := m.policyFor(c, opDescribePolicy, policyID)
	if err != nil {
		return Policy{}, err
	}
	return Policy{PolicySummary: m.policySummary(c.Partition(), p), Content: p.Content}, nil
}

// ListPolicies lists the policies of one type, by name. It returns Invalid
// (INPUT_REQUIRED, INVALID_ENUM_POLICY_TYPE) for the type, Invalid
// (INVALID_NEXT_TOKEN) for a token of another list, and the errors of
// authorize.
func (s *Service) ListPolicies(c Caller, t policy.Type, token string, max int) (Page[PolicySummary], error) {
	m := s.model()
	if _, err := checkPolicyType("Filter", t); err != nil {
		return Page[PolicySummary]{}, err
	}
	if err := m.authorize(c, opListPolicies, t); err != nil {
		return Page[PolicySummary]{}, err
	}
	var out []PolicySummary
	m.Policies.Range(func(_ string, p *snapshot.PolicyRec) bool {
		if p.PolicyType == t {
			out = append(out, m.policySummary(c.Partition(), p))
		}
		return true
	})
	sort.Slice(out, func(i, j int) bool {
		return out[i].Name < out[j].Name || out[i].Name == out[j].Name && out[i].ID < out[j].ID
	})
	return paginate(out, token, max)
}

// target returns the root, OU or account with the given ID.
func (m model) target(id string) (*org.Node, error) {
	if err := checkNodeID("TargetId", id, ReasonInvalidTargetID, org.Root, org.OU, org.Account); err != nil {
		return nil, err
	}
	n, ok := m.Tree.Node(id)
	if !ok {
		return nil, notFound(ResTarget, "target %s does not exist in organization %s", id, m.Org.ID)
	}
	return n, nil
}

// AttachPolicy attaches a policy to a root, OU or account, after the
// policies of its type already attached there (attach order matters, D1). It
// returns the errors of policyFor; Invalid (INPUT_REQUIRED,
// INVALID_PATTERN_TARGET_ID) and NotFound (ResTarget) for the target; the
// errors of authorize on the target (a delegation by the resource policy
// must cover it); NotEnabled (ResPolicyType) when the policy's type is not
// enabled; AlreadyExists (ResPolicyAttachment) when it is attached there
// already; and Constraint (MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED).
func (s *Service) AttachPolicy(ctx context.Context, c Caller, policyID, targetID string) error {
	return s.update(ctx, func(ch *change) error { return attachPolicy(ch, c, policyID, targetID) })
}

func attachPolicy(ch *change, c Caller, policyID, targetID string) error {
	m := ch.m
	p, err := m.policyFor(c, opAttachPolicy, policyID)
	if err != nil {
		return err
	}
	n, err := m.target(targetID)
	if err != nil {
		return err
	}
	// A delegation by the resource policy must cover the target too.
	if err := m.authorize(c, opAttachPolicy, p.PolicyType, m.policyARN(c.Partition(), p), m.nodeARN(c.Partition(), n)); err != nil {
		return err
	}
	if !m.Enabled[p.PolicyType] {
		return newErr(NotEnabled, ResPolicyType, "", "%s is not enabled on root %s; enable it before attaching %s", p.PolicyType, m.Tree.Root().ID, p.ID)
	}
	as, _ := m.Attached.Get(n.ID)
	count := 0
	for _, a := range as {
		if a.PolicyID == p.ID {
			return newErr(AlreadyExists, ResPolicyAttachment, "", "policy %s is already attached to %s", p.ID, n.ID)
		}
		if q, ok := m.Policies.Get(a.PolicyID); ok && q.PolicyType == p.PolicyType {
			count++
		}
	}
	info, _ := policy.Lookup(p.PolicyType)
	if count >= info.MaxPerNode {
		return constraint(ReasonMaxAttachments, "%s already has %d %s policies attached, the most a %s may have",
			n.ID, count, p.PolicyType, describeTypes([]org.NodeType{n.Type}))
	}
	ch.because(opAttachPolicy.String(), c, "attached %s policy %s (%s) to %s", p.PolicyType, p.ID, p.Name, n.ID)
	ch.attach(p.ID, n.ID)
	return nil
}

// DetachPolicy detaches a policy from a root, OU or account. It returns the
// errors of policyFor; Invalid (INPUT_REQUIRED, INVALID_PATTERN_TARGET_ID)
// and NotFound (ResTarget) for the target; the errors of authorize on the
// target; NotFound (ResPolicyAttachment) when it is not attached there;
// Invalid (NON_DETACHABLE_POLICY) for RCPFullAWSAccess; and Constraint
// (MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED) for the last policy of an
// enabled type that needs one.
func (s *Service) DetachPolicy(ctx context.Context, c Caller, policyID, targetID string) error {
	return s.update(ctx, func(ch *change) error { return detachPolicy(ch, c, policyID, targetID) })
}

func detachPolicy(ch *change, c Caller, policyID, targetID string) error {
	m := ch.m
	p, err := m.policyFor(c, opDetachPolicy, policyID)
	if err != nil {
		return err
	}
	n, err := m.target(targetID)
	if err != nil {
		return err
	}
	// A delegation by the resource policy must cover the target too.
	if err := m.authorize(c, opDetachPolicy, p.PolicyType, m.policyARN(c.Partition(), p), m.nodeARN(c.Partition(), n)); err != nil {
		return err
	}
	as, _ := m.Attached.Get(n.ID)
	found, count := false, 0
	for _, a := range as {
		if a.PolicyID == p.ID {
			found = true
		}
		if q, ok := m.Policies.Get(a.PolicyID); ok && q.PolicyType == p.PolicyType {
			count++
		}
	}
	if !found {
		return newErr(NotFound, ResPolicyAttachment, "", "policy %s is not attached to %s", p.ID, n.ID)
	}
	if p.ID == RCPFullAWSAccessID {
		return invalid(ReasonNonDetachable, "%s cannot be detached", p.ID)
	}
	if info, _ := policy.Lookup(p.PolicyType); count <= info.MinPerNode && m.Enabled[p.PolicyType] {
		return constraint(ReasonMinAttachments, "%s must keep at least %d %s policy attached while the type is enabled",
			n.ID, info.MinPerNode, p.PolicyType)
	}
	ch.because(opDetachPolicy.String(), c, "detached %s policy %s (%s) from %s", p.PolicyType, p.ID, p.Name, n.ID)
	ch.detach(p.ID, n.ID)
	return nil
}

// attach records an attachment in the model and the store.
func (ch *change) attach(policyID, targetID string) {
	at, tg := &ch.m.Attached, &ch.m.Targets
	ch.m.AttachSeq++
	seq := ch.m.AttachSeq
	cur, _ := at.Get(targetID)
	at.Set(targetID, append(cur[:len(cur):len(cur)], snapshot.Attachment{PolicyID: policyID, Seq: seq}))
	ts, _ := tg.Get(policyID)
	tg.Set(policyID, append(ts[:len(ts):len(ts)], targetID))
	a := store.Attachment{PolicyID: policyID, TargetID: targetID, Seq: seq}
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.Attach(ctx, a) })
	if p := ch.policy(policyID); p != nil {
		ch.dirty(p.PolicyType, targetID)
	}
}

// policy returns a policy as the change sees it so far.
func (ch *change) policy(id string) *snapshot.PolicyRec {
	p, _ := ch.m.Policies.Get(id)
	return p
}

// detach removes an attachment from the model and the store.
func (ch *change) detach(policyID, targetID string) {
	at, tg := &ch.m.Attached, &ch.m.Targets
	cur, _ := at.Get(targetID)
	var keep []snapshot.Attachment
	for _, a := range cur {
		if a.PolicyID != policyID {
			keep = append(keep, a)
		}
	}
	if len(keep) == 0 {
		at.Delete(targetID)
	} else {
		at.Set(targetID, keep)
	}
	ts, _ := tg.Get(policyID)
	var keepT []string
	for _, t := range ts {
		if t != targetID {
			keepT = append(keepT, t)
		}
	}
	if len(keepT) == 0 {
		tg.Delete(policyID)
	} else {
		tg.Set(policyID, keepT)
	}
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.Detach(ctx, policyID, targetID) })
	if p := ch.policy(policyID); p != nil {
		ch.dirty(p.PolicyType, targetID)
	}
}

// ListPoliciesForTarget lists the policies of one type attached directly to
// a target, in attach order. It returns Invalid (INPUT_REQUIRED,
// INVALID_ENUM_POLICY_TYPE) for the type, Invalid (INPUT_REQUIRED,
// INVALID_PATTERN_TARGET_ID) and NotFound (ResTarget) for the target,
// Invalid (INVALID_NEXT_TOKEN) for a token of another list, and the errors
// of authorize.
func (s *Service) ListPoliciesForTarget(c Caller, targetID string, t policy.Type, token string, max int) (Page[PolicySummary], error) {
	m := s.model()
	if _, err := checkPolicyType("Filter", t); err != nil {
		return Page[PolicySummary]{}, err
	}
	if err := m.authorize(c, opListPoliciesForTarget, t); err != nil {
		return Page[PolicySummary]{}, err
	}
	n, err := m.target(targetID)
	if err != nil {
		return Page[PolicySummary]{}, err
	}
	var out []PolicySummary
	for _, p := range m.AttachmentsOf(n.ID, t) {
		out = append(out, m.policySummary(c.Partition(), p))
	}
	return paginate(out, token, max)
}

// ListTargetsForPolicy lists the roots, OUs and accounts a policy is
// attached to. It returns the errors of policyFor, and Invalid
// (INVALID_NEXT_TOKEN) for a token of another list.
func (s *Service) ListTargetsForPolicy(c Caller, policyID, token string, max int) (Page[PolicyTarget], error) {
	m := s.model()
	p, err := m.policyFor(c, opListTargetsForPolicy, policyID)
	if err != nil {
		return Page[PolicyTarget]{}, err
	}
	ts, _ := m.Targets.Get(p.ID)
	var out []PolicyTarget
	for _, id := range ts {
		if n, ok := m.Tree.Node(id); ok {
			out = append(out, m.targetRecord(c.Partition(), n))
		}
	}
	return paginate(out, token, max)
}
