package gov

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// cause describes the write a change is, for the compliance events it may
// produce.
type cause struct {
	op     string
	caller string
	detail string
}

// because names the write being made, for its compliance events.
func (ch *change) because(op string, c Caller, format string, args ...any) {
	ch.cause = cause{op: op, caller: c.ARN, detail: fmt.Sprintf(format, args...)}
}

// touch asks for an account's configurations to be re-checked.
func (ch *change) touch(accountID string) {
	if ch.touched == nil {
		ch.touched = map[string]bool{}
	}
	ch.touched[accountID] = true
}

// affectedChatAccounts returns the accounts whose configurations a change
// can have affected: those under a node whose effective chat applications
// policy was recomputed, those touched explicitly, or all of them when the
// organization or the policy type came or went.
func (ch *change) affectedChatAccounts() []string {
	m, old := ch.m, ch.old
	all := ch.touchAll || (old.Org == nil) != (m.Org == nil) ||
		old.Enabled[policy.ChatbotPolicy] != m.Enabled[policy.ChatbotPolicy]
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			if _, ok := m.Chats.Get(id); ok {
				out = append(out, id)
			}
		}
	}
	if all {
		m.Chats.Range(func(id string, _ *snapshot.AccountChats) bool { add(id); return true })
		sort.Strings(out)
		return out
	}
	if m.Tree != nil {
		roots := append(append([]string(nil), ch.effDirty[string(policy.ChatbotPolicy)]...), ch.effDirty[""]...)
		for _, r := range roots {
			ids, err := m.Tree.Subtree(r)
			if err != nil {
				continue // a node the change removed
			}
			for _, id := range ids {
				add(id)
			}
		}
	}
	for id := range ch.touched {
		add(id)
	}
	sort.Strings(out)
	return out
}

// recheckResult is one account's re-check.
type recheckResult struct {
	account string
	chats   *snapshot.AccountChats // nil when nothing changed
	events  []store.ComplianceEvent
}

// recheckChats re-checks the affected configurations against the new
// model, records their new states, and queues a compliance event for every
// configuration whose state changes.
func (ch *change) recheckChats() {
	accounts := ch.affectedChatAccounts()
	if len(accounts) == 0 {
		return
	}
	results := recheck(ch.m, accounts, ch.now)
	n := 0
	for _, r := range results {
		n += len(r.events)
	}
	events := make([]store.ComplianceEvent, 0, n)
	ce := &ch.m.Chats
	for _, r := range results {
		if r.chats != nil {
			ce.Set(r.account, r.chats)
		}
		events = append(events, r.events...)
	}
	if len(events) == 0 {
		return
	}
	ch.m.CauseSeq++
	c := store.ComplianceCause{ID: ch.m.CauseSeq, Time: ch.now, Operation: ch.cause.op, CallerARN: ch.cause.caller, Detail: ch.cause.detail}
	if c.Operation == "" {
		c.Operation = "unknown"
	}
	for i := range events {
		ch.m.EventSeq++
		events[i].ID, events[i].CauseID = ch.m.EventSeq, c.ID
	}
	ch.events, ch.eventCause = events, c
	ch.do(func(ctx context.Context, tx store.Tx) error {
		if err := tx.AddComplianceCause(ctx, c); err != nil {
			return err
		}
		return tx.AddComplianceEvents(ctx, events)
	})
}

// recheck computes the states of the given accounts' configurations under
// m, spreading the accounts over the machine's cores. Results keep the
// order of accounts.
func recheck(m model, accounts []string, now time.Time) []recheckResult {
	results := make([]recheckResult, len(accounts))
	parallel(len(accounts), func(lo, hi int) {
		d := newDecider(m)
		var buf []snapshot.ChatState
		for i := lo; i < hi; i++ {
			results[i], buf = recheckAccount(m, accounts[i], now, d, buf)
		}
	})
	return results
}

// parallel calls work on n items split into one contiguous range per core,
// and waits for them all.
func parallel(n int, work func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		if n > 0 {
			work(0, n)
		}
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(lo, hi)
		}()
	}
	wg.Wait()
}

func recheckAccount(m model, account string, now time.Time, d *decider, buf []snapshot.ChatState) (recheckResult, []snapshot.ChatState) {
	r := recheckResult{account: account}
	ac, _ := m.Chats.Get(account)
	if ac == nil {
		return r, buf
	}
	buf = d.states(account, ac.Configs, buf)
	var states []snapshot.ChatState
	for i, st := range buf {
		if st.Same(ac.States[i]) {
			continue
		}
		if states == nil {
			states = append([]snapshot.ChatState(nil), ac.States...)
		}
		states[i] = st
		if st.Enabled != ac.States[i].Enabled {
			c := ac.Configs[i]
			r.events = append(r.events, store.ComplianceEvent{Time: now, ConfigurationARN: c.ARN, AccountID: account,
				Platform: c.Platform, OldState: stateName(ac.States[i]), NewState: stateName(st), Reason: stateReason(st, c)})
		}
	}
	if states != nil {
		r.chats = &snapshot.AccountChats{Configs: ac.Configs, States: states}
	}
	return r, buf
}
