package cfn

import (
	"os"
	"testing"
)

// FuzzParse: no template body makes the parser panic, and a parse is
// deterministic.
func FuzzParse(f *testing.F) {
	body, err := os.ReadFile("testdata/figure4.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(body)
	f.Add([]byte(yamlTemplate))
	f.Add([]byte(`{"Resources":{"A":{"Type":"X","DependsOn":"A"}}}`))
	f.Add([]byte("Resources:\n  A: !GetAtt B.C\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		t1, err1 := Parse(body)
		t2, err2 := Parse(body)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("non-deterministic: %v / %v", err1, err2)
		}
		if err1 != nil {
			if err1.Error() != err2.Error() {
				t.Fatalf("non-deterministic errors: %v / %v", err1, err2)
			}
			return
		}
		_ = t1.Unsupported()
		params := map[string]string{}
		for name, p := range t1.Parameters {
			params[name] = "1"
			if p.Default != nil {
				params[name] = *p.Default
			}
		}
		env := &Env{Template: t1, Params: params, Resources: map[string]Physical{}, Unknown: true}
		if env.EvalConditions() != nil {
			return
		}
		for _, id := range t1.ResourceIDs() {
			_, _ = env.Eval(t1.Resources[id].Properties)
		}
		_, _ = Plan(nil, env)
		_ = t2
	})
}

// FuzzSub: Fn::Sub over any string never panics.
func FuzzSub(f *testing.F) {
	f.Add("${AWS::Region}-${!x}-${P}")
	f.Add("${")
	f.Fuzz(func(t *testing.T, s string) {
		tpl := &Template{Parameters: map[string]Parameter{"P": {Name: "P", Type: "String"}}, Resources: map[string]Resource{}}
		env := &Env{Template: tpl, Params: map[string]string{"P": "v"}}
		_, _ = env.Eval(map[string]any{"Fn::Sub": s})
		_ = subVariables(s)
	})
}
