package gov

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// Handshakes are AWS Organizations' exchanges between the organization and
// an account: an invitation to join (INVITE), and enabling all features (a
// request, ENABLE_ALL_FEATURES, with one approval, APPROVE_ALL_FEATURES,
// per invited member). Their shapes, states and errors follow the API
// reference and the user guide's recorded outputs:
//
//   - An invitation is OPEN until its recipient accepts or declines it,
//     the management account cancels it, or it expires (15 days).
//   - EnableAllFeatures creates the request, REQUESTED, and an OPEN
//     approval for every invited member (created accounts approve
//     implicitly). When every member still in the organization has
//     accepted its approval, the request is OPEN, and the management
//     account accepts it to finalize: the organization then has all
//     features. The request and its approvals expire after 90 days.
//   - EXPIRED is not stored: a pending handshake past ExpirationTimestamp
//     reads as EXPIRED. Handshakes that are over stay visible for 30 days,
//     then are deleted.

// Handshake actions, states, parties and resources, as AWS spells them.
const (
	ActionInvite               = "INVITE"
	ActionEnableAllFeatures    = "ENABLE_ALL_FEATURES"
	ActionApproveAllFeatures   = "APPROVE_ALL_FEATURES"
	ActionAddServiceLinkedRole = "ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE"

	HandshakeRequested = "REQUESTED"
	HandshakeOpen      = "OPEN"
	HandshakeCanceled  = "CANCELED"
	HandshakeAccepted  = "ACCEPTED"
	HandshakeDeclined  = "DECLINED"
	HandshakeExpired   = "EXPIRED"

	PartyAccount      = "ACCOUNT"
	PartyOrganization = "ORGANIZATION"
	PartyEmail        = "EMAIL"

	ResourceOrganization    = "ORGANIZATION"
	ResourceFeatureSet      = "ORGANIZATION_FEATURE_SET"
	ResourceAccount         = "ACCOUNT"
	ResourceEmail           = "EMAIL"
	ResourceMasterEmail     = "MASTER_EMAIL"
	ResourceMasterName      = "MASTER_NAME"
	ResourceNotes           = "NOTES"
	ResourceParentHandshake = "PARENT_HANDSHAKE"
)

// Handshake lifetimes, from AWS Organizations' quotas page.
const (
	InviteLifetime            = 15 * 24 * time.Hour
	EnableAllFeaturesLifetime = 90 * 24 * time.Hour
	// HandshakeRetention is how long a handshake that is over stays
	// visible before it is deleted.
	HandshakeRetention = 30 * 24 * time.Hour
	// MaxNotesLength bounds an invitation's notes.
	MaxNotesLength = 1024
)

// Resources of handshake errors (see awsapi's error table).
const (
	// ResHandshake: HandshakeNotFound, DuplicateHandshake, and
	// HandshakeConstraintViolation (with a reason).
	ResHandshake = "Handshake"
	// ResHandshakeState: the handshake is already in the requested state.
	ResHandshakeState = "HandshakeState"
	// ResHandshakeTransition: the handshake's state allows no such change.
	ResHandshakeTransition = "HandshakeTransition"
)

// Reasons of HandshakeConstraintViolationException and of the
// InvalidInputExceptions of handshake operations.
const (
	ReasonAlreadyInOrganization = "ALREADY_IN_AN_ORGANIZATION"
	ReasonAlreadyAllFeatures    = "ORGANIZATION_ALREADY_HAS_ALL_FEATURES"
	ReasonPendingAllFeatures    = "ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION"
	ReasonInviteDisabled        = "INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES"
	ReasonInvalidPartyType      = "INVALID_PARTY_TYPE_TARGET"
	ReasonInvalidEmailTarget    = "INVALID_EMAIL_ADDRESS_TARGET"
	ReasonFilterLimit           = "MAX_LIMIT_EXCEEDED_FILTER"
)

var reHandshakeID = regexp.MustCompile(`^h-[0-9a-z]{8,32}$`)

