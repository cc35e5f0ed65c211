package gov

import (
	"bytes"
	"testing"
	"time"
)

// FuzzParseSessionToken checks the session token decoder: it never panics,
// accepts only what newSessionToken made with the same key and access key,
// and then gives back the expiry it was made with.
func FuzzParseSessionToken(f *testing.F) {
	// Deterministic, so that every fuzzing process makes the same token.
	s := &Service{rand: bytes.NewReader(bytes.Repeat([]byte{1}, 48))}
	key := bytes.Repeat([]byte{7}, 32)
	expires := time.Date(2026, 9, 1, 12, 0, 0, 123000, time.UTC)
	valid, err := s.newSessionToken(key, "ASIAEXAMPLEKEY000001", expires)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid, "ASIAEXAMPLEKEY000001")
	f.Add(valid, "ASIAEXAMPLEKEY000002")
	f.Add("", "")
	f.Add(valid[:len(valid)-1]+"A", "ASIAEXAMPLEKEY000001")
	f.Fuzz(func(t *testing.T, token, accessKeyID string) {
		got, ok := parseSessionToken(key, accessKeyID, token)
		if !ok {
			if token == valid && accessKeyID == "ASIAEXAMPLEKEY000001" {
				t.Fatal("the token made for this key is refused")
			}
			return
		}
		if token != valid || accessKeyID != "ASIAEXAMPLEKEY000001" {
			t.Fatalf("accepted %q for %q, which newSessionToken did not make", token, accessKeyID)
		}
		if !got.Equal(expires) {
			t.Fatalf("expiry %v, want %v", got, expires)
		}
		if _, ok := parseSessionToken(bytes.Repeat([]byte{8}, 32), accessKeyID, token); ok {
			t.Fatal("accepted under another key")
		}
	})
}
