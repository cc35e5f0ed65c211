package store

import (
	"context"
	"time"
)

// MembershipWriter writes what changes who is in the organization:
// handshakes (invitations, and the steps of enabling all features) and the
// accounts chatgov knows outside the organization.
type MembershipWriter interface {
	// PutHandshake inserts or replaces a handshake.
	PutHandshake(ctx context.Context, h Handshake) error
	// DeleteHandshake removes one; ErrNotFound when absent.
	DeleteHandshake(ctx context.Context, id string) error
	// PutStandaloneAccount inserts or replaces an account outside the
	// organization.
	PutStandaloneAccount(ctx context.Context, a StandaloneAccount) error
	// DeleteStandaloneAccount removes one (it joined the organization);
	// ErrNotFound when absent.
	DeleteStandaloneAccount(ctx context.Context, id string) error
}

// Handshake is an AWS Organizations handshake: an invitation to join the
// organization, a request to enable all features, or a member's approval
// of that request. Handshakes belong to the organization: DeleteOrganization
// removes them.
type Handshake struct {
	ID     string
	Action string // INVITE, ENABLE_ALL_FEATURES, APPROVE_ALL_FEATURES, ...
	State  string // REQUESTED, OPEN, CANCELED, ACCEPTED, DECLINED (EXPIRED follows from ExpiresAt)
	// Parties are the organization and the recipient, in the order the
	// API lists them (nil and empty load alike, as empty).
	Parties []HandshakeParty
	// Resources are what the handshake carries, nested as the API nests
	// them (nil and empty load alike, as empty).
	Resources []HandshakeResource
	// ParentID is the handshake this one is part of (an approval's request
	// to enable all features); empty when none.
	ParentID string
	// Tags are put on the invited account when it joins (nil and empty
	// load alike, as empty).
	Tags        map[string]string
	RequestedAt time.Time
	ExpiresAt   time.Time
	// UpdatedAt is when State last changed.
	UpdatedAt time.Time
}

// HandshakeParty is a participant of a handshake.
type HandshakeParty struct {
	Type string // ACCOUNT, ORGANIZATION or EMAIL
	ID   string
}

// HandshakeResource is a piece of information a handshake carries, with
// the pieces nested under it (nil and empty load alike, as empty).
type HandshakeResource struct {
	Type      string // ORGANIZATION, ACCOUNT, EMAIL, MASTER_EMAIL, NOTES, PARENT_HANDSHAKE, ...
	Value     string
	Resources []HandshakeResource
}

// StandaloneAccount is an AWS account chatgov knows that is not in its
// organization: one that left or was removed, or one the management
// account made standalone (chatgov's stand-in for signing up to AWS). It
// can hold credentials and answer invitations. It is not the
// organization's: DeleteOrganization leaves it.
type StandaloneAccount struct {
	ID     string
	Name   string
	Email  string
	Status string // ACTIVE, or SUSPENDED once closed
	// RoleName is the organization access role the account kept from an
	// earlier membership; empty when none.
	RoleName string
	// CreatedAt is when the account became standalone.
	CreatedAt time.Time
	// ClosedAt is when the account was closed; zero while it is not.
	ClosedAt time.Time
}
