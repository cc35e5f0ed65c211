package awsapi

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
)

// Ops are the operator's side of the handler: readiness, metrics, and an
// observer of every API request. The zero Ops serves /readyz as ready and
// no /metrics.
type Ops struct {
	// Ready says whether the server serves (its state loaded, not shutting
	// down); /readyz answers 200 when it does and 503 otherwise. Always
	// ready when nil.
	Ready func() bool
	// Metrics, when set, is served at GET /metrics.
	Metrics http.Handler
	// Observe, when set, receives each API request's service, operation
	// (one the handler serves, or "unknown"), HTTP status and duration.
	Observe func(service, operation string, status int, d time.Duration)
}

// serveOps serves /readyz and /metrics, and reports whether the request
// was one of them.
func (h *Handler) serveOps(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case r.URL.Path == "/readyz":
		w.Header().Set("Content-Type", "text/plain")
		if h.ops.Ready != nil && !h.ops.Ready() {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("not ready\n"))
			return true
		}
		w.Write([]byte("ready\n"))
		return true
	case r.URL.Path == "/metrics" && h.ops.Metrics != nil && r.Method == http.MethodGet:
		h.ops.Metrics.ServeHTTP(w, r)
		return true
	}
	return false
}

// finish reports an answered API request: to the observer, and in the
// log, one line with the request ID the response carries.
func (h *Handler) finish(r *http.Request, id string, proto protocol, body []byte, status int, d time.Duration) {
	service, op := operationOf(proto, r, body)
	if h.ops.Observe != nil {
		h.ops.Observe(service, op, status, d)
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	if !h.log.Enabled(r.Context(), level) {
		return // not even the line's arguments made
	}
	h.log.Log(r.Context(), level, "request", "request_id", id, "service", service, "op", op, "status", status,
		"seconds", d.Seconds(), "remote", r.RemoteAddr)
}

// operationOf names a request's service and operation for metrics and
// logs, from what the handler serves only: a name the handler does not
// serve is "unknown", so that requests cannot add labels.
func operationOf(proto protocol, r *http.Request, body []byte) (service, op string) {
	switch proto {
	case protoOrganizations:
		name := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), organizationsTargetPrefix)
		if _, ok := organizationsOps[name]; ok {
			return "organizations", name
		}
		return "organizations", "unknown"
	case protoQuery:
		form, _ := url.ParseQuery(string(body))
		a := form.Get("Action")
		switch service := queryService(r); {
		case service == "cloudformation":
			if _, ok := cfnActions[a]; ok {
				return "cloudformation", a
			}
			return "cloudformation", "unknown"
		case service == "sns" || service == "" && snsActions[a]:
			if snsActions[a] {
				return "sns", a
			}
			return "sns", "unknown"
		}
		if a == "AssumeRole" || a == "GetCallerIdentity" {
			return "sts", a
		}
		return "sts", "unknown"
	case protoChatbot:
		service = "chatbot"
		if strings.HasPrefix(r.URL.Path, chatgovapi.Prefix) {
			service = "chatgov"
		}
		if name, _, ok := chatbotRoute(r.URL.Path); ok {
			return service, name
		}
		return service, "unknown"
	}
	return "unknown", "unknown"
}

// statusWriter remembers the status a response was written with.
type statusWriter struct {
	http.ResponseWriter
	status int
	// revisions are the request's writes' revisions and current the
	// service's revision: the response carries the later (revision.go).
	revisions *gov.Revisions
	current   func() int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		w.stamp()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
		w.stamp()
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// code is the status sent: 200 when the handler wrote nothing.
func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}
