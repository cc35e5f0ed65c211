package cfn

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
)

// Template is a parsed, checked template.
type Template struct {
	FormatVersion string
	Description   string
	Metadata      any
	Parameters    map[string]Parameter
	Mappings      map[string]any
	Conditions    map[string]any
	Resources     map[string]Resource
	Outputs       map[string]Output
	// Body is the template as given, for GetTemplate.
	Body string
}

// Resource is one entry of the Resources section.
type Resource struct {
	LogicalID           string
	Type                string
	Properties          map[string]any
	DependsOn           []string
	Condition           string
	DeletionPolicy      string // Delete (default), Retain, Snapshot
	UpdateReplacePolicy string
	Metadata            any
}

// Output is one entry of the Outputs section.
type Output struct {
	Name        string
	Description string
	Value       any
	Condition   string
	// Export is the export's name expression, nil when not exported.
	Export any
}

var topLevel = []string{"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Mappings",
	"Conditions", "Transform", "Resources", "Outputs", "Rules"}

var resourceKeys = []string{"Type", "Properties", "DependsOn", "Condition", "DeletionPolicy",
	"UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy"}

// Parse decodes and checks a template. Its errors are *ValidationError:
// malformed JSON or YAML, unknown sections, resources without a Type,
// references to names the template does not define, dependency cycles,
// conditions that do not evaluate to booleans, and malformed intrinsics.
// Parse does not judge resource types: Unsupported does.
func Parse(body []byte) (*Template, error) {
	if len(body) > MaxTemplateBytes {
		return nil, invalid("1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to %d", MaxTemplateBytes)
	}
	raw, err := Decode(body)
	if err != nil {
		return nil, err
	}
	t := &Template{Body: string(body), Parameters: map[string]Parameter{}, Mappings: map[string]any{},
		Conditions: map[string]any{}, Resources: map[string]Resource{}, Outputs: map[string]Output{}}
	var unknown []string
	for k := range raw {
		if !slices.Contains(topLevel, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, formatError("Invalid template property or properties [%s]", strings.Join(unknown, ", "))
	}
	if v, ok := raw["AWSTemplateFormatVersion"]; ok {
		s, _ := scalarString(v)
		if s != "2010-09-09" {
			return nil, formatError("Unsupported template format version %v; the only valid version is 2010-09-09", v)
		}
		t.FormatVersion = s
	}
	if v, ok := raw["Description"]; ok {
		s, ok := v.(string)
		if !ok {
			return nil, formatError("Every Description member must be a string")
		}
		if len(s) > 1024 {
			return nil, formatError("Description can be at most 1024 bytes")
		}
		t.Description = s
	}
	t.Metadata = raw["Metadata"]
	if _, ok := raw["Transform"]; ok {
		return nil, formatError("Transform is not supported by chatgov: deploy the processed template")
	}
	if err := t.parseParameters(raw["Parameters"]); err != nil {
		return nil, err
	}
	if v, ok := raw["Mappings"]; ok {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, formatError("Every Mappings member must be an object")
		}
		for _, name := range sortedKeys(m) {
			inner, ok := m[name].(map[string]any)
			if !ok {
				return nil, formatError("Every Mappings member %s must be a map", name)
			}
			for _, k := range sortedKeys(inner) {
				if _, ok := inner[k].(map[string]any); !ok {
					return nil, formatError("Every Mappings attribute must be a String or a List: [/Mappings/%s/%s]", name, k)
				}
			}
		}
		t.Mappings = m
	}
	if v, ok := raw["Conditions"]; ok {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, formatError("Every Conditions member must be an object")
		}
		t.Conditions = m
	}
	if err := t.parseResources(raw["Resources"]); err != nil {
		return nil, err
	}
	if err := t.parseOutputs(raw["Outputs"]); err != nil {
		return nil, err
	}
	if err := t.check(); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *Template) parseResources(v any) error {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		if v != nil && !ok {
			return formatError("Every Resources member must be an object")
		}
		return formatError("At least one Resources member must be defined.")
	}
	if len(m) > 500 {
		return formatError("Number of resources, %d, is greater than the maximum allowed, 500", len(m))
	}
	for _, id := range sortedKeys(m) {
		rv := m[id]
		if !alnum(id) {
			return formatError("Resource name %s is non alphanumeric.", id)
		}
		rm, ok := rv.(map[string]any)
		if !ok {
			return formatError("[/Resources/%s] Every Resources object must contain a Type member.", id)
		}
		for _, k := range sortedKeys(rm) {
			if !slices.Contains(resourceKeys, k) {
				return formatError("[/Resources/%s] Invalid template resource property '%s'", id, k)
			}
		}
		typ, ok := rm["Type"].(string)
		if !ok || typ == "" {
			return formatError("[/Resources/%s] Every Resources object must contain a Type member.", id)
		}
		r := Resource{LogicalID: id, Type: typ, Metadata: rm["Metadata"]}
		if p, ok := rm["Properties"]; ok && p != nil {
			pm, ok := p.(map[string]any)
			if !ok {
				return formatError("[/Resources/%s/Properties] Every Properties member must be an object", id)
			}
			r.Properties = pm
		}
		switch d := rm["DependsOn"].(type) {
		case nil:
		case string:
			r.DependsOn = []string{d}
		case []any:
			for _, e := range d {
				s, ok := e.(string)
				if !ok {
					return formatError("[/Resources/%s/DependsOn] DependsOn must be a string or a list of strings", id)
				}
				r.DependsOn = append(r.DependsOn, s)
			}
		default:
			return formatError("[/Resources/%s/DependsOn] DependsOn must be a string or a list of strings", id)
		}
		if c, ok := rm["Condition"]; ok {
			s, ok := c.(string)
			if !ok {
				return formatError("[/Resources/%s/Condition] Condition must be a string", id)
			}
			r.Condition = s
		}
		for _, f := range []struct {
			key string
			dst *string
		}{{"DeletionPolicy", &r.DeletionPolicy}, {"UpdateReplacePolicy", &r.UpdateReplacePolicy}} {
			if v, ok := rm[f.key]; ok {
				s, _ := v.(string)
				if s != "Delete" && s != "Retain" && s != "Snapshot" && s != "RetainExceptOnCreate" {
					return formatError("[/Resources/%s/%s] %s must be one of Delete, Retain, RetainExceptOnCreate, Snapshot", id, f.key, f.key)
				}
				*f.dst = s
			}
		}
		t.Resources[id] = r
	}
	return nil
}

