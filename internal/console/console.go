// Package console is chatgov's web console, served under /console/ on the
// API's port: server-rendered pages (html/template) over the gov use cases,
// with a little embedded JavaScript for live validation. A person signs in
// with an access key and secret, which are verified as the API verifies a
// SigV4 caller's key; every page then calls gov with that caller, so what a
// person sees and may do is gov's authorization, not the console's.
//
// A session lives in its cookie, sealed (AES-256-GCM) under a key gov
// keeps in the store, so that every replica of chatgov opens it and a
// restart signs nobody out; a sign-out is recorded in gov, so that it
// holds on every replica, and flash messages ride in a sealed cookie of
// their own. Every request re-checks the credential. A cookie that does
// not open is no session. Cookies are HttpOnly and SameSite=Strict, and
// Secure when the request came over TLS; every form carries a CSRF token
// bound to the session. docs/architecture.md ("The console") has the
// design.
package console

import (
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// Options configure a Console.
type Options struct {
	Logger *slog.Logger
	// Now is the clock for session and credential expiry; time.Now when nil.
	Now func() time.Time
	// SessionTTL is how long a session lasts (never beyond its credential's
	// expiry); DefaultSessionTTL when zero.
	SessionTTL time.Duration
}

// DefaultSessionTTL is how long a console session lasts by default.
const DefaultSessionTTL = 8 * time.Hour

// Console serves the web console.
type Console struct {
	gov     *gov.Service
	log     *slog.Logger
	now     func() time.Time
	ttl     time.Duration
	sealers sealers
	pages   map[string]*template.Template
	mux     *http.ServeMux
}

// New returns the console over svc.
func New(svc *gov.Service, opts Options) *Console {
	c := &Console{gov: svc, log: opts.Logger, now: opts.Now}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.ttl = opts.SessionTTL
	if c.ttl <= 0 {
		c.ttl = DefaultSessionTTL
	}
	c.pages = parsePages()
	c.routes()
	return c
}

// Mount returns a handler that serves the console under /console/, sends
// a browser's GET / there, and passes every other request to api.
func Mount(api http.Handler, c *Console) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/console" || strings.HasPrefix(r.URL.Path, "/console/"):
			c.ServeHTTP(w, r)
		case r.URL.Path == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead) && wantsHTML(r):
			http.Redirect(w, r, "/console/", http.StatusFound)
		default:
			api.ServeHTTP(w, r)
		}
	})
}

// wantsHTML tells a browser's navigation from an API client: browsers ask
// for text/html, and no AWS SDK does.
func wantsHTML(r *http.Request) bool {
	return r.Header.Get("Authorization") == "" && strings.Contains(r.Header.Get("Accept"), "text/html")
}

// ServeHTTP serves a console request with the console's security headers.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	if r.URL.Path == "/console" {
		http.Redirect(w, r, "/console/", http.StatusFound)
		return
	}
	c.withRevisions(w, r, c.mux)
}

func (c *Console) routes() {
	mux := http.NewServeMux()
	assets, _ := fs.Sub(assetFS, "assets")
	mux.Handle("GET /console/assets/", http.StripPrefix("/console/assets/", http.FileServerFS(assets)))
	mux.HandleFunc("GET /console/signin", c.signInPage)
	mux.HandleFunc("POST /console/signin", c.signIn)
	mux.HandleFunc("POST /console/signout", c.authed(c.signOut))
	mux.HandleFunc("GET /console/{$}", c.authed(c.home))
	mux.HandleFunc("GET /console/org", c.authed(c.orgPage))
	mux.HandleFunc("POST /console/org/create", c.authed(c.createOrganization))
	mux.HandleFunc("POST /console/org/ou", c.authed(c.createOU))
	mux.HandleFunc("POST /console/org/ou/rename", c.authed(c.renameOU))
	mux.HandleFunc("GET /console/org/move", c.authed(c.movePage))
	mux.HandleFunc("POST /console/org/move", c.authed(c.moveAccount))
	mux.HandleFunc("GET /console/policies", c.authed(c.policiesPage))
	mux.HandleFunc("POST /console/policies/types", c.authed(c.setPolicyType))
	mux.HandleFunc("GET /console/policies/new", c.authed(c.newPolicyPage))
	mux.HandleFunc("POST /console/policies/new", c.authed(c.createPolicy))
	mux.HandleFunc("GET /console/policies/{id}", c.authed(c.policyPage))
	mux.HandleFunc("POST /console/policies/{id}", c.authed(c.updatePolicy))
	mux.HandleFunc("POST /console/policies/{id}/delete", c.authed(c.deletePolicy))
	mux.HandleFunc("GET /console/policies/{id}/{action}", c.authed(c.attachPage))
	mux.HandleFunc("POST /console/policies/{id}/{action}", c.authed(c.attach))
	mux.HandleFunc("POST /console/api/validate", c.authed(c.validate))
	mux.HandleFunc("GET /console/accounts/{id}/effective", c.authed(c.effectivePage))
	mux.HandleFunc("GET /console/compliance", c.authed(c.compliancePage))
	mux.HandleFunc("GET /console/chat", c.authed(c.chatPage))
	mux.HandleFunc("/console/", func(w http.ResponseWriter, r *http.Request) {
		c.fail(w, r, nil, http.StatusNotFound, "There is no console page at "+r.URL.Path+".")
	})
	c.mux = mux
}

// statusOf is the HTTP status a gov error is answered with.
func statusOf(err error) int {
	var ge *gov.Error
	if !errors.As(err, &ge) {
		return http.StatusInternalServerError
	}
	switch ge.Kind {
	case gov.AccessDenied:
		return http.StatusForbidden
	case gov.NotFound:
		return http.StatusNotFound
	case gov.Internal:
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// messageOf is what a person is told of err: gov's message, never an
// internal error's cause.
func messageOf(err error) string {
	var ge *gov.Error
	if errors.As(err, &ge) && ge.Kind != gov.Internal {
		return ge.Message
	}
	return "chatgov failed to answer; the server's log has the details."
}
