package cfn

import (
	"encoding/json"
	"maps"
	"slices"
)

// Deployed is a resource as a stack holds it after a deployment.
type Deployed struct {
	LogicalID  string
	Type       string
	PhysicalID string
	// Properties are the evaluated properties it was deployed with.
	Properties map[string]any
	// Attrs answer Fn::GetAtt.
	Attrs               map[string]string
	DeletionPolicy      string
	UpdateReplacePolicy string
}

// The actions of a Change, as change sets name them.
const (
	ActionAdd    = "Add"
	ActionModify = "Modify"
	ActionRemove = "Remove"
)

// Change is one step of a plan.
type Change struct {
	LogicalID  string
	Type       string
	PhysicalID string // of the deployed resource, for Modify and Remove
	Action     string
	// Replacement is "True", "False" or "Conditional" (a replacing
	// property whose value is known only at deployment) for Modify.
	Replacement string
	// Properties names the properties that change (Modify), sorted.
	Properties []string
	// Retain is set on a Remove (or a replacement) whose resource's
	// deletion policy keeps it.
	Retain bool
}

// Active returns the template's resources whose Condition holds, in
// creation order. env.Conditions must be evaluated.
func (t *Template) Active(env *Env) ([]string, error) {
	order, err := t.Order()
	if err != nil {
		return nil, err
	}
	out := order[:0:0]
	for _, id := range order {
		if c := t.Resources[id].Condition; c != "" && !env.Conditions[c] {
			continue
		}
		out = append(out, id)
	}
	return out, nil
}

// Plan compares the resources a stack holds (old, in creation order) with
// the template env describes, and returns the changes that a deployment
// makes: Add and Modify in the new template's creation order, then Remove
// in the reverse of the old creation order. env.Conditions must be
// evaluated; env.Resources should hold the old resources' physical values.
// Errors are the *ValidationError of evaluating properties.
func Plan(old []Deployed, env *Env) ([]Change, error) {
	t := env.Template
	saved := env.Unknown
	env.Unknown = true
	// A resource that the plan replaces gets a new physical ID: what
	// refers to it evaluates as unknown from then on, and so changes.
	known := env.Resources
	env.Resources = maps.Clone(known)
	defer func() { env.Unknown, env.Resources = saved, known }()
	active, err := t.Active(env)
	if err != nil {
		return nil, err
	}
	byID := map[string]Deployed{}
	for _, d := range old {
		byID[d.LogicalID] = d
	}
	var changes []Change
	for _, id := range active {
		r := t.Resources[id]
		d, had := byID[id]
		if !had {
			changes = append(changes, Change{LogicalID: id, Type: r.Type, Action: ActionAdd})
			continue
		}
		if d.Type != r.Type {
			changes = append(changes, Change{LogicalID: id, Type: r.Type, PhysicalID: d.PhysicalID, Action: ActionModify,
				Replacement: "True", Retain: retains(d.UpdateReplacePolicy)})
			delete(env.Resources, id)
			continue
		}
		v, err := env.Eval(r.Properties)
		if err != nil {
			return nil, err
		}
		props, _ := v.(map[string]any)
		changed, replacement := diffProperties(r.Type, d.Properties, props)
		if len(changed) == 0 {
			continue
		}
		changes = append(changes, Change{LogicalID: id, Type: r.Type, PhysicalID: d.PhysicalID, Action: ActionModify,
			Replacement: replacement, Properties: changed, Retain: replacement != "False" && retains(d.UpdateReplacePolicy)})
		if replacement != "False" {
			delete(env.Resources, id)
		}
	}
	for i := len(old) - 1; i >= 0; i-- {
		d := old[i]
		if slices.Contains(active, d.LogicalID) {
			continue
		}
		changes = append(changes, Change{LogicalID: d.LogicalID, Type: d.Type, PhysicalID: d.PhysicalID,
			Action: ActionRemove, Retain: retains(d.DeletionPolicy)})
	}
	return changes, nil
}

func retains(policy string) bool { return policy == "Retain" || policy == "RetainExceptOnCreate" }

// diffProperties names the properties that differ between old and new,
// and whether the change replaces the resource.
func diffProperties(typ string, old, new map[string]any) ([]string, string) {
	replacing := Types[typ].Replacement
	keys := map[string]bool{}
	for k := range old {
		keys[k] = true
	}
	for k := range new {
		keys[k] = true
	}
	var changed []string
	replacement := "False"
	for _, k := range sortedKeys(keys) {
		o, inOld := old[k]
		n, inNew := new[k]
		_, unknown := firstUnknown(n)
		if inOld == inNew && !unknown && sameJSON(o, n) {
			continue
		}
		changed = append(changed, k)
		if slices.Contains(replacing, k) {
			if unknown && replacement != "True" {
				replacement = "Conditional"
			} else {
				replacement = "True"
			}
		}
	}
	return changed, replacement
}

func sameJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// OutputValue is an evaluated output.
type OutputValue struct {
	Key         string
	Value       string
	Description string
	ExportName  string
}

// EvalOutputs evaluates the outputs whose condition holds, by name.
func (e *Env) EvalOutputs() ([]OutputValue, error) {
	var out []OutputValue
	for _, name := range sortedKeys(e.Template.Outputs) {
		o := e.Template.Outputs[name]
		if o.Condition != "" && !e.Conditions[o.Condition] {
			continue
		}
		v, err := e.Eval(o.Value)
		if err != nil {
			return nil, err
		}
		ov := OutputValue{Key: name, Value: String(v), Description: o.Description}
		if o.Export != nil {
			x, err := e.Eval(o.Export)
			if err != nil {
				return nil, err
			}
			ov.ExportName = String(x)
		}
		out = append(out, ov)
	}
	return out, nil
}
