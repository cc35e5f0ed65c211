package awsapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// sigv4 is a parsed Authorization header of AWS Signature Version 4.
type sigv4 struct {
	accessKeyID   string
	date          string // yyyymmdd of the scope
	region        string
	service       string
	signedHeaders []string
	signature     string
}

const sigv4Algorithm = "AWS4-HMAC-SHA256"

// authFailure is why a request failed authentication. code names the
// failure in the JSON protocols' terms; the query protocol has its own.
type authFailure struct {
	code    string // InvalidSignatureException, UnrecognizedClientException, ...
	message string
	status  int
}

func (f *authFailure) Error() string { return f.code + ": " + f.message }

// The authentication failures, as AWS names them in its JSON protocols.
const (
	codeMissingAuth  = "MissingAuthenticationTokenException"
	codeIncomplete   = "IncompleteSignatureException"
	codeBadSignature = "InvalidSignatureException"
	codeUnknownKey   = "UnrecognizedClientException"
	codeExpiredToken = "ExpiredTokenException"
)

func authFail(code, format string, args ...any) *authFailure {
	return &authFailure{code: code, message: fmt.Sprintf(format, args...), status: http.StatusForbidden}
}

// parseAuthorization parses the header form of SigV4.
func parseAuthorization(h string) (*sigv4, error) {
	if h == "" {
		return nil, authFail(codeMissingAuth, "Missing Authentication Token: the request is not signed")
	}
	alg, rest, ok := strings.Cut(h, " ")
	if !ok || alg != sigv4Algorithm {
		return nil, authFail(codeIncomplete, "Authorization header must use %s", sigv4Algorithm)
	}
	s := &sigv4{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch k {
		case "Credential":
			f := strings.Split(v, "/")
			if len(f) != 5 || f[4] != "aws4_request" {
				return nil, authFail(codeIncomplete, "Credential must be ACCESS_KEY/DATE/REGION/SERVICE/aws4_request")
			}
			s.accessKeyID, s.date, s.region, s.service = f[0], f[1], f[2], f[3]
		case "SignedHeaders":
			s.signedHeaders = strings.Split(v, ";")
		case "Signature":
			s.signature = v
		}
	}
	if s.accessKeyID == "" || len(s.signedHeaders) == 0 || s.signature == "" {
		return nil, authFail(codeIncomplete, "Authorization header requires Credential, SignedHeaders and Signature")
	}
	return s, nil
}

// msgUnsignedHeaders is AWS's sentence for a request that carries x-amz-*
// headers its signature does not cover (S3 answers it with the headers'
// names apart; chatgov names them after it).
const msgUnsignedHeaders = "There were headers present in the request which were not signed"

// checkSignedAmzHeaders refuses a request that carries an x-amz-* header
// its signature does not list. The signature would not cover the header,
// so anyone holding a captured request could add or change it: an
// unsigned X-Amz-Target would run another operation with the same body,
// an unsigned X-Amz-Date would move the request back into the time
// window. AWS asks every x-amz-* header a request carries to be signed
// (X-Amz-Security-Token and X-Amz-Date included), and the SDKs and the
// CLI sign every header but User-Agent, Expect, Transfer-Encoding and
// X-Amzn-Trace-Id, so no exemption is needed: AWS exempts only query
// parameters of presigned URLs, which chatgov does not accept.
func checkSignedAmzHeaders(r *http.Request, sig *sigv4) error {
	var unsigned []string
	for name := range r.Header {
		if len(name) < len("x-amz-") || !strings.EqualFold(name[:len("x-amz-")], "x-amz-") {
			continue // lowered, it would not start with x-amz-
		}
		if lower := strings.ToLower(name); !slices.Contains(sig.signedHeaders, lower) {
			unsigned = append(unsigned, lower)
		}
	}
	if len(unsigned) == 0 {
		return nil
	}
	sort.Strings(unsigned)
	return authFail(codeBadSignature, "%s: %s (SignedHeaders must list every x-amz-* header the request carries)",
		msgUnsignedHeaders, strings.Join(unsigned, ", "))
}

// requestTime reads X-Amz-Date and checks it is within the allowed skew.
func requestTime(r *http.Request, sig *sigv4, now time.Time, skew time.Duration) (string, error) {
	amzDate := r.Header.Get("X-Amz-Date")
	if amzDate == "" {
		return "", authFail(codeIncomplete, "the X-Amz-Date header is required")
	}
	t, err := time.Parse("20060102T150405Z", amzDate)
	if err != nil {
		return "", authFail(codeIncomplete, "X-Amz-Date %q is not in the form 20060102T150405Z", amzDate)
	}
	if !strings.HasPrefix(amzDate, sig.date) {
		return "", authFail(codeBadSignature, "the credential scope date %s does not match X-Amz-Date %s", sig.date, amzDate)
	}
	if d := now.Sub(t); d > skew || d < -skew {
		return "", authFail(codeBadSignature, "Signature expired: %s is outside %s of the server's time %s",
			amzDate, skew, now.UTC().Format("20060102T150405Z"))
	}
	return amzDate, nil
}

