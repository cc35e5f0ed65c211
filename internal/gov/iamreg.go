package gov

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/iam/managed"
	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/store"
)

// chatgov cannot read IAM, so accounts register what chat-command decisions
// need from it: the permission policies of the roles commands run with,
// and their customer managed policies, which roles and guardrails name by
// ARN. Documents are parsed when registered and kept parsed.

// Resources of IAM registration errors.
const (
	ResRolePermissions = "RolePermissions"
	ResManagedPolicy   = "ManagedPolicy"
)

// Limits on registrations, as IAM sets them for roles: managed policies
// per role (IAM's adjustable quota goes up to 20) and the inline policies'
// total size in characters, white space not counted.
const (
	MaxRoleManagedPolicies = 20
	MaxRoleInlineChars     = 10240
)

var (
	reManagedPolicyARN = regexp.MustCompile(`^arn:aws:iam::(\d{12}|aws):policy/(?:[\x21-\x7E]*/)?[\w+=,.@-]{1,128}$`)
	reIAMName          = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)
	reIAMPath          = regexp.MustCompile(`^/(?:[\x21-\x7E]{0,510}/)?$`)
)

// loadIAM fills the registrations from the store. A document stored by an
// earlier version that no longer parses is kept unparsed: decisions then
// report it as not evaluated rather than refusing to start.
func (m model) loadIAM(st *store.State) {
	re := &m.Roles
	for _, r := range st.RolePermissions {
		rec := &snapshot.RoleRec{RolePermissions: r}
		for _, p := range r.InlinePolicies {
			doc, _ := iam.ParseManaged(p.Document, iam.Identity)
			rec.Inline = append(rec.Inline, doc)
		}
		re.Set(r.RoleARN, rec)
	}
	pe := &m.CustomerPolicies
	for _, p := range st.ManagedPolicies {
		doc, _ := iam.ParseManaged(p.Document, iam.Identity)
		pe.Set(p.ARN, &snapshot.CustomerPolicyRec{ManagedPolicy: p, Parsed: doc})
	}
}

// awsManagedPrefix starts the ARN of every AWS managed policy.
const awsManagedPrefix = "arn:aws:iam::aws:policy/"

// iamPolicyFor returns how account sees managed policy ARNs: AWS's own
// that chatgov knows, and the customer managed policies account itself
// registered. IAM lets a role or a guardrail use nothing else, and another
// account's registration must not be readable through a reference to it:
// it resolves to nothing, exactly as a policy nobody registered does.
func (m model) iamPolicyFor(account string) func(arn string) (*iam.Policy, bool) {
	return func(arn string) (*iam.Policy, bool) {
		if strings.HasPrefix(arn, awsManagedPrefix) {
			return managed.Lookup(arn)
		}
		if p, ok := m.CustomerPolicies.Get(arn); ok && p.AccountID == account && p.Parsed != nil {
			return p.Parsed, true
		}
		return nil, false
	}
}

// rolePoliciesFor returns how account sees registered roles: a role's
// policies for a decision, and whether the role is registered with every
// policy it names known. Only account's own roles resolve; another
// account's reads as unregistered.
func (m model) rolePoliciesFor(account string) func(roleARN string) ([]iam.Named, bool) {
	resolve := m.iamPolicyFor(account)
	return func(roleARN string) ([]iam.Named, bool) {
		r, ok := m.Roles.Get(roleARN)
		if !ok || r.AccountID != account {
			return nil, false
		}
		var out []iam.Named
		for _, arn := range r.ManagedPolicyARNs {
			p, ok := resolve(arn)
			if !ok {
				return nil, false
			}
			out = append(out, iam.Named{ID: arn, Name: arn[strings.Index(arn, ":policy/")+len(":policy/"):], Policy: p})
		}
		for i, p := range r.Inline {
			if p == nil {
				return nil, false
			}
			name := r.InlinePolicies[i].Name
			out = append(out, iam.Named{ID: roleARN + "#" + name, Name: name, Policy: p})
		}
		return out, true
	}
}

// iamDocumentError reports every problem of an IAM document with its JSON
// path, as policy documents are reported.
func iamDocumentError(what string, err error) error {
	var je *jsondoc.Error
	if !errors.As(err, &je) {
		return newErr(Malformed, "", "", "%s is not a valid IAM policy: %v", what, err)
	}
	var parts []string
	for _, p := range je.Problems {
		parts = append(parts, p.Path+": "+p.Message)
	}
	return newErr(Malformed, "", "", "%s is not a valid IAM policy (%d %s): %s", what, len(parts),
		plural(len(parts), "problem", "problems"), strings.Join(parts, "; "))
}

