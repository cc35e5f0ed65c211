package awsapi

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// Reading one's writes across replicas. Every API response carries the
// revision of the state it answers from, or of its own write
// (HeaderRevision). A client that sends a later request, possibly to
// another replica, with that revision in HeaderMinRevision is answered
// from a state at least that recent: the replica waits for it briefly
// (Options.RevisionWait), and answers 503 ServiceUnavailable, which the
// SDKs retry, if it does not get there in time. Without the header a
// replica answers from what it has.
const (
	HeaderRevision    = "X-Chatgov-Revision"
	HeaderMinRevision = "X-Chatgov-Min-Revision"
)

// DefaultRevisionWait is how long a replica waits for a revision a
// request asks for.
const DefaultRevisionWait = 2 * time.Second

// syncTimeout bounds the read of the change log an unknown access key
// makes a replica do.
const syncTimeout = time.Second

// awaitRevision waits until the service has the revision the request asks
// for, if any. It returns the error to answer with when the header is
// malformed (400) or the revision was not reached in time (503).
func (h *Handler) awaitRevision(r *http.Request) (wireError, bool) {
	v := r.Header.Get(HeaderMinRevision)
	if v == "" {
		return wireError{}, true
	}
	want, err := strconv.ParseInt(v, 10, 64)
	if err != nil || want < 0 {
		return wireError{code: "ValidationException", status: http.StatusBadRequest,
			message: "the header " + HeaderMinRevision + " must be a revision (a whole number of at least 0), not " + strconv.Quote(v)}, false
	}
	if h.gov.Revision() >= want {
		return wireError{}, true
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.revisionWait)
	defer cancel()
	if h.gov.WaitRevision(ctx, want) {
		return wireError{}, true
	}
	return wireError{code: "ServiceUnavailableException", status: http.StatusServiceUnavailable,
		message: "this replica is at revision " + strconv.FormatInt(h.gov.Revision(), 10) + ", behind the revision " +
			strconv.FormatInt(want, 10) + " the request asks for; retry"}, false
}

// stamp sets the response's revision header, once, before the status is
// written: the request's last write's revision, or else the revision of
// the state it was answered from (read when the answer starts, which is
// never older than what the request read).
func (w *statusWriter) stamp() {
	if w.revisions == nil {
		return
	}
	rev := w.revisions.Last()
	if rev == 0 && w.current != nil {
		rev = w.current()
	}
	w.Header().Set(HeaderRevision, strconv.FormatInt(rev, 10))
}
