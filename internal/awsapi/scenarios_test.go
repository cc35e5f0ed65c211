package awsapi_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/cli"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/orgfile"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/scenario"
)

// loaded maps the IDs of an org file to the IDs the server gave.
type loaded struct {
	nodes    map[string]string
	policies map[string]string
}

// load builds an org file's organization in the server through the API:
// OUs, accounts (moved under their OUs), policies, and attachments in order.
func (ts *testServer) load(o *orgfile.Org) loaded {
	ts.t.Helper()
	c := ts.mgmtOrgs()
	root := ts.org()
	ids := loaded{nodes: map[string]string{o.Tree.Root().ID: root}, policies: map[string]string{}}
	for _, t := range o.EnabledTypes() {
		if t != policy.ServiceControlPolicy { // enabled with the organization
			ts.enable(root, types.PolicyType(t))
		}
	}
	o.Tree.Walk(func(n *org.Node) bool {
		parent := ids.nodes[n.ParentID]
		switch n.Type {
		case org.OU:
			ids.nodes[n.ID] = ts.ou(parent, n.Name)
		case org.Account:
			id := ts.account(fmt.Sprintf("%s-%s", n.Name, n.ID))
			if parent != root {
				ts.move(id, root, parent)
			}
			ids.nodes[n.ID] = id
		}
		return true
	})
	for _, p := range o.Policies {
		ids.policies[p.ID] = ts.createPolicy(c, p.Name, types.PolicyType(p.Type), p.Content)
	}
	o.Tree.Walk(func(n *org.Node) bool {
		for _, p := range o.AttachedTo(n.ID) {
			ts.attach(c, ids.policies[p.ID], ids.nodes[n.ID])
		}
		return true
	})
	return ids
}

// TestScenarioEffectivePolicies runs the corpus's effective-policy
// expectations through the AWS API, and checks that every offline command
// answers as the server does (compareOffline), with the corpus's
// decisions as the configurations the server holds.
func TestScenarioEffectivePolicies(t *testing.T) {
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
			dir, checks := t.TempDir(), t.TempDir()
			var configs, decisions []*fileConfig
			for i, d := range sc.Decisions {
				configs = append(configs, writeConfig(t, dir, d.Account, fmt.Sprintf("d%d", i), d.Config))
				decisions = append(decisions, writeConfig(t, checks, d.Account, fmt.Sprintf("check%d", i), d.Config))
			}
			ts := startFileServer(t, o)
			ids := ts.loadFile(o, configs)
			c := ts.mgmtOrgs()
			ctx := context.Background()
			for _, e := range sc.Effective {
				acct := ids.nodes[e.Account]
				out, err := c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{
					PolicyType: types.EffectivePolicyType(e.Type), TargetId: aws.String(acct)})
				if e.Policy == "" && !o.Enabled(e.Type) {
					wantErr[*types.EffectivePolicyNotFoundException](t, err)
					continue
				}
				if e.Policy == "" {
					e.Policy = "{}" // enabled, and nothing in effect
				}
				if err != nil {
					t.Fatalf("%s: %v", e.Account, err)
				}
				if got := *out.EffectivePolicy.PolicyContent; got != e.Policy {
					t.Errorf("%s %s:\n got: %s\nwant: %s", e.Account, e.Type, got, e.Policy)
				}
				// The CLI's offline answer for the same org file is the same bytes.
				var cliOut, cliErr bytes.Buffer
				code := cli.Run(ctx, []string{"policy", "effective", "--org", sc.OrgPath, "--account", e.Account, "--type", string(e.Type)},
					cli.Streams{In: strings.NewReader(""), Out: &cliOut, Err: &cliErr})
				if code != cli.ExitOK || strings.TrimSuffix(cliOut.String(), "\n") != *out.EffectivePolicy.PolicyContent {
					t.Errorf("%s: the CLI says (exit %d) %q, the API %q", e.Account, code, cliOut.String(), *out.EffectivePolicy.PolicyContent)
				}
				verrs := try(c.ListEffectivePolicyValidationErrors(ctx, &organizations.ListEffectivePolicyValidationErrorsInput{
					AccountId: aws.String(acct), PolicyType: types.EffectivePolicyType(e.Type)})).must(t)
				var codes []string
				for _, v := range verrs.EffectivePolicyValidationErrors {
					codes = append(codes, *v.ErrorCode)
				}
				if diff := cmp.Diff(e.Errors, codes); diff != "" {
					t.Errorf("%s validation errors (-want +got):\n%s", e.Account, diff)
				}
			}
			ids.compareOffline(t, sc.OrgPath, dir, decisions)
		})
	}
}
