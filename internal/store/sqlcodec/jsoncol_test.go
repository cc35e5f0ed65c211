package sqlcodec

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chatgov/chatgov/internal/store"
)

func TestListColumn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		list    []string
		encoded string
	}{
		{"Nil", nil, `[]`},
		{"Empty", []string{}, `[]`},
		{"OneEmptyString", []string{""}, `[""]`},
		{"Plain", []string{"arn:aws:sns:us-east-1:111111111111:a", "b"}, `["arn:aws:sns:us-east-1:111111111111:a","b"]`},
		{"Separators", []string{`","`, `"]`, ""}, `["\",\"","\"]",""]`},
		{"Escapes", []string{"tab\there", `back\slash`, "nul\x00", "<&>"}, `["tab\there","back\\slash","nul\u0000","<&>"]`},
		// Written as they are: JSON needs no escape for them.
		{"Unicode", []string{"Büro ✓", "\u2028"}, "[\"Büro ✓\",\"\u2028\"]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := EncodeList(tt.list)
			if got != tt.encoded {
				t.Errorf("EncodeList(%q) = %s, want %s", tt.list, got, tt.encoded)
			}
			back, err := DecodeList(got)
			if err != nil {
				t.Fatalf("DecodeList(%s): %v", got, err)
			}
			if back == nil {
				t.Errorf("DecodeList(%s) = nil, want an empty list", got)
			}
			if diff := cmp.Diff(tt.list, back, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("round trip (-written +read):\n%s", diff)
			}
		})
	}
}

