package chatcmd

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// String renders the command as canonical text that Parse reads back to the
// same Command (but for Raw), given the same Env: "aws", the service, the
// operation, the arguments, the options sorted by name, then --region
// unless the service is global.
func (c Command) String() string {
	if c.Service == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("aws ")
	b.WriteString(c.Service)
	b.WriteByte(' ')
	b.WriteString(c.CLIOperation)
	for _, a := range c.Args {
		b.WriteByte(' ')
		b.WriteString(renderWord(a))
	}
	var op *operation
	if s := loadCatalog().services[c.Service]; s != nil {
		op = s.ops[c.CLIOperation]
	}
	positional := op != nil && op.positional
	names := make([]string, 0, len(c.Params))
	for name := range c.Params {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		values := c.Params[name]
		if len(values) == 0 {
			b.WriteString(" --" + name)
			continue
		}
		// Options that read one value or none get --name=value, so that
		// every value reads back as theirs.
		if positional || noValue(name, c.Service) {
			for _, v := range values {
				b.WriteString(" --" + name + "=" + renderWord(v))
			}
			continue
		}
		b.WriteString(" --" + name)
		for _, v := range values {
			b.WriteByte(' ')
			b.WriteString(renderWord(v))
		}
	}
	if c.Region != "" && !isGlobal(c.Service) {
		b.WriteString(" --region ")
		b.WriteString(c.Region)
	}
	return b.String()
}

func isGlobal(service string) bool {
	s := loadCatalog().services[service]
	return s != nil && s.global
}

// renderWord writes a value so that lex reads it back unchanged: the three
// characters Slack escapes are escaped, and a value that is empty, holds
// white space, or starts like a quote or an option is double-quoted, with
// backslashes and double quotes of any kind escaped.
func renderWord(v string) string {
	v = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(v)
	first, _ := utf8.DecodeRuneInString(v)
	needs := v == "" || strings.HasPrefix(v, "--") || isDoubleQuote(first) || isSingleQuote(first) ||
		strings.IndexFunc(v, unicode.IsSpace) >= 0
	if !needs {
		return v
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range v {
		if r == '\\' || isDoubleQuote(r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
