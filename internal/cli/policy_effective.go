package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/awsapi"
	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// effectiveArgs are the flags of `chatgov policy effective`.
type effectiveArgs struct {
	typ     typeFlag
	out     outputFlag
	oa      orgArgs
	sa      serverArgs
	explain bool
}

func newEffectiveCmd(s Streams) *cobra.Command {
	var a effectiveArgs
	c := &cobra.Command{
		Use:   "effective (--org ORG | --server URL) --account ID",
		Short: "Print an account's effective policy, as DescribeEffectivePolicy renders it",
		Long: `Print an account's effective policy of one type, rendered as AWS renders it (operators
stripped, keys sorted). --explain adds where every value came from (policy, node, operator),
the restrictions in force and the changes that were ignored.

Offline, on an org file (--org ORG), ACCOUNT is an ID or unique name in the file. With --server URL
instead of --org (or with $CHATGOV_SERVER set and no --org), a running chatgov server explains the
account's effective policy (chatgov's describe-effective-policy-explanation): ACCOUNT is an ID, the
caller needs the right to read that account's effective policy, and the output is the same as offline
for the same organization (validation errors are left out for a caller who may not list them).
Requests are signed with the credentials the AWS CLI would use (--profile, AWS_PROFILE, ...).

Exit status: 0 when the account has an effective policy, 1 when it has none or the server refuses,
2 on errors.`,
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
			onServer := a.sa.flagged(c) || a.oa.orgPath == "" && a.sa.chosen(c, s)
			switch {
			case onServer && a.oa.orgPath != "":
				return usageErr("give --org (offline, on an org file) or --server (on a running server), not both")
			case !onServer && a.oa.orgPath == "":
				return usageErr(`required flag "org" not set: give --org ORG to work on an org file, or --server URL to ask a running server`)
			}
			var ex api.DescribeEffectivePolicyExplanationOutput
			if onServer {
				ex, err = a.onServer(c, s, info.Type)
			} else {
				ex, err = a.offline(c, s, info.Type, asJSON)
			}
			if err != nil {
				return err
			}
			printEffective(s, ex, asJSON, a.explain)
			return nil
		},
	}
	a.typ.register(c)
	a.out.register(c)
	a.oa.register(c, true)
	// --org is required offline only (RunE checks it), so that --server can replace it.
	delete(c.Flags().Lookup("org").Annotations, cobra.BashCompOneRequiredFlag)
	a.sa.register(c)
	c.Flags().BoolVar(&a.explain, "explain", false, "show the provenance of every value")
	return c
}

// offline explains the account's effective policy on the org file, as
// the management account, in the server's wire shape (so that both modes
// print the same bytes). An account with no effective policy is said on
// stderr (or in the JSON) and the command fails.
func (a *effectiveArgs) offline(c *cobra.Command, s Streams, t policy.Type, asJSON bool) (api.DescribeEffectivePolicyExplanationOutput, error) {
	var none api.DescribeEffectivePolicyExplanationOutput
	o, err := a.oa.load()
	if err != nil {
		return none, err
	}
	acct, err := resolveAccount(o, a.oa.account)
	if err != nil {
		return none, err
	}
	oo, err := openOrg(c.Context(), o, offlineInputs{})
	if err != nil {
		return none, err
	}
	ex, err := oo.svc.ExplainEffectivePolicy(oo.mgmt, t, acct.ID)
	if ge := gov.ErrorOf(err); err != nil && (ge.Kind != gov.NotFound || ge.Resource != gov.ResEffectivePolicy) {
		return none, usageErr("%s", ge.Message)
	}
	// The type is not enabled (with the type enabled and no policy in
	// effect, the effective policy is "{}", as on AWS).
	if err != nil {
		why := gov.ErrorOf(err).Message
		if asJSON {
			_ = writeJSON(s.Out, map[string]any{"AccountId": acct.ID, "PolicyType": t, "Policy": nil, "Reason": why})
		} else {
			fmt.Fprintf(s.Err, "chatgov: account %s has no effective %s: %s\n", acct.ID, t, why)
		}
		return none, failed
	}
	return awsapi.ExplanationOutput(ex), nil
}

