package awsapi

import (
	"bytes"
	"encoding/json"
	"net/textproto"
	"reflect"
	"strings"
	"testing"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
)

// twoPassStrict is decodeStrict as it was: a lenient decode, then a
// strict one. The one-pass decodeStrict must answer as it did.
func twoPassStrict(body []byte, v any) error {
	if err := decodeJSON(body, v); err != nil {
		return err
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeStrictError(err, v)
	}
	return nil
}

func checkStrictAsBefore(t *testing.T, body []byte) {
	t.Helper()
	var got, want api.SimulateRequestInput
	gotErr, wantErr := decodeStrict(body, &got), twoPassStrict(body, &want)
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("body %q: error %v, before %v", body, gotErr, wantErr)
	}
	if gotErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("body %q: decoded %+v, before %+v", body, got, want)
	}
}

func TestDecodeStrictAsTwoPasses(t *testing.T) {
	for _, body := range []string{
		``, `  `, `{}`, ` {} `, `{}{}`, `{} x`, `{"AccountId":"111111111111","Action":"s3:GetObject"}`,
		`{"AccountId":"1","Resources":["a","b"],"Context":{"k":["v"]}}`, `{"AccountId":1}`, `{"Unknown":1}`,
		`{"AccountId":"1","Bogus":true}`, `{"accountid":"x"}`, `[1]`, `null`, `"s"`, `{"Resources":"x"}`, `{`, `{"AccountId":"1"}  {"x":1}`,
		`{"IdentityPolicies":[{"PolicyName":"n","PolicyDocument":"{}","Extra":1}]}`,
	} {
		checkStrictAsBefore(t, []byte(body))
	}
}

func FuzzDecodeStrictAsTwoPasses(f *testing.F) {
	f.Add([]byte(`{"AccountId":"111111111111","Action":"s3:GetObject","Resources":["*"]}`))
	f.Add([]byte(`{"AccountId":1} {}`))
	f.Fuzz(func(t *testing.T, body []byte) { checkStrictAsBefore(t, body) })
}

func TestFoldedAsFieldsJoin(t *testing.T) {
	for _, v := range []string{"", "a", "a b", "a  b", " a", "a ", "a\tb", "a\u00a0b", "application/x-amz-json-1.1", "AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host;x-amz-date, Signature=y",
		"caf\u00e9", "a\x85b", "\x7f", "x y z"} {
		if folded(v) && strings.Join(strings.Fields(v), " ") != v {
			t.Errorf("folded(%q) but its canonical value differs", v)
		}
	}
	for _, p := range []string{"/", "/chatgov/simulate-chat-command", "/a b", "/a%20b", "/~x._-/Y9"} {
		if unreservedPath(p) {
			segs := strings.Split(p, "/")
			for i, s := range segs {
				segs[i] = uriEncode(s)
			}
			if strings.Join(segs, "/") != p {
				t.Errorf("unreservedPath(%q) but it encodes otherwise", p)
			}
		}
	}
}

func TestCanonicalKeysAsTextproto(t *testing.T) {
	for lower, key := range canonicalKeys {
		if want := textproto.CanonicalMIMEHeaderKey(lower); key != want || strings.ToLower(key) != lower {
			t.Errorf("canonicalKeys[%q] = %q, want %q", lower, key, want)
		}
	}
}