func TestTagsColumn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		tags    map[string]string
		encoded string
	}{
		{"Nil", nil, `{}`},
		{"Empty", map[string]string{}, `{}`},
		{"Sorted", map[string]string{"team": "", "env": "dev"}, `{"env":"dev","team":""}`},
		{"Separators", map[string]string{`":"`: `","`, "k": `"}`}, `{"\":\"":"\",\"","k":"\"}"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := EncodeTags(tt.tags)
			if got != tt.encoded {
				t.Errorf("EncodeTags(%q) = %s, want %s", tt.tags, got, tt.encoded)
			}
			back, err := DecodeTags(got)
			if err != nil {
				t.Fatalf("DecodeTags(%s): %v", got, err)
			}
			if back == nil {
				t.Errorf("DecodeTags(%s) = nil, want an empty map", got)
			}
			if diff := cmp.Diff(tt.tags, back, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("round trip (-written +read):\n%s", diff)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		decode func(string) error
		in     string
	}{
		{"List/Object", func(s string) error { _, err := DecodeList(s); return err }, `{"a":"b"}`},
		{"List/Unquoted", func(s string) error { _, err := DecodeList(s); return err }, `["a"b"]`},
		{"List/Truncated", func(s string) error { _, err := DecodeList(s); return err }, `["a","b"`},
		{"List/Numbers", func(s string) error { _, err := DecodeList(s); return err }, `[1,2]`},
		{"Tags/List", func(s string) error { _, err := DecodeTags(s); return err }, `["a"]`},
		{"Tags/Unquoted", func(s string) error { _, err := DecodeTags(s); return err }, `{"a":"b"c"}`},
		{"Tags/NoValue", func(s string) error { _, err := DecodeTags(s); return err }, `{"a","b"}`},
		{"InlinePolicies/Strings", func(s string) error { _, err := DecodeInlinePolicies(s); return err }, `["a"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := tt.decode(tt.in); err == nil {
				t.Errorf("decoding %s succeeded, want an error", tt.in)
			}
		})
	}
}

// plainJSONText reports whether s is text the hand-split decoders must
// read exactly as encoding/json does: valid UTF-8 without control
// characters (which encoding/json rejects or replaces inside strings).
func plainJSONText(s string) bool {
	for _, r := range s {
		if r < 0x20 {
			return false
		}
	}
	return utf8.ValidString(s)
}

// FuzzListColumn checks DecodeList: any text decodes or fails without a
// panic, plain text decodes as encoding/json decodes it, and any list
// round-trips through EncodeList as through encoding/json (which replaces
// invalid UTF-8, the one change a value can undergo).
func FuzzListColumn(f *testing.F) {
	f.Add(`["a","b"]`, "a", "b")
	f.Add(`[]`, "", `","`)
	f.Add(`[""]`, `"]`, "\xff")
	f.Add(`["a" ,"b"]`, "\\", "\u2028")
	f.Add(`null`, "\x00", "é")
	f.Fuzz(func(t *testing.T, text, a, b string) {
		got, err := DecodeList(text)
		if plainJSONText(text) {
			var want []string
			jerr := json.Unmarshal([]byte(text), &want)
			if (err == nil) != (jerr == nil) {
				t.Fatalf("DecodeList(%q) error %v; encoding/json's %v", text, err, jerr)
			}
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); err == nil && diff != "" {
				t.Errorf("DecodeList(%q) (-encoding/json +DecodeList):\n%s", text, diff)
			}
		}
		list := []string{a, b, a + b}
		back, err := DecodeList(EncodeList(list))
		if err != nil {
			t.Fatalf("DecodeList(EncodeList(%q)): %v", list, err)
		}
		var want []string
		raw, _ := json.Marshal(list)
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, back); diff != "" {
			t.Errorf("round trip of %q (-encoding/json +ours):\n%s", list, diff)
		}
	})
}

// FuzzTagsColumn is FuzzListColumn for DecodeTags and EncodeTags.
func FuzzTagsColumn(f *testing.F) {
	f.Add(`{"a":"b","c":"d"}`, "a", "b")
	f.Add(`{}`, "", `":"`)
	f.Add(`{"":""}`, `"}`, "\xff")
	f.Add(`{"a":"b" ,"c":"d"}`, "\\", "\u2028")
	f.Add(`{"a":"b","a":"c"}`, "\x00", "é")
	f.Fuzz(func(t *testing.T, text, k, v string) {
		got, err := DecodeTags(text)
		if plainJSONText(text) {
			var want map[string]string
			jerr := json.Unmarshal([]byte(text), &want)
			if (err == nil) != (jerr == nil) {
				t.Fatalf("DecodeTags(%q) error %v; encoding/json's %v", text, err, jerr)
			}
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); err == nil && diff != "" {
				t.Errorf("DecodeTags(%q) (-encoding/json +DecodeTags):\n%s", text, diff)
			}
		}
		tags := map[string]string{k: v, v + k: k}
		back, err := DecodeTags(EncodeTags(tags))
		if err != nil {
			t.Fatalf("DecodeTags(EncodeTags(%q)): %v", tags, err)
		}
		var want map[string]string
		raw, _ := json.Marshal(tags)
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, back); diff != "" {
			t.Errorf("round trip of %q (-encoding/json +ours):\n%s", tags, diff)
		}
	})
}

// FuzzInlinePoliciesColumn checks that any text decodes or fails without
// a panic, and that any policies round-trip as through encoding/json.
func FuzzInlinePoliciesColumn(f *testing.F) {
	f.Add(`[{"Name":"a","Document":"{}"}]`, "logs", `{"Statement":[]}`)
	f.Add(`[]`, "", "")
	f.Add(`[{"Name":1}]`, "\xff", "\"\\\x00")
	f.Fuzz(func(t *testing.T, text, name, doc string) {
		_, _ = DecodeInlinePolicies(text)
		ps := []store.InlinePolicy{{Name: name, Document: doc}, {Name: doc, Document: name}}
		back, err := DecodeInlinePolicies(EncodeInlinePolicies(ps))
		if err != nil {
			t.Fatalf("DecodeInlinePolicies(EncodeInlinePolicies(%q)): %v", ps, err)
		}
		var want []store.InlinePolicy
		raw, _ := json.Marshal(ps)
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, back); diff != "" {
			t.Errorf("round trip of %q (-encoding/json +ours):\n%s", ps, diff)
		}
	})
}
