package awsapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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

// The offline commands and the server answer the same question with the
// same bytes: each command below runs offline on an org file and against
// a server holding the same organization (fileOrg), and the answers must
// be equal, once the IDs the server drew are mapped back to the file's
// (f.server). Only what says where a question was asked may differ: the
// server's URL, the what-if header that names it, and what-if's account
// of the configurations it checked ("on the server", or the files of
// --configs).

// run runs the command line with env as its environment.
func runCLI(env map[string]string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), args, cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errOut,
		Env: func(k string) string { return env[k] }})
	return code, out.String(), errOut.String()
}

// alike runs a command offline (offline's arguments) and on the server
// (server's), in text and in JSON, and checks that both answer alike.
func (f *fileOrg) alike(t *testing.T, what string, offline, server []string) {
	t.Helper()
	env := map[string]string{"CHATGOV_SERVER": f.ts.srv.URL(), "AWS_ACCESS_KEY_ID": rootKey, "AWS_SECRET_ACCESS_KEY": rootSecret}
	for _, format := range []string{"text", "json"} {
		oc, oout, oerr := runCLI(nil, append(offline, "-o", format)...)
		sc, sout, serr := runCLI(env, append(server, "-o", format)...)
		if oc == cli.ExitUsage || sc == cli.ExitUsage {
			t.Errorf("%s (%s): usage error offline %q, on the server %q", what, format, oerr, serr)
			continue
		}
		if oc != sc {
			t.Errorf("%s (%s): exit %d offline (%s), %d on the server (%s)", what, format, oc, oerr, sc, serr)
			continue
		}
		sout = f.server.Replace(sout)
		if diff := cmp.Diff(oout, sout); diff != "" {
			t.Errorf("%s (%s): offline and server differ (-offline +server):\n%s", what, format, diff)
		}
	}
}

