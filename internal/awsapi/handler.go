// Package awsapi serves chatgov over the AWS wire protocols, so that the
// unmodified AWS SDKs and CLI work against it: AWS Organizations
// (awsJson1_1), STS (awsQuery) and, on the same port, AWS Chatbot
// (restJson1). Every request is authenticated with Signature Version 4
// against the credentials chatgov stores. The package decodes, calls the
// gov service and encodes; it holds no business rules.
package awsapi

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/cfn/stack"
	"github.com/chatgov/chatgov/internal/gov"
)

// Options configure a Handler.
type Options struct {
	Logger *slog.Logger
	// Now returns the current time, for signature expiry; time.Now when nil.
	Now func() time.Time
	// ClockSkew is how far a request's X-Amz-Date may be from now (AWS: 15 minutes).
	ClockSkew time.Duration
	// MaxBodyBytes bounds request bodies.
	MaxBodyBytes int64
	// RevisionWait is how long a request that names a revision waits for
	// it (revision.go); DefaultRevisionWait when zero.
	RevisionWait time.Duration
	// Reset wipes all state; it is served at POST /moto-api/reset only in
	// emulator mode.
	Reset func(ctx context.Context) error
	// Ops are the operator's endpoints beside /healthz (observe.go):
	// /readyz, /metrics, and what each request reports.
	Ops Ops
}

// Handler is chatgov's HTTP interface.
type Handler struct {
	gov     *gov.Service
	log     *slog.Logger
	now     func() time.Time
	skew    time.Duration
	maxBody int64
	// revisionWait: see Options.RevisionWait.
	revisionWait time.Duration
	reset        func(ctx context.Context) error
	stacks       *stack.Runner // CloudFormation (cloudformation.go)
	ops          Ops
}

// Default limits.
const (
	DefaultClockSkew    = 15 * time.Minute
	DefaultMaxBodyBytes = 2 << 20
)

// New returns the handler serving svc.
func New(svc *gov.Service, opts Options) *Handler {
	h := &Handler{gov: svc, log: opts.Logger, now: opts.Now, skew: opts.ClockSkew, maxBody: opts.MaxBodyBytes, reset: opts.Reset, ops: opts.Ops}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = time.Now
	}
	if h.skew == 0 {
		h.skew = DefaultClockSkew
	}
	h.revisionWait = opts.RevisionWait
	if h.revisionWait <= 0 {
		h.revisionWait = DefaultRevisionWait
	}
	if h.maxBody == 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	h.stacks = stack.New(svc, stack.Options{Logger: h.log, Now: h.now})
	return h
}

// request is one API call being served.
type request struct {
	*http.Request
	id     string
	body   []byte
	caller gov.Caller
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// ServeHTTP routes a request to its protocol.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := newRequestID()
	w.Header().Set("X-Amzn-RequestId", id)
	switch {
	case r.URL.Path == "/healthz":
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("ok\n"))
		return
	case r.URL.Path == "/moto-api/reset" && h.gov.Emulator() && h.reset != nil:
		h.serveReset(w, r)
		return
	case h.serveOps(w, r):
		return
	}
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, revisions: &gov.Revisions{}, current: h.gov.Revision}
	r = r.WithContext(gov.WithRevisions(r.Context(), sw.revisions))
	proto, body := h.serveAPI(sw, r, id)
	h.finish(r, id, proto, body, sw.code(), time.Since(start))
}

