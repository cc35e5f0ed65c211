package gov

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/store"
)

// InviteInput holds InviteAccountToOrganization's parameters.
type InviteInput struct {
	// Target is the invited account: Type ACCOUNT with its ID, or EMAIL
	// with its address. nil when the request has none.
	Target *HandshakeParty
	// Notes go to the recipient with the invitation.
	Notes string
	// Tags are put on the account when it joins.
	Tags []Tag
}

// featureSetResource is ORGANIZATION_FEATURE_SET's value, as invitations
// spell the feature set.
func featureSetResource(fs string) string {
	if fs == FeatureSetAll {
		return "FULL"
	}
	return fs
}

// InviteAccountToOrganization invites an account, by ID or by email address,
// to join the organization; the answer is the OPEN invitation, which expires
// after 15 days. It returns Invalid (INPUT_REQUIRED, INVALID_PATTERN,
// INVALID_EMAIL_ADDRESS_TARGET, INVALID_PARTY_TYPE_TARGET,
// MAX_LENGTH_EXCEEDED) for a missing or malformed target or notes, the
// errors of checkTags, Constraint (ResHandshake, ALREADY_IN_AN_ORGANIZATION)
// when the target is a member, Constraint (ResHandshake,
// INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES) while all features are being
// enabled, AlreadyExists (ResHandshake) when an invitation to the same
// target is open, and the errors of authorize.
func (s *Service) InviteAccountToOrganization(ctx context.Context, c Caller, in InviteInput) (Handshake, error) {
	var out Handshake
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opInviteAccountToOrganization, ""); err != nil {
			return err
		}
		target, err := checkTarget(in.Target)
		if err != nil {
			return err
		}
		if err := checkLen("Notes", in.Notes, 0, MaxNotesLength); err != nil {
			return err
		}
		if err := checkTags(in.Tags); err != nil {
			return err
		}
		if member := m.memberMatching(target); member != "" {
			return newErr(Constraint, ResHandshake, ReasonAlreadyInOrganization, "The handshake request is invalid because the invited account is already a member of an organization. "+
				"%s %s is account %s of organization %s", target.Type, target.ID, member, m.Org.ID)
		}
		if p := m.pendingAllFeatures(ch.now); p != nil {
			return newErr(Constraint, ResHandshake, ReasonInviteDisabled, "You can't issue new invitations to join an organization while it's in the process of enabling all features. "+
				"Finish or cancel handshake %s first", p.ID)
		}
		if dup := m.openInvitation(target, ch.now); dup != nil {
			return newErr(AlreadyExists, ResHandshake, "", "A handshake with the same action and target already exists. Invitation %s to %s %s is still open; "+
				"cancel it before inviting again", dup.ID, target.Type, target.ID)
		}
		h, err := s.newHandshake(ch, ActionInvite, HandshakeOpen, InviteLifetime)
		if err != nil {
			return err
		}
		mgmtName := "management"
		if a, ok := m.Accounts.Get(m.Org.ManagementAccountID); ok {
			mgmtName = a.Name
		}
		h.Parties = []HandshakeParty{{Type: PartyOrganization, ID: m.Org.ID}, target}
		h.Resources = []HandshakeResource{
			{Type: ResourceOrganization, Value: m.Org.ID, Resources: []HandshakeResource{
				{Type: ResourceMasterEmail, Value: m.Org.ManagementAccountEmail},
				{Type: ResourceMasterName, Value: mgmtName},
				{Type: ResourceFeatureSet, Value: featureSetResource(m.Org.FeatureSet)},
			}},
			{Type: target.Type, Value: target.ID},
		}
		if in.Notes != "" {
			h.Resources = append(h.Resources, HandshakeResource{Type: ResourceNotes, Value: in.Notes})
		}
		if len(in.Tags) > 0 {
			h.Tags = map[string]string{}
			for _, t := range in.Tags {
				h.Tags[t.Key] = t.Value
			}
		}
		ch.putHandshake(h)
		ch.purgeHandshakes()
		out = m.handshakeRecord(c.Partition(), h, ch.now)
		return nil
	})
	return out, err
}

