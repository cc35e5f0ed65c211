package cfn

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Pseudo holds the pseudo-parameters of one stack.
type Pseudo struct {
	AccountID        string
	Region           string
	Partition        string
	StackName        string
	StackID          string
	URLSuffix        string
	NotificationARNs []string
}

// Physical is what a created resource answers to Ref and Fn::GetAtt.
type Physical struct {
	Ref   string
	Attrs map[string]string
}

// Env is what intrinsic functions resolve against.
type Env struct {
	Pseudo     Pseudo
	Params     map[string]string
	Template   *Template
	Conditions map[string]bool
	// Resources are the resources created so far, by logical ID.
	Resources map[string]Physical
	// Exports are the values other stacks of the account export, by name.
	Exports map[string]string
	// Unknown, when set, lets a Ref or Fn::GetAtt of a resource not yet
	// created evaluate to an Unknown instead of failing: planning needs
	// values before resources exist.
	Unknown bool
}

// Unknown stands for a value known only once a resource exists.
type Unknown struct{ Expr string }

// noValue is AWS::NoValue: the property or list element it stands for
// is removed.
type noValue struct{}

var pseudoNames = []string{"AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::StackName", "AWS::StackId",
	"AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs"}

func isPseudo(name string) bool {
	for _, p := range pseudoNames {
		if p == name {
			return true
		}
	}
	return false
}

// intrinsic returns the function name and argument when v is an
// intrinsic function call: an object with exactly one key that is Ref,
// Condition or Fn::*.
func intrinsic(v any) (string, any, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return "", nil, false
	}
	for k, arg := range m {
		if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
			return k, arg, true
		}
	}
	return "", nil, false
}

// Eval resolves every intrinsic function in v and removes AWS::NoValue.
// Errors are *ValidationError naming the function and what is wrong.
func (e *Env) Eval(v any) (any, error) {
	out, err := e.eval(v, 0)
	if err != nil {
		return nil, err
	}
	if _, ok := out.(noValue); ok {
		return nil, nil
	}
	return out, nil
}

func (e *Env) eval(v any, depth int) (any, error) {
	if depth > maxDepth {
		return nil, formatError("intrinsic functions nested more than %d levels", maxDepth)
	}
	if fn, arg, ok := intrinsic(v); ok && fn != "Condition" {
		return e.call(fn, arg, depth)
	}
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for _, k := range sortedKeys(x) {
			r, err := e.eval(x[k], depth+1)
			if err != nil {
				return nil, err
			}
			if _, drop := r.(noValue); !drop {
				out[k] = r
			}
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(x))
		for _, c := range x {
			r, err := e.eval(c, depth+1)
			if err != nil {
				return nil, err
			}
			if _, drop := r.(noValue); !drop {
				out = append(out, r)
			}
		}
		return out, nil
	}
	return v, nil
}

