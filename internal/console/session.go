package console

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

// The console's cookies.
const (
	sessionCookie = "chatgov_console"
	// signInCookie carries the sign-in form's CSRF token (double submit):
	// before a session exists there is nothing server-side to bind it to.
	signInCookie = "chatgov_console_signin"
	csrfField    = "csrf"
	csrfHeader   = "X-CSRF-Token"
)

// session is a signed-in person: the caller gov sees, and the session's
// CSRF token.
type session struct {
	id      string
	caller  gov.Caller
	csrf    string
	expires time.Time
	// flash is a message shown once, on the next page; flashProblem says
	// it reports a refused change.
	flash        string
	flashProblem bool
}

// sessions keeps the console's sessions in memory.
type sessions struct {
	mu  sync.Mutex
	m   map[string]*session
	ttl time.Duration
	now func() time.Time
}

func newSessions(ttl time.Duration, now func() time.Time) *sessions {
	return &sessions{m: map[string]*session{}, ttl: ttl, now: now}
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("console: no randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// start creates a session for caller, expiring after the TTL or at
// credExpiry, whichever is first, and sweeps expired sessions.
func (s *sessions) start(caller gov.Caller, credExpiry time.Time) *session {
	now := s.now()
	exp := now.Add(s.ttl)
	if !credExpiry.IsZero() && credExpiry.Before(exp) {
		exp = credExpiry
	}
	ss := &session{id: randomToken(), caller: caller, csrf: randomToken(), expires: exp}
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, old := range s.m {
		if !now.Before(old.expires) {
			delete(s.m, id)
		}
	}
	s.m[ss.id] = ss
	return ss
}

// get returns the live session with that ID, or nil.
func (s *sessions) get(id string) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.m[id]
	if ss == nil {
		return nil
	}
	if !s.now().Before(ss.expires) {
		delete(s.m, id)
		return nil
	}
	return ss
}

func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
}

// setFlash and takeFlash pass a message to the next page of a session.
func (s *sessions) setFlash(ss *session, msg string, problem bool) {
	s.mu.Lock()
	ss.flash, ss.flashProblem = msg, problem
	s.mu.Unlock()
}

func (s *sessions) takeFlash(ss *session) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg, problem := ss.flash, ss.flashProblem
	ss.flash, ss.flashProblem = "", false
	return msg, problem
}

// secure tells whether a request came over TLS, directly or through a
// proxy that says so; the cookie's Secure flag then keeps it off plain HTTP.
func secure(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func setCookie(w http.ResponseWriter, r *http.Request, name, value string, expires time.Time) {
	c := &http.Cookie{Name: name, Value: value, Path: "/console/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(r)}
	if value == "" {
		c.MaxAge = -1
	} else if !expires.IsZero() {
		c.Expires = expires
	}
	http.SetCookie(w, c)
}

// verify resolves an access key and secret to a caller the way the API
// resolves a SigV4 signature's key: the credential must exist, its secret
// and session token match, and it must not have expired. In emulator mode,
// as for the API, the key alone says who calls. It returns the caller and
// the credential's expiry (zero for long-term keys), or a message for the
// person signing in.
func (c *Console) verify(keyID, secret, token string) (gov.Caller, time.Time, string) {
	keyID, token = strings.TrimSpace(keyID), strings.TrimSpace(token)
	if keyID == "" || secret == "" {
		return gov.Caller{}, time.Time{}, "Enter an access key ID and its secret access key."
	}
	if c.gov.Emulator() {
		return c.gov.EmulatorCaller(keyID), time.Time{}, ""
	}
	const refused = "The access key ID, secret access key or session token is not valid."
	cred, ok := c.gov.Credential(keyID)
	if !ok {
		return gov.Caller{}, time.Time{}, refused
	}
	if subtle.ConstantTimeCompare([]byte(secret), []byte(cred.SecretAccessKey)) != 1 {
		return gov.Caller{}, time.Time{}, refused
	}
	if (cred.SessionToken != "" || token != "") && subtle.ConstantTimeCompare([]byte(token), []byte(cred.SessionToken)) != 1 {
		return gov.Caller{}, time.Time{}, refused
	}
	if !cred.ExpiresAt.IsZero() && !c.now().Before(cred.ExpiresAt) {
		return gov.Caller{}, time.Time{}, "These credentials have expired."
	}
	return gov.Caller{AccountID: cred.AccountID, ARN: cred.ARN, AccessKeyID: cred.AccessKeyID}, cred.ExpiresAt, ""
}

// stillValid tells whether a session's credential is still the one it
// signed in with: a revoked key or an expired session ends the console
// session at once.
func (c *Console) stillValid(ss *session) bool {
	if c.gov.Emulator() {
		return true
	}
	cred, ok := c.gov.Credential(ss.caller.AccessKeyID)
	return ok && cred.AccountID == ss.caller.AccountID && (cred.ExpiresAt.IsZero() || c.now().Before(cred.ExpiresAt))
}

// authed wraps a handler that needs a session: without one, a page request
// goes to the sign-in page and anything else is refused; a POST without the
// session's CSRF token is refused.
func (c *Console) authed(next func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var ss *session
		if ck, err := r.Cookie(sessionCookie); err == nil {
			ss = c.sessions.get(ck.Value)
			if ss != nil && !c.stillValid(ss) {
				c.sessions.end(ss.id)
				ss = nil
			}
		}
		if ss == nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/console/signin", http.StatusSeeOther)
				return
			}
			c.fail(w, r, nil, http.StatusUnauthorized, "Your console session has ended: sign in again.")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			got := r.Header.Get(csrfHeader)
			if got == "" {
				got = r.PostFormValue(csrfField)
			}
			if subtle.ConstantTimeCompare([]byte(got), []byte(ss.csrf)) != 1 {
				c.log.Warn("console: request without a valid CSRF token", "path", r.URL.Path, "account", ss.caller.AccountID, "remote", r.RemoteAddr)
				c.fail(w, r, ss, http.StatusForbidden, "The form's security token is missing or stale: reload the page and try again.")
				return
			}
		}
		w.Header().Set("Cache-Control", "no-store")
		next(w, r, ss)
	}
}