// checkTarget checks an invitation's target: an account ID or an email
// address (ORGANIZATION is a party of answers only).
func checkTarget(t *HandshakeParty) (HandshakeParty, error) {
	if t == nil {
		return HandshakeParty{}, invalid(ReasonInputRequired, "Target is required: {\"Type\": \"ACCOUNT\", \"Id\": \"<account ID>\"} or {\"Type\": \"EMAIL\", \"Id\": \"<address>\"}")
	}
	if err := checkLen("Target.Id", t.ID, 1, 64); err != nil {
		return HandshakeParty{}, err
	}
	switch t.Type {
	case PartyAccount:
		if !reAccountID.MatchString(t.ID) {
			return HandshakeParty{}, invalid(ReasonInvalidPattern, "Target.Id %q is not an account ID (12 digits)", t.ID)
		}
	case PartyEmail:
		if !reEmail.MatchString(t.ID) || len(t.ID) < 6 {
			return HandshakeParty{}, invalid(ReasonInvalidEmailTarget, "Target.Id %q is not an email address", t.ID)
		}
	case "":
		return HandshakeParty{}, invalid(ReasonInputRequired, "Target.Type is required: ACCOUNT or EMAIL")
	default:
		return HandshakeParty{}, invalid(ReasonInvalidPartyType, "Target.Type must be ACCOUNT or EMAIL, not %q", t.Type)
	}
	return *t, nil
}

// memberMatching returns the member account a target names, by ID or by
// email address; "" when none.
func (m model) memberMatching(t HandshakeParty) string {
	if t.Type == PartyAccount {
		if _, ok := m.Accounts.Get(t.ID); ok {
			return t.ID
		}
		return ""
	}
	found := ""
	m.Accounts.Range(func(id string, a *snapshot.AccountRec) bool {
		if strings.EqualFold(a.Email, t.ID) {
			found = id
		}
		return found == ""
	})
	return found
}

// openInvitation returns the pending invitation to a target, if any.
func (m model) openInvitation(t HandshakeParty, now time.Time) *store.Handshake {
	var found *store.Handshake
	m.Handshakes.Range(func(_ string, h *store.Handshake) bool {
		if h.Action == ActionInvite && pendingState(handshakeState(h, now)) {
			if p := recipientOf(h); p.Type == t.Type && strings.EqualFold(p.ID, t.ID) {
				found = h
			}
		}
		return found == nil
	})
	return found
}

// pendingAllFeatures returns the pending request to enable all features,
// if any.
func (m model) pendingAllFeatures(now time.Time) *store.Handshake {
	var found *store.Handshake
	m.Handshakes.Range(func(_ string, h *store.Handshake) bool {
		if h.Action == ActionEnableAllFeatures && pendingState(handshakeState(h, now)) {
			found = h
		}
		return found == nil
	})
	return found
}

// answerable checks that a handshake can move to state: it is pending
// (HandshakeAlreadyInState when it is in state already,
// InvalidHandshakeTransition when it is over).
func answerable(h *store.Handshake, now time.Time, state string) error {
	cur := handshakeState(h, now)
	switch {
	case cur == state:
		return newErr(AlreadyExists, ResHandshakeState, "", "The specified handshake is already in the requested state. Handshake %s is %s", h.ID, cur)
	case !pendingState(cur):
		return newErr(Constraint, ResHandshakeTransition, "", "You can't perform the operation on the handshake in its current state. Handshake %s is %s and can no longer become %s",
			h.ID, cur, state)
	}
	return nil
}

