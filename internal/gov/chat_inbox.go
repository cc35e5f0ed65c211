package gov

import (
	"context"
	"errors"
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// The gateway's side of the chat command inbox: a command typed in chat is
// stored under the platform's retry key before the platform is answered,
// and a worker claims stored commands, decides them, runs them and replies.
// These methods are chatgov's own, never served to callers.

// InboxCommand is a stored chat command, as the gateway reads it.
type InboxCommand = store.InboxCommand

// Stages of an inbox command (see store.InboxAccepted and the others).
const (
	InboxAccepted  = store.InboxAccepted
	InboxExecuting = store.InboxExecuting
	InboxReplying  = store.InboxReplying
	InboxDone      = store.InboxDone
)

// AcceptChatCommand stores a command under key, due at once, in one
// write. It returns false (and no error) when key is stored already: the
// request is a platform's retry of one accepted before, restarts
// included. It returns Internal when the store fails.
func (s *Service) AcceptChatCommand(ctx context.Context, key, kind, payload string) (bool, error) {
	now := s.now().UTC()
	err := s.st.AcceptCommand(ctx, store.InboxCommand{Key: key, Kind: kind, Payload: payload, NextAttemptAt: now, CreatedAt: now})
	switch {
	case errors.Is(err, store.ErrConflict):
		return false, nil
	case err != nil:
		return false, internal(err, "storing chat command %s", key)
	}
	return true, nil
}

// ClaimChatCommands claims up to limit stored commands that are due, each
// held until lease ends (when a process dies holding one, a claim takes it
// again then). Attempts above 1 mark a command resumed. It returns
// Internal when the store fails.
func (s *Service) ClaimChatCommands(ctx context.Context, limit int, lease time.Duration) ([]InboxCommand, error) {
	now := s.now().UTC()
	cs, err := s.st.ClaimCommands(ctx, now, now.Add(lease), limit)
	if err != nil {
		return nil, internal(err, "claiming chat commands")
	}
	return cs, nil
}

// AdvanceChatCommand records a claimed command's stage and reply. It
// returns Internal when the store fails or the command is gone.
func (s *Service) AdvanceChatCommand(ctx context.Context, key, stage, reply string) error {
	if err := s.st.AdvanceCommand(ctx, key, stage, reply, s.now().UTC()); err != nil {
		return internal(err, "recording chat command %s", key)
	}
	return nil
}

// ReleaseChatCommand gives a claimed command back, due at once (a worker
// that stops). It returns Internal when the store fails.
func (s *Service) ReleaseChatCommand(ctx context.Context, key string) error {
	if err := s.st.ReleaseCommand(ctx, key, s.now().UTC()); err != nil && !errors.Is(err, store.ErrNotFound) {
		return internal(err, "releasing chat command %s", key)
	}
	return nil
}

// PruneChatCommands deletes up to limit commands done more than retention
// ago, and returns how many. It returns Internal when the store fails.
func (s *Service) PruneChatCommands(ctx context.Context, retention time.Duration, limit int) (int, error) {
	n, err := s.st.PruneCommands(ctx, s.now().UTC().Add(-retention), limit)
	if err != nil {
		return n, internal(err, "pruning chat commands")
	}
	return n, nil
}
