package gov

import (
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
	"github.com/chatgov/chatgov/internal/store"
)

// A configuration is decided once, the same way, whether it is created,
// updated or only asked about: wouldBe builds and checks the record a
// create would store, and admit decides a record under the account's
// effective chat applications policy. CreateChatConfiguration and
// UpdateChatConfiguration store what admit allows; DecideChatConfiguration
// answers without storing anything, for the offline command line's policy
// check and any adapter that asks before it creates.

// ChatDecision is the decision on a would-be configuration: the ARN it
// would have, its account, and the account's effective chat applications
// policy's decision on it, rule by rule, with the policies behind each.
type ChatDecision struct {
	ConfigurationARN string
	AccountID        string
	chatbot.Decision
}

// DecideChatConfiguration decides whether the configuration nc, with the
// fields of in, could be created in account (the caller's when empty):
// the same checks and the same decision as CreateChatConfiguration, and
// nothing stored. A configuration of that name need not be new. Any
// account may ask about its own account; the management account and the
// chatbot delegated administrator about any account of the organization.
// It returns Invalid (INVALID_PATTERN) for a malformed account ID,
// AccessDenied for another account (authorizeFor), NotFound (ResAccount)
// for an account outside the organization, and the errors of
// CreateChatConfiguration's checks: Invalid (ResChatConfiguration,
// INVALID_PATTERN) for a field the Chatbot API refuses, Constraint
// (ResChatConfiguration, TOO_MANY_TAGS) for too many tags. A denial is
// not an error: the decision says it, with DenialMessage, the message
// CreateChatConfiguration's Denied carries.
func (s *Service) DecideChatConfiguration(c Caller, account string, nc NewChatConfiguration, in ChatInput) (ChatDecision, error) {
	m := s.model()
	if account == "" {
		account = c.AccountID
	}
	if !reAccountID.MatchString(account) {
		return ChatDecision{}, invalid(ReasonInvalidPattern, "AccountId %q is not a 12-digit account ID", account)
	}
	if err := m.authorizeFor(c, opDecideChatConfiguration, account); err != nil {
		return ChatDecision{}, err
	}
	// Only the organization's administrators get here for another
	// account, so there is an organization to look it up in.
	if _, inOrg := m.Accounts.Get(account); !inOrg && account != c.AccountID {
		return ChatDecision{}, notFound(ResAccount, "account %s is not in organization %s", account, m.Org.ID)
	}
	if _, ok := arnSegments[nc.Platform]; !ok {
		return ChatDecision{}, badParam("Platform %q is not %s, %s or %s", nc.Platform, PlatformSlack, PlatformTeams, PlatformChime)
	}
	rec, err := wouldBe(account, nc, in, s.now().UTC().Truncate(time.Microsecond))
	if err != nil {
		return ChatDecision{}, err
	}
	_, d := m.admit(rec)
	return ChatDecision{ConfigurationARN: rec.ARN, AccountID: account, Decision: d}, nil
}

// wouldBe returns the record a create of nc with in's fields in account
// would store at now, checked as the Chatbot API checks a create. It
// returns the errors of ChatInput.apply and checkChatTags.
func wouldBe(account string, nc NewChatConfiguration, in ChatInput, now time.Time) (store.ChatConfiguration, error) {
	rec := nc.record()
	rec.AccountID = account
	rec.ARN = chatARN(account, rec.Platform, rec.Name)
	rec.CreatedAt, rec.UpdatedAt = now, now
	if err := in.apply(&rec); err != nil {
		return store.ChatConfiguration{}, err
	}
	if err := checkChatTags(rec.Tags); err != nil {
		return store.ChatConfiguration{}, err
	}
	return rec, nil
}

// admit decides a configuration under the model, with the channel's
// visibility from the directory and the account's preferences, and
// returns the model's record of it with the decision.
func (m model) admit(rec store.ChatConfiguration) (*snapshot.ChatRec, chatbot.Decision) {
	r := snapshot.NewChatRec(rec)
	return r, m.decide(r)
}

// deniedByPolicy is the error of a create or an update the policy does not allow:
// Denied (ResChatConfiguration), with the message AWS Chatbot gives.
func deniedByPolicy(d chatbot.Decision) error {
	return newErr(Denied, ResChatConfiguration, "", "%s", d.DenialMessage())
}
