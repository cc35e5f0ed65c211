package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/chatgov/chatgov/internal/client"
)

// The commands that talk to a running server (directory, compliance,
// policy what-if --server) share the flag --server and the credentials of
// the environment.

const (
	defaultServer = "http://127.0.0.1:4580"
	envServer     = "CHATGOV_SERVER"
)

// serverArgs is the --server flag.
type serverArgs struct{ url string }

func (a *serverArgs) register(c *cobra.Command) {
	c.Flags().StringVar(&a.url, "server", "", "chatgov server URL (default $"+envServer+", else "+defaultServer+")")
}

// endpoint is the server's URL: --server, else $CHATGOV_SERVER, else the default.
func (a *serverArgs) endpoint(s Streams) (string, error) {
	u := a.url
	if u == "" {
		u = s.getenv(envServer)
	}
	if u == "" {
		u = defaultServer
	}
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "http" && p.Scheme != "https" || p.Host == "" || strings.Trim(p.Path, "/") != "" || p.RawQuery != "" || p.User != nil {
		return "", usageErr("--server %q is not a server URL such as %s", u, defaultServer)
	}
	return strings.TrimSuffix(u, "/"), nil
}

// connect returns a client of the server, signed with the credentials of
// the environment. Missing credentials are a usage error.
func (a *serverArgs) connect(s Streams) (*serverConn, error) {
	u, err := a.endpoint(s)
	if err != nil {
		return nil, err
	}
	creds, err := client.CredentialsFrom(s.getenv)
	if err != nil {
		return nil, usageErr("%s", err)
	}
	return &serverConn{c: client.New(u, creds), url: u}, nil
}

// serverConn is a connection to a server.
type serverConn struct {
	c   *client.Client
	url string
}

// credentialErrors are the server's answers to credentials it does not
// accept; the command could not run, as with missing credentials.
var credentialErrors = map[string]bool{
	"UnrecognizedClientException":         true,
	"InvalidSignatureException":           true,
	"IncompleteSignatureException":        true,
	"MissingAuthenticationTokenException": true,
	"ExpiredTokenException":               true,
}

// call runs one operation; a failure becomes the command's error:
// "<Code>: <message>", exit 1, or exit 2 when the server refused the
// credentials.
func (sc *serverConn) call(ctx context.Context, op string, in, out any) error {
	err := sc.c.Call(ctx, op, in, out)
	if err == nil {
		return nil
	}
	var ce *client.Error
	if !errors.As(err, &ce) {
		return &exitError{code: ExitFailed, msg: fmt.Sprintf("cannot reach the chatgov server at %s: %v", sc.url, err)}
	}
	msg := ce.Code + ": " + ce.Message
	if ce.Message == "" {
		msg = fmt.Sprintf("%s (HTTP %d from %s; is it a chatgov server?)", ce.Code, ce.Status, sc.url)
	}
	if credentialErrors[ce.Code] {
		return &exitError{code: ExitUsage, msg: msg}
	}
	return &exitError{code: ExitFailed, msg: msg}
}

// The formats of the directory's IDs, as the server checks them.
var (
	slackTeamRe    = regexp.MustCompile(`^[0-9A-Z]{1,255}$`)
	slackChannelRe = regexp.MustCompile(`^[A-Za-z0-9]{1,255}$`)
	uuidRe         = regexp.MustCompile(`^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$`)
)

const maxNameLen = 255

// slackEntry is a Slack channel of the directory, as directory files and
// `directory list -o json` write it.
type slackEntry struct {
	TeamID      string `yaml:"teamId" json:"teamId"`
	TeamName    string `yaml:"teamName" json:"teamName"`
	ChannelID   string `yaml:"channelId" json:"channelId"`
	ChannelName string `yaml:"channelName" json:"channelName"`
	Visibility  string `yaml:"visibility" json:"visibility"`
	// UpdatedAt is written by list and ignored by import, so that list's
	// output can be imported.
	UpdatedAt string `yaml:"updatedAt" json:"updatedAt,omitempty"`
}

