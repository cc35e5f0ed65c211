package sqlcodec

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/chatgov/chatgov/internal/store"
)

// The JSON columns hold an array of strings (a configuration's lists, a
// role's managed policies) or an object of strings (a configuration's
// tags), written without whitespace. Load decodes a million of each at
// start-up, so the common case (no escapes) is split by hand into
// substrings of the column's text, with no JSON parser and one allocation
// per column; anything else goes through encoding/json. A role's inline
// policies, an array of objects, always go through encoding/json (see
// DecodeInlinePolicies).

// EncodeList returns ss as a JSON array; "[]" when ss is nil or empty.
func EncodeList(ss []string) string {
	if len(ss) == 0 {
		return "[]"
	}
	n := 1
	for _, s := range ss {
		n += len(s) + 3
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, s)
	}
	b.WriteByte(']')
	return b.String()
}

// EncodeTags returns m as a JSON object with its keys in order; "{}" when m
// is nil or empty.
func EncodeTags(m map[string]string) string {
	if len(m) == 0 {
		return "{}"
	}
	keys := make([]string, 0, len(m))
	n := 1
	for k, v := range m {
		keys = append(keys, k)
		n += len(k) + len(v) + 6
	}
	slices.Sort(keys)
	var b strings.Builder
	b.Grow(n)
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, k)
		b.WriteByte(':')
		writeJSONString(&b, m[k])
	}
	b.WriteByte('}')
	return b.String()
}

// writeJSONString writes s quoted: as it is when it needs no escape, as
// encoding/json escapes it otherwise (which replaces invalid UTF-8 with
// U+FFFD, the one change a value can undergo).
func writeJSONString(b *strings.Builder, s string) {
	plain, ascii := true, true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 0x20 && c != '"' && c != '\\'
		ascii = ascii && c < utf8.RuneSelf
	}
	if plain && (ascii || utf8.ValidString(s)) {
		b.WriteByte('"')
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	q, _ := json.Marshal(s) // cannot fail for a string
	b.Write(q)
}

// DecodeList decodes a JSON array of strings. It never returns nil: nil and
// empty lists load alike, as empty.
func DecodeList(s string) ([]string, error) {
	if s == "[]" {
		return []string{}, nil
	}
	// Without a backslash every quote delimits a string, so the array is
	// ["a","b",...] exactly when the quotes fall as below.
	if len(s) >= 4 && s[:2] == `["` && s[len(s)-2:] == `"]` && strings.IndexByte(s, '\\') < 0 {
		inner := s[2 : len(s)-2]
		out := make([]string, 0, strings.Count(inner, `"`)/2+1)
		for {
			i := strings.IndexByte(inner, '"')
			if i < 0 {
				return append(out, inner), nil
			}
			if !strings.HasPrefix(inner[i:], `","`) {
				break
			}
			out = append(out, inner[:i])
			inner = inner[i+3:]
		}
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("JSON list %.40q: %w", s, err)
	}
	if out == nil {
		out = []string{}
	}
	return out, nil
}

// DecodeTags decodes a JSON object of strings. It never returns nil: nil
// and empty maps load alike, as empty.
func DecodeTags(s string) (map[string]string, error) {
	if s == "{}" {
		return map[string]string{}, nil
	}
	if len(s) >= 7 && s[:2] == `{"` && s[len(s)-2:] == `"}` && strings.IndexByte(s, '\\') < 0 {
		inner := s[2 : len(s)-2]
		m := make(map[string]string, strings.Count(inner, `"`)/4+1)
		for {
			i := strings.IndexByte(inner, '"')
			if i < 0 || !strings.HasPrefix(inner[i:], `":"`) {
				break
			}
			k := inner[:i]
			inner = inner[i+3:]
			j := strings.IndexByte(inner, '"')
			if j < 0 {
				m[k] = inner
				return m, nil
			}
			if !strings.HasPrefix(inner[j:], `","`) {
				break
			}
			m[k] = inner[:j]
			inner = inner[j+3:]
		}
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("JSON tags %.40q: %w", s, err)
	}
	if m == nil {
		m = map[string]string{}
	}
	return m, nil
}

// inlinePolicy is an element of the inline_policies column. Its tags pin
// the keys stored: renaming store.InlinePolicy's fields then breaks the
// conversion in DecodeInlinePolicies at compile time instead of silently
// reading stored rows as empty.
type inlinePolicy struct {
	Name     string `json:"Name"`
	Document string `json:"Document"`
}

// EncodeInlinePolicies returns ps as a JSON array of objects, in order;
// "[]" when ps is nil or empty.
func EncodeInlinePolicies(ps []store.InlinePolicy) string {
	if len(ps) == 0 {
		return "[]"
	}
	n := 1
	for _, p := range ps {
		n += len(p.Name) + len(p.Document) + 28
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteByte('[')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"Name":`)
		writeJSONString(&b, p.Name)
		b.WriteString(`,"Document":`)
		writeJSONString(&b, p.Document)
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.String()
}

// DecodeInlinePolicies decodes what EncodeInlinePolicies wrote. It never
// returns nil. Documents are JSON themselves, so nearly every one holds
// escaped quotes, and there is no common case to split by hand.
func DecodeInlinePolicies(s string) ([]store.InlinePolicy, error) {
	if s == "[]" {
		return []store.InlinePolicy{}, nil
	}
	var in []inlinePolicy
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, fmt.Errorf("JSON inline policies %.40q: %w", s, err)
	}
	out := make([]store.InlinePolicy, len(in))
	for i, p := range in {
		out[i] = store.InlinePolicy(p)
	}
	return out, nil
}
