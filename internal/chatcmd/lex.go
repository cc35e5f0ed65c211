package chatcmd

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a command after quoting, Slack markup and HTML
// entities are resolved.
type token struct {
	text string
	pos  int // byte offset of the word in the original text
	// quoted is set when the word began with a quote, so it is a value
	// even if it reads "--something".
	quoted bool
}

// Quote characters. Slack and Teams turn typed quotes into typographic ones
// unless the user turns that off, so both kinds open and close a quote.
func isDoubleQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '„' }
func isSingleQuote(r rune) bool { return r == '\'' || r == '‘' || r == '’' }

// lex splits text into words. The rules, chosen for what people paste into
// a chat message rather than for a shell:
//
//   - words are separated by Unicode white space (Slack sends non-breaking
//     spaces too);
//   - a quote opens only at the start of a word or right after the "=" of
//     "--name=": that keeps JSON such as {"a":1} and regular expressions
//     intact when typed bare. Inside double quotes, a backslash escapes a
//     backslash or a double quote (typographic ones too);
//     single quotes take everything literally. Text right after the
//     closing quote joins the same word;
//   - Slack markup <target|label> (and <target>) becomes label (or
//     target): Slack wraps URLs and addresses in it, and the user typed
//     the label. The entities &lt; &gt; &amp; become < > &, because
//     Slack escapes those three in message text.
func lex(text string) ([]token, error) {
	var toks []token
	var b strings.Builder
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		start := i
		b.Reset()
		quoted := false
		quoteOK := true // a quote may open here
		option := strings.HasPrefix(text[i:], "--")
		sawEq := false
		for i < len(text) {
			r, n = utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				break
			}
			switch {
			case quoteOK && (isDoubleQuote(r) || isSingleQuote(r)):
				quoted = i == start
				end, err := readQuoted(text, i, &b)
				if err != nil {
					return nil, err
				}
				i = end
			case r == '<' || r == '&':
				i = readMarkup(text, i, &b)
			default:
				b.WriteRune(r)
				i += n
			}
			// "--name=" lets a quote open the value.
			quoteOK = option && r == '=' && !sawEq
			sawEq = sawEq || (option && r == '=')
		}
		toks = append(toks, token{text: b.String(), pos: start, quoted: quoted})
	}
	return toks, nil
}

// readQuoted copies the quoted text starting at text[i] (the opening quote)
// into b and returns the offset just past the closing quote.
func readQuoted(text string, i int, b *strings.Builder) (int, error) {
	open, n := utf8.DecodeRuneInString(text[i:])
	double := isDoubleQuote(open)
	closes := isSingleQuote
	if double {
		closes = isDoubleQuote
	}
	j := i + n
	for j < len(text) {
		r, m := utf8.DecodeRuneInString(text[j:])
		switch {
		case closes(r):
			return j + m, nil
		case double && r == '\\' && escapable(text[j+1:]):
			next, k := utf8.DecodeRuneInString(text[j+1:])
			b.WriteRune(next)
			j += 1 + k
		case r == '<' || r == '&':
			j = readMarkup(text, j, b)
		default:
			b.WriteRune(r)
			j += m
		}
	}
	return 0, &Error{Code: ErrSyntax, Offset: i, Text: text,
		Message: "unterminated quote: add the closing " + closingHint(double)}
}

// escapable reports whether a backslash in double quotes escapes what
// follows: a backslash or any double quote.
func escapable(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return rest != "" && (r == '\\' || isDoubleQuote(r))
}

func closingHint(double bool) string {
	if double {
		return `" (double quote)`
	}
	return `' (single quote)`
}

// readMarkup handles text[i], which is '<' or '&': it writes what Slack
// markup or an entity stands for, or the character itself, and returns the
// offset after what it consumed.
func readMarkup(text string, i int, b *strings.Builder) int {
	if text[i] == '&' {
		for _, e := range entities {
			if strings.HasPrefix(text[i:], e.from) {
				b.WriteByte(e.to)
				return i + len(e.from)
			}
		}
		b.WriteByte('&')
		return i + 1
	}
	// Slack's links hold no white space and no nested '<'.
	end := strings.IndexFunc(text[i+1:], func(r rune) bool { return r == '>' || r == '<' || unicode.IsSpace(r) })
	if end <= 0 || text[i+1+end] != '>' {
		b.WriteByte('<')
		return i + 1
	}
	inner := text[i+1 : i+1+end]
	if _, label, ok := strings.Cut(inner, "|"); ok && label != "" {
		inner = label
	}
	// Through runes, so that invalid UTF-8 becomes U+FFFD here as it does
	// everywhere else in lex.
	for _, r := range unescapeEntities(inner) {
		b.WriteRune(r)
	}
	return i + 1 + end + 1
}

var entities = []struct {
	from string
	to   byte
}{{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}}

func unescapeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}
