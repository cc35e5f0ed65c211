package gov

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// The organization's resource-based delegation policy: AWS's documented
// way of delegating the management of Organizations policies to member
// accounts. Its statements name member principals, organizations:
// actions, Organizations resources and conditions such as
// organizations:PolicyType; a member's call that the built-in roles do not
// allow is allowed when the policy allows it, and an explicit Deny in it
// refuses any member's call. An organization has at most one. It is kept as
// a setting, in the same transaction as every other write, because there is
// exactly one document per organization and it goes with the organization.

// ResResourcePolicy is the resource of errors about the resource policy.
const ResResourcePolicy = "ResourcePolicy"

// settingResourcePolicy is the setting that holds the policy, as JSON;
// empty when there is none.
const settingResourcePolicy = "organization_resource_policy"

// MaxResourcePolicySize is the longest resource policy, in characters, as
// the API reference bounds ResourcePolicy.Content.
const MaxResourcePolicySize = 40000

// Reasons of InvalidInputException about resource policies.
const (
	ReasonInvalidResourcePolicyJSON = "INVALID_RESOURCE_POLICY_JSON"
	ReasonUnsupportedAction         = "UNSUPPORTED_ACTION_IN_RESOURCE_POLICY"
	ReasonUnsupportedPolicyType     = "UNSUPPORTED_POLICY_TYPE_IN_RESOURCE_POLICY"
	ReasonUnsupportedResource       = "UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY"
	ReasonInvalidPrincipal          = "INVALID_PRINCIPAL"
)

// ResourcePolicy is the organization's resource policy.
type ResourcePolicy struct {
	ID      string
	ARN     string
	Content string
}

// delegableNames are the lower-cased names of the operations a resource
// policy may name (accessTable's delegation): reading the organization, and
// managing its policies and tags. Everything that changes the
// organization's structure or membership stays with the management
// account.
var delegableNames = func() map[string]bool {
	out := map[string]bool{}
	for _, a := range accessTable {
		if a.delegation != notDelegable {
			out[strings.ToLower(a.name)] = true
		}
	}
	return out
}()

// loadResourcePolicy compiles the stored resource policy, if any.
func (m model) loadResourcePolicy() error {
	raw := m.Settings[settingResourcePolicy]
	if raw == "" {
		return nil
	}
	var rp snapshot.ResourcePolicyRec
	if err := json.Unmarshal([]byte(raw), &rp); err != nil {
		return internal(err, "reading the stored resource policy")
	}
	doc, err := iam.Parse(rp.Content, iam.ResourceBased)
	if err != nil {
		return internal(err, "compiling the stored resource policy")
	}
	rp.Doc = doc
	m.ResourcePolicy = &rp
	return nil
}

func (m model) resourcePolicyARN(partition string, rp *snapshot.ResourcePolicyRec) string {
	return "arn:" + partition + ":organizations::" + m.Org.ManagementAccountID + ":resourcepolicy/" + m.Org.ID + "/" + rp.ID
}

// PutResourcePolicy creates or replaces the organization's resource policy,
// with tags for a new one. It returns Invalid (INVALID_RESOURCE_POLICY_JSON,
// INVALID_PRINCIPAL, UNSUPPORTED_ACTION_IN_RESOURCE_POLICY,
// UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY,
// UNSUPPORTED_POLICY_TYPE_IN_RESOURCE_POLICY, MAX_LENGTH_EXCEEDED) naming
// every problem, the errors of checkTags, and the errors of authorize.
func (s *Service) PutResourcePolicy(ctx context.Context, c Caller, content string, tags []Tag) (ResourcePolicy, error) {
	var out ResourcePolicy
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opPutResourcePolicy, ""); err != nil {
			return err
		}
		doc, err := checkResourcePolicy(content)
		if err != nil {
			return err
		}
		if err := checkTags(tags); err != nil {
			return err
		}
		rp := &snapshot.ResourcePolicyRec{Content: content, Doc: doc}
		if old := m.ResourcePolicy; old != nil {
			rp.ID = old.ID
		} else {
			id, err := s.newID("rp-", lowerAlnum, 8, func(string) bool { return false })
			if err != nil {
				return err
			}
			rp.ID = id
			if len(tags) > 0 {
				ch.setTags(id, tags)
			}
		}
		raw, err := json.Marshal(rp)
		if err != nil {
			return internal(err, "encoding the resource policy")
		}
		m.ResourcePolicy = rp
		m.Settings = withSetting(m.Settings, settingResourcePolicy, string(raw))
		ch.do(func(ctx context.Context, tx store.Tx) error {
			return tx.PutSetting(ctx, settingResourcePolicy, string(raw))
		})
		out = ResourcePolicy{ID: rp.ID, ARN: m.resourcePolicyARN(c.Partition(), rp), Content: rp.Content}
		return nil
	})
	return out, err
}

