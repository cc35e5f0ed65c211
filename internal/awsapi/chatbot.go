package awsapi

import (
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
)

const chatbotContentType = "application/json"

// chatbotOp serves one restJson1 operation (AWS Chatbot's, and chatgov's
// own under /chatgov/). status is the HTTP status of success.
type chatbotOp struct {
	status int
	serve  func(h *Handler, r *request) (any, error)
}

// rest serves an AWS Chatbot operation: its input decoded as AWS decodes
// it (unknown members ignored), its output encoded as the answer.
func rest[In, Out any](status int, fn func(h *Handler, r *request, in *In) (Out, error)) chatbotOp {
	return chatbotOp{status: status, serve: func(h *Handler, r *request) (any, error) {
		in := new(In)
		if err := decodeJSON(r.body, in); err != nil {
			return nil, err
		}
		return fn(h, r, in)
	}}
}

// own is rest for chatgov's own operations, which refuse unknown members.
func own[In, Out any](fn func(h *Handler, r *request, in *In) (Out, error)) chatbotOp {
	return chatbotOp{status: http.StatusOK, serve: func(h *Handler, r *request) (any, error) {
		in := new(In)
		if err := decodeStrict(r.body, in); err != nil {
			return nil, err
		}
		return fn(h, r, in)
	}}
}

// writeChatbotError writes a restJson1 error: X-Amzn-ErrorType and a body
// with the message.
func writeChatbotError(w http.ResponseWriter, e wireError) {
	w.Header().Set("X-Amzn-ErrorType", e.code)
	writeJSON(w, e.status, chatbotContentType, chatgovapi.ErrorBody{Message: e.message})
}

// serveChatbot serves AWS Chatbot's and chatgov's restJson1 operations.
func (h *Handler) serveChatbot(w http.ResponseWriter, r *request, name string, o chatbotOp) {
	if r.Method != http.MethodPost {
		writeChatbotError(w, wireError{code: chatgovapi.CodeInvalidRequest, message: name + " takes POST", status: http.StatusMethodNotAllowed})
		return
	}
	caller, fail := h.authenticate(r, "chatbot")
	if fail != nil {
		writeChatbotError(w, wireError{code: fail.code, message: fail.message, status: fail.status})
		return
	}
	r.caller = caller
	out, err := o.serve(h, r)
	if err != nil {
		var we *wireError
		if errors.As(err, &we) {
			writeChatbotError(w, *we)
			return
		}
		e := gov.ErrorOf(err)
		wire := chatbotError(e)
		h.logFailure(r, name, e, wire.code)
		writeChatbotError(w, wire)
		return
	}
	if o.status == http.StatusNoContent {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if out == nil {
		out = struct{}{}
	}
	writeJSON(w, o.status, chatbotContentType, out)
}

// chatbotRoute finds the restJson1 operation of a path.
func chatbotRoute(path string) (string, chatbotOp, bool) {
	if strings.HasPrefix(path, chatgovapi.Prefix) {
		o, ok := chatgovOps[path]
		return strings.TrimPrefix(path, chatgovapi.Prefix), o, ok
	}
	o, ok := chatbotOps[path]
	return strings.TrimPrefix(path, "/"), o, ok
}

// chatbotMax checks a MaxResults member against AWS Chatbot's bounds: 0
// (absent) lets the service choose.
func chatbotMax(v *int) (int, error) {
	n, err := maxResults(v, chatgovapi.MaxResults)
	if err != nil {
		return 0, err
	}
	return n, nil
}

func chatTagsIn(ts []chatgovapi.Tag) map[string]string {
	if len(ts) == 0 {
		return nil
	}
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[t.TagKey] = t.TagValue
	}
	return m
}

// chatTagsOut lists tags by key.
func chatTagsOut(m map[string]string) []chatgovapi.Tag {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]chatgovapi.Tag, len(keys))
	for i, k := range keys {
		out[i] = chatgovapi.Tag{TagKey: k, TagValue: m[k]}
	}
	return out
}

// nonNil returns s, or an empty list for nil: lists are written as [],
// never null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
