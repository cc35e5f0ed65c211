package console

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// The console's cookies are sealed with AES-256-GCM under gov's console
// session key (gov.Service.ConsoleSessionKey), so that any replica opens
// what another sealed, and nobody else can read or alter them. A sealed
// value is base64url of: a version byte, a random 12-byte nonce, then the
// ciphertext and its tag. The additional data names the cookie's purpose
// and version, so that a flash cookie never opens as a session.
const (
	sealVersion = 1
	// maxCookieLen bounds a value before it is decoded: browsers keep
	// cookies of at most 4096 bytes.
	maxCookieLen = 4096
	// maxFlashLen bounds a flash message in its cookie.
	maxFlashLen = 1024
	// flashTTL is how long a flash message waits for the next page.
	flashTTL = 5 * time.Minute
)

// Cookie purposes: the additional data of their seal.
const (
	purposeSession = "chatgov console session v1"
	purposeFlash   = "chatgov console flash v1"
)

// sealer seals and opens cookies under one key.
type sealer struct {
	key  []byte
	aead cipher.AEAD
}

// sealers keeps the sealer of the last key seen: gov's key changes at
// most once (see gov.Service.ConsoleSessionKey), so one entry suffices.
type sealers struct{ last atomic.Pointer[sealer] }

// get returns a sealer for key, which must be 32 bytes.
func (s *sealers) get(key []byte) (*sealer, error) {
	if l := s.last.Load(); l != nil && bytes.Equal(l.key, key) {
		return l, nil
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	l := &sealer{key: bytes.Clone(key), aead: aead}
	s.last.Store(l)
	return l, nil
}

func (s *sealer) seal(purpose string, plain []byte) string {
	out := make([]byte, 1+s.aead.NonceSize(), 1+s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	out[0] = sealVersion
	if _, err := rand.Read(out[1:]); err != nil {
		panic("console: no randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	out = s.aead.Seal(out, out[1:], plain, []byte(purpose))
	return base64.RawURLEncoding.EncodeToString(out)
}

// open returns what value seals for purpose; ok is false for anything
// else (altered, foreign, of another key or purpose, or not base64).
func (s *sealer) open(purpose, value string) (plain []byte, ok bool) {
	if len(value) > maxCookieLen {
		return nil, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(value)
	n := s.aead.NonceSize()
	if err != nil || len(raw) < 1+n+s.aead.Overhead() || raw[0] != sealVersion {
		return nil, false
	}
	plain, err = s.aead.Open(nil, raw[1:1+n], raw[1+n:], []byte(purpose))
	return plain, err == nil
}

// sessionState is what a session cookie holds: the session's ID and CSRF
// token, when it was issued and expires, and the access key and account
// it signed in with.
type sessionState struct {
	id              [16]byte
	csrf            [32]byte
	issued, expires time.Time
	accessKeyID     string
	account         string
}

// encode lays the state out: issued and expires (Unix microseconds, big
// endian), the ID, the CSRF token, the access key ID's length (a byte),
// the access key ID, then the account ID.
func (st *sessionState) encode() []byte {
	b := make([]byte, 16, 16+16+32+1+len(st.accessKeyID)+len(st.account))
	binary.BigEndian.PutUint64(b[0:8], uint64(st.issued.UnixMicro()))
	binary.BigEndian.PutUint64(b[8:16], uint64(st.expires.UnixMicro()))
	b = append(b, st.id[:]...)
	b = append(b, st.csrf[:]...)
	b = append(b, byte(len(st.accessKeyID)))
	b = append(b, st.accessKeyID...)
	return append(b, st.account...)
}

var errBadSession = errors.New("not a console session")

// decodeSession reads what encode wrote.
func decodeSession(b []byte) (sessionState, error) {
	var st sessionState
	const fixed = 16 + 16 + 32 + 1
	if len(b) < fixed {
		return st, errBadSession
	}
	st.issued = time.UnixMicro(int64(binary.BigEndian.Uint64(b[0:8])))
	st.expires = time.UnixMicro(int64(binary.BigEndian.Uint64(b[8:16])))
	copy(st.id[:], b[16:32])
	copy(st.csrf[:], b[32:64])
	n := int(b[64])
	rest := b[fixed:]
	if n == 0 || n > len(rest) || len(rest)-n == 0 || !utf8.Valid(rest) {
		return st, errBadSession
	}
	st.accessKeyID, st.account = string(rest[:n]), string(rest[n:])
	return st, nil
}

// flashState is what a flash cookie holds: a message for the next page
// of one session, and whether it reports a refused change.
type flashState struct {
	session [16]byte
	expires time.Time
	problem bool
	msg     string
}

// encode lays a flash out: its expiry (Unix microseconds), its session's
// ID, a byte that is 1 for a problem, then the message.
func (f *flashState) encode() []byte {
	b := make([]byte, 8, 8+16+1+len(f.msg))
	binary.BigEndian.PutUint64(b, uint64(f.expires.UnixMicro()))
	b = append(b, f.session[:]...)
	p := byte(0)
	if f.problem {
		p = 1
	}
	return append(append(b, p), f.msg...)
}

func decodeFlash(b []byte) (flashState, bool) {
	var f flashState
	if len(b) < 8+16+1 || b[24] > 1 || !utf8.Valid(b[25:]) {
		return f, false
	}
	f.expires = time.UnixMicro(int64(binary.BigEndian.Uint64(b[:8])))
	copy(f.session[:], b[8:24])
	f.problem = b[24] == 1
	f.msg = string(b[25:])
	return f, true
}

// truncateFlash cuts a message to maxFlashLen bytes at a character's end.
func truncateFlash(msg string) string {
	if len(msg) <= maxFlashLen {
		return msg
	}
	cut := maxFlashLen - len("…")
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + "…"
}
