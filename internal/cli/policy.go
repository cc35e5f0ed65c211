package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/orgfile"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
)

func newPolicyCmd(s Streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "policy",
		Short: "Validate policies and compute effective policies and decisions, offline on files",
	}
	c.AddCommand(newValidateCmd(s), newEffectiveCmd(s), newCheckCmd(s), newWhatIfCmd(s))
	return c
}

// typeFlag is the --type flag of the policy commands.
type typeFlag struct{ value string }

func (t *typeFlag) register(c *cobra.Command) {
	c.Flags().StringVarP(&t.value, "type", "t", string(policy.ChatbotPolicy), "policy type, as the Organizations API names it or a short name (SCP, RCP, chatbot, tag, backup; any case)")
}

func (t *typeFlag) get() (policy.TypeInfo, error) {
	typ, ok := policy.TypeByName(t.value)
	info, _ := policy.Lookup(typ)
	if !ok {
		var names []string
		for _, ti := range policy.Types() {
			names = append(names, string(ti.Type))
		}
		return info, usageErr("unknown policy type %q; the types are %s", t.value, strings.Join(names, ", "))
	}
	return info, nil
}

func readInput(s Streams, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(s.In)
	}
	return os.ReadFile(name)
}

// validateDocument returns the problems of one document, none when
// valid, and the warnings of a valid SCP or RCP (an ArnLike value that
// matches no ARN).
func validateDocument(info policy.TypeInfo, content string) (problems, warnings []jsondoc.Problem) {
	var err error
	var p *iam.Policy
	switch info.Type {
	case policy.ServiceControlPolicy:
		p, err = iam.Parse(content, iam.SCP)
	case policy.ResourceControlPolicy:
		p, err = iam.Parse(content, iam.RCP)
	default:
		_, err = policy.Parse(info.Type, content)
	}
	if err == nil {
		if p != nil {
			warnings = p.Warnings
		}
		return nil, warnings
	}
	var je *jsondoc.Error
	if errors.As(err, &je) {
		return je.Problems, nil
	}
	return []jsondoc.Problem{{Path: jsondoc.Root, Code: "INVALID", Message: err.Error()}}, nil
}

