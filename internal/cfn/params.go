package cfn

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Parameter is one entry of the Parameters section.
type Parameter struct {
	Name                  string
	Type                  string
	Default               *string
	AllowedValues         []string
	AllowedPattern        string
	MinLength, MaxLength  *int
	MinValue, MaxValue    *float64
	NoEcho                bool
	Description           string
	ConstraintDescription string
}

// IsList reports whether the parameter's value is a list.
func (p Parameter) IsList() bool {
	return p.Type == "CommaDelimitedList" || strings.HasPrefix(p.Type, "List<")
}

var paramKeys = []string{"Type", "Default", "AllowedValues", "AllowedPattern", "MinLength", "MaxLength",
	"MinValue", "MaxValue", "NoEcho", "Description", "ConstraintDescription"}

func validParamType(t string) bool {
	switch t {
	case "String", "Number", "List<Number>", "CommaDelimitedList":
		return true
	}
	return strings.HasPrefix(t, "AWS::") || strings.HasPrefix(t, "List<AWS::")
}

func (t *Template) parseParameters(v any) error {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return formatError("Every Parameters member must be an object")
	}
	if len(m) > 200 {
		return formatError("Number of parameters, %d, is greater than the maximum allowed, 200", len(m))
	}
	for _, name := range sortedKeys(m) {
		pv := m[name]
		if !alnum(name) {
			return formatError("Parameter name %s is non alphanumeric.", name)
		}
		pm, ok := pv.(map[string]any)
		if !ok {
			return formatError("[/Parameters/%s] Every Parameters object must contain a Type member.", name)
		}
		p := Parameter{Name: name}
		for _, k := range sortedKeys(pm) {
			x := pm[k]
			if !slices.Contains(paramKeys, k) {
				return formatError("Invalid template parameter property '%s'", k)
			}
			if err := p.set(k, x); err != nil {
				return err
			}
		}
		if p.Type == "" {
			return formatError("[/Parameters/%s] Every Parameters object must contain a Type member.", name)
		}
		if !validParamType(p.Type) {
			return formatError("Unrecognized parameter type: %s", p.Type)
		}
		if p.AllowedPattern != "" {
			if _, err := regexp.Compile("^(?:" + p.AllowedPattern + ")$"); err != nil {
				return formatError("[/Parameters/%s/AllowedPattern] is not a valid regular expression", name)
			}
		}
		t.Parameters[name] = p
	}
	return nil
}

func (p *Parameter) set(k string, x any) error {
	bad := func() error { return formatError("[/Parameters/%s/%s] has a value of the wrong type", p.Name, k) }
	switch k {
	case "Type":
		s, ok := x.(string)
		if !ok {
			return bad()
		}
		p.Type = s
	case "Default":
		switch d := x.(type) {
		case []any: // a list default, as YAML writes it
			var parts []string
			for _, e := range d {
				s, ok := scalarString(e)
				if !ok {
					return bad()
				}
				parts = append(parts, s)
			}
			s := strings.Join(parts, ",")
			p.Default = &s
		default:
			s, ok := scalarString(x)
			if !ok {
				return bad()
			}
			p.Default = &s
		}
	case "AllowedValues":
		l, ok := x.([]any)
		if !ok {
			return bad()
		}
		for _, e := range l {
			s, ok := scalarString(e)
			if !ok {
				return bad()
			}
			p.AllowedValues = append(p.AllowedValues, s)
		}
	case "AllowedPattern", "Description", "ConstraintDescription":
		s, ok := x.(string)
		if !ok {
			return bad()
		}
		switch k {
		case "AllowedPattern":
			p.AllowedPattern = s
		case "Description":
			p.Description = s
		default:
			p.ConstraintDescription = s
		}
	case "MinLength", "MaxLength":
		s, _ := scalarString(x)
		n, err := strconv.Atoi(s)
		if err != nil {
			return bad()
		}
		if k == "MinLength" {
			p.MinLength = &n
		} else {
			p.MaxLength = &n
		}
	case "MinValue", "MaxValue":
		s, _ := scalarString(x)
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return bad()
		}
		if k == "MinValue" {
			p.MinValue = &f
		} else {
			p.MaxValue = &f
		}
	case "NoEcho":
		s, _ := scalarString(x)
		b, err := strconv.ParseBool(s)
		if err != nil {
			return bad()
		}
		p.NoEcho = b
	}
	return nil
}

