package cfn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxTemplateBytes is the largest template body CloudFormation accepts
// inline (TemplateBody): 51,200 bytes.
const MaxTemplateBytes = 51200

// Decode reads a template body, JSON or YAML, into the value tree. A body
// whose first character is '{' is JSON; anything else is YAML. Duplicate
// keys are an error in both, since the second would silently win.
func Decode(body []byte) (map[string]any, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, formatError("template body is empty")
	}
	var v any
	var err error
	if trimmed[0] == '{' {
		v, err = decodeJSON(trimmed)
	} else {
		v, err = decodeYAML(trimmed)
	}
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, formatError("not a valid template: the template must be a JSON or YAML object")
	}
	return m, nil
}

func decodeJSON(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	v, err := readJSON(dec, "")
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, formatError("JSON not well-formed. (after the template's object)")
	}
	return v, nil
}

func jsonSyntax(dec *json.Decoder, err error) error {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return err
	}
	return formatError("JSON not well-formed. (at byte %d: %v)", dec.InputOffset(), err)
}

// readJSON reads one value token by token, so that duplicate keys are seen.
func readJSON(dec *json.Decoder, path string) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonSyntax(dec, err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := map[string]any{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, jsonSyntax(dec, err)
				}
				k, ok := kt.(string)
				if !ok {
					return nil, formatError("JSON not well-formed. (at byte %d)", dec.InputOffset())
				}
				if _, dup := m[k]; dup {
					return nil, formatError("JSON not well-formed. (duplicate key %q at %s)", k, pathOr(path))
				}
				v, err := readJSON(dec, path+"/"+k)
				if err != nil {
					return nil, err
				}
				m[k] = v
			}
			if _, err := dec.Token(); err != nil {
				return nil, jsonSyntax(dec, err)
			}
			return m, nil
		case '[':
			l := []any{}
			for dec.More() {
				v, err := readJSON(dec, fmt.Sprintf("%s/%d", path, len(l)))
				if err != nil {
					return nil, err
				}
				l = append(l, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, jsonSyntax(dec, err)
			}
			return l, nil
		}
		return nil, formatError("JSON not well-formed. (at byte %d)", dec.InputOffset())
	default:
		return t, nil // nil, bool, string, json.Number
	}
}

func pathOr(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// shortForms maps YAML's short-form tags to the intrinsic they stand for.
var shortForms = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!Sub": "Fn::Sub", "!GetAtt": "Fn::GetAtt", "!Join": "Fn::Join", "!Select": "Fn::Select",
	"!Split": "Fn::Split", "!If": "Fn::If", "!Equals": "Fn::Equals", "!Not": "Fn::Not",
	"!And": "Fn::And", "!Or": "Fn::Or", "!FindInMap": "Fn::FindInMap", "!Base64": "Fn::Base64",
	"!GetAZs": "Fn::GetAZs", "!ImportValue": "Fn::ImportValue", "!Cidr": "Fn::Cidr",
	"!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString", "!Transform": "Fn::Transform",
}

func decodeYAML(body []byte) (any, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&doc); err != nil {
		return nil, formatError("YAML not well-formed. (%s)", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, formatError("YAML not well-formed. (a template is one YAML document)")
	}
	d := &yamlDecoder{}
	return d.fromYAML(&doc, 0)
}

const maxDepth = 200

// maxValues bounds the values a YAML template expands to: aliases can make
// a small document stand for an exponentially large one.
const maxValues = 200000

// yamlDecoder converts a YAML node tree, counting the values it makes.
type yamlDecoder struct{ values int }

func (d *yamlDecoder) fromYAML(n *yaml.Node, depth int) (any, error) {
	d.values++
	if d.values > maxValues {
		return nil, formatError("YAML not well-formed. (the template expands to more than %d values, line %d)", maxValues, n.Line)
	}
	if depth > maxDepth {
		return nil, formatError("YAML not well-formed. (nested more than %d levels, line %d)", maxDepth, n.Line)
	}
	if fn, ok := shortForms[n.Tag]; ok {
		v, err := d.fromYAMLUntagged(n, depth)
		if err != nil {
			return nil, err
		}
		if fn == "Fn::GetAtt" {
			if s, ok := v.(string); ok {
				res, attr, found := strings.Cut(s, ".")
				if !found {
					return nil, formatError("YAML not well-formed. (!GetAtt %q at line %d is not Resource.Attribute)", s, n.Line)
				}
				v = []any{res, attr}
			}
		}
		return map[string]any{fn: v}, nil
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return nil, formatError("YAML not well-formed. (unknown tag %s at line %d)", n.Tag, n.Line)
	}
	return d.fromYAMLUntagged(n, depth)
}

func (d *yamlDecoder) fromYAMLUntagged(n *yaml.Node, depth int) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return d.fromYAML(n.Content[0], depth+1)
	case yaml.AliasNode:
		return d.fromYAML(n.Alias, depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn, vn := n.Content[i], n.Content[i+1]
			if kn.Kind != yaml.ScalarNode {
				return nil, formatError("YAML not well-formed. (a key at line %d is not a string)", kn.Line)
			}
			if kn.Value == "<<" {
				return nil, formatError("YAML not well-formed. (merge keys are not supported, line %d)", kn.Line)
			}
			if _, dup := m[kn.Value]; dup {
				return nil, formatError("YAML not well-formed. (duplicate key %q at line %d)", kn.Value, kn.Line)
			}
			v, err := d.fromYAML(vn, depth+1)
			if err != nil {
				return nil, err
			}
			m[kn.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := d.fromYAML(c, depth+1)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	case yaml.ScalarNode:
		return yamlScalar(n)
	}
	return nil, formatError("YAML not well-formed. (unexpected node at line %d)", n.Line)
}

func yamlScalar(n *yaml.Node) (any, error) {
	tag := n.Tag
	if strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") {
		tag = "!!str" // a short form's argument is a string
	}
	switch tag {
	case "!!null":
		return nil, nil
	case "!!bool":
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			return n.Value, nil
		}
		return b, nil
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return json.Number(strconv.FormatInt(i, 10)), nil
		}
		return n.Value, nil
	case "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return n.Value, nil
		}
		return json.Number(n.Value), nil
	}
	return n.Value, nil
}