func newValidateCmd(s Streams) *cobra.Command {
	var typ typeFlag
	var out outputFlag
	c := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check policy documents against their type's grammar, schema and limits",
		Long: `Check policy documents against their type's grammar, schema and limits, reporting every
problem of every file with its JSON path. "-" reads standard input.

Without --type, each document's type is recognised from its content: IAM statements are a
service control policy, or a resource control policy when a statement names a Principal; a
management policy by its top-level key (chatbot: CHATBOT_POLICY, tags: TAG_POLICY, plans:
BACKUP_POLICY, services: AISERVICES_OPT_OUT_POLICY, ec2_attributes: DECLARATIVE_POLICY_EC2).
The output says which type was recognised and why; a document that names none is checked as
CHATBOT_POLICY. --type takes the API's names or short ones (SCP, RCP, chatbot, tag, backup;
any case).
Exit status: 0 when every document is valid, 1 when any is not, 2 on usage errors.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			info, err := typ.get()
			if err != nil {
				return err
			}
			recognise := !c.Flags().Changed("type")
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			type result struct {
				File string      `json:"File"`
				Type policy.Type `json:"Type"`
				// TypeRecognizedBy says what in the content gave the
				// type, when --type did not.
				TypeRecognizedBy string            `json:"TypeRecognizedBy,omitempty"`
				Valid            bool              `json:"Valid"`
				Problems         []jsondoc.Problem `json:"Problems"`
				// Warnings are valid but surely not meant: the document is valid.
				Warnings []jsondoc.Problem `json:"Warnings"`
				// unrecognised: neither --type nor the content gave the type.
				unrecognised bool
			}
			var results []result
			for _, name := range args {
				data, err := readInput(s, name)
				if err != nil {
					return usageErr("%v", err)
				}
				docInfo, why, unrecognised := info, "", false
				if recognise {
					if r, ok := policy.RecognizeType(string(data)); ok {
						docInfo, _ = policy.Lookup(r.Type)
						why = r.Why
					} else {
						unrecognised = true
					}
				}
				probs, warns := validateDocument(docInfo, string(data))
				results = append(results, result{File: name, Type: docInfo.Type, TypeRecognizedBy: why, Valid: len(probs) == 0,
					Problems: append([]jsondoc.Problem{}, probs...), Warnings: append([]jsondoc.Problem{}, warns...), unrecognised: unrecognised})
			}
			allValid := true
			for _, r := range results {
				allValid = allValid && r.Valid
			}
			if asJSON {
				if err := writeJSON(s.Out, map[string]any{"Valid": allValid, "Files": results}); err != nil {
					return err
				}
			} else {
				for _, r := range results {
					how := ""
					switch {
					case r.TypeRecognizedBy != "":
						how = " (type recognised by " + r.TypeRecognizedBy + ")"
					case r.unrecognised:
						how = " (the content names no type; give --type)"
					}
					if r.Valid {
						fmt.Fprintf(s.Out, "%s: valid %s%s\n", r.File, r.Type, how)
						printWarnings(s.Out, r.File, r.Warnings)
						continue
					}
					fmt.Fprintf(s.Out, "%s: %d %s as %s%s\n", r.File, len(r.Problems), plural(len(r.Problems), "problem", "problems"), r.Type, how)
					for _, p := range r.Problems {
						fmt.Fprintf(s.Out, "  %s:%s [%s]\n", r.File, p, p.Code)
					}
				}
			}
			if !allValid {
				return failed
			}
			return nil
		},
	}
	typ.register(c)
	out.register(c)
	return c
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// orgArgs are the flags that name an org file and an account in it.
type orgArgs struct {
	orgPath string
	account string
}

func (a *orgArgs) register(c *cobra.Command, accountRequired bool) {
	c.Flags().StringVar(&a.orgPath, "org", "", "org file (YAML or JSON) describing the organization")
	c.Flags().StringVar(&a.account, "account", "", "account ID (or unique name) in the org file")
	_ = c.MarkFlagRequired("org")
	if accountRequired {
		_ = c.MarkFlagRequired("account")
	}
}

func (a *orgArgs) load() (*orgfile.Org, error) {
	o, err := orgfile.Load(a.orgPath)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return o, nil
}

func resolveAccount(o *orgfile.Org, ref string) (*org.Node, error) {
	n, err := o.Resolve(ref)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	if n.Type != org.Account {
		return nil, usageErr("%s is %s, not an account: effective policies are computed for accounts", n.ID, describeNodeType(n.Type))
	}
	return n, nil
}

func describeNodeType(t org.NodeType) string {
	switch t {
	case org.Root:
		return "the root"
	case org.OU:
		return "an OU"
	}
	return "an account"
}

func describeSource(src *policy.Source) string {
	name := src.Target.Name
	if name == "" {
		name = string(src.Target.Type)
	}
	return fmt.Sprintf("%s (%s) on %s (%s), %s", src.PolicyID, src.PolicyName, src.Target.ID, name, src.Operator.String())
}

func newCheckCmd(s Streams) *cobra.Command {
	var out outputFlag
	var oa orgArgs
	var configPath string
	c := &cobra.Command{
		Use:   "check --org ORG --account ID --config CONFIG.json",
		Short: "Decide whether a chat channel configuration complies with the account's chat applications policy",
		Long: `Decide whether a chat channel configuration complies with the account's effective
CHATBOT_POLICY, with every rule's outcome, the policy path that decided it and the policies
behind that value: the decision the server makes on a create of the configuration. CONFIG is a
Chatbot create request body (Slack, Microsoft Teams or Chime fields; the platform is known from
them), checked as the Chatbot API checks it, plus, for Slack, "ChannelVisibility": "public" or
"private", the channel's visibility in the chat directory. "-" reads it from standard input.
Exit status: 0 when allowed, 1 when denied, 2 on errors.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			cf, err := readConfigFile(s, configPath)
			if err != nil {
				return err
			}
			if oa.account == "" && cf.req.AccountID == "" {
				return usageErr("give --account, or AccountId in the configuration")
			}
			o, err := oa.load()
			if err != nil {
				return err
			}
			acct, err := cf.inAccount(o, oa.account)
			if err != nil {
				return err
			}
			channels, err := directory([]*configFile{cf})
			if err != nil {
				return err
			}
			oo, err := openOrg(c.Context(), o, offlineInputs{channels: channels})
			if err != nil {
				return err
			}
			nc, in := cf.newConfiguration()
			d, err := oo.svc.DecideChatConfiguration(oo.mgmt, acct.ID, nc, in)
			if err != nil {
				return usageErr("%s: %s", configPath, gov.ErrorOf(err).Message)
			}
			if asJSON {
				if err := writeJSON(s.Out, decisionJSON(acct.ID, cf.req, d.Decision)); err != nil {
					return err
				}
			} else {
				printDecision(s.Out, acct, cf.req, d.Decision)
			}
			if !d.Allowed {
				return failed
			}
			return nil
		},
	}
	out.register(c)
	oa.register(c, false)
	c.Flags().StringVar(&configPath, "config", "", "channel configuration file (JSON)")
	_ = c.MarkFlagRequired("config")
	return c
}

