package jsondoc

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestParseProblems(t *testing.T) {
	t.Parallel()
	type want struct {
		code Code
		path string
		line int
		col  int
	}
	tests := []struct {
		name   string
		in     string
		fatal  bool
		wants  []want
		substr string // in the first problem's message
	}{
		{name: "valid", in: `{"a": [1, "x", true, null], "b": {}}`},
		{name: "duplicate key", in: "{\"a\": 1,\n \"a\": 2}", wants: []want{{CodeDuplicateKey, "$.a", 2, 2}}, substr: `duplicate key "a"`},
		{name: "nested duplicate", in: `{"a": {"b": 1, "c": 2, "b": 3}}`, wants: []want{{CodeDuplicateKey, "$.a.b", 1, 24}}},
		{name: "line comment", in: "{\n  // hi\n  \"a\": 1\n}", wants: []want{{CodeComment, "$", 2, 3}}},
		{name: "block comment", in: `{"a": /* x */ 1}`, wants: []want{{CodeComment, "$.a", 1, 7}}},
		{name: "unclosed comment", in: `{"a": 1 /* x`, fatal: true, wants: []want{{CodeComment, "$", 1, 9}}},
		{name: "trailing comma object", in: "{\"a\": 1,\n}", wants: []want{{CodeTrailingComma, "$", 1, 8}}},
		{name: "trailing comma array", in: `{"a": [1, 2,]}`, wants: []want{{CodeTrailingComma, "$.a", 1, 12}}},
		{name: "every recoverable problem is reported", in: "{\"a\": [1,], // c\n \"a\": 2,}",
			wants: []want{{CodeTrailingComma, "$.a", 1, 9}, {CodeComment, "$", 1, 13}, {CodeDuplicateKey, "$.a", 2, 2}, {CodeTrailingComma, "$", 2, 8}}},
		{name: "empty", in: "  ", fatal: true, wants: []want{{CodeSyntax, "$", 1, 3}}, substr: "empty"},
		{name: "single quotes", in: `{'a': 1}`, fatal: true, wants: []want{{CodeSyntax, "$", 1, 2}}, substr: "double quotes"},
		{name: "bare word", in: `{"a": enabled}`, fatal: true, wants: []want{{CodeSyntax, "$.a", 1, 7}}},
		{name: "missing colon", in: `{"a" 1}`, fatal: true, wants: []want{{CodeSyntax, "$.a", 1, 6}}},
		{name: "missing comma", in: `{"a": 1 "b": 2}`, fatal: true, wants: []want{{CodeSyntax, "$", 1, 9}}},
		{name: "unterminated string", in: `{"a": "x`, fatal: true, wants: []want{{CodeSyntax, "$.a", 1, 7}}},
		{name: "leading zero", in: `{"a": 01}`, fatal: true, wants: []want{{CodeSyntax, "$.a", 1, 7}}},
		{name: "bad escape", in: `{"a": "\x"}`, fatal: true, wants: []want{{CodeSyntax, "$.a", 1, 8}}},
		{name: "after end", in: `{} {}`, fatal: true, wants: []want{{CodeSyntax, "$", 1, 4}}},
		{name: "invalid utf8", in: "{\"a\": \"\xff\"}", fatal: true, wants: []want{{CodeInvalidUTF8, "$.a", 1, 8}}},
		{name: "control char", in: "{\"a\": \"\x01\"}", fatal: true, wants: []want{{CodeSyntax, "$.a", 1, 8}}},
		{name: "too deep", in: strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2), fatal: true,
			wants: []want{{CodeTooDeep, "$" + strings.Repeat("[0]", MaxDepth+1), 1, MaxDepth + 2}}},
		{name: "odd key path", in: `{"a.b": {"c d": 1, "c d": 2}}`, wants: []want{{CodeDuplicateKey, `$["a.b"]["c d"]`, 1, 20}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, probs := Parse([]byte(tt.in))
			if (v == nil) != tt.fatal {
				t.Fatalf("value nil = %v, want %v (problems %v)", v == nil, tt.fatal, probs)
			}
			var got []want
			for _, p := range probs {
				got = append(got, want{p.Code, p.Path, p.Line, p.Column})
			}
			if diff := cmp.Diff(tt.wants, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("problems (-want +got):\n%s\n%v", diff, probs)
			}
			if tt.substr != "" && (len(probs) == 0 || !strings.Contains(probs[0].Message, tt.substr)) {
				t.Errorf("first message %v does not contain %q", probs, tt.substr)
			}
		})
	}
}