// onServer asks the server for the explanation.
func (a *effectiveArgs) onServer(c *cobra.Command, s Streams, t policy.Type) (api.DescribeEffectivePolicyExplanationOutput, error) {
	sc, err := a.sa.connect(c.Context(), s)
	if err != nil {
		return api.DescribeEffectivePolicyExplanationOutput{}, err
	}
	out, err := sc.c.DescribeEffectivePolicyExplanation(c.Context(), api.DescribeEffectivePolicyExplanationInput{AccountID: a.oa.account, PolicyType: string(t)})
	return out, sc.fail(err)
}

// printEffective prints the effective policy, with its explanation when
// asked, the same way whichever mode produced it.
func printEffective(s Streams, ex api.DescribeEffectivePolicyExplanationOutput, asJSON, explain bool) {
	switch {
	case asJSON:
		v := map[string]any{"AccountId": ex.AccountID, "PolicyType": ex.PolicyType, "Policy": json.RawMessage(ex.Policy)}
		if explain {
			v["Explanation"] = ex.Explanation
		}
		_ = writeJSON(s.Out, v)
	case explain:
		printExplanation(s.Out, ex)
	case s.outIsTerminal():
		// For people: indented. Piped, the content stays as the server
		// gives it, one line.
		var b bytes.Buffer
		if json.Indent(&b, []byte(ex.Policy), "", "  ") != nil {
			b.Reset()
			b.WriteString(ex.Policy)
		}
		fmt.Fprintln(s.Out, b.String())
	default:
		fmt.Fprintln(s.Out, ex.Policy)
	}
}

func describeStatement(src *api.PolicySource) string {
	if src == nil {
		return "(unknown)"
	}
	name := src.TargetName
	if name == "" {
		name = src.TargetType
	}
	return fmt.Sprintf("%s (%s) on %s (%s), %s", src.PolicyID, src.PolicyName, src.TargetID, name, src.Operator)
}

func printExplanation(w io.Writer, ex api.DescribeEffectivePolicyExplanationOutput) {
	fmt.Fprintf(w, "Effective %s of account %s (%s):\n%s\n\nValues:\n", ex.PolicyType, ex.AccountID, ex.AccountName, ex.Policy)
	e := ex.Explanation
	for _, v := range e.Values {
		fmt.Fprintf(w, "  %s = %s\n      set by %s\n", v.Path, v.Value, describeStatement(v.Source))
	}
	if len(e.Removed) > 0 {
		fmt.Fprintln(w, "\nRemoved:")
		for _, v := range e.Removed {
			fmt.Fprintf(w, "  %s: %s\n      removed by %s\n", v.Path, v.Value, describeStatement(v.Source))
		}
	}
	if len(e.Restrictions) > 0 {
		fmt.Fprintln(w, "\nRestrictions on child policies:")
		for _, r := range e.Restrictions {
			var by []string
			for _, s := range r.Sources {
				by = append(by, s.PolicyID+" ("+s.PolicyName+") on "+s.TargetID)
			}
			fmt.Fprintf(w, "  %s allows %s\n      declared by %s\n", r.Path, "["+strings.Join(r.Allowed, ", ")+"]", strings.Join(by, "; "))
		}
	}
	if len(e.Errors) > 0 {
		fmt.Fprintln(w, "\nIgnored changes and other validation errors:")
		for _, ve := range e.Errors {
			fmt.Fprintf(w, "  %s %s: %s\n", ve.Code, ve.Path, ve.Message)
			if ve.Change != nil {
				fmt.Fprintf(w, "      change: %s\n", describeStatement(ve.Change))
			}
		}
	}
}