// serveAPI serves an API request and returns its protocol and body, for
// finish.
func (h *Handler) serveAPI(w http.ResponseWriter, r *http.Request, id string) (protocol, []byte) {
	proto := protocolOf(r)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		h.writeBodyError(w, r, proto, id, err)
		return proto, nil
	}
	if e, ok := h.awaitRevision(r); !ok {
		h.writeErrorIn(w, r, proto, id, e)
		return proto, body
	}
	req := &request{Request: r, id: id, body: body}
	switch proto {
	case protoOrganizations:
		h.serveOrganizations(w, req, strings.TrimPrefix(r.Header.Get("X-Amz-Target"), organizationsTargetPrefix))
	case protoQuery:
		// awsQuery serves several services: the credential scope says which.
		switch service := queryService(r); {
		case service == "cloudformation":
			h.serveCloudFormation(w, req)
		case service == "sns" || service == "" && unsignedSNS(req):
			h.serveSNS(w, req)
		default:
			h.serveQuery(w, req)
		}
	case protoChatbot:
		name, o, ok := chatbotRoute(r.URL.Path)
		if !ok {
			writeChatbotError(w, wireError{code: "UnknownOperationException", message: "no operation at " + r.URL.Path, status: http.StatusNotFound})
			return proto, body
		}
		h.serveChatbot(w, req, name, o)
	default:
		writeJSONError(w, "application/json", wireError{code: "UnknownOperationException",
			message: "no operation matches " + r.Method + " " + r.URL.Path, status: http.StatusNotFound})
	}
	return proto, body
}

// protocol is the wire protocol a request speaks, known from its headers
// and path before its body is read, so that even a body that cannot be
// read is answered in the client's protocol.
type protocol int

const (
	protoUnknown       protocol = iota
	protoOrganizations          // awsJson1_1
	protoQuery                  // awsQuery (STS)
	protoChatbot                // restJson1
)

func protocolOf(r *http.Request) protocol {
	switch {
	case strings.HasPrefix(r.Header.Get("X-Amz-Target"), organizationsTargetPrefix):
		return protoOrganizations
	case r.Method == http.MethodPost && r.URL.Path == "/" && isForm(r):
		return protoQuery
	case r.URL.Path != "/":
		return protoChatbot
	}
	return protoUnknown
}

// writeBodyError answers a request whose body could not be read (larger
// than the limit, or cut short) in the request's protocol: an SDK reads
// only errors in the protocol it speaks. An awsQuery error names the XML
// namespace of the service the request is signed for.
func (h *Handler) writeBodyError(w http.ResponseWriter, r *http.Request, proto protocol, requestID string, err error) {
	var tooBig *http.MaxBytesError
	e := wireError{code: "SerializationException", message: "the request body could not be read", status: http.StatusBadRequest}
	if errors.As(err, &tooBig) {
		e = wireError{code: "RequestEntityTooLargeException", status: http.StatusRequestEntityTooLarge,
			message: "the request body is larger than the limit of " + formatBytes(h.maxBody)}
	}
	h.writeErrorIn(w, r, proto, requestID, e)
}

// writeErrorIn answers with e in the request's protocol, for errors found
// before the request reaches an operation. An awsQuery error names the
// XML namespace of the service the request is signed for.
func (h *Handler) writeErrorIn(w http.ResponseWriter, r *http.Request, proto protocol, requestID string, e wireError) {
	switch proto {
	case protoQuery:
		// The query protocol's codes have no Exception suffix.
		e.code = strings.TrimSuffix(e.code, "Exception")
		if e.code == "Serialization" {
			e.code = "MalformedQueryString"
		}
		ns := stsNamespace
		switch queryService(r) {
		case "cloudformation":
			ns = cfnNamespace
		case "sns":
			ns = snsNamespace
		}
		writeQueryError(w, ns, requestID, e)
	case protoChatbot:
		writeChatbotError(w, e)
	case protoOrganizations:
		writeJSONError(w, organizationsContentType, e)
	default:
		writeJSONError(w, "application/json", e)
	}
}