func TestParseValues(t *testing.T) {
	t.Parallel()
	v, probs := Parse([]byte(`{"s": "a\"b\u00e9\ud83d\ude00", "n": -1.5e3, "t": true, "f": false, "z": null, "l": [1, "x"]}`))
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	if got := v.Get("s").Str; got != "a\"bé😀" {
		t.Errorf("s = %q", got)
	}
	if got := v.Get("n"); got.Kind != Number || got.Str != "-1.5e3" {
		t.Errorf("n = %+v", got)
	}
	if !v.Get("t").Bool || v.Get("f").Bool || v.Get("z").Kind != Null {
		t.Error("literals decoded wrong")
	}
	if l := v.Get("l"); len(l.Elems) != 2 || l.Elems[1].Str != "x" {
		t.Errorf("l = %+v", l)
	}
	if v.Get("missing") != nil {
		t.Error("Get of a missing key is not nil")
	}
}

func TestPaths(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		Key(Root, "chatbot"):                              "$.chatbot",
		Key(Key(Root, "a"), "@@assign"):                   "$.a.@@assign",
		Key(Root, "a b"):                                  `$["a b"]`,
		Key(Root, ""):                                     `$[""]`,
		Index(Key(Root, "l"), 3):                          "$.l[3]",
		Key(Root, "1f0e4a1c-8c1d-4c1e-9a1b-0a1b2c3d4e5f"): "$.1f0e4a1c-8c1d-4c1e-9a1b-0a1b2c3d4e5f",
	}
	for got, want := range tests {
		if got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

// toAny converts a parsed value to what encoding/json would produce.
func toAny(v *Value) any {
	switch v.Kind {
	case Null:
		return nil
	case Bool:
		return v.Bool
	case Number:
		f, _ := strconv.ParseFloat(v.Str, 64)
		return f
	case String:
		return v.Str
	case Array:
		out := make([]any, len(v.Elems))
		for i, e := range v.Elems {
			out[i] = toAny(e)
		}
		return out
	}
	out := make(map[string]any, len(v.Members))
	for _, m := range v.Members {
		out[m.Key] = toAny(m.Value)
	}
	return out
}

// FuzzParse checks Parse against encoding/json: whatever Parse accepts without
// problems, encoding/json accepts with the same meaning; whatever
// encoding/json accepts (valid UTF-8, within MaxDepth), Parse accepts unless
// it reports a duplicate key. Parse never panics and is deterministic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `{"a":[1,2,{"b":null}]}`, `{"a":1,"a":2}`, `{"a":1,}`, "{/*c*/}", `"\ud800"`,
		`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"enabled"}}}}}`, `-0.0e+1`, `1e400`, `"\u00e9"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, probs := Parse(data)
		v2, probs2 := Parse(data)
		if (v == nil) != (v2 == nil) || len(probs) != len(probs2) {
			t.Fatal("Parse is not deterministic")
		}
		var std any
		stdErr := json.Unmarshal(data, &std)
		if v != nil && len(probs) == 0 {
			if stdErr != nil {
				// encoding/json rejects numbers it cannot represent; JSON's grammar does not.
				if !strings.Contains(stdErr.Error(), "cannot unmarshal number") {
					t.Fatalf("Parse accepted what encoding/json rejects (%v): %q", stdErr, data)
				}
				return
			}
			got := toAny(v)
			if diff := cmp.Diff(std, got, cmp.Comparer(func(a, b float64) bool {
				return a == b || (math.IsNaN(a) && math.IsNaN(b))
			})); diff != "" {
				t.Fatalf("meaning differs from encoding/json (-std +ours):\n%s", diff)
			}
			return
		}
		if stdErr == nil && utf8.Valid(data) && json.Valid(data) {
			for _, p := range probs {
				switch p.Code {
				case CodeDuplicateKey, CodeTooDeep:
					return
				}
			}
			if bytes.Contains(data, []byte("/")) && len(probs) > 0 && probs[0].Code == CodeComment {
				t.Fatalf("a comment reported in valid JSON: %q: %v", data, probs)
			}
			t.Fatalf("Parse rejected valid JSON %q: %v", data, probs)
		}
	})
}
