package sqlcodec

import (
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chatgov/chatgov/internal/store"
)

// FuzzHandshakeColumns checks the handshake JSON columns: any text decodes
// or fails without a panic, and what decodes encodes and decodes again to
// the same parties and resources; any parties and resources round-trip.
func FuzzHandshakeColumns(f *testing.F) {
	f.Add(`[{"Type":"ORGANIZATION","Id":"o-1"}]`, `[{"Type":"ORGANIZATION","Value":"o-1","Resources":[{"Type":"NOTES","Value":"x"}]}]`, "EMAIL", "a@b.c", "NOTES", "\x00\"\\")
	f.Add(`[]`, `[]`, "", "", "", "")
	f.Add(`null`, `[{"Resources":null}]`, `","`, `"}]`, "\u2028", "\xff")
	f.Fuzz(func(t *testing.T, parties, resources, typ, id, rtype, value string) {
		if ps, rs, err := DecodeHandshake(parties, resources); err == nil {
			p2, r2, err := EncodeHandshake(store.Handshake{Parties: ps, Resources: rs})
			if err != nil {
				t.Fatalf("re-encoding: %v", err)
			}
			ps2, rs2, err := DecodeHandshake(p2, r2)
			if err != nil {
				t.Fatalf("decoding %q %q: %v", p2, r2, err)
			}
			if diff := cmp.Diff(ps, ps2); diff != "" {
				t.Errorf("parties changed (-first +second):\n%s", diff)
			}
			if diff := cmp.Diff(rs, rs2); diff != "" {
				t.Errorf("resources changed (-first +second):\n%s", diff)
			}
		}
		h := store.Handshake{Parties: []store.HandshakeParty{{Type: typ, ID: id}, {Type: id, ID: typ}},
			Resources: []store.HandshakeResource{{Type: rtype, Value: value, Resources: []store.HandshakeResource{{Type: value, Value: rtype}}}}}
		p, r, err := EncodeHandshake(h)
		if err != nil {
			t.Fatal(err)
		}
		ps, rs, err := DecodeHandshake(p, r)
		if err != nil {
			t.Fatalf("decoding %q %q: %v", p, r, err)
		}
		// encoding/json writes invalid UTF-8 as U+FFFD, the one change a
		// string undergoes; compare what survives it.
		want := store.Handshake{Parties: ps, Resources: rs}
		if validUTF8(typ, id, rtype, value) {
			if diff := cmp.Diff(h, want, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("round trip (-written +read):\n%s", diff)
			}
		}
	})
}

func validUTF8(ss ...string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}