// RolePermissionsInput registers a role's permission policies.
type RolePermissionsInput struct {
	RoleARN           string
	ManagedPolicyARNs []string
	InlinePolicies    []InlinePolicy
}

// PutRolePermissions registers (or replaces) the permission policies of a
// role of the caller's account. Every managed policy it names must be
// known: AWS's that chatgov embeds, or one the role's own account
// registered. Another account's policy is refused with the very error of
// a policy nobody registered, so that the answer does not tell whether it
// exists. Errors: InvalidParameter, AccessDenied, Constraint, NotFound.
func (s *Service) PutRolePermissions(ctx context.Context, c Caller, in RolePermissionsInput) (RolePermissions, error) {
	var out RolePermissions
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		match := reRoleARN.FindStringSubmatch(in.RoleARN)
		if match == nil {
			return badParam("RoleArn %q is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", in.RoleARN)
		}
		if err := m.authorizeFor(c, opPutRolePermissions, match[1]); err != nil {
			return err
		}
		resolve := m.iamPolicyFor(match[1])
		if len(in.ManagedPolicyARNs) > MaxRoleManagedPolicies {
			return newErr(Constraint, ResRolePermissions, "", "%d managed policies given; a role holds at most %d", len(in.ManagedPolicyARNs), MaxRoleManagedPolicies)
		}
		seen := map[string]bool{}
		for _, arn := range in.ManagedPolicyARNs {
			if !reManagedPolicyARN.MatchString(arn) {
				return badParam("ManagedPolicyArns holds %q, which is not an IAM managed policy ARN", arn)
			}
			if seen[arn] {
				return badParam("ManagedPolicyArns names %s twice", arn)
			}
			seen[arn] = true
			if _, ok := resolve(arn); !ok {
				return newErr(NotFound, ResManagedPolicy, "", "chatgov does not know the managed policy %s: a role may name the AWS managed policies chatgov knows (%s) and the customer managed policies its own account registered with put-managed-policy",
					arn, strings.Join(managed.Names(), ", "))
			}
		}
		rec := &snapshot.RoleRec{RolePermissions: store.RolePermissions{RoleARN: in.RoleARN, AccountID: match[1],
			ManagedPolicyARNs: append([]string{}, in.ManagedPolicyARNs...), UpdatedAt: ch.now}}
		names := map[string]bool{}
		total := 0
		for i, p := range in.InlinePolicies {
			if !reIAMName.MatchString(p.Name) {
				return badParam("InlinePolicies[%d].PolicyName %q must be 1 to 128 letters, digits or +=,.@_-", i, p.Name)
			}
			if names[p.Name] {
				return badParam("InlinePolicies names %q twice", p.Name)
			}
			names[p.Name] = true
			doc, err := iam.Parse(p.Document, iam.Identity)
			if err != nil {
				return iamDocumentError(fmt.Sprintf("inline policy %q", p.Name), err)
			}
			total += nonSpace(p.Document)
			rec.InlinePolicies = append(rec.InlinePolicies, p.record())
			rec.Inline = append(rec.Inline, doc)
		}
		if total > MaxRoleInlineChars {
			return newErr(Constraint, ResRolePermissions, ReasonPolicyContentLimit, "the inline policies hold %d characters (white space not counted); a role holds at most %d", total, MaxRoleInlineChars)
		}
		e := &m.Roles
		e.Set(rec.RoleARN, rec)
		r := rec.RolePermissions
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutRolePermissions(ctx, r) })
		out = rolePermissionsOf(r)
		return nil
	})
	return out, err
}

func nonSpace(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r':
		default:
			n++
		}
	}
	return n
}

// RolePermissions returns a role's registration.
func (s *Service) RolePermissions(c Caller, roleARN string) (RolePermissions, error) {
	r, err := s.rolePermissionsOf(s.model(), c, opGetRolePermissions, roleARN)
	if err != nil {
		return RolePermissions{}, err
	}
	return rolePermissionsOf(r.RolePermissions), nil
}

// DeleteRolePermissions removes a role's registration, as RolePermissions
// finds it. It returns RolePermissions' errors.
func (s *Service) DeleteRolePermissions(ctx context.Context, c Caller, roleARN string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if _, err := s.rolePermissionsOf(m, c, opDeleteRolePermissions, roleARN); err != nil {
			return err
		}
		e := &m.Roles
		e.Delete(roleARN)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteRolePermissions(ctx, roleARN) })
		return nil
	})
}

func (s *Service) rolePermissionsOf(m model, c Caller, op operation, roleARN string) (*snapshot.RoleRec, error) {
	match := reRoleARN.FindStringSubmatch(roleARN)
	if match == nil {
		return nil, badParam("RoleArn %q is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", roleARN)
	}
	if err := m.authorizeFor(c, op, match[1]); err != nil {
		return nil, err
	}
	r, ok := m.Roles.Get(roleARN)
	if !ok {
		return nil, newErr(NotFound, ResRolePermissions, "", "no permissions are registered for %s", roleARN)
	}
	return r, nil
}

