package cfn

import (
	"encoding/json"
	"sort"
	"strings"
)

// condition evaluates a condition expression.
func (e *Env) condition(v any, depth int) (bool, error) {
	if depth > maxDepth {
		return false, formatError("conditions nested more than %d levels", maxDepth)
	}
	fn, arg, ok := intrinsic(v)
	if !ok {
		return false, formatError("Template error: every condition must be a Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition")
	}
	switch fn {
	case "Condition":
		name, _ := arg.(string)
		b, ok := e.Conditions[name]
		if !ok {
			return false, formatError("Unresolved dependencies [%s]. Cannot reference resources in the Conditions block of the template", name)
		}
		return b, nil
	case "Fn::Equals":
		l, ok := arg.([]any)
		if !ok || len(l) != 2 {
			return false, formatError("Template error: Fn::Equals requires a list argument with two elements")
		}
		a, err := e.eval(l[0], depth+1)
		if err != nil {
			return false, err
		}
		b, err := e.eval(l[1], depth+1)
		if err != nil {
			return false, err
		}
		return equalValues(a, b), nil
	case "Fn::Not":
		l, ok := arg.([]any)
		if !ok || len(l) != 1 {
			return false, formatError("Template error: Fn::Not requires a list argument with one element")
		}
		b, err := e.condition(l[0], depth+1)
		return !b, err
	case "Fn::And", "Fn::Or":
		l, ok := arg.([]any)
		if !ok || len(l) < 2 || len(l) > 10 {
			return false, formatError("Template error: %s requires a list argument with between 2 and 10 elements", fn)
		}
		and := fn == "Fn::And"
		for _, c := range l {
			b, err := e.condition(c, depth+1)
			if err != nil {
				return false, err
			}
			if b != and {
				return !and, nil
			}
		}
		return and, nil
	}
	return false, formatError("Template error: %s is not a condition function", fn)
}

// equalValues compares as Fn::Equals does: scalars by their text.
func equalValues(a, b any) bool {
	as, aok := scalarString(a)
	bs, bok := scalarString(b)
	if aok && bok {
		return as == bs
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// EvalConditions evaluates the Conditions section in dependency order and
// stores the results in e.Conditions. A condition may name parameters,
// pseudo-parameters, mappings and other conditions, never resources.
func (e *Env) EvalConditions() error {
	e.Conditions = map[string]bool{}
	t := e.Template
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(name string, chain []string) error
	visit = func(name string, chain []string) error {
		switch state[name] {
		case 2:
			return nil
		case 1:
			return formatError("Circular dependency between conditions: [%s]", strings.Join(append(chain, name), ", "))
		}
		expr, ok := t.Conditions[name]
		if !ok {
			return formatError("Unresolved dependencies [%s]. Cannot reference resources in the Conditions block of the template", name)
		}
		state[name] = 1
		for _, d := range conditionRefs(expr) {
			if err := visit(d, append(chain, name)); err != nil {
				return err
			}
		}
		saved := e.Resources
		e.Resources = nil // conditions cannot see resources
		b, err := e.condition(expr, 0)
		e.Resources = saved
		if err != nil {
			return err
		}
		e.Conditions[name] = b
		state[name] = 2
		return nil
	}
	for _, name := range sortedKeys(t.Conditions) {
		if err := visit(name, nil); err != nil {
			return err
		}
	}
	return nil
}

// conditionRefs lists the conditions an expression names, sorted.
func conditionRefs(v any) []string {
	seen := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		if fn, arg, ok := intrinsic(v); ok && fn == "Condition" {
			if s, ok := arg.(string); ok {
				seen[s] = true
			}
			return
		}
		switch x := v.(type) {
		case map[string]any:
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(v)
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