// teamsEntry is a Microsoft Teams team of the directory.
type teamsEntry struct {
	TenantID  string `yaml:"tenantId" json:"tenantId"`
	TeamID    string `yaml:"teamId" json:"teamId"`
	TeamName  string `yaml:"teamName" json:"teamName"`
	UpdatedAt string `yaml:"updatedAt" json:"updatedAt,omitempty"`
}

// directoryFile is a directory file (YAML or JSON).
type directoryFile struct {
	SlackChannels []slackEntry `yaml:"slackChannels" json:"slackChannels"`
	TeamsTeams    []teamsEntry `yaml:"teamsTeams" json:"teamsTeams"`
}

func (e slackEntry) request() map[string]string {
	return map[string]string{"SlackTeamId": e.TeamID, "SlackTeamName": e.TeamName, "SlackChannelId": e.ChannelID,
		"SlackChannelName": e.ChannelName, "ChannelVisibility": e.Visibility}
}

func (e teamsEntry) request() map[string]string {
	return map[string]string{"TenantId": e.TenantID, "TeamId": e.TeamID, "TeamName": e.TeamName}
}

// fieldRule checks one field of a directory entry; it returns what is
// wrong with a non-empty value, or "".
type fieldRule struct {
	name  string
	check func(v string) string
}

func idRule(re *regexp.Regexp, what string) func(string) string {
	return func(v string) string {
		if !re.MatchString(v) {
			return fmt.Sprintf("%q is not %s", v, what)
		}
		return ""
	}
}

func nameRule(v string) string {
	if len(v) > maxNameLen {
		return fmt.Sprintf("is %d bytes long; names are at most %d", len(v), maxNameLen)
	}
	return ""
}

func visibilityRule(v string) string {
	if v != "public" && v != "private" {
		return fmt.Sprintf("must be public or private, not %q", v)
	}
	return ""
}

// The fields of each kind of entry, in the order problems are reported.
// Every field but updatedAt is required.
var (
	slackRules = []fieldRule{
		{"teamId", idRule(slackTeamRe, "a Slack workspace ID (upper-case letters and digits, such as T0123ABCD)")},
		{"teamName", nameRule},
		{"channelId", idRule(slackChannelRe, "a Slack channel ID (letters and digits, such as C0123ABCD)")},
		{"channelName", nameRule},
		{"visibility", visibilityRule},
	}
	teamsRules = []fieldRule{
		{"tenantId", idRule(uuidRe, "a Microsoft Teams tenant ID (a UUID)")},
		{"teamId", idRule(uuidRe, "a Microsoft Teams team ID (a UUID)")},
		{"teamName", nameRule},
	}
)

func ruleNames(rules []fieldRule) string {
	var names []string
	for _, r := range rules {
		names = append(names, r.name)
	}
	names = append(names, "updatedAt")
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func newDirectoryCmd(s Streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "directory",
		Short: "Manage a server's chat directory: Slack channels and Microsoft Teams teams",
		Long: `Manage the chat directory of a running chatgov server: the Slack channels (with their
visibility, which CHATBOT_POLICY's supported_channel_types decides on) and the Microsoft Teams
teams of the organization. Changes re-check the channel configurations concerned.

The server is --server, else $CHATGOV_SERVER, else ` + defaultServer + `; requests are signed
with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. Only the management account
and the chatbot delegated administrator may change the directory; any account may list it.
Exit status: 0 on success, 1 when the server refuses ("chatgov: <Code>: <message>"), 2 on usage
errors, invalid files and missing or rejected credentials.`,
	}
	c.AddCommand(newPutSlackChannelCmd(s), newDeleteSlackChannelCmd(s), newPutTeamsTeamCmd(s), newDeleteTeamsTeamCmd(s),
		newDirectoryListCmd(s), newDirectoryImportCmd(s))
	return c
}

// flagCheck is a flag's value and its rule.
type flagCheck struct {
	name, value string
	check       func(string) string
}

