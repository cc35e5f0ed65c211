package gov

import (
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/store"
)

func TestParseRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text, alias string
		vars        map[string]string
		ok          bool
	}{
		{"run restart", "restart", map[string]string{}, true},
		{"@aws run restart service=web cluster=prod", "restart", map[string]string{"service": "web", "cluster": "prod"}, true},
		{"<@U0AWSBOT01> run restart x", "restart", map[string]string{"x": ""}, true},
		{"@Amazon Q aws run restart", "restart", map[string]string{}, true},
		{"RUN restart", "restart", map[string]string{}, true},
		{"run", "", nil, false},
		{"@aws ec2 run-instances", "", nil, false},
		{"", "", nil, false},
	}
	for _, tt := range tests {
		alias, vars, ok := parseRun(tt.text)
		if ok != tt.ok || alias != tt.alias || len(vars) != len(tt.vars) {
			t.Errorf("parseRun(%q) = %q %v %v, want %q %v %v", tt.text, alias, vars, ok, tt.alias, tt.vars, tt.ok)
			continue
		}
		for k, v := range tt.vars {
			if vars[k] != v {
				t.Errorf("parseRun(%q): %s = %q, want %q", tt.text, k, vars[k], v)
			}
		}
	}
}

func TestExpandAction(t *testing.T) {
	t.Parallel()
	a := &store.CustomAction{AliasName: "restart", CommandText: "ecs update-service --cluster $cluster --service ${service} --force-new-deployment"}
	tests := []struct {
		name    string
		vars    map[string]string
		want    string
		wantErr string
	}{
		{"All", map[string]string{"cluster": "prod", "service": "web"}, "ecs update-service --cluster prod --service web --force-new-deployment", ""},
		{"Quoted", map[string]string{"cluster": "prod one", "service": `we"b`}, `ecs update-service --cluster "prod one" --service "we\"b" --force-new-deployment`, ""},
		{"Injection", map[string]string{"cluster": "x --endpoint-url http://evil", "service": "web"},
			`ecs update-service --cluster "x --endpoint-url http://evil" --service web --force-new-deployment`, ""},
		{"Missing", map[string]string{"cluster": "prod"}, "", "needs a value for service: type @aws run restart service=VALUE"},
		{"Empty", map[string]string{"cluster": "", "service": ""}, "", "needs a value for cluster, service"},
	}
	for _, tt := range tests {
		got, err := expandAction(a, tt.vars)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func FuzzExpandAction(f *testing.F) {
	f.Add("ecs update-service --cluster $cluster --service ${service}", "run restart cluster=prod service=web")
	f.Add("$a$b${c}", "@aws run x a=1 b=\"2 c=")
	f.Fuzz(func(t *testing.T, command, text string) {
		alias, vars, ok := parseRun(text)
		if !ok {
			return
		}
		if alias == "" {
			t.Fatalf("parseRun(%q) found no alias", text)
		}
		a := &store.CustomAction{AliasName: alias, CommandText: command}
		out, err := expandAction(a, vars)
		again, err2 := expandAction(a, vars)
		if out != again || (err == nil) != (err2 == nil) {
			t.Fatalf("expansion of %q with %v is not deterministic", command, vars)
		}
		// One pass: a value holding "$name" is never expanded in turn.
		if err == nil && !reActionVariable.MatchString(command) && out != command {
			t.Fatalf("a command without variables changed: %q became %q", command, out)
		}
	})
}
