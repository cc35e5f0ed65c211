package stack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/chatgov/chatgov/internal/cfn"
	"github.com/chatgov/chatgov/internal/gov"
)

// --- AWS::Chatbot::CustomAction. Ref and GetAtt CustomActionArn are the
// action's ARN. Definition is an object with CommandText; Attachments are
// the notification buttons, in the same shape as the API's.

type customActionResource struct{ gov *gov.Service }

// actionAttachment is one element of Attachments, as the resource
// reference defines it; unknown keys are refused.
type actionAttachment struct {
	ButtonText       string            `json:"ButtonText,omitempty"`
	Criteria         []actionCriterion `json:"Criteria,omitempty"`
	NotificationType string            `json:"NotificationType,omitempty"`
	Variables        map[string]string `json:"Variables,omitempty"`
}

type actionCriterion struct {
	Operator     string `json:"Operator"`
	Value        string `json:"Value,omitempty"`
	VariableName string `json:"VariableName"`
}

func actionInput(p props) (gov.CustomActionInput, error) {
	var in gov.CustomActionInput
	var err error
	if in.Name, err = p.str("ActionName"); err != nil {
		return in, err
	}
	if in.AliasName, err = p.str("AliasName"); err != nil {
		return in, err
	}
	def, ok := p["Definition"].(map[string]any)
	if !ok {
		return in, &propError{"Properties validation failed for resource with message: #/Definition: expected type: JSONObject, found: " + kindOf(p["Definition"])}
	}
	for k := range def {
		if k != "CommandText" {
			return in, &propError{"Properties validation failed for resource with message: #/Definition: extraneous key [" + k + "] is not permitted"}
		}
	}
	if _, ok := def["CommandText"]; !ok {
		return in, &propError{"Properties validation failed for resource with message: #/Definition: required key [CommandText] not found"}
	}
	if in.CommandText, err = props(def).str("CommandText"); err != nil {
		return in, &propError{"Properties validation failed for resource with message: #/Definition/CommandText: expected type: String, found: " + kindOf(def["CommandText"])}
	}
	if in.Attachments, err = attachments(p); err != nil {
		return in, err
	}
	tags, err := p.tags()
	if err != nil {
		return in, err
	}
	if len(tags) > 0 {
		in.Tags = map[string]string{}
		for _, t := range tags {
			in.Tags[t.Key] = t.Value
		}
	}
	return in, nil
}

// attachments renders Attachments as the JSON gov keeps, checking each
// element's keys and types.
func attachments(p props) (string, error) {
	v, ok := p["Attachments"]
	if !ok || v == nil {
		return "", nil
	}
	l, ok := v.([]any)
	if !ok {
		return "", &propError{"Properties validation failed for resource with message: #/Attachments: expected type: JSONArray, found: " + kindOf(v)}
	}
	out := make([]actionAttachment, 0, len(l))
	for i, e := range l {
		raw, err := json.Marshal(e)
		if err != nil {
			return "", &propError{fmt.Sprintf("Properties validation failed for resource with message: #/Attachments/%d: not valid JSON", i)}
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		var a actionAttachment
		if err := dec.Decode(&a); err != nil {
			return "", &propError{fmt.Sprintf("Properties validation failed for resource with message: #/Attachments/%d: %v", i, err)}
		}
		out = append(out, a)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", &propError{"Properties validation failed for resource with message: #/Attachments: " + err.Error()}
	}
	return string(b), nil
}

func actionPhysical(arn string) cfn.Physical {
	return cfn.Physical{Ref: arn, Attrs: map[string]string{"CustomActionArn": arn}}
}

func (a customActionResource) create(ctx context.Context, c gov.Caller, p props) (cfn.Physical, error) {
	in, err := actionInput(p)
	if err != nil {
		return cfn.Physical{}, err
	}
	arn, err := a.gov.CreateCustomAction(ctx, c, in)
	if err != nil {
		return cfn.Physical{}, err
	}
	return actionPhysical(arn), nil
}

// update changes the alias, definition and attachments in place. gov has
// no way yet to retag a custom action, so a change of Tags is refused
// rather than silently dropped.
func (a customActionResource) update(ctx context.Context, c gov.Caller, arn string, old, new props) (cfn.Physical, error) {
	in, err := actionInput(new)
	if err != nil {
		return cfn.Physical{}, err
	}
	oldIn, _ := actionInput(old)
	if set, remove := diffTags(tagList(oldIn.Tags), tagList(in.Tags)); len(set) > 0 || len(remove) > 0 {
		return cfn.Physical{}, &propError{"Tags: chatgov cannot change the tags of an existing custom action; rename ActionName to replace it with the new tags"}
	}
	if err := a.gov.UpdateCustomAction(ctx, c, arn, in); err != nil {
		return cfn.Physical{}, err
	}
	return actionPhysical(arn), nil
}

func tagList(m map[string]string) []gov.Tag {
	var out []gov.Tag
	for k, v := range m {
		out = append(out, gov.Tag{Key: k, Value: v})
	}
	return out
}

// remove deletes the action, and with it its associations.
func (a customActionResource) remove(ctx context.Context, c gov.Caller, arn string, _ props) error {
	if err := a.gov.DeleteCustomAction(ctx, c, arn); err != nil && gov.ErrorOf(err).Kind != gov.NotFound {
		return err
	}
	return nil
}

// associate makes the configuration's associations the custom actions of
// want: those of have not in want are disassociated, the others
// associated.
func associate(ctx context.Context, svc *gov.Service, c gov.Caller, configARN string, have, want []string) error {
	for _, r := range want {
		if !slices.Contains(have, r) {
			if err := svc.AssociateToConfiguration(ctx, c, configARN, r); err != nil {
				return err
			}
		}
	}
	for _, r := range have {
		if !slices.Contains(want, r) {
			if err := svc.DisassociateFromConfiguration(ctx, c, configARN, r); err != nil && gov.ErrorOf(err).Kind != gov.NotFound {
				return err
			}
		}
	}
	return nil
}