// checkFlags checks flag values against their rules; all problems at once.
func checkFlags(flags ...flagCheck) error {
	var probs []string
	for _, f := range flags {
		if f.value == "" {
			probs = append(probs, "--"+f.name+" must not be empty")
		} else if msg := f.check(f.value); msg != "" {
			probs = append(probs, "--"+f.name+" "+msg)
		}
	}
	if len(probs) > 0 {
		return usageErr("%s", strings.Join(probs, "; "))
	}
	return nil
}

func requireFlags(c *cobra.Command, names ...string) {
	for _, n := range names {
		_ = c.MarkFlagRequired(n)
	}
}

func newPutSlackChannelCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var e slackEntry
	c := &cobra.Command{
		Use:   "put-slack-channel --team ID --team-name NAME --channel ID --channel-name NAME --visibility public|private",
		Short: "Record a Slack channel and its visibility (an existing entry is replaced)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			if err := checkFlags(flagCheck{"team", e.TeamID, slackRules[0].check}, flagCheck{"team-name", e.TeamName, nameRule},
				flagCheck{"channel", e.ChannelID, slackRules[2].check}, flagCheck{"channel-name", e.ChannelName, nameRule},
				flagCheck{"visibility", e.Visibility, visibilityRule}); err != nil {
				return err
			}
			sc, err := sa.connect(s)
			if err != nil {
				return err
			}
			if err := sc.call(c.Context(), "put-slack-channel", e.request(), nil); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(s.Out, map[string]any{"slackChannel": e})
			}
			fmt.Fprintf(s.Out, "Recorded Slack channel %s (#%s) of workspace %s (%s) as %s.\n", e.ChannelID, e.ChannelName, e.TeamID, e.TeamName, e.Visibility)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	f := c.Flags()
	f.StringVar(&e.TeamID, "team", "", "Slack workspace (team) ID, such as T0123ABCD")
	f.StringVar(&e.TeamName, "team-name", "", "the workspace's name")
	f.StringVar(&e.ChannelID, "channel", "", "Slack channel ID, such as C0123ABCD")
	f.StringVar(&e.ChannelName, "channel-name", "", "the channel's name")
	f.StringVar(&e.Visibility, "visibility", "", "public or private")
	requireFlags(c, "team", "team-name", "channel", "channel-name", "visibility")
	return c
}

func newDeleteSlackChannelCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var team, channel string
	c := &cobra.Command{
		Use:   "delete-slack-channel --team ID --channel ID",
		Short: "Remove a Slack channel from the directory (its configurations' visibility becomes unknown)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			sc, err := sa.connect(s)
			if err != nil {
				return err
			}
			if err := sc.call(c.Context(), "delete-slack-channel", map[string]string{"SlackTeamId": team, "SlackChannelId": channel}, nil); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(s.Out, map[string]any{"deleted": map[string]string{"teamId": team, "channelId": channel}})
			}
			fmt.Fprintf(s.Out, "Deleted Slack channel %s of workspace %s from the directory.\n", channel, team)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	c.Flags().StringVar(&team, "team", "", "Slack workspace (team) ID")
	c.Flags().StringVar(&channel, "channel", "", "Slack channel ID")
	requireFlags(c, "team", "channel")
	return c
}

func newPutTeamsTeamCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var e teamsEntry
	c := &cobra.Command{
		Use:   "put-teams-team --tenant UUID --team UUID --team-name NAME",
		Short: "Record a Microsoft Teams team (an existing entry is replaced)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			if err := checkFlags(flagCheck{"tenant", e.TenantID, teamsRules[0].check}, flagCheck{"team", e.TeamID, teamsRules[1].check},
				flagCheck{"team-name", e.TeamName, nameRule}); err != nil {
				return err
			}
			sc, err := sa.connect(s)
			if err != nil {
				return err
			}
			if err := sc.call(c.Context(), "put-ms-teams-team", e.request(), nil); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(s.Out, map[string]any{"teamsTeam": e})
			}
			fmt.Fprintf(s.Out, "Recorded Microsoft Teams team %s (%s) of tenant %s.\n", e.TeamID, e.TeamName, e.TenantID)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	c.Flags().StringVar(&e.TenantID, "tenant", "", "Microsoft Teams tenant ID (a UUID)")
	c.Flags().StringVar(&e.TeamID, "team", "", "Microsoft Teams team ID (a UUID)")
	c.Flags().StringVar(&e.TeamName, "team-name", "", "the team's name")
	requireFlags(c, "tenant", "team", "team-name")
	return c
}

func newDeleteTeamsTeamCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	var team string
	c := &cobra.Command{
		Use:   "delete-teams-team --team UUID",
		Short: "Remove a Microsoft Teams team from the directory",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			sc, err := sa.connect(s)
			if err != nil {
				return err
			}
			if err := sc.call(c.Context(), "delete-ms-teams-team", map[string]string{"TeamId": team}, nil); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(s.Out, map[string]any{"deleted": map[string]string{"teamId": team}})
			}
			fmt.Fprintf(s.Out, "Deleted Microsoft Teams team %s from the directory.\n", team)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	c.Flags().StringVar(&team, "team", "", "Microsoft Teams team ID (a UUID)")
	requireFlags(c, "team")
	return c
}

// wireTime reads a time the server writes as JSON epoch seconds.
type wireTime time.Time

func (t *wireTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = wireTime{}
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("a time must be epoch seconds, not %s", b)
	}
	*t = wireTime(time.UnixMilli(int64(math.Round(f * 1000))).UTC())
	return nil
}

// rfc3339 renders a time for output; "" for the zero time.
func (t wireTime) rfc3339() string {
	if time.Time(t).IsZero() {
		return ""
	}
	return time.Time(t).UTC().Format(time.RFC3339)
}

// listDirectory reads the server's directory.
func listDirectory(ctx context.Context, sc *serverConn) (directoryFile, error) {
	var resp struct {
		SlackChannels []struct {
			SlackTeamId, SlackTeamName, SlackChannelId, SlackChannelName, ChannelVisibility string
			UpdatedTimestamp                                                                wireTime
		}
		MicrosoftTeamsTeams []struct {
			TenantId, TeamId, TeamName string
			UpdatedTimestamp           wireTime
		}
	}
	if err := sc.call(ctx, "list-directory", map[string]any{}, &resp); err != nil {
		return directoryFile{}, err
	}
	d := directoryFile{SlackChannels: []slackEntry{}, TeamsTeams: []teamsEntry{}}
	for _, c := range resp.SlackChannels {
		d.SlackChannels = append(d.SlackChannels, slackEntry{TeamID: c.SlackTeamId, TeamName: c.SlackTeamName, ChannelID: c.SlackChannelId,
			ChannelName: c.SlackChannelName, Visibility: c.ChannelVisibility, UpdatedAt: c.UpdatedTimestamp.rfc3339()})
	}
	for _, t := range resp.MicrosoftTeamsTeams {
		d.TeamsTeams = append(d.TeamsTeams, teamsEntry{TenantID: t.TenantId, TeamID: t.TeamId, TeamName: t.TeamName, UpdatedAt: t.UpdatedTimestamp.rfc3339()})
	}
	return d, nil
}

func newDirectoryListCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	c := &cobra.Command{
		Use:   "list",
		Short: "List the directory's Slack channels and Microsoft Teams teams",
		Long: `List the directory's Slack channels and Microsoft Teams teams. With -o json the output is a
directory file that "chatgov directory import" reads back.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			sc, err := sa.connect(s)
			if err != nil {
				return err
			}
			d, err := listDirectory(c.Context(), sc)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(s.Out, d)
			}
			printDirectory(s.Out, d)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	return c
}

func printDirectory(w io.Writer, d directoryFile) {
	named := func(id, name string) string {
		if name == "" {
			return id
		}
		return id + " (" + name + ")"
	}
	fmt.Fprintf(w, "Slack channels: %d\n", len(d.SlackChannels))
	if len(d.SlackChannels) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  WORKSPACE\tCHANNEL\tVISIBILITY\tUPDATED")
		for _, c := range d.SlackChannels {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", named(c.TeamID, c.TeamName), named(c.ChannelID, c.ChannelName), c.Visibility, c.UpdatedAt)
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "Microsoft Teams teams: %d\n", len(d.TeamsTeams))
	if len(d.TeamsTeams) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  TENANT\tTEAM\tUPDATED")
		for _, t := range d.TeamsTeams {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", t.TenantID, named(t.TeamID, t.TeamName), t.UpdatedAt)
		}
		tw.Flush()
	}
}

func newDirectoryImportCmd(s Streams) *cobra.Command {
	var sa serverArgs
	var out outputFlag
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Record every Slack channel and Microsoft Teams team of a directory file (YAML or JSON)",
		Long: `Record every entry of a directory file, YAML or JSON ("-" reads standard input):

  slackChannels:
    - {teamId: T0AAAAAAA, teamName: Acme, channelId: C0PRIVATE, channelName: ops, visibility: private}
  teamsTeams:
    - {tenantId: 11111111-1111-4111-8111-111111111111, teamId: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa, teamName: Ops}

Every field is required but updatedAt, which is ignored (the output of "directory list -o json"
imports as it is). The whole file is checked first: if anything is wrong (unknown or missing
fields, invalid IDs or visibilities, duplicate entries), every problem is reported with its line
and column, nothing is recorded, and the exit status is 2. Entries already in the directory are
replaced; entries not in the file are left as they are.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			name := args[0]
			data, err := readInput(s, name)
			if err != nil {
				return usageErr("%v", err)
			}
			f, probs := parseDirectoryFile(data)
			if len(probs) > 0 {
				lines := make([]string, len(probs))
				for i, p := range probs {
					lines[i] = "  " + name + ":" + p.String()
				}
				return usageErr("%s: %d %s; nothing was recorded\n%s", name, len(probs), plural(len(probs), "problem", "problems"), strings.Join(lines, "\n"))
			}
			sc, err := sa.connect(s)
			if err != nil {
				return err
			}
			total := len(f.SlackChannels) + len(f.TeamsTeams)
			done := 0
			stopped := func(err error, what string) error {
				var ee *exitError
				if errors.As(err, &ee) {
					ee.msg = fmt.Sprintf("%s\n  at %s of %s; %d of %d entries were recorded before it", ee.msg, what, name, done, total)
				}
				return err
			}
			for i, e := range f.SlackChannels {
				if err := sc.call(c.Context(), "put-slack-channel", e.request(), nil); err != nil {
					return stopped(err, fmt.Sprintf("slackChannels[%d] (%s/%s)", i, e.TeamID, e.ChannelID))
				}
				done++
			}
			for i, e := range f.TeamsTeams {
				if err := sc.call(c.Context(), "put-ms-teams-team", e.request(), nil); err != nil {
					return stopped(err, fmt.Sprintf("teamsTeams[%d] (%s)", i, e.TeamID))
				}
				done++
			}
			if asJSON {
				return writeJSON(s.Out, map[string]any{"file": name, "slackChannels": len(f.SlackChannels), "teamsTeams": len(f.TeamsTeams)})
			}
			fmt.Fprintf(s.Out, "Recorded %d Slack %s and %d Microsoft Teams %s from %s.\n", len(f.SlackChannels),
				plural(len(f.SlackChannels), "channel", "channels"), len(f.TeamsTeams), plural(len(f.TeamsTeams), "team", "teams"), name)
			return nil
		},
	}
	sa.register(c)
	out.register(c)
	return c
}

// fileProblem is a problem of a directory file, at a position.
type fileProblem struct {
	Line, Column int
	Path         string // slackChannels[2].visibility
	Message      string
}

