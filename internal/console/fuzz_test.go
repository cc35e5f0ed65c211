package console_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
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

// FuzzSessionCookie sends arbitrary session and flash cookies: raw values
// (a foreign or altered cookie), and contents sealed with the store's own
// key (what only a bug or a stolen key could make). A page request is sent
// to sign-in and a write refused with 401, never a fault; what decodes
// encodes back to the same bytes.
func FuzzSessionCookie(f *testing.F) {
	w := newWorld(f)
	svc := w.srv.Service
	h := console.Mount(apiStandIn, console.New(svc, console.Options{}))
	key, err := svc.ConsoleSessionKey(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	// A well-formed content: times, ID, CSRF token, then the key and
	// account; the times are long past, so it is expired.
	good := append(make([]byte, 64), byte(len(rootKey)))
	good = append(append(good, rootKey...), mgmtAccount...)
	for _, seed := range []struct {
		raw   string
		plain []byte
	}{
		{"", good}, {"", good[:64]}, {"", nil}, {"", []byte{0xff}},
		{console.SealForTest(key, good, false), nil},
		{"AQ", nil}, {"not base64!", nil}, {strings.Repeat("A", 5000), nil},
	} {
		f.Add(seed.raw, seed.plain, false)
		f.Add(seed.raw, seed.plain, true)
	}
	f.Fuzz(func(t *testing.T, raw string, plain []byte, flash bool) {
		value := raw
		if value == "" {
			value = console.SealForTest(key, plain, flash)
			reencode := console.ReencodeSessionForTest
			if flash {
				reencode = console.ReencodeFlashForTest
			}
			if again, ok := reencode(plain); ok && !bytes.Equal(again, plain) {
				t.Fatalf("%x decodes, then encodes as %x", plain, again)
			}
		}
		name := "chatgov_console"
		if flash {
			name = "chatgov_console_flash"
		}
		for _, req := range []struct {
			method, path string
			want         int
		}{{"GET", "/console/org", http.StatusSeeOther}, {"POST", "/console/org/ou", http.StatusUnauthorized}} {
			r := httptest.NewRequest(req.method, req.path, strings.NewReader("csrf=x"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.AddCookie(&http.Cookie{Name: name, Value: value})
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != req.want {
				t.Fatalf("%s with cookie %s=%q: %d, want %d", req.method, name, value, rec.Code, req.want)
			}
		}
	})
}