// maxFormBytes bounds a form: a policy document is at most 10,240
// characters, and a form carries one.
const maxFormBytes = 256 << 10

func (c *Console) signInPage(w http.ResponseWriter, r *http.Request) {
	if ck, err := r.Cookie(sessionCookie); err == nil && c.sessions.get(ck.Value) != nil {
		http.Redirect(w, r, "/console/", http.StatusSeeOther)
		return
	}
	c.showSignIn(w, r, http.StatusOK, "")
}

func (c *Console) showSignIn(w http.ResponseWriter, r *http.Request, status int, problem string) {
	token := randomToken()
	setCookie(w, r, signInCookie, token, time.Time{})
	w.Header().Set("Cache-Control", "no-store")
	c.render(w, r, nil, "signin", status, map[string]any{"SignInCSRF": token, "Problem": problem,
		"AccessKeyID": r.PostFormValue("access_key_id")})
}

func (c *Console) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	ck, err := r.Cookie(signInCookie)
	if err != nil || ck.Value == "" || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(r.PostFormValue(csrfField))) != 1 {
		c.showSignIn(w, r, http.StatusForbidden, "The sign-in form's security token is missing or stale: try again.")
		return
	}
	caller, expiry, problem := c.verify(r.PostFormValue("access_key_id"), r.PostFormValue("secret_access_key"), r.PostFormValue("session_token"))
	if problem != "" {
		c.log.Warn("console: sign-in refused", "access_key_id", strings.TrimSpace(r.PostFormValue("access_key_id")), "remote", r.RemoteAddr)
		c.showSignIn(w, r, http.StatusUnauthorized, problem)
		return
	}
	if old, err := r.Cookie(sessionCookie); err == nil {
		c.sessions.end(old.Value)
	}
	ss := c.sessions.start(caller, expiry)
	setCookie(w, r, signInCookie, "", time.Time{})
	setCookie(w, r, sessionCookie, ss.id, ss.expires)
	c.log.Info("console: signed in", "account", caller.AccountID, "principal", caller.ARN)
	http.Redirect(w, r, "/console/", http.StatusSeeOther)
}

func (c *Console) signOut(w http.ResponseWriter, r *http.Request, ss *session) {
	c.sessions.end(ss.id)
	setCookie(w, r, sessionCookie, "", time.Time{})
	http.Redirect(w, r, "/console/signin", http.StatusSeeOther)
}
