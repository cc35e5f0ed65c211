package awsapi

import (
	"sync"
	"sync/atomic"

	"github.com/chatgov/chatgov/internal/awsapi/orgswire"
	api "github.com/chatgov/chatgov/internal/chatgovapi"
)

// appendEffectivePolicy appends DescribeEffectivePolicy's answer as
// json.Marshal writes it. The policy's content, a JSON document of a few
// kilobytes full of quotes to escape, is escaped once per document and
// kept (escapedContents): answers repeat the same few documents, and
// escaping them was a quarter of serving one.
func appendEffectivePolicy(b []byte, r orgswire.DescribeEffectivePolicyResponse) []byte {
	e := &r.EffectivePolicy
	b = append(b, `{"EffectivePolicy":{"LastUpdatedTimestamp":`...)
	ts, _ := e.LastUpdatedTimestamp.MarshalJSON() // never fails
	b = append(b, ts...)
	b = append(b, `,"PolicyContent":`...)
	b = append(b, escapedContent(e.PolicyContent)...)
	b = append(b, `,"PolicyType":`...)
	b = api.AppendJSONString(b, e.PolicyType)
	b = append(b, `,"TargetId":`...)
	b = api.AppendJSONString(b, e.TargetID)
	return append(b, "}}"...)
}

// escapedContents holds policy contents as JSON strings, by content;
// escapedBytes counts what it holds since it was last cleared, up to
// maxEscapedBytes.
var (
	escapedContents sync.Map // string -> []byte
	escapedBytes    atomic.Int64
)

const maxEscapedBytes = 16 << 20

// escapedContent returns content as a JSON string, from escapedContents or
// escaped and kept there.
func escapedContent(content string) []byte {
	if v, ok := escapedContents.Load(content); ok {
		return v.([]byte)
	}
	q := api.AppendJSONString(make([]byte, 0, len(content)+len(content)/4+2), content)
	if escapedBytes.Add(int64(len(content)+len(q))) > maxEscapedBytes {
		// The documents of models long replaced, or very many: start over.
		escapedContents.Clear()
		escapedBytes.Store(int64(len(content) + len(q)))
	}
	escapedContents.Store(content, q)
	return q
}
