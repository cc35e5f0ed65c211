package stack

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/chatgov/chatgov/internal/cfn"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// provisioner creates, updates and deletes the resources of one type
// through gov, as the stack's owner. Errors are gov's: the resource fails
// with the error's message as its reason.
type provisioner interface {
	create(ctx context.Context, c gov.Caller, p props) (cfn.Physical, error)
	// update changes the resource in place (no replacement).
	update(ctx context.Context, c gov.Caller, physicalID string, old, new props) (cfn.Physical, error)
	remove(ctx context.Context, c gov.Caller, physicalID string, p props) error
}

func (r *Runner) provisioner(typ string) provisioner {
	p := r.provisionerOf(typ)
	if p != nil && r.stepHook != nil {
		return hooked{p, r.stepHook}
	}
	return p
}

// hooked runs a hook before each step of its provisioner (tests).
type hooked struct {
	provisioner
	before func()
}

func (h hooked) create(ctx context.Context, c gov.Caller, p props) (cfn.Physical, error) {
	h.before()
	return h.provisioner.create(ctx, c, p)
}

func (h hooked) update(ctx context.Context, c gov.Caller, physicalID string, old, new props) (cfn.Physical, error) {
	h.before()
	return h.provisioner.update(ctx, c, physicalID, old, new)
}

func (h hooked) remove(ctx context.Context, c gov.Caller, physicalID string, p props) error {
	h.before()
	return h.provisioner.remove(ctx, c, physicalID, p)
}

func (r *Runner) provisionerOf(typ string) provisioner {
	switch typ {
	case "AWS::Organizations::Policy":
		return policyResource{r.gov}
	case "AWS::Organizations::OrganizationalUnit":
		return ouResource{r.gov}
	case "AWS::Organizations::Account":
		return accountResource{r.gov}
	case "AWS::Organizations::ResourcePolicy":
		return resourcePolicyResource{r.gov}
	case "AWS::Chatbot::SlackChannelConfiguration":
		return chatResource{r.gov, gov.PlatformSlack}
	case "AWS::Chatbot::MicrosoftTeamsChannelConfiguration":
		return chatResource{r.gov, gov.PlatformTeams}
	case "AWS::Chatbot::CustomAction":
		return customActionResource{r.gov}
	}
	return nil
}

// props are a resource's evaluated properties.
type props map[string]any

// propError is a property of the wrong type; the resource fails with it.
type propError struct{ msg string }

func (e *propError) Error() string { return e.msg }

func (p props) str(key string) (string, error) {
	v, ok := p[key]
	if !ok || v == nil {
		return "", nil
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	return "", &propError{fmt.Sprintf("Properties validation failed for resource with message: #/%s: expected type: String, found: %s", key, kindOf(v))}
}

func (p props) ptr(key string) (*string, error) {
	if _, ok := p[key]; !ok {
		return nil, nil
	}
	s, err := p.str(key)
	return &s, err
}

func (p props) list(key string) ([]string, error) {
	v, ok := p[key]
	if !ok || v == nil {
		return nil, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, &propError{fmt.Sprintf("Properties validation failed for resource with message: #/%s: expected type: JSONArray, found: %s", key, kindOf(v))}
	}
	out := make([]string, 0, len(l))
	for i, e := range l {
		s, err := props{"x": e}.str("x")
		if err != nil {
			return nil, &propError{fmt.Sprintf("Properties validation failed for resource with message: #/%s/%d: expected type: String, found: %s", key, i, kindOf(e))}
		}
		out = append(out, s)
	}
	return out, nil
}

func (p props) boolean(key string) (*bool, error) {
	v, ok := p[key]
	if !ok || v == nil {
		return nil, nil
	}
	switch x := v.(type) {
	case bool:
		return &x, nil
	case string:
		if b, err := strconv.ParseBool(x); err == nil {
			return &b, nil
		}
	}
	return nil, &propError{fmt.Sprintf("Properties validation failed for resource with message: #/%s: expected type: Boolean, found: %s", key, kindOf(v))}
}

func (p props) tags() ([]gov.Tag, error) {
	v, ok := p["Tags"]
	if !ok || v == nil {
		return nil, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, &propError{"Properties validation failed for resource with message: #/Tags: expected type: JSONArray, found: " + kindOf(v)}
	}
	var out []gov.Tag
	for i, e := range l {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, &propError{fmt.Sprintf("Properties validation failed for resource with message: #/Tags/%d: expected type: JSONObject", i)}
		}
		k, err1 := props(m).str("Key")
		val, err2 := props(m).str("Value")
		if err1 != nil || err2 != nil || k == "" {
			return nil, &propError{fmt.Sprintf("Properties validation failed for resource with message: #/Tags/%d: required key [Key] not found", i)}
		}
		out = append(out, gov.Tag{Key: k, Value: val})
	}
	return out, nil
}