// AcceptHandshake accepts a handshake: an invitation (by the invited
// account, which joins the organization), an approval of all features (by
// the member it asks), or the request to enable all features once every
// invited member approved (by the management account, which finalizes it).
// It returns the errors of handshakeFor; AlreadyExists (ResHandshakeState)
// for a handshake already accepted; Constraint (ResHandshakeTransition) for
// one that is over, a request still awaiting approvals, or an action chatgov
// does not accept; Constraint (ResHandshake, ALREADY_IN_AN_ORGANIZATION) for
// an invited account already in the organization; and the errors of
// authorizeHandshake (AccessDenied) for a party that is not the one to
// accept it.
func (s *Service) AcceptHandshake(ctx context.Context, c Caller, id string) (Handshake, error) {
	var out Handshake
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		h, err := m.handshakeFor(c, id, ch.now)
		if err != nil {
			return err
		}
		if err := answerable(h, ch.now, HandshakeAccepted); err != nil {
			return err
		}
		switch h.Action {
		case ActionInvite:
			if err := m.authorizeHandshake(c, opAcceptInvitation, h); err != nil {
				return err
			}
			if m.roleOf(c) != outsider {
				return newErr(Constraint, ResHandshake, ReasonAlreadyInOrganization, "The handshake request is invalid because the invited account is already a member of an organization. "+
					"Account %s is in organization %s", c.AccountID, m.Org.ID)
			}
			ch.because(opAcceptInvitation.String(), c, "account %s joined organization %s by accepting invitation %s", c.AccountID, m.Org.ID, h.ID)
			if err := ch.joinOrganization(c.AccountID, h); err != nil {
				return err
			}
			h = ch.setHandshakeState(h, HandshakeAccepted)
		case ActionApproveAllFeatures:
			if err := m.authorizeHandshake(c, opApproveAllFeatures, h); err != nil {
				return err
			}
			h = ch.setHandshakeState(h, HandshakeAccepted)
			ch.settleAllFeatures()
		case ActionEnableAllFeatures:
			if err := m.authorizeHandshake(c, opFinalizeAllFeatures, h); err != nil {
				return err
			}
			if h.State == HandshakeRequested {
				waiting := m.awaitingApproval(h)
				return newErr(Constraint, ResHandshakeTransition, "", "You can't perform the operation on the handshake in its current state. "+
					"%d invited member %s not approved enabling all features yet (%s); they accept their APPROVE_ALL_FEATURES handshakes, or leave the organization",
					len(waiting), plural(len(waiting), "account has", "accounts have"), strings.Join(firstN(waiting, 5), ", "))
			}
			o := m.Org.Organization
			o.FeatureSet = FeatureSetAll
			m.Org = &snapshot.Org{Organization: o}
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutOrganization(ctx, o) })
			ch.because(opFinalizeAllFeatures.String(), c, "enabled all features in organization %s (handshake %s)", o.ID, h.ID)
			h = ch.setHandshakeState(h, HandshakeAccepted)
		default:
			return newErr(Constraint, ResHandshakeTransition, "", "You can't perform the operation on the handshake in its current state. chatgov does not accept %s handshakes", h.Action)
		}
		ch.purgeHandshakes()
		out = m.handshakeRecord(c.Partition(), h, ch.now)
		return nil
	})
	return out, err
}

func firstN(ss []string, n int) []string {
	if len(ss) > n {
		return append(ss[:n:n], "...")
	}
	return ss
}

// DeclineHandshake declines a handshake addressed to the caller's account:
// an invitation, or an approval of all features (the request then waits
// until the account approves after all or leaves the organization). It
// returns the errors of handshakeFor; Constraint (ResHandshakeTransition)
// for the organization's own request to enable all features, which is
// canceled instead, and for a handshake that is over; AlreadyExists
// (ResHandshakeState) for one already declined; and AccessDenied
// (authorizeHandshake) for a party other than its recipient.
func (s *Service) DeclineHandshake(ctx context.Context, c Caller, id string) (Handshake, error) {
	var out Handshake
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		h, err := m.handshakeFor(c, id, ch.now)
		if err != nil {
			return err
		}
		if h.Action == ActionEnableAllFeatures {
			return newErr(Constraint, ResHandshakeTransition, "", "You can't perform the operation on the handshake in its current state. "+
				"Handshake %s is the organization's own request to enable all features: the management account cancels it with CancelHandshake", h.ID)
		}
		if err := answerable(h, ch.now, HandshakeDeclined); err != nil {
			return err
		}
		if err := m.authorizeHandshake(c, opDeclineHandshake, h); err != nil {
			return err
		}
		h = ch.setHandshakeState(h, HandshakeDeclined)
		ch.purgeHandshakes()
		out = m.handshakeRecord(c.Partition(), h, ch.now)
		return nil
	})
	return out, err
}

// CancelHandshake cancels a handshake the organization sent; only the
// management account may. Canceling the request to enable all features
// cancels its pending approvals. It returns the errors of handshakeFor;
// AccessDenied (authorizeHandshake) for any other party, such as the
// recipient, who declines instead; AlreadyExists (ResHandshakeState) for a
// handshake already canceled; and Constraint (ResHandshakeTransition) for
// one that is over or for an approval, which goes with its request.
func (s *Service) CancelHandshake(ctx context.Context, c Caller, id string) (Handshake, error) {
	var out Handshake
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		h, err := m.handshakeFor(c, id, ch.now)
		if err != nil {
			return err
		}
		if err := m.authorizeHandshake(c, opCancelHandshake, h); err != nil {
			return err
		}
		if err := answerable(h, ch.now, HandshakeCanceled); err != nil {
			return err
		}
		if h.Action == ActionApproveAllFeatures {
			return newErr(Constraint, ResHandshakeTransition, "", "You can't perform the operation on the handshake in its current state. "+
				"Approval %s belongs to request %s: cancel the request to enable all features instead", h.ID, h.ParentID)
		}
		h = ch.setHandshakeState(h, HandshakeCanceled)
		if h.Action == ActionEnableAllFeatures {
			for _, child := range m.children(h.ID) {
				if pendingState(handshakeState(child, ch.now)) {
					ch.setHandshakeState(child, HandshakeCanceled)
				}
			}
		}
		ch.purgeHandshakes()
		out = m.handshakeRecord(c.Partition(), h, ch.now)
		return nil
	})
	return out, err
}

