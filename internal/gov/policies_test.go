package gov_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

const (
	chatAllowAll = `{"chatbot":{"default":{"client":{"@@assign":"enabled"}}}}`
	chatDenyAll  = `{"chatbot":{"default":{"client":{"@@assign":"disabled"}}}}`
	tagTeam      = `{"tags":{"team":{"tag_key":{"@@assign":"Team"}}}}`
)

// call is a use case called with fixed arguments.
type call func(ctx context.Context, svc *gov.Service) error

// wantErr is the domain error a call must return; a zero Kind (Internal)
// with an empty resource and reason means success.
type wantErr struct {
	kind             gov.Kind
	resource, reason string
}

var ok = wantErr{}

// check checks a call's result.
func (w wantErr) check(t *testing.T, err error) {
	t.Helper()
	if w == ok {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	wantGovErr(t, err, w.kind, w.resource, w.reason)
}

func invalid(reason string) wantErr    { return wantErr{kind: gov.Invalid, reason: reason} }
func constraint(reason string) wantErr { return wantErr{kind: gov.Constraint, reason: reason} }
func notFound(resource string) wantErr { return wantErr{kind: gov.NotFound, resource: resource} }
func alreadyExists(resource string) wantErr {
	return wantErr{kind: gov.AlreadyExists, resource: resource}
}
func kind(k gov.Kind, resource string) wantErr { return wantErr{kind: k, resource: resource} }

// mustPolicy creates a policy as the management account.
func (f *fixture) policy(name string, t policy.Type, content string) string {
	f.t.Helper()
	p, err := f.svc.CreatePolicy(context.Background(), mgmt, gov.CreatePolicyInput{Name: name, Type: t, Content: content})
	if err != nil {
		f.t.Fatal(err)
	}
	return p.ID
}

func (f *fixture) enable(t policy.Type) {
	f.t.Helper()
	roots, err := f.svc.ListRoots(mgmt, "", 0)
	if err == nil {
		_, err = f.svc.EnablePolicyType(context.Background(), mgmt, roots.Items[0].ID, t)
	}
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) root() string {
	f.t.Helper()
	roots, err := f.svc.ListRoots(mgmt, "", 0)
	if err != nil {
		f.t.Fatal(err)
	}
	return roots.Items[0].ID
}

// TestPolicyRules checks the validation rules of the policy use cases,
// each on a state the cases share and do not change.
func TestPolicyRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	f.enable(policy.ChatbotPolicy)
	f.enable(policy.TagPolicy)
	root, member := f.root(), f.account("member")
	chat := f.policy("chat", policy.ChatbotPolicy, chatAllowAll)
	tags := f.policy("tags", policy.TagPolicy, tagTeam)
	backup := f.policy("backup", policy.BackupPolicy, `{"plans":{}}`)
	ctx := context.Background()
	if err := f.svc.AttachPolicy(ctx, mgmt, chat, root); err != nil {
		t.Fatal(err)
	}
	create := func(in gov.CreatePolicyInput) call {
		return func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.CreatePolicy(ctx, mgmt, in)
			return err
		}
	}
	update := func(in gov.UpdatePolicyInput) call {
		return func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.UpdatePolicy(ctx, mgmt, in)
			return err
		}
	}
	attach := func(p, target string) call {
		return func(ctx context.Context, svc *gov.Service) error { return svc.AttachPolicy(ctx, mgmt, p, target) }
	}
	detach := func(p, target string) call {
		return func(ctx context.Context, svc *gov.Service) error { return svc.DetachPolicy(ctx, mgmt, p, target) }
	}
	str := func(s string) *string { return &s }
	long := strings.Repeat("x", 129)
	tests := []struct {
		name string
		call call
		want wantErr
	}{
		{"CreatePolicy/no type", create(gov.CreatePolicyInput{Name: "n", Content: tagTeam}), invalid(gov.ReasonInputRequired)},
		{"CreatePolicy/unknown type", create(gov.CreatePolicyInput{Name: "n", Type: "TAGS", Content: tagTeam}), invalid(gov.ReasonInvalidEnumType)},
		{"CreatePolicy/no name", create(gov.CreatePolicyInput{Type: policy.TagPolicy, Content: tagTeam}), invalid(gov.ReasonInputRequired)},
		{"CreatePolicy/long name", create(gov.CreatePolicyInput{Name: long, Type: policy.TagPolicy, Content: tagTeam}), invalid(gov.ReasonMaxLength)},
		{"CreatePolicy/long description", create(gov.CreatePolicyInput{Name: "n", Description: strings.Repeat("d", 513), Type: policy.TagPolicy,
			Content: tagTeam}), invalid(gov.ReasonMaxLength)},
		{"CreatePolicy/no content", create(gov.CreatePolicyInput{Name: "n", Type: policy.TagPolicy}), invalid(gov.ReasonInputRequired)},
		{"CreatePolicy/malformed", create(gov.CreatePolicyInput{Name: "n", Type: policy.TagPolicy, Content: `{"tags":`}), kind(gov.Malformed, "")},
		{"CreatePolicy/over the size", create(gov.CreatePolicyInput{Name: "n", Type: policy.TagPolicy,
			Content: `{"tags":{"team":{"tag_key":{"@@assign":"` + strings.Repeat("T", 10000) + `"}}}}`}), constraint(gov.ReasonPolicyContentLimit)},
		{"CreatePolicy/name taken", create(gov.CreatePolicyInput{Name: "tags", Type: policy.TagPolicy, Content: tagTeam}), alreadyExists(gov.ResPolicy)},
		{"CreatePolicy/tag twice", create(gov.CreatePolicyInput{Name: "n", Type: policy.TagPolicy, Content: tagTeam,
			Tags: []gov.Tag{{Key: "k", Value: "1"}, {Key: "k", Value: "2"}}}), invalid(gov.ReasonDuplicateTagKey)},
		{"UpdatePolicy/AWS managed", update(gov.UpdatePolicyInput{PolicyID: gov.FullAWSAccessID, Name: str("mine")}), invalid(gov.ReasonImmutablePolicy)},
		{"UpdatePolicy/malformed ID", update(gov.UpdatePolicyInput{PolicyID: "x"}), invalid(gov.ReasonInvalidPolicyID)},
		{"UpdatePolicy/no such policy", update(gov.UpdatePolicyInput{PolicyID: "p-zzzzzzzz"}), notFound(gov.ResPolicy)},
		{"UpdatePolicy/malformed content", update(gov.UpdatePolicyInput{PolicyID: tags, Content: str(`{"tags":1}`)}), kind(gov.Malformed, "")},
		{"DeletePolicy/AWS managed", func(ctx context.Context, svc *gov.Service) error {
			return svc.DeletePolicy(ctx, mgmt, gov.FullAWSAccessID)
		}, invalid(gov.ReasonImmutablePolicy)},
		{"DeletePolicy/attached", func(ctx context.Context, svc *gov.Service) error { return svc.DeletePolicy(ctx, mgmt, chat) },
			kind(gov.NotEmpty, gov.ResPolicy)},
		{"AttachPolicy/malformed target", attach(tags, "x"), invalid(gov.ReasonInvalidTargetID)},
		{"AttachPolicy/no such OU", attach(tags, "ou-zz00-zzzzzzzz"), notFound(gov.ResTarget)},
		{"AttachPolicy/no such account", attach(tags, "999999999999"), notFound(gov.ResTarget)},
		{"AttachPolicy/attached already", attach(chat, root), alreadyExists(gov.ResPolicyAttachment)},
		{"AttachPolicy/type not enabled", attach(backup, member), kind(gov.NotEnabled, gov.ResPolicyType)},
		{"DetachPolicy/not attached", detach(tags, member), notFound(gov.ResPolicyAttachment)},
		{"DetachPolicy/the last SCP", detach(gov.FullAWSAccessID, member), constraint(gov.ReasonMinAttachments)},
		{"TagResource/no tags", func(ctx context.Context, svc *gov.Service) error { return svc.TagResource(ctx, mgmt, root, nil) },
			invalid(gov.ReasonInputRequired)},
		{"TagResource/malformed ID", func(ctx context.Context, svc *gov.Service) error {
			return svc.TagResource(ctx, mgmt, "x", []gov.Tag{{Key: "k"}})
		}, invalid(gov.ReasonInvalidPattern)},
		{"TagResource/no such account", func(ctx context.Context, svc *gov.Service) error {
			return svc.TagResource(ctx, mgmt, "999999999999", []gov.Tag{{Key: "k"}})
		}, notFound(gov.ResTarget)},
		{"TagResource/bad characters", func(ctx context.Context, svc *gov.Service) error {
			return svc.TagResource(ctx, mgmt, root, []gov.Tag{{Key: "k", Value: "a;b"}})
		}, invalid(gov.ReasonInvalidPattern)},
		{"UntagResource/no keys", func(ctx context.Context, svc *gov.Service) error { return svc.UntagResource(ctx, mgmt, root, nil) },
			invalid(gov.ReasonInputRequired)},
		{"ListPolicies/unknown type", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.ListPolicies(mgmt, "TAGS", "", 0)
			return err
		}, invalid(gov.ReasonInvalidEnumType)},
		{"ListPolicies/foreign token", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.ListPolicies(mgmt, policy.TagPolicy, "bm90LWEtdG9rZW4", 0)
			return err
		}, invalid(gov.ReasonInvalidNextToken)},
		{"SimulatePolicyChange/unknown action", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.SimulatePolicyChange(mgmt, gov.Simulation{Action: "DeletePolicy", PolicyID: tags})
			return err
		}, invalid(gov.ReasonInvalidEnum)},
		{"DescribeEffectivePolicy/SCPs have none", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.DescribeEffectivePolicy(mgmt, policy.ServiceControlPolicy, member)
			return err
		}, invalid(gov.ReasonInvalidEnumType)},
		{"DescribeEffectivePolicy/of the root", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.DescribeEffectivePolicy(mgmt, policy.ChatbotPolicy, root)
			return err
		}, invalid(gov.ReasonTargetNotSupported)},
		{"DescribeEffectivePolicy/type not enabled", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.DescribeEffectivePolicy(mgmt, policy.BackupPolicy, member)
			return err
		}, notFound(gov.ResEffectivePolicy)},
	}
	t.Run("rules", func(t *testing.T) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				tt.want.check(t, tt.call(ctx, f.svc))
			})
		}
	})
	// A name is unique within its type only; renaming to its own name is
	// no change.
	t.Run("names", func(t *testing.T) {
		_, err := f.svc.UpdatePolicy(ctx, mgmt, gov.UpdatePolicyInput{PolicyID: tags, Name: str("chat")})
		ok.check(t, err)
		_, err = f.svc.UpdatePolicy(ctx, mgmt, gov.UpdatePolicyInput{PolicyID: tags, Name: str("chat")})
		ok.check(t, err)
		other := f.policy("other", policy.TagPolicy, tagTeam)
		_, err = f.svc.UpdatePolicy(ctx, mgmt, gov.UpdatePolicyInput{PolicyID: other, Name: str("chat")})
		alreadyExists(gov.ResPolicy).check(t, err)
	})
}

