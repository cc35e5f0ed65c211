package jsondoc

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Parse parses data as one JSON value. It returns the value and every
// problem found. Duplicate keys, comments and trailing commas are reported
// and parsing goes on (a duplicate key keeps its first value); any other
// syntax error stops parsing and the returned value is nil. A non-nil value
// with problems is for validators that want to report more; callers must not
// accept a document that has problems.
func Parse(data []byte) (*Value, []Problem) {
	p := &parser{data: data, line: 1, lineStart: 0}
	p.skipSpace()
	if p.off >= len(p.data) {
		p.fail("the document is empty; expected a JSON value")
		return nil, p.problems
	}
	v := p.value(Root, 0)
	if p.fatal {
		return nil, p.problems
	}
	p.skipSpace()
	if p.off < len(p.data) {
		p.fail(fmt.Sprintf("unexpected %s after the end of the top-level value", p.describe()))
		return nil, p.problems
	}
	return v, p.problems
}

type parser struct {
	data      []byte
	off       int
	line      int
	lineStart int
	problems  []Problem
	fatal     bool
}

func (p *parser) pos() Pos {
	return Pos{Offset: p.off, Line: p.line, Column: p.off - p.lineStart + 1}
}

func (p *parser) report(path string, at Pos, code Code, msg string) {
	p.problems = append(p.problems, Problem{Path: path, Line: at.Line, Column: at.Column, Code: code, Message: msg})
}

// failPath records a fatal syntax error at the current position.
func (p *parser) failPath(path, msg string) {
	if p.fatal {
		return
	}
	p.fatal = true
	p.report(path, p.pos(), CodeSyntax, msg)
}

func (p *parser) fail(msg string) { p.failPath(Root, msg) }

