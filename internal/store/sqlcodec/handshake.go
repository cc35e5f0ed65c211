package sqlcodec

import (
	"encoding/json"
	"fmt"

	"github.com/chatgov/chatgov/internal/store"
)

// partyJSON and resourceJSON are a handshake's JSON columns. A handful of
// handshakes are read at start-up, so encoding/json does (unlike the
// configuration columns, see jsoncol.go).
type partyJSON struct {
	Type string `json:"Type"`
	ID   string `json:"Id"`
}

type resourceJSON struct {
	Type      string         `json:"Type"`
	Value     string         `json:"Value"`
	Resources []resourceJSON `json:"Resources,omitempty"`
}

// EncodeHandshake returns h's parties and resources columns as JSON.
func EncodeHandshake(h store.Handshake) (parties, resources string, err error) {
	ps := make([]partyJSON, len(h.Parties))
	for i, p := range h.Parties {
		ps[i] = partyJSON(p)
	}
	b, err := json.Marshal(ps)
	if err != nil {
		return "", "", err
	}
	r, err := json.Marshal(resourcesJSON(h.Resources))
	if err != nil {
		return "", "", err
	}
	return string(b), string(r), nil
}

// DecodeHandshake decodes a handshake's parties and resources columns;
// lists load empty rather than nil, at every level.
func DecodeHandshake(parties, resources string) ([]store.HandshakeParty, []store.HandshakeResource, error) {
	var ps []partyJSON
	if err := json.Unmarshal([]byte(parties), &ps); err != nil {
		return nil, nil, fmt.Errorf("parties: %w", err)
	}
	out := make([]store.HandshakeParty, len(ps))
	for i, p := range ps {
		out[i] = store.HandshakeParty(p)
	}
	var rs []resourceJSON
	if err := json.Unmarshal([]byte(resources), &rs); err != nil {
		return nil, nil, fmt.Errorf("resources: %w", err)
	}
	return out, resourcesOf(rs), nil
}

func resourcesJSON(rs []store.HandshakeResource) []resourceJSON {
	out := make([]resourceJSON, len(rs))
	for i, r := range rs {
		out[i] = resourceJSON{Type: r.Type, Value: r.Value}
		if len(r.Resources) > 0 {
			out[i].Resources = resourcesJSON(r.Resources)
		}
	}
	return out
}

// resourcesOf returns the stored resources, nested lists empty rather
// than nil.
func resourcesOf(rs []resourceJSON) []store.HandshakeResource {
	out := make([]store.HandshakeResource, len(rs))
	for i, r := range rs {
		out[i] = store.HandshakeResource{Type: r.Type, Value: r.Value, Resources: resourcesOf(r.Resources)}
	}
	return out
}
