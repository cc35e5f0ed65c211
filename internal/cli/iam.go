package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
)

// chatgov cannot read IAM from AWS, so the roles' permissions and the
// customer managed policies that guardrails and roles name are registered
// with the server. These commands do it; `chatgov simulate --server` then
// evaluates them.

// rolePermissionsOut and managedPolicyOut are the -o json shapes: the
// server's, with times in RFC 3339 as the other commands print them.
type rolePermissionsOut struct {
	RoleARN           string                    `json:"RoleArn"`
	ManagedPolicyARNs []string                  `json:"ManagedPolicyArns"`
	InlinePolicies    []chatgovapi.InlinePolicy `json:"InlinePolicies"`
	UpdatedTimestamp  string                    `json:"UpdatedTimestamp,omitempty"`
}

type managedPolicyOut struct {
	PolicyARN        string `json:"PolicyArn"`
	PolicyName       string `json:"PolicyName"`
	Path             string `json:"Path"`
	PolicyDocument   string `json:"PolicyDocument,omitempty"`
	UpdatedTimestamp string `json:"UpdatedTimestamp,omitempty"`
}

// rolePermissionsAnswer is the -o json of put- and get-role-permissions.
type rolePermissionsAnswer struct {
	RolePermissions rolePermissionsOut `json:"RolePermissions"`
}

func rolePermissionsOf(r chatgovapi.RolePermissions) rolePermissionsOut {
	return rolePermissionsOut{RoleARN: r.RoleArn, ManagedPolicyARNs: append([]string{}, r.ManagedPolicyArns...),
		InlinePolicies: append([]chatgovapi.InlinePolicy{}, r.InlinePolicies...), UpdatedTimestamp: rfc3339(r.UpdatedTimestamp)}
}

func managedPolicyOf(p chatgovapi.ManagedPolicy) managedPolicyOut {
	return managedPolicyOut{PolicyARN: p.PolicyArn, PolicyName: p.PolicyName, Path: p.Path, PolicyDocument: p.PolicyDocument,
		UpdatedTimestamp: rfc3339(p.UpdatedTimestamp)}
}

func newIAMCmd(s Streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "iam",
		Short: "Register with a server the IAM permissions chat commands are decided against",
		Long: `chatgov cannot read IAM from AWS. Register with a running chatgov server what "chatgov simulate
--server" needs to evaluate a command's guardrails and role: the permission policies of the roles
commands run with (put-role-permissions: AWS managed or registered customer managed policies by
ARN, and inline documents), and the customer managed policies that guardrails and roles name
(put-managed-policy). A role nobody registered is NOT_EVALUATED; a guardrail policy the server
does not know leaves the guardrails NOT_EVALUATED unless the known ones decide.

Documents are checked here first as IAM identity policies, and every problem is reported with
its position and JSON path (exit 2, nothing sent). Registrations belong to the caller's account.
The server is --endpoint-url (or --server), else $AWS_ENDPOINT_URL, the profile's endpoint_url,
$CHATGOV_SERVER, else ` + defaultServer + `; requests are signed with
the credentials the AWS CLI would
use (--profile, AWS_PROFILE, AWS_ACCESS_KEY_ID, the shared config and credentials files). -o json prints the server's
answer, with times in RFC 3339. Exit status: 0 on success, 1 when the server refuses
("chatgov: <Code>: <message>"), 2 on usage errors, invalid documents and missing or rejected
credentials.

"chatgov iam simulate" decides an arbitrary IAM request against an account's SCPs, offline on an
org file or on a server, with identity and guardrail policies given as files (see its help).`,
	}
	c.AddCommand(newPutRolePermissionsCmd(s), newGetRolePermissionsCmd(s), newDeleteRolePermissionsCmd(s),
		newPutManagedPolicyCmd(s), newDeleteManagedPolicyCmd(s), newIAMListCmd(s), newIAMSimulateCmd(s))
	return c
}