// describe names the byte at the current offset for error messages.
func (p *parser) describe() string {
	if p.off >= len(p.data) {
		return "end of input"
	}
	c := p.data[p.off]
	if c < 0x20 || c >= 0x7f {
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return strconv.QuoteRune(rune(c))
}

// skipSpace skips white space. Comments are reported at path and skipped.
func (p *parser) skipSpaceAt(path string) {
	for p.off < len(p.data) {
		switch c := p.data[p.off]; c {
		case ' ', '\t', '\r':
			p.off++
		case '\n':
			p.off++
			p.line++
			p.lineStart = p.off
		case '/':
			if !p.comment(path) {
				return
			}
		default:
			return
		}
	}
}

func (p *parser) skipSpace() { p.skipSpaceAt(Root) }

// comment skips a // or /* */ comment at the current offset and reports it.
// It returns false when the slash does not start a comment.
func (p *parser) comment(path string) bool {
	if p.off+1 >= len(p.data) {
		return false
	}
	start := p.pos()
	switch p.data[p.off+1] {
	case '/':
		p.off += 2
		for p.off < len(p.data) && p.data[p.off] != '\n' {
			p.off++
		}
	case '*':
		p.off += 2
		closed := false
		for p.off < len(p.data) {
			if p.data[p.off] == '\n' {
				p.line++
				p.lineStart = p.off + 1
			}
			if p.data[p.off] == '*' && p.off+1 < len(p.data) && p.data[p.off+1] == '/' {
				p.off += 2
				closed = true
				break
			}
			p.off++
		}
		if !closed {
			p.report(path, start, CodeComment, "comments are not allowed in JSON, and this one is never closed")
			p.fatal = true
			return false
		}
	default:
		return false
	}
	p.report(path, start, CodeComment, "comments are not allowed in JSON")
	return true
}

func (p *parser) value(path string, depth int) *Value {
	if depth > MaxDepth {
		p.fatal = true
		p.report(path, p.pos(), CodeTooDeep, fmt.Sprintf("the document nests deeper than %d levels", MaxDepth))
		return nil
	}
	if p.off >= len(p.data) {
		p.failPath(path, "unexpected end of input; expected a value")
		return nil
	}
	at := p.pos()
	switch c := p.data[p.off]; {
	case c == '{':
		return p.object(path, depth)
	case c == '[':
		return p.array(path, depth)
	case c == '"':
		s, ok := p.str(path)
		if !ok {
			return nil
		}
		return &Value{Kind: String, Str: s, Pos: at}
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(path)
	case c == 't':
		return p.literal(path, "true", &Value{Kind: Bool, Bool: true, Pos: at})
	case c == 'f':
		return p.literal(path, "false", &Value{Kind: Bool, Pos: at})
	case c == 'n':
		return p.literal(path, "null", &Value{Kind: Null, Pos: at})
	case c == '\'':
		p.failPath(path, "strings must use double quotes, not single quotes")
	default:
		p.failPath(path, fmt.Sprintf("unexpected %s; expected a value", p.describe()))
	}
	return nil
}

func (p *parser) literal(path, word string, v *Value) *Value {
	if len(p.data)-p.off >= len(word) && string(p.data[p.off:p.off+len(word)]) == word {
		p.off += len(word)
		if p.off < len(p.data) && isIdentByte(p.data[p.off]) {
			p.failPath(path, fmt.Sprintf("unexpected %s after %s", p.describe(), word))
			return nil
		}
		return v
	}
	p.failPath(path, fmt.Sprintf("unexpected %s; expected a value (strings need double quotes)", p.describe()))
	return nil
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func (p *parser) object(path string, depth int) *Value {
	v := &Value{Kind: Object, Pos: p.pos()}
	p.off++ // {
	p.skipSpaceAt(path)
	if p.off < len(p.data) && p.data[p.off] == '}' {
		p.off++
		return v
	}
	var seen map[string]struct{}
	for {
		if p.off >= len(p.data) {
			p.failPath(path, "unexpected end of input inside an object")
			return nil
		}
		if p.data[p.off] != '"' {
			if p.data[p.off] == '\'' {
				p.failPath(path, "object keys must use double quotes, not single quotes")
			} else {
				p.failPath(path, fmt.Sprintf("unexpected %s; expected a quoted object key", p.describe()))
			}
			return nil
		}
		keyPos := p.pos()
		key, ok := p.str(path)
		if !ok {
			return nil
		}
		memberPath := Key(path, key)
		p.skipSpaceAt(path)
		if p.off >= len(p.data) || p.data[p.off] != ':' {
			p.failPath(memberPath, fmt.Sprintf("unexpected %s; expected ':' after the key", p.describe()))
			return nil
		}
		p.off++
		p.skipSpaceAt(memberPath)
		val := p.value(memberPath, depth+1)
		if p.fatal {
			return nil
		}
		if seen == nil {
			seen = make(map[string]struct{}, 8)
		}
		if _, dup := seen[key]; dup {
			p.report(memberPath, keyPos, CodeDuplicateKey, fmt.Sprintf("duplicate key %q; each key may appear once in an object", key))
		} else {
			seen[key] = struct{}{}
			v.Members = append(v.Members, Member{Key: key, KeyPos: keyPos, Value: val})
		}
		p.skipSpaceAt(path)
		if p.off >= len(p.data) {
			p.failPath(path, "unexpected end of input; expected ',' or '}'")
			return nil
		}
		switch p.data[p.off] {
		case '}':
			p.off++
			return v
		case ',':
			commaPos := p.pos()
			p.off++
			p.skipSpaceAt(path)
			if p.off < len(p.data) && p.data[p.off] == '}' {
				p.report(path, commaPos, CodeTrailingComma, "trailing comma before '}' is not allowed in JSON")
				p.off++
				return v
			}
		default:
			p.failPath(path, fmt.Sprintf("unexpected %s; expected ',' or '}' after an object member", p.describe()))
			return nil
		}
	}
}

func (p *parser) array(path string, depth int) *Value {
	v := &Value{Kind: Array, Pos: p.pos()}
	p.off++ // [
	p.skipSpaceAt(path)
	if p.off < len(p.data) && p.data[p.off] == ']' {
		p.off++
		return v
	}
	for {
		elemPath := Index(path, len(v.Elems))
		val := p.value(elemPath, depth+1)
		if p.fatal {
			return nil
		}
		v.Elems = append(v.Elems, val)
		p.skipSpaceAt(path)
		if p.off >= len(p.data) {
			p.failPath(path, "unexpected end of input; expected ',' or ']'")
			return nil
		}
		switch p.data[p.off] {
		case ']':
			p.off++
			return v
		case ',':
			commaPos := p.pos()
			p.off++
			p.skipSpaceAt(path)
			if p.off < len(p.data) && p.data[p.off] == ']' {
				p.report(path, commaPos, CodeTrailingComma, "trailing comma before ']' is not allowed in JSON")
				p.off++
				return v
			}
		default:
			p.failPath(path, fmt.Sprintf("unexpected %s; expected ',' or ']' after an array element", p.describe()))
			return nil
		}
	}
}

// str parses a string at the current offset (which holds '"').
func (p *parser) str(path string) (string, bool) {
	start := p.off
	p.off++
	// Fast path: no escapes, all ASCII or valid UTF-8.
	plain := true
	for i := p.off; i < len(p.data); i++ {
		c := p.data[i]
		if c == '"' {
			if plain {
				s := p.data[p.off:i]
				if utf8.Valid(s) {
					p.off = i + 1
					return string(s), true
				}
			}
			break
		}
		if c == '\\' || c < 0x20 {
			plain = false
			break
		}
	}
	var buf []byte
	for {
		if p.off >= len(p.data) {
			p.off = start
			p.failPath(path, "unterminated string")
			return "", false
		}
		c := p.data[p.off]
		switch {
		case c == '"':
			p.off++
			return string(buf), true
		case c == '\\':
			r, ok := p.escape(path)
			if !ok {
				return "", false
			}
			buf = utf8.AppendRune(buf, r)
		case c < 0x20:
			if c == '\n' {
				p.failPath(path, "unterminated string (a newline must be written as \\n)")
			} else {
				p.failPath(path, fmt.Sprintf("control character 0x%02x must be escaped in a string", c))
			}
			return "", false
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			p.off++
		default:
			r, size := utf8.DecodeRune(p.data[p.off:])
			if r == utf8.RuneError && size == 1 {
				p.fatal = true
				p.report(path, p.pos(), CodeInvalidUTF8, "the string is not valid UTF-8")
				return "", false
			}
			buf = append(buf, p.data[p.off:p.off+size]...)
			p.off += size
		}
	}
}

// escape decodes one backslash escape; the offset is at the backslash.
func (p *parser) escape(path string) (rune, bool) {
	if p.off+1 >= len(p.data) {
		p.failPath(path, "unterminated escape sequence")
		return 0, false
	}
	c := p.data[p.off+1]
	p.off += 2
	switch c {
	case '"':
		return '"', true
	case '\\':
		return '\\', true
	case '/':
		return '/', true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	case 'u':
		r, ok := p.hex4(path)
		if !ok {
			return 0, false
		}
		if utf16.IsSurrogate(r) {
			// A valid pair decodes to one rune; anything else becomes
			// U+FFFD, as encoding/json does.
			if p.off+1 < len(p.data) && p.data[p.off] == '\\' && p.data[p.off+1] == 'u' {
				save := p.off
				p.off += 2
				r2, ok := p.hex4(path)
				if !ok {
					return 0, false
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					return dec, true
				}
				p.off = save
			}
			return utf8.RuneError, true
		}
		return r, true
	}
	p.off -= 2
	p.failPath(path, fmt.Sprintf("invalid escape sequence \\%c in a string", c))
	return 0, false
}

func (p *parser) hex4(path string) (rune, bool) {
	if len(p.data)-p.off < 4 {
		p.failPath(path, "invalid \\u escape: expected four hexadecimal digits")
		return 0, false
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := p.data[p.off+i]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			p.failPath(path, "invalid \\u escape: expected four hexadecimal digits")
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	p.off += 4
	return r, true
}

// number parses a number with JSON's grammar and keeps its literal text.
func (p *parser) number(path string) *Value {
	at := p.pos()
	start := p.off
	bad := func() *Value {
		p.off = start
		p.failPath(path, "invalid number")
		return nil
	}
	if p.data[p.off] == '-' {
		p.off++
	}
	if p.off >= len(p.data) {
		return bad()
	}
	switch c := p.data[p.off]; {
	case c == '0':
		p.off++
	case c >= '1' && c <= '9':
		for p.off < len(p.data) && isDigit(p.data[p.off]) {
			p.off++
		}
	default:
		return bad()
	}
	if p.off < len(p.data) && p.data[p.off] == '.' {
		p.off++
		if p.off >= len(p.data) || !isDigit(p.data[p.off]) {
			return bad()
		}
		for p.off < len(p.data) && isDigit(p.data[p.off]) {
			p.off++
		}
	}
	if p.off < len(p.data) && (p.data[p.off] == 'e' || p.data[p.off] == 'E') {
		p.off++
		if p.off < len(p.data) && (p.data[p.off] == '+' || p.data[p.off] == '-') {
			p.off++
		}
		if p.off >= len(p.data) || !isDigit(p.data[p.off]) {
			return bad()
		}
		for p.off < len(p.data) && isDigit(p.data[p.off]) {
			p.off++
		}
	}
	if p.off < len(p.data) && isIdentByte(p.data[p.off]) {
		return bad()
	}
	return &Value{Kind: Number, Str: string(p.data[start:p.off]), Pos: at}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
