package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/chatgov/chatgov/internal/store"
)

var (
	handshakesTable         = newTable("handshakes", 1, text("id"), text("action"), text("state"), text("parties"), text("resources"), text("parent_id"), text("tags"), micro("requested_at"), micro("expires_at"), micro("updated_at"))
	standaloneAccountsTable = newTable("standalone_accounts", 1, text("id"), text("name"), text("email"), text("status"), text("role_name"), micro("created_at"), micro("closed_at"))
)

func (t *tx) PutHandshake(ctx context.Context, h store.Handshake) (err error) {
	defer wrap(&err, "postgres.PutHandshake(%q)", h.ID)
	// Encoded now, so that the caller may change the lists once Put returns.
	parties, resources, err := encodeHandshake(h)
	if err != nil {
		return err
	}
	return t.put(ctx, handshakesTable, h.ID, h.Action, h.State, parties, resources, h.ParentID, encodeTags(h.Tags),
		micros(h.RequestedAt), micros(h.ExpiresAt), micros(h.UpdatedAt))
}

func (t *tx) DeleteHandshake(ctx context.Context, id string) (err error) {
	defer wrap(&err, "postgres.DeleteHandshake(%q)", id)
	return t.remove(ctx, `DELETE FROM handshakes WHERE id = $1`, id)
}

func (t *tx) PutStandaloneAccount(ctx context.Context, a store.StandaloneAccount) (err error) {
	defer wrap(&err, "postgres.PutStandaloneAccount(%q)", a.ID)
	return t.put(ctx, standaloneAccountsTable, a.ID, a.Name, a.Email, a.Status, a.RoleName, micros(a.CreatedAt), micros(a.ClosedAt))
}

func (t *tx) DeleteStandaloneAccount(ctx context.Context, id string) (err error) {
	defer wrap(&err, "postgres.DeleteStandaloneAccount(%q)", id)
	return t.remove(ctx, `DELETE FROM standalone_accounts WHERE id = $1`, id)
}

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

func encodeHandshake(h store.Handshake) (parties, resources string, err error) {
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

// decodeHandshake decodes a handshake's parties and resources columns;
// lists load empty rather than nil, at every level.
func decodeHandshake(parties, resources string) ([]store.HandshakeParty, []store.HandshakeResource, error) {
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

// loadHandshakes reads every handshake. Its JSON columns need decoding,
// which can fail, so it is not one of Load's plain queries.
func loadHandshakes(ctx context.Context, pgTx pgx.Tx) ([]store.Handshake, error) {
	rows, err := pgTx.Query(ctx, `SELECT id, action, state, parties, resources, parent_id, tags, requested_at, expires_at, updated_at FROM handshakes`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.Handshake{}
	for rows.Next() {
		var (
			h                        store.Handshake
			parties, resources, tags string
			t0, t1, t2               pgtype.Int8
		)
		if err := rows.Scan(&h.ID, &h.Action, &h.State, &parties, &resources, &h.ParentID, &tags, &t0, &t1, &t2); err != nil {
			return nil, err
		}
		if h.Parties, h.Resources, err = decodeHandshake(parties, resources); err != nil {
			return nil, fmt.Errorf("handshake %q: %w", h.ID, err)
		}
		if h.Tags, err = decodeTags(tags); err != nil {
			return nil, fmt.Errorf("handshake %q: tags: %w", h.ID, err)
		}
		h.RequestedAt, h.ExpiresAt, h.UpdatedAt = fromMicros(t0), fromMicros(t1), fromMicros(t2)
		out = append(out, h)
	}
	return out, rows.Err()
}