// Handshake is a handshake as the API describes it.
type Handshake struct {
	ID          string
	ARN         string
	Action      string
	State       string
	Parties     []HandshakeParty
	Resources   []HandshakeResource
	RequestedAt time.Time
	ExpiresAt   time.Time
}

// HandshakeParty is a participant of a handshake.
type HandshakeParty = store.HandshakeParty

// HandshakeResource is a piece of information a handshake carries.
type HandshakeResource = store.HandshakeResource

// HandshakeFilter selects handshakes by action or by parent; at most one
// of its fields may be set.
type HandshakeFilter struct {
	ActionType        string
	ParentHandshakeID string
}

// handshakeState is h's state at now: a pending handshake past its
// expiration is EXPIRED.
func handshakeState(h *store.Handshake, now time.Time) string {
	if pendingState(h.State) && !now.Before(h.ExpiresAt) {
		return HandshakeExpired
	}
	return h.State
}

func pendingState(state string) bool { return state == HandshakeRequested || state == HandshakeOpen }

// retained reports whether h is still listed at now: pending, or over for
// less than HandshakeRetention.
func retained(h *store.Handshake, now time.Time) bool {
	var over time.Time
	switch handshakeState(h, now) {
	case HandshakeRequested, HandshakeOpen:
		return true
	case HandshakeExpired:
		over = h.ExpiresAt
	default:
		over = h.UpdatedAt
	}
	return now.Before(over.Add(HandshakeRetention))
}

// recipientOf returns the party a handshake is addressed to: the one that
// is not the organization (none for a request to enable all features,
// which the organization answers itself).
func recipientOf(h *store.Handshake) HandshakeParty {
	for i := len(h.Parties) - 1; i >= 0; i-- {
		if h.Parties[i].Type != PartyOrganization {
			return h.Parties[i]
		}
	}
	return HandshakeParty{}
}

// isRecipient reports whether the caller's account is h's recipient, by ID
// or by email address.
func (m model) isRecipient(c Caller, h *store.Handshake) bool {
	switch p := recipientOf(h); p.Type {
	case PartyAccount:
		return p.ID == c.AccountID
	case PartyEmail:
		e := m.emailOf(c.AccountID)
		return e != "" && strings.EqualFold(e, p.ID)
	}
	return false
}

// seesOrganizationHandshakes reports whether the caller may see every
// handshake of the organization (needHandshakeAdmin): the management
// account, or a delegated administrator.
func (m model) seesOrganizationHandshakes(c Caller) bool {
	switch m.roleOf(c) {
	case management:
		return true
	case outsider:
		return false
	}
	return m.delegatedAdministrator(c.AccountID)
}

// handshakeFor returns a handshake the caller is a party to (needParty):
// one of the organization's, for the management account and delegated
// administrators, or one addressed to the caller's account. It returns
// Invalid (INVALID_PATTERN) for a malformed ID, and NotFound (ResHandshake)
// for a handshake the caller is no party to, as for one that does not
// exist.
func (m model) handshakeFor(c Caller, id string, now time.Time) (*store.Handshake, error) {
	if err := checkPattern("HandshakeId", id, reHandshakeID, "a handshake ID (h- and 8 to 32 lower-case letters or digits)"); err != nil {
		return nil, err
	}
	h, ok := m.Handshakes.Get(id)
	if !ok || !retained(h, now) || !m.seesOrganizationHandshakes(c) && !m.isRecipient(c, h) {
		return nil, notFound(ResHandshake, "We can't find a handshake with the HandshakeId that you specified. Account %s has no handshake %s.", c.AccountID, id)
	}
	return h, nil
}

func (m model) handshakeARN(partition string, h *store.Handshake) string {
	return "arn:" + partition + ":organizations::" + m.Org.ManagementAccountID + ":handshake/" + m.Org.ID + "/" + strings.ToLower(h.Action) + "/" + h.ID
}

func (m model) handshakeRecord(partition string, h *store.Handshake, now time.Time) Handshake {
	return Handshake{ID: h.ID, ARN: m.handshakeARN(partition, h), Action: h.Action, State: handshakeState(h, now),
		Parties: append([]HandshakeParty{}, h.Parties...), Resources: copyResources(h.Resources),
		RequestedAt: h.RequestedAt, ExpiresAt: h.ExpiresAt}
}

