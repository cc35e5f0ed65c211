package commands

import (
	"sync"
	"time"
)

// seenSet remembers the keys of requests handled recently, so that a
// platform's retries of one request (Slack resends an event it thinks
// went unanswered, with the same event_id) are done once. Keys are
// forgotten after ttl; the set holds at most limit keys, dropping the
// oldest first, so that a flood cannot grow it without bound.
type seenSet struct {
	mu    sync.Mutex
	ttl   time.Duration
	limit int
	at    map[string]time.Time
	order []seenKey // in the order recorded
}

type seenKey struct {
	key string
	at  time.Time
}

func newSeenSet(ttl time.Duration, limit int) *seenSet {
	return &seenSet{ttl: ttl, limit: limit, at: map[string]time.Time{}}
}

// first records key at now and reports whether it was not seen within ttl.
func (s *seenSet) first(key string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.order) > 0 && (now.Sub(s.order[0].at) >= s.ttl || len(s.at) >= s.limit) {
		old := s.order[0]
		s.order = s.order[1:]
		if s.at[old.key].Equal(old.at) {
			delete(s.at, old.key)
		}
	}
	if t, ok := s.at[key]; ok && now.Sub(t) < s.ttl {
		return false
	}
	s.at[key] = now
	s.order = append(s.order, seenKey{key, now})
	return true
}
