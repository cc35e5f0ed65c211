package awsapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzDecodeOrganizationsRequest decodes bodies into the request type of
// an Organizations operation, as the awsJson1_1 protocol does before the
// operation runs. Decoding never panics; it fails only with a
// SerializationException (400) that says what is wrong; it decides the
// same way twice; and a request it reads, written again, reads back the
// same.
func FuzzDecodeOrganizationsRequest(f *testing.F) {
	names := make([]string, 0, len(organizationsOps))
	for name := range organizationsOps {
		names = append(names, name)
	}
	slices.Sort(names)
	for i, body := range []string{
		``, `{}`, `null`, `[]`, `{not json`, `{"MaxResults":5,"NextToken":"t"}`, `{"MaxResults":"5"}`, `{"MaxResults":1e3}`,
		`{"Tags":[{"Key":"k","Value":""}],"Name":"n","ParentId":"r-1"}`, `{"Tags":{"k":"v"}}`, `{"Tags":[]}`,
		`{"Target":{"Type":"ACCOUNT","Id":"111111111111"},"Notes":"hi"}`, `{"Target":"111111111111"}`,
		`{"Filter":{"ActionType":"INVITE"}}`, `{"Filter":{}}`, `{"PolicyId":"p-1","Name":null,"description":""}`,
		`{"States":["SUCCEEDED","FAILED"]}`, `{"TagKeys":["a",1]}`, `{"policyid":"p","POLICYID":"q"}`, `{"Content":"\ud800"}`,
	} {
		f.Add(uint8(i*7), []byte(body))
	}
	f.Fuzz(func(t *testing.T, pick uint8, body []byte) {
		name := names[int(pick)%len(names)]
		typ := organizationsOps[name].request
		decode := func(b []byte) (any, error) {
			v := reflect.New(typ).Interface()
			return v, decodeJSON(b, v)
		}
		first, err := decode(body)
		second, err2 := decode(body)
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) || !cmp.Equal(first, second) {
			t.Fatalf("%s %q decoded twice: %+v (%v), then %+v (%v)", name, body, first, err, second, err2)
		}
		if err != nil {
			var we *wireError
			if !errors.As(err, &we) || we.code != "SerializationException" || we.status != http.StatusBadRequest || we.message == "" {
				t.Fatalf("%s %q: error %#v, want a SerializationException", name, body, err)
			}
			return
		}
		written, err := json.Marshal(first)
		if err != nil {
			t.Fatalf("%s %q read as %+v, which does not write: %v", name, body, first, err)
		}
		again, err := decode(written)
		if err != nil {
			t.Fatalf("%s %q written as %s, which does not read: %v", name, body, written, err)
		}
		// An empty list and no list are the same request (optional lists
		// are omitted when empty).
		if diff := cmp.Diff(first, again, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("%s %q written as %s reads back otherwise (-first +again):\n%s", name, body, written, diff)
		}
	})
}