func (e *Env) call(fn string, arg any, depth int) (any, error) {
	switch fn {
	case "Ref":
		name, ok := arg.(string)
		if !ok {
			return nil, formatError("Every Ref object must have a single String value.")
		}
		return e.ref(name)
	case "Fn::GetAtt":
		res, attr, err := getAttArgs(arg)
		if err != nil {
			return nil, err
		}
		return e.getAtt(res, attr)
	case "Fn::If":
		l, ok := arg.([]any)
		if !ok || len(l) != 3 {
			return nil, formatError("Fn::If requires a list argument with three elements")
		}
		name, ok := l[0].(string)
		if !ok {
			return nil, formatError("Fn::If requires a condition name as its first element")
		}
		b, ok := e.Conditions[name]
		if !ok {
			return nil, formatError("Unresolved dependencies [%s]. Cannot reference resources in the Conditions block of the template", name)
		}
		if b {
			return e.eval(l[1], depth+1)
		}
		return e.eval(l[2], depth+1)
	case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or":
		return e.condition(map[string]any{fn: arg}, depth)
	}
	a, err := e.eval(arg, depth+1)
	if err != nil {
		return nil, err
	}
	if u, ok := firstUnknown(a); ok {
		return u, nil
	}
	switch fn {
	case "Fn::Join":
		l, ok := a.([]any)
		if !ok || len(l) != 2 {
			return nil, formatError("Fn::Join requires a list argument with two elements")
		}
		sep, ok := l[0].(string)
		items, ok2 := l[1].([]any)
		if !ok || !ok2 {
			return nil, formatError("Fn::Join requires a delimiter string and a list of values")
		}
		parts := make([]string, len(items))
		for i, it := range items {
			s, ok := scalarString(it)
			if !ok {
				return nil, formatError("Fn::Join: every value to join must be a string")
			}
			parts[i] = s
		}
		return strings.Join(parts, sep), nil
	case "Fn::Select":
		l, ok := a.([]any)
		if !ok || len(l) != 2 {
			return nil, formatError("Fn::Select requires a list argument with two elements")
		}
		is, _ := scalarString(l[0])
		i, err := strconv.Atoi(is)
		items, ok := l[1].([]any)
		if err != nil || !ok {
			return nil, formatError("Fn::Select requires an index and a list")
		}
		if i < 0 || i >= len(items) {
			return nil, formatError("Fn::Select cannot select nonexistent value at index %d", i)
		}
		return items[i], nil
	case "Fn::Split":
		l, ok := a.([]any)
		if !ok || len(l) != 2 {
			return nil, formatError("Fn::Split requires a list argument with two elements")
		}
		sep, ok := l[0].(string)
		s, ok2 := l[1].(string)
		if !ok || !ok2 || sep == "" {
			return nil, formatError("Fn::Split requires a delimiter and a string")
		}
		var out []any
		for _, p := range strings.Split(s, sep) {
			out = append(out, p)
		}
		return out, nil
	case "Fn::FindInMap":
		l, ok := a.([]any)
		if !ok || len(l) != 3 {
			return nil, formatError("Fn::FindInMap requires a list argument with three elements")
		}
		var keys [3]string
		for i := range keys {
			if keys[i], ok = scalarString(l[i]); !ok {
				return nil, formatError("Fn::FindInMap requires string keys")
			}
		}
		top, ok := e.Template.Mappings[keys[0]].(map[string]any)
		if !ok {
			return nil, formatError("Mappings not found in template for map %s", keys[0])
		}
		second, ok := top[keys[1]].(map[string]any)
		if !ok {
			return nil, formatError("Unable to get mapping for %s::%s::%s", keys[0], keys[1], keys[2])
		}
		val, ok := second[keys[2]]
		if !ok {
			return nil, formatError("Unable to get mapping for %s::%s::%s", keys[0], keys[1], keys[2])
		}
		return val, nil
	case "Fn::Base64":
		s, ok := scalarString(a)
		if !ok {
			return nil, formatError("Fn::Base64 requires a string")
		}
		return base64.StdEncoding.EncodeToString([]byte(s)), nil
	case "Fn::Sub":
		return e.sub(a)
	case "Fn::GetAZs":
		r := e.Pseudo.Region
		return []any{r + "a", r + "b", r + "c"}, nil
	case "Fn::ImportValue":
		name, ok := a.(string)
		if !ok {
			return nil, formatError("Fn::ImportValue requires a string")
		}
		v, ok := e.Exports[name]
		if !ok {
			return nil, invalid("No export named %s found", name)
		}
		return v, nil
	case "Fn::Length":
		l, ok := a.([]any)
		if !ok {
			return nil, formatError("Fn::Length requires a list")
		}
		return json.Number(strconv.Itoa(len(l))), nil
	case "Fn::ToJsonString":
		b, err := json.Marshal(a)
		if err != nil {
			return nil, formatError("Fn::ToJsonString cannot render its argument")
		}
		return string(b), nil
	}
	return nil, formatError("Unrecognized intrinsic function %s", fn)
}

func firstUnknown(v any) (Unknown, bool) {
	switch x := v.(type) {
	case Unknown:
		return x, true
	case []any:
		for _, c := range x {
			if u, ok := firstUnknown(c); ok {
				return u, true
			}
		}
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if u, ok := firstUnknown(x[k]); ok {
				return u, true
			}
		}
	}
	return Unknown{}, false
}

