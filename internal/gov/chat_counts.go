package gov

import "github.com/chatgov/chatgov/internal/gov/snapshot"

// ChatConfigurationsByState counts the chat configurations of every
// account by state (StateEnabled, StateDisabled), for the server's
// metrics: counts only, which say nothing of any account. It returns no
// error; it reads the current state.
func (s *Service) ChatConfigurationsByState() map[string]int {
	counts := map[string]int{StateEnabled: 0, StateDisabled: 0}
	s.cur.Load().Chats.Range(func(_ string, ac *snapshot.AccountChats) bool {
		for _, st := range ac.States {
			if st.Enabled {
				counts[StateEnabled]++
			} else {
				counts[StateDisabled]++
			}
		}
		return true
	})
	return counts
}