func (p fileProblem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d:", p.Line)
	if p.Column > 0 {
		fmt.Fprintf(&b, "%d:", p.Column)
	}
	b.WriteString(" ")
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// parseDirectoryFile reads a directory file and returns every problem of
// it. Unknown fields, values of the wrong kind and duplicate keys are
// found by decoding with KnownFields; missing fields, invalid values and
// duplicate entries by walking the document, which has every position.
func parseDirectoryFile(data []byte) (directoryFile, []fileProblem) {
	var f directoryFile
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return f, []fileProblem{syntaxProblem(err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return f, []fileProblem{{Line: 1, Message: "the file is empty; give slackChannels and/or teamsTeams"}}
	}
	ix := indexNodes(doc.Content[0], "")
	var probs []fileProblem
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return f, []fileProblem{syntaxProblem(err)}
		}
		for _, msg := range te.Errors {
			probs = append(probs, ix.typeProblem(msg))
		}
	}
	probs = append(probs, checkEntries(doc.Content[0])...)
	if len(probs) == 0 && len(f.SlackChannels)+len(f.TeamsTeams) == 0 {
		probs = append(probs, fileProblem{Line: doc.Content[0].Line, Column: doc.Content[0].Column,
			Message: "no entries; give slackChannels and/or teamsTeams"})
	}
	sort.SliceStable(probs, func(i, j int) bool {
		a, b := probs[i], probs[j]
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return f, probs
}

var yamlLineRe = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

func syntaxProblem(err error) fileProblem {
	msg := err.Error()
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return fileProblem{Line: n, Message: "not valid YAML or JSON: " + m[2]}
	}
	return fileProblem{Line: 1, Message: "not valid YAML or JSON: " + strings.TrimPrefix(msg, "yaml: ")}
}

// nodeIndex finds the nodes of a document by line, to give the decoder's
// errors (which have only a line) a column and a path.
type nodeIndex []indexedNode

type indexedNode struct {
	n     *yaml.Node
	path  string // the path of the mapping (for keys) or of the value
	isKey bool
}

func indexNodes(n *yaml.Node, path string) nodeIndex {
	var ix nodeIndex
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		ix = append(ix, indexedNode{n: n, path: path})
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				ix = append(ix, indexedNode{n: k, path: path, isKey: true})
				walk(v, joinPath(path, k.Value))
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				walk(item, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(n, path)
	return ix
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var (
	unknownFieldRe = regexp.MustCompile(`^field (.+) not found in type \S+$`)
	duplicateKeyRe = regexp.MustCompile(`^mapping key "(.*)" already defined at line (\d+)$`)
	cannotDecodeRe = regexp.MustCompile("^cannot unmarshal (!!\\w+)(?: `(.*)`)? into (\\S+)$")
)

// kinds of the decoder's tags and of the Go types in its messages.
var (
	tagPhrase = map[string]string{"!!seq": "a list", "!!map": "a mapping", "!!str": "a string", "!!int": "a number",
		"!!float": "a number", "!!bool": "a boolean", "!!null": "null", "!!timestamp": "a time", "!!binary": "binary data"}
	typePhrase = map[string]string{"string": "a string", "cli.slackEntry": "a Slack channel (a mapping of its fields)",
		"cli.teamsEntry": "a Microsoft Teams team (a mapping of its fields)", "[]cli.slackEntry": "a list of Slack channels",
		"[]cli.teamsEntry": "a list of Microsoft Teams teams", "cli.directoryFile": "a mapping with slackChannels and teamsTeams"}
)

// typeProblem turns one of the decoder's errors ("line 3: field x not
// found in type cli.slackEntry") into a problem with a column and a path.
func (ix nodeIndex) typeProblem(msg string) fileProblem {
	m := yamlLineRe.FindStringSubmatch(msg)
	if m == nil {
		return fileProblem{Line: 1, Message: msg}
	}
	line, _ := strconv.Atoi(m[1])
	p := fileProblem{Line: line, Message: m[2]}
	find := func(match func(in indexedNode) bool, last bool) {
		for _, in := range ix {
			if in.n.Line == line && match(in) {
				p.Column, p.Path = in.n.Column, in.path
				if !last {
					return
				}
			}
		}
	}
	switch {
	case unknownFieldRe.MatchString(m[2]):
		key := unknownFieldRe.FindStringSubmatch(m[2])[1]
		find(func(in indexedNode) bool { return in.isKey && in.n.Value == key }, false)
		expected := "slackChannels, teamsTeams"
		switch {
		case strings.HasPrefix(p.Path, "slackChannels["):
			expected = ruleNames(slackRules)
		case strings.HasPrefix(p.Path, "teamsTeams["):
			expected = ruleNames(teamsRules)
		}
		p.Message = fmt.Sprintf("unknown field %q; expected one of: %s", key, expected)
	case duplicateKeyRe.MatchString(m[2]):
		d := duplicateKeyRe.FindStringSubmatch(m[2])
		find(func(in indexedNode) bool { return in.isKey && in.n.Value == d[1] }, true)
		p.Message = fmt.Sprintf("field %q appears twice (first at line %s)", d[1], d[2])
	case cannotDecodeRe.MatchString(m[2]):
		d := cannotDecodeRe.FindStringSubmatch(m[2])
		// The decoder quotes scalars, cut to 7 bytes and "..." when longer.
		value := d[2]
		find(func(in indexedNode) bool {
			if in.isKey || in.n.ShortTag() != d[1] || d[2] != "" && !strings.HasPrefix(in.n.Value, strings.TrimSuffix(d[2], "...")) {
				return false
			}
			value = in.n.Value
			return true
		}, false)
		got := tagPhrase[d[1]]
		if got == "" {
			got = d[1]
		}
		if value != "" {
			got += fmt.Sprintf(" (%q)", value)
		}
		want := typePhrase[d[3]]
		if want == "" {
			want = d[3]
		}
		p.Message = fmt.Sprintf("expected %s, not %s", want, got)
	}
	return p
}

// checkEntries checks the entries' fields (present, valid) and that no
// entry appears twice. Entries and values of the wrong kind are left to
// the decoder.
func checkEntries(top *yaml.Node) []fileProblem {
	if top.Kind != yaml.MappingNode {
		return nil
	}
	var probs []fileProblem
	seen := map[string]string{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		key, list := top.Content[i].Value, top.Content[i+1]
		var rules []fieldRule
		switch key {
		case "slackChannels":
			rules = slackRules
		case "teamsTeams":
			rules = teamsRules
		default:
			continue
		}
		if list.Kind != yaml.SequenceNode {
			continue
		}
		for j, item := range list.Content {
			if item.Kind != yaml.MappingNode {
				continue
			}
			path := fmt.Sprintf("%s[%d]", key, j)
			values := map[string]string{}
			var missing []string
			for _, r := range rules {
				v := mappingValue(item, r.name)
				switch {
				case v == nil:
					missing = append(missing, r.name)
				case v.Kind != yaml.ScalarNode:
					// the decoder reports it
				case v.ShortTag() == "!!null" || v.Value == "":
					probs = append(probs, fileProblem{Line: v.Line, Column: v.Column, Path: path + "." + r.name, Message: "must not be empty"})
				default:
					values[r.name] = v.Value
					if msg := r.check(v.Value); msg != "" {
						probs = append(probs, fileProblem{Line: v.Line, Column: v.Column, Path: path + "." + r.name, Message: msg})
					}
				}
			}
			if len(missing) > 0 {
				probs = append(probs, fileProblem{Line: item.Line, Column: item.Column, Path: path,
					Message: fmt.Sprintf("missing %s %s", plural(len(missing), "field", "fields"), strings.Join(missing, ", "))})
			}
			var id string
			switch key {
			case "slackChannels":
				if values["teamId"] != "" && values["channelId"] != "" {
					id = "slack " + values["teamId"] + "/" + values["channelId"]
				}
			case "teamsTeams":
				if values["teamId"] != "" {
					id = "teams " + strings.ToLower(values["teamId"])
				}
			}
			if id == "" {
				continue
			}
			if first, dup := seen[id]; dup {
				probs = append(probs, fileProblem{Line: item.Line, Column: item.Column, Path: path, Message: "duplicate of " + first})
				continue
			}
			seen[id] = fmt.Sprintf("%s (line %d)", path, item.Line)
		}
	}
	return probs
}

// mappingValue returns the value of key in a mapping node, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
