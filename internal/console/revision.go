package console

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

// Reading one's writes across replicas. A page that made a write leaves
// its revision in a short-lived cookie; the next request, which a load
// balancer may send to another replica, waits (briefly) until that
// replica has the revision, so that a change is never followed by a page
// that does not show it. Without replicas the revision is always there.

// revisionCookie holds the revision of the session's last write.
const revisionCookie = "chatgov_console_revision"

// revisionWait bounds the wait for a revision; past it the page shows
// what the replica has.
const revisionWait = 2 * time.Second

// revisionTTL is how long the cookie lives: longer than any replica lags.
const revisionTTL = time.Minute

// withRevisions runs next with the request's writes' revisions noted,
// after waiting for the revision the request's cookie names, and leaves
// the last write's revision in the cookie.
func (c *Console) withRevisions(w http.ResponseWriter, r *http.Request, next http.Handler) {
	if ck, err := r.Cookie(revisionCookie); err == nil {
		if want, err := strconv.ParseInt(ck.Value, 10, 64); err == nil && want > c.gov.Revision() {
			ctx, cancel := context.WithTimeout(r.Context(), revisionWait)
			c.gov.WaitRevision(ctx, want)
			cancel()
		}
	}
	revs := &gov.Revisions{}
	r = r.WithContext(gov.WithRevisions(r.Context(), revs))
	next.ServeHTTP(&revisionWriter{ResponseWriter: w, revs: revs, secure: r.TLS != nil}, r)
}

// revisionWriter sets the revision cookie before the response's header
// goes out, when the request made a write.
type revisionWriter struct {
	http.ResponseWriter
	revs    *gov.Revisions
	secure  bool
	written bool
}

func (w *revisionWriter) stamp() {
	if w.written {
		return
	}
	w.written = true
	if rev := w.revs.Last(); rev > 0 {
		http.SetCookie(w.ResponseWriter, &http.Cookie{Name: revisionCookie, Value: strconv.FormatInt(rev, 10), Path: "/console/",
			MaxAge: int(revisionTTL / time.Second), HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteStrictMode})
	}
}

func (w *revisionWriter) WriteHeader(code int) {
	w.stamp()
	w.ResponseWriter.WriteHeader(code)
}

func (w *revisionWriter) Write(b []byte) (int, error) {
	w.stamp()
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *revisionWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// syncedSession is session, but a cookie that does not open, or names a
// session or credential this replica does not know, first makes the
// replica read the shared store's change log: the sign-in, its key or the
// credential may have been written a moment ago on another replica.
func (c *Console) syncedSession(r *http.Request) *session {
	ss := c.session(r)
	if ss != nil || !c.gov.Replicated() {
		return ss
	}
	if ck, err := r.Cookie(sessionCookie); err != nil || ck.Value == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(r.Context(), revisionWait)
	defer cancel()
	if c.gov.Sync(ctx) != nil {
		return nil
	}
	return c.session(r)
}