// ParameterValue is a value given for a parameter. UsePrevious takes the
// value of the stack's previous deployment.
type ParameterValue struct {
	Key         string
	Value       string
	UsePrevious bool
}

// ResolveParameters checks the given values against the template's
// declarations and returns every parameter's value, defaults applied;
// previous holds the last deployment's values for UsePrevious. Errors
// (*ValidationError): a parameter the template does not declare, one
// without a value, a value outside AllowedValues, AllowedPattern, the
// length or value bounds, or a Number that is not a number.
func (t *Template) ResolveParameters(given []ParameterValue, previous map[string]string) (map[string]string, error) {
	out := map[string]string{}
	var unknown []string
	for _, g := range given {
		if _, ok := t.Parameters[g.Key]; !ok {
			unknown = append(unknown, g.Key)
			continue
		}
		if g.UsePrevious {
			pv, ok := previous[g.Key]
			if !ok {
				return nil, invalid("Invalid input for parameter key %s. Cannot specify usePreviousValue as true for a parameter key not in the previous template", g.Key)
			}
			out[g.Key] = pv
			continue
		}
		out[g.Key] = g.Value
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, invalid("Parameters: [%s] do not exist in the template", strings.Join(unknown, ", "))
	}
	var missing []string
	for _, name := range sortedKeys(t.Parameters) {
		p := t.Parameters[name]
		v, ok := out[name]
		if !ok {
			if p.Default == nil {
				missing = append(missing, name)
				continue
			}
			v = *p.Default
			out[name] = v
		}
		if err := p.check(v); err != nil {
			return nil, err
		}
	}
	if len(missing) > 0 {
		return nil, invalid("Parameters: [%s] must have values", strings.Join(missing, ", "))
	}
	return out, nil
}

func (p Parameter) check(v string) error {
	fail := func(format string, args ...any) error {
		if p.ConstraintDescription != "" {
			return invalid("Parameter '%s' failed to satisfy constraint: %s", p.Name, p.ConstraintDescription)
		}
		return invalid(format, args...)
	}
	values := []string{v}
	if p.IsList() {
		values = splitList(v)
	}
	for _, e := range values {
		if p.Type == "Number" || p.Type == "List<Number>" {
			f, err := strconv.ParseFloat(strings.TrimSpace(e), 64)
			if err != nil {
				return invalid("Parameter '%s' must be a number.", p.Name)
			}
			if p.MinValue != nil && f < *p.MinValue {
				return fail("Parameter '%s' must be a number not less than %v", p.Name, *p.MinValue)
			}
			if p.MaxValue != nil && f > *p.MaxValue {
				return fail("Parameter '%s' must be a number not greater than %v", p.Name, *p.MaxValue)
			}
		}
		if len(p.AllowedValues) > 0 && !slices.Contains(p.AllowedValues, e) {
			return fail("Parameter '%s' must be one of AllowedValues", p.Name)
		}
		if p.AllowedPattern != "" && !regexp.MustCompile("^(?:"+p.AllowedPattern+")$").MatchString(e) {
			return fail("Parameter '%s' must match pattern %s", p.Name, p.AllowedPattern)
		}
	}
	if p.MinLength != nil && len(v) < *p.MinLength {
		return fail("Parameter '%s' must contain at least %d characters", p.Name, *p.MinLength)
	}
	if p.MaxLength != nil && len(v) > *p.MaxLength {
		return fail("Parameter '%s' must contain at most %d characters", p.Name, *p.MaxLength)
	}
	return nil
}

func splitList(v string) []string {
	if v == "" {
		return []string{}
	}
	parts := strings.Split(v, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