func (t *Template) parseOutputs(v any) error {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return formatError("Every Outputs member must be an object")
	}
	if len(m) > 200 {
		return formatError("Number of outputs, %d, is greater than the maximum allowed, 200", len(m))
	}
	for _, name := range sortedKeys(m) {
		ov := m[name]
		if !alnum(name) {
			return formatError("Output name %s is non alphanumeric.", name)
		}
		om, ok := ov.(map[string]any)
		if !ok {
			return formatError("[/Outputs/%s] Every Outputs member must be an object", name)
		}
		val, ok := om["Value"]
		if !ok {
			return formatError("[/Outputs/%s] Every Outputs member must contain a Value object", name)
		}
		o := Output{Name: name, Value: val}
		for _, k := range sortedKeys(om) {
			x := om[k]
			switch k {
			case "Value":
			case "Description":
				o.Description, _ = x.(string)
			case "Condition":
				o.Condition, _ = x.(string)
			case "Export":
				em, ok := x.(map[string]any)
				if !ok || em["Name"] == nil {
					return formatError("[/Outputs/%s/Export] Export must contain a Name", name)
				}
				o.Export = em["Name"]
			default:
				return formatError("[/Outputs/%s] Invalid outputs property '%s'", name, k)
			}
		}
		t.Outputs[name] = o
	}
	return nil
}

func alnum(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// scalarString renders a scalar as CloudFormation reads it: strings as
// they are, numbers and booleans in their text form.
func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// ResourceIDs returns the logical IDs in name order.
func (t *Template) ResourceIDs() []string {
	ids := make([]string, 0, len(t.Resources))
	for id := range t.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// ResourceTypes returns the distinct resource types in name order.
func (t *Template) ResourceTypes() []string {
	var types []string
	for _, r := range t.Resources {
		if !slices.Contains(types, r.Type) {
			types = append(types, r.Type)
		}
	}
	sort.Strings(types)
	return types
}