// EnableAllFeatures starts enabling all features in an organization created
// with consolidated billing only: it returns the request
// (ENABLE_ALL_FEATURES, REQUESTED; OPEN at once when no member was invited),
// sends an approval (APPROVE_ALL_FEATURES) to every invited member, and
// cancels the pending invitations, which promised consolidated billing. It
// returns Constraint (ResHandshake, ORGANIZATION_ALREADY_HAS_ALL_FEATURES,
// ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION), and the errors of
// authorize.
func (s *Service) EnableAllFeatures(ctx context.Context, c Caller) (Handshake, error) {
	var out Handshake
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opEnableAllFeatures, ""); err != nil {
			return err
		}
		if m.Org.FeatureSet == FeatureSetAll {
			return newErr(Constraint, ResHandshake, ReasonAlreadyAllFeatures, "The handshake request is invalid because the organization has already enabled all features. "+
				"Organization %s has FeatureSet ALL", m.Org.ID)
		}
		if p := m.pendingAllFeatures(ch.now); p != nil {
			return newErr(Constraint, ResHandshake, ReasonPendingAllFeatures, "The handshake request is invalid because the organization has already started the process to enable all features. "+
				"Request %s is %s", p.ID, handshakeState(p, ch.now))
		}
		var invites []*store.Handshake
		m.Handshakes.Range(func(_ string, h *store.Handshake) bool {
			if h.Action == ActionInvite && pendingState(handshakeState(h, ch.now)) {
				invites = append(invites, h)
			}
			return true
		})
		sort.Slice(invites, func(i, j int) bool { return invites[i].ID < invites[j].ID })
		for _, h := range invites {
			ch.setHandshakeState(h, HandshakeCanceled)
		}
		parent, err := s.newHandshake(ch, ActionEnableAllFeatures, HandshakeRequested, EnableAllFeaturesLifetime)
		if err != nil {
			return err
		}
		orgParty := HandshakeParty{Type: PartyOrganization, ID: m.Org.ID}
		parent.Parties = []HandshakeParty{orgParty}
		parent.Resources = []HandshakeResource{{Type: ResourceOrganization, Value: m.Org.ID}}
		invited := 0
		for _, id := range m.AccountIDs() {
			a, _ := m.Accounts.Get(id)
			if id == m.Org.ManagementAccountID || a.JoinedMethod != JoinedInvited {
				continue
			}
			child, err := s.newHandshake(ch, ActionApproveAllFeatures, HandshakeOpen, EnableAllFeaturesLifetime)
			if err != nil {
				return err
			}
			child.ParentID = parent.ID
			child.Parties = []HandshakeParty{orgParty, {Type: PartyAccount, ID: id}}
			child.Resources = []HandshakeResource{{Type: ResourceParentHandshake, Value: parent.ID},
				{Type: ResourceOrganization, Value: m.Org.ID}, {Type: ResourceAccount, Value: id}}
			ch.putHandshake(child)
			invited++
		}
		if invited == 0 {
			parent.State = HandshakeOpen
		}
		ch.putHandshake(parent)
		ch.purgeHandshakes()
		out = m.handshakeRecord(c.Partition(), parent, ch.now)
		return nil
	})
	return out, err
}

// children returns the handshakes of a parent as the change sees them.
func (m model) children(parentID string) []*store.Handshake {
	var out []*store.Handshake
	m.Handshakes.Range(func(_ string, h *store.Handshake) bool {
		if h.ParentID == parentID {
			out = append(out, h)
		}
		return true
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// awaitingApproval returns the members that have not accepted their
// approval of a request to enable all features, by account ID. Accounts
// that left the organization no longer count.
func (m model) awaitingApproval(parent *store.Handshake) []string {
	var out []string
	for _, child := range m.children(parent.ID) {
		p := recipientOf(child)
		if _, member := m.Accounts.Get(p.ID); member && child.State != HandshakeAccepted {
			out = append(out, p.ID)
		}
	}
	sort.Strings(out)
	return out
}

// settleAllFeatures opens the pending request to enable all features once
// no invited member has yet to approve it.
func (ch *change) settleAllFeatures() {
	m := ch.m
	p := m.pendingAllFeatures(ch.now)
	if p == nil || p.State != HandshakeRequested || len(m.awaitingApproval(p)) > 0 {
		return
	}
	ch.setHandshakeState(p, HandshakeOpen)
}