func copyResources(rs []HandshakeResource) []HandshakeResource {
	out := make([]HandshakeResource, len(rs))
	for i, r := range rs {
		out[i] = HandshakeResource{Type: r.Type, Value: r.Value}
		if len(r.Resources) > 0 {
			out[i].Resources = copyResources(r.Resources)
		}
	}
	return out
}

// newHandshake returns a new handshake of the organization, pending.
func (s *Service) newHandshake(ch *change, action, state string, lifetime time.Duration) (*store.Handshake, error) {
	id, err := s.newID("h-", "0123456789abcdef", 32, func(id string) bool { _, used := ch.m.Handshakes.Get(id); return used })
	if err != nil {
		return nil, err
	}
	return &store.Handshake{ID: id, Action: action, State: state, RequestedAt: ch.now, ExpiresAt: ch.now.Add(lifetime), UpdatedAt: ch.now}, nil
}

// putHandshake records a handshake in the next model and the store.
func (ch *change) putHandshake(h *store.Handshake) {
	ch.m.Handshakes.Set(h.ID, h)
	rec := *h
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutHandshake(ctx, rec) })
}

// setHandshakeState records h in a new state.
func (ch *change) setHandshakeState(h *store.Handshake, state string) *store.Handshake {
	n := *h
	n.State, n.UpdatedAt = state, ch.now
	ch.putHandshake(&n)
	return &n
}

// handshake returns a handshake as the change sees it so far.
func (ch *change) handshake(id string) (*store.Handshake, bool) {
	return ch.m.Handshakes.Get(id)
}

// maxPurge bounds how many handshakes past their retention one write
// deletes, so that no write pays for a backlog at once.
const maxPurge = 1000

// purgeHandshakes deletes handshakes that are past their retention. Every
// write of handshakes calls it. The approvals of a pending request to
// enable all features stay while it is pending, past their retention
// too: a member's decline must keep holding the request back.
func (ch *change) purgeHandshakes() {
	m := ch.m
	var gone []string
	m.Handshakes.Range(func(id string, h *store.Handshake) bool {
		if retained(h, ch.now) {
			return true
		}
		if p, ok := m.Handshakes.Get(h.ParentID); ok && h.ParentID != "" && pendingState(handshakeState(p, ch.now)) {
			return true
		}
		gone = append(gone, id)
		return len(gone) < maxPurge
	})
	sort.Strings(gone)
	for _, id := range gone {
		ch.m.Handshakes.Delete(id)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteHandshake(ctx, id) })
	}
}

// cancelHandshakesTo cancels the pending handshakes addressed to an
// account that leaves or closes: it can no longer answer them.
func (ch *change) cancelHandshakesTo(accountID string) {
	var ids []string
	ch.m.Handshakes.Range(func(id string, h *store.Handshake) bool {
		if p := recipientOf(h); p.Type == PartyAccount && p.ID == accountID && pendingState(handshakeState(h, ch.now)) {
			ids = append(ids, id)
		}
		return true
	})
	sort.Strings(ids)
	for _, id := range ids {
		h, _ := ch.handshake(id)
		ch.setHandshakeState(h, HandshakeCanceled)
	}
}

// filterHandshakes checks a filter and returns what it selects.
func filterHandshakes(f HandshakeFilter) (func(*store.Handshake) bool, error) {
	switch {
	case f.ActionType != "" && f.ParentHandshakeID != "":
		return nil, invalid(ReasonFilterLimit, "Filter takes ActionType or ParentHandshakeId, not both")
	case f.ActionType != "":
		switch f.ActionType {
		case ActionInvite, ActionEnableAllFeatures, ActionApproveAllFeatures, ActionAddServiceLinkedRole, "TRANSFER_RESPONSIBILITY":
		default:
			return nil, invalid(ReasonInvalidEnum, "Filter.ActionType must be INVITE, ENABLE_ALL_FEATURES, APPROVE_ALL_FEATURES, "+
				"ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE or TRANSFER_RESPONSIBILITY, not %q", f.ActionType)
		}
		return func(h *store.Handshake) bool { return h.Action == f.ActionType }, nil
	case f.ParentHandshakeID != "":
		if err := checkPattern("Filter.ParentHandshakeId", f.ParentHandshakeID, reHandshakeID, "a handshake ID (h- and 8 to 32 lower-case letters or digits)"); err != nil {
			return nil, err
		}
		return func(h *store.Handshake) bool { return h.ParentID == f.ParentHandshakeID }, nil
	}
	return func(*store.Handshake) bool { return true }, nil
}

