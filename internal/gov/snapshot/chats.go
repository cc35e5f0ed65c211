package snapshot

import (
	"sort"

	"github.com/chatgov/chatgov/internal/policy/chatbot"
	"github.com/chatgov/chatgov/internal/store"
)

// ChatRec is a stored chat channel configuration. It is the store's
// record under a type of the model's own, so that the model can keep the
// array the store loaded instead of copying it (see gov's loadChats).
type ChatRec store.ChatConfiguration

// NewChatRec returns c as a record of the model.
func NewChatRec(c store.ChatConfiguration) *ChatRec {
	r := ChatRec(c)
	return &r
}

// ChatState is a configuration's state: ENABLED, or DISABLED under a
// policy. A disabled state keeps the decision's inputs that are not the
// configuration's own (the compiled policy, the channel's visibility, the
// account's role preference) rather than its StateReason: a re-check of a
// million configurations must not build, or even allocate, a sentence per
// denial that nobody may read. gov rebuilds the sentence on demand, in
// about a microsecond.
type ChatState struct {
	View       *chatbot.Effective // nil when enabled
	Visibility chatbot.Visibility
	Enabled    bool
	UserRole   bool
	// Closed: disabled because the account is closed.
	Closed bool
}

// Same reports whether two states of one configuration are the same:
// enabled both, or disabled under the same policy for the same inputs
// (hence for the same reason).
func (s ChatState) Same(o ChatState) bool {
	return s == o
}

// AccountChats are one account's configurations, sorted by ARN, with their
// states. A re-check replaces the whole value of an account whose states
// change, so the model holds one entry per account rather than one per
// configuration.
type AccountChats struct {
	Configs []*ChatRec
	States  []ChatState
}

// Find returns the index of the configuration with the ARN arn, or -1;
// a is nil when the account has none.
func (a *AccountChats) Find(arn string) int {
	if a == nil {
		return -1
	}
	i := sort.Search(len(a.Configs), func(i int) bool { return a.Configs[i].ARN >= arn })
	if i < len(a.Configs) && a.Configs[i].ARN == arn {
		return i
	}
	return -1
}

// With returns a copy with rec inserted or replaced, in state st.
func (a *AccountChats) With(rec *ChatRec, st ChatState) *AccountChats {
	n := &AccountChats{}
	if a != nil {
		n.Configs = append([]*ChatRec(nil), a.Configs...)
		n.States = append([]ChatState(nil), a.States...)
	}
	i := sort.Search(len(n.Configs), func(i int) bool { return n.Configs[i].ARN >= rec.ARN })
	if i < len(n.Configs) && n.Configs[i].ARN == rec.ARN {
		n.Configs[i], n.States[i] = rec, st
		return n
	}
	n.Configs = append(n.Configs, nil)
	n.States = append(n.States, ChatState{})
	copy(n.Configs[i+1:], n.Configs[i:])
	copy(n.States[i+1:], n.States[i:])
	n.Configs[i], n.States[i] = rec, st
	return n
}

// Without returns a copy without the configuration at i, or nil when none is left.
func (a *AccountChats) Without(i int) *AccountChats {
	if len(a.Configs) == 1 {
		return nil
	}
	n := &AccountChats{
		Configs: append(append([]*ChatRec(nil), a.Configs[:i]...), a.Configs[i+1:]...),
		States:  append(append([]ChatState(nil), a.States[:i]...), a.States[i+1:]...),
	}
	return n
}
