package gov_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/chatauthz"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/iam"
)

func mustIAM(t *testing.T, doc string) *iam.Policy {
	t.Helper()
	p, err := iam.Parse(doc, iam.SCP)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDecideRequest decides requests against a two-level SCP chain whose
// deny uses global condition keys, with and without identity policies and
// guardrails.
func TestDecideRequest(t *testing.T) {
	t.Parallel()
	full := iam.Named{ID: "p-FullAWSAccess", Name: "FullAWSAccess", Policy: mustIAM(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)}
	tagged := iam.Named{ID: "p-own", Name: "own-team", Policy: mustIAM(t, `{"Version":"2012-10-17","Statement":[{"Sid":"OwnTeam","Effect":"Deny","Action":"s3:*","Resource":"*",
		"Condition":{"StringNotEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}`)}
	env := gov.RequestEnv{SCPsEnabled: true, SCPs: []iam.Level{
		{Node: iam.Node{ID: "r-ab12", Type: iam.NodeRoot}, Policies: []iam.Named{full}},
		{Node: iam.Node{ID: "111122223333", Type: iam.NodeAccount}, Policies: []iam.Named{full, tagged}},
	}}
	readS3 := gov.PolicyInput{Name: "read", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}`}
	tests := []struct {
		name  string
		in    gov.RequestInput
		env   gov.RequestEnv
		gates string
	}{
		{"same team", gov.RequestInput{Action: "s3:GetObject", Context: map[string][]string{"aws:ResourceTag/team": {"ops"}, "aws:PrincipalTag/team": {"ops"}}},
			env, "service-control-policies=ALLOWED identity-policies=NOT_EVALUATED guardrails=NOT_EVALUATED"},
		{"other team", gov.RequestInput{Action: "s3:GetObject", Context: map[string][]string{"aws:ResourceTag/team": {"devops"}, "aws:PrincipalTag/team": {"ops"}}},
			env, "service-control-policies=DENIED identity-policies=NOT_EVALUATED guardrails=NOT_EVALUATED"},
		{"no principal tag: the Deny does not apply", gov.RequestInput{Action: "s3:GetObject", Context: map[string][]string{"aws:ResourceTag/team": {"devops"}}},
			env, "service-control-policies=ALLOWED identity-policies=NOT_EVALUATED guardrails=NOT_EVALUATED"},
		{"management account", gov.RequestInput{Action: "s3:GetObject", Context: map[string][]string{"aws:ResourceTag/team": {"devops"}, "aws:PrincipalTag/team": {"ops"}}},
			gov.RequestEnv{SCPsEnabled: true, SCPs: env.SCPs, ManagementAccount: true}, "service-control-policies=ALLOWED identity-policies=NOT_EVALUATED guardrails=NOT_EVALUATED"},
		{"SCPs not enabled", gov.RequestInput{Action: "s3:PutObject"}, gov.RequestEnv{}, "service-control-policies=ALLOWED identity-policies=NOT_EVALUATED guardrails=NOT_EVALUATED"},
		{"identity allows, guardrail denies", gov.RequestInput{Action: "s3:GetObject", IdentityPolicies: []gov.PolicyInput{readS3},
			Guardrails: []gov.PolicyInput{{Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*"}]}`}}},
			gov.RequestEnv{}, "service-control-policies=ALLOWED identity-policies=ALLOWED guardrails=DENIED"},
		{"identity does not allow", gov.RequestInput{Action: "s3:PutObject", IdentityPolicies: []gov.PolicyInput{readS3},
			Guardrails: []gov.PolicyInput{{ARN: "arn:aws:iam::aws:policy/AdministratorAccess"}}},
			gov.RequestEnv{}, "service-control-policies=ALLOWED identity-policies=DENIED guardrails=ALLOWED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.in.AccountID = "111122223333"
			d, err := gov.DecideRequest(tt.in, tt.env)
			if err != nil {
				t.Fatal(err)
			}
			var gates []string
			allowed := true
			for _, g := range d.Requests[0].Gates {
				gates = append(gates, string(g.Name)+"="+string(g.Outcome))
				allowed = allowed && g.Outcome != chatauthz.Denied
			}
			if got := strings.Join(gates, " "); got != tt.gates || d.Allowed != allowed {
				t.Errorf("gates %s (allowed %v), want %s", got, d.Allowed, tt.gates)
			}
			if d.Request.Resources[0] != "*" || d.Request.Context["aws:PrincipalAccount"][0] != "111122223333" {
				t.Errorf("defaults: %+v", d.Request)
			}
		})
	}
}

