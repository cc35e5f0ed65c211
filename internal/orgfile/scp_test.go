package orgfile

import (
	"strings"
	"testing"
)

const denyChatSCP = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"rds:*","Resource":"*"}]}`

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
