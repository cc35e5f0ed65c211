package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

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
	Before    json.RawMessage `json:"before"`
	After     json.RawMessage `json:"after"`
}

type configChange struct {
	File      string      `json:"file"`
	AccountID string      `json:"accountId"`
	Summary   string      `json:"configuration"`
	Before    string      `json:"before"`
	After     string      `json:"after"`
	Reasons   []reasonOut `json:"reasons,omitempty"`
}

type whatIfReport struct {
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
	TypeWasEnabled  bool            `json:"typeWasEnabled"`
	AccountsInScope int             `json:"accountsInScope"`
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
	var attachPath, target, configsDir, name string
	c := &cobra.Command{
		Use:   "what-if --org ORG --attach POLICYFILE --target NODE [--configs DIR]",
		Short: "Show what attaching a policy would change, before you attach it",
		Long: `Show which accounts' effective policies would change if POLICYFILE were attached to NODE
(a root, OU or account, by ID or unique name), with a diff of each, and which of the channel
configurations in DIR would become denied (disabled) or allowed again. Each file in DIR holds one
configuration: a Chatbot create request body with "AccountId" and, for Slack, "ChannelVisibility".
Nothing is changed. Exit status: 0 on success, 2 on errors.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			info, err := typ.get()
			if err != nil {
				return err
			}
			if !info.Management {
				return usageErr("what-if computes effective policies; %s is not inherited with operators", info.Type)
			}
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			o, err := oa.load()
			if err != nil {
				return err
			}
			node, err := o.Resolve(target)
			if err != nil {
				return usageErr("--target: %v", err)
			}
			data, err := readInput(s, attachPath)
			if err != nil {
				return usageErr("%v", err)
			}
			doc, err := policy.Parse(info.Type, string(data))
			if err != nil {
				return usageErr("%s: %v", attachPath, err)
			}
			if name == "" {
				name = strings.TrimSuffix(filepath.Base(attachPath), filepath.Ext(attachPath))
			}
			p := &orgfile.Policy{Policy: policy.Policy{ID: "p-whatif00000", Name: name, Doc: doc}, Type: info.Type, Content: string(data)}
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
	c.Flags().StringVar(&attachPath, "attach", "", "policy document to attach (JSON)")
	c.Flags().StringVar(&target, "target", "", "root, OU or account to attach it to (ID or unique name)")
	c.Flags().StringVar(&configsDir, "configs", "", "directory of channel configurations to re-check")
	c.Flags().StringVar(&name, "name", "", "the policy's name in the report (default: the file's base name)")
	_ = c.MarkFlagRequired("attach")
	_ = c.MarkFlagRequired("target")
	return c
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
	fmt.Fprintf(w, "What if %s %q were attached to %s (%s):\n", rep.Policy.Type, rep.Policy.Name, rep.Target.ID, rep.Target.Name)
	if !rep.TypeWasEnabled {
		fmt.Fprintf(w, "(%s is not enabled in the org file; the analysis assumes it would be.)\n", rep.Policy.Type)
	}
	fmt.Fprintf(w, "\n%d of %d %s in scope would have a different effective policy.\n",
		len(rep.Accounts), rep.AccountsInScope, plural(rep.AccountsInScope, "account", "accounts"))
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
	if len(rep.Ignored) > 0 {
		fmt.Fprintln(w, "\nParts of the policy would not take effect:")
		for _, g := range rep.Ignored {
			fmt.Fprintf(w, "  %s %s (%d %s): %s\n", g.Code, g.Path, g.Accounts, plural(g.Accounts, "account", "accounts"), g.Message)
		}
	}
	if rep.ConfigsChecked == 0 {
		return
	}
	fmt.Fprintf(w, "\n%d channel %s checked: %d would be disabled, %d re-enabled.\n", rep.ConfigsChecked,
		plural(rep.ConfigsChecked, "configuration", "configurations"), rep.WouldDisable, rep.WouldEnable)
	for _, c := range rep.Configurations {
		state := "DISABLED"
		if c.After == "ALLOWED" {
			state = "ENABLED again"
		}
		fmt.Fprintf(w, "  %s: %s in %s would be %s\n", c.File, c.Summary, c.AccountID, state)
		for _, r := range c.Reasons {
			fmt.Fprintf(w, "      %s: %s (%s)\n", r.Rule, r.Message, r.Path)
		}
	}
}
