package orgfile_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/orgfile"
	"github.com/chatgov/chatgov/internal/scenario"
	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/memstore"
)

const denyRDS = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"rds:*","Resource":"*"}]}`

// scpFile has SCPs enabled (by the SCPs it attaches), an OU that adds
// one, and an account that detaches FullAWSAccess.
const scpFile = `
root:
  ous:
    - name: Workloads
      id: ou-root-11111111
      policies: [deny-rds, slack]
      accounts:
        - {id: "111111111111", name: a, email: a@example.org}
        - {id: "222222222222", name: b, detachFullAWSAccess: true, policies: [deny-rds]}
policies:
  - {name: deny-rds, id: p-denyrds01, type: SERVICE_CONTROL_POLICY, content: '` + denyRDS + `'}
  - {name: slack, id: p-slack0001, description: Slack only, content: '{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"enabled"}}}}}'}
`

func parse(t *testing.T, file string) *orgfile.Org {
	t.Helper()
	o, err := orgfile.Parse([]byte(file), "")
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// attachments lists a state's attachments as "target:policy", in Seq order.
func attachments(st *store.State) []string {
	var out []string
	for _, a := range st.Attachments {
		out = append(out, a.TargetID+":"+a.PolicyID)
	}
	return out
}

func TestState(t *testing.T) {
	t.Parallel()
	o := parse(t, scpFile)
	tests := []struct {
		name        string
		opts        orgfile.StateOptions
		management  string
		accounts    []string
		attachments []string
	}{
		{name: "a management account of its own", management: "999999999999",
			accounts: []string{"999999999999 r-root management management+999999999999@example.com", "111111111111 ou-root-11111111 a a@example.org",
				"222222222222 ou-root-11111111 b account+222222222222@example.com"},
			attachments: []string{"999999999999:p-FullAWSAccess", "r-root:p-FullAWSAccess", "ou-root-11111111:p-FullAWSAccess",
				"ou-root-11111111:p-denyrds01", "ou-root-11111111:p-slack0001", "111111111111:p-FullAWSAccess", "222222222222:p-denyrds01"}},
		{name: "an account of the file as the management account", opts: orgfile.StateOptions{Management: "a"}, management: "111111111111",
			accounts: []string{"111111111111 ou-root-11111111 a a@example.org", "222222222222 ou-root-11111111 b account+222222222222@example.com"},
			attachments: []string{"r-root:p-FullAWSAccess", "ou-root-11111111:p-FullAWSAccess",
				"ou-root-11111111:p-denyrds01", "ou-root-11111111:p-slack0001", "111111111111:p-FullAWSAccess", "222222222222:p-denyrds01"}},
		{name: "unattached", opts: orgfile.StateOptions{Unattached: true}, management: "999999999999",
			accounts: []string{"999999999999 r-root management management+999999999999@example.com", "111111111111 ou-root-11111111 a a@example.org",
				"222222222222 ou-root-11111111 b account+222222222222@example.com"},
			attachments: []string{"999999999999:p-FullAWSAccess", "r-root:p-FullAWSAccess", "ou-root-11111111:p-FullAWSAccess", "111111111111:p-FullAWSAccess"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st, err := o.State(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if g := st.Organization; g.ID != o.OrganizationID() || g.ManagementAccountID != tt.management || g.RootID != "r-root" || g.RootName != "Root" || g.FeatureSet != "ALL" {
				t.Errorf("organization %+v", g)
			}
			var accounts []string
			for _, a := range st.Accounts {
				accounts = append(accounts, strings.Join([]string{a.ID, a.ParentID, a.Name, a.Email}, " "))
			}
			if diff := cmp.Diff(tt.accounts, accounts); diff != "" {
				t.Errorf("accounts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.attachments, attachments(st)); diff != "" {
				t.Errorf("attachments (-want +got):\n%s", diff)
			}
			if len(st.OUs) != 1 || st.OUs[0] != (store.OU{ID: "ou-root-11111111", ParentID: "r-root", Name: "Workloads", CreatedAt: st.OUs[0].CreatedAt}) {
				t.Errorf("OUs %+v", st.OUs)
			}
			var types []string
			for _, pt := range st.PolicyTypes {
				types = append(types, pt.Type+"="+pt.Status)
			}
			if diff := cmp.Diff([]string{"CHATBOT_POLICY=ENABLED", "SERVICE_CONTROL_POLICY=ENABLED"}, types); diff != "" {
				t.Errorf("policy types (-want +got):\n%s", diff)
			}
			var policies []string
			for _, p := range st.Policies {
				policies = append(policies, p.ID+" "+p.Name+" "+p.Type+" "+p.Description)
			}
			if diff := cmp.Diff([]string{"p-FullAWSAccess FullAWSAccess SERVICE_CONTROL_POLICY Allows access to every operation",
				"p-denyrds01 deny-rds SERVICE_CONTROL_POLICY ", "p-slack0001 slack CHATBOT_POLICY Slack only"}, policies); diff != "" {
				t.Errorf("policies (-want +got):\n%s", diff)
			}
		})
	}
	// The management account must be an account of the file.
	for _, ref := range []string{"Workloads", "nobody"} {
		if _, err := o.State(orgfile.StateOptions{Management: ref}); err == nil {
			t.Errorf("management %q: no error", ref)
		}
	}
	// A file that uses the default ID leaves it: the next one down.
	if got := parse(t, "root:\n  accounts: [{id: \"999999999999\", name: x}]\n").ManagementAccount(); got != "999999999998" {
		t.Errorf("ManagementAccount() = %s", got)
	}
}

// TestStateWithoutSCPs checks that a file that does not enable SCPs
// attaches no FullAWSAccess, and that enabling the type alone attaches
// it everywhere.
func TestStateWithoutSCPs(t *testing.T) {
	t.Parallel()
	st, err := parse(t, "root:\n  accounts: [{id: \"111111111111\", name: a}]\n").State(orgfile.StateOptions{})
	if err != nil || len(st.Attachments) != 0 || len(st.Policies) != 0 || len(st.PolicyTypes) != 0 {
		t.Errorf("without SCPs: %+v, %v", st, err)
	}
	st, err = parse(t, "enabledPolicyTypes: [SERVICE_CONTROL_POLICY]\nroot:\n  accounts: [{id: \"111111111111\", name: a}]\n").State(orgfile.StateOptions{})
	if diff := cmp.Diff([]string{"999999999999:p-FullAWSAccess", "r-root:p-FullAWSAccess", "111111111111:p-FullAWSAccess"}, attachments(st)); err != nil || diff != "" {
		t.Errorf("SCPs enabled alone: %v (-want +got):\n%s", err, diff)
	}
}

// open loads a state into the service, over a store in memory.
func open(t *testing.T, o *orgfile.Org, opts orgfile.StateOptions) (*gov.Service, gov.Caller) {
	t.Helper()
	st, err := o.State(opts)
	if err != nil {
		t.Fatal(err)
	}
	s, err := memstore.NewFrom(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := gov.New(t.Context(), s, gov.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id := st.Organization.ManagementAccountID
	return svc, gov.Caller{AccountID: id, ARN: "arn:aws:iam::" + id + ":root"}
}

// TestStateDecides checks what the service decides on the state: the SCP
// chain with FullAWSAccess where the file keeps it, and the management
// account's exemption.
func TestStateDecides(t *testing.T) {
	t.Parallel()
	o := parse(t, scpFile)
	svc, mgmt := open(t, o, orgfile.StateOptions{})
	levels := func(account, action string) ([]string, bool) {
		t.Helper()
		d, err := svc.SimulateRequest(mgmt, gov.RequestInput{AccountID: account, Action: action})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range d.Requests[0].Gates[0].Levels {
			var ids []string
			for _, m := range append(l.Deny, l.Allow...) {
				ids = append(ids, m.PolicyID)
			}
			out = append(out, l.Node.ID+":"+strings.Join(ids, ","))
		}
		return out, d.Allowed
	}
	tests := []struct {
		account, action string
		levels          []string
		allowed         bool
	}{
		{"111111111111", "ec2:RunInstances", []string{"r-root:p-FullAWSAccess", "ou-root-11111111:p-FullAWSAccess", "111111111111:p-FullAWSAccess"}, true},
		// What FullAWSAccess allows, the OU's deny still denies.
		{"111111111111", "rds:DeleteDBCluster", []string{"r-root:p-FullAWSAccess", "ou-root-11111111:p-denyrds01,p-FullAWSAccess", "111111111111:p-FullAWSAccess"}, false},
		// Without FullAWSAccess, nothing allows EC2 at the account.
		{"222222222222", "ec2:RunInstances", []string{"r-root:p-FullAWSAccess", "ou-root-11111111:p-FullAWSAccess", "222222222222:"}, false},
	}
	for _, tt := range tests {
		got, allowed := levels(tt.account, tt.action)
		if diff := cmp.Diff(tt.levels, got); diff != "" || allowed != tt.allowed {
			t.Errorf("%s %s: allowed %v, levels (-want +got):\n%s", tt.account, tt.action, allowed, diff)
		}
	}
	// The management account is exempt, and the file's account named so is.
	if _, allowed := levels(mgmt.AccountID, "rds:DeleteDBCluster"); !allowed {
		t.Error("the management account is restricted by SCPs")
	}
	svc, mgmt = open(t, o, orgfile.StateOptions{Management: "111111111111"})
	if d, err := svc.SimulateRequest(mgmt, gov.RequestInput{Action: "rds:DeleteDBCluster"}); err != nil || !d.Allowed ||
		!strings.Contains(d.Requests[0].Gates[0].Reason, "SCPs do not apply to the management account") {
		t.Errorf("the file's account as the management account: %+v, %v", d, err)
	}
}

// TestStateEffectivePolicies checks, for every scenario of the corpus,
// that the service's effective policies on the state are the engine's on
// the file.
func TestStateEffectivePolicies(t *testing.T) {
	t.Parallel()
	all, err := scenario.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range all {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			o, err := sc.Org()
			if err != nil {
				t.Fatal(err)
			}
			svc, mgmt := open(t, o, orgfile.StateOptions{})
			for _, c := range sc.Effective {
				want, err := o.Effective(c.Type, c.Account)
				got, gerr := svc.DescribeEffectivePolicy(mgmt, c.Type, c.Account)
				switch {
				case err != nil:
					if gerr == nil {
						t.Errorf("%s %s: the file has none (%v), the service %s", c.Account, c.Type, err, got.Content)
					}
				case gerr != nil:
					t.Errorf("%s %s: %v", c.Account, c.Type, gerr)
				case got.Content != string(want.JSON()):
					t.Errorf("%s %s: service %s, engine %s", c.Account, c.Type, got.Content, want.JSON())
				}
			}
		})
	}
}
