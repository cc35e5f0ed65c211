package chatcmd

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Env is what Parse needs to know about where the command runs.
type Env struct {
	// AccountID is the account of the channel configuration and its role;
	// it fills the account part of the ARNs Parse derives. Empty leaves that
	// part empty.
	AccountID string
	// DefaultRegion is the region a command without --region runs in.
	DefaultRegion string
	// Partition is "aws" when empty.
	Partition string
}

// Command is a chat command resolved to what an IAM evaluation needs.
type Command struct {
	// Service is the CLI service name ("lambda", "s3api", "elbv2", "s3");
	// an alias the user typed ("codedeploy") is replaced by it.
	Service string
	// CLIOperation is the operation as the CLI names it ("invoke", "ls").
	CLIOperation string
	// Operation is the API operation it calls ("Invoke", "ListObjectsV2").
	Operation string
	// Action is the IAM action the call is authorized as
	// ("lambda:InvokeFunction").
	Action string
	// Args are the positional arguments, which only the AWS CLI's own
	// commands (s3 ls s3://bucket, logs tail GROUP) take.
	Args []string
	// Params holds the operation's options by name without the leading
	// "--", each with its values in order; an option given without a value
	// (--dry-run) maps to nil. Global options (see the package doc) are not
	// here.
	Params map[string][]string
	// Region is where the request goes: --region, else Env.DefaultRegion;
	// for a global service, the partition's home region.
	Region string
	// Account and Partition are Env's, as used in Resources.
	Account   string
	Partition string
	// Resources are the ARNs the action applies to, or ["*"] when the
	// command names none that Parse can derive.
	Resources []string
	// Raw is the text as given.
	Raw string
}

// Global options of the AWS CLI. --region is applied; the others change
// how the CLI talks or prints, not what it asks AWS to do, so they are
// dropped from Params.
var (
	globalWithValue = map[string]bool{
		"region": true, "profile": true, "output": true, "query": true, "endpoint-url": true,
		"color": true, "ca-bundle": true, "cli-read-timeout": true, "cli-connect-timeout": true,
		"cli-binary-format": true, "max-items": true, "page-size": true, "starting-token": true,
	}
	globalFlags = map[string]bool{
		"debug": true, "no-paginate": true, "no-verify-ssl": true, "no-sign-request": true,
		"no-cli-pager": true, "cli-auto-prompt": true, "no-cli-auto-prompt": true,
	}
	// s3Flags are the s3 commands' options that take no value.
	s3Flags = map[string]bool{
		"recursive": true, "dryrun": true, "quiet": true, "only-show-errors": true,
		"human-readable": true, "summarize": true, "follow-symlinks": true,
		"exact-timestamps": true, "size-only": true, "delete": true, "force": true,
		"ignore-glacier-warnings": true, "force-glacier-transfer": true,
		"bypass-governance-retention": true,
	}
)

