package awsapi

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/chatgov/chatgov/internal/awsapi/orgswire"
	"github.com/chatgov/chatgov/internal/gov"
)

// The wire protocols chatgov speaks, all on one port:
//   - awsJson1_1 (AWS Organizations): POST /, X-Amz-Target names the
//     operation, JSON in and out, errors as {"__type", "Message"};
//   - awsQuery (STS): POST / with a form body naming Action, XML out;
//   - restJson1 (AWS Chatbot, and chatgov's own operations under
//     /chatgov/): one path per operation.

// decodeJSON reads a JSON request body into v. An empty body is an empty
// object; unknown members are ignored, as AWS ignores them; a body that is
// not JSON, or a member of the wrong type, is a SerializationException.
func decodeJSON(body []byte, v any) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		msg := "the request body is not valid JSON: " + err.Error()
		if te, ok := err.(*json.UnmarshalTypeError); ok {
			msg = fmt.Sprintf("member %s must be a %s, not a JSON %s", te.Field, jsonKind(te.Type.Kind().String()), te.Value)
		}
		return &wireError{code: "SerializationException", message: msg, status: http.StatusBadRequest}
	}
	return nil
}

// decodeStrict is decodeJSON for chatgov's own operations, which also
// refuse members they do not know: a misspelt filter must not silently
// mean no filter. (encoding/json matches member names without regard to
// case, so AccountID is AccountId.)
func decodeStrict(body []byte, v any) error {
	// One strict pass decides most bodies; only one it refuses is decoded
	// again the two ways below, for the error those give.
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err == nil && dec.InputOffset() == int64(len(trimmed)) {
			return nil
		}
		reflect.ValueOf(v).Elem().SetZero()
	}
	if err := decodeJSON(body, v); err != nil {
		return err
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeStrictError(err, v)
	}
	return nil
}

// decodeStrictError is the SerializationException of a strict decode's
// error: an unknown member is named with the members the operation takes.
func decodeStrictError(err error, v any) error {
	name, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return &wireError{code: "SerializationException", message: "the request body is not valid JSON: " + err.Error(), status: http.StatusBadRequest}
	}
	return &wireError{code: "SerializationException", status: http.StatusBadRequest,
		message: fmt.Sprintf("unknown member %s; the operation takes %s", name, strings.Join(memberNames(reflect.TypeOf(v)), ", "))}
}

// memberNames lists the JSON members of a request structure.
func memberNames(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	if t.Kind() != reflect.Struct {
		return out
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			out = append(out, memberNames(f.Type)...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag != "" {
			name = tag
		}
		out = append(out, name)
	}
	return out
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice":
		return "list"
	case "struct", "map":
		return "structure"
	}
	return "number"
}

// writeJSON writes a successful JSON answer.
func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	buf := jsonBuffers.Get().(*bytes.Buffer)
	defer putJSONBuffer(buf)
	buf.Reset()
	var b []byte
	if a, ok := v.(jsonAppender); ok {
		b = a.AppendJSON(buf.AvailableBuffer())
		buf.Write(b) // so that the buffer keeps what it grew to, for the next answer
	} else if r, ok := v.(orgswire.DescribeEffectivePolicyResponse); ok {
		b = appendEffectivePolicy(buf.AvailableBuffer(), r)
		buf.Write(b)
	} else if err := json.NewEncoder(buf).Encode(v); err != nil {
		// (An Encoder writes what json.Marshal returns, and a newline.)
		b, status = []byte(`{"__type":"ServiceException","Message":"could not encode the answer"}`), http.StatusInternalServerError
	} else {
		b = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	}
	h := w.Header()
	h["Content-Type"] = []string{contentType}
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	w.WriteHeader(status)
	w.Write(b)
}

// jsonAppender is an answer that writes its own JSON, the bytes
// json.Marshal would write (chatgovapi.SimulateChatCommandOutput).
type jsonAppender interface{ AppendJSON(b []byte) []byte }

// jsonBuffers hold answers being encoded: an answer is copied into the
// connection's buffer by Write, and its buffer used again.
var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putJSONBuffer returns buf to jsonBuffers unless it grew large (a long
// listing), so that the pool does not hold on to big buffers.
func putJSONBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= 64<<10 {
		jsonBuffers.Put(buf)
	}
}

// writeJSONError writes an error of the awsJson protocols.
func writeJSONError(w http.ResponseWriter, contentType string, e wireError) {
	w.Header().Set("X-Amzn-ErrorType", e.code)
	writeJSON(w, e.status, contentType, orgswire.ErrorResponse{Type: e.code, Message: e.message, Reason: e.reason})
}

// writeXML writes an awsQuery answer.
func writeXML(w http.ResponseWriter, status int, v any) {
	b, err := xml.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte("<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code></Error></ErrorResponse>")
	}
	b = append([]byte(xml.Header), b...)
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// writeQueryError writes an awsQuery error.
func writeQueryError(w http.ResponseWriter, xmlns, requestID string, e wireError) {
	kind := "Sender"
	if e.status >= 500 {
		kind = "Receiver"
	}
	type errorXML struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	body := struct {
		XMLName   xml.Name `xml:"ErrorResponse"`
		Xmlns     string   `xml:"xmlns,attr"`
		Error     errorXML `xml:"Error"`
		RequestID string   `xml:"RequestId"`
	}{Xmlns: xmlns, Error: errorXML{kind, e.code, e.message}, RequestID: requestID}
	writeXML(w, e.status, body)
}

// maxResults checks a MaxResults member against the protocol's bounds.
func maxResults(v *int, max int) (int, *gov.Error) {
	if v == nil {
		return 0, nil
	}
	if *v < 1 {
		return 0, &gov.Error{Kind: gov.Invalid, Reason: gov.ReasonMinValue, Message: fmt.Sprintf("MaxResults must be at least 1, not %d", *v)}
	}
	if *v > max {
		return 0, &gov.Error{Kind: gov.Invalid, Reason: gov.ReasonMaxValue, Message: fmt.Sprintf("MaxResults must be at most %d, not %d", max, *v)}
	}
	return *v, nil
}
