package cfn

import (
	"slices"
	"sort"
	"strings"
)

// reference is a name an expression refers to.
type reference struct {
	name   string
	getAtt bool
	attr   string // the attribute of an Fn::GetAtt
}

// references lists what v refers to through Ref, Fn::GetAtt and Fn::Sub
// (its ${Name} and ${Resource.Attribute} variables), and the conditions
// that its Fn::If calls name.
func references(v any) (refs []reference, conditions []string) {
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > maxDepth {
			return
		}
		if fn, arg, ok := intrinsic(v); ok {
			switch fn {
			case "Ref":
				if s, ok := arg.(string); ok {
					refs = append(refs, reference{name: s})
				}
				return
			case "Fn::GetAtt":
				if res, attr, err := getAttArgs(arg); err == nil {
					refs = append(refs, reference{name: res, getAtt: true, attr: attr})
				}
				return
			case "Fn::Sub":
				text, vars := "", map[string]any{}
				switch x := arg.(type) {
				case string:
					text = x
				case []any:
					if len(x) == 2 {
						text, _ = x[0].(string)
						vars, _ = x[1].(map[string]any)
						walk(x[1], depth+1)
					}
				}
				for _, name := range subVariables(text) {
					if _, ok := vars[name]; ok {
						continue
					}
					if res, attr, dotted := strings.Cut(name, "."); dotted && !isPseudo(name) {
						refs = append(refs, reference{name: res, getAtt: true, attr: attr})
					} else {
						refs = append(refs, reference{name: name})
					}
				}
				return
			case "Fn::If":
				if l, ok := arg.([]any); ok && len(l) > 0 {
					if s, ok := l[0].(string); ok {
						conditions = append(conditions, s)
					}
					for _, c := range l[1:] {
						walk(c, depth+1)
					}
				}
				return
			}
		}
		switch x := v.(type) {
		case map[string]any:
			for _, k := range sortedKeys(x) {
				walk(x[k], depth+1)
			}
		case []any:
			for _, c := range x {
				walk(c, depth+1)
			}
		}
	}
	walk(v, 0)
	return refs, conditions
}

// subVariables lists the ${...} variables of an Fn::Sub string, leaving
// out the ${!Literal} escapes.
func subVariables(text string) []string {
	var out []string
	for {
		i := strings.Index(text, "${")
		if i < 0 {
			return out
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			return out
		}
		name := text[i+2 : i+j]
		if !strings.HasPrefix(name, "!") {
			out = append(out, name)
		}
		text = text[i+j+1:]
	}
}

// check validates what refers to what: every Ref names a parameter, a
// pseudo-parameter or a resource; every Fn::GetAtt a resource; every
// DependsOn a resource; every condition a declared one; and resources do
// not depend on each other in a cycle.
func (t *Template) check() error {
	for _, name := range sortedKeys(t.Conditions) {
		refs, _ := references(t.Conditions[name])
		for _, r := range refs {
			if _, ok := t.Parameters[r.name]; !ok && !isPseudo(r.name) {
				return formatError("Unresolved dependencies [%s]. Cannot reference resources in the Conditions block of the template", r.name)
			}
		}
		for _, c := range conditionRefs(t.Conditions[name]) {
			if _, ok := t.Conditions[c]; !ok {
				return formatError("Unresolved dependencies [%s]. Cannot reference resources in the Conditions block of the template", c)
			}
		}
	}
	var unresolved []string
	checkRefs := func(v any) error {
		refs, conds := references(v)
		for _, r := range refs {
			if r.getAtt {
				if _, ok := t.Resources[r.name]; !ok {
					return formatError("Template error: instance of Fn::GetAtt references undefined resource %s", r.name)
				}
				continue
			}
			_, isParam := t.Parameters[r.name]
			_, isRes := t.Resources[r.name]
			if !isParam && !isRes && !isPseudo(r.name) && !slices.Contains(unresolved, r.name) {
				unresolved = append(unresolved, r.name)
			}
		}
		for _, c := range conds {
			if _, ok := t.Conditions[c]; !ok {
				return formatError("Unresolved condition dependency %s in Fn::If", c)
			}
		}
		return nil
	}
	for _, id := range t.ResourceIDs() {
		r := t.Resources[id]
		if r.Condition != "" {
			if _, ok := t.Conditions[r.Condition]; !ok {
				return formatError("Unresolved dependencies [%s]. Cannot reference resources in the Conditions block of the template", r.Condition)
			}
		}
		for _, d := range r.DependsOn {
			if _, ok := t.Resources[d]; !ok && !slices.Contains(unresolved, d) {
				unresolved = append(unresolved, d)
			}
		}
		if err := checkRefs(r.Properties); err != nil {
			return err
		}
	}
	if len(unresolved) > 0 {
		sort.Strings(unresolved)
		return formatError("Unresolved resource dependencies [%s] in the Resources block of the template", strings.Join(unresolved, ", "))
	}
	for _, name := range sortedKeys(t.Outputs) {
		o := t.Outputs[name]
		if o.Condition != "" {
			if _, ok := t.Conditions[o.Condition]; !ok {
				return formatError("Unresolved dependencies [%s]. Cannot reference resources in the Conditions block of the template", o.Condition)
			}
		}
		if err := checkRefs(o.Value); err != nil {
			return err
		}
		if err := checkRefs(o.Export); err != nil {
			return err
		}
		if len(unresolved) > 0 {
			return formatError("Unresolved resource dependencies [%s] in the Outputs block of the template", strings.Join(unresolved, ", "))
		}
	}
	_, err := t.Order()
	return err
}

// Dependencies returns the logical IDs a resource depends on, explicitly
// (DependsOn) or through Ref, Fn::GetAtt and Fn::Sub, sorted.
func (t *Template) Dependencies(id string) []string {
	r := t.Resources[id]
	set := map[string]bool{}
	for _, d := range r.DependsOn {
		set[d] = true
	}
	refs, _ := references(r.Properties)
	for _, ref := range refs {
		if _, ok := t.Resources[ref.name]; ok {
			set[ref.name] = true
		}
	}
	return sortedKeys(set)
}

// Order returns the logical IDs in creation order: every resource after
// those it depends on, ties broken by name. A cycle is a
// *ValidationError naming the resources in it.
func (t *Template) Order() ([]string, error) {
	state := map[string]int{}
	var order []string
	var visit func(id string, chain []string) error
	visit = func(id string, chain []string) error {
		switch state[id] {
		case 2:
			return nil
		case 1:
			start := slices.Index(chain, id)
			cycle := slices.Clone(chain[start:])
			sort.Strings(cycle)
			return invalid("Circular dependency between resources: [%s]", strings.Join(cycle, ", "))
		}
		state[id] = 1
		for _, d := range t.Dependencies(id) {
			if d == id {
				return invalid("Circular dependency between resources: [%s]", id)
			}
			if err := visit(d, append(chain, id)); err != nil {
				return err
			}
		}
		state[id] = 2
		order = append(order, id)
		return nil
	}
	for _, id := range t.ResourceIDs() {
		if err := visit(id, nil); err != nil {
			return nil, err
		}
	}
	return order, nil
}
