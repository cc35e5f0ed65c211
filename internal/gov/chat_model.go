package gov

import (
	"slices"
	"strings"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/policy/chatbot"
	"github.com/chatgov/chatgov/internal/store"
)

// stateReason returns the StateReason of rec in state s, or "" when enabled.
func stateReason(s snapshot.ChatState, rec *snapshot.ChatRec) string {
	if s.Enabled {
		return ""
	}
	if s.Closed {
		return closedReason(rec.AccountID)
	}
	return chatbot.Decide(s.View, configOf(rec, s.Visibility, s.UserRole)).StateReason()
}

// State names, as the Chatbot API spells them.
const (
	StateEnabled  = "ENABLED"
	StateDisabled = "DISABLED"
)

// stateName returns the name of state s.
func stateName(s snapshot.ChatState) string {
	if s.Enabled {
		return StateEnabled
	}
	return StateDisabled
}

// slackKey names a Slack channel of the directory.
func slackKey(teamID, channelID string) string { return teamID + "/" + channelID }

// teamsKey names a Teams team of the directory: IDs compare without regard
// to case (D8).
func teamsKey(teamID string) string { return strings.ToLower(teamID) }

// loadChats fills the model's chat data from the store and computes every
// configuration's state, the configurations in the layout l (see
// layChats) made of st.ChatConfigurations: the model keeps that array.
func (m model) loadChats(st *store.State, l *chatLayout) {
	se := &m.SlackChannels
	for i := range st.SlackChannels {
		c := st.SlackChannels[i]
		se.Set(slackKey(c.TeamID, c.ChannelID), &c)
	}
	te := &m.TeamsTeams
	for i := range st.TeamsTeams {
		t := st.TeamsTeams[i]
		te.Set(teamsKey(t.TeamID), &t)
	}
	pe := &m.Preferences
	for i := range st.Preferences {
		p := st.Preferences[i]
		pe.Set(p.AccountID, &p)
	}
	l.wait()
	cfgs := l.cfgs
	// Deciding each account's configurations is independent work, as a
	// re-check's is: spread over the cores.
	chats := make([]*snapshot.AccountChats, len(l.accounts))
	parallel(len(l.byID), func(lo, hi int) {
		dec := newDecider(m)
		in := interner{}
		for _, a := range l.byID[lo:hi] {
			list := make([]*snapshot.ChatRec, l.counts[a])
			for k := range list {
				r := (*snapshot.ChatRec)(&cfgs[int(l.start[a])+k])
				in.decisionInputs(r)
				list[k] = r
			}
			chats[a] = &snapshot.AccountChats{Configs: list, States: dec.states(l.accounts[a], list, nil)}
		}
	})
	ce := &m.Chats
	for i, acct := range l.accounts {
		ce.Set(acct, chats[i])
	}
	ie := &m.Identities
	for i := range st.UserIdentities {
		u := st.UserIdentities[i]
		cur, _ := ie.Get(u.ConfigurationARN)
		ie.Set(u.ConfigurationARN, append(cur, &u))
	}
	m.CauseSeq, m.EventSeq = st.LastComplianceCauseID, st.LastComplianceEventID
}

// chatLayout is the order in which the model holds the loaded
// configurations: one array, the one the store loaded, so that a million
// separate allocations do not cost the start-up a second and scatter the
// records the re-checks walk; laid out by account, in account order, and
// by ARN within an account, the order a re-check walks it in (the store
// returns configurations in no useful order, and a re-check that jumps
// across the array takes a cache miss on nearly every record).
//
// The layout depends on the configurations alone, so layChats computes it
// while the rest of the model is built.
type chatLayout struct {
	cfgs []store.ChatConfiguration
	// accounts are the accounts with configurations, by slot; byID their
	// slots in account order; start and counts, by slot, where an
	// account's configurations begin in cfgs and how many there are.
	accounts            []string
	byID, start, counts []int32
	done                chan struct{}
}

