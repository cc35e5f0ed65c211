package cfn

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustParse(t *testing.T, body string) *Template {
	t.Helper()
	tpl, err := Parse([]byte(body))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return tpl
}

func testEnv(t *testing.T, tpl *Template, params map[string]string) *Env {
	t.Helper()
	env := &Env{Template: tpl, Params: params, Resources: map[string]Physical{},
		Pseudo: Pseudo{AccountID: "111111111111", Region: "us-east-1", Partition: "aws", StackName: "s",
			StackID: "arn:aws:cloudformation:us-east-1:111111111111:stack/s/id", URLSuffix: "amazonaws.com"}}
	if err := env.EvalConditions(); err != nil {
		t.Fatalf("EvalConditions: %v", err)
	}
	return env
}

func TestFigure4Parses(t *testing.T) {
	t.Parallel()
	body, err := os.ReadFile("testdata/figure4.json")
	if err != nil {
		t.Fatal(err)
	}
	tpl := mustParse(t, string(body))
	if err := tpl.Unsupported(); err != nil {
		t.Fatal(err)
	}
	r := tpl.Resources["PolicyTestTemplate"]
	if r.Type != "AWS::Organizations::Policy" || r.DeletionPolicy != "Retain" || r.Properties["Type"] != "CHATBOT_POLICY" {
		t.Fatalf("resource = %+v", r)
	}
	if _, ok := r.Properties["Content"].(map[string]any); !ok {
		t.Fatalf("Content is %T, want an object", r.Properties["Content"])
	}
}

const yamlTemplate = `
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    AllowedValues: [prod, dev]
    Default: dev
  Workspaces:
    Type: CommaDelimitedList
    Default: "T1,T2"
Mappings:
  Names:
    prod: {Suffix: Production}
    dev: {Suffix: Development}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition NotProd, !Equals ["a", "a"]]
Resources:
  Unit:
    Type: AWS::Organizations::OrganizationalUnit
    Properties:
      Name: !Sub "chat-${Env}-${AWS::Region}"
      ParentId: r-abcd
  Guard:
    Type: AWS::Organizations::Policy
    Condition: NotProd
    Properties:
      Type: CHATBOT_POLICY
      Name: !Join ["-", [guard, !FindInMap [Names, !Ref Env, Suffix]]]
      Content: '{"chatbot":{}}'
      TargetIds: [!Ref Unit]
      Description: !If [IsProd, "prod", !Ref "AWS::NoValue"]
  Other:
    Type: AWS::Organizations::Policy
    DependsOn: Guard
    Properties:
      Type: CHATBOT_POLICY
      Name: !Select [1, !Ref Workspaces]
      Content: !Base64 x
      Description: !GetAtt Unit.Arn
Outputs:
  UnitId:
    Value: !Ref Unit
    Export:
      Name: !Sub "${AWS::StackName}-unit"
`

func TestYAMLShortForms(t *testing.T) {
	t.Parallel()
	tpl := mustParse(t, yamlTemplate)
	params, err := tpl.ResolveParameters(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	env := testEnv(t, tpl, params)
	if diff := cmp.Diff(map[string]bool{"IsProd": false, "NotProd": true, "Both": true}, env.Conditions); diff != "" {
		t.Fatalf("conditions (-want +got):\n%s", diff)
	}
	order, err := tpl.Active(env)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Unit", "Guard", "Other"}, order); diff != "" {
		t.Fatalf("order (-want +got):\n%s", diff)
	}
	env.Resources["Unit"] = Physical{Ref: "ou-abcd-12345678", Attrs: map[string]string{"Arn": "arn:ou", "Id": "ou-abcd-12345678"}}
	tests := []struct {
		id   string
		want map[string]any
	}{
		{"Unit", map[string]any{"Name": "chat-dev-us-east-1", "ParentId": "r-abcd"}},
		{"Guard", map[string]any{"Type": "CHATBOT_POLICY", "Name": "guard-Development", "Content": `{"chatbot":{}}`,
			"TargetIds": []any{"ou-abcd-12345678"}}},
		{"Other", map[string]any{"Type": "CHATBOT_POLICY", "Name": "T2", "Content": "eA==", "Description": "arn:ou"}},
	}
	for _, tt := range tests {
		got, err := env.Eval(tpl.Resources[tt.id].Properties)
		if err != nil {
			t.Fatalf("%s: %v", tt.id, err)
		}
		if diff := cmp.Diff(any(tt.want), got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.id, diff)
		}
	}
	outs, err := env.EvalOutputs()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]OutputValue{{Key: "UnitId", Value: "ou-abcd-12345678", ExportName: "s-unit"}}, outs); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
}