// homeRegion is where a global service's single endpoint is, per partition.
var homeRegion = map[string]string{"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}

// Parse reads a chat command. It returns an *Error when the command is
// malformed or names a service or operation the catalog does not have. It
// does not judge whether the command may run: see Blocked and Requests.
func Parse(text string, env Env) (Command, error) {
	if env.Partition == "" {
		env.Partition = "aws"
	}
	toks, err := lex(stripCodeFence(text))
	if err != nil {
		err.(*Error).Text = text
		return Command{}, err
	}
	p := parser{text: text, toks: toks, c: Command{Raw: text, Account: env.AccountID, Partition: env.Partition}}
	if err := p.parse(env); err != nil {
		return Command{}, err
	}
	return p.c, nil
}

type parser struct {
	text string
	toks []token
	i    int
	c    Command
	svc  *service
	op   *operation
}

func (p *parser) fail(code Code, pos int, msg string, suggestions ...string) *Error {
	return &Error{Code: code, Offset: pos, Message: msg, Suggestions: suggestions, Text: p.text}
}

func (p *parser) peek() (token, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return token{pos: len(p.text)}, false
}

func isOption(t token) bool { return !t.quoted && strings.HasPrefix(t.text, "--") }

func (p *parser) parse(env Env) error {
	p.skipPrefix()
	if err := p.globals(); err != nil {
		return err
	}
	cat := loadCatalog()
	t, ok := p.peek()
	if !ok {
		return p.fail(ErrEmpty, t.pos, "no command: type a service and an operation, such as: ec2 describe-instances")
	}
	p.svc = cat.service(strings.ToLower(t.text))
	if p.svc == nil {
		return p.fail(ErrUnknownService, t.pos, "unknown service "+quote(t.text), p.suggestService(cat, t.text)...)
	}
	p.c.Service = p.svc.name
	p.i++
	if err := p.globals(); err != nil {
		return err
	}
	t, ok = p.peek()
	if !ok {
		return p.fail(ErrUnknownOperation, t.pos, "missing an operation after "+p.svc.name)
	}
	name := strings.ToLower(t.text)
	switch name {
	case "help", "wait":
		return p.fail(ErrUnsupported, t.pos, quote(t.text)+" is not an operation that can run from chat")
	}
	p.op = p.svc.ops[name]
	if p.op == nil {
		return p.fail(ErrUnknownOperation, t.pos, p.svc.name+" has no operation "+quote(t.text), suggest(t.text, p.svc.names)...)
	}
	p.i++
	p.c.CLIOperation, p.c.Operation, p.c.Action = p.op.cli, p.op.api, p.op.action
	if err := p.options(); err != nil {
		return err
	}
	if p.c.Region == "" {
		p.c.Region = env.DefaultRegion
	}
	if p.svc.global {
		if home, ok := homeRegion[env.Partition]; ok {
			p.c.Region = home
		}
	}
	refine(&p.c)
	p.c.Resources = resources(&p.c, p.op)
	return nil
}

// skipPrefix drops the bot mention ("@aws", Slack's <@U…> which lex turns
// into "@U…", "@Amazon Q") and a following "aws".
func (p *parser) skipPrefix() {
	if t, ok := p.peek(); ok && !t.quoted && strings.HasPrefix(t.text, "@") {
		p.i++
		if strings.EqualFold(t.text, "@amazon") {
			if q, ok := p.peek(); ok && strings.EqualFold(q.text, "q") {
				p.i++
			}
		}
	}
	if t, ok := p.peek(); ok && !t.quoted && strings.EqualFold(t.text, "aws") {
		p.i++
	}
}

// globals consumes global options that stand before the service or the
// operation ("aws --region eu-west-1 ec2 ...").
func (p *parser) globals() error {
	for {
		t, ok := p.peek()
		if !ok || !isOption(t) {
			return nil
		}
		name, _, _ := strings.Cut(t.text[2:], "=")
		if !globalWithValue[name] && !globalFlags[name] {
			return p.fail(ErrSyntax, t.pos, "option "+quote(t.text)+" must come after the service and operation")
		}
		if err := p.option(); err != nil {
			return err
		}
	}
}

// options reads what follows the operation: positional arguments (only the
// AWS CLI's own commands take them) and options.
func (p *parser) options() error {
	// The AWS CLI's own commands (s3 cp, logs tail) take positional
	// arguments, and their options one value each; model operations take no
	// positional arguments, and list options take every value up to the
	// next option (--instance-ids i-1 i-2).
	for {
		t, ok := p.peek()
		if !ok {
			return nil
		}
		if !isOption(t) {
			if !p.op.positional {
				return p.fail(ErrSyntax, t.pos, "unexpected "+quote(t.text)+": options start with --")
			}
			p.c.Args = append(p.c.Args, t.text)
			p.i++
			continue
		}
		if err := p.option(); err != nil {
			return err
		}
	}
}

// option reads one option at p.i and its values, storing them unless the
// option is global.
func (p *parser) option() error {
	t := p.toks[p.i]
	p.i++
	name, inline, hasInline := strings.Cut(t.text[2:], "=")
	if !validOptionName(name) {
		return p.fail(ErrSyntax, t.pos, "bad option name "+quote(t.text))
	}
	var values []string
	switch {
	case hasInline:
		values = []string{inline}
	case noValue(name, p.c.Service):
		// takes no value
	case globalWithValue[name] || (p.op != nil && p.op.positional):
		if v, ok := p.peek(); ok && !isOption(v) {
			values = []string{v.text}
			p.i++
		}
	default:
		for {
			v, ok := p.peek()
			if !ok || isOption(v) {
				break
			}
			values = append(values, v.text)
			p.i++
		}
	}
	if globalWithValue[name] || globalFlags[name] {
		if name == "region" {
			if len(values) != 1 || !validRegion(values[0]) {
				return p.fail(ErrInvalidValue, t.pos, "--region needs a region name such as us-east-1")
			}
			p.c.Region = values[0]
		}
		return nil
	}
	if p.c.Params == nil {
		p.c.Params = map[string][]string{}
	}
	p.c.Params[name] = append(p.c.Params[name], values...)
	return nil
}

// noValue reports whether an option never takes a value unless given as
// --name=value: the global flags, --dry-run, the --no-… negations of
// boolean parameters, and the s3 commands' flags.
func noValue(name, service string) bool {
	return globalFlags[name] || name == "dry-run" || strings.HasPrefix(name, "no-") ||
		(service == "s3" && s3Flags[name])
}

func validOptionName(name string) bool {
	if name == "" || name[0] == '-' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// validRegion accepts names shaped like AWS regions (us-east-1,
// us-gov-west-1, ap-southeast-5): they go into ARNs, so nothing else may.
func validRegion(r string) bool {
	parts := strings.Split(r, "-")
	if len(parts) < 3 || len(parts[0]) != 2 {
		return false
	}
	for i, part := range parts {
		if part == "" {
			return false
		}
		for j := 0; j < len(part); j++ {
			c := part[j]
			digit := c >= '0' && c <= '9'
			if (i == len(parts)-1) != digit || (!digit && (c < 'a' || c > 'z')) {
				return false
			}
		}
	}
	return true
}

// suggestService also proposes the services whose IAM prefix is what was
// typed (elasticloadbalancing for elbv2, states for stepfunctions).
func (p *parser) suggestService(cat *catalog, typed string) []string {
	names := slices.Clone(cat.names)
	for alias := range cat.aliases {
		names = append(names, alias)
	}
	var out []string
	for _, n := range cat.names {
		if strings.EqualFold(cat.services[n].prefix, typed) {
			out = append(out, n)
		}
	}
	for _, s := range suggest(typed, names) {
		if !slices.Contains(out, s) && len(out) < maxSuggestions {
			out = append(out, s)
		}
	}
	return out
}

// stripCodeFence blanks the backticks of a command written as code
// (`ec2 describe-instances` or ```...```), keeping every other byte where
// it was so that error offsets still point into the original text.
func stripCodeFence(text string) string {
	open := strings.IndexByte(text, '`')
	if open < 0 {
		return text
	}
	for _, w := range strings.Fields(text[:open]) {
		if !strings.HasPrefix(w, "@") && !strings.HasPrefix(w, "<@") && !strings.EqualFold(w, "aws") && !strings.EqualFold(w, "q") {
			return text
		}
	}
	fence := "`"
	if strings.HasPrefix(text[open:], "```") {
		fence = "```"
	}
	rest := strings.TrimRightFunc(text, unicode.IsSpace)
	if len(rest) < open+2*len(fence) || !strings.HasSuffix(rest, fence) {
		return text
	}
	b := []byte(text)
	for i := range len(fence) {
		b[open+i] = ' '
		b[len(rest)-1-i] = ' '
	}
	return string(b)
}

// quote shows a typed word in a message.
func quote(s string) string { return strconv.Quote(s) }