// layChats starts putting cfgs in the model's order, in place, and returns
// the layout, which is ready once wait returns.
func layChats(cfgs []store.ChatConfiguration) *chatLayout {
	l := &chatLayout{cfgs: cfgs, done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.lay()
	}()
	return l
}

// wait waits until the layout is ready.
func (l *chatLayout) wait() { <-l.done }

func (l *chatLayout) lay() {
	cfgs := l.cfgs
	accountOf := make([]int32, len(cfgs))
	slot := map[string]int32{} // account -> its index in accounts
	a := int32(-1)
	for i := range cfgs {
		// Rows of one account often come together (written together): the
		// previous row's account is checked before the map.
		if id := cfgs[i].AccountID; a < 0 || id != l.accounts[a] {
			var ok bool
			if a, ok = slot[id]; !ok {
				a = int32(len(l.accounts))
				slot[id] = a
				l.accounts, l.counts = append(l.accounts, id), append(l.counts, 0)
			}
		}
		accountOf[i] = a
		l.counts[a]++
	}
	l.byID = make([]int32, len(l.accounts))
	for a := range l.byID {
		l.byID[a] = int32(a)
	}
	slices.SortFunc(l.byID, func(a, b int32) int { return strings.Compare(l.accounts[a], l.accounts[b]) })
	l.start = make([]int32, len(l.accounts))
	var next int32
	for _, a := range l.byID {
		l.start[a] = next
		next += l.counts[a]
	}
	order := make([]int32, len(cfgs)) // new position -> current index in cfgs
	fill := slices.Clone(l.start)
	for i, a := range accountOf {
		order[fill[a]] = int32(i)
		fill[a]++
	}
	accountOf, fill = nil, nil
	// Each account's configurations in ARN order.
	parallel(len(l.byID), func(lo, hi int) {
		for _, a := range l.byID[lo:hi] {
			idx := order[l.start[a] : l.start[a]+l.counts[a]]
			slices.SortFunc(idx, func(x, y int32) int { return strings.Compare(cfgs[x].ARN, cfgs[y].ARN) })
		}
	})
	// In place: a copy would be 400 MB of fresh memory for a million
	// configurations, whose first touch alone costs more than a second in a
	// virtual machine.
	permute(cfgs, order)
}

// permute puts s in the order order gives, in place: afterwards s[p] is
// what s[order[p]] was. order must be a permutation of s's indexes; it is
// used up (its entries are marked as they are placed).
func permute[T any](s []T, order []int32) {
	const placed = -1
	for first := range order {
		if order[first] == placed {
			continue
		}
		// Follow the cycle through first: each position takes the element
		// its order names, the last one the element first held.
		held := s[first]
		p := first
		for {
			q := int(order[p])
			order[p] = placed
			if q == first {
				s[p] = held
				break
			}
			s[p] = s[q]
			p = q
		}
	}
}

// interner gives equal strings one copy.
type interner map[string]string

func (in interner) of(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := in[s]; ok {
		return v
	}
	s = strings.Clone(s)
	in[s] = s
	return s
}

// decisionInputs makes the strings a decision reads of r share one copy
// per value. A store's loader cuts a row's fields out of one string per
// row, so a decision that compares r's platform and hashes its workspace
// would otherwise read the row, wherever the loader put it, with a cache
// miss per configuration; a million configurations name a few thousand
// workspaces, tenants and teams, whose one copy each stays in the cache.
func (in interner) decisionInputs(r *snapshot.ChatRec) {
	switch r.Platform {
	case store.PlatformSlack:
		r.Platform = store.PlatformSlack
	case store.PlatformTeams:
		r.Platform = store.PlatformTeams
	case store.PlatformChime:
		r.Platform = store.PlatformChime
	}
	r.SlackTeamID, r.TenantID, r.TeamID = in.of(r.SlackTeamID), in.of(r.TenantID), in.of(r.TeamID)
}

