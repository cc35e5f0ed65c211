package awsapi

import (
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/chatgov/chatgov/internal/cfn/stack"
)

// cfnPageSize is how many items a page of CloudFormation's
// DescribeStacks, ListStacks, DescribeStackEvents, ListStackResources and
// ListChangeSets holds. The API takes no MaxResults for them.
const cfnPageSize = 100

// cfnPage returns the page of items that the request's NextToken starts,
// and the token of the page after it ("" on the last page). A token names
// the list it came from (scope: the action and the stack asked for) and
// the last item it returned, so an item added or removed between pages
// neither repeats nor skips another. A token of another list, or one
// whose item is gone, is a ValidationError.
func cfnPage[T any](form url.Values, scope string, items []T, key func(T) string) ([]T, string, error) {
	start := 0
	if tok := form.Get("NextToken"); tok != "" {
		after, ok := cfnTokenKey(tok, scope)
		i := -1
		if ok {
			for j, it := range items {
				if key(it) == after {
					i = j
					break
				}
			}
		}
		if i < 0 {
			return nil, "", &stack.Error{Code: stack.CodeValidation,
				Message: "NextToken is not a token of this list: pass the NextToken of the previous page of the same request"}
		}
		start = i + 1
	}
	end := min(start+cfnPageSize, len(items))
	page := items[start:end]
	if end == len(items) {
		return page, "", nil
	}
	return page, base64.RawURLEncoding.EncodeToString([]byte(scope + "\n" + key(items[end-1]))), nil
}

// cfnTokenKey reads a token that cfnPage made for scope: the key of the
// last item of the page before.
func cfnTokenKey(tok, scope string) (string, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return "", false
	}
	s, key, found := strings.Cut(string(raw), "\n")
	return key, found && s == scope
}
