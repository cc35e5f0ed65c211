package gov

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// Console sessions. The web console keeps a session in a cookie it seals
// itself, so that any replica can open it; gov keeps what every replica
// must agree on, as settings written through update like any other state
// (and so replicated like any other write):
//
//   - the key the cookies are sealed with (SettingConsoleSessionKey), made
//     with the first sign-in;
//   - the sessions signed out before their expiry, per account
//     (settingConsoleSignOuts + account ID), each kept until it would have
//     expired anyway.
//
// A sign-out record lists at most maxConsoleSignOuts sessions. Past that,
// the oldest-issued session is folded into a watermark: every session of
// the account issued at or before it counts as ended, until the latest
// expiry folded in. A signed-out session thus stays ended until its
// expiry whatever the number of sign-outs, and a record is a few
// kilobytes at most; the price, only for an account signing out more than
// maxConsoleSignOuts times within a session's lifetime, is that its older
// sessions on other browsers end too. Expired entries are swept at every
// sign-out, and a record left empty is stored as "" (the store has no
// setting deletion), which reads as none.

const (
	// SettingConsoleSessionKey holds the key (hex, 32 bytes) that seals
	// the console's cookies.
	SettingConsoleSessionKey = "console_session_key"
	// settingConsoleSignOuts + account ID holds that account's record of
	// signed-out sessions (see consoleSignOuts).
	settingConsoleSignOuts = "console_signouts/"
	// ConsoleSessionKeySize is the size of the key ConsoleSessionKey returns.
	ConsoleSessionKeySize = 32
	// maxConsoleSignOuts bounds the sessions a record lists one by one.
	maxConsoleSignOuts = 64
	// consoleClockSkew is how long a sign-out is kept past its session's
	// expiry: replicas whose clocks lag the writer's still refuse it.
	consoleClockSkew = 10 * time.Minute
)

// reConsoleSessionID is the form of a console session ID: what the
// console makes (base64url), short enough to keep in a record.
var reConsoleSessionID = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// ConsoleSessionKey returns the key that seals the console's cookies,
// making and storing it when the store has none yet. It is for the
// console alone, never for an API answer. It returns Internal when there
// is no randomness or the key cannot be stored.
//
// Two replicas that make the first key at the same moment both store one;
// the later write wins everywhere, and sessions sealed with the other end
// (their people sign in again), once.
func (s *Service) ConsoleSessionKey(ctx context.Context) ([]byte, error) {
	if k, ok := s.CurrentConsoleSessionKey(); ok {
		return k, nil
	}
	var key []byte
	err := s.update(ctx, func(ch *change) error {
		if k, ok := consoleSessionKey(ch.m.Settings); ok {
			key = k
			return nil
		}
		k := make([]byte, ConsoleSessionKeySize)
		if _, err := io.ReadFull(s.rand, k); err != nil {
			return internal(err, "no randomness")
		}
		ch.putSetting(SettingConsoleSessionKey, hex.EncodeToString(k))
		key = k
		return nil
	})
	if err != nil {
		return nil, err
	}
	return key, nil
}

// CurrentConsoleSessionKey returns the key that seals the console's
// cookies, without making one: ok is false before the first sign-in.
func (s *Service) CurrentConsoleSessionKey() (key []byte, ok bool) {
	return consoleSessionKey(s.model().Settings)
}

func consoleSessionKey(settings map[string]string) ([]byte, bool) {
	k, err := hex.DecodeString(settings[SettingConsoleSessionKey])
	if err != nil || len(k) != ConsoleSessionKeySize {
		return nil, false
	}
	return k, true
}

// EndConsoleSession records that the console session sessionID of
// account, issued at issued, is signed out: ConsoleSessionEnded reports it
// on every replica until expires, when the session's cookie would have
// expired anyway (and a few minutes more, for replicas whose clocks lag
// the writer's). Ending a session already ended, or already expired,
// writes nothing. It also sweeps every account's expired entries. It
// returns Invalid for an account or session ID of the wrong form, and
// Internal when the record cannot be stored.
func (s *Service) EndConsoleSession(ctx context.Context, account, sessionID string, issued, expires time.Time) error {
	if account == "" || len(account) > 64 || strings.ContainsAny(account, " /\t\n") {
		return newErr(Invalid, "", ReasonInvalidPattern, "%q is not an account ID", account)
	}
	if !reConsoleSessionID.MatchString(sessionID) {
		return newErr(Invalid, "", ReasonInvalidPattern, "%q is not a console session ID", sessionID)
	}
	return s.update(ctx, func(ch *change) error {
		now := ch.now.Add(-consoleClockSkew).UnixMicro()
		updates := map[string]string{}
		for k, v := range ch.m.Settings {
			if !strings.HasPrefix(k, settingConsoleSignOuts) || v == "" {
				continue
			}
			rec := parseConsoleSignOuts(v)
			rec.sweep(now)
			if nv := rec.String(); nv != v {
				updates[k] = nv
			}
		}
		key := settingConsoleSignOuts + account
		rec := parseConsoleSignOuts(ch.m.Settings[key])
		rec.sweep(now)
		if expires.UnixMicro() > now && !rec.ended(sessionID, issued.UnixMicro()) {
			rec.add(consoleSignOut{id: sessionID, issued: issued.UnixMicro(), expires: expires.UnixMicro()})
		}
		if nv := rec.String(); nv != ch.m.Settings[key] {
			updates[key] = nv
		} else {
			delete(updates, key)
		}
		if len(updates) == 0 {
			return nil
		}
		settings := make(map[string]string, len(ch.m.Settings)+1)
		for k, v := range ch.m.Settings {
			settings[k] = v
		}
		for _, k := range slices.Sorted(maps.Keys(updates)) {
			v := updates[k]
			if v == "" {
				delete(settings, k)
			} else {
				settings[k] = v
			}
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutSetting(ctx, k, v) })
		}
		ch.m.Settings = settings
		return nil
	})
}