// chatbotView returns the compiled effective chat applications policy of
// an account, or nil when none applies (no organization, the type not
// enabled, the account outside the organization, nothing attached).
func (m model) chatbotView(accountID string) *chatbot.Effective {
	if m.Org == nil {
		return nil
	}
	cache := m.Effective[policy.ChatbotPolicy]
	if cache == nil {
		return nil
	}
	if _, ok := m.Accounts.Get(accountID); !ok {
		return nil
	}
	return cache.EntryOf(m.Model, accountID).ChatbotView()
}

// config is what a decision needs of a configuration: its platform and
// identifiers, the channel's visibility from the directory (D7), and its
// role setting, which the account's preferences can force (D6).
func (m model) config(c *snapshot.ChatRec, userRoleRequired bool) chatbot.Config {
	return configOf(c, m.visibility(c), userRoleRequired)
}

// visibility returns a Slack channel's visibility from the directory, ""
// when the directory does not know it or c is not a Slack channel.
func (m model) visibility(c *snapshot.ChatRec) chatbot.Visibility {
	if c.Platform != store.PlatformSlack {
		return ""
	}
	if ch, ok := m.SlackChannels.Get(slackKey(c.SlackTeamID, c.SlackChannelID)); ok {
		return chatbot.Visibility(ch.Visibility)
	}
	return ""
}

func configOf(c *snapshot.ChatRec, vis chatbot.Visibility, userRoleRequired bool) chatbot.Config {
	cfg := chatbot.Config{UserAuthorizationRequired: c.UserAuthorizationRequired || userRoleRequired}
	switch c.Platform {
	case store.PlatformSlack:
		cfg.Platform, cfg.SlackTeamID, cfg.SlackChannelID, cfg.ChannelVisibility = chatbot.Slack, c.SlackTeamID, c.SlackChannelID, vis
	case store.PlatformTeams:
		cfg.Platform, cfg.TenantID, cfg.TeamID, cfg.ChannelID = chatbot.MicrosoftTeams, c.TenantID, c.TeamID, c.ChannelID
	case store.PlatformChime:
		cfg.Platform = chatbot.Chime
	}
	return cfg
}

// userRoleRequired says whether an account's preferences require user roles.
func (m model) userRoleRequired(accountID string) bool {
	p, ok := m.Preferences.Get(accountID)
	return ok && p.UserAuthorizationRequired
}

// decide returns the decision on a configuration under the model.
func (m model) decide(c *snapshot.ChatRec) chatbot.Decision {
	return chatbot.Decide(m.chatbotView(c.AccountID), m.config(c, m.userRoleRequired(c.AccountID)))
}

// decider decides many configurations of one account in a row: the
// account's policy and preferences are looked up once and the reasons
// buffer is reused, so that a decision allocates nothing.
type decider struct {
	m   model
	buf []chatbot.Reason
}

func newDecider(m model) *decider {
	return &decider{m: m, buf: make([]chatbot.Reason, 0, 4)}
}

// states decides every configuration of an account.
func (d *decider) states(accountID string, configs []*snapshot.ChatRec, out []snapshot.ChatState) []snapshot.ChatState {
	out = out[:0]
	if d.m.accountClosed(accountID) {
		for range configs {
			out = append(out, snapshot.ChatState{Closed: true})
		}
		return out
	}
	view := d.m.chatbotView(accountID)
	userRole := d.m.userRoleRequired(accountID)
	out = out[:0]
	for _, c := range configs {
		var vis chatbot.Visibility
		if c.Platform == store.PlatformSlack && view.VisibilityMatters(c.SlackTeamID) {
			vis = d.m.visibility(c)
		}
		if dec := chatbot.DecideInto(view, configOf(c, vis, userRole), d.buf); dec.Allowed {
			out = append(out, snapshot.ChatState{Enabled: true})
		} else {
			out = append(out, snapshot.ChatState{View: view, Visibility: vis, UserRole: userRole})
		}
	}
	return out
}
