package console_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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
// to sign-in and a write refused with 401, never a fault, except for a
// sealed content that is a live session of the root key (the fuzzer can
// write one: CI's found a future expiry), which opens the page and has its
// write refused for the CSRF token; what decodes encodes back to the same
// bytes.
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
	// A live one, written as a sign-in would.
	now := time.Now()
	live := append(binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil,
		uint64(now.Add(-5*time.Minute).UnixMicro())), uint64(now.Add(time.Hour).UnixMicro())), good[16:]...)
	f.Add("", live, false)
	f.Fuzz(func(t *testing.T, raw string, plain []byte, flash bool) {
		value := raw
		wantGet, wantPost := http.StatusSeeOther, http.StatusUnauthorized
		if value == "" {
			value = console.SealForTest(key, plain, flash)
			reencode := console.ReencodeSessionForTest
			if flash {
				reencode = console.ReencodeFlashForTest
			}
			if again, ok := reencode(plain); ok && !bytes.Equal(again, plain) {
				t.Fatalf("%x decodes, then encodes as %x", plain, again)
			}
			if !flash {
				live, sure := sessionVerdict(plain, time.Now(), w.member.AccessKeyID)
				if !sure {
					return
				}
				if live {
					wantGet, wantPost = http.StatusOK, http.StatusForbidden
				}
			}
		}
		name := "chatgov_console"
		if flash {
			name = "chatgov_console_flash"
		}
		for _, req := range []struct {
			method, path string
			want         int
		}{{"GET", "/console/org", wantGet}, {"POST", "/console/org/ou", wantPost}} {
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

// sessionVerdict classifies plain, a session cookie's content, as the
// console should judge it at now: live (a session of the root key in the
// management account, issued before now, not expired, lasting no longer
// than the default TTL), dead, or unsure. Unsure are the contents within
// two minutes of a bound (the handler reads its own clock, and allows a
// minute of skew between replicas) and the member's key, whose session
// the world also makes live. The layout is cookie.go's.
func sessionVerdict(plain []byte, now time.Time, memberKey string) (live, sure bool) {
	const fixed = 16 + 16 + 32 + 1
	if len(plain) < fixed {
		return false, true
	}
	n := int(plain[64])
	if n == 0 || n > len(plain)-fixed {
		return false, true
	}
	key, account := string(plain[fixed:fixed+n]), string(plain[fixed+n:])
	if key == memberKey {
		return false, false
	}
	if key != rootKey || account != mgmtAccount {
		return false, true
	}
	issued := time.UnixMicro(int64(binary.BigEndian.Uint64(plain[0:8])))
	expires := time.UnixMicro(int64(binary.BigEndian.Uint64(plain[8:16])))
	near := func(a, b time.Time) bool { d := a.Sub(b); return d > -2*time.Minute && d < 2*time.Minute }
	lifetime := expires.Sub(issued)
	if near(issued, now) || near(expires, now) || (lifetime-console.DefaultSessionTTL).Abs() < time.Second {
		return false, false
	}
	return issued.Before(now) && expires.After(now) && lifetime > 0 && lifetime <= console.DefaultSessionTTL, true
}