// DescribeResourcePolicy returns the organization's resource policy. The
// management account, the chatbot delegated administrator and the members
// the policy itself allows may read it. It returns NotFound
// (ResResourcePolicy) when there is none, and the errors of authorize.
func (s *Service) DescribeResourcePolicy(c Caller) (ResourcePolicy, error) {
	m := s.model()
	if err := m.authorize(c, opDescribeResourcePolicy, ""); err != nil {
		return ResourcePolicy{}, err
	}
	rp := m.ResourcePolicy
	if rp == nil {
		return ResourcePolicy{}, notFound(ResResourcePolicy, "organization %s has no resource policy", m.Org.ID)
	}
	return ResourcePolicy{ID: rp.ID, ARN: m.resourcePolicyARN(c.Partition(), rp), Content: rp.Content}, nil
}

// DeleteResourcePolicy deletes the organization's resource policy, and its
// tags. It returns NotFound (ResResourcePolicy) when there is none, and the
// errors of authorize.
func (s *Service) DeleteResourcePolicy(ctx context.Context, c Caller) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opDeleteResourcePolicy, ""); err != nil {
			return err
		}
		rp := m.ResourcePolicy
		if rp == nil {
			return notFound(ResResourcePolicy, "organization %s has no resource policy", m.Org.ID)
		}
		ch.dropResourcePolicy()
		return nil
	})
}

// dropResourcePolicy removes the resource policy and its tags.
func (ch *change) dropResourcePolicy() {
	m := ch.m
	if m.ResourcePolicy == nil {
		return
	}
	ch.setTags(m.ResourcePolicy.ID, nil)
	m.ResourcePolicy = nil
	m.Settings = withSetting(m.Settings, settingResourcePolicy, "")
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutSetting(ctx, settingResourcePolicy, "") })
}

// withSetting returns a copy of settings with key set to value.
func withSetting(settings map[string]string, key, value string) map[string]string {
	out := make(map[string]string, len(settings)+1)
	for k, v := range settings {
		out[k] = v
	}
	out[key] = value
	return out
}

