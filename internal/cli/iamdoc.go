package cli

import (
	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/policy"
)

// validateIAMDocument checks an SCP or RCP document. Until the IAM engine
// is wired in, it checks the JSON and the size limit.
func validateIAMDocument(info policy.TypeInfo, content string) error {
	var probs []jsondoc.Problem
	if n := len([]rune(content)); n > info.MaxSize {
		probs = append(probs, jsondoc.Problem{Path: jsondoc.Root, Code: policy.CodeSizeLimit, Message: "the document is too long"})
	}
	if _, ps := jsondoc.Parse([]byte(content)); len(ps) > 0 {
		probs = append(probs, ps...)
	}
	if len(probs) > 0 {
		return &jsondoc.Error{Problems: probs}
	}
	return nil
}