// compareOffline asks every command's questions of f's organization,
// offline on file (the org file) and on the server, with configs (files
// of dir) the configurations the server holds, and checks the answers
// are the same. decisions are more configurations, decided by policy
// check and by a create on the server.
func (f *fileOrg) compareOffline(t *testing.T, file, dir string, decisions []*fileConfig) {
	ctx := context.Background()
	o := f.o
	var accounts []string
	o.Tree.Walk(func(n *org.Node) bool {
		if n.Type == org.Account {
			accounts = append(accounts, n.ID)
		}
		return true
	})

	// Effective policies: the text is DescribeEffectivePolicy's content;
	// a type not enabled is its EffectivePolicyNotFoundException.
	types := []policy.Type{policy.ChatbotPolicy}
	for _, typ := range o.EnabledTypes() {
		if info, _ := policy.Lookup(typ); info.Management && typ != policy.ChatbotPolicy {
			types = append(types, typ)
		}
	}
	for _, acct := range accounts {
		for _, typ := range types {
			out, err := f.ts.mgmtOrgs().DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{
				PolicyType: types2(typ), TargetId: aws.String(acct)})
			code, text, errText := runCLI(nil, "policy", "effective", "--org", file, "--account", acct, "--type", string(typ))
			_, js, _ := runCLI(nil, "policy", "effective", "--org", file, "--account", acct, "--type", string(typ), "-o", "json")
			var got struct {
				Policy json.RawMessage
				Reason string
			}
			if err := json.Unmarshal([]byte(js), &got); err != nil {
				t.Fatalf("effective %s %s: %v\n%s", acct, typ, err, js)
			}
			var nf *typesEffectiveNotFound
			switch {
			case errors.As(err, &nf):
				msg := f.server.Replace(*nf.Message)
				// The wire's message starts with AWS's sentence for the
				// exception; the service's follows.
				if code != cli.ExitFailed || got.Reason == "" || !strings.HasSuffix(msg, got.Reason) || !strings.HasSuffix(errText, ": "+got.Reason+"\n") {
					t.Errorf("effective %s %s: the server has none (%s); offline exit %d, %q, %q", acct, typ, msg, code, got.Reason, errText)
				}
			case err != nil:
				t.Fatalf("DescribeEffectivePolicy %s %s: %v", acct, typ, err)
			case code != cli.ExitOK || text != *out.EffectivePolicy.PolicyContent+"\n" || compact(got.Policy) != *out.EffectivePolicy.PolicyContent:
				t.Errorf("effective %s %s: offline (exit %d) %q and %s, the server %s", acct, typ, code, text, got.Policy, *out.EffectivePolicy.PolicyContent)
			}
			if err == nil {
				// The explanation: chatgov's describe-effective-policy-explanation
				// against the file's, value by value, in text and JSON.
				f.alike(t, "effective --explain "+acct+" "+string(typ),
					[]string{"policy", "effective", "--org", file, "--account", acct, "--type", string(typ), "--explain"},
					[]string{"policy", "effective", "--account", f.nodes[acct], "--type", string(typ), "--explain"})
			}
		}
	}

	// Any IAM request, with and without the chat source the chat
	// guardrail SCP of the examples denies.
	for _, acct := range accounts {
		for _, args := range [][]string{
			{"--action", "rds:DeleteDBCluster", "--resource", "arn:aws:rds:us-east-1:" + acct + ":cluster:prod",
				"--principal-arn", "arn:aws:sts::" + acct + ":assumed-role/chatbot-ops/chat",
				"--context", "aws:ChatbotSourceArn=arn:aws:chatbot::" + acct + ":chat-configuration/slack-channel/ops"},
			{"--action", "s3:GetObject", "--context", "aws:RequestedRegion=eu-west-1"},
		} {
			f.alike(t, "iam simulate "+acct+" "+args[1], append([]string{"iam", "simulate", "--org", file, "--account", acct}, args...),
				append([]string{"iam", "simulate", "--account", acct}, args...))
		}
	}

	// Chat commands, in every configuration the server holds.
	for _, c := range f.configs {
		for _, command := range []string{"@aws lambda invoke --function-name deploy-api out.json", "@aws rds delete-db-cluster --db-cluster-identifier prod"} {
			f.alike(t, "simulate "+c.arn+" "+command, []string{"simulate", "--org", file, "--config", c.path, "--command", command},
				[]string{"simulate", "--configuration", c.arn, "--command", command})
		}
	}

	// What if: a new policy that disables Slack, at the root, at each OU
	// and at the first account; each chat applications policy of the file
	// attached at the root; each attachment detached.
	noSlack := filepath.Join(t.TempDir(), "no-slack.json")
	if err := os.WriteFile(noSlack, []byte(`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"disabled"}}}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	type change struct{ offline, server []string }
	var changes []change
	targets := []string{o.Tree.Root().ID}
	o.Tree.Walk(func(n *org.Node) bool {
		if n.Type == org.OU {
			targets = append(targets, n.ID)
		}
		return true
	})
	if len(accounts) > 0 {
		targets = append(targets, accounts[0])
	}
	for _, target := range targets {
		changes = append(changes, change{[]string{"--attach", noSlack, "--target", target}, []string{"--attach", noSlack, "--target", f.nodes[target]}})
	}
	for _, p := range o.Policies {
		if p.Type == policy.ChatbotPolicy {
			root := o.Tree.Root().ID
			changes = append(changes, change{[]string{"--attach-policy", p.ID, "--target", root}, []string{"--attach-policy", f.policies[p.ID], "--target", f.nodes[root]}})
		}
	}
	o.Tree.Walk(func(n *org.Node) bool {
		for _, p := range o.AttachedTo(n.ID) {
			if info, _ := policy.Lookup(p.Type); info.Management {
				changes = append(changes, change{[]string{"--detach-policy", p.ID, "--target", n.ID}, []string{"--detach-policy", f.policies[p.ID], "--target", f.nodes[n.ID]}})
			}
		}
		return true
	})
	for _, ch := range changes {
		offline := append([]string{"policy", "what-if", "--org", file}, ch.offline...)
		if len(f.configs) > 0 && (ch.offline[0] == "--attach" || chatbotPolicy(o, ch.offline[1])) {
			offline = append(offline, "--configs", dir)
		}
		f.whatIfAlike(t, strings.Join(ch.offline, " "), offline, append([]string{"policy", "what-if"}, ch.server...))
	}

	// The decision on a would-be configuration is the create's: created
	// when allowed, refused with the decision's denial message when not.
	for _, c := range decisions {
		code, js, errText := runCLI(nil, "policy", "check", "--org", file, "--config", c.path, "-o", "json")
		var got struct {
			Allowed       bool   `json:"allowed"`
			DenialMessage string `json:"denialMessage"`
		}
		if err := json.Unmarshal([]byte(js), &got); err != nil {
			t.Fatalf("check %s: exit %d, %v\n%s%s", c.path, code, err, js, errText)
		}
		_, err := f.ts.createChat(f.creds[c.account], c.body)
		switch {
		case got.Allowed && (err != nil || code != cli.ExitOK):
			t.Errorf("check %s: allowed offline (exit %d), the server: %v", c.path, code, err)
		case !got.Allowed && (err == nil || code != cli.ExitFailed || !strings.HasSuffix(f.server.Replace(err.Error()), ": "+got.DenialMessage)):
			t.Errorf("check %s: denied offline (exit %d: %s), the server: %v", c.path, code, got.DenialMessage, err)
		}
	}
}

// whatIfAlike is alike for what-if, whose answers say where they were
// asked: the header (the server's URL; offline, the target's name), the
// server member of the JSON, and the configurations offline counts as
// checked (files of --configs) where the server re-checks its own.
func (f *fileOrg) whatIfAlike(t *testing.T, what string, offline, server []string) {
	t.Helper()
	env := map[string]string{"CHATGOV_SERVER": f.ts.srv.URL(), "AWS_ACCESS_KEY_ID": rootKey, "AWS_SECRET_ACCESS_KEY": rootSecret}
	oc, ojs, oerr := runCLI(nil, append(offline, "-o", "json")...)
	sc, sjs, serr := runCLI(env, append(server, "-o", "json")...)
	if oc != cli.ExitOK || sc != cli.ExitOK {
		// Both refuse (a policy attached already, a limit): offline as a
		// usage error, the server as a refusal.
		if oc != cli.ExitUsage || sc != cli.ExitFailed {
			t.Errorf("what-if %s: exit %d offline (%s), %d on the server (%s)", what, oc, oerr, sc, serr)
		}
		return
	}
	var ids struct{ Policy struct{ ID string } }
	_ = json.Unmarshal([]byte(ojs), &ids)
	var sids struct{ Policy struct{ ID string } }
	_ = json.Unmarshal([]byte(sjs), &sids)
	// The policy a simulation creates gets an ID of its own on each side,
	// and on each run: the server's are those cited with its name.
	server2file := func(s string) string {
		s = f.server.Replace(s)
		if ch := reNoSlack; offline[4] == "--attach" {
			s = ch.ReplaceAllString(s, ids.Policy.ID+"$1")
		}
		return strings.ReplaceAll(s, sids.Policy.ID, ids.Policy.ID)
	}
	sjs = strings.Replace(server2file(sjs), fmt.Sprintf("  \"Server\": %q,\n", f.ts.srv.URL()), "", 1)
	ojs = reConfigsChecked.ReplaceAllString(ojs, "")
	if diff := cmp.Diff(ojs, sjs); diff != "" {
		t.Errorf("what-if %s (json): offline and server differ (-offline +server):\n%s", what, diff)
	}
	_, otext, _ := runCLI(nil, offline...)
	_, stext, _ := runCLI(env, server...)
	body := func(s string) string {
		_, rest, _ := strings.Cut(s, "\n")
		rest = reConfigsHeading.ReplaceAllString(rest, "Channel configurations: ")
		return strings.TrimSuffix(rest, "\nChannel configurations: 0 would be disabled, 0 re-enabled.\n")
	}
	if diff := cmp.Diff(body(otext), body(server2file(stext))); diff != "" {
		t.Errorf("what-if %s (text): offline and server differ (-offline +server):\n%s", what, diff)
	}
}

var (
	reNoSlack        = regexp.MustCompile(`p-[0-9a-z]{8}( \(no-slack\))`)
	reConfigsChecked = regexp.MustCompile(`(?m)^  "ConfigurationsChecked": \d+,\n`)
	reConfigsHeading = regexp.MustCompile(`(?m)^(Channel configurations on the server|\d+ channel configurations? checked): `)
)

// compact is a JSON value without white space.
func compact(v json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return string(v)
	}
	return b.String()
}

func chatbotPolicy(o *orgfile.Org, id string) bool {
	p, ok := o.Policy(id)
	return ok && p.Type == policy.ChatbotPolicy
}

func types2(t policy.Type) types.EffectivePolicyType { return types.EffectivePolicyType(t) }

type typesEffectiveNotFound = types.EffectivePolicyNotFoundException

// TestExamplesOfflineAsServer runs the comparisons on the README's
// organizations, which have SCPs and tag policies, with its
// configurations.
func TestExamplesOfflineAsServer(t *testing.T) {
	t.Parallel()
	examples := filepath.Join(scenario.Testdata(), "..", "examples")
	for _, file := range []string{filepath.Join(examples, "org.yaml"), filepath.Join(examples, "chat", "org.yaml")} {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			t.Parallel()
			o, err := orgfile.Load(file)
			if err != nil {
				t.Fatal(err)
			}
			dir, checks := t.TempDir(), t.TempDir()
			var configs, decisions []*fileConfig
			names, _ := filepath.Glob(filepath.Join(examples, "configs", "*.json"))
			for i, name := range names {
				data, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				var m struct{ AccountId string }
				_ = json.Unmarshal(data, &m)
				configs = append(configs, writeConfig(t, dir, m.AccountId, fmt.Sprintf("example-%d", i), string(data)))
				decisions = append(decisions, writeConfig(t, checks, m.AccountId, fmt.Sprintf("check-%d", i), string(data)))
			}
			ts := startFileServer(t, o)
			f := ts.loadFile(o, configs)
			f.compareOffline(t, file, dir, decisions)
		})
	}
}