// checkResourcePolicy parses a resource policy and checks that it only
// delegates what Organizations lets a resource policy delegate.
func checkResourcePolicy(content string) (*iam.Policy, error) {
	if n := len([]rune(content)); n > MaxResourcePolicySize {
		return nil, invalid(ReasonMaxLength, "Content is %d characters long; a resource policy may have at most %d", n, MaxResourcePolicySize)
	}
	doc, err := iam.Parse(content, iam.ResourceBased)
	if err != nil {
		var je *jsondoc.Error
		if errors.As(err, &je) {
			reason := ReasonInvalidResourcePolicyJSON
			parts := make([]string, 0, len(je.Problems))
			for _, p := range je.Problems {
				if strings.Contains(p.Path, "Principal") {
					reason = ReasonInvalidPrincipal
				}
				parts = append(parts, p.Path+": "+p.Message)
			}
			return nil, invalid(reason, "the resource policy is not a valid IAM resource-based policy (%d %s): %s",
				len(parts), plural(len(parts), "problem", "problems"), strings.Join(parts, "; "))
		}
		return nil, invalid(ReasonInvalidResourcePolicyJSON, "the resource policy is not valid: %v", err)
	}
	for i, st := range doc.Statements {
		path := fmt.Sprintf("$.Statement[%d]", i)
		if st.NotAction {
			return nil, invalid(ReasonUnsupportedAction, "%s: NotAction is not supported in an organization's resource policy; list the organizations: actions it delegates", path)
		}
		for _, a := range st.Actions {
			if err := checkDelegableAction(a); err != nil {
				return nil, invalid(ReasonUnsupportedAction, "%s.Action: %v", path, err)
			}
		}
		for _, r := range st.Resources {
			if r != "*" && !isOrganizationsARN(r) {
				return nil, invalid(ReasonUnsupportedResource, "%s.Resource: %q is not an AWS Organizations resource (an organization, root, OU, account or policy ARN, or \"*\")", path, r)
			}
		}
		for _, cond := range st.Conditions {
			if !strings.EqualFold(cond.Key, "organizations:PolicyType") {
				continue
			}
			for _, t := range cond.Values {
				if _, ok := policy.Lookup(policy.Type(t)); !ok && !strings.ContainsAny(t, "*?") {
					return nil, invalid(ReasonUnsupportedPolicyType, "%s.Condition: %q is not a policy type", path, t)
				}
			}
		}
	}
	return doc, nil
}

// checkDelegableAction checks one Action pattern of a resource policy: an
// organizations: action (wildcards allowed) that names or could name only
// delegable operations.
func checkDelegableAction(pattern string) error {
	service, name, ok := strings.Cut(pattern, ":")
	if pattern == "*" {
		return nil
	}
	if !ok || !strings.EqualFold(service, "organizations") {
		return fmt.Errorf("%q is not an AWS Organizations action; a resource policy delegates organizations: actions only", pattern)
	}
	if strings.ContainsAny(name, "*?") {
		return nil // a wildcard grants the delegable operations it matches, no others
	}
	if !delegableNames[strings.ToLower(name)] {
		return fmt.Errorf("organizations:%s cannot be delegated by a resource policy; only reading the organization and managing its policies and tags can", name)
	}
	return nil
}

func isOrganizationsARN(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	return len(parts) == 6 && parts[2] == "organizations"
}

// rpDecision is what the resource policy says of a member's call.
type rpDecision uint8

const (
	rpSilent rpDecision = iota // no policy, or nothing applies
	rpAllows
	rpDenies
)

// resourcePolicyDecision evaluates a member's call of the operation named
// op (a delegable one) on resources (ARNs, or none for "*") against the
// organization's resource policy, with organizations:PolicyType set when
// policyType is given. It returns the decision and, for a denial, the
// statements behind it.
func (m model) resourcePolicyDecision(c Caller, op string, policyType policy.Type, resources []string) (rpDecision, string) {
	rp := m.ResourcePolicy
	if rp == nil {
		return rpSilent, ""
	}
	ctx := map[string][]string{
		"aws:PrincipalAccount": {c.AccountID},
		"aws:PrincipalArn":     {c.ARN},
		"aws:PrincipalOrgID":   {m.Org.ID},
	}
	if policyType != "" {
		ctx["organizations:PolicyType"] = []string{string(policyType)}
	}
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	named := iam.Named{ID: rp.ID, Name: "resource policy", Policy: rp.Doc}
	allowed := true
	for _, res := range resources {
		r := iam.EvaluateResourcePolicy(named, iam.Request{Action: "organizations:" + op, Resource: res,
			Context: iam.NewContext(ctx), Principal: iam.Principal{ARN: c.ARN, Account: c.AccountID}})
		switch r.Decision {
		case iam.ExplicitDeny:
			return rpDenies, r.Deny[0].String()
		case iam.ImplicitDeny:
			allowed = false
		}
	}
	if allowed {
		return rpAllows, ""
	}
	return rpSilent, ""
}