func TestDecideRequestInput(t *testing.T) {
	t.Parallel()
	d, err := gov.DecideRequest(gov.RequestInput{AccountID: "111122223333", Action: "s3:GetObject",
		PrincipalARN: "arn:aws:iam::444455556666:role/x", Context: map[string][]string{"AWS:PrincipalAccount": {"1"}}}, gov.RequestEnv{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := d.Request.Context
	if d.Request.PrincipalAccount != "444455556666" || ctx["aws:PrincipalArn"][0] != "arn:aws:iam::444455556666:role/x" ||
		ctx["AWS:PrincipalAccount"][0] != "1" || ctx["aws:PrincipalAccount"] != nil {
		t.Errorf("principal and context: %+v", d.Request)
	}
	for _, tt := range []struct {
		in   gov.RequestInput
		kind gov.Kind
		want string
	}{
		{gov.RequestInput{AccountID: "1", Action: "s3:GetObject"}, gov.Invalid, `AccountId "1"`},
		{gov.RequestInput{AccountID: "111122223333", Action: "GetObject"}, gov.Invalid, `Action "GetObject"`},
		{gov.RequestInput{AccountID: "111122223333", Action: "s3:GetObject", PrincipalARN: "arn:aws:s3:::b"}, gov.Invalid, "PrincipalArn"},
		{gov.RequestInput{AccountID: "111122223333", Action: "s3:GetObject", Context: map[string][]string{"a b": {"x"}}}, gov.Invalid, `context key "a b"`},
		{gov.RequestInput{AccountID: "111122223333", Action: "s3:GetObject", IdentityPolicies: []gov.PolicyInput{{Document: "{}"}}}, gov.Malformed, "IdentityPolicies[0] is not a valid IAM policy"},
		{gov.RequestInput{AccountID: "111122223333", Action: "s3:GetObject", Guardrails: []gov.PolicyInput{{}}}, gov.Invalid, "not both or neither"},
	} {
		_, err := gov.DecideRequest(tt.in, gov.RequestEnv{})
		var ge *gov.Error
		if !errors.As(err, &ge) || ge.Kind != tt.kind || !strings.Contains(ge.Message, tt.want) {
			t.Errorf("%+v: %v, want kind %v containing %q", tt.in, err, tt.kind, tt.want)
		}
	}
}

// FuzzDecideRequest feeds arbitrary requests to DecideRequest: it must
// answer a decision per resource or an Invalid or Malformed error, never
// panic, and answer the same twice.
func FuzzDecideRequest(f *testing.F) {
	f.Add("s3:GetObject", "arn:aws:s3:::b/k", "aws:PrincipalTag/team", "ops", "arn:aws:sts::111122223333:assumed-role/ops/x",
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team}"}}`)
	f.Add("s3:*", "bucket", "a b", "", "arn:aws:s3:::b", "{}")
	f.Add("ec2:RunInstances", "*", "AWS:PrincipalAccount", "1", "", "")
	f.Fuzz(func(t *testing.T, action, resource, key, value, principal, doc string) {
		in := gov.RequestInput{AccountID: "111122223333", Action: action, Resources: []string{resource, "*"},
			Context: map[string][]string{key: {value}}, PrincipalARN: principal}
		if doc != "" {
			in.IdentityPolicies = []gov.PolicyInput{{Document: doc}}
		}
		d, err := gov.DecideRequest(in, gov.RequestEnv{})
		again, err2 := gov.DecideRequest(in, gov.RequestEnv{})
		if (err == nil) != (err2 == nil) || err == nil && d.Allowed != again.Allowed {
			t.Fatalf("not deterministic: %v / %v", err, err2)
		}
		if err != nil {
			var ge *gov.Error
			if !errors.As(err, &ge) || ge.Kind != gov.Invalid && ge.Kind != gov.Malformed {
				t.Fatalf("error %v is not Invalid or Malformed", err)
			}
			return
		}
		if len(d.Requests) != 2 || len(d.Requests[0].Gates) != 3 {
			t.Fatalf("decision %+v", d)
		}
	})
}
