package gov

import (
	"context"
	"errors"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// The gateway's Slack threads: the first message of a notification thread
// in a channel, to which later notifications of the thread reply. They are
// in the store, so that every replica and a restarted server continue the
// same thread. These methods are chatgov's own, never served to callers.

// SlackThread is a Slack thread the gateway started: its key, the
// timestamp of its first message, and when it started.
type SlackThread = store.SlackThread

// SlackThread returns the thread recorded under key, and false when none
// is. It returns Internal when the store fails.
func (s *Service) SlackThread(ctx context.Context, key string) (SlackThread, bool, error) {
	t, err := s.st.SlackThread(ctx, key)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return SlackThread{}, false, nil
	case err != nil:
		return SlackThread{}, false, internal(err, "reading slack thread %s", key)
	}
	return t, true, nil
}

// StartSlackThread records that the message ts started the thread key,
// now, unless a thread is recorded under key already, and returns the
// thread recorded: this one, or the one that was there first (another
// replica's, which later notifications then reply to). It returns
// Internal when the store fails.
func (s *Service) StartSlackThread(ctx context.Context, key, ts string) (SlackThread, error) {
	t, err := s.st.StartSlackThread(ctx, store.SlackThread{Key: key, TS: ts, StartedAt: s.now().UTC()})
	if err != nil {
		return SlackThread{}, internal(err, "recording slack thread %s", key)
	}
	return t, nil
}

// PruneSlackThreads deletes up to limit threads started more than
// retention ago, and returns how many. It returns Internal when the store
// fails.
func (s *Service) PruneSlackThreads(ctx context.Context, retention time.Duration, limit int) (int, error) {
	n, err := s.st.PruneSlackThreads(ctx, s.now().UTC().Add(-retention), limit)
	if err != nil {
		return n, internal(err, "pruning slack threads")
	}
	return n, nil
}
