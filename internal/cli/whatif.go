package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/client"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/orgfile"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
)

type accountChange struct {
	AccountID string          `json:"accountId"`
	Name      string          `json:"name"`
	HadPolicy bool            `json:"hadPolicy"`
	Changes   []policy.Change `json:"changes"`
	// Before and After are the effective policies, offline only (the
	// server answers with the changes).
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// configChange is a configuration whose state would change: offline, one
// of the files of --configs, with the rules that deny it; with --server,
// one of the server's configurations, with its state reason.
type configChange struct {
	File      string      `json:"file,omitempty"`
	ARN       string      `json:"chatConfigurationArn,omitempty"`
	AccountID string      `json:"accountId"`
	Platform  string      `json:"platform,omitempty"`
	Summary   string      `json:"configuration,omitempty"`
	Before    string      `json:"before"`
	After     string      `json:"after"`
	Reasons   []reasonOut `json:"reasons,omitempty"`
	Reason    string      `json:"reason,omitempty"`
}

type whatIfReport struct {
	// Server and Action are set in server mode: the server asked and the
	// change simulated (CreatePolicy, AttachPolicy or DetachPolicy).
	Server string `json:"server,omitempty"`
	Action string `json:"action,omitempty"`
	Policy struct {
		ID   string      `json:"id"`
		Name string      `json:"name"`
		Type policy.Type `json:"type"`
	} `json:"policy"`
	Target struct {
		ID   string       `json:"id"`
		Type org.NodeType `json:"type"`
		Name string       `json:"name"`
	} `json:"target"`
	TypeWasEnabled  bool `json:"typeWasEnabled"`
	AccountsInScope int  `json:"accountsInScope"`
	// AccountsChanged counts the accounts whose effective policy changes
	// when the server lists only the first of them.
	AccountsChanged int             `json:"accountsChanged,omitempty"`
	Accounts        []accountChange `json:"accounts"`
	ConfigsChecked  int             `json:"configurationsChecked"`
	Configurations  []configChange  `json:"configurations"`
	WouldDisable    int             `json:"wouldDisable"`
	WouldEnable     int             `json:"wouldEnable"`
	// Ignored are the attached policy's changes that the merge would ignore
	// (a restriction forbids them, a peer assigned first, ...), with how
	// many accounts each concerns.
	Ignored []ignoredOut `json:"ignored"`
}

type ignoredOut struct {
	Code     string `json:"code"`
	Path     string `json:"path"`
	Message  string `json:"message"`
	Accounts int    `json:"accounts"`
}

func newWhatIfCmd(s Streams) *cobra.Command {
	var typ typeFlag
	var out outputFlag
	var oa orgArgs
	var sa serverArgs
	var attachPath, target, configsDir, name, attachPolicy, detachPolicy string
	c := &cobra.Command{
		Use:   "what-if (--org ORG | --server URL) --attach POLICYFILE --target NODE [--configs DIR]",
		Short: "Show what attaching a policy would change, before you attach it",
		Long: `Show which accounts' effective policies would change if POLICYFILE were attached to NODE
(a root, OU or account, by ID or unique name), with a diff of each, and which of the channel
configurations in DIR would become denied (disabled) or allowed again. Each file in DIR holds one
configuration: a Chatbot create request body with "AccountId" and, for Slack, "ChannelVisibility".

With --server URL instead of --org (or with $CHATGOV_SERVER set and no --org), a running chatgov
server simulates the change on its own organization and re-checks every channel configuration it
has: --attach POLICYFILE creates and attaches a policy, --attach-policy POLICY_ID attaches an
existing one, --detach-policy POLICY_ID detaches one; NODE is an ID. The server needs the
permissions of the real change; requests are signed with AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. --configs is offline-only.

Nothing is changed. Exit status: 0 on success, 1 when the server refuses ("chatgov: <Code>:
<message>"), 2 on usage errors, invalid inputs and missing or rejected credentials.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			info, err := typ.get()
			if err != nil {
				return err
			}
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			if c.Flags().Changed("server") || oa.orgPath == "" && s.getenv(envServer) != "" {
				return whatIfOnServer(c, s, &sa, info, asJSON, whatIfServerArgs{orgPath: oa.orgPath, configsDir: configsDir,
					attachPath: attachPath, attachPolicy: attachPolicy, detachPolicy: detachPolicy, target: target, name: name})
			}
			switch {
			case attachPolicy != "" || detachPolicy != "":
				return usageErr("--attach-policy and --detach-policy work on a server: give --server URL (offline, give the document with --attach)")
			case oa.orgPath == "":
				return usageErr("give --org ORG to work on an org file, or --server URL to ask a running server")
			case attachPath == "":
				return usageErr("give the policy document to attach with --attach POLICYFILE")
			}
			if !info.Management {
				return usageErr("what-if computes effective policies; %s is not inherited with operators", info.Type)
			}
			o, err := oa.load()
			if err != nil {
				return err
			}
			node, err := o.Resolve(target)
			if err != nil {
				return usageErr("--target: %v", err)
			}
			doc, content, err := readPolicyDocument(s, info, attachPath)
			if err != nil {
				return err
			}
			if name == "" {
				name = defaultPolicyName(attachPath)
			}
			p := &orgfile.Policy{Policy: policy.Policy{ID: "p-whatif00000", Name: name, Doc: doc}, Type: info.Type, Content: content}
			after := o.Clone()
			if err := after.Attach(p, node.ID); err != nil {
				return usageErr("cannot attach: %v", err)
			}
			rep := whatIfReport{TypeWasEnabled: o.Enabled(info.Type), Accounts: []accountChange{}, Configurations: []configChange{}, Ignored: []ignoredOut{}}
			rep.Policy.ID, rep.Policy.Name, rep.Policy.Type = p.ID, p.Name, p.Type
			rep.Target.ID, rep.Target.Type, rep.Target.Name = node.ID, node.Type, node.Name

			beforeStates := map[string]*policy.State{}
			if o.Enabled(info.Type) {
				beforeStates = policy.ForTree(info.Type, o.Tree, o.Attached(info.Type))
			}
			afterStates := policy.ForTree(info.Type, after.Tree, after.Attached(info.Type))
			inScope, _ := o.Tree.Subtree(node.ID)
			for _, id := range inScope {
				n, _ := o.Tree.Node(id)
				if n.Type != org.Account {
					continue
				}
				rep.AccountsInScope++
				b, a := beforeStates[id], afterStates[id]
				rep.noteIgnored(p.ID, a)
				changes := policy.Diff(b, a)
				if len(changes) == 0 {
					continue
				}
				ac := accountChange{AccountID: id, Name: n.Name, HadPolicy: b != nil && b.Exists(), Changes: changes, After: a.JSON()}
				if ac.HadPolicy {
					ac.Before = b.JSON()
				} else {
					ac.Before = json.RawMessage("null")
				}
				rep.Accounts = append(rep.Accounts, ac)
			}
			if configsDir != "" {
				if info.Type != policy.ChatbotPolicy {
					return usageErr("--configs applies to CHATBOT_POLICY only")
				}
				if err := checkConfigs(&rep, o, configsDir, beforeStates, afterStates); err != nil {
					return err
				}
			}
			if asJSON {
				return writeJSON(s.Out, rep)
			}
			printWhatIf(s.Out, rep)
			return nil
		},
	}
	typ.register(c)
	out.register(c)
	oa.register(c, false)
	// --org is required offline only (RunE checks it), so that --server can replace it.
	delete(c.Flags().Lookup("org").Annotations, cobra.BashCompOneRequiredFlag)
	sa.register(c)
	c.Flags().StringVar(&attachPath, "attach", "", "policy document to attach (JSON)")
	c.Flags().StringVar(&target, "target", "", "root, OU or account to attach it to (ID or unique name; an ID with --server)")
	c.Flags().StringVar(&configsDir, "configs", "", "directory of channel configurations to re-check (offline only)")
	c.Flags().StringVar(&name, "name", "", "the policy's name in the report, and on the server with --server (default: the file's base name)")
	c.Flags().StringVar(&attachPolicy, "attach-policy", "", "with --server: the ID of an existing policy to attach")
	c.Flags().StringVar(&detachPolicy, "detach-policy", "", "with --server: the ID of an attached policy to detach")
	_ = c.MarkFlagRequired("target")
	return c
}

// readPolicyDocument reads and parses the document of --attach; an
// invalid one is a usage error with every problem.
func readPolicyDocument(s Streams, info policy.TypeInfo, path string) (*policy.Document, string, error) {
	data, err := readInput(s, path)
	if err != nil {
		return nil, "", usageErr("%v", err)
	}
	doc, err := policy.Parse(info.Type, string(data))
	if err != nil {
		return nil, "", usageErr("%s: %v", path, err)
	}
	return doc, string(data), nil
}

// defaultPolicyName is a policy's name from its file's: policies/x.json is x.
func defaultPolicyName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

type whatIfServerArgs struct {
	orgPath, configsDir                    string
	attachPath, attachPolicy, detachPolicy string
	target, name                           string
}

// serverWhatIf is the JSON of a server-mode report. The offline counters
// do not apply (the server re-checks every configuration it has, and
// refuses to attach policies of a type that is not enabled): these fields
// hide the report's.
type serverWhatIf struct {
	whatIfReport
	TypeWasEnabled *bool `json:"typeWasEnabled,omitempty"`
	ConfigsChecked *int  `json:"configurationsChecked,omitempty"`
}

// whatIfOnServer asks a server to simulate the change (simulate-policy-change).
func whatIfOnServer(c *cobra.Command, s Streams, sa *serverArgs, info policy.TypeInfo, asJSON bool, a whatIfServerArgs) error {
	given := 0
	for _, v := range []string{a.attachPath, a.attachPolicy, a.detachPolicy} {
		if v != "" {
			given++
		}
	}
	switch {
	case a.orgPath != "":
		return usageErr("give --org (offline, on an org file) or --server (on a running server), not both")
	case a.configsDir != "":
		return usageErr("--configs is offline-only (with --org): with --server, the server re-checks every channel configuration it has")
	case given != 1:
		return usageErr("with --server, give one of --attach POLICYFILE, --attach-policy POLICY_ID or --detach-policy POLICY_ID")
	case a.attachPath == "" && (c.Flags().Changed("type") || c.Flags().Changed("name")):
		return usageErr("--type and --name describe the document of --attach; the server knows the policy of --attach-policy and --detach-policy")
	}
	targetType, ok := org.TypeOf(a.target)
	if !ok {
		return usageErr("--target %q: with --server, give the ID of a root (r-...), an OU (ou-...) or an account (12 digits)", a.target)
	}
	rep := whatIfReport{TypeWasEnabled: true, Accounts: []accountChange{}, Configurations: []configChange{}, Ignored: []ignoredOut{}}
	rep.Target.ID, rep.Target.Type = a.target, targetType
	in := chatgovapi.SimulatePolicyChangeInput{TargetID: a.target}
	switch {
	case a.attachPath != "":
		if !info.Management {
			return usageErr("what-if computes effective policies; %s is not inherited with operators", info.Type)
		}
		_, content, err := readPolicyDocument(s, info, a.attachPath)
		if err != nil {
			return err
		}
		if a.name == "" {
			a.name = defaultPolicyName(a.attachPath)
		}
		rep.Action, rep.Policy.Name, rep.Policy.Type = "CreatePolicy", a.name, info.Type
		in.PolicyType, in.Name, in.Content = string(info.Type), a.name, &content
	case a.attachPolicy != "":
		rep.Action, rep.Policy.ID = "AttachPolicy", a.attachPolicy
		in.PolicyID = a.attachPolicy
	default:
		rep.Action, rep.Policy.ID = "DetachPolicy", a.detachPolicy
		in.PolicyID = a.detachPolicy
	}
	in.Action = rep.Action
	sc, err := sa.connect(s)
	if err != nil {
		return err
	}
	rep.Server = sc.url
	resp, err := sc.c.SimulatePolicyChange(c.Context(), in)
	if err != nil {
		failure := sc.fail(err)
		var ee *exitError
		// A conflict on CreatePolicy is the name the simulated policy takes.
		if errors.As(failure, &ee) && rep.Action == "CreatePolicy" && client.Code(err) == chatgovapi.CodeConflict {
			ee.msg += "\n  (the simulation creates the policy under its name: give another with --name)"
		}
		return failure
	}
	rep.AccountsInScope = resp.AccountsInScope
	rep.Policy.ID = resp.PolicyID
	if resp.AccountsChanged > len(resp.Accounts) {
		rep.AccountsChanged = resp.AccountsChanged
	}
	for _, ac := range resp.Accounts {
		var changes []policy.Change
		if ac.Changes != nil {
			changes = []policy.Change{}
		}
		for _, ch := range ac.Changes {
			changes = append(changes, policy.Change{Kind: policy.ChangeKind(ch.Kind), Path: ch.Path, Before: ch.Before, After: ch.After})
		}
		rep.Accounts = append(rep.Accounts, accountChange{AccountID: ac.AccountID, Name: ac.Name, HadPolicy: ac.HadPolicy, Changes: changes})
	}
	for _, g := range resp.Ignored {
		rep.Ignored = append(rep.Ignored, ignoredOut{Code: g.Code, Path: g.Path, Message: g.Message, Accounts: g.Accounts})
	}
	rep.WouldDisable, rep.WouldEnable = resp.WouldDisableCount, resp.WouldEnableCount
	for _, cc := range resp.WouldDisable {
		rep.Configurations = append(rep.Configurations, configChange{ARN: cc.ChatConfigurationArn, AccountID: cc.AccountID, Platform: cc.Platform,
			Summary: chatbot.Platform(cc.Platform).Title() + " configuration", Before: "ALLOWED", After: "DENIED", Reason: cc.StateReason})
	}
	for _, cc := range resp.WouldEnable {
		rep.Configurations = append(rep.Configurations, configChange{ARN: cc.ChatConfigurationArn, AccountID: cc.AccountID, Platform: cc.Platform,
			Summary: chatbot.Platform(cc.Platform).Title() + " configuration", Before: "DENIED", After: "ALLOWED", Reason: cc.StateReason})
	}
	if asJSON {
		return writeJSON(s.Out, serverWhatIf{whatIfReport: rep})
	}
	printWhatIf(s.Out, rep)
	return nil
}

// noteIgnored counts the validation errors of an account's new state that
// the attached policy causes or takes part in.
func (rep *whatIfReport) noteIgnored(policyID string, st *policy.State) {
	for _, e := range st.ValidationErrors() {
		involved := false
		for _, id := range e.ContributingPolicies() {
			involved = involved || id == policyID
		}
		if !involved {
			continue
		}
		found := false
		for i := range rep.Ignored {
			if g := &rep.Ignored[i]; g.Code == e.Code && g.Path == e.Path && g.Message == e.Message {
				g.Accounts++
				found = true
			}
		}
		if !found {
			rep.Ignored = append(rep.Ignored, ignoredOut{Code: e.Code, Path: e.Path, Message: e.Message, Accounts: 1})
		}
	}
}

func checkConfigs(rep *whatIfReport, o *orgfile.Org, dir string, before, after map[string]*policy.State) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return usageErr("%v", err)
	}
	if len(files) == 0 {
		return usageErr("--configs: no *.json files in %s", dir)
	}
	sort.Strings(files)
	compiled := map[*policy.State]*chatbot.Effective{}
	compile := func(st *policy.State) *chatbot.Effective {
		if st == nil {
			return nil
		}
		e, ok := compiled[st]
		if !ok {
			e = chatbot.Compile(st)
			compiled[st] = e
		}
		return e
	}
	verdict := func(d chatbot.Decision) string {
		if d.Allowed {
			return "ALLOWED"
		}
		return "DENIED"
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return usageErr("%v", err)
		}
		req, err := chatbot.ParseRequest(data)
		if err != nil {
			return usageErr("%s: %v", f, err)
		}
		if req.AccountID == "" {
			return usageErr("%s: AccountId is required to know whose configuration it is", f)
		}
		n, ok := o.Tree.Node(req.AccountID)
		if !ok || n.Type != org.Account {
			return usageErr("%s: account %s is not in the org file", f, req.AccountID)
		}
		rep.ConfigsChecked++
		db := chatbot.Decide(compile(before[n.ID]), req.Config)
		da := chatbot.Decide(compile(after[n.ID]), req.Config)
		if db.Allowed == da.Allowed {
			continue
		}
		cc := configChange{File: f, AccountID: n.ID, Summary: describeConfig(req), Before: verdict(db), After: verdict(da)}
		d := da
		if da.Allowed {
			rep.WouldEnable++
		} else {
			rep.WouldDisable++
		}
		for _, r := range d.Reasons {
			if !r.Allowed {
				cc.Reasons = append(cc.Reasons, reasonOut{r.Rule, r.Allowed, r.Path, r.Subject, r.Values, r.Message(), r.Sources})
			}
		}
		rep.Configurations = append(rep.Configurations, cc)
	}
	return nil
}

func printWhatIf(w io.Writer, rep whatIfReport) {
	target := rep.Target.ID // the server answers with no names
	switch rep.Action {
	case "":
		fmt.Fprintf(w, "What if %s %q were attached to %s (%s):\n", rep.Policy.Type, rep.Policy.Name, rep.Target.ID, rep.Target.Name)
	case "CreatePolicy":
		fmt.Fprintf(w, "What if %s %q were created and attached to %s, on %s:\n", rep.Policy.Type, rep.Policy.Name, target, rep.Server)
	case "AttachPolicy":
		fmt.Fprintf(w, "What if policy %s were attached to %s, on %s:\n", rep.Policy.ID, target, rep.Server)
	default:
		fmt.Fprintf(w, "What if policy %s were detached from %s, on %s:\n", rep.Policy.ID, target, rep.Server)
	}
	if !rep.TypeWasEnabled {
		fmt.Fprintf(w, "(%s is not enabled in the org file; the analysis assumes it would be.)\n", rep.Policy.Type)
	}
	changed := max(rep.AccountsChanged, len(rep.Accounts))
	fmt.Fprintf(w, "\n%d of %d %s in scope would have a different effective policy.\n",
		changed, rep.AccountsInScope, plural(rep.AccountsInScope, "account", "accounts"))
	for _, a := range rep.Accounts {
		note := ""
		if !a.HadPolicy {
			note = " (had no effective policy)"
		}
		fmt.Fprintf(w, "  %s (%s)%s:\n", a.AccountID, a.Name, note)
		for _, c := range a.Changes {
			switch c.Kind {
			case policy.Added:
				fmt.Fprintf(w, "    + %s %s\n", c.Path, c.After)
			case policy.Removed:
				fmt.Fprintf(w, "    - %s %s\n", c.Path, c.Before)
			default:
				fmt.Fprintf(w, "    ~ %s %s -> %s\n", c.Path, c.Before, c.After)
			}
		}
	}
	if more := changed - len(rep.Accounts); more > 0 {
		fmt.Fprintf(w, "  ... and %d more %s (the server lists the first %d)\n", more, plural(more, "account", "accounts"), len(rep.Accounts))
	}
	if len(rep.Ignored) > 0 {
		fmt.Fprintln(w, "\nParts of the policy would not take effect:")
		for _, g := range rep.Ignored {
			fmt.Fprintf(w, "  %s %s (%d %s): %s\n", g.Code, g.Path, g.Accounts, plural(g.Accounts, "account", "accounts"), g.Message)
		}
	}
	switch {
	case rep.Server != "":
		fmt.Fprintf(w, "\nChannel configurations on the server: %d would be disabled, %d re-enabled.\n", rep.WouldDisable, rep.WouldEnable)
	case rep.ConfigsChecked == 0:
		return
	default:
		fmt.Fprintf(w, "\n%d channel %s checked: %d would be disabled, %d re-enabled.\n", rep.ConfigsChecked,
			plural(rep.ConfigsChecked, "configuration", "configurations"), rep.WouldDisable, rep.WouldEnable)
	}
	for _, c := range rep.Configurations {
		state := "DISABLED"
		if c.After == "ALLOWED" {
			state = "ENABLED again"
		}
		label := c.File
		if label == "" {
			label = c.ARN
		}
		fmt.Fprintf(w, "  %s: %s in %s would be %s\n", label, c.Summary, c.AccountID, state)
		for _, r := range c.Reasons {
			fmt.Fprintf(w, "      %s: %s (%s)\n", r.Rule, r.Message, r.Path)
		}
		if c.Reason != "" {
			fmt.Fprintf(w, "      %s\n", c.Reason)
		}
	}
	if more := rep.WouldDisable + rep.WouldEnable - len(rep.Configurations); more > 0 {
		fmt.Fprintf(w, "  ... and %d more %s (the server lists the first %d of each kind)\n", more,
			plural(more, "configuration", "configurations"), gov.SimulationListLimit)
	}
}
