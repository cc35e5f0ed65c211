package console

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

// The console's cookies.
const (
	sessionCookie = "chatgov_console"
	// flashCookie carries a message to the next page of a session.
	flashCookie = "chatgov_console_flash"
	// signInCookie carries the sign-in form's CSRF token (double submit):
	// before a session exists there is nothing to bind it to.
	signInCookie = "chatgov_console_signin"
	csrfField    = "csrf"
	csrfHeader   = "X-CSRF-Token"
)

// session is a signed-in person, as its cookie says and gov confirms: the
// caller gov sees, and the session's CSRF token.
type session struct {
	state  sessionState
	id     string // state.id, base64url
	caller gov.Caller
	csrf   string // state.csrf, base64url
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("console: no randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// newSession returns a session for caller issued now, expiring after the
// TTL or at credExpiry, whichever is first.
func (c *Console) newSession(caller gov.Caller, credExpiry time.Time) *session {
	now := c.now()
	st := sessionState{issued: now, expires: now.Add(c.ttl), accessKeyID: caller.AccessKeyID, account: caller.AccountID}
	if !credExpiry.IsZero() && credExpiry.Before(st.expires) {
		st.expires = credExpiry
	}
	if _, err := rand.Read(st.id[:]); err != nil {
		panic("console: no randomness: " + err.Error())
	}
	if _, err := rand.Read(st.csrf[:]); err != nil {
		panic("console: no randomness: " + err.Error())
	}
	return c.sessionOf(st, caller)
}

func (c *Console) sessionOf(st sessionState, caller gov.Caller) *session {
	return &session{state: st, caller: caller, id: base64.RawURLEncoding.EncodeToString(st.id[:]),
		csrf: base64.RawURLEncoding.EncodeToString(st.csrf[:])}
}

// sealer returns the sealer of gov's current console key; nil before the
// first sign-in made one.
func (c *Console) sealer() *sealer {
	key, ok := c.gov.CurrentConsoleSessionKey()
	if !ok {
		return nil
	}
	s, err := c.sealers.get(key)
	if err != nil {
		return nil
	}
	return s
}

// session returns the live session r's cookie holds, or nil: nil for no
// cookie, one that does not open (altered, foreign, sealed under a key
// gov no longer has), an expired one, one signed out on any replica, and
// one whose credential was deleted or has expired.
func (c *Console) session(r *http.Request) *session {
	ck, err := r.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return nil
	}
	s := c.sealer()
	if s == nil {
		return nil
	}
	plain, ok := s.open(purposeSession, ck.Value)
	if !ok {
		return nil
	}
	st, err := decodeSession(plain)
	if err != nil || !c.issuable(st) {
		return nil
	}
	ss := c.sessionOf(st, gov.Caller{})
	if c.gov.ConsoleSessionEnded(st.account, ss.id, st.issued) {
		return nil
	}
	caller, ok := c.callerOf(st)
	if !ok {
		return nil
	}
	ss.caller = caller
	return ss
}

// maxClockSkew is how far ahead of this replica's clock another replica's
// may run: a session issued there is not refused here as issued in the
// future.
const maxClockSkew = time.Minute

// issuable reports whether this console could have issued st and it is
// still live: not expired, not issued in the future, and not lasting longer
// than the session TTL (so shortening the TTL ends the longer sessions at
// once). Only a bug or a leaked key seals anything else.
func (c *Console) issuable(st sessionState) bool {
	now := c.now()
	return now.Before(st.expires) && !st.issued.After(now.Add(maxClockSkew)) &&
		!st.expires.Before(st.issued) && st.expires.Sub(st.issued) <= c.ttl
}

// callerOf is the caller a session's credential stands for now: a
// deleted or expired credential, or one that changed account, stands for
// none, which ends the session at once.
func (c *Console) callerOf(st sessionState) (gov.Caller, bool) {
	if c.gov.Emulator() {
		caller := c.gov.EmulatorCaller(st.accessKeyID)
		return caller, caller.AccountID == st.account
	}
	cred, ok := c.gov.Credential(st.accessKeyID)
	if !ok || cred.AccountID != st.account || !cred.ExpiresAt.IsZero() && !c.now().Before(cred.ExpiresAt) {
		return gov.Caller{}, false
	}
	return gov.Caller{AccountID: cred.AccountID, ARN: cred.ARN, AccessKeyID: cred.AccessKeyID}, true
}

// end signs a session out on every replica. It returns gov's errors.
func (c *Console) end(r *http.Request, ss *session) error {
	return c.gov.EndConsoleSession(r.Context(), ss.state.account, ss.id, ss.state.issued, ss.state.expires)
}

// setFlash passes a message to the next page of a session, in a sealed
// cookie of its own.
func (c *Console) setFlash(w http.ResponseWriter, r *http.Request, ss *session, msg string, problem bool) {
	s := c.sealer()
	if s == nil || ss == nil {
		return
	}
	f := flashState{session: ss.state.id, expires: c.now().Add(flashTTL), problem: problem, msg: truncateFlash(msg)}
	setCookie(w, r, flashCookie, s.seal(purposeFlash, f.encode()), f.expires)
}

// takeFlash returns the message passed to this page of a session, and
// clears it.
func (c *Console) takeFlash(w http.ResponseWriter, r *http.Request, ss *session) (string, bool) {
	ck, err := r.Cookie(flashCookie)
	if err != nil {
		return "", false
	}
	setCookie(w, r, flashCookie, "", time.Time{})
	s := c.sealer()
	if s == nil || ck.Value == "" {
		return "", false
	}
	plain, ok := s.open(purposeFlash, ck.Value)
	if !ok {
		return "", false
	}
	f, ok := decodeFlash(plain)
	if !ok || f.session != ss.state.id || !c.now().Before(f.expires) {
		return "", false
	}
	return f.msg, f.problem
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
	if len(keyID) > maxAccessKeyIDLen {
		return gov.Caller{}, time.Time{}, "An access key ID has at most 128 characters."
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

// authed wraps a handler that needs a session: without one, a page request
// goes to the sign-in page and anything else is refused; a POST without the
// session's CSRF token is refused.
func (c *Console) authed(next func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ss := c.syncedSession(r)
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

// maxAccessKeyIDLen is the longest access key ID, as AWS's: the session
// cookie keeps it behind a one-byte length.
const maxAccessKeyIDLen = 128

// maxFormBytes bounds a form: a policy document is at most 10,240
// characters, and a form carries one.
const maxFormBytes = 256 << 10

func (c *Console) signInPage(w http.ResponseWriter, r *http.Request) {
	if c.session(r) != nil {
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
	key, err := c.gov.ConsoleSessionKey(r.Context())
	var s *sealer
	if err == nil {
		s, err = c.sealers.get(key)
	}
	if err != nil {
		c.log.Error("console: no session key", "err", err)
		c.showSignIn(w, r, http.StatusInternalServerError, messageOf(err))
		return
	}
	if old := c.session(r); old != nil {
		// Signing in over a live session ends it, as signing out would.
		if err := c.end(r, old); err != nil {
			c.log.Warn("console: the previous session could not be ended", "account", old.caller.AccountID, "err", err)
		}
	}
	ss := c.newSession(caller, expiry)
	setCookie(w, r, signInCookie, "", time.Time{})
	setCookie(w, r, flashCookie, "", time.Time{})
	setCookie(w, r, sessionCookie, s.seal(purposeSession, ss.state.encode()), ss.state.expires)
	c.log.Info("console: signed in", "account", caller.AccountID, "principal", caller.ARN)
	http.Redirect(w, r, "/console/", http.StatusSeeOther)
}

func (c *Console) signOut(w http.ResponseWriter, r *http.Request, ss *session) {
	if err := c.end(r, ss); err != nil {
		// The cookie stays: saying "signed out" while a copy of it still
		// works elsewhere would be a lie.
		c.failErr(w, r, ss, err)
		return
	}
	setCookie(w, r, sessionCookie, "", time.Time{})
	setCookie(w, r, flashCookie, "", time.Time{})
	http.Redirect(w, r, "/console/signin", http.StatusSeeOther)
}