// ManagedPolicyInput registers a customer managed policy.
type ManagedPolicyInput struct {
	Name, Path, Document string
}

// PutManagedPolicy registers (or replaces) a customer managed policy of the
// caller's account, at arn:aws:iam::ACCOUNT:policy/PATH/NAME.
func (s *Service) PutManagedPolicy(ctx context.Context, c Caller, in ManagedPolicyInput) (ManagedPolicy, error) {
	var out ManagedPolicy
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opPutManagedPolicy, ""); err != nil {
			return err
		}
		if !reIAMName.MatchString(in.Name) {
			return badParam("PolicyName %q must be 1 to 128 letters, digits or +=,.@_-", in.Name)
		}
		path := in.Path
		if path == "" {
			path = "/"
		}
		if !reIAMPath.MatchString(path) {
			return badParam("Path %q must begin and end with / (such as /chatops/)", path)
		}
		doc, err := iam.Parse(in.Document, iam.Identity)
		if err != nil {
			return iamDocumentError(fmt.Sprintf("policy %q", in.Name), err)
		}
		rec := &snapshot.CustomerPolicyRec{ManagedPolicy: store.ManagedPolicy{ARN: "arn:aws:iam::" + c.AccountID + ":policy" + path + in.Name,
			AccountID: c.AccountID, Name: in.Name, Path: path, Document: in.Document, UpdatedAt: ch.now}, Parsed: doc}
		e := &m.CustomerPolicies
		e.Set(rec.ARN, rec)
		p := rec.ManagedPolicy
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutManagedPolicy(ctx, p) })
		out = managedPolicyOf(p)
		return nil
	})
	return out, err
}

// DeleteManagedPolicy removes a customer managed policy. Roles that name it
// are left as they are; their decisions report it as unknown. It returns
// Invalid (ResChatConfiguration, INVALID_PATTERN) for an ARN that is not a
// customer managed policy's, AccessDenied for another account's policy
// (unless the caller is the management account and the account a member),
// and NotFound (ResManagedPolicy) for a policy nobody registered.
func (s *Service) DeleteManagedPolicy(ctx context.Context, c Caller, arn string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		match := reManagedPolicyARN.FindStringSubmatch(arn)
		if match == nil || match[1] == "aws" {
			return badParam("PolicyArn %q is not the ARN of a customer managed policy (arn:aws:iam::ACCOUNT:policy/NAME)", arn)
		}
		if err := m.authorizeFor(c, opDeleteManagedPolicy, match[1]); err != nil {
			return err
		}
		if _, ok := m.CustomerPolicies.Get(arn); !ok {
			return newErr(NotFound, ResManagedPolicy, "", "no managed policy %s is registered", arn)
		}
		e := &m.CustomerPolicies
		e.Delete(arn)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteManagedPolicy(ctx, arn) })
		return nil
	})
}

// IAMRegistrations are an account's registered roles and policies.
type IAMRegistrations struct {
	RolePermissions []RolePermissions
	ManagedPolicies []ManagedPolicy
}

// ListIAMRegistrations lists the registrations of an account (the caller's
// when accountID is empty), sorted by ARN. It returns AccessDenied for
// another account, unless the caller is the management account and the
// account a member.
func (s *Service) ListIAMRegistrations(c Caller, accountID string) (IAMRegistrations, error) {
	m := s.model()
	if accountID == "" {
		accountID = c.AccountID
	}
	if err := m.authorizeFor(c, opListIAMRegistrations, accountID); err != nil {
		return IAMRegistrations{}, err
	}
	out := IAMRegistrations{RolePermissions: []RolePermissions{}, ManagedPolicies: []ManagedPolicy{}}
	m.Roles.Range(func(_ string, r *snapshot.RoleRec) bool {
		if r.AccountID == accountID {
			out.RolePermissions = append(out.RolePermissions, rolePermissionsOf(r.RolePermissions))
		}
		return true
	})
	m.CustomerPolicies.Range(func(_ string, p *snapshot.CustomerPolicyRec) bool {
		if p.AccountID == accountID {
			out.ManagedPolicies = append(out.ManagedPolicies, managedPolicyOf(p.ManagedPolicy))
		}
		return true
	})
	sort.Slice(out.RolePermissions, func(i, j int) bool { return out.RolePermissions[i].RoleARN < out.RolePermissions[j].RoleARN })
	sort.Slice(out.ManagedPolicies, func(i, j int) bool { return out.ManagedPolicies[i].ARN < out.ManagedPolicies[j].ARN })
	return out, nil
}