// verifySignature recomputes the signature of r (whose body is body) with
// the secret and compares it with the one the client sent.
func verifySignature(r *http.Request, body []byte, sig *sigv4, amzDate, secret string) error {
	if !slices.Contains(sig.signedHeaders, "host") {
		return authFail(codeBadSignature, "the host header must be signed")
	}
	sum := sha256.Sum256(body)
	payload := hex.EncodeToString(sum[:])
	// A client may state the body's hash in X-Amz-Content-Sha256; the
	// signature covers that statement, so it must be true, or a captured
	// request could carry another body.
	if claimed := r.Header.Get("X-Amz-Content-Sha256"); claimed != "" && claimed != payload {
		return authFail(codeBadSignature, "X-Amz-Content-Sha256 does not match the request body (unsigned payloads are not accepted)")
	}
	canonical := canonicalRequest(r, payload, sig.signedHeaders)
	scope := sig.date + "/" + sig.region + "/" + sig.service + "/aws4_request"
	sum = sha256.Sum256([]byte(canonical))
	toSign := sigv4Algorithm + "\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
	want := hex.EncodeToString(hmacSHA256(signingKey(secret, sig), toSign))
	if subtle.ConstantTimeCompare([]byte(want), []byte(sig.signature)) != 1 {
		return authFail(codeBadSignature, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.")
	}
	return nil
}

// signingKey derives SigV4's signing key of secret for the scope of sig,
// or takes it from signingKeys: the key changes once a day per scope, and
// its four HMACs were a tenth of a request's authentication.
func signingKey(secret string, sig *sigv4) []byte {
	id := sig.accessKeyID + "/" + sig.date + "/" + sig.region + "/" + sig.service
	if v, ok := signingKeys.Load(id); ok {
		k := v.(*derivedKey)
		if subtle.ConstantTimeCompare([]byte(k.secret), []byte(secret)) == 1 {
			return k.key
		}
	}
	key := hmacSHA256([]byte("AWS4"+secret), sig.date)
	key = hmacSHA256(key, sig.region)
	key = hmacSHA256(key, sig.service)
	key = hmacSHA256(key, "aws4_request")
	if signingKeyCount.Add(1) > maxSigningKeys {
		// Many keys or scopes: start over rather than grow without bound.
		signingKeys.Clear()
		signingKeyCount.Store(1)
	}
	signingKeys.Store(id, &derivedKey{secret: secret, key: key})
	return key
}

// derivedKey is a signing key with the secret it was derived from: a key
// whose secret changed is derived again.
type derivedKey struct {
	secret string
	key    []byte
}

// signingKeys holds derived signing keys by access key ID and scope
// (*derivedKey); signingKeyCount counts what was stored since it was last
// cleared.
var (
	signingKeys     sync.Map
	signingKeyCount atomic.Int64
)

const maxSigningKeys = 4096

func hmacSHA256(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

// canonicalRequest builds SigV4's canonical request; payload is the hex
// SHA-256 of the body.
func canonicalRequest(r *http.Request, payload string, signedHeaders []string) string {
	var b strings.Builder
	b.Grow(256 + len(r.URL.Path) + len(r.URL.RawQuery) + len(payload))
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(canonicalURI(r.URL))
	b.WriteByte('\n')
	if r.URL.RawQuery != "" {
		b.WriteString(canonicalQuery(r.URL.Query()))
	}
	b.WriteByte('\n')
	for _, h := range signedHeaders {
		b.WriteString(h)
		b.WriteByte(':')
		b.WriteString(headerValue(r, h))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(payload)
	return b.String()
}

// headerValue returns a signed header's canonical value: values joined by
// commas, each trimmed, with runs of spaces folded.
func headerValue(r *http.Request, name string) string {
	var vals []string
	switch name {
	case "host":
		vals = []string{r.Host}
	case "content-length":
		vals = r.Header.Values("Content-Length")
		if len(vals) == 0 && r.ContentLength >= 0 {
			vals = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	default:
		vals = r.Header[canonicalKey(name)]
	}
	if len(vals) == 1 && folded(vals[0]) {
		return vals[0]
	}
	for i, v := range vals {
		vals[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(vals, ",")
}

// canonicalKeys are the canonical forms of the signed headers SDKs send,
// which textproto.CanonicalMIMEHeaderKey would allocate for each request.
var canonicalKeys = map[string]string{
	"content-type": "Content-Type", "x-amz-date": "X-Amz-Date", "x-amz-target": "X-Amz-Target",
	"x-amz-security-token": "X-Amz-Security-Token", "x-amz-content-sha256": "X-Amz-Content-Sha256",
	"amz-sdk-invocation-id": "Amz-Sdk-Invocation-Id", "amz-sdk-request": "Amz-Sdk-Request", "x-amz-user-agent": "X-Amz-User-Agent",
}

// canonicalKey is the key under which net/http keeps the header name
// (as http.Header.Values looks it up).
func canonicalKey(name string) string {
	if k, ok := canonicalKeys[name]; ok {
		return k
	}
	return textproto.CanonicalMIMEHeaderKey(name)
}

// folded reports whether v is its own canonical value: printable ASCII
// with single spaces between words, as strings.Fields and a join would
// leave it.
func folded(v string) bool {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == ' ':
			if i == 0 || i == len(v)-1 || v[i+1] == ' ' {
				return false
			}
		case c < 0x21 || c > 0x7e:
			return false
		}
	}
	return true
}

// canonicalURI encodes each path segment as SigV4 requires of services
// other than S3: the path as sent, URI-encoded once more.
func canonicalURI(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		return "/"
	}
	if unreservedPath(p) {
		return p // each segment encodes to itself
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = uriEncode(s)
	}
	return strings.Join(segs, "/")
}

// unreservedPath reports whether p is made of SigV4's unreserved
// characters and slashes only.
func unreservedPath(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
			return false
		}
	}
	return true
}

func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, uriEncode(k)+"="+uriEncode(v))
		}
	}
	return strings.Join(parts, "&")
}

// uriEncode percent-encodes everything but SigV4's unreserved characters.
func uriEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}
