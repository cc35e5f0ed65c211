package synth_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store/sqlite"
	"github.com/chatgov/chatgov/internal/synth"
)

var scpSpec = synth.Spec{Accounts: 2000, OUs: 100, MaxDepth: 5, ChatbotPolicies: 50, SCPs: 200, Seed: 3}

func TestSCPsAreDeterministic(t *testing.T) {
	t.Parallel()
	a, err := synth.Generate(scpSpec)
	if err != nil {
		t.Fatal(err)
	}
	b, err := synth.Generate(scpSpec)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.SCPs, b.SCPs) || !reflect.DeepEqual(a.SCPAttachments, b.SCPAttachments) {
		t.Error("the same spec gave different SCPs")
	}
	other := scpSpec
	other.Seed++
	c, err := synth.Generate(other)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a.SCPAttachments, c.SCPAttachments) {
		t.Error("another seed gave the same SCP attachments")
	}
}

func TestSCPsAreValidAndPlaced(t *testing.T) {
	t.Parallel()
	o, err := synth.Generate(scpSpec)
	if err != nil {
		t.Fatal(err)
	}
	shapes := map[string]int{}
	ids := map[string]bool{}
	for _, p := range o.SCPs {
		if p.Type != policy.ServiceControlPolicy {
			t.Errorf("%s has type %s", p.ID, p.Type)
		}
		if ids[p.ID] {
			t.Errorf("duplicate ID %s", p.ID)
		}
		ids[p.ID] = true
		// iam.Parse applies the customer-document size limit.
		if _, err := iam.Parse(p.Content, iam.SCP); err != nil {
			t.Errorf("%s (%s) does not parse: %v\n%s", p.ID, p.Name, err, p.Content)
		}
		shapes[p.Name[:strings.LastIndex(p.Name, "-")]]++
	}
	for _, shape := range []string{"chat-guardrail", "chat-deny", "region-restriction", "allow-list", "protect-production", "chat-read-only"} {
		if shapes[shape] == 0 {
			t.Errorf("no %s SCP among %v", shape, shapes)
		}
	}
	for _, want := range []string{`"ArnLike":{"aws:ChatbotSourceArn"`, `"StringNotEquals":{"aws:RequestedRegion"`, `"Effect":"Allow"`} {
		if !slices.ContainsFunc(o.SCPs, func(p synth.Policy) bool { return strings.Contains(p.Content, want) }) {
			t.Errorf("no SCP contains %s", want)
		}
	}
	root := o.Tree.Root().ID
	if got := o.SCPAttachments[root]; len(got) == 0 || got[0] != o.SCPs[0].ID {
		t.Errorf("root's SCPs %v; want the chat guardrail %s first", got, o.SCPs[0].ID)
	}
	attached := 0
	for node, pids := range o.SCPAttachments {
		n, ok := o.Tree.Node(node)
		if !ok {
			t.Errorf("SCPs attached to unknown node %s", node)
			continue
		}
		if n.Type == org.Account && n.ID == o.ManagementAccountID() {
			t.Errorf("SCPs attached to the management account")
		}
		if len(pids) > synth.MaxSCPsPerNode-1 {
			t.Errorf("%s holds %d SCPs besides FullAWSAccess; AWS allows %d in all", node, len(pids), synth.MaxSCPsPerNode)
		}
		attached += len(pids)
	}
	if attached < len(o.SCPs) {
		t.Errorf("%d attachments for %d SCPs", attached, len(o.SCPs))
	}
}

// TestWriteSCPs loads a generated organization with SCPs into a store and
// the service, which must see SCPs enabled, FullAWSAccess on every node and
// the generated SCPs where Generate put them.
func TestWriteSCPs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	spec := scpSpec
	spec.Accounts, spec.OUs, spec.SCPs = 300, 30, 40
	o, err := synth.Generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "synth.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	configs, channels, teams := o.Chat(1000, 1)
	var last, total, calls int
	err = o.WriteProgress(ctx, st, configs, channels, teams, func(done, of int) {
		if done < last {
			t.Errorf("progress went back from %d to %d", last, done)
		}
		last, total = done, of
		calls++
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := o.Records(len(configs), len(channels), len(teams)); last != want || total != want || calls < 2 {
		t.Errorf("progress ended at %d of %d after %d calls; want %d of %d", last, total, calls, want, want)
	}
	svc, err := gov.New(ctx, st, gov.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mgmt := gov.Caller{AccountID: o.ManagementAccountID(), ARN: "arn:aws:iam::" + o.ManagementAccountID() + ":root"}
	o.Tree.Walk(func(n *org.Node) bool {
		page, err := svc.ListPoliciesForTarget(mgmt, n.ID, policy.ServiceControlPolicy, "", 20)
		if err != nil {
			t.Fatalf("%s: %v", n.ID, err)
		}
		var got []string
		for _, p := range page.Items {
			got = append(got, p.ID)
		}
		if want := append([]string{synth.FullAWSAccessID}, o.SCPAttachments[n.ID]...); !slices.Equal(got, want) {
			t.Errorf("%s: SCPs %v, want %v", n.ID, got, want)
		}
		return true
	})
}
