package awsapi

import (
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/store"
)

const (
	chatbotContentType = "application/json"
	// chatbotMaxResults bounds MaxResults in AWS Chatbot.
	chatbotMaxResults = 100
)

// chatbotOp serves one restJson1 operation (AWS Chatbot's, and chatgov's
// own under /chatgov/). status is the HTTP status of success.
type chatbotOp struct {
	status int
	serve  func(h *Handler, r *request) (any, error)
}

func rest[In any](status int, fn func(h *Handler, r *request, in *In) (any, error)) chatbotOp {
	return chatbotOp{status: status, serve: func(h *Handler, r *request) (any, error) {
		in := new(In)
		if err := decodeJSON(r.body, in); err != nil {
			return nil, err
		}
		return fn(h, r, in)
	}}
}

// own is rest for chatgov's own operations, which refuse unknown members.
func own[In any](status int, fn func(h *Handler, r *request, in *In) (any, error)) chatbotOp {
	return chatbotOp{status: status, serve: func(h *Handler, r *request) (any, error) {
		in := new(In)
		if err := decodeStrict(r.body, in); err != nil {
			return nil, err
		}
		return fn(h, r, in)
	}}
}

// chatbotError maps a domain error to AWS Chatbot's errors.
func chatbotError(e *gov.Error) wireError {
	w := wireError{message: e.Message, status: http.StatusBadRequest}
	switch e.Kind {
	case gov.Invalid, gov.Malformed:
		w.code = "InvalidParameterException"
	case gov.Denied:
		w.code = "InvalidRequestException"
	case gov.AlreadyExists:
		w.code, w.status = "ConflictException", http.StatusConflict
		if e.Resource == gov.ResSlackChannel {
			w.code, w.status = "InvalidRequestException", http.StatusBadRequest
		}
	case gov.NotFound:
		if e.Resource == gov.ResOrganization {
			w.code = "AWSOrganizationsNotInUseException"
		} else {
			w.code, w.status = "ResourceNotFoundException", http.StatusNotFound
		}
	case gov.Constraint:
		if e.Reason == "TOO_MANY_TAGS" {
			w.code = "TooManyTagsException"
		} else {
			w.code, w.status = "LimitExceededException", http.StatusForbidden
		}
	case gov.AccessDenied:
		w.code, w.status = "AccessDeniedException", http.StatusForbidden
	case gov.NotEnabled:
		w.code = "InvalidRequestException"
	default:
		w.code, w.status, w.message = "InternalServiceError", http.StatusInternalServerError, "AWS Chatbot could not complete the request because of an internal error"
	}
	return w
}

// writeChatbotError writes a restJson1 error: X-Amzn-ErrorType and a body
// with the message.
func writeChatbotError(w http.ResponseWriter, e wireError) {
	w.Header().Set("X-Amzn-ErrorType", e.code)
	writeJSON(w, e.status, chatbotContentType, map[string]string{"message": e.message})
}

// serveChatbot serves AWS Chatbot's and chatgov's restJson1 operations.
func (h *Handler) serveChatbot(w http.ResponseWriter, r *request, name string, o chatbotOp) {
	if r.Method != http.MethodPost {
		writeChatbotError(w, wireError{code: "InvalidRequestException", message: name + " takes POST", status: http.StatusMethodNotAllowed})
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
	if strings.HasPrefix(path, "/chatgov/") {
		o, ok := chatgovOps[path]
		if !ok {
			o, ok = standaloneOps[path]
		}
		return strings.TrimPrefix(path, "/chatgov/"), o, ok
	}
	o, ok := chatbotOps[path]
	return strings.TrimPrefix(path, "/"), o, ok
}

func (p paging) chatbotMax() (int, error) {
	n, err := maxResults(p.MaxResults, chatbotMaxResults)
	if err != nil {
		return 0, &wireError{code: "InvalidParameterException", message: err.Message, status: http.StatusBadRequest}
	}
	return n, nil
}

// chatTagJSON is a Chatbot tag.
type chatTagJSON struct {
	TagKey   string `json:"TagKey"`
	TagValue string `json:"TagValue"`
}

func chatTagsIn(ts []chatTagJSON) map[string]string {
	if len(ts) == 0 {
		return nil
	}
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[t.TagKey] = t.TagValue
	}
	return m
}

func chatTagsOut(m map[string]string) []chatTagJSON {
	out := []chatTagJSON{}
	for _, t := range sortedTags(m) {
		out = append(out, chatTagJSON{t.Key, t.Value})
	}
	return out
}

func sortedTags(m map[string]string) []gov.Tag {
	out := make([]gov.Tag, 0, len(m))
	for k, v := range m {
		out = append(out, gov.Tag{Key: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// configJSON renders a configuration in its platform's shape.
func configJSON(c gov.ChatConfiguration) map[string]any {
	level := c.LoggingLevel
	if level == "" {
		level = "NONE"
	}
	out := map[string]any{"ChatConfigurationArn": c.ARN, "IamRoleArn": c.IamRoleARN, "SnsTopicArns": nonNil(c.SnsTopicARNs),
		"ConfigurationName": c.Name, "LoggingLevel": level, "Tags": chatTagsOut(c.Tags), "State": c.State}
	if c.StateReason != "" {
		out["StateReason"] = c.StateReason
	}
	switch c.Platform {
	case store.PlatformSlack:
		out["SlackTeamId"], out["SlackTeamName"] = c.SlackTeamID, c.SlackTeamName
		out["SlackChannelId"], out["SlackChannelName"] = c.SlackChannelID, c.SlackChannelName
	case store.PlatformTeams:
		out["ChannelId"], out["TeamId"], out["TenantId"] = c.ChannelID, c.TeamID, c.TenantID
		if c.ChannelName != "" {
			out["ChannelName"] = c.ChannelName
		}
		if c.TeamName != "" {
			out["TeamName"] = c.TeamName
		}
	case store.PlatformChime:
		out["WebhookDescription"] = c.WebhookDescription
	}
	if c.Platform != store.PlatformChime {
		out["GuardrailPolicyArns"] = nonNil(c.GuardrailPolicyARNs)
		out["UserAuthorizationRequired"] = c.UserAuthorizationRequired
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func configPage(key string, p gov.Page[gov.ChatConfiguration]) map[string]any {
	return page(key, p, configJSON)
}
