package iam

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	rootNode    = Node{ID: "r-ab12", Type: NodeRoot, Name: "Root"}
	ouNode      = Node{ID: "ou-ab12-11111111", Type: NodeOrganizationalUnit, Name: "Workloads"}
	accountNode = Node{ID: "111122223333", Type: NodeAccount, Name: "prod"}
)

// chain builds root → OU → account with the given SCP documents per level.
func chain(t *testing.T, root, ou, account []string) []Level {
	t.Helper()
	level := func(n Node, docs []string) Level {
		lv := Level{Node: n}
		for i, doc := range docs {
			lv.Policies = append(lv.Policies, Named{ID: n.ID + "-p" + string(rune('0'+i)), Policy: mustParse(t, SCP, doc)})
		}
		return lv
	}
	return []Level{level(rootNode, root), level(ouNode, ou), level(accountNode, account)}
}

// evaluateChain runs both chain evaluators and fails when they disagree.
func evaluateChain(t *testing.T, levels []Level, req Request, management bool) ChainResult {
	t.Helper()
	r := EvaluateSCPs(levels, req, management)
	if d := DecideSCPs(levels, req, management); d != r.Decision {
		t.Errorf("DecideSCPs = %v, EvaluateSCPs = %v", d, r.Decision)
	}
	return r
}

func levelDecisions(r ChainResult) []Decision {
	out := make([]Decision, len(r.Levels))
	for i, l := range r.Levels {
		out[i] = l.Decision
	}
	return out
}

func TestSCPChain(t *testing.T) {
	t.Parallel()
	const (
		denyIAMFromChat = `{"Version":"2012-10-17","Statement":[{"Sid":"NoIAMFromChat","Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"ArnLike":{"aws:ChatbotSourceArn":"arn:aws:chatbot::*:*"}}}]}`
		allowS3         = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
		denyAll         = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`
	)
	full := []string{fullAWSAccess}
	fromChat := ctxMap{"aws:ChatbotSourceArn": {opsChannel}}
	tests := []struct {
		name       string
		levels     []Level
		req        Request
		management bool
		want       Decision
		perLevel   []Decision
		reason     string
	}{
		// The three "SCP decisions" vectors.
		{"vector 1: iam from chat is denied at the OU", chain(t, full, []string{fullAWSAccess, denyIAMFromChat}, full),
			request("iam:ListRoles", "*", fromChat), false, ExplicitDeny, []Decision{Allow, ExplicitDeny, Allow}, "OU ou-ab12-11111111 (Workloads) denies iam:ListRoles"},
		{"vector 1: the same call from the CLI", chain(t, full, []string{fullAWSAccess, denyIAMFromChat}, full),
			request("iam:ListRoles", "*", nil), false, Allow, []Decision{Allow, Allow, Allow}, "every level"},
		{"vector 2: ec2 is not allowed at the OU", chain(t, full, []string{allowS3}, full),
			request("ec2:DescribeInstances", "*", nil), false, ImplicitDeny, []Decision{Allow, ImplicitDeny, Allow}, "no SCP attached to OU ou-ab12-11111111 (Workloads) allows ec2:DescribeInstances"},
		{"vector 2: S3 action in another case", chain(t, full, []string{allowS3}, full),
			request("S3:GetBucketLocation", "*", nil), false, Allow, []Decision{Allow, Allow, Allow}, ""},

		{"deny at the root", chain(t, []string{fullAWSAccess, denyAll}, full, full),
			request("s3:GetObject", "*", nil), false, ExplicitDeny, []Decision{ExplicitDeny, Allow, Allow}, "root r-ab12 (Root) denies"},
		{"deny at the account", chain(t, full, full, []string{fullAWSAccess, denyAll}),
			request("s3:GetObject", "*", nil), false, ExplicitDeny, []Decision{Allow, Allow, ExplicitDeny}, "account 111122223333 (prod) denies"},
		{"explicit deny after a level without allow", chain(t, full, []string{allowS3}, []string{denyAll}),
			request("ec2:RunInstances", "*", nil), false, ExplicitDeny, []Decision{Allow, ImplicitDeny, ExplicitDeny}, "account 111122223333 (prod) denies"},
		{"allow needed at the account too", chain(t, full, full, []string{allowS3}),
			request("ec2:RunInstances", "*", nil), false, ImplicitDeny, []Decision{Allow, Allow, ImplicitDeny}, "no SCP attached to account"},
		{"level with no SCPs allows nothing", chain(t, full, nil, full),
			request("s3:GetObject", "*", nil), false, ImplicitDeny, []Decision{Allow, ImplicitDeny, Allow}, "has no SCPs attached"},
		{"management account is exempt from a deny", chain(t, full, []string{denyAll}, full),
			request("s3:GetObject", "*", nil), true, Allow, []Decision{Allow, ExplicitDeny, Allow}, "SCPs do not apply to the management account; for a member account: OU"},
		{"management account without restrictions", chain(t, full, full, full),
			request("s3:GetObject", "*", nil), true, Allow, []Decision{Allow, Allow, Allow}, "SCPs do not apply to the management account"},
		{"empty path", nil, request("s3:GetObject", "*", nil), false, Allow, []Decision{}, "no SCPs apply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := evaluateChain(t, tt.levels, tt.req, tt.management)
			if r.Decision != tt.want {
				t.Errorf("decision %v, want %v (%s)", r.Decision, tt.want, r.Reason)
			}
			if r.Exempt != tt.management {
				t.Errorf("Exempt = %v", r.Exempt)
			}
			if diff := cmp.Diff(tt.perLevel, levelDecisions(r)); diff != "" {
				t.Errorf("level decisions (-want +got):\n%s", diff)
			}
			if !strings.Contains(r.Reason, tt.reason) {
				t.Errorf("reason %q does not contain %q", r.Reason, tt.reason)
			}
		})
	}
}

func TestSCPChainExplains(t *testing.T) {
	t.Parallel()
	levels := chain(t, []string{fullAWSAccess}, []string{fullAWSAccess, blogSCP}, []string{fullAWSAccess})
	r := evaluateChain(t, levels, request("rds:DeleteDBCluster", "*", ctxMap{"aws:ChatbotSourceArn": {opsChannel}}), false)
	ou := r.Levels[1]
	if ou.Node != ouNode || len(ou.Deny) != 1 || len(ou.Allow) != 1 {
		t.Fatalf("OU level: %+v", ou)
	}
	if m := ou.Deny[0]; m.PolicyID != "ou-ab12-11111111-p1" || !m.NotAction || m.Conditions[0].Request[0] != opsChannel {
		t.Errorf("OU deny: %+v", m)
	}
	for _, part := range []string{"OU ou-ab12-11111111 (Workloads) denies rds:DeleteDBCluster", "ou-ab12-11111111-p1", "ArnLike aws:ChatbotSourceArn"} {
		if !strings.Contains(r.Reason, part) {
			t.Errorf("reason %q lacks %q", r.Reason, part)
		}
	}
	if !strings.Contains(r.Levels[0].Reason, `root r-ab12 (Root) allows rds:DeleteDBCluster: policy r-ab12-p0 statement 0: Allow because action matched "*"`) {
		t.Errorf("root reason %q", r.Levels[0].Reason)
	}
}

func TestNodeString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    Node
		want string
	}{
		{rootNode, "root r-ab12 (Root)"},
		{Node{ID: "ou-1", Type: NodeOrganizationalUnit}, "OU ou-1"},
		{Node{ID: "x", Type: "OTHER", Name: "n"}, "OTHER x (n)"},
	}
	for _, tt := range tests {
		if got := tt.n.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.n, got, tt.want)
		}
	}
}