// roleARNRule and policyARNRule check ARNs as the server does.
func roleARNRule(v string) string {
	if !gov.ValidRoleARN(v) {
		return fmt.Sprintf("%q is not an IAM role ARN such as arn:aws:iam::111111111111:role/name", v)
	}
	return ""
}

func policyARNRule(v string) string {
	if !gov.ValidManagedPolicyARN(v) {
		return fmt.Sprintf("%q is not an IAM policy ARN such as arn:aws:iam::111111111111:policy/name", v)
	}
	return ""
}

func newPutRolePermissionsCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var role string
	var managedARNs, inline []string
	c := &cobra.Command{
		Use:   "put-role-permissions --role-arn ARN [--managed-policy-arn ARN ...] [--inline-policy NAME=FILE ...]",
		Short: "Register a role's permission policies (an existing registration is replaced)",
		Long: `Register the permission policies of an IAM role that chat commands run with: managed
policies by ARN (AWS managed, or customer managed ones registered with put-managed-policy) and
inline policies, each NAME=FILE ("-" reads standard input). The registration replaces the role's
previous one; a role registered with no policies allows nothing.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			var probs []string
			if msg := roleARNRule(role); msg != "" {
				probs = append(probs, "--role-arn "+msg)
			}
			seen := map[string]bool{}
			for _, arn := range managedARNs {
				switch {
				case policyARNRule(arn) != "":
					probs = append(probs, "--managed-policy-arn "+policyARNRule(arn))
				case seen[arn]:
					probs = append(probs, "--managed-policy-arn "+arn+" is given twice")
				}
				seen[arn] = true
			}
			policies := []chatgovapi.InlinePolicy{}
			names := map[string]bool{}
			for _, v := range inline {
				name, file, err := splitAssignment("inline-policy", v, "NAME=FILE, such as deploy=deploy.json")
				if err != nil {
					return err
				}
				switch {
				case !gov.ValidIAMName(name):
					probs = append(probs, fmt.Sprintf("--inline-policy: %q is not a policy name (1 to 128 letters, digits and +=,.@_-)", name))
					continue
				case names[name]:
					probs = append(probs, fmt.Sprintf("--inline-policy: %q is given twice", name))
					continue
				}
				names[name] = true
				doc, _, prob := readIdentityPolicy(s, file)
				if prob != "" {
					probs = append(probs, prob)
					continue
				}
				policies = append(policies, chatgovapi.InlinePolicy{PolicyName: name, PolicyDocument: doc})
			}
			if len(probs) > 0 {
				return usageErr("%s", strings.Join(probs, "\n"))
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			resp, err := sc.c.PutRolePermissions(c.Context(), chatgovapi.PutRolePermissionsInput{RoleArn: role, ManagedPolicyArns: managedARNs,
				InlinePolicies: policies})
			if err != nil {
				return sc.fail(err)
			}
			if asJSON {
				return writeJSON(s.Out, rolePermissionsAnswer{rolePermissionsOf(resp.RolePermissions)})
			}
			r := resp.RolePermissions
			fmt.Fprintf(s.Out, "Registered the permissions of %s: %d managed %s, %d inline %s.\n", role,
				len(r.ManagedPolicyArns), plural(len(r.ManagedPolicyArns), "policy", "policies"),
				len(r.InlinePolicies), plural(len(r.InlinePolicies), "policy", "policies"))
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	f := c.Flags()
	f.StringVar(&role, "role-arn", "", "the role's ARN")
	f.StringArrayVar(&managedARNs, "managed-policy-arn", nil, "a managed policy attached to the role (repeatable)")
	f.StringArrayVar(&inline, "inline-policy", nil, "an inline policy of the role, `NAME=FILE` (repeatable)")
	requireFlags(c, "role-arn")
	return c
}

func newGetRolePermissionsCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var role string
	c := &cobra.Command{
		Use:   "get-role-permissions --role-arn ARN",
		Short: "Show a role's registered permission policies",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			if err := checkFlags(flagCheck{"role-arn", role, roleARNRule}); err != nil {
				return err
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			resp, err := sc.c.GetRolePermissions(c.Context(), chatgovapi.GetRolePermissionsInput{RoleArn: role})
			if err != nil {
				return sc.fail(err)
			}
			if asJSON {
				return writeJSON(s.Out, rolePermissionsAnswer{rolePermissionsOf(resp.RolePermissions)})
			}
			printRolePermissions(s.Out, rolePermissionsOf(resp.RolePermissions))
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	c.Flags().StringVar(&role, "role-arn", "", "the role's ARN")
	requireFlags(c, "role-arn")
	return c
}

func printRolePermissions(w io.Writer, r rolePermissionsOut) {
	fmt.Fprintf(w, "%s (registered %s)\n", r.RoleARN, r.UpdatedTimestamp)
	fmt.Fprintf(w, "  Managed policies: %d\n", len(r.ManagedPolicyARNs))
	for _, arn := range r.ManagedPolicyARNs {
		fmt.Fprintf(w, "    %s\n", arn)
	}
	fmt.Fprintf(w, "  Inline policies: %d\n", len(r.InlinePolicies))
	for _, p := range r.InlinePolicies {
		fmt.Fprintf(w, "    %s: %s\n", p.PolicyName, compactJSON(p.PolicyDocument))
	}
}

// compactJSON puts a document on one line for a listing; white space
// inside strings is kept.
func compactJSON(doc string) string {
	var b strings.Builder
	inString, escaped := false, false
	for _, r := range doc {
		switch {
		case inString:
			b.WriteRune(r)
			switch {
			case escaped:
				escaped = false
			case r == '\\':
				escaped = true
			case r == '"':
				inString = false
			}
		case r == '"':
			inString = true
			b.WriteRune(r)
		case r == ' ' || r == '\n' || r == '\r' || r == '\t':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func newDeleteRolePermissionsCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var role string
	c := &cobra.Command{
		Use:   "delete-role-permissions --role-arn ARN",
		Short: "Forget a role's registered permissions (they are NOT_EVALUATED again)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			if err := checkFlags(flagCheck{"role-arn", role, roleARNRule}); err != nil {
				return err
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			if _, err := sc.c.DeleteRolePermissions(c.Context(), chatgovapi.DeleteRolePermissionsInput{RoleArn: role}); err != nil {
				return sc.fail(err)
			}
			if asJSON {
				type deleted struct {
					RoleARN string `json:"RoleArn"`
				}
				return writeJSON(s.Out, struct {
					Deleted deleted `json:"Deleted"`
				}{deleted{role}})
			}
			fmt.Fprintf(s.Out, "Deleted the registered permissions of %s.\n", role)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	c.Flags().StringVar(&role, "role-arn", "", "the role's ARN")
	requireFlags(c, "role-arn")
	return c
}

func newPutManagedPolicyCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var name, path, document string
	c := &cobra.Command{
		Use:   "put-managed-policy --name NAME [--path /PATH/] --document FILE",
		Short: "Register a customer managed policy of the caller's account and print its ARN",
		Long: `Register a customer managed policy of the caller's account, which guardrails
(GuardrailPolicyArns) and roles (put-role-permissions) name by ARN: arn:aws:iam::ACCOUNT:policy
followed by the path and the name. A policy already registered under that ARN is replaced.
FILE is an IAM identity policy document ("-" reads standard input). Prints the policy's ARN.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			var probs []string
			if !gov.ValidIAMName(name) {
				probs = append(probs, fmt.Sprintf("--name %q is not a policy name (1 to 128 letters, digits and +=,.@_-)", name))
			}
			if path != "" && !gov.ValidIAMPath(path) {
				probs = append(probs, fmt.Sprintf("--path %q is not an IAM path: / or /one/or/more/parts/", path))
			}
			doc, _, prob := readIdentityPolicy(s, document)
			if prob != "" {
				probs = append(probs, prob)
			}
			if len(probs) > 0 {
				return usageErr("%s", strings.Join(probs, "\n"))
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			resp, err := sc.c.PutManagedPolicy(c.Context(), chatgovapi.PutManagedPolicyInput{PolicyName: name, Path: path, PolicyDocument: doc})
			if err != nil {
				return sc.fail(err)
			}
			if asJSON {
				return writeJSON(s.Out, struct {
					Policy managedPolicyOut `json:"Policy"`
				}{managedPolicyOf(resp.Policy)})
			}
			fmt.Fprintln(s.Out, resp.Policy.PolicyArn)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	f := c.Flags()
	f.StringVar(&name, "name", "", "the policy's name")
	f.StringVar(&path, "path", "", "the policy's path (default /)")
	f.StringVar(&document, "document", "", "the policy document (JSON)")
	requireFlags(c, "name", "document")
	return c
}

func newDeleteManagedPolicyCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var arn string
	c := &cobra.Command{
		Use:   "delete-managed-policy --policy-arn ARN",
		Short: "Forget a registered customer managed policy",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			if err := checkFlags(flagCheck{"policy-arn", arn, policyARNRule}); err != nil {
				return err
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			if _, err := sc.c.DeleteManagedPolicy(c.Context(), chatgovapi.DeleteManagedPolicyInput{PolicyArn: arn}); err != nil {
				return sc.fail(err)
			}
			if asJSON {
				type deleted struct {
					PolicyARN string `json:"PolicyArn"`
				}
				return writeJSON(s.Out, struct {
					Deleted deleted `json:"Deleted"`
				}{deleted{arn}})
			}
			fmt.Fprintf(s.Out, "Deleted the managed policy %s.\n", arn)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	c.Flags().StringVar(&arn, "policy-arn", "", "the policy's ARN")
	requireFlags(c, "policy-arn")
	return c
}

func newIAMListCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var account string
	c := &cobra.Command{
		Use:   "list [--account ID]",
		Short: "List the registered role permissions and managed policies of the caller's account",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			if account != "" && !accountIDRe.MatchString(account) {
				return usageErr("--account %q is not an account ID (12 digits)", account)
			}
			sc, err := sa.connect(c.Context(), s)
			if err != nil {
				return err
			}
			resp, err := sc.c.ListIAMRegistrations(c.Context(), chatgovapi.ListIAMRegistrationsInput{AccountID: account})
			if err != nil {
				return sc.fail(err)
			}
			roles, policies := []rolePermissionsOut{}, []managedPolicyOut{}
			for _, r := range resp.RolePermissions {
				roles = append(roles, rolePermissionsOf(r))
			}
			for _, p := range resp.ManagedPolicies {
				policies = append(policies, managedPolicyOf(p))
			}
			if asJSON {
				return writeJSON(s.Out, struct {
					ManagedPolicies []managedPolicyOut   `json:"ManagedPolicies"`
					RolePermissions []rolePermissionsOut `json:"RolePermissions"`
				}{policies, roles})
			}
			printRegistrations(s.Out, roles, policies)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	c.Flags().StringVar(&account, "account", "", "the account whose registrations to list (default: the caller's)")
	return c
}

func printRegistrations(w io.Writer, roles []rolePermissionsOut, policies []managedPolicyOut) {
	fmt.Fprintf(w, "Role permissions: %d\n", len(roles))
	if len(roles) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  ROLE\tMANAGED\tINLINE\tUPDATED")
		for _, r := range roles {
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\n", r.RoleARN, len(r.ManagedPolicyARNs), len(r.InlinePolicies), r.UpdatedTimestamp)
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "Managed policies: %d\n", len(policies))
	if len(policies) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  POLICY\tUPDATED")
		for _, p := range policies {
			fmt.Fprintf(tw, "  %s\t%s\n", p.PolicyARN, p.UpdatedTimestamp)
		}
		tw.Flush()
	}
}
