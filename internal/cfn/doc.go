// Package cfn is chatgov's CloudFormation template engine: it parses JSON
// and YAML templates (YAML's short forms such as !Ref and !Sub included),
// checks them as CloudFormation does, resolves parameters, conditions,
// mappings, intrinsic functions and pseudo-parameters, orders resources by
// their dependencies, and plans what a deployment would create, modify,
// replace and delete.
//
// The package is pure: functions over in-memory values, no I/O, the
// standard library plus go.yaml.in/yaml/v3. Running a plan against the
// organization is internal/cfn/stack's job, through gov.
//
// Values of a template are decoded to a small tree: nil, bool, string,
// json.Number, []any and map[string]any. Every error a template can cause
// is a *ValidationError whose message is worded as AWS words it.
package cfn
