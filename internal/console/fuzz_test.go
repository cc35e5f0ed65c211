package console_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/chatgov/chatgov/internal/console"
)

// FuzzValidateEndpoint posts arbitrary bodies to the live-validation
// endpoint: it answers 200 with a verdict or 400 with an error, always in
// JSON, and never fails.
func FuzzValidateEndpoint(f *testing.F) {
	w := newWorld(f)
	h := console.Mount(apiStandIn, console.New(w.srv.Service, console.Options{}))
	b := newBrowserish(f, h)
	b.signIn(rootKey, rootSecret, "")
	b.do("GET", "/console/", nil, nil)
	for _, seed := range []string{
		`{"type":"CHATBOT_POLICY","content":` + jsonQuote(figure4) + `}`,
		`{"type":"CHATBOT_POLICY","content":"{\"chatbot\":"}`,
		`{"type":"SERVICE_CONTROL_POLICY","content":"{}"}`,
		`{"type":"NOPE","content":""}`,
		`{"type":1}`, `[]`, ``, `{"content":null}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		b.t = t
		rec := b.doJSON("/console/api/validate", body)
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("validate answered %d: %s", rec.Code, rec.Body)
		}
		var v map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("validate answered no JSON object: %v: %s", err, rec.Body)
		}
		if rec.Code == http.StatusOK {
			if _, ok := v["Valid"].(bool); !ok {
				t.Fatalf("an answer without a verdict: %s", rec.Body)
			}
		}
	})
}

func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