func getAttArgs(arg any) (string, string, error) {
	switch x := arg.(type) {
	case []any:
		if len(x) == 2 {
			res, ok1 := x[0].(string)
			attr, ok2 := x[1].(string)
			if ok1 && ok2 {
				return res, attr, nil
			}
		}
	case string:
		if res, attr, ok := strings.Cut(x, "."); ok {
			return res, attr, nil
		}
	}
	return "", "", formatError("Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute")
}

func (e *Env) ref(name string) (any, error) {
	switch name {
	case "AWS::AccountId":
		return e.Pseudo.AccountID, nil
	case "AWS::Region":
		return e.Pseudo.Region, nil
	case "AWS::Partition":
		return e.Pseudo.Partition, nil
	case "AWS::StackName":
		return e.Pseudo.StackName, nil
	case "AWS::StackId":
		return e.Pseudo.StackID, nil
	case "AWS::URLSuffix":
		return e.Pseudo.URLSuffix, nil
	case "AWS::NoValue":
		return noValue{}, nil
	case "AWS::NotificationARNs":
		out := []any{}
		for _, a := range e.Pseudo.NotificationARNs {
			out = append(out, a)
		}
		return out, nil
	}
	if e.Template != nil {
		if p, ok := e.Template.Parameters[name]; ok {
			v := e.Params[name]
			if p.IsList() {
				out := []any{}
				for _, s := range splitList(v) {
					out = append(out, s)
				}
				return out, nil
			}
			return v, nil
		}
	}
	if r, ok := e.Resources[name]; ok {
		return r.Ref, nil
	}
	if e.Unknown && e.Template != nil {
		if _, ok := e.Template.Resources[name]; ok {
			return Unknown{Expr: "Ref " + name}, nil
		}
	}
	return nil, formatError("Unresolved resource dependencies [%s] in the Resources block of the template", name)
}

func (e *Env) getAtt(res, attr string) (any, error) {
	if r, ok := e.Resources[res]; ok {
		v, ok := r.Attrs[attr]
		if !ok {
			return nil, formatError("Template error: resource %s does not support attribute type %s in Fn::GetAtt", res, attr)
		}
		return v, nil
	}
	if e.Unknown && e.Template != nil {
		if _, ok := e.Template.Resources[res]; ok {
			return Unknown{Expr: "Fn::GetAtt " + res + "." + attr}, nil
		}
	}
	return nil, formatError("Template error: instance of Fn::GetAtt references undefined resource %s", res)
}

// sub implements Fn::Sub: a string, or a string and a map of variables.
func (e *Env) sub(a any) (any, error) {
	var text string
	vars := map[string]any{}
	switch x := a.(type) {
	case string:
		text = x
	case []any:
		if len(x) != 2 {
			return nil, formatError("Fn::Sub requires a string or a list of a string and a map")
		}
		s, ok := x[0].(string)
		m, ok2 := x[1].(map[string]any)
		if !ok || !ok2 {
			return nil, formatError("Fn::Sub requires a string or a list of a string and a map")
		}
		text, vars = s, m
	default:
		return nil, formatError("Fn::Sub requires a string or a list of a string and a map")
	}
	var b strings.Builder
	for {
		i := strings.Index(text, "${")
		if i < 0 {
			b.WriteString(text)
			return b.String(), nil
		}
		b.WriteString(text[:i])
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			return nil, formatError("Fn::Sub: unterminated variable in %q", text)
		}
		name := text[i+2 : i+j]
		text = text[i+j+1:]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		var v any
		var err error
		if vv, ok := vars[name]; ok {
			v = vv
		} else if res, attr, dotted := strings.Cut(name, "."); dotted && !isPseudo(name) {
			v, err = e.getAtt(res, attr)
		} else {
			v, err = e.ref(name)
		}
		if err != nil {
			return nil, err
		}
		if u, ok := v.(Unknown); ok {
			return u, nil
		}
		s, ok := scalarString(v)
		if !ok {
			return nil, formatError("Fn::Sub: variable %s is not a string", name)
		}
		b.WriteString(s)
	}
}

// String renders an evaluated value as a property string: scalars as
// text, anything else as JSON.
func String(v any) string {
	if s, ok := scalarString(v); ok {
		return s
	}
	if u, ok := v.(Unknown); ok {
		return "{{" + u.Expr + "}}"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