type reasonOut struct {
	Rule    chatbot.Rule     `json:"Rule"`
	Allowed bool             `json:"Allowed"`
	Path    string           `json:"Path,omitempty"`
	Subject string           `json:"Subject,omitempty"`
	Values  []string         `json:"Values,omitempty"`
	Message string           `json:"Message"`
	Sources []*policy.Source `json:"Sources,omitempty"`
}

type decisionOut struct {
	AccountID     string      `json:"AccountId"`
	Platform      string      `json:"Platform"`
	Configuration string      `json:"ConfigurationName,omitempty"`
	Allowed       bool        `json:"Allowed"`
	HasPolicy     bool        `json:"HasPolicy"`
	Reasons       []reasonOut `json:"Reasons"`
	DenialMessage string      `json:"DenialMessage,omitempty"`
}

func decisionJSON(accountID string, req chatbot.Request, d chatbot.Decision) decisionOut {
	out := decisionOut{AccountID: accountID, Platform: string(req.Config.Platform), Configuration: req.ConfigurationName,
		Allowed: d.Allowed, HasPolicy: d.HasPolicy, Reasons: []reasonOut{}}
	for _, r := range d.Reasons {
		out.Reasons = append(out.Reasons, reasonOut{r.Rule, r.Allowed, r.Path, r.Subject, r.Values, r.Message(), r.Sources})
	}
	if !d.Allowed {
		out.DenialMessage = d.DenialMessage()
	}
	return out
}

func describeConfig(req chatbot.Request) string {
	c := req.Config
	var parts []string
	switch c.Platform {
	case chatbot.Slack:
		vis := string(c.ChannelVisibility)
		if vis == "" {
			vis = "visibility unknown"
		}
		parts = append(parts, "workspace "+c.SlackTeamID, "channel "+c.SlackChannelID, vis)
	case chatbot.MicrosoftTeams:
		parts = append(parts, "tenant "+c.TenantID, "team "+c.TeamID)
	}
	parts = append(parts, c.RoleSetting())
	name := ""
	if req.ConfigurationName != "" {
		name = fmt.Sprintf(" %q", req.ConfigurationName)
	}
	return fmt.Sprintf("%s configuration%s (%s)", c.Platform.Title(), name, strings.Join(parts, ", "))
}

func printDecision(w io.Writer, acct *org.Node, req chatbot.Request, d chatbot.Decision) {
	verdict := "ALLOWED"
	if !d.Allowed {
		verdict = "DENIED"
	}
	fmt.Fprintf(w, "%s: %s in account %s (%s)\n", verdict, describeConfig(req), acct.ID, acct.Name)
	for _, r := range d.Reasons {
		mark := "ok    "
		if !r.Allowed {
			mark = "DENIED"
		}
		fmt.Fprintf(w, "  %s %s: %s\n", mark, r.Rule, r.Message())
		if r.Path != "" {
			fmt.Fprintf(w, "         at %s\n", r.Path)
		}
		for _, src := range r.Sources {
			fmt.Fprintf(w, "         from %s\n", describeSource(src))
		}
	}
}

// printWarnings lists a valid document's warnings, as problems are listed
// and marked as warnings.
func printWarnings(w io.Writer, file string, warnings []jsondoc.Problem) {
	for _, p := range warnings {
		fmt.Fprintf(w, "  %s:%s [%s, warning]\n", file, p, p.Code)
	}
}
