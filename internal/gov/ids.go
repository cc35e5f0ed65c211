package gov

import (
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"strings"
)

const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	keyChars   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	digits     = "0123456789"
)

// randomString returns n characters drawn from alphabet.
func (s *Service) randomString(alphabet string, n int) (string, error) {
	buf := make([]byte, n)
	if _, err := io.ReadFull(s.rand, buf); err != nil {
		return "", internal(err, "no randomness")
	}
	for i, b := range buf {
		buf[i] = alphabet[int(b)%len(alphabet)]
	}
	return string(buf), nil
}

// newID returns prefix + n random characters, retrying while taken says
// the ID is in use.
func (s *Service) newID(prefix, alphabet string, n int, taken func(string) bool) (string, error) {
	for {
		r, err := s.randomString(alphabet, n)
		if err != nil {
			return "", err
		}
		if id := prefix + r; !taken(id) {
			return id, nil
		}
	}
}

// newAccountID returns an unused 12-digit account ID that does not start with 0.
func (s *Service) newAccountID(m model) (string, error) {
	return s.newID("", digits, 12, func(id string) bool {
		if id[0] == '0' {
			return true
		}
		_, used := m.Accounts.Get(id)
		_, standalone := m.Standalone.Get(id)
		return used || standalone || m.Org != nil && id == m.Org.ManagementAccountID
	})
}

// newSecret returns n random bytes, base64-encoded without padding.
func (s *Service) newSecret(n int) (string, error) {
	buf := make([]byte, n)
	if _, err := io.ReadFull(s.rand, buf); err != nil {
		return "", internal(err, "no randomness")
	}
	return base64.RawStdEncoding.EncodeToString(buf), nil
}

// Pagination. A token is the offset of the next item, marked so that a
// token from elsewhere is recognized as invalid.
const tokenPrefix = "cg1."

// paginate returns the page of items that token starts (the first without
// one), of at most max items (all when max is not positive). It returns
// Invalid (INVALID_NEXT_TOKEN) for a token that is not one of this list's.
func paginate[T any](items []T, token string, max int) (Page[T], error) {
	start := 0
	if token != "" {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		n, convErr := strconv.Atoi(strings.TrimPrefix(string(raw), tokenPrefix))
		if err != nil || convErr != nil || !strings.HasPrefix(string(raw), tokenPrefix) || n <= 0 || n > len(items) {
			return Page[T]{}, invalid(ReasonInvalidNextToken, "the NextToken is not valid for this request")
		}
		start = n
	}
	if max <= 0 {
		max = len(items)
	}
	end := start + max
	if end > len(items) {
		end = len(items)
	}
	p := Page[T]{Items: append([]T(nil), items[start:end]...)}
	if end < len(items) {
		p.NextToken = base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%s%d", tokenPrefix, end)))
	}
	return p, nil
}
