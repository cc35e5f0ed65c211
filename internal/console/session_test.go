package console_test

import (
	"context"
	"encoding/binary"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/console"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// clock is a test clock the console's sessions read.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// browserish drives a handler as a browser would: it keeps cookies and
// reads the CSRF token of the last page.
type browserish struct {
	t       testing.TB
	h       http.Handler
	cookies map[string]*http.Cookie
	csrf    string
	header  http.Header
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func newBrowserish(t testing.TB, h http.Handler) *browserish {
	return &browserish{t: t, h: h, cookies: map[string]*http.Cookie{}, header: http.Header{}}
}

func (b *browserish) do(method, path string, form url.Values, hdr map[string]string) *httptest.ResponseRecorder {
	b.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	if m := csrfRe.FindStringSubmatch(rec.Body.String()); m != nil {
		b.csrf = m[1]
	}
	return rec
}

// doJSON posts a JSON body with the session's CSRF token in its header, as
// the console's script does.
func (b *browserish) doJSON(path string, body []byte) *httptest.ResponseRecorder {
	b.t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", b.csrf)
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	return rec
}

func (b *browserish) signIn(key, secret, token string) *httptest.ResponseRecorder {
	b.t.Helper()
	b.do("GET", "/console/signin", nil, nil)
	return b.do("POST", "/console/signin", url.Values{"csrf": {b.csrf}, "access_key_id": {key}, "secret_access_key": {secret}, "session_token": {token}}, nil)
}

// apiStandIn stands for the API handler behind the console.
var apiStandIn = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusTeapot)
})

