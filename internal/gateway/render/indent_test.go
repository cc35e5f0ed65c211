package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestIndentPrefix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		limit     int
		want      string // "" to compare with json.Indent's whole text
	}{
		{name: "object", src: `{"a":1,"b":[true,null,"x"]}`, limit: 1000},
		{name: "empty object and array", src: `{"a":{},"b":[],"c":[{}]}`, limit: 1000},
		{name: "layout dropped", src: " {\n\t\"a\" :  [ 1 , 2 ] }", limit: 1000},
		{name: "strings keep their bytes", src: `["a,b:{[", "q\"}", "\\", "\u00e9 é"]`, limit: 1000},
		{name: "scalar", src: `"just a string"`, limit: 1000},
		{name: "number", src: `-12.5e3`, limit: 1000},
		{name: "nested", src: `[[[[1]]]]`, limit: 1000},
		{name: "cut after the limit", src: `{"a":[1,2,3]}`, limit: 6, want: "{\n  \"a\""},
		{name: "cut in an indentation", src: `[[[[[[[[1]]]]]]]]`, limit: 12, want: "[\n  [\n    [\n  "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := tt.want
			if want == "" {
				var b bytes.Buffer
				if err := json.Indent(&b, []byte(strings.Trim(tt.src, " \t\r\n")), "", "  "); err != nil {
					t.Fatal(err)
				}
				want = b.String()
			}
			if got := string(indentPrefix([]byte(tt.src), tt.limit)); got != want {
				t.Errorf("indentPrefix(%q, %d) =\n%q\nwant\n%q", tt.src, tt.limit, got, want)
			}
		})
	}
}

// FuzzIndentPrefix checks indentPrefix against json.Indent: the same text
// for any valid JSON when it fits the limit, else a prefix of it just
// longer than the limit; and no panic on anything else.
func FuzzIndentPrefix(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":[true,null,"x"]}`, `[[],{}]`, `"a\"b"`, `{"k":"v\\"}`, `[[[[[[1,2]]]]]]`, `{"a"`} {
		f.Add([]byte(s), 20)
	}
	f.Fuzz(func(t *testing.T, src []byte, limit int) {
		limit = max(0, min(limit, 1<<16))
		indentPrefix(src, limit) // no panic, whatever src is
		// JSON's own white space around the value: json.Indent drops it
		// before and keeps it after; a decoded value has none.
		src = bytes.Trim(src, " \t\r\n")
		got := indentPrefix(src, limit)
		if !json.Valid(src) {
			return
		}
		var full bytes.Buffer
		if err := json.Indent(&full, src, "", "  "); err != nil {
			t.Fatal(err)
		}
		if full.Len() <= limit {
			if !bytes.Equal(got, full.Bytes()) {
				t.Fatalf("indentPrefix = %q; json.Indent = %q", got, full.Bytes())
			}
			return
		}
		if len(got) <= limit || !bytes.HasPrefix(full.Bytes(), got) {
			t.Fatalf("indentPrefix(limit %d) = %q; want a prefix of %q longer than the limit", limit, got, full.Bytes())
		}
		if len(got) > limit+len(src)+2*10000+2 {
			t.Fatalf("indentPrefix(limit %d) wrote %d bytes", limit, len(got))
		}
	})
}