// listHandshakes pages through the retained handshakes that keep selects
// and f filters, newest first.
func (m model) listHandshakes(c Caller, keep func(*store.Handshake) bool, f HandshakeFilter, now time.Time, token string, max int) (Page[Handshake], error) {
	match, err := filterHandshakes(f)
	if err != nil {
		return Page[Handshake]{}, err
	}
	var hs []*store.Handshake
	m.Handshakes.Range(func(_ string, h *store.Handshake) bool {
		if retained(h, now) && match(h) && keep(h) {
			hs = append(hs, h)
		}
		return true
	})
	sort.Slice(hs, func(i, j int) bool {
		return hs[i].RequestedAt.After(hs[j].RequestedAt) || hs[i].RequestedAt.Equal(hs[j].RequestedAt) && hs[i].ID < hs[j].ID
	})
	page, err := paginate(hs, token, max)
	if err != nil {
		return Page[Handshake]{}, err
	}
	out := Page[Handshake]{NextToken: page.NextToken, Items: make([]Handshake, len(page.Items))}
	for i, h := range page.Items {
		out.Items[i] = m.handshakeRecord(c.Partition(), h, now)
	}
	return out, nil
}

// DescribeHandshake describes a handshake the caller is a party to
// (needParty): one it received, or any of the organization's for the
// management account and delegated administrators. It returns Invalid
// (INPUT_REQUIRED, INVALID_PATTERN) for a malformed ID, and NotFound
// (ResHandshake) for any other handshake, as for one that does not exist.
func (s *Service) DescribeHandshake(c Caller, id string) (Handshake, error) {
	m, now := s.model(), s.now().UTC()
	h, err := m.handshakeFor(c, id, now)
	if err != nil {
		return Handshake{}, err
	}
	if err := m.authorizeHandshake(c, opDescribeHandshake, h); err != nil {
		return Handshake{}, err
	}
	return m.handshakeRecord(c.Partition(), h, now), nil
}

// ListHandshakesForAccount lists the handshakes the caller's account
// received (by account ID or email address), newest first. Any account may
// call it, a standalone one included. It returns Invalid
// (MAX_LIMIT_EXCEEDED_FILTER, INVALID_ENUM, INVALID_PATTERN) for a malformed
// filter, and Invalid (INVALID_NEXT_TOKEN) for a token of another list.
func (s *Service) ListHandshakesForAccount(c Caller, f HandshakeFilter, token string, max int) (Page[Handshake], error) {
	m := s.model()
	if err := m.authorize(c, opListHandshakesForAccount, ""); err != nil {
		return Page[Handshake]{}, err
	}
	return m.listHandshakes(c, func(h *store.Handshake) bool { return m.isRecipient(c, h) }, f, s.now().UTC(), token, max)
}

// ListHandshakesForOrganization lists the organization's handshakes, newest
// first. The management account and delegated administrators (of any
// service) may call it. It returns Invalid (MAX_LIMIT_EXCEEDED_FILTER,
// INVALID_ENUM, INVALID_PATTERN) for a malformed filter, Invalid
// (INVALID_NEXT_TOKEN) for a token of another list, and the errors of
// authorize.
func (s *Service) ListHandshakesForOrganization(c Caller, f HandshakeFilter, token string, max int) (Page[Handshake], error) {
	m := s.model()
	if err := m.authorize(c, opListHandshakesForOrganization, ""); err != nil {
		return Page[Handshake]{}, err
	}
	return m.listHandshakes(c, func(*store.Handshake) bool { return true }, f, s.now().UTC(), token, max)
}
