package cli

import (
	"errors"
	"fmt"
	"io"
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

// accountChange is how an account's effective policy would change.
type accountChange struct {
	AccountID string          `json:"AccountId"`
	Name      string          `json:"Name"`
	HadPolicy bool            `json:"HadPolicy"`
	Changes   []policy.Change `json:"Changes"`
}

// configChange is a configuration whose state would change, with its new
// state's reason: offline, one of the files of --configs; with --server,
// one of the server's configurations.
type configChange struct {
	ARN       string `json:"ChatConfigurationArn,omitempty"`
	AccountID string `json:"AccountId"`
	Platform  string `json:"Platform,omitempty"`
	Summary   string `json:"Configuration,omitempty"`
	Before    string `json:"Before"`
	After     string `json:"After"`
	Reason    string `json:"Reason,omitempty"`
}

// whatIfReport is what-if's answer, offline and with --server alike: the
// change asked about and the server's SimulatePolicyChange answer. Server
// is set with --server, ConfigsChecked (the files of --configs) offline
// only.
type whatIfReport struct {
	Server string `json:"Server,omitempty"`
	// Action is the change simulated: CreatePolicy (and attach it),
	// AttachPolicy, DetachPolicy, or MoveAccount (to Target).
	Action string     `json:"Action,omitempty"`
	Policy *policyOut `json:"Policy,omitempty"`
	// Move is the account MoveAccount moves, and where from.
	Move   *moveOut `json:"Move,omitempty"`
	Target struct {
		ID   string       `json:"Id"`
		Type org.NodeType `json:"Type"`
		// Name is empty: the server answers with IDs.
		Name string `json:"Name"`
	} `json:"Target"`
	AccountsInScope int `json:"AccountsInScope"`
	// AccountsChanged counts the accounts whose effective policy changes
	// when the answer lists only the first of them.
	AccountsChanged int             `json:"AccountsChanged,omitempty"`
	Accounts        []accountChange `json:"Accounts"`
	ConfigsChecked  *int            `json:"ConfigurationsChecked,omitempty"`
	Configurations  []configChange  `json:"Configurations"`
	WouldDisable    int             `json:"WouldDisable"`
	WouldEnable     int             `json:"WouldEnable"`
	// Ignored are the attached policy's changes that the merge would ignore
	// (a restriction forbids them, a peer assigned first, ...), with how
	// many accounts each concerns.
	Ignored []ignoredOut `json:"Ignored"`

	// targetLabel names the target in the text output: offline, with its
	// name from the org file.
	targetLabel string
}

// policyOut is the policy a change creates, attaches or detaches.
type policyOut struct {
	ID   string      `json:"Id"`
	Name string      `json:"Name"`
	Type policy.Type `json:"Type"`
}

// moveOut is the account a MoveAccount moves, from its source parent.
type moveOut struct {
	AccountID      string `json:"AccountId"`
	SourceParentID string `json:"SourceParentId"`
}

type ignoredOut struct {
	Code     string `json:"Code"`
	Path     string `json:"Path"`
	Message  string `json:"Message"`
	Accounts int    `json:"Accounts"`
}

func newWhatIfReport(action string) whatIfReport {
	rep := whatIfReport{Action: action, Accounts: []accountChange{}, Configurations: []configChange{}, Ignored: []ignoredOut{}}
	if action == "MoveAccount" {
		rep.Move = &moveOut{}
	} else {
		rep.Policy = &policyOut{}
	}
	return rep
}

// whatIfArgs are the flags of `chatgov policy what-if`.
type whatIfArgs struct {
	typ                                    typeFlag
	out                                    outputFlag
	oa                                     orgArgs
	sa                                     serverArgs
	attachPath, attachPolicy, detachPolicy string
	moveAccount, from                      string
	target, configsDir, name               string
}

func newWhatIfCmd(s Streams) *cobra.Command {
	var a whatIfArgs
	c := &cobra.Command{
		Use:   "what-if (--org ORG | --server URL) (--attach POLICYFILE | --attach-policy POLICY | --detach-policy POLICY | --move-account ACCOUNT [--from PARENT]) --target NODE [--configs DIR]",
		Short: "Show what attaching or detaching a policy, or moving an account, would change, before you do it",
		Long: `Show which accounts' effective policies would change if POLICYFILE were created and attached
to NODE (a root, OU or account), or an existing POLICY attached (--attach-policy) or detached
(--detach-policy), or ACCOUNT moved to the root or OU NODE (--move-account, as MoveAccount; --from
names the parent it leaves, by default its own), with a diff of each, the parts of the policy the
merge would ignore, and which channel configurations would be disabled or enabled again. It runs
the server's simulation of the change, which changes nothing, and refuses what the server refuses
(a policy type not enabled, a policy attached already, a name taken, an account not under --from).

Offline, on an org file (--org ORG): NODE and POLICY are IDs or unique names in the file, and the
configurations are those of DIR (--configs): one per file, a Chatbot create request body with
"AccountId" and, for Slack, "ChannelVisibility", each created in its account before the file's
policies are attached, as a server would have seen them.

With --server URL instead of --org (or with $CHATGOV_SERVER set and no --org), a running chatgov
server simulates the change on its own organization and re-checks every channel configuration it
has; NODE and POLICY are IDs. The server needs the permissions of the real change; requests are
signed with the credentials the AWS CLI would
use (--profile, AWS_PROFILE, AWS_ACCESS_KEY_ID, the shared config and credentials files).

-o json prints the same shape in both modes (with "server" on a server, and offline
"configurationsChecked" with --configs).

Nothing is changed. Exit status: 0 on success, 1 when the server refuses ("chatgov: <Code>:
<message>"), 2 on usage errors, invalid inputs and missing or rejected credentials.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			info, err := a.typ.get()
			if err != nil {
				return err
			}
			asJSON, err := a.out.json()
			if err != nil {
				return err
			}
			given := 0
			for _, v := range []string{a.attachPath, a.attachPolicy, a.detachPolicy, a.moveAccount} {
				if v != "" {
					given++
				}
			}
			onServer := a.sa.flagged(c) || a.oa.orgPath == "" && a.sa.chosen(c, s)
			switch {
			case onServer && a.oa.orgPath != "":
				return usageErr("give --org (offline, on an org file) or --server (on a running server), not both")
			case !onServer && a.oa.orgPath == "":
				return usageErr("give --org ORG to work on an org file, or --server URL to ask a running server")
			case onServer && a.configsDir != "":
				return usageErr("--configs is offline-only (with --org): with --server, the server re-checks every channel configuration it has")
			case given != 1:
				return usageErr("give one of --attach POLICYFILE, --attach-policy POLICY, --detach-policy POLICY or --move-account ACCOUNT")
			case a.from != "" && a.moveAccount == "":
				return usageErr("--from names the parent --move-account takes the account from")
			case a.attachPath == "" && (c.Flags().Changed("type") || c.Flags().Changed("name")):
				return usageErr("--type and --name describe the document of --attach; --attach-policy and --detach-policy name a policy that exists")
			}
			var rep whatIfReport
			if onServer {
				rep, err = a.onServer(c, s, info)
			} else {
				rep, err = a.offline(c, s, info)
			}
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(s.Out, rep)
			}
			printWhatIf(s.Out, rep)
			return nil
		},
	}
	a.typ.register(c)
	a.out.register(c)
	a.oa.register(c, false)
	// --org is required offline only (RunE checks it), so that --server can replace it.
	delete(c.Flags().Lookup("org").Annotations, cobra.BashCompOneRequiredFlag)
	a.sa.register(c)
	c.Flags().StringVar(&a.attachPath, "attach", "", "policy document to create and attach (JSON)")
	c.Flags().StringVar(&a.target, "target", "", "root, OU or account to attach to or detach from (offline: ID or unique name; with --server: ID)")
	c.Flags().StringVar(&a.configsDir, "configs", "", "directory of channel configurations to re-check (offline only)")
	c.Flags().StringVar(&a.name, "name", "", "the name of the policy of --attach (default: the file's base name)")
	c.Flags().StringVar(&a.attachPolicy, "attach-policy", "", "an existing policy to attach (offline: ID or name; with --server: ID)")
	c.Flags().StringVar(&a.detachPolicy, "detach-policy", "", "an attached policy to detach (offline: ID or name; with --server: ID)")
	c.Flags().StringVar(&a.moveAccount, "move-account", "", "an account to move to --target (offline: ID or name; with --server: ID)")
	c.Flags().StringVar(&a.from, "from", "", "the root or OU --move-account takes the account from (default: its parent)")
	_ = c.MarkFlagRequired("target")
	return c
}

// offline simulates the change on the org file, with the configurations
// of --configs, through the server's SimulatePolicyChange.
func (a *whatIfArgs) offline(c *cobra.Command, s Streams, info policy.TypeInfo) (whatIfReport, error) {
	var none whatIfReport
	o, err := a.oa.load()
	if err != nil {
		return none, err
	}
	node, err := o.Resolve(a.target)
	if err != nil {
		return none, usageErr("--target: %v", err)
	}
	sim, rep, err := a.simulation(s, info, func(flag, ref string) (string, error) {
		p, ok := o.Policy(ref)
		if !ok {
			return "", usageErr("--%s: the org file has no policy with the ID or name %q", flag, ref)
		}
		return p.ID, nil
	}, func(flag, ref string) (string, error) {
		n, err := o.Resolve(ref)
		if err != nil {
			return "", usageErr("--%s: %v", flag, err)
		}
		return n.ID, nil
	})
	if err != nil {
		return none, err
	}
	sim.TargetID = node.ID
	rep.Target.ID, rep.Target.Type, rep.targetLabel = node.ID, node.Type, node.ID+" ("+node.Name+")"
	var configs []*configFile
	if a.configsDir != "" {
		if sim.Action != "MoveAccount" && (info.Type != policy.ChatbotPolicy || sim.Action != "CreatePolicy" && !chatbotPolicy(o, sim.PolicyID)) {
			return none, usageErr("--configs applies to CHATBOT_POLICY only")
		}
		if configs, err = readConfigDir(s, o, a.configsDir); err != nil {
			return none, err
		}
		n := len(configs)
		rep.ConfigsChecked = &n
	}
	channels, err := directory(configs)
	if err != nil {
		return none, err
	}
	oo, err := openOrg(c.Context(), o, offlineInputs{channels: channels, configs: configs})
	if err != nil {
		return none, err
	}
	res, err := oo.svc.SimulatePolicyChange(oo.mgmt, sim)
	if err != nil {
		ge := gov.ErrorOf(err)
		msg := ge.Message
		switch {
		case ge.Kind == gov.AlreadyExists && sim.Action == "CreatePolicy":
			msg += "\n  (the simulation creates the policy under its name: give another with --name)"
		case ge.Kind == gov.NotEnabled:
			msg += "\n  (an org file enables policy types with enabledPolicyTypes, or by attaching a policy of the type)"
		}
		return none, usageErr("%s", msg)
	}
	if rep.Policy != nil {
		rep.Policy.ID = res.PolicyID
	}
	if rep.Move != nil && rep.Move.SourceParentID == "" {
		if n, ok := o.Tree.Node(sim.AccountID); ok {
			rep.Move.SourceParentID = n.ParentID
		}
	}
	rep.AccountsInScope = res.AccountsInScope
	if res.AccountsChanged > len(res.Accounts) {
		rep.AccountsChanged = res.AccountsChanged
	}
	for _, ac := range res.Accounts {
		rep.Accounts = append(rep.Accounts, accountChange{AccountID: ac.AccountID, Name: ac.Name, HadPolicy: ac.HadPolicy, Changes: ac.Changes})
	}
	for _, g := range res.Ignored {
		rep.Ignored = append(rep.Ignored, ignoredOut{Code: g.Code, Path: g.Path, Message: g.Message, Accounts: g.Accounts})
	}
	rep.WouldDisable, rep.WouldEnable = res.WouldDisable, res.WouldEnable
	for _, cc := range res.Disabled {
		rep.Configurations = append(rep.Configurations, configChangeOf(cc.ConfigurationARN, cc.AccountID, cc.Platform, cc.Reason, false))
	}
	for _, cc := range res.Enabled {
		rep.Configurations = append(rep.Configurations, configChangeOf(cc.ConfigurationARN, cc.AccountID, cc.Platform, cc.Reason, true))
	}
	return rep, nil
}

// chatbotPolicy reports whether the file's policy id is a CHATBOT_POLICY.
func chatbotPolicy(o *orgfile.Org, id string) bool {
	p, ok := o.Policy(id)
	return ok && p.Type == policy.ChatbotPolicy
}

// configChangeOf is a configuration whose state would change; enabled
// says it would be enabled again.
func configChangeOf(arn, account, platform, reason string, enabled bool) configChange {
	cc := configChange{ARN: arn, AccountID: account, Platform: platform, Summary: chatbot.Platform(platform).Title() + " configuration",
		Before: "ALLOWED", After: "DENIED", Reason: reason}
	if enabled {
		cc.Before, cc.After = cc.After, cc.Before
	}
	return cc
}

// simulation is the change the flags ask about, and the report's account
// of it. policyID finds the policy of --attach-policy or --detach-policy.
// nodeID finds the account of --move-account and the parent of --from.
func (a *whatIfArgs) simulation(s Streams, info policy.TypeInfo, policyID, nodeID func(flag, ref string) (string, error)) (gov.Simulation, whatIfReport, error) {
	var sim gov.Simulation
	var rep whatIfReport
	switch {
	case a.attachPath != "":
		if !info.Management {
			return sim, rep, usageErr("what-if computes effective policies; %s is not inherited with operators", info.Type)
		}
		_, content, err := readPolicyDocument(s, info, a.attachPath)
		if err != nil {
			return sim, rep, err
		}
		name := a.name
		if name == "" {
			name = defaultPolicyName(a.attachPath)
		}
		sim = gov.Simulation{Action: "CreatePolicy", Type: info.Type, Name: name, Content: &content}
		rep = newWhatIfReport(sim.Action)
		rep.Policy.Name, rep.Policy.Type = name, info.Type
	case a.moveAccount != "":
		acct, err := nodeID("move-account", a.moveAccount)
		if err != nil {
			return sim, rep, err
		}
		from := ""
		if a.from != "" {
			if from, err = nodeID("from", a.from); err != nil {
				return sim, rep, err
			}
		}
		sim = gov.Simulation{Action: "MoveAccount", AccountID: acct, SourceParentID: from}
		rep = newWhatIfReport(sim.Action)
		rep.Move.AccountID, rep.Move.SourceParentID = acct, from
	case a.attachPolicy != "":
		id, err := policyID("attach-policy", a.attachPolicy)
		if err != nil {
			return sim, rep, err
		}
		sim = gov.Simulation{Action: "AttachPolicy", PolicyID: id}
		rep = newWhatIfReport(sim.Action)
		rep.Policy.ID = id
	default:
		id, err := policyID("detach-policy", a.detachPolicy)
		if err != nil {
			return sim, rep, err
		}
		sim = gov.Simulation{Action: "DetachPolicy", PolicyID: id}
		rep = newWhatIfReport(sim.Action)
		rep.Policy.ID = id
	}
	return sim, rep, nil
}

// readConfigDir reads the configurations of --configs: every *.json file
// of dir, in name order, each with the AccountId of an account of o.
func readConfigDir(s Streams, o *orgfile.Org, dir string) ([]*configFile, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, usageErr("%v", err)
	}
	if len(files) == 0 {
		return nil, usageErr("--configs: no *.json files in %s", dir)
	}
	sort.Strings(files)
	var out []*configFile
	for _, f := range files {
		cf, err := readConfigFile(s, f)
		if err != nil {
			return nil, err
		}
		if cf.req.AccountID == "" {
			return nil, usageErr("%s: AccountId is required to know whose configuration it is", f)
		}
		if n, ok := o.Tree.Node(cf.req.AccountID); !ok || n.Type != org.Account {
			return nil, usageErr("%s: account %s is not in the org file", f, cf.req.AccountID)
		}
		out = append(out, cf)
	}
	return out, nil
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

// onServer asks a server to simulate the change (simulate-policy-change).
func (a *whatIfArgs) onServer(c *cobra.Command, s Streams, info policy.TypeInfo) (whatIfReport, error) {
	var none whatIfReport
	targetType, ok := org.TypeOf(a.target)
	if !ok {
		return none, usageErr("--target %q: with --server, give the ID of a root (r-...), an OU (ou-...) or an account (12 digits)", a.target)
	}
	asIs := func(_, ref string) (string, error) { return ref, nil }
	sim, rep, err := a.simulation(s, info, asIs, asIs)
	if err != nil {
		return none, err
	}
	rep.Target.ID, rep.Target.Type, rep.targetLabel = a.target, targetType, a.target
	in := chatgovapi.SimulatePolicyChangeInput{Action: sim.Action, TargetID: a.target, PolicyID: sim.PolicyID, Name: sim.Name, Content: sim.Content,
		AccountID: sim.AccountID, SourceParentID: sim.SourceParentID}
	if sim.Action == "CreatePolicy" {
		in.PolicyType = string(sim.Type)
	}
	sc, err := a.sa.connect(c.Context(), s)
	if err != nil {
		return none, err
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
		return none, failure
	}
	rep.AccountsInScope = resp.AccountsInScope
	if rep.Policy != nil {
		rep.Policy.ID = resp.PolicyID
	}
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
		rep.Configurations = append(rep.Configurations, configChangeOf(cc.ChatConfigurationArn, cc.AccountID, cc.Platform, cc.StateReason, false))
	}
	for _, cc := range resp.WouldEnable {
		rep.Configurations = append(rep.Configurations, configChangeOf(cc.ChatConfigurationArn, cc.AccountID, cc.Platform, cc.StateReason, true))
	}
	return rep, nil
}

func printWhatIf(w io.Writer, rep whatIfReport) {
	where := ""
	if rep.Server != "" {
		where = ", on " + rep.Server
	}
	switch rep.Action {
	case "CreatePolicy":
		verb := "attached to"
		if rep.Server != "" {
			verb = "created and attached to"
		}
		fmt.Fprintf(w, "What if %s %q were %s %s%s:\n", rep.Policy.Type, rep.Policy.Name, verb, rep.targetLabel, where)
	case "AttachPolicy":
		fmt.Fprintf(w, "What if policy %s were attached to %s%s:\n", rep.Policy.ID, rep.targetLabel, where)
	case "MoveAccount":
		from := ""
		if rep.Move.SourceParentID != "" {
			from = " from " + rep.Move.SourceParentID
		}
		fmt.Fprintf(w, "What if account %s were moved%s to %s%s:\n", rep.Move.AccountID, from, rep.targetLabel, where)
	default:
		fmt.Fprintf(w, "What if policy %s were detached from %s%s:\n", rep.Policy.ID, rep.targetLabel, where)
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
	case rep.ConfigsChecked == nil:
		return
	default:
		fmt.Fprintf(w, "\n%d channel %s checked: %d would be disabled, %d re-enabled.\n", *rep.ConfigsChecked,
			plural(*rep.ConfigsChecked, "configuration", "configurations"), rep.WouldDisable, rep.WouldEnable)
	}
	for _, c := range rep.Configurations {
		state := "DISABLED"
		if c.After == "ALLOWED" {
			state = "ENABLED again"
		}
		fmt.Fprintf(w, "  %s: %s in %s would be %s\n", c.ARN, c.Summary, c.AccountID, state)
		if c.Reason != "" {
			fmt.Fprintf(w, "      %s\n", c.Reason)
		}
	}
	if more := rep.WouldDisable + rep.WouldEnable - len(rep.Configurations); more > 0 {
		fmt.Fprintf(w, "  ... and %d more %s (the server lists the first %d of each kind)\n", more,
			plural(more, "configuration", "configurations"), gov.SimulationListLimit)
	}
}
