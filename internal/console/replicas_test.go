package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/console"
)

// TestSessionsAcrossReplicas runs two consoles over one gov.Service, as two
// replicas share one state: a session is one cookie that either opens, and
// what ends it on one ends it on the other.
func TestSessionsAcrossReplicas(t *testing.T) {
	w := newWorld(t)
	clk := &clock{t: time.Now()}
	replicas := [2]http.Handler{}
	for i := range replicas {
		replicas[i] = console.Mount(apiStandIn, console.New(w.srv.Service, console.Options{Now: clk.now, SessionTTL: time.Hour}))
	}
	// on drives a browser on replica i: the load balancer's choice.
	on := func(b *browserish, i int) *browserish { b.h = replicas[i]; return b }

	tests := []struct {
		name string
		// between runs on the browser after signing in on replica 0 and
		// browsing there.
		between func(t *testing.T, b *browserish)
		// want is the answer to GET /console/ on replica 1 afterwards.
		want int
	}{
		{"sign in on one, browse on the other", func(t *testing.T, b *browserish) {}, http.StatusOK},
		{"sign out on one, refused on the other", func(t *testing.T, b *browserish) {
			stolen := *b.cookies["chatgov_console"]
			if rec := b.do("POST", "/console/signout", url.Values{"csrf": {b.csrf}}, nil); rec.Code != http.StatusSeeOther {
				t.Fatalf("sign-out: %d", rec.Code)
			}
			b.cookies["chatgov_console"] = &stolen // a copy kept from before
		}, http.StatusSeeOther},
		{"tampered cookie refused", func(t *testing.T, b *browserish) {
			ck := *b.cookies["chatgov_console"]
			v := []byte(ck.Value)
			i := len(v) / 2
			v[i] = map[bool]byte{true: 'B', false: 'A'}[v[i] == 'A']
			ck.Value = string(v)
			b.cookies["chatgov_console"] = &ck
		}, http.StatusSeeOther},
		{"foreign cookie refused", func(t *testing.T, b *browserish) {
			b.cookies["chatgov_console"] = &http.Cookie{Name: "chatgov_console", Value: strings.Repeat("x", 80)}
		}, http.StatusSeeOther},
		{"expired session refused", func(t *testing.T, b *browserish) { clk.advance(time.Hour + time.Second) }, http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := on(newBrowserish(t, nil), 0)
			if rec := b.signIn(rootKey, rootSecret, ""); rec.Code != http.StatusSeeOther {
				t.Fatalf("sign-in on replica 0: %d", rec.Code)
			}
			if rec := b.do("GET", "/console/", nil, nil); rec.Code != http.StatusOK {
				t.Fatalf("home on replica 0: %d", rec.Code)
			}
			tt.between(t, b)
			rec := on(b, 1).do("GET", "/console/", nil, nil)
			if rec.Code != tt.want {
				t.Fatalf("home on replica 1: %d, want %d", rec.Code, tt.want)
			}
			if tt.want != http.StatusOK {
				// Refused everywhere, and as a signed-out visitor: a
				// write is 401, never a fault.
				for i := range replicas {
					rec := on(b, i).do("POST", "/console/org/ou", url.Values{"csrf": {b.csrf}, "parent": {w.rootID}, "name": {"Nope"}}, nil)
					if rec.Code != http.StatusUnauthorized {
						t.Errorf("a write on replica %d: %d, want 401", i, rec.Code)
					}
				}
				return
			}
			// A write on replica 1 with the CSRF token of replica 0's
			// page, and its message shown on replica 0's next page.
			rec = b.do("POST", "/console/org/ou", url.Values{"csrf": {b.csrf}, "parent": {w.rootID}, "name": {"FromReplica1"}}, nil)
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("a write on replica 1: %d", rec.Code)
			}
			if rec := on(b, 0).do("GET", rec.Header().Get("Location"), nil, nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="flash">Created organizational unit FromReplica1`) {
				t.Errorf("the next page on replica 0: %d, without the write's message", rec.Code)
			}
			if _, ok := b.cookies["chatgov_console_flash"]; ok {
				t.Error("the flash cookie outlived its page")
			}
		})
	}
}

// TestFlashAcrossReplicas checks that a refused change's message, set on
// one replica, shows on the next page served by the other, once, and
// only to the session it was set for.
func TestFlashAcrossReplicas(t *testing.T) {
	w := newWorld(t)
	svc := w.srv.Service
	r0 := console.Mount(apiStandIn, console.New(svc, console.Options{}))
	r1 := console.Mount(apiStandIn, console.New(svc, console.Options{}))
	b := newBrowserish(t, r0)
	b.signIn(rootKey, rootSecret, "")
	b.do("GET", "/console/org", nil, nil)
	rec := b.do("POST", "/console/org/ou", url.Values{"csrf": {b.csrf}, "parent": {w.rootID}, "name": {strings.Repeat("x", 200)}}, nil)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("a refused OU: %d", rec.Code)
	}
	next := rec.Header().Get("Location")
	flash := *b.cookies["chatgov_console_flash"]

	other := newBrowserish(t, r1)
	other.signIn(rootKey, rootSecret, "")
	other.cookies["chatgov_console_flash"] = &flash

	tests := []struct {
		name string
		b    *browserish
		want bool
	}{
		{"another session is not shown the message", other, false},
		{"the session's next page, on the other replica, shows it", func() *browserish { b.h = r1; return b }(), true},
		{"once", b, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tt.b.do("GET", next, nil, nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", next, rec.Code)
			}
			if got := strings.Contains(rec.Body.String(), `id="flash-problem"`); got != tt.want {
				t.Errorf("message shown: %v, want %v", got, tt.want)
			}
		})
	}
}