func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "String"
	case json.Number:
		return "Number"
	case bool:
		return "Boolean"
	case []any:
		return "JSONArray"
	case map[string]any:
		return "JSONObject"
	}
	return "null"
}

// diffTags returns the tags to set and the keys to remove.
func diffTags(old, new []gov.Tag) (set []gov.Tag, remove []string) {
	oldBy := map[string]string{}
	for _, t := range old {
		oldBy[t.Key] = t.Value
	}
	newBy := map[string]bool{}
	for _, t := range new {
		newBy[t.Key] = true
		if v, ok := oldBy[t.Key]; !ok || v != t.Value {
			set = append(set, t)
		}
	}
	for _, t := range old {
		if !newBy[t.Key] {
			remove = append(remove, t.Key)
		}
	}
	return set, remove
}

// --- AWS::Organizations::Policy

type policyResource struct{ gov *gov.Service }

// content renders Content: a string as it is, an object as JSON.
func content(p props) (string, error) {
	switch x := p["Content"].(type) {
	case string:
		return x, nil
	case map[string]any:
		b, err := json.Marshal(x)
		if err != nil {
			return "", &propError{"Properties validation failed for resource with message: #/Content: not valid JSON"}
		}
		return string(b), nil
	}
	return "", &propError{"Properties validation failed for resource with message: #/Content: expected type: JSONObject or String, found: " + kindOf(p["Content"])}
}

func (pr policyResource) physical(c gov.Caller, id string) (cfn.Physical, error) {
	pol, err := pr.gov.DescribePolicy(c, id)
	if err != nil {
		return cfn.Physical{}, err
	}
	return cfn.Physical{Ref: id, Attrs: map[string]string{"Id": id, "Arn": pol.ARN, "AwsManaged": strconv.FormatBool(pol.AWSManaged)}}, nil
}

func (pr policyResource) create(ctx context.Context, c gov.Caller, p props) (cfn.Physical, error) {
	name, err := p.str("Name")
	if err != nil {
		return cfn.Physical{}, err
	}
	desc, err := p.str("Description")
	if err != nil {
		return cfn.Physical{}, err
	}
	typ, err := p.str("Type")
	if err != nil {
		return cfn.Physical{}, err
	}
	doc, err := content(p)
	if err != nil {
		return cfn.Physical{}, err
	}
	tags, err := p.tags()
	if err != nil {
		return cfn.Physical{}, err
	}
	targets, err := p.list("TargetIds")
	if err != nil {
		return cfn.Physical{}, err
	}
	pol, err := pr.gov.CreatePolicy(ctx, c, gov.CreatePolicyInput{Name: name, Description: desc, Type: policy.Type(typ), Content: doc, Tags: tags})
	if err != nil {
		return cfn.Physical{}, err
	}
	for _, t := range targets {
		if err := pr.gov.AttachPolicy(ctx, c, pol.ID, t); err != nil {
			// The policy must not outlive a failed create.
			_ = pr.remove(ctx, c, pol.ID, p)
			return cfn.Physical{}, err
		}
	}
	return pr.physical(c, pol.ID)
}