func TestIntrinsics(t *testing.T) {
	t.Parallel()
	tpl := mustParse(t, `{"Parameters":{"P":{"Type":"String","Default":"a,b,c"},"N":{"Type":"Number","Default":"2"}},
		"Conditions":{"C":{"Fn::Or":[{"Fn::Equals":[{"Ref":"N"},"3"]},{"Fn::Equals":[{"Ref":"AWS::Partition"},"aws"]}]}},
		"Mappings":{"M":{"k":{"v":["x","y"]}}},
		"Resources":{"R":{"Type":"AWS::Organizations::ResourcePolicy","Properties":{"Content":"{}"}}}}`)
	env := testEnv(t, tpl, map[string]string{"P": "a,b,c", "N": "2"})
	env.Resources["R"] = Physical{Ref: "rp-1", Attrs: map[string]string{"Arn": "arn:rp", "Id": "rp-1"}}
	tests := []struct {
		name string
		expr string
		want any
		err  string
	}{
		{"ref param", `{"Ref":"P"}`, "a,b,c", ""},
		{"ref pseudo", `{"Ref":"AWS::AccountId"}`, "111111111111", ""},
		{"ref url suffix", `{"Ref":"AWS::URLSuffix"}`, "amazonaws.com", ""},
		{"ref resource", `{"Ref":"R"}`, "rp-1", ""},
		{"getatt list", `{"Fn::GetAtt":["R","Arn"]}`, "arn:rp", ""},
		{"getatt dotted", `{"Fn::GetAtt":"R.Id"}`, "rp-1", ""},
		{"getatt unknown attr", `{"Fn::GetAtt":["R","Nope"]}`, nil, "does not support attribute type Nope"},
		{"split select", `{"Fn::Select":["2",{"Fn::Split":[",",{"Ref":"P"}]}]}`, "c", ""},
		{"select out of range", `{"Fn::Select":[5,["a"]]}`, nil, "nonexistent value at index 5"},
		{"join", `{"Fn::Join":["/",["a",{"Ref":"AWS::Region"}]]}`, "a/us-east-1", ""},
		{"join bad", `{"Fn::Join":"x"}`, nil, "Fn::Join requires"},
		{"sub vars", `{"Fn::Sub":["${X}-${R.Arn}-${!Lit}",{"X":{"Ref":"N"}}]}`, "2-arn:rp-${Lit}", ""},
		{"sub pseudo", `{"Fn::Sub":"${AWS::StackName}:${AWS::Partition}"}`, "s:aws", ""},
		{"sub unterminated", `{"Fn::Sub":"${X"}`, nil, "unterminated"},
		{"if true", `{"Fn::If":["C","yes","no"]}`, "yes", ""},
		{"if unknown condition", `{"Fn::If":["D","yes","no"]}`, nil, "Unresolved dependencies [D]"},
		{"findinmap", `{"Fn::FindInMap":["M","k","v"]}`, []any{"x", "y"}, ""},
		{"findinmap missing", `{"Fn::FindInMap":["M","k","w"]}`, nil, "Unable to get mapping for M::k::w"},
		{"base64", `{"Fn::Base64":"hi"}`, "aGk=", ""},
		{"novalue in list", `["a",{"Ref":"AWS::NoValue"}]`, []any{"a"}, ""},
		{"novalue in map", `{"a":{"Ref":"AWS::NoValue"},"b":1}`, map[string]any{"b": json.Number("1")}, ""},
		{"equals", `{"Fn::Equals":[{"Ref":"N"},2]}`, true, ""},
		{"not and", `{"Fn::Not":[{"Fn::And":[{"Fn::Equals":["a","a"]},{"Fn::Equals":["a","b"]}]}]}`, true, ""},
		{"getazs", `{"Fn::Select":[0,{"Fn::GetAZs":""}]}`, "us-east-1a", ""},
		{"import missing", `{"Fn::ImportValue":"x"}`, nil, "No export named x found"},
		{"unknown function", `{"Fn::Nope":1}`, nil, "Unrecognized intrinsic function Fn::Nope"},
		{"ref not a string", `{"Ref":["a"]}`, nil, "single String value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var expr any
			dec := json.NewDecoder(strings.NewReader(tt.expr))
			dec.UseNumber()
			if err := dec.Decode(&expr); err != nil {
				t.Fatal(err)
			}
			got, err := env.Eval(expr)
			if tt.err != "" {
				var ve *ValidationError
				if !errors.As(err, &ve) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want a ValidationError containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMalformedTemplates(t *testing.T) {
	t.Parallel()
	const res = `"R":{"Type":"AWS::Organizations::OrganizationalUnit","Properties":{"Name":"n","ParentId":"r-abcd"}}`
	tests := []struct {
		name, body, want string
	}{
		{"empty", ``, "Template format error: template body is empty"},
		{"bad json", `{"Resources":`, "Template format error: JSON not well-formed."},
		{"duplicate key", `{"Resources":{` + res + `,` + res + `}}`, `duplicate key "R" at /Resources`},
		{"bad yaml", "Resources: [\n", "Template format error: YAML not well-formed."},
		{"yaml duplicate", "Resources:\n  A: {Type: X}\n  A: {Type: Y}\n", `duplicate key "A" at line 3`},
		{"unknown tag", "Resources:\n  A: !Nope x\n", "unknown tag !Nope at line 2"},
		{"not an object", `[1]`, "Template format error: not a valid template"},
		{"no resources", `{"Description":"x"}`, "Template format error: At least one Resources member must be defined."},
		{"unknown section", `{"Resourcez":{}, "Resources":{` + res + `}}`, "Template format error: Invalid template property or properties [Resourcez]"},
		{"no type", `{"Resources":{"R":{"Properties":{}}}}`, "Template format error: [/Resources/R] Every Resources object must contain a Type member."},
		{"bad resource key", `{"Resources":{"R":{"Type":"X","Propertiez":{}}}}`, "[/Resources/R] Invalid template resource property 'Propertiez'"},
		{"bad name", `{"Resources":{"R-1":{"Type":"X"}}}`, "Resource name R-1 is non alphanumeric."},
		{"unresolved ref", `{"Resources":{"R":{"Type":"X","Properties":{"A":{"Ref":"Nope"}}}}}`,
			"Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template"},
		{"unresolved depends", `{"Resources":{"R":{"Type":"X","DependsOn":["Y","Z"]}}}`,
			"Unresolved resource dependencies [Y, Z] in the Resources block of the template"},
		{"unresolved sub", `{"Resources":{"R":{"Type":"X","Properties":{"A":{"Fn::Sub":"${Q}"}}}}}`,
			"Unresolved resource dependencies [Q]"},
		{"getatt undefined", `{"Resources":{"R":{"Type":"X","Properties":{"A":{"Fn::GetAtt":["Q","Arn"]}}}}}`,
			"Fn::GetAtt references undefined resource Q"},
		{"cycle", `{"Resources":{"A":{"Type":"X","Properties":{"P":{"Ref":"B"}}},"B":{"Type":"X","DependsOn":"C"},"C":{"Type":"X","Properties":{"P":{"Fn::GetAtt":["A","Arn"]}}}}}`,
			"Circular dependency between resources: [A, B, C]"},
		{"self cycle", `{"Resources":{"A":{"Type":"X","DependsOn":"A"}}}`, "Circular dependency between resources: [A]"},
		{"bad version", `{"AWSTemplateFormatVersion":"2011-01-01","Resources":{` + res + `}}`, "Unsupported template format version"},
		{"param no type", `{"Parameters":{"P":{}},"Resources":{` + res + `}}`, "[/Parameters/P] Every Parameters object must contain a Type member."},
		{"param bad type", `{"Parameters":{"P":{"Type":"Strin"}},"Resources":{` + res + `}}`, "Unrecognized parameter type: Strin"},
		{"unknown condition", `{"Resources":{"R":{"Type":"X","Condition":"C"}}}`, "Unresolved dependencies [C]"},
		{"condition refs resource", `{"Conditions":{"C":{"Fn::Equals":[{"Ref":"R"},"x"]}},"Resources":{` + res + `}}`,
			"Unresolved dependencies [R]. Cannot reference resources in the Conditions block of the template"},
		{"output no value", `{"Resources":{` + res + `},"Outputs":{"O":{}}}`, "[/Outputs/O] Every Outputs member must contain a Value object"},
		{"output unresolved", `{"Resources":{` + res + `},"Outputs":{"O":{"Value":{"Ref":"Z"}}}}`,
			"Unresolved resource dependencies [Z] in the Outputs block of the template"},
		{"transform", `{"Transform":"AWS::Serverless-2016-10-31","Resources":{` + res + `}}`, "Transform is not supported"},
		{"alias bomb", "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
			"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
			"expands to more than 200000 values"},
		{"bad deletion policy", `{"Resources":{"R":{"Type":"X","DeletionPolicy":"Keep"}}}`, "[/Resources/R/DeletionPolicy]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.body))
			var ve *ValidationError
			if !errors.As(err, &ve) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want a ValidationError containing %q", err, tt.want)
			}
		})
	}
}

func TestUnsupported(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, body, want string }{
		{"type", `{"Resources":{"B":{"Type":"AWS::S3::Bucket"},"C":{"Type":"AWS::SNS::Topic"}}}`,
			"Template format error: Unrecognized resource types: [AWS::S3::Bucket, AWS::SNS::Topic]"},
		{"attribute", `{"Resources":{"R":{"Type":"AWS::Organizations::ResourcePolicy","Properties":{"Content":"{}"}},
			"P":{"Type":"AWS::Organizations::ResourcePolicy","Properties":{"Content":{"Fn::GetAtt":["R","Name"]}}}}}`,
			"resource R does not support attribute type Name in Fn::GetAtt"},
	}
	for _, tt := range tests {
		err := mustParse(t, tt.body).Unsupported()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestParameters(t *testing.T) {
	t.Parallel()
	tpl := mustParse(t, `{"Parameters":{
		"S":{"Type":"String","AllowedValues":["a","b"]},
		"N":{"Type":"Number","MinValue":1,"MaxValue":5,"Default":3},
		"Pat":{"Type":"String","AllowedPattern":"[a-z]+","Default":"abc","NoEcho":true},
		"L":{"Type":"String","MinLength":2,"MaxLength":3,"Default":"ab"},
		"C":{"Type":"String","AllowedValues":["x"],"Default":"x","ConstraintDescription":"must be x"}},
		"Resources":{"R":{"Type":"AWS::Organizations::ResourcePolicy","Properties":{"Content":"{}"}}}}`)
	if !tpl.Parameters["Pat"].NoEcho {
		t.Error("NoEcho not read")
	}
	tests := []struct {
		name  string
		given []ParameterValue
		prev  map[string]string
		want  map[string]string
		err   string
	}{
		{"defaults", []ParameterValue{{Key: "S", Value: "a"}}, nil,
			map[string]string{"S": "a", "N": "3", "Pat": "abc", "L": "ab", "C": "x"}, ""},
		{"missing", nil, nil, nil, "Parameters: [S] must have values"},
		{"unknown", []ParameterValue{{Key: "S", Value: "a"}, {Key: "Z"}}, nil, nil, "Parameters: [Z] do not exist in the template"},
		{"not allowed", []ParameterValue{{Key: "S", Value: "c"}}, nil, nil, "Parameter 'S' must be one of AllowedValues"},
		{"not a number", []ParameterValue{{Key: "S", Value: "a"}, {Key: "N", Value: "x"}}, nil, nil, "Parameter 'N' must be a number."},
		{"too big", []ParameterValue{{Key: "S", Value: "a"}, {Key: "N", Value: "6"}}, nil, nil, "not greater than 5"},
		{"pattern", []ParameterValue{{Key: "S", Value: "a"}, {Key: "Pat", Value: "A1"}}, nil, nil, "Parameter 'Pat' must match pattern [a-z]+"},
		{"too long", []ParameterValue{{Key: "S", Value: "a"}, {Key: "L", Value: "abcd"}}, nil, nil, "at most 3 characters"},
		{"constraint description", []ParameterValue{{Key: "S", Value: "a"}, {Key: "C", Value: "y"}}, nil, nil, "failed to satisfy constraint: must be x"},
		{"use previous", []ParameterValue{{Key: "S", UsePrevious: true}}, map[string]string{"S": "b"},
			map[string]string{"S": "b", "N": "3", "Pat": "abc", "L": "ab", "C": "x"}, ""},
		{"use previous absent", []ParameterValue{{Key: "S", UsePrevious: true}}, nil, nil, "Cannot specify usePreviousValue"},
	}
	for _, tt := range tests {
		got, err := tpl.ResolveParameters(tt.given, tt.prev)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestPlan(t *testing.T) {
	t.Parallel()
	tpl := mustParse(t, `{"Resources":{
		"Same":{"Type":"AWS::Organizations::OrganizationalUnit","Properties":{"Name":"a","ParentId":"r-abcd"}},
		"Renamed":{"Type":"AWS::Organizations::OrganizationalUnit","Properties":{"Name":"new","ParentId":"r-abcd"}},
		"Moved":{"Type":"AWS::Organizations::OrganizationalUnit","Properties":{"Name":"m","ParentId":{"Ref":"Fresh"}}},
		"Fresh":{"Type":"AWS::Organizations::OrganizationalUnit","Properties":{"Name":"f","ParentId":"r-abcd"}},
		"Child":{"Type":"AWS::Organizations::OrganizationalUnit","Properties":{"Name":"c","ParentId":{"Ref":"Moved"}}}}}`)
	env := testEnv(t, tpl, nil)
	old := []Deployed{
		{LogicalID: "Same", Type: "AWS::Organizations::OrganizationalUnit", PhysicalID: "ou-1", Properties: map[string]any{"Name": "a", "ParentId": "r-abcd"}},
		{LogicalID: "Renamed", Type: "AWS::Organizations::OrganizationalUnit", PhysicalID: "ou-2", Properties: map[string]any{"Name": "old", "ParentId": "r-abcd"}},
		{LogicalID: "Moved", Type: "AWS::Organizations::OrganizationalUnit", PhysicalID: "ou-3", Properties: map[string]any{"Name": "m", "ParentId": "r-abcd"}},
		// Child refers to Moved, which the plan may replace: it changes too.
		{LogicalID: "Child", Type: "AWS::Organizations::OrganizationalUnit", PhysicalID: "ou-4", Properties: map[string]any{"Name": "c", "ParentId": "ou-3"}},
		{LogicalID: "Gone", Type: "AWS::Organizations::Policy", PhysicalID: "p-1", DeletionPolicy: "Retain"},
		{LogicalID: "Dropped", Type: "AWS::Organizations::Policy", PhysicalID: "p-2"},
	}
	for _, d := range old {
		env.Resources[d.LogicalID] = Physical{Ref: d.PhysicalID}
	}
	got, err := Plan(old, env)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{
		{LogicalID: "Fresh", Type: "AWS::Organizations::OrganizationalUnit", Action: ActionAdd},
		{LogicalID: "Moved", Type: "AWS::Organizations::OrganizationalUnit", PhysicalID: "ou-3", Action: ActionModify, Replacement: "Conditional", Properties: []string{"ParentId"}},
		{LogicalID: "Child", Type: "AWS::Organizations::OrganizationalUnit", PhysicalID: "ou-4", Action: ActionModify, Replacement: "Conditional", Properties: []string{"ParentId"}},
		{LogicalID: "Renamed", Type: "AWS::Organizations::OrganizationalUnit", PhysicalID: "ou-2", Action: ActionModify, Replacement: "False", Properties: []string{"Name"}},
		{LogicalID: "Dropped", Type: "AWS::Organizations::Policy", PhysicalID: "p-2", Action: ActionRemove},
		{LogicalID: "Gone", Type: "AWS::Organizations::Policy", PhysicalID: "p-1", Action: ActionRemove, Retain: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
}

func TestCheckProperties(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ   string
		props map[string]any
		want  string
	}{
		{"AWS::Organizations::Policy", map[string]any{"Name": "n", "Type": "CHATBOT_POLICY", "Content": "{}"}, ""},
		{"AWS::Organizations::Policy", map[string]any{"Name": "n", "Type": "CHATBOT_POLICY"}, "#: required key [Content] not found"},
		{"AWS::Organizations::Policy", map[string]any{"Name": "n", "Type": "CHATBOT_POLICY", "Content": "{}", "Bogus": 1}, "Encountered unsupported property Bogus"},
		{"AWS::S3::Bucket", nil, "Unrecognized resource types: [AWS::S3::Bucket]"},
	}
	for _, tt := range tests {
		err := CheckProperties(tt.typ, tt.props)
		if (tt.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %v: err = %v, want %q", tt.typ, tt.props, err, tt.want)
		}
	}
}
