package orgfile

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/iam"
)

const denyChatSCP = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"rds:*","Resource":"*"}]}`

// levelPolicies lists each level's node and SCP IDs, "r-root:p-a,p-b".
func levelPolicies(levels []iam.Level) []string {
	var out []string
	for _, l := range levels {
		var ids []string
		for _, p := range l.Policies {
			ids = append(ids, p.ID)
		}
		out = append(out, l.Node.ID+":"+strings.Join(ids, ","))
	}
	return out
}

func TestFullAWSAccessIsAttachedWhereNotDetached(t *testing.T) {
	t.Parallel()
	o, err := Parse([]byte(`
root:
  ous:
    - name: Workloads
      id: ou-root-11111111
      policies: [deny-rds]
      accounts:
        - {id: "111111111111", name: a}
        - {id: "222222222222", name: b, detachFullAWSAccess: true, policies: [deny-rds]}
policies:
  - {name: deny-rds, id: p-denyrds01, type: SERVICE_CONTROL_POLICY, content: '`+denyChatSCP+`'}
`), "")
	if err != nil {
		t.Fatal(err)
	}
	levels, err := o.SCPPath("111111111111")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"r-root:p-FullAWSAccess", "ou-root-11111111:p-FullAWSAccess,p-denyrds01", "111111111111:p-FullAWSAccess"}
	if diff := cmp.Diff(want, levelPolicies(levels)); diff != "" {
		t.Errorf("levels (-want +got):\n%s", diff)
	}
	if levels[1].Node != (iam.Node{ID: "ou-root-11111111", Type: iam.NodeOrganizationalUnit, Name: "Workloads"}) || levels[1].Policies[0].Name != FullAWSAccessName {
		t.Errorf("level 1: %+v", levels[1])
	}
	levels, _ = o.SCPPath("222222222222")
	if got := levelPolicies(levels)[2]; got != "222222222222:p-denyrds01" {
		t.Errorf("detached account: %s", got)
	}
	if o.HasFullAWSAccess("222222222222") || !o.HasFullAWSAccess("111111111111") {
		t.Error("HasFullAWSAccess")
	}
	// What FullAWSAccess allows, the OU's deny still denies.
	req := iam.Request{Action: "rds:DeleteDBCluster", Resource: "*"}
	if d := iam.DecideSCPs(levels, req, false); d != iam.ExplicitDeny {
		t.Errorf("rds: %v", d)
	}
	levels, _ = o.SCPPath("111111111111")
	if d := iam.DecideSCPs(levels, iam.Request{Action: "ec2:RunInstances", Resource: "*"}, false); d != iam.Allow {
		t.Errorf("ec2: %v", d)
	}
	// The implicit attachment is not one of the file's: what-if and the
	// API loaders see only what the file lists.
	if len(o.AttachedTo("r-root")) != 0 {
		t.Errorf("AttachedTo(root) = %v", o.AttachedTo("r-root"))
	}
	if _, ok := o.Policy(FullAWSAccessName); ok {
		t.Error("FullAWSAccess is one of the file's policies")
	}
}

func TestSCPPathWithoutSCPs(t *testing.T) {
	t.Parallel()
	o, err := Parse([]byte(`
root:
  accounts: [{id: "111111111111", name: a}]
`), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.SCPPath("111111111111"); !errors.Is(err, ErrNotEnabled) {
		t.Errorf("err = %v", err)
	}
	if o.SCPs("r-root") != nil || o.HasFullAWSAccess("r-root") {
		t.Error("SCPs without the type enabled")
	}
	// Enabling the type alone attaches FullAWSAccess everywhere.
	o, err = Parse([]byte(`
enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
root:
  accounts: [{id: "111111111111", name: a}]
`), "")
	if err != nil {
		t.Fatal(err)
	}
	levels, err := o.SCPPath("111111111111")
	if err != nil || len(levels) != 2 || len(levels[1].Policies) != 1 || levels[1].Policies[0].ID != FullAWSAccessID {
		t.Errorf("levels %+v, %v", levels, err)
	}
}

func TestFullAWSAccessProblems(t *testing.T) {
	t.Parallel()
	var ten []string
	var defs []string
	for i := range 10 {
		name := "s" + string(rune('a'+i))
		ten = append(ten, name)
		defs = append(defs, `  - {name: `+name+`, type: SERVICE_CONTROL_POLICY, content: '`+denyChatSCP+`'}`)
	}
	tests := []struct {
		name, file string
		want       []string
	}{
		{"detached without SCPs enabled", `
enabledPolicyTypes: [CHATBOT_POLICY]
root:
  accounts: [{id: "111111111111", name: a, detachFullAWSAccess: true}]
`, []string{"root.accounts[0]: detachFullAWSAccess needs SERVICE_CONTROL_POLICY enabled"}},
		{"detached leaves nothing", `
enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
root:
  ous: [{name: Sandbox, detachFullAWSAccess: true}]
`, []string{"root.ous[0]: detachFullAWSAccess leaves ou-root-", "(Sandbox) without an SCP; a node keeps at least 1"}},
		{"ten and FullAWSAccess", `
root:
  policies: [` + strings.Join(ten, ", ") + `]
policies:
` + strings.Join(defs, "\n") + `
`, []string{"root: 11 SERVICE_CONTROL_POLICY policies attached with FullAWSAccess; a node may have at most 10"}},
		{"listed", `
enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
root:
  policies: [FullAWSAccess]
`, []string{"root: FullAWSAccess is attached to every node while SERVICE_CONTROL_POLICY is enabled; do not list it"}},
		{"defined", `
policies:
  - {name: FullAWSAccess, type: SERVICE_CONTROL_POLICY, content: '` + denyChatSCP + `'}
  - {name: other, id: p-FullAWSAccess, content: '{"chatbot": {}}'}
`, []string{`policies[0] "FullAWSAccess": FullAWSAccess (p-FullAWSAccess) is the AWS managed SCP`,
			`policies[1] "other": FullAWSAccess (p-FullAWSAccess) is the AWS managed SCP`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.file), "")
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
	// Ten SCPs fit once FullAWSAccess is detached.
	if _, err := Parse([]byte(`
root:
  detachFullAWSAccess: true
  policies: [`+strings.Join(ten, ", ")+`]
policies:
`+strings.Join(defs, "\n")+"\n"), ""); err != nil {
		t.Errorf("ten SCPs without FullAWSAccess: %v", err)
	}
}
