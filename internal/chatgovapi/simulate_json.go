package chatgovapi

import (
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the output's JSON to b: the bytes json.Marshal writes
// for it, without its reflection (the server encodes one per simulated
// command, and encoding/json was a tenth of the work). A test holds the
// two to the same bytes.
func (o SimulateChatCommandOutput) AppendJSON(b []byte) []byte {
	b = append(b, `{"Command":{"Action":`...)
	b = AppendJSONString(b, o.Command.Action)
	b = append(b, `,"Operation":`...)
	b = AppendJSONString(b, o.Command.Operation)
	b = append(b, `,"Region":`...)
	b = AppendJSONString(b, o.Command.Region)
	b = append(b, `,"Resources":`...)
	b = appendJSONStrings(b, o.Command.Resources)
	b = append(b, `,"Service":`...)
	b = AppendJSONString(b, o.Command.Service)
	b = append(b, `},"Decision":`...)
	b = AppendJSONString(b, o.Decision)
	b = append(b, `,"Requests":`...)
	b = appendDecidedRequests(b, o.Requests)
	return append(b, '}')
}

func appendDecidedRequests(b []byte, rs []DecidedRequest) []byte {
	if rs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		r := &rs[i]
		b = append(b, `{"Action":`...)
		b = AppendJSONString(b, r.Action)
		b = append(b, `,"Decision":`...)
		b = AppendJSONString(b, r.Decision)
		b = append(b, `,"Gates":`...)
		b = appendGates(b, r.Gates)
		b = append(b, `,"Resource":`...)
		b = AppendJSONString(b, r.Resource)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendGates(b []byte, gs []Gate) []byte {
	if gs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range gs {
		if i > 0 {
			b = append(b, ',')
		}
		g := &gs[i]
		b = append(b, '{')
		if len(g.Levels) > 0 {
			b = append(b, `"Levels":[`...)
			for j := range g.Levels {
				if j > 0 {
					b = append(b, ',')
				}
				lv := &g.Levels[j]
				b = append(b, `{"Decision":`...)
				b = AppendJSONString(b, lv.Decision)
				b = append(b, `,"NodeId":`...)
				b = AppendJSONString(b, lv.NodeID)
				b = append(b, `,"NodeName":`...)
				b = AppendJSONString(b, lv.NodeName)
				b = append(b, `,"NodeType":`...)
				b = AppendJSONString(b, lv.NodeType)
				b = append(b, `,"Reason":`...)
				b = AppendJSONString(b, lv.Reason)
				b = append(b, '}')
			}
			b = append(b, "],"...)
		}
		b = append(b, `"Name":`...)
		b = AppendJSONString(b, g.Name)
		b = append(b, `,"Outcome":`...)
		b = AppendJSONString(b, g.Outcome)
		b = append(b, `,"Reason":`...)
		b = AppendJSONString(b, g.Reason)
		if len(g.Statements) > 0 {
			b = append(b, `,"Statements":[`...)
			for j := range g.Statements {
				if j > 0 {
					b = append(b, ',')
				}
				s := &g.Statements[j]
				b = append(b, `{"Description":`...)
				b = AppendJSONString(b, s.Description)
				b = append(b, `,"Effect":`...)
				b = AppendJSONString(b, s.Effect)
				b = append(b, `,"PolicyId":`...)
				b = AppendJSONString(b, s.PolicyID)
				b = append(b, `,"PolicyName":`...)
				b = AppendJSONString(b, s.PolicyName)
				if s.Sid != "" {
					b = append(b, `,"Sid":`...)
					b = AppendJSONString(b, s.Sid)
				}
				b = append(b, `,"StatementIndex":`...)
				b = strconv.AppendInt(b, int64(s.StatementIndex), 10)
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendJSONStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendJSONString(b, s)
	}
	return append(b, ']')
}

// jsonSafe says which ASCII bytes encoding/json writes as they are (with
// HTML escaping): printable ones but the quote, the backslash, <, > and &.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := byte(0x20); c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// AppendJSONString appends s as encoding/json writes a string with HTML
// escaping (its default): quotes, backslashes and control characters
// escaped, <, > and & as \u003c, \u003e and \u0026, U+2028 and U+2029
// escaped, and invalid UTF-8 as \ufffd.
func AppendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