func (pr policyResource) update(ctx context.Context, c gov.Caller, id string, old, new props) (cfn.Physical, error) {
	in := gov.UpdatePolicyInput{PolicyID: id}
	var err error
	if in.Name, err = new.ptr("Name"); err != nil {
		return cfn.Physical{}, err
	}
	desc, err := new.str("Description")
	if err != nil {
		return cfn.Physical{}, err
	}
	in.Description = &desc
	doc, err := content(new)
	if err != nil {
		return cfn.Physical{}, err
	}
	in.Content = &doc
	if _, err := pr.gov.UpdatePolicy(ctx, c, in); err != nil {
		return cfn.Physical{}, err
	}
	oldTargets, _ := old.list("TargetIds")
	newTargets, err := new.list("TargetIds")
	if err != nil {
		return cfn.Physical{}, err
	}
	for _, t := range newTargets {
		if !slices.Contains(oldTargets, t) {
			if err := pr.gov.AttachPolicy(ctx, c, id, t); err != nil {
				return cfn.Physical{}, err
			}
		}
	}
	for _, t := range oldTargets {
		if !slices.Contains(newTargets, t) {
			if err := pr.gov.DetachPolicy(ctx, c, id, t); err != nil && gov.ErrorOf(err).Kind != gov.NotFound {
				return cfn.Physical{}, err
			}
		}
	}
	if err := retag(ctx, pr.gov, c, id, old, new); err != nil {
		return cfn.Physical{}, err
	}
	return pr.physical(c, id)
}

func retag(ctx context.Context, svc *gov.Service, c gov.Caller, id string, old, new props) error {
	oldTags, _ := old.tags()
	newTags, err := new.tags()
	if err != nil {
		return err
	}
	set, remove := diffTags(oldTags, newTags)
	if len(set) > 0 {
		if err := svc.TagResource(ctx, c, id, set); err != nil {
			return err
		}
	}
	if len(remove) > 0 {
		return svc.UntagResource(ctx, c, id, remove)
	}
	return nil
}

func (pr policyResource) remove(ctx context.Context, c gov.Caller, id string, _ props) error {
	for {
		page, err := pr.gov.ListTargetsForPolicy(c, id, "", 20)
		if err != nil {
			if gov.ErrorOf(err).Kind == gov.NotFound {
				return nil // already gone
			}
			return err
		}
		for _, t := range page.Items {
			if err := pr.gov.DetachPolicy(ctx, c, id, t.TargetID); err != nil && gov.ErrorOf(err).Kind != gov.NotFound {
				return err
			}
		}
		if page.NextToken == "" || len(page.Items) == 0 {
			break
		}
	}
	if err := pr.gov.DeletePolicy(ctx, c, id); err != nil && gov.ErrorOf(err).Kind != gov.NotFound {
		return err
	}
	return nil
}

// --- AWS::Organizations::OrganizationalUnit

type ouResource struct{ gov *gov.Service }

func (o ouResource) create(ctx context.Context, c gov.Caller, p props) (cfn.Physical, error) {
	name, err := p.str("Name")
	if err != nil {
		return cfn.Physical{}, err
	}
	parent, err := p.str("ParentId")
	if err != nil {
		return cfn.Physical{}, err
	}
	tags, err := p.tags()
	if err != nil {
		return cfn.Physical{}, err
	}
	ou, err := o.gov.CreateOrganizationalUnit(ctx, c, parent, name, tags)
	if err != nil {
		return cfn.Physical{}, err
	}
	return cfn.Physical{Ref: ou.ID, Attrs: map[string]string{"Id": ou.ID, "Arn": ou.ARN}}, nil
}

func (o ouResource) update(ctx context.Context, c gov.Caller, id string, old, new props) (cfn.Physical, error) {
	name, err := new.str("Name")
	if err != nil {
		return cfn.Physical{}, err
	}
	ou, err := o.gov.UpdateOrganizationalUnit(ctx, c, id, name)
	if err != nil {
		return cfn.Physical{}, err
	}
	if err := retag(ctx, o.gov, c, id, old, new); err != nil {
		return cfn.Physical{}, err
	}
	return cfn.Physical{Ref: ou.ID, Attrs: map[string]string{"Id": ou.ID, "Arn": ou.ARN}}, nil
}

func (o ouResource) remove(ctx context.Context, c gov.Caller, id string, _ props) error {
	if err := o.gov.DeleteOrganizationalUnit(ctx, c, id); err != nil && gov.ErrorOf(err).Kind != gov.NotFound {
		return err
	}
	return nil
}