// ConsoleSessionEnded tells whether the console session sessionID of
// account, issued at issued, was signed out (see EndConsoleSession).
func (s *Service) ConsoleSessionEnded(account, sessionID string, issued time.Time) bool {
	v := s.model().Settings[settingConsoleSignOuts+account]
	if v == "" {
		return false
	}
	return endedIn(v, sessionID, issued.UnixMicro())
}

// endedIn is consoleSignOuts.ended on a record's text: every request asks,
// so the watermark is read from the record's head and the session looked
// for as a word, without parsing the whole record.
func endedIn(v, sessionID string, issued int64) bool {
	head := strings.SplitN(v, " ", 4)
	if len(head) < 3 || head[0] != "1" {
		return false
	}
	before, err1 := strconv.ParseInt(head[1], 10, 64)
	until, err2 := strconv.ParseInt(head[2], 10, 64)
	if err1 == nil && err2 == nil && until != 0 && issued <= before {
		return true
	}
	return reConsoleSessionID.MatchString(sessionID) && strings.Contains(v, " "+sessionID+".")
}

// consoleSignOuts is an account's record of signed-out console sessions:
// the sessions one by one, and a watermark (every session issued at or
// before before has ended; the watermark is kept until until). Times are
// Unix microseconds. Its text form is "1 BEFORE UNTIL" then " ID.ISSUED.EXPIRES"
// per session; "" is the empty record.
type consoleSignOuts struct {
	before, until int64
	sessions      []consoleSignOut
}

type consoleSignOut struct {
	id              string
	issued, expires int64
}

// parseConsoleSignOuts reads a record. gov writes them, so anything it
// cannot read is a record of another version: read as empty (the
// sessions it names then count as live until their expiry).
func parseConsoleSignOuts(v string) consoleSignOuts {
	f := strings.Fields(v)
	if len(f) < 3 || f[0] != "1" {
		return consoleSignOuts{}
	}
	var rec consoleSignOuts
	var err1, err2 error
	rec.before, err1 = strconv.ParseInt(f[1], 10, 64)
	rec.until, err2 = strconv.ParseInt(f[2], 10, 64)
	if err1 != nil || err2 != nil {
		return consoleSignOuts{}
	}
	for _, e := range f[3:] {
		parts := strings.Split(e, ".")
		if len(parts) != 3 || !reConsoleSessionID.MatchString(parts[0]) {
			return consoleSignOuts{}
		}
		issued, err1 := strconv.ParseInt(parts[1], 10, 64)
		expires, err2 := strconv.ParseInt(parts[2], 10, 64)
		if err1 != nil || err2 != nil {
			return consoleSignOuts{}
		}
		rec.sessions = append(rec.sessions, consoleSignOut{id: parts[0], issued: issued, expires: expires})
	}
	return rec
}

// String is the record's text form; "" when it says nothing.
func (r consoleSignOuts) String() string {
	if r.until == 0 && len(r.sessions) == 0 {
		return ""
	}
	var b bytes.Buffer
	b.WriteString("1 ")
	b.WriteString(strconv.FormatInt(r.before, 10))
	b.WriteByte(' ')
	b.WriteString(strconv.FormatInt(r.until, 10))
	for _, e := range r.sessions {
		b.WriteByte(' ')
		b.WriteString(e.id)
		b.WriteByte('.')
		b.WriteString(strconv.FormatInt(e.issued, 10))
		b.WriteByte('.')
		b.WriteString(strconv.FormatInt(e.expires, 10))
	}
	return b.String()
}

// ended tells whether the record ends the session id issued at issued.
func (r consoleSignOuts) ended(id string, issued int64) bool {
	if r.until != 0 && issued <= r.before {
		return true
	}
	for _, e := range r.sessions {
		if e.id == id {
			return true
		}
	}
	return false
}

// sweep drops what has expired at now, and the sessions the watermark
// covers for as long as they would last.
func (r *consoleSignOuts) sweep(now int64) {
	if r.until <= now {
		r.before, r.until = 0, 0
	}
	r.sessions = slices.DeleteFunc(r.sessions, func(e consoleSignOut) bool {
		return e.expires <= now || r.until != 0 && e.issued <= r.before && e.expires <= r.until
	})
}

// add lists a session, folding the oldest-issued ones into the watermark
// past maxConsoleSignOuts.
func (r *consoleSignOuts) add(e consoleSignOut) {
	r.sessions = append(r.sessions, e)
	for len(r.sessions) > maxConsoleSignOuts {
		oldest := 0
		for i, s := range r.sessions {
			if s.issued < r.sessions[oldest].issued {
				oldest = i
			}
		}
		o := r.sessions[oldest]
		r.before, r.until = max(r.before, o.issued), max(r.until, o.expires)
		r.sessions = slices.Delete(r.sessions, oldest, oldest+1)
		r.sessions = slices.DeleteFunc(r.sessions, func(s consoleSignOut) bool {
			return s.issued <= r.before && s.expires <= r.until
		})
	}
}