// TestSessions checks sign-in, cookies, CSRF, expiry and sign-out at the
// handler level, against a live service.
func TestSessions(t *testing.T) {
	w := newWorld(t)
	clk := &clock{t: time.Now()}
	h := console.Mount(apiStandIn, console.New(w.srv.Service, console.Options{Now: clk.now, SessionTTL: time.Hour}))

	t.Run("routing", func(t *testing.T) {
		tests := []struct {
			name, path, accept string
			want               int
			location           string
		}{
			{"a browser at / goes to the console", "/", "text/html,application/xhtml+xml", http.StatusFound, "/console/"},
			{"an API client at / reaches the API", "/", "application/json", http.StatusTeapot, ""},
			{"a page without a session goes to sign-in", "/console/policies", "text/html", http.StatusSeeOther, "/console/signin"},
			{"/console goes to /console/", "/console", "text/html", http.StatusFound, "/console/"},
			{"assets are served without a session", "/console/assets/console.css", "text/css", http.StatusOK, ""},
			{"the sign-in page is served", "/console/signin", "text/html", http.StatusOK, ""},
			{"other API paths reach the API", "/policies", "", http.StatusTeapot, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				b := newBrowserish(t, h)
				rec := b.do("GET", tt.path, nil, map[string]string{"Accept": tt.accept})
				if rec.Code != tt.want || rec.Header().Get("Location") != tt.location {
					t.Errorf("GET %s: %d %q, want %d %q", tt.path, rec.Code, rec.Header().Get("Location"), tt.want, tt.location)
				}
			})
		}
	})

	t.Run("sign-in", func(t *testing.T) {
		tests := []struct {
			name               string
			key, secret, token string
			noFormToken        bool
			tls                bool
			want               int
		}{
			{"the management account's root key", rootKey, rootSecret, "", false, false, http.StatusSeeOther},
			{"behind TLS the cookie is Secure", rootKey, rootSecret, "", false, true, http.StatusSeeOther},
			{"a member's assumed-role credentials", w.member.AccessKeyID, w.member.SecretAccessKey, w.member.SessionToken, false, false, http.StatusSeeOther},
			{"a wrong secret", rootKey, rootSecret + "x", "", false, false, http.StatusUnauthorized},
			{"an unknown key", "AKIANOSUCHKEY00000", rootSecret, "", false, false, http.StatusUnauthorized},
			{"assumed-role credentials without their token", w.member.AccessKeyID, w.member.SecretAccessKey, "", false, false, http.StatusUnauthorized},
			{"a wrong session token", w.member.AccessKeyID, w.member.SecretAccessKey, w.member.SessionToken + "x", false, false, http.StatusUnauthorized},
			{"a token with a long-term key", rootKey, rootSecret, "sometoken", false, false, http.StatusUnauthorized},
			{"nothing", "", "", "", false, false, http.StatusUnauthorized},
			{"a key ID longer than AWS's", strings.Repeat("A", 129), rootSecret, "", false, false, http.StatusUnauthorized},
			{"a form without its CSRF token", rootKey, rootSecret, "", true, false, http.StatusForbidden},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				b := newBrowserish(t, h)
				if tt.tls {
					b.header.Set("X-Forwarded-Proto", "https")
				}
				b.do("GET", "/console/signin", nil, nil)
				csrf := b.csrf
				if tt.noFormToken {
					csrf = ""
				}
				rec := b.do("POST", "/console/signin", url.Values{"csrf": {csrf}, "access_key_id": {tt.key}, "secret_access_key": {tt.secret}, "session_token": {tt.token}}, nil)
				if rec.Code != tt.want {
					t.Fatalf("sign-in: %d, want %d\n%s", rec.Code, tt.want, rec.Body)
				}
				ck := b.cookies["chatgov_console"]
				if tt.want != http.StatusSeeOther {
					if ck != nil {
						t.Errorf("a refused sign-in set a session cookie")
					}
					if strings.Contains(rec.Body.String(), tt.secret) && tt.secret != "" {
						t.Errorf("the page shows the secret")
					}
					return
				}
				if ck == nil {
					t.Fatal("no session cookie")
				}
				if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Secure != tt.tls || ck.Path != "/console/" {
					t.Errorf("cookie %+v: want HttpOnly, SameSite=Strict, Secure=%v, Path=/console/", ck, tt.tls)
				}
				if rec := b.do("GET", "/console/", nil, nil); rec.Code != http.StatusOK {
					t.Errorf("home after sign-in: %d", rec.Code)
				}
			})
		}
	})

	t.Run("CSRF", func(t *testing.T) {
		b := newBrowserish(t, h)
		b.signIn(rootKey, rootSecret, "")
		b.do("GET", "/console/org", nil, nil)
		good := b.csrf
		// A token one character off the session's: its first character
		// changed to one it is not.
		wrong := "x" + good[1:]
		if good[0] == 'x' {
			wrong = "y" + good[1:]
		}
		tests := []struct {
			name, token, ouName string
			want                int
		}{
			{"missing", "", "NoToken", http.StatusForbidden},
			{"another session's", wrong, "WrongToken", http.StatusForbidden},
			{"the session's", good, "WithToken", http.StatusSeeOther},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				form := url.Values{"parent": {w.rootID}, "name": {tt.ouName}}
				if tt.token != "" {
					form.Set("csrf", tt.token)
				}
				rec := b.do("POST", "/console/org/ou", form, nil)
				if rec.Code != tt.want {
					t.Fatalf("POST: %d, want %d", rec.Code, tt.want)
				}
				ous, err := w.srv.Service.ListOrganizationalUnitsForParent(w.mgmt, w.rootID, "", 20)
				if err != nil {
					t.Fatal(err)
				}
				created := false
				for _, ou := range ous.Items {
					created = created || ou.Name == tt.ouName
				}
				if created != (tt.want == http.StatusSeeOther) {
					t.Errorf("OU %s created: %v", tt.ouName, created)
				}
			})
		}
		// The JSON endpoint wants the token in its header.
		rec := b.do("POST", "/console/api/validate", nil, map[string]string{"Content-Type": "application/json"})
		if rec.Code != http.StatusForbidden {
			t.Errorf("validate without a token: %d", rec.Code)
		}
	})

	t.Run("sealed times", func(t *testing.T) {
		key, err := w.srv.Service.ConsoleSessionKey(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		now := clk.now()
		tests := []struct {
			name            string
			issued, expires time.Time
			want            int
		}{
			{"live", now.Add(-time.Minute), now.Add(time.Minute), http.StatusOK},
			{"issued on a replica whose clock runs 30 s ahead", now.Add(30 * time.Second), now.Add(time.Hour), http.StatusOK},
			{"expired", now.Add(-time.Hour), now, http.StatusSeeOther},
			{"issued ten minutes in the future", now.Add(10 * time.Minute), now.Add(20 * time.Minute), http.StatusSeeOther},
			{"lasting longer than the TTL", now.Add(-time.Minute), now.Add(time.Hour), http.StatusSeeOther},
			{"expiring before it was issued", now.Add(time.Minute), now.Add(-time.Minute), http.StatusSeeOther},
			{"expiring in the year 275,000", now.Add(-time.Minute), time.UnixMicro(1 << 62), http.StatusSeeOther},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				plain := binary.BigEndian.AppendUint64(nil, uint64(tt.issued.UnixMicro()))
				plain = binary.BigEndian.AppendUint64(plain, uint64(tt.expires.UnixMicro()))
				plain = append(append(plain, make([]byte, 48)...), byte(len(rootKey)))
				plain = append(append(plain, rootKey...), mgmtAccount...)
				r := httptest.NewRequest("GET", "/console/org", nil)
				r.AddCookie(&http.Cookie{Name: "chatgov_console", Value: console.SealForTest(key, plain, false)})
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				if rec.Code != tt.want {
					t.Errorf("GET with a session issued %v, expiring %v: %d, want %d", tt.issued, tt.expires, rec.Code, tt.want)
				}
			})
		}
	})

	t.Run("member", func(t *testing.T) {
		b := newBrowserish(t, h)
		if rec := b.signIn(w.member.AccessKeyID, w.member.SecretAccessKey, w.member.SessionToken); rec.Code != http.StatusSeeOther {
			t.Fatalf("member sign-in: %d", rec.Code)
		}
		for _, path := range []string{"/console/policies", "/console/org", "/console/accounts/" + mgmtAccount + "/effective",
			"/console/compliance?ou=" + w.ouID} {
			if rec := b.do("GET", path, nil, nil); rec.Code != http.StatusForbidden {
				t.Errorf("member GET %s: %d, want 403", path, rec.Code)
			}
		}
		b.do("GET", "/console/", nil, nil)
		rec := b.do("POST", "/console/policies/types", url.Values{"csrf": {b.csrf}, "root": {w.rootID}, "type": {string(policy.TagPolicy)}, "action": {"enable"}}, nil)
		if rec.Code != http.StatusForbidden {
			t.Errorf("member enabling a policy type: %d, want 403", rec.Code)
		}
		root, _ := w.srv.Service.ListRoots(w.mgmt, "", 1)
		for _, pt := range root.Items[0].PolicyTypes {
			if pt.Type == policy.TagPolicy {
				t.Errorf("the member enabled %s", pt.Type)
			}
		}
		if rec := b.do("GET", "/console/accounts/"+w.dev+"/effective", nil, nil); rec.Code != http.StatusOK {
			t.Errorf("member's own effective policy: %d", rec.Code)
		}
		if rec := b.do("GET", "/console/compliance", nil, nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), w.config.ARN) {
			t.Errorf("member's own compliance: %d", rec.Code)
		}
	})

	t.Run("expiry and sign-out", func(t *testing.T) {
		b := newBrowserish(t, h)
		b.signIn(rootKey, rootSecret, "")
		if rec := b.do("GET", "/console/", nil, nil); rec.Code != http.StatusOK {
			t.Fatalf("home: %d", rec.Code)
		}
		old := *b.cookies["chatgov_console"]
		if rec := b.do("POST", "/console/signout", url.Values{"csrf": {b.csrf}}, nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("sign-out: %d", rec.Code)
		}
		b.cookies["chatgov_console"] = &old // a stolen cookie after sign-out
		if rec := b.do("GET", "/console/", nil, nil); rec.Code != http.StatusSeeOther {
			t.Errorf("a signed-out session still works: %d", rec.Code)
		}
		b.signIn(rootKey, rootSecret, "")
		clk.advance(time.Hour + time.Second)
		if rec := b.do("GET", "/console/", nil, nil); rec.Code != http.StatusSeeOther {
			t.Errorf("an expired session still works: %d", rec.Code)
		}
		if rec := b.do("POST", "/console/org/ou", url.Values{"csrf": {b.csrf}, "parent": {w.rootID}, "name": {"Late"}}, nil); rec.Code != http.StatusUnauthorized {
			t.Errorf("a POST with an expired session: %d, want 401", rec.Code)
		}
	})
}

// TestSessionEndsWithCredential checks that a session made from assumed-role
// credentials ends when they expire.
func TestSessionEndsWithCredential(t *testing.T) {
	w := newWorld(t)
	clk := &clock{t: time.Now()}
	h := console.Mount(apiStandIn, console.New(w.srv.Service, console.Options{Now: clk.now}))
	b := newBrowserish(t, h)
	if rec := b.signIn(w.member.AccessKeyID, w.member.SecretAccessKey, w.member.SessionToken); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", rec.Code)
	}
	ck := b.cookies["chatgov_console"]
	if ck.Expires.After(w.member.ExpiresAt.Add(time.Second)) {
		t.Errorf("the cookie outlives the credential: %v > %v", ck.Expires, w.member.ExpiresAt)
	}
	clk.advance(time.Until(w.member.ExpiresAt) + time.Second)
	if rec := b.do("GET", "/console/", nil, nil); rec.Code != http.StatusSeeOther {
		t.Errorf("the session outlived its credential: %d", rec.Code)
	}
	_ = gov.StateEnabled
}