// TestPolicyTransitions follows policies through attachment limits, the
// disabling and enabling of their type, and deletion.
func TestPolicyTransitions(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.org(gov.FeatureSetAll)
	ctx := context.Background()
	root, member := f.root(), f.account("member")
	f.enable(policy.ChatbotPolicy)
	var ids []string
	for i := range 6 {
		ids = append(ids, f.policy("chat"+string(rune('a'+i)), policy.ChatbotPolicy, chatAllowAll))
	}
	steps := []struct {
		name string
		call call
		want wantErr
	}{
		{"attach five", func(ctx context.Context, svc *gov.Service) error {
			for _, id := range ids[:5] {
				if err := svc.AttachPolicy(ctx, mgmt, id, member); err != nil {
					return err
				}
			}
			return nil
		}, ok},
		{"a sixth is one too many", func(ctx context.Context, svc *gov.Service) error { return svc.AttachPolicy(ctx, mgmt, ids[5], member) },
			constraint(gov.ReasonMaxAttachments)},
		{"the effective policy merges them", func(ctx context.Context, svc *gov.Service) error {
			e, err := svc.DescribeEffectivePolicy(mgmt, policy.ChatbotPolicy, member)
			if err == nil && !strings.Contains(e.Content, "enabled") {
				t.Errorf("effective policy %s", e.Content)
			}
			return err
		}, ok},
		{"an attached policy stays", func(ctx context.Context, svc *gov.Service) error { return svc.DeletePolicy(ctx, mgmt, ids[0]) },
			kind(gov.NotEmpty, gov.ResPolicy)},
		{"enabling twice", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.EnablePolicyType(ctx, mgmt, root, policy.ChatbotPolicy)
			return err
		}, alreadyExists(gov.ResPolicyType)},
		{"disabling detaches every policy of the type", func(ctx context.Context, svc *gov.Service) error {
			if _, err := svc.DisablePolicyType(ctx, mgmt, root, policy.ChatbotPolicy); err != nil {
				return err
			}
			p, err := svc.ListPoliciesForTarget(mgmt, member, policy.ChatbotPolicy, "", 0)
			if err == nil && len(p.Items) != 0 {
				t.Errorf("after disabling: %d policies attached", len(p.Items))
			}
			return err
		}, ok},
		{"no effective policy then", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.DescribeEffectivePolicy(mgmt, policy.ChatbotPolicy, member)
			return err
		}, notFound(gov.ResEffectivePolicy)},
		{"disabling twice", func(ctx context.Context, svc *gov.Service) error {
			_, err := svc.DisablePolicyType(ctx, mgmt, root, policy.ChatbotPolicy)
			return err
		}, kind(gov.NotEnabled, gov.ResPolicyType)},
		{"a detached policy goes", func(ctx context.Context, svc *gov.Service) error {
			if err := svc.DeletePolicy(ctx, mgmt, ids[0]); err != nil {
				return err
			}
			_, err := svc.DescribePolicy(mgmt, ids[0])
			return err
		}, notFound(gov.ResPolicy)},
		{"enabling again finds an empty policy", func(ctx context.Context, svc *gov.Service) error {
			if _, err := svc.EnablePolicyType(ctx, mgmt, root, policy.ChatbotPolicy); err != nil {
				return err
			}
			e, err := svc.DescribeEffectivePolicy(mgmt, policy.ChatbotPolicy, member)
			if err == nil && e.Content != "{}" {
				t.Errorf("effective policy without attachments: %s", e.Content)
			}
			return err
		}, ok},
		{"RCPFullAWSAccess stays", func(ctx context.Context, svc *gov.Service) error {
			if _, err := svc.EnablePolicyType(ctx, mgmt, root, policy.ResourceControlPolicy); err != nil {
				return err
			}
			return svc.DetachPolicy(ctx, mgmt, gov.RCPFullAWSAccessID, member)
		}, invalid(gov.ReasonNonDetachable)},
		{"a closed account has no effective policy", func(ctx context.Context, svc *gov.Service) error {
			if err := svc.CloseAccount(ctx, mgmt, member); err != nil {
				return err
			}
			_, err := svc.DescribeEffectivePolicy(mgmt, policy.ChatbotPolicy, member)
			return err
		}, notFound(gov.ResEffectivePolicy)},
	}
	for _, s := range steps {
		if !t.Run(s.name, func(t *testing.T) { s.want.check(t, s.call(ctx, f.svc)) }) {
			return
		}
	}
}
