package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/cfn"
	"github.com/chatgov/chatgov/internal/cfn/stack"
	"github.com/chatgov/chatgov/internal/gov"
)

func newStackCmd(s Streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "stack",
		Short: "CloudFormation templates, offline",
	}
	c.AddCommand(newStackPlanCmd(s))
	return c
}

type stackPlanArgs struct {
	oa         orgArgs
	configsDir string
	params     []string
	name       string
}

func newStackPlanCmd(s Streams) *cobra.Command {
	var a stackPlanArgs
	c := &cobra.Command{
		Use:   "plan TEMPLATE --org ORG [--configs DIR] [--parameter KEY=VALUE ...]",
		Short: "Show what deploying a CloudFormation template would create, and its compliance impact",
		Long: `Deploy TEMPLATE (JSON or YAML) as a new stack of the management account to a copy, in memory,
of the organization ORG describes, with the server's own stack runner and use cases, and show
what it would create, which resource chatgov would refuse (the stack would roll back), and which
channel configurations of DIR (--configs, as for policy what-if) the deployment would disable.
Nothing is changed.

Exit status: 0 when the stack would deploy, 1 when it would fail and roll back, 2 on usage errors
and templates CloudFormation refuses (a ValidationError, printed as such).`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error { return a.run(c, s, args[0]) },
	}
	a.oa.register(c, false)
	c.Flags().StringVar(&a.configsDir, "configs", "", "directory of channel configurations (Chatbot create request bodies with AccountId)")
	c.Flags().StringArrayVar(&a.params, "parameter", nil, "a template parameter, KEY=VALUE (repeatable)")
	c.Flags().StringVar(&a.name, "stack-name", "plan", "the stack's name (AWS::StackName)")
	return c
}

func (a *stackPlanArgs) run(c *cobra.Command, s Streams, path string) error {
	body, err := os.ReadFile(path)
	if err != nil {
		return usageErr("%v", err)
	}
	o, err := a.oa.load()
	if err != nil {
		return err
	}
	var params []cfn.ParameterValue
	for _, p := range a.params {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return usageErr("--parameter %q: want KEY=VALUE", p)
		}
		params = append(params, cfn.ParameterValue{Key: k, Value: v})
	}
	var configs []*configFile
	if a.configsDir != "" {
		if configs, err = readConfigDir(s, o, a.configsDir); err != nil {
			return err
		}
	}
	channels, err := directory(configs)
	if err != nil {
		return err
	}
	oo, err := openOrg(c.Context(), o, offlineInputs{channels: channels, configs: configs})
	if err != nil {
		return err
	}
	states := func() []gov.ChatConfiguration {
		var out []gov.ChatConfiguration
		for i, arn := range oo.arns {
			cfg, err := oo.svc.GetChatConfiguration(rootCaller(configs[i].account), arn, string(configs[i].req.Config.Platform))
			if err == nil {
				out = append(out, cfg)
			}
		}
		return out
	}
	before := states()
	runner := stack.New(oo.svc, stack.Options{})
	caller := oo.mgmt.InRegion("us-east-1")
	if _, err := runner.CreateStack(c.Context(), caller, stack.Input{StackName: a.name, TemplateBody: string(body), Parameters: params}); err != nil {
		if se, ok := err.(*stack.Error); ok && se.Code != stack.CodeInternal {
			return usageErr("%s: %s", se.Code, se.Message)
		}
		return err
	}
	stacks, err := runner.Stacks(caller, a.name)
	if err != nil {
		return err
	}
	st := stacks[0]
	w := s.Out
	fmt.Fprintf(w, "Plan: deploying %s as stack %s of the management account %s:\n", path, a.name, oo.mgmt.AccountID)
	var failure string
	for _, e := range st.Events {
		switch {
		case e.Type == "AWS::CloudFormation::Stack":
		case e.Status == stack.StatusCreateComplete:
			fmt.Fprintf(w, "  create  %-24s %-50s %s\n", e.LogicalID, e.Type, e.PhysicalID)
		case e.Status == stack.StatusCreateFailed:
			failure = fmt.Sprintf("%s (%s): %s", e.LogicalID, e.Type, e.Reason)
		}
	}
	after := states()
	var disabled []string
	for i, cfg := range after {
		if i < len(before) && before[i].State == gov.StateEnabled && cfg.State != gov.StateEnabled {
			disabled = append(disabled, fmt.Sprintf("  %s\n    %s", cfg.ARN, cfg.StateReason))
		}
	}
	if failure != "" {
		fmt.Fprintf(w, "The deployment would fail at %s\nThe stack would roll back (%s): nothing would stay.\n", failure, st.Status)
		return failed
	}
	if configs != nil {
		fmt.Fprintf(w, "Compliance: %d of %d configurations would be disabled.\n", len(disabled), len(before))
		for _, d := range disabled {
			fmt.Fprintln(w, d)
		}
	}
	return nil
}
