package bench

import "sync"

// sync32 is a set of numbers workers add to.
type sync32 struct {
	mu sync.Mutex
	m  map[uint32]bool
}

func (s *sync32) add(v uint32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[uint32]bool{}
	}
	s.m[v] = true
}

func (s *sync32) distinct() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}