func isForm(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded")
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// authenticate verifies the request's SigV4 signature for service and
// returns the caller. In emulator mode any signed request is accepted and
// the access key alone says who calls.
func (h *Handler) authenticate(r *request, service string) (gov.Caller, *authFailure) {
	sig, err := parseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return gov.Caller{}, h.authLog(r, "", err)
	}
	if h.gov.Emulator() {
		return h.gov.EmulatorCaller(sig.accessKeyID).InRegion(sig.region), nil
	}
	if sig.service != service {
		return gov.Caller{}, h.authLog(r, sig.accessKeyID, authFail(codeBadSignature,
			"Credential should be scoped to correct service: '%s'", service))
	}
	if err := checkSignedAmzHeaders(r.Request, sig); err != nil {
		return gov.Caller{}, h.authLog(r, sig.accessKeyID, err)
	}
	amzDate, err := requestTime(r.Request, sig, h.now(), h.skew)
	if err != nil {
		return gov.Caller{}, h.authLog(r, sig.accessKeyID, err)
	}
	cred, ok := h.gov.Credential(sig.accessKeyID)
	if !ok && h.gov.Replicated() {
		// A key another replica has just issued (AssumeRole there, used
		// here at once) may be on its way: read the change log first.
		sctx, cancel := context.WithTimeout(r.Context(), syncTimeout)
		_ = h.gov.Sync(sctx)
		cancel()
		cred, ok = h.gov.Credential(sig.accessKeyID)
	}
	if !ok {
		// A swept session is unknown by now, but its token still says
		// that it expired, and AWS says so too.
		if exp, issued := h.gov.SessionTokenExpiry(sig.accessKeyID, r.Header.Get("X-Amz-Security-Token")); issued && !h.now().Before(exp) {
			return gov.Caller{}, h.authLog(r, sig.accessKeyID, authFail(codeExpiredToken, "The security token included in the request is expired"))
		}
		return gov.Caller{}, h.authLog(r, sig.accessKeyID, authFail(codeUnknownKey, "The security token included in the request is invalid."))
	}
	if token := r.Header.Get("X-Amz-Security-Token"); cred.SessionToken != "" || token != "" {
		if subtle.ConstantTimeCompare([]byte(token), []byte(cred.SessionToken)) != 1 {
			return gov.Caller{}, h.authLog(r, sig.accessKeyID, authFail(codeUnknownKey, "The security token included in the request is invalid."))
		}
	}
	if !cred.ExpiresAt.IsZero() && !h.now().Before(cred.ExpiresAt) {
		return gov.Caller{}, h.authLog(r, sig.accessKeyID, authFail(codeExpiredToken, "The security token included in the request is expired"))
	}
	if err := verifySignature(r.Request, r.body, sig, amzDate, cred.SecretAccessKey); err != nil {
		return gov.Caller{}, h.authLog(r, sig.accessKeyID, err)
	}
	return gov.Caller{AccountID: cred.AccountID, ARN: cred.ARN, AccessKeyID: cred.AccessKeyID}.InRegion(sig.region), nil
}

// authLog logs a failed authentication (never a secret) and returns it.
func (h *Handler) authLog(r *request, accessKeyID string, err error) *authFailure {
	var f *authFailure
	if !errors.As(err, &f) {
		f = authFail(codeBadSignature, "%v", err)
	}
	h.log.Warn("authentication failed", "request_id", r.id, "remote", r.RemoteAddr, "access_key_id", accessKeyID,
		"code", f.code, "reason", f.message)
	return f
}

// logFailure logs an error answer; internal errors with their cause.
func (h *Handler) logFailure(r *request, op string, e *gov.Error, code string) {
	if e.Kind == gov.Internal {
		h.log.Error("internal error", "request_id", r.id, "op", op, "account", r.caller.AccountID, "err", e.Error())
		return
	}
	h.log.Debug("request failed", "request_id", r.id, "op", op, "account", r.caller.AccountID, "code", code, "message", e.Message)
}

func (h *Handler) serveReset(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	if err := h.reset(r.Context()); err != nil {
		h.log.Error("reset failed", "err", err)
		http.Error(w, "reset failed", http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]string{"status": "ok"})
}
